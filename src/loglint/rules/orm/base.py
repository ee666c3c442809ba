"""The loops of the LL7 rules: which names are rows of a queryset at the node being visited.

`OrmLoopRule` keeps a stack of the `for` statements and comprehensions being traversed; each loop
variable whose iterable has a known loaded set (`semantics.querysets`) is a *row*. Loops are not rows
(they shadow outer names but carry nothing) when the iterable is unknown, gives `values()` rows, is
sliced to at most one row, when the body always leaves after the first row (`break`, `return`,
`raise` among its top-level statements), or when the body re-binds the variable. Test files and
migrations are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import libcst as cst

from loglint.dispatch import walk
from loglint.rule import Rule
from loglint.semantics.django import file_kinds
from loglint.semantics.models import ModelIndex, project_models
from loglint.semantics.names import COMPREHENSIONS
from loglint.semantics.querysets import MEDIUM, LoadedSet, Resolver

Comprehension = Union[cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp]


@dataclass
class Row:
    name: str
    loaded: Optional[LoadedSet]  # None: a loop variable that is not a known row (it still shadows)
    loop: cst.CSTNode
    depth: int  # len(scope_chain) where the variable is visible
    assigned: frozenset[str] = frozenset()  # `row.attr = ...` anywhere in the loop
    # what the loop iterates when it is a local name: a queryset iterated twice caches its rows, so a
    # relation read in both loops is loaded once per row in all (reported at the first)
    source: Optional[tuple] = None


class OrmRule(Rule):
    """What every LL7 rule shares: it applies outside test files and migrations, in a project with
    models (`requires_project`: also only when a project index is at hand); `index` is the project's
    model index; `confident()` applies `orm.min-confidence`."""

    requires_project = False

    def __init__(self, context) -> None:
        super().__init__(context)
        self._index: Optional[ModelIndex] = None
        self._active: Optional[bool] = None

    def _applies(self) -> bool:
        if self._active is None:
            kinds = file_kinds(self.context)
            self._active = False
            if self.requires_project and getattr(self.context, "project", None) is None:
                return False
            if not kinds.is_test and not kinds.is_migration:
                self._index = project_models(self.context)
                self._active = self._index is not None and bool(self._index.models)
        return self._active

    @property
    def index(self) -> ModelIndex:
        assert self._index is not None
        return self._index

    def min_confidence(self) -> str:
        config = self.context.config
        return config.orm.min_confidence if config is not None else MEDIUM

    def confident(self, confidence: str) -> bool:
        return confidence == "high" or self.min_confidence() == MEDIUM


class OrmLoopRule(OrmRule):
    def __init__(self, context) -> None:
        super().__init__(context)
        self._rows: list[Row] = []
        self._reported: dict[object, set] = {}

    def resolver(self) -> Resolver:
        rows: dict[str, LoadedSet] = {}
        for row in self._rows:  # outer first: inner ones win
            if row.loaded is not None:
                rows[row.name] = row.loaded
            else:
                rows.pop(row.name, None)
        return Resolver(self.context, self.index, rows)

    # -- loops ---------------------------------------------------------------------------------------

    def _row_for(self, target: cst.BaseExpression, iterable: cst.BaseExpression, loop: cst.CSTNode, body: Optional[cst.BaseSuite]) -> list[Row]:
        depth = len(self.context.scope_chain)
        names = _target_names(target)
        if not names:
            return []
        rows = [Row(name, None, loop, depth) for name in names]
        if isinstance(target, cst.Tuple):
            # `for i, row in enumerate(qs)`
            call = iterable
            if not (
                isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "enumerate"
                and len(call.args) == 1 and len(names) == 2 and call.args[0].keyword is None
            ):
                return rows
            iterable = call.args[0].value
            rows = [Row(names[0], None, loop, depth), Row(names[1], None, loop, depth)]
            row = rows[1]
        elif isinstance(target, cst.Name):
            row = rows[0]
        else:
            return rows
        if body is not None and (_always_leaves(body) or _rebinds(body, row.name)):
            return rows
        loaded = self.resolver().queryset(iterable)
        if loaded is None or not loaded.instances or loaded.single:
            return rows
        row.loaded = loaded
        if isinstance(iterable, cst.Name):
            row.source = (iterable.value, id(self.context.current_function))
        row.assigned = frozenset(_assigned_attributes(loop, row.name))
        return rows

    def visit_For(self, node: cst.For) -> None:
        if not self._applies():
            return
        self._rows.extend(self._row_for(node.target, node.iter, node, node.body))

    def leave_For(self, original_node: cst.For) -> None:
        while self._rows and self._rows[-1].loop is original_node:
            self._rows.pop()

    def _enter_comprehension(self, node: Comprehension) -> None:
        if not self._applies():
            return
        comp: Optional[cst.CompFor] = node.for_in
        while comp is not None:
            self._rows.extend(self._row_for(comp.target, comp.iter, node, None))
            comp = comp.inner_for_in

    def _leave_comprehension(self, original_node: Comprehension) -> None:
        while self._rows and self._rows[-1].loop is original_node:
            self._rows.pop()

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter_comprehension
    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave_comprehension

    def row(self, name: cst.BaseExpression) -> Optional[Row]:
        """The row a name read at the current node is, or None: the innermost loop variable of that name,
        read in the loop's own scope or a comprehension inside it (not in a nested function)."""
        if not isinstance(name, cst.Name):
            return None
        for row in reversed(self._rows):
            if row.name == name.value:
                if row.loaded is None:
                    return None
                chain = self.context.scope_chain
                extra = chain[: len(chain) - row.depth]
                if any(not isinstance(scope, COMPREHENSIONS) for scope in extra):
                    return None
                return row
        return None

    def once(self, row: Row, key: object) -> bool:
        """True the first time `key` is reported for this loop variable."""
        reported = self._reported.setdefault(row.source or (row.name, id(row.loop)), set())
        if key in reported:
            return False
        reported.add(key)
        return True


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        names: list[str] = []
        for element in target.elements:
            names += _target_names(element.value)
        return names
    return []


def _always_leaves(body: cst.BaseSuite) -> bool:
    if not isinstance(body, cst.IndentedBlock):
        statements = [body]
    else:
        statements = list(body.body)
    for stmt in statements:
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            if any(isinstance(small, (cst.Break, cst.Return, cst.Raise)) for small in stmt.body):
                return True
    return False


class TargetVisitor(cst.CSTVisitor):
    """Calls `_target` with every target the code below binds: assignments (also annotated, augmented,
    walrus), `for` variables and `with ... as` names."""

    def _target(self, target: cst.BaseExpression) -> None:
        raise NotImplementedError

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._target(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._target(node.asname.name)


class _Stores(TargetVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.rebound = False
        self.attributes: set[str] = set()

    def _target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name) and target.value == self.name:
            self.rebound = True
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == self.name:
            self.attributes.add(target.attr.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
        elif isinstance(target, cst.StarredElement):
            self._target(target.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _rebinds(body: cst.CSTNode, name: str) -> bool:
    stores = _Stores(name)
    walk(body, stores)
    return stores.rebound


def _assigned_attributes(loop: cst.CSTNode, name: str) -> set[str]:
    stores = _Stores(name)
    walk(loop.body if isinstance(loop, cst.For) else loop, stores)
    return stores.attributes
