from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import ORM
from loglint.rules.orm.loops import Loop, QueryLoopRule
from loglint.semantics.models import FK, O2O, ModelInfo
from loglint.semantics.querysets import HIGH


class WriteInLoop(QueryLoopRule):
    """## What it does
    Checks for writes repeated once per row or item of a loop that a bulk operation does in one query:
    `row.save()` after plain field assignments to the row (→ `bulk_update`), `Model.objects.create()`
    per item (→ `bulk_create`) and `row.delete()` per row (→ one queryset `delete()`).

    `save()` and `delete()` are checked on the rows of a loop over a queryset of a project model;
    `create()` in any loop except one over a `range()` or a literal. Models that override `save` (for
    `save()` and `create()`) or `delete` anywhere among their own or their project bases are never
    reported, nor models with a library base whose methods are not known.

    ## Why is this bad?
    Each write is one query (and a round trip) per row. `Model.objects.bulk_update(rows, ["field"])`,
    `Model.objects.bulk_create(objs)` and `queryset.delete()` write every row in one query (or a few
    batches). They skip `save()`/`delete()` overrides and, for bulk_create/bulk_update, the
    `pre_save`/`post_save` signals: which is why the rule is opt-in.

    ## Example
    ```python
    from django.db import models


    class Book(models.Model):
        title = models.CharField(max_length=50)
        isbn = models.CharField(max_length=20)


    def clear_isbns():
        for book in Book.objects.all():
            book.isbn = ""
            book.save()
    ```

    ## Use instead
    ```python
    from django.db import models


    class Book(models.Model):
        title = models.CharField(max_length=50)
        isbn = models.CharField(max_length=20)


    def clear_isbns():
        books = list(Book.objects.all())
        for book in books:
            book.isbn = ""
        Book.objects.bulk_update(books, ["isbn"])
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only loops over direct chains and locals bound once.

    ## Known limitations
    `save()` is reported only after assignments to fields the model index knows (plain fields, forward
    relations and their `_id` columns; only Django's own field classes, and not file fields, whose
    `pre_save()` stores the file), with no
    argument but `update_fields`. Signals receivers are not
    looked for: a project whose `post_save` receivers matter should keep the loop (or not select the
    rule). Writes through related managers (`row.tags.add()`), queryset `update()` per row and loops
    over parameters (for `save()`/`delete()`) are not checked. Multi-table children are not reported for
    `create()` (bulk_create does not support them). Test files and migrations are skipped.
    """

    code = "LL705"
    name = "write-in-loop"
    message = "write repeated on each row of a loop"
    default = False
    candidates = frozenset({ORM})

    def __init__(self, context) -> None:
        super().__init__(context)
        # (loop node id, variable) -> the attributes assigned so far in the loop body, None: not a field
        self._assigned: dict[tuple[int, str], Optional[set[str]]] = {}

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._store(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._store(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._store(node.target)

    def _store(self, target: cst.BaseExpression) -> None:
        if not self._loops or not isinstance(target, cst.Attribute):
            return
        loop = self.row_loop(target.value)
        if loop is None or loop.source is None:
            return
        key = (id(loop.node), target.value.value)  # type: ignore[attr-defined]
        fields = self._assigned.setdefault(key, set())
        if fields is None:
            return
        attr = target.attr.value
        if _writable(self.index, loop.source.model, attr):
            fields.add(attr)
        else:
            self._assigned[key] = None  # a property or a manager: bulk_update would not write it

    def visit_Call(self, node: cst.Call) -> None:
        if not self._loops or not isinstance(node.func, cst.Attribute):
            return
        method = node.func.attr.value
        receiver = node.func.value
        if method == "save":
            self._save(node, receiver)
        elif method == "delete" and not node.args:
            self._delete(node, receiver)
        elif method == "create":
            self._create(node, receiver)

    def _save(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        loop = self.row_loop(receiver)
        if loop is None or loop.source is None:
            return
        if any(arg.keyword is None or arg.keyword.value != "update_fields" for arg in node.args):
            return
        fields = self._assigned.get((id(loop.node), receiver.value))  # type: ignore[attr-defined]
        if not fields or not any(self.index.field(loop.source.model, f) is not None for f in fields):
            return
        model = loop.source.model
        if self.index.overrides(model, "save") is not False:
            return
        if self.leaves_after(loop):
            return
        names = ", ".join(f'"{f}"' for f in sorted(fields))
        message = (
            f"`{receiver.value}.save()` writes one {model.name} per row of the loop: collect the rows and "  # type: ignore[attr-defined]
            f"call `{model.name}.objects.bulk_update(rows, [{names}])` after it (or a queryset `update()`)"
        )
        self._report(node, message, loop.source.confidence)

    def _delete(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        loop = self.row_loop(receiver)
        if loop is None or loop.source is None:
            return
        model = loop.source.model
        if self.leaves_after(loop) or self.index.overrides(model, "delete") is not False:
            return
        message = (
            f"`{receiver.value}.delete()` deletes one {model.name} per row of the loop: delete them with one "  # type: ignore[attr-defined]
            f"queryset `delete()` (`{model.name}.objects.filter(pk__in=ids).delete()`, or the loop's queryset)"
        )
        self._report(node, message, loop.source.confidence)

    def _create(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        loop = self._item_loop()
        if loop is None or self.leaves_after(loop):
            return
        source = self.resolver().source(receiver)
        if source is None or not source.manager:
            return
        model = source.model
        if model.parents and not model.is_proxy:
            return  # bulk_create does not support multi-table inheritance
        if self.index.overrides(model, "save") is not False:
            return
        if any(arg.star for arg in node.args):
            return
        manager = f"{model.name}.{receiver.attr.value}" if isinstance(receiver, cst.Attribute) else f"{model.name}.objects"
        message = (
            f"`{manager}.create()` inserts one row per item of the loop: build the objects and "
            f"insert them with `{manager}.bulk_create(objs)` after it"
        )
        confidence = loop.source.confidence if loop.source is not None else HIGH
        self._report(node, message, confidence)

    def _item_loop(self) -> Optional[Loop]:
        """The innermost loop the node repeats with that iterates something other than a `range()` or a
        literal."""
        for loop in reversed(self.repeating()):
            if not loop.literal:
                return loop
        return None

    def _report(self, node: cst.Call, message: str, confidence: str) -> None:
        if not self.confident(confidence):
            return
        if confidence != HIGH:
            message += " (medium confidence)"
        self.report(node, message)


def _writable(index, model: ModelInfo, attr: str) -> bool:
    """A concrete field `bulk_update` writes: a plain field, a forward FK/O2O, or its `_id` column."""
    found = index.field(model, attr)
    if found is not None:
        # bulk_update never calls a field's pre_save(): a file field stores its file there, and a field
        # class of the project or a library may do anything there
        return found.field_class.startswith("django.") and not found.field_class.endswith(("FileField", "ImageField"))
    relation = index.relation(model, attr)
    if relation is not None:
        return relation.kind in (FK, O2O)
    for relation in model.relations:
        if relation.kind in (FK, O2O) and relation.attname == attr:
            return True
    return False



