from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import ORM
from loglint.rules.orm.loops import EVALUATING, Loop, QueryLoopRule, AssignedNames
from loglint.semantics.querysets import HIGH, MEDIUM, Source

# Queryset methods that run a query each time they are called.
ALWAYS = frozenset({"get", "aggregate", "get_or_create", "update_or_create", "earliest", "latest", "in_bulk"})
# ... and those that read the result cache of a queryset already evaluated (`first`/`last` when ordered).
CACHED = frozenset({"first", "last", "count", "exists"})
QUERY_METHODS = ALWAYS | CACHED

_ADVICE = {
    "count": "annotate the loop's queryset instead (`annotate(n=Count(...))`, or a `Subquery`)",
    "exists": "annotate the loop's queryset with `Exists(...)`, or fetch the matching ids once before the loop into a set",
    "aggregate": "annotate the loop's queryset instead (`annotate(...)`, or a `Subquery`)",
    "get_or_create": "fetch the existing rows once before the loop into a dict keyed by the lookup, then `bulk_create` the missing ones",
    "update_or_create": "fetch the existing rows once before the loop into a dict keyed by the lookup, then `bulk_update`/`bulk_create`",
    "refresh_from_db": "reload the rows with one query (`in_bulk(ids)`, or run the queryset again) instead",
    "rows": 'fetch the {model} rows once before the loop and group them by key, or prefetch them with the loop\'s queryset (`Prefetch("...", queryset=...)`)',
}
_FETCH = "fetch the {model} rows once before the loop (`in_bulk()`, or a dict keyed by id), or join them into the loop's queryset (`select_related`, `Subquery`)"


class QueryInLoop(QueryLoopRule):
    """## What it does
    Checks for a query evaluated inside the body of a loop over a queryset: `Model.objects.get()`,
    `.first()`, `.last()`, `.count()`, `.exists()`, `.aggregate()`, `.get_or_create()`,
    `.update_or_create()` (and `earliest`/`latest`/`in_bulk`), `list(qs)` (`len`, `sorted`, ...),
    iterating a queryset in a nested loop, and `instance.refresh_from_db()`.

    Querysets are recognised by meaning: a model of the project (imported, a class of the file,
    `get_model()`) and any of its managers (custom ones too), the lazy chain after it (and, at medium
    confidence, methods of the manager's own project queryset/manager class whose every `return` is a
    chain on `self`), locals bound to one, related managers of known instances and a view's
    `self.get_queryset()`. The loop iterates a
    queryset (or `list(qs)`/`sorted(qs)` of one, `values()` rows included).

    ## Why is this bad?
    The body runs once per row: a query in it runs once per row too, so a page of 100 rows makes 101
    queries. Fetch what the loop needs once before it (`in_bulk()`, a dict keyed by id), or let the
    loop's queryset carry it (`annotate(n=Count(...))`, `Subquery`/`Exists`, `Prefetch(queryset=...)`).
    A query that does not depend on the row is still run on every iteration: evaluate it once before
    the loop.

    ## Example
    ```python
    from django.db import models


    class Book(models.Model):
        title = models.CharField(max_length=50)


    class Review(models.Model):
        book = models.ForeignKey(Book, on_delete=models.CASCADE)


    def review_counts():
        return {book.title: Review.objects.filter(book=book).count() for book in Book.objects.all()}
    ```

    ## Use instead
    ```python
    from django.db import models
    from django.db.models import Count


    class Book(models.Model):
        title = models.CharField(max_length=50)


    class Review(models.Model):
        book = models.ForeignKey(Book, on_delete=models.CASCADE)


    def review_counts():
        return {book.title: book.n for book in Book.objects.annotate(n=Count("review"))}
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only loops and queries resolved from direct chains and locals
      bound once; "medium" (the default) also re-bound locals, `self.get_queryset()` and class
      attributes.

    ## Known limitations
    `filter()`, `exclude()` and `|` alone are lazy and not reported. Loops over anything but a queryset
    (a `range()`, a list, a parameter) are not checked, nor queries in nested functions. A queryset bound
    before the loop and only iterated, counted or tested in it is served from its cache after the first
    row and is not reported; nor is a query under an `if` whose test reads a name its body assigns (a
    value memoised per key: `if row.event_id != last: last = row.event_id; ...`), nor a
    `select_for_update()` query (a row locked on purpose, usually one transaction per row). Related managers of the loop row are LL702's (`row.tags.count()`);
    `update()`/`delete()` on querysets and writes are not reported here (see LL705). Test files and
    migrations are skipped.
    """

    code = "LL703"
    name = "query-in-loop"
    message = "query evaluated on each row of a queryset loop"
    candidates = frozenset({ORM})

    def __init__(self, context) -> None:
        super().__init__(context)
        self._ifs: list[tuple[cst.If, int]] = []

    # -- calls ---------------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if not self._loops:
            return
        loop = self.queryset_loop()
        if loop is None:
            return
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in QUERY_METHODS:
                self._query(node, func.value, method, loop)
            elif method == "refresh_from_db":
                self._refresh(node, func.value, loop)
        elif len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
            name = self._builtin(func, EVALUATING)
            if name is not None:
                self._query(node, node.args[0].value, "rows", loop, evaluated_by=name)

    def visit_For(self, node: cst.For) -> None:
        super().visit_For(node)
        if len(self._loops) > 1:
            self._iteration(node.iter)

    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        super().visit_CompFor_iter(node)
        self._iteration(node.iter)

    def _iteration(self, iterable: cst.BaseExpression) -> None:
        loop = self.queryset_loop()
        if loop is None:
            return
        inner = iterable
        while isinstance(inner, cst.Call) and self._builtin(inner.func, frozenset({"enumerate", "reversed"})) and inner.args:
            inner = inner.args[0].value
        self._query(iterable, inner, "rows", loop, evaluated_by="for")

    # -- checks --------------------------------------------------------------------------------------

    def _query(self, node: cst.CSTNode, receiver: cst.BaseExpression, method: str, loop: Loop, evaluated_by: str = "") -> None:
        if self.is_row_manager(receiver):
            return  # the row's related manager: LL702
        repeating = self.repeating()
        bound = self.bound_in_loops(repeating)
        if isinstance(receiver, cst.Name) and receiver.value not in bound and method not in ALWAYS:
            return  # bound before the loop: evaluated once, then read from its result cache
        source = self.resolver().source(receiver)
        if source is None or (source.manager and method == "rows"):
            return  # unknown, or a manager (not iterable)
        if source.locked:
            return  # `select_for_update()`: a row locked on purpose, one transaction per row
        self._report(node, method, source, loop, bound, receiver, evaluated_by)

    def _refresh(self, node: cst.Call, receiver: cst.BaseExpression, loop: Loop) -> None:
        row = self.row_loop(receiver)
        if row is not None and row.source is not None:
            source: Optional[Source] = row.source
        else:
            found = self.resolver().instance(receiver)
            source = Source(found[0], found[1].confidence if found[1] is not None else HIGH) if found is not None else None
        if source is None:
            return
        self._report(node, "refresh_from_db", source, loop, self.bound_in_loops(self.repeating()), receiver, "")

    def visit_If(self, node: cst.If) -> None:
        if self._loops:
            self._ifs.append((node, len(self._loops)))

    def leave_If(self, original_node: cst.If) -> None:
        if self._ifs and self._ifs[-1][0] is original_node:
            self._ifs.pop()

    def _memoised(self, loop: Loop) -> bool:
        """Inside an `if` of the loop whose test reads a name its body assigns (`if key != last: last =
        key; ...`, `if cache is None: cache = ...`): the query runs when the value changes, not per row."""
        position = next((i for i, candidate in enumerate(self._loops) if candidate is loop), len(self._loops))
        for node, depth in self._ifs:
            if depth <= position:
                continue
            finder = AssignedNames()
            node.body.visit(finder)
            if _names(node.test) & finder.names:
                return True
        return False

    def _report(self, node: cst.CSTNode, method: str, source: Source, loop: Loop, bound: set[str], expr: cst.BaseExpression, evaluated_by: str) -> None:
        assert loop.source is not None
        if self._memoised(loop) or self.leaves_after(loop):
            return
        confidence = HIGH if source.confidence == HIGH and loop.source.confidence == HIGH else MEDIUM
        if not self.confident(confidence):
            return
        model = source.model.name
        if method == "rows":
            what = f"iterating a {model} queryset" if evaluated_by == "for" else f"`{evaluated_by}()` of a {model} queryset"
        elif method == "refresh_from_db":
            what = f"`refresh_from_db()` of a {model}"
        else:
            what = f"`.{method}()` on a {model} queryset"
        if not _names(node) & bound:
            advice = ": it does not depend on the row, evaluate it once before the loop"
        else:
            advice = ": " + _ADVICE.get(method, _FETCH).replace("{model}", model)
        message = f"{what} runs a query on each row of the {loop.source.model.name} loop{advice}"
        if confidence != HIGH:
            message += " (medium confidence)"
        self.report(node, message)


def _names(node: cst.CSTNode) -> set[str]:
    names: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            names.add(name.value)

    node.visit(Finder())
    return names
