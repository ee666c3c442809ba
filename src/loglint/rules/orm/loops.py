"""The loops of the query rules (LL703, LL705): where the node being visited runs once per iteration.

`OrmLoopRule` keeps the rows whose relations LL701/LL702 check; `QueryLoopRule` adds a stack of every
loop (`for` statements and comprehensions) with what its iterable is (`Resolver.source`: the model of a
queryset's rows, custom managers and `values()` included; `list(qs)`/`sorted(qs)` of one; a `range()` or a
literal; anything else unknown) and whether the node being visited is in its per-iteration part: a
`for`'s body (not its iterable or `else:`), a comprehension's element, conditions and inner loops (not
its first iterable), in the loop's own scope or a comprehension inside it (not a nested function).
Loops whose body always leaves after the first row, and literal slices of at most one row, repeat
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from loglint.rules.orm.base import OrmLoopRule, TargetVisitor, _always_leaves, _target_names
from loglint.semantics.names import COMPREHENSIONS, BindingKind
from loglint.semantics.querysets import Source

# Builtins that evaluate a queryset into its rows.
EVALUATING = frozenset({"list", "tuple", "set", "sorted", "len", "frozenset"})
_ROW_WRAPPERS = frozenset({"list", "tuple", "sorted", "reversed", "enumerate"})
_LITERAL_WRAPPERS = frozenset({"enumerate", "zip", "reversed", "sorted", "list", "tuple", "set"})


@dataclass
class Loop:
    node: cst.CSTNode  # the `for` statement, or the `CompFor` of a comprehension
    names: list[str]  # the loop variables
    source: Optional[Source]  # the rows, when the iterable is a known queryset (or a list of one)
    literal: bool  # a `range()` or a literal (a list, tuple, set, dict or string display)
    depth: int  # len(scope_chain) where the loop runs
    active: bool  # the node being visited is in the loop's per-iteration part
    repeats: bool  # False when the body always leaves after the first iteration


class QueryLoopRule(OrmLoopRule):
    def __init__(self, context) -> None:
        super().__init__(context)
        self._loops: list[Loop] = []
        self._blocks: list[tuple[cst.IndentedBlock, int]] = []  # enclosing blocks, with len(_loops) then

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if self._loops:
            self._blocks.append((node, len(self._loops)))

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        if self._blocks and self._blocks[-1][0] is original_node:
            self._blocks.pop()

    def leaves_after(self, loop: Loop) -> bool:
        """The node being visited is in a block of `loop` that always leaves it (`return`, `raise`, or a
        `break` of that loop): it runs once, not per row (`for ...: if match: create(...); return`)."""
        position = next((i for i, candidate in enumerate(self._loops) if candidate is loop), None)
        if position is None:
            return False
        for block, depth in self._blocks:
            if depth <= position:
                continue
            for stmt in block.body:
                if isinstance(stmt, cst.SimpleStatementLine):
                    for small in stmt.body:
                        if isinstance(small, (cst.Return, cst.Raise)):
                            return True
                        if isinstance(small, cst.Break) and depth == position + 1:
                            return True
        return False

    # -- the stack -----------------------------------------------------------------------------------

    def _make(self, node: cst.CSTNode, target: cst.BaseExpression, iterable: cst.BaseExpression, body: Optional[cst.BaseSuite], active: bool) -> Loop:
        names = _target_names(target)
        repeats = body is None or not _always_leaves(body)
        source = self._rows_source(iterable, target)
        if source is not None and source.single:
            repeats = False
        return Loop(node, names, source, self._literal(iterable), len(self.context.scope_chain), active, repeats)

    def visit_For(self, node: cst.For) -> None:
        super().visit_For(node)
        if self._active is False:
            return
        self._loops.append(self._make(node, node.target, node.iter, node.body, False))

    def visit_For_body(self, node: cst.For) -> None:
        for loop in self._loops:
            if loop.node is node:
                loop.active = True

    def leave_For_body(self, node: cst.For) -> None:
        for loop in self._loops:
            if loop.node is node:
                loop.active = False

    def leave_For(self, original_node: cst.For) -> None:
        super().leave_For(original_node)
        while self._loops and self._loops[-1].node is original_node:
            self._loops.pop()

    def _enter_comprehension(self, node) -> None:
        super()._enter_comprehension(node)
        if self._active is False:
            return
        comp: Optional[cst.CompFor] = node.for_in
        while comp is not None:
            self._loops.append(self._make(comp, comp.target, comp.iter, None, True))
            comp = comp.inner_for_in

    def _leave_comprehension(self, original_node) -> None:
        super()._leave_comprehension(original_node)
        comps: set[int] = set()
        comp: Optional[cst.CompFor] = original_node.for_in
        while comp is not None:
            comps.add(id(comp))
            comp = comp.inner_for_in
        while self._loops and id(self._loops[-1].node) in comps:
            self._loops.pop()

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter_comprehension
    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave_comprehension

    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        # a comprehension's iterable runs before its own loop (and the loops inside it)
        self._set_from(node, False)

    def leave_CompFor_iter(self, node: cst.CompFor) -> None:
        self._set_from(node, True)

    def _set_from(self, node: cst.CompFor, active: bool) -> None:
        seen = False
        for loop in self._loops:
            seen = seen or loop.node is node
            if seen:
                loop.active = active

    # -- questions -----------------------------------------------------------------------------------

    def repeating(self) -> list[Loop]:
        """The loops the node being visited runs once per iteration of (outermost first)."""
        chain = self.context.scope_chain
        found = []
        for loop in self._loops:
            if not loop.active or not loop.repeats:
                continue
            extra = chain[: len(chain) - loop.depth] if len(chain) >= loop.depth else chain
            if len(chain) < loop.depth or any(not isinstance(scope, COMPREHENSIONS) for scope in extra):
                continue
            found.append(loop)
        return found

    def queryset_loop(self) -> Optional[Loop]:
        """The innermost loop over a queryset's rows that the node being visited repeats with."""
        for loop in reversed(self.repeating()):
            if loop.source is not None:
                return loop
        return None

    def row_loop(self, name: cst.BaseExpression) -> Optional[Loop]:
        """The loop whose variable `name` is, when it iterates a queryset's model instances and the node
        being visited repeats with it."""
        if not isinstance(name, cst.Name):
            return None
        for loop in reversed(self._loops):
            if name.value in loop.names:
                if loop in self.repeating() and loop.source is not None and loop.source.instances and len(loop.names) == 1:
                    return loop
                return None
        return None

    def is_row_manager(self, expr: cst.BaseExpression) -> bool:
        """The chain starts at `row.<related manager>` of a loop row (LL702's)."""
        node = expr
        while True:
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                node = node.func.value
            elif isinstance(node, cst.Subscript):
                node = node.value
            else:
                break
        if not isinstance(node, cst.Attribute) or not isinstance(node.value, cst.Name):
            return False
        for loop in reversed(self._loops):
            if node.value.value in loop.names:
                if loop.source is None:
                    return False
                relation = self.index.relation(loop.source.model, node.attr.value)
                return relation is not None and relation.is_manager
        return False

    def _builtin(self, func: cst.BaseExpression, names: frozenset[str]) -> Optional[str]:
        if isinstance(func, cst.Name) and func.value in names and self.context.names.lookup(func.value, self.context.scope_chain) is None:
            return func.value
        return None

    def _rows_source(self, iterable: cst.BaseExpression, target: cst.BaseExpression) -> Optional[Source]:
        """The rows a loop iterates: a queryset, `list(qs)`/`sorted(qs)`/`reversed(qs)`, `enumerate(...)`
        of one with an `(i, row)` target, or a local bound once to one of those."""
        resolver = self.resolver()
        wrapped = iterable
        for _ in range(3):
            if isinstance(wrapped, cst.Call) and wrapped.args and wrapped.args[0].keyword is None and not wrapped.args[0].star:
                name = self._builtin(wrapped.func, _ROW_WRAPPERS)
                if name is None:
                    break
                if name == "enumerate" and not (isinstance(target, cst.Tuple) and len(target.elements) == 2):
                    return None
                wrapped = wrapped.args[0].value
            elif isinstance(wrapped, cst.Name):
                bindings = self.context.names.lookup(wrapped.value, self.context.scope_chain)
                if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
                    break
                value = bindings[0].payload
                if not (isinstance(value, cst.Call) and self._builtin(value.func, _ROW_WRAPPERS)):
                    break
                wrapped = value  # type: ignore[assignment]
            else:
                break
        return resolver.source(wrapped)

    def _literal(self, iterable: cst.BaseExpression) -> bool:
        """`range(...)`, a literal display, or a wrapper of them (`enumerate`, `zip`, ...), directly or
        through a name bound once to one."""
        node = iterable
        for _ in range(4):
            if isinstance(node, (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
                return True
            if isinstance(node, cst.Call):
                if self._builtin(node.func, frozenset({"range"})):
                    return True
                if self._builtin(node.func, _LITERAL_WRAPPERS) and node.args:
                    return all(self._literal(arg.value) for arg in node.args if arg.keyword is None)
                if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("items", "keys", "values") and not node.args:
                    node = node.func.value  # `{...}.items()`
                    continue
                return False
            if isinstance(node, cst.Name):
                bindings = self.context.names.lookup(node.value, self.context.scope_chain)
                if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
                    return False
                node = bindings[0].payload  # type: ignore[assignment]
                continue
            return False
        return False

    def bound_in_loops(self, loops: list[Loop]) -> set[str]:
        """Names the loops bind per iteration: their variables and what their bodies assign."""
        names: set[str] = set()
        for loop in loops:
            names.update(loop.names)
            finder = AssignedNames()
            if isinstance(loop.node, cst.For):
                loop.node.body.visit(finder)
            names |= finder.names
        return names


class AssignedNames(TargetVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def _target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
        elif isinstance(target, cst.StarredElement):
            self._target(target.value)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._target(node.target)
