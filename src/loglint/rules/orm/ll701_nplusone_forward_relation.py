from __future__ import annotations

import ast
from typing import Optional

import libcst as cst

from loglint.prefilter import ORM
from loglint.rule import FixAvailability
from loglint.rules.orm.base import OrmLoopRule
from loglint.semantics.models import FK, O2O, REVERSE_O2O, ModelIndex, Relation
from loglint.semantics.querysets import HIGH, MEDIUM, covers_forward, relation_chain

_SINGLE = frozenset({FK, O2O, REVERSE_O2O})


class NplusoneForwardRelation(OrmLoopRule):
    """## What it does
    Checks for a forward foreign key or one-to-one relation (or a reverse one-to-one) read on each row of
    a queryset loop when the queryset does not load it: `book.author`, `book.author.name`,
    `book.author.id`, and second hops (`book.author.publisher` with only `author` selected).

    The queryset is followed through its whole chain (`select_related` paths and the no-argument form,
    `prefetch_related`, `Prefetch(to_attr=...)`, slices, `iterator()`), through a local variable bound
    from it, through `self.get_queryset()` / `queryset =` / `model =` in a class-based view, and into
    related managers (`self.lines.all()` in a model method, `author.book_set.all()` of a loop row). Models
    and relations come from the project's model index, resolved by meaning (imports, `get_model()`).
    `str(row)` and `f"{row}"` count as reading what the model's own `__str__` reads.

    ## Why is this bad?
    Each read of a relation that was not loaded with the rows runs one query per row: a page of 100
    books makes 101 queries. `select_related("author")` loads the authors in the same query.
    `book.author.id` loads the whole author to read a value the row already holds as `book.author_id`.

    ## Example
    ```python
    from django.db import models


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    def titles():
        return [f"{book.title} by {book.author.name}" for book in Book.objects.all()]
    ```

    ## Use instead
    ```python
    from django.db import models


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    def titles():
        return [f"{book.title} by {book.author.name}" for book in Book.objects.select_related("author")]
    ```

    ## Fix safety
    `row.fk.id` / `row.fk.pk` → `row.fk_id` is safe: the column holds the related object's primary key
    (not offered when the field has a `to_field`, or for `.id` when the target's primary key is not
    `id`). Adding `select_related` is left to the author.

    ## Options
    - `orm.min-confidence`: "high" reports only direct chains and locals bound once; "medium" (the
      default) also `self.get_queryset()`, class attributes, re-bound locals, second hops, `__str__`,
      the related managers of `self` and the project's summarised managers, queryset methods and
      helpers.

    ## Known limitations
    The project's managers, queryset methods and helpers are read one level deep (a method or helper
    calling another project method is unknown); their findings are medium confidence. A manager's
    `get_queryset` that selects applies to every chain on it, and to the related managers of its
    model when it is the default manager (the first declared, or `Meta.default_manager_name`).
    Not flagged (so as never to guess): querysets from library managers, deeper summaries,
    parameters, `list(qs)`, loops after `only()`/`defer()` (see LL704), `fetch_mode(FETCH_PEERS)`, a `__str__` inherited from
    elsewhere, GenericForeignKeys. A model method cannot see what its callers prefetch: a finding on
    `self.<manager>.all()` may be served by a caller's `prefetch_related("<manager>__<relation>")`. Not flagged on purpose: the parent of a related manager being iterated
    (`for b in author.book_set.all(): b.author`), relations assigned in the loop, loops that always break,
    slices of at most one row, `values()` rows, django-auto-prefetch fields. Test files and migrations
    are skipped.
    """

    code = "LL701"
    name = "nplusone-forward-relation"
    message = "relation loaded once per row"
    fix_title = "Read the FK column"
    fix_availability = FixAvailability.SAFE
    candidates = frozenset({ORM})

    def __init__(self, context) -> None:
        super().__init__(context)
        self._id_reads: dict[int, cst.Attribute] = {}
        self._outer: dict[int, cst.Attribute] = {}  # id(x.a) -> x.a.b (an outer attribute is visited first)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self._rows:
            return
        inner = node.value
        if node.attr.value in ("id", "pk") and isinstance(inner, cst.Attribute):
            self._id_reads[id(inner)] = node
        if isinstance(inner, cst.Attribute):
            self._outer[id(inner)] = node
        if isinstance(inner, cst.Name):
            self._first_hop(node, inner)
        elif isinstance(inner, cst.Attribute) and isinstance(inner.value, cst.Name):
            self._second_hop(node, inner, inner.value)

    def visit_Call(self, node: cst.Call) -> None:
        # `str(row)`: the model's `__str__` runs per row
        if not self._rows or not isinstance(node.func, cst.Name) or node.func.value != "str" or len(node.args) != 1:
            return
        if self.context.names.lookup("str", self.context.scope_chain) is not None:
            return  # a local `str`
        self._str_of(node, node.args[0].value)

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        if self._rows and node.conversion in (None, "s") and node.format_spec is None:
            self._str_of(node.expression, node.expression)

    def _str_of(self, node: cst.CSTNode, value: cst.BaseExpression) -> None:
        row = self.row(value)
        if row is None or row.loaded is None or row.loaded.deferred:
            return
        for attr in _str_relations(self.index, row.loaded.model):
            relation = self._relation(row.loaded.model, attr)
            if relation is None or attr in row.assigned or attr == row.loaded.back_reference:
                continue
            if covers_forward(self.index, row.loaded, attr):
                continue
            if not self.confident(MEDIUM) or not self.once(row, attr):
                return
            message = (
                f"`{row.loaded.model.name}.__str__` reads `self.{attr}`: formatting `{row.name}` runs a query per "
                f'row of the loop: add select_related("{attr}") to the queryset'
            )
            self.report(node, _with_confidence(message, MEDIUM))
            return

    def _relation(self, model, attr: str) -> Optional[Relation]:
        relation = self.index.relation(model, attr)
        if relation is None or relation.kind not in _SINGLE or relation.target is None:
            return None
        if relation.field_class.startswith("auto_prefetch."):
            return None
        return relation

    def _first_hop(self, node: cst.Attribute, name: cst.Name) -> None:
        row = self.row(name)
        if row is None or row.loaded is None or row.loaded.deferred:
            return
        attr = node.attr.value
        relation = self._relation(row.loaded.model, attr)
        if relation is None or attr in row.assigned or attr == row.loaded.back_reference:
            return
        if covers_forward(self.index, row.loaded, attr) or attr in row.loaded.to_attrs:
            return
        if not self.confident(row.loaded.confidence) or not self.once(row, attr):
            return
        outer = self._id_reads.get(id(node))
        fix = None
        if outer is not None and relation.kind in (FK, O2O) and relation.attname and _column_is_pk(self.index, relation, outer.attr.value):
            new = cst.Attribute(value=name, attr=cst.Name(relation.attname))
            fix = self.make_fix([(outer, new)], safe=True, title=f"Read `{name.value}.{relation.attname}`")
            message = (
                f"`{name.value}.{attr}.{outer.attr.value}` loads the related object once per row to read its key: "
                f"read `{name.value}.{relation.attname}`"
            )
            self.report(outer, message, fix=fix)
            return
        further = self._further(relation, node)
        if further:
            chain = ".".join([name.value, attr, *further])
            message = (
                f"`{chain}` runs {1 + len(further)} queries per row of the {row.loaded.model.name} loop: "
                f'add select_related("{"__".join([attr, *further])}") to the queryset'
            )
        else:
            message = (
                f"`{name.value}.{attr}` runs a query per row of the {row.loaded.model.name} loop: "
                f'add select_related("{attr}") to the queryset'
            )
        self.report(node, _with_confidence(message, row.loaded.confidence), fix=fix)

    def _further(self, relation: Relation, node: cst.Attribute) -> list[str]:
        """The relations read through `node` (`row.fk`) after it (`semantics.querysets.relation_chain`)."""
        names: list[str] = []
        outer = self._outer.get(id(node))
        while outer is not None:
            names.append(outer.attr.value)
            outer = self._outer.get(id(outer))
        target = self.index.by_label(relation.target) if relation.target else None
        return relation_chain(self.index, target, names)

    def _second_hop(self, node: cst.Attribute, first: cst.Attribute, name: cst.Name) -> None:
        row = self.row(name)
        if row is None or row.loaded is None or row.loaded.deferred:
            return
        first_attr = first.attr.value
        relation = self._relation(row.loaded.model, first_attr)
        if relation is None or not covers_forward(self.index, row.loaded, first_attr):
            return  # not loaded: the first hop is the finding; cached parent or assigned: one object
        if first_attr in row.assigned or first_attr == row.loaded.back_reference:
            return
        target = self.index.by_label(relation.target) if relation.target else None
        if target is None:
            return
        attr = node.attr.value
        second = self._relation(target, attr)
        path = f"{first_attr}__{attr}"
        if second is None or covers_forward(self.index, row.loaded, path):
            return
        if not self.confident(MEDIUM) or not self.once(row, path):
            return
        message = (
            f"`{name.value}.{first_attr}.{attr}` runs a query per row of the {row.loaded.model.name} loop: "
            f'add select_related("{path}") to the queryset'
        )
        self.report(node, _with_confidence(message, MEDIUM))


def _str_relations(index: ModelIndex, model) -> list[str]:
    """The attributes `self.<attr>` the model's own `__str__` reads (the class itself, or the nearest
    abstract base defining it); empty when `__str__` is inherited from elsewhere."""
    for qualified in (model.qualified_name, *model.abstract_bases):
        found = index.class_def(qualified)
        if found is None:
            return []
        for stmt in found[1].body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == "__str__" and stmt.args.args:
                me = stmt.args.args[0].arg
                names: list[str] = []
                for node in ast.walk(stmt):
                    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == me:
                        if node.attr not in names:
                            names.append(node.attr)
                return names
    return []


def _with_confidence(message: str, confidence: str) -> str:
    return message if confidence == HIGH else f"{message} (medium confidence)"


def _column_is_pk(index: ModelIndex, relation: Relation, attr: str) -> bool:
    """`row.fk.<attr>` equals `row.<fk>_id`: the field has no `to_field`, and for `.id` the target's
    primary key is `id`."""
    source = index.by_label(relation.source)
    if source is None:
        return False
    declared = None
    for qualified in (source.qualified_name, *source.abstract_bases):
        found = index.class_def(qualified)
        if found is None:
            continue
        for stmt in found[1].body:
            value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
            if isinstance(value, ast.Call) and any(isinstance(t, ast.Name) and t.id == relation.name for t in targets):
                declared = value
                break
        if declared is not None:
            break
    if declared is None or any(k.arg == "to_field" or k.arg is None for k in declared.keywords):
        return False
    if attr == "pk":
        return True
    target = index.by_label(relation.target) if relation.target else None
    if target is None:
        return False
    if any(f.primary_key and f.name != "id" for f in target.fields):
        return False
    return not any(r.parent_link for r in target.relations)  # a multi-table child's pk is its parent link
