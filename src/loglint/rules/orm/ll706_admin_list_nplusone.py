from __future__ import annotations

import re

import libcst as cst

from loglint.prefilter import ADMIN
from loglint.rules.orm.base import OrmRule
from loglint.semantics.admin import CACHED_METHODS, Changelist, Read, changelist, registrations
from loglint.semantics.querysets import HIGH, MEDIUM

_ADMIN_TEXT = re.compile(rb"\bregister\(")


class AdminListNplusone(OrmRule):
    """## What it does
    Checks the changelist of every `ModelAdmin` the file registers (`@admin.register(Model)`,
    `admin.site.register(Model, Admin)`, a project `AdminSite`'s `register`, or a model registered alone)
    for relations read on each row that the changelist's queryset does not load:

    - a method or function column reading `obj.fk` (`obj.writer.name`), or a reverse FK / M2M manager
      (`obj.tags.all()`, `.count()`);
    - a model property or method column that reads `self.fk`;
    - a nullable FK column (Django joins list_display FKs with a no-argument `select_related()`, which
      skips nullable ones), and an FK column whose target's `__str__` reads a relation;
    - a `"fk__field"` lookup column (Django >= 5.1: it is not a field, so nothing is joined for it);
    - the model's `__str__`, rendered on every row: in each row's action checkbox label (Django >= 5.0,
      whenever the admin has actions, as by default) and as the default `list_display = ("__str__",)`.

    What the changelist loads is read as Django does it: a `get_queryset` override with
    `select_related` replaces everything else; `list_select_related = True` is `select_related()` (non-null
    FKs only); a tuple is `select_related(*tuple)`, and then the automatic join of FK columns is gone;
    `False` (the default) joins non-null FKs when a `list_display` name is an FK field.

    ## Why is this bad?
    The changelist shows 100 rows per page: a column reading a relation that was not joined runs 100
    more queries on every page view. `list_select_related` (or `prefetch_related` in `get_queryset` for
    managers) loads them with the page.

    ## Example
    ```python
    from django.contrib import admin
    from django.db import models


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    @admin.register(Book)
    class BookAdmin(admin.ModelAdmin):
        list_display = ["title", "author_name"]

        def author_name(self, obj):
            return obj.author.name
    ```

    ## Use instead
    ```python
    from django.contrib import admin
    from django.db import models


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    @admin.register(Book)
    class BookAdmin(admin.ModelAdmin):
        list_display = ["title", "author_name"]
        list_select_related = ("author",)

        def author_name(self, obj):
            return obj.author.name
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only FK and lookup columns; "medium" (the default) also
      columns read through method, property and `__str__` summaries.

    ## Known limitations
    Not flagged (so as never to guess): admins deriving from a project class of another module that sets
    `list_display`, `list_select_related`, `get_queryset`, `actions` or similar; `get_list_display`,
    `get_list_select_related` and `get_changelist` overrides; `get_queryset` overrides that are not a
    chain on `super().get_queryset(request)`; default managers that select by themselves; columns that
    call helpers with the row, pass a relation to `format_html`/`str()` (the target's `__str__` is not
    followed there), or read a GenericForeignKey; `list_editable` FK widgets; actions removed by
    `AdminSite.disable_action`; default managers of project classes whose querysets select anywhere.
    The rule follows Django >= 5.1: on Django 4.2 the action checkbox does not render `str(obj)`, and
    on 5.0 a `"fk__field"` column is not a lookup, so those findings do not apply there. Test files and
    migrations are skipped.
    """

    code = "LL706"
    name = "admin-list-nplusone"
    message = "admin changelist runs a query per row"
    candidates = frozenset({ADMIN})

    def visit_Module(self, node: cst.Module) -> None:
        source = self.context.source
        if source is not None and not _ADMIN_TEXT.search(source):
            return  # no registration: the project's model index is not needed
        if not self._applies():
            return
        index = self.index
        minimum = self.min_confidence()
        reported: set[int] = set()
        for registration in registrations(self.context, index):
            found = changelist(self.context, index, registration)
            if found is None or id(found.report_at) in reported:
                continue
            uncovered = [r for r in found.uncovered if minimum == MEDIUM or r.confidence == HIGH]
            if not uncovered:
                continue
            reported.add(id(found.report_at))
            self.report(found.report_at, _message(found, uncovered))


def _message(found: Changelist, uncovered: list[Read]) -> str:
    singles: list[str] = []
    managers: list[str] = []
    columns: dict[str, list[Read]] = {}
    for read in sorted(uncovered, key=lambda r: r.confidence != HIGH):  # the surest columns first
        bucket = managers if read.manager else singles
        if read.path not in bucket:
            bucket.append(read.path)
            columns.setdefault(read.column, []).append(read)
    described = [_describe(column, reads) for column, reads in list(columns.items())[:3]]
    fixes: list[str] = []
    if singles:
        paths = _minimal(singles)
        if found.get_queryset:
            fixes.append(f"add select_related({_args(paths)}) to get_queryset")
        else:
            keep = _minimal([*found.tuple_paths, *sorted(found.auto_paths), *paths])
            fixes.append(f"add list_select_related = {_tuple(keep)}")
    prefetch = [r.path for r in uncovered if r.manager and r.method in CACHED_METHODS]
    if prefetch:
        fixes.append(f"prefetch_related({_args(_minimal(prefetch))}) in get_queryset")
    if any(r.manager and r.method not in CACHED_METHODS for r in uncovered):
        fixes.append("an annotation in get_queryset for what the manager computes")
    more = len(columns) - len(described)
    extra = f" (and {more} more columns)" if more > 0 else ""
    confidence = HIGH if any(r.confidence == HIGH for r in uncovered) else MEDIUM
    text = f"{found.model.name} changelist runs a query per row: {'; '.join(described)}{extra}: {' and '.join(fixes)}"
    return text if confidence == HIGH else f"{text} (medium confidence)"


def _describe(column: str, reads: list[Read]) -> str:
    shown: list[str] = []
    for read in reads:
        relation = read.path.replace("__", ".")
        if read.manager:
            extra = "" if read.method in CACHED_METHODS else " (a new query even when prefetched)"
            shown.append(f"`obj.{relation}.{read.method}()`{extra}")
        else:
            shown.append(f"`obj.{relation}`")
    via = reads[0].via
    if column == "action_checkbox":
        return f"each row's action checkbox renders {via}, which reads {' and '.join(shown)}"
    if via.endswith(".__str__`"):
        return f"column `{column}` renders {via}, which reads {' and '.join(shown)}"
    return f"column `{column}` reads {' and '.join(shown)}"


def _minimal(paths: list[str]) -> list[str]:
    unique = list(dict.fromkeys(paths))
    return [p for p in unique if not any(other != p and other.startswith(p + "__") for other in unique)]


def _args(paths: list[str]) -> str:
    return ", ".join(f'"{p}"' for p in paths)


def _tuple(paths: list[str]) -> str:
    return f"({_args(paths)},)" if len(paths) == 1 else f"({_args(paths)})"
