from __future__ import annotations

import ast
from typing import Optional

import libcst as cst

from loglint.prefilter import ORM
from loglint.rules.orm.base import OrmLoopRule
from loglint.semantics.models import GENERIC_RELATION, M2M, REVERSE_FK, REVERSE_M2M, ModelIndex, ModelInfo
from loglint.semantics.querysets import HIGH

_MANAGERS = frozenset({M2M, REVERSE_FK, REVERSE_M2M, GENERIC_RELATION})
# Manager methods that query (or build a queryset that is evaluated): writes (`add`, `create`, ...) are
# not this rule's.
_QUERYING = frozenset(
    {
        "all", "filter", "exclude", "count", "exists", "first", "last", "order_by", "values", "values_list",
        "get", "aggregate", "annotate", "iterator", "latest", "earliest", "distinct", "in_bulk",
        "select_related", "prefetch_related", "only", "defer", "reverse", "alias",
    }
)
# On a prefetched manager these read the cache: `all()` (any number of times), then at most a final
# `count()` / `exists()`.
_CACHED_LAST = frozenset({"count", "exists"})


class NplusoneRelatedManager(OrmLoopRule):
    """## What it does
    Checks for a reverse foreign key or many-to-many manager used on each row of a queryset loop
    (`book.tags.all()`, iterating it, `.count()`, `.exists()`, `.filter(...)`) when the queryset does not
    prefetch it, and for calls chained past a prefetch (`.filter()`, `.order_by()`, `.values_list()`,
    `.first()`/`.last()` on a model without `Meta.ordering`), which query again anyway.

    ## Why is this bad?
    A related manager runs a query each time it is evaluated: one per row of the loop.
    `prefetch_related("tags")` loads every row's tags in one extra query, after which `.all()`,
    `.count()` and `.exists()` read the cache. A filter or ordering on the manager bypasses that cache:
    filter in Python, or prefetch with `Prefetch("tags", queryset=..., to_attr=...)`. For counts,
    `annotate(n=Count("tags"))` counts in the main query.

    ## Example
    ```python
    from django.db import models


    class Tag(models.Model):
        label = models.CharField(max_length=20)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        tags = models.ManyToManyField(Tag)


    def labels():
        return {book.title: [tag.label for tag in book.tags.all()] for book in Book.objects.all()}
    ```

    ## Use instead
    ```python
    from django.db import models


    class Tag(models.Model):
        label = models.CharField(max_length=20)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        tags = models.ManyToManyField(Tag)


    def labels():
        books = Book.objects.prefetch_related("tags")
        return {book.title: [tag.label for tag in book.tags.all()] for book in books}
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only direct chains and locals bound once; "medium" (the
      default) also `self.get_queryset()`, class attributes, re-bound locals, the related managers
      of `self` and the project's summarised managers, queryset methods and helpers.

    ## Known limitations
    The project's managers, queryset methods and helpers are read one level deep (medium confidence);
    querysets from library managers, deeper summaries, parameters and `list(qs)` are not followed, so
    loops over them are not checked; a manager passed to a function or read without a call
    (`book.tags`) is not flagged. `.first()`/`.last()` past a prefetch are flagged only when the target
    model and its abstract bases are in the project and none declares `Meta.ordering`. Test files and
    migrations are skipped.
    """

    code = "LL702"
    name = "nplusone-related-manager"
    message = "related manager queried once per row"
    candidates = frozenset({ORM})

    def __init__(self, context) -> None:
        super().__init__(context)
        self._inner: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if not self._rows or id(node) in self._inner:
            return
        methods: list[str] = []
        current: cst.BaseExpression = node
        while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
            methods.append(current.func.attr.value)
            if current is not node:
                self._inner.add(id(current))
            current = current.func.value
        methods.reverse()
        if not methods or not isinstance(current, cst.Attribute) or methods[0] not in _QUERYING:
            return
        manager = current
        row = self.row(manager.value)
        if row is None or row.loaded is None:
            return
        attr = manager.attr.value
        relation = self.index.relation(row.loaded.model, attr)
        if relation is None or relation.kind not in _MANAGERS or attr in row.assigned:
            return
        prefetched = attr in row.loaded.prefetched
        variable = manager.value.value  # type: ignore[attr-defined]
        if prefetched:
            if _reads_cache(methods):
                return
            plain = all(m == "all" for m in methods[:-1])
            if methods[-1] in ("first", "last") and plain:
                target = self.index.by_label(relation.target) if relation.target else None
                if target is None or _ordered(self.index, target) is not False:
                    return
                message = (
                    f"`{variable}.{attr}.{methods[-1]}()` orders by the primary key and queries again on each row "
                    f'although "{attr}" is prefetched: take the row from `{variable}.{attr}.all()` in Python'
                )
            else:
                message = (
                    f"`{variable}.{attr}.{'().'.join(methods)}()` queries again on each row although "
                    f'"{attr}" is prefetched: filter the prefetched rows in Python, or use '
                    f'Prefetch("{attr}", queryset=..., to_attr=...)'
                )
        elif methods[-1] in ("count", "exists") and all(m == "all" for m in methods[:-1]) and relation.kind != GENERIC_RELATION:
            lookup = relation.related_query_name if relation.kind in (REVERSE_FK, REVERSE_M2M) else attr
            lookup = lookup or attr
            message = (
                f"`{variable}.{attr}.{methods[-1]}()` runs a query per row of the {row.loaded.model.name} loop: "
                f'add annotate(n=Count("{lookup}")) (or prefetch_related("{attr}")) to the queryset'
            )
        else:
            to_attr = next((a for lookup, a in sorted(row.loaded.to_attr_of) if lookup == attr), None)
            if to_attr is not None:
                message = (
                    f"`{variable}.{attr}` runs a query per row of the {row.loaded.model.name} loop: the "
                    f'Prefetch("{attr}", to_attr="{to_attr}") is read as `{variable}.{to_attr}`'
                )
            elif _reads_cache(methods):
                message = (
                    f"`{variable}.{attr}` runs a query per row of the {row.loaded.model.name} loop: "
                    f'add prefetch_related("{attr}") to the queryset'
                )
            else:
                message = (
                    f"`{variable}.{attr}.{'().'.join(methods)}()` runs a query per row of the "
                    f"{row.loaded.model.name} loop (a prefetch would not serve it): query the related rows "
                    f'once outside the loop, or prefetch_related("{attr}") and work on `{variable}.{attr}.all()`'
                )
        if not self.confident(row.loaded.confidence) or not self.once(row, (attr, tuple(methods))):
            return
        if row.loaded.confidence != HIGH:
            message += " (medium confidence)"
        self.report(node, message)


def _reads_cache(methods: list[str]) -> bool:
    body = methods[:-1] if methods[-1] in _CACHED_LAST else methods
    return all(m == "all" for m in body) and (methods[-1] in _CACHED_LAST or methods[-1] == "all")


def _ordered(index: ModelIndex, model: ModelInfo) -> Optional[bool]:
    """Whether the model declares `Meta.ordering` (itself or an abstract base); None when unknown."""
    if model.parents:
        return None
    for qualified in (model.qualified_name, *model.abstract_bases):
        found = index.class_def(qualified)
        if found is None:
            return None
        for stmt in found[1].body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                for item in stmt.body:
                    if isinstance(item, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ordering" for t in item.targets):
                        return True
                if any(isinstance(b, ast.Attribute) or isinstance(b, ast.Name) for b in stmt.bases):
                    return None  # Meta inherits options from elsewhere
    return False
