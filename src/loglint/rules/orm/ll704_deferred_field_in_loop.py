from __future__ import annotations

import libcst as cst

from loglint.prefilter import ORM
from loglint.rules.orm.base import OrmLoopRule
from loglint.semantics.models import FK, O2O
from loglint.semantics.querysets import HIGH, deferred_field


class DeferredFieldInLoop(OrmLoopRule):
    """## What it does
    Checks for a field left out by `only()` or `defer()` and then read on each row of the queryset
    loop: `Book.objects.only("title")` then `book.isbn`, `.defer("isbn")` then `book.isbn`, and the
    foreign key column that `only()` hides (`Book.objects.only("title")` then `book.author`, or
    `book.author_id`).

    `only()`/`defer()` are applied in order as Django does (`only()` after `defer()` loads what the
    `defer()` left, a later `only()` replaces an earlier one, `defer(None)` clears), through the same
    chains, locals, class-based views and project manager/queryset summaries as the other LL7 rules.

    ## Why is this bad?
    A deferred field is loaded by a query of its own the first time it is read, once per row: the
    `only()` meant to save a few bytes per row costs a round trip per row. A foreign key whose column
    `only()` left out costs two: one for the column, one for the related object.

    ## Example
    ```python
    from django.db import models


    class Book(models.Model):
        title = models.CharField(max_length=50)
        isbn = models.CharField(max_length=20)


    def labels():
        return [f"{book.title} ({book.isbn})" for book in Book.objects.only("title")]
    ```

    ## Use instead
    ```python
    from django.db import models


    class Book(models.Model):
        title = models.CharField(max_length=50)
        isbn = models.CharField(max_length=20)


    def labels():
        return [f"{book.title} ({book.isbn})" for book in Book.objects.only("title", "isbn")]
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only direct chains and locals bound once; "medium" (the
      default) also querysets from `self.get_queryset()`, class attributes, re-bound locals and the
      project's manager/queryset methods and helpers.

    ## Known limitations
    Only fields read on the row itself are checked (`book.author.bio` after `only("author__name")` is
    not). `only()`/`defer()` with names that are not string literals, a field assigned anywhere in the
    loop, `values()` rows and `fetch_mode(FETCH_PEERS)` querysets are not flagged. Test files and
    migrations are skipped.
    """

    code = "LL704"
    name = "deferred-field-in-loop"
    message = "deferred field loaded once per row"
    candidates = frozenset({ORM})

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self._rows or not isinstance(node.value, cst.Name):
            return
        row = self.row(node.value)
        if row is None or row.loaded is None or not row.loaded.deferred:
            return
        attr = node.attr.value
        if attr in row.assigned:
            return
        field = deferred_field(self.index, row.loaded, attr)
        if field is None or not self.confident(row.loaded.confidence) or not self.once(row, ("deferred", field)):
            return
        relation = self.index.relation(row.loaded.model, field)
        variable, model = node.value.value, row.loaded.model.name
        how = "only()" if not row.loaded.load_defer else "defer()"
        if relation is not None and relation.kind in (FK, O2O) and attr == field:
            message = (
                f"`{variable}.{attr}` loads the `{field}` column, which {how} left out, and then the related "
                f"object: two queries per row of the {model} loop: add \"{field}\" to only() and "
                f'select_related("{field}")'
            )
        elif attr != field:
            message = (
                f"`{variable}.{attr}` loads the `{field}` column, which {how} left out, with a query per row of "
                f'the {model} loop: add "{field}" to only()'
            )
        elif row.loaded.load_defer:
            message = (
                f"`{variable}.{attr}` loads the deferred field `{field}` with a query per row of the {model} "
                f'loop: remove "{field}" from defer()'
            )
        else:
            message = (
                f"`{variable}.{attr}` loads the field `{field}`, which only() left out, with a query per row "
                f'of the {model} loop: add "{field}" to only()'
            )
        if row.loaded.confidence != HIGH:
            message += " (medium confidence)"
        self.report(node, message)
