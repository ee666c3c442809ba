"""Light name resolution: what each name in a file is bound to, scope by scope.

LibCST's `ScopeProvider` + `QualifiedNameProvider` cost about 6.6x the parse on Django's source; loglint
only needs to know which names are imports (and of what), which are assignments (and of what value), and
which are parameters, classes or anything else. One walk over the *statements* of the file (expressions
are entered only in a file with a `:=`, for its targets) builds that table; lookups follow Python's rules
(function scopes, class bodies not visible from nested functions, `global`). Lambdas and comprehensions
are scopes too: the engine adds them when its traversal meets them (their parameters and `for` targets
shadow outer names).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence, Union

import libcst as cst

Comprehension = Union[cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp]
ScopeNode = Union[cst.Module, cst.FunctionDef, cst.ClassDef, cst.Lambda, Comprehension]
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class BindingKind(enum.Enum):
    IMPORT = "import"  # `import a.b as c` / `from a import b`: payload is the qualified name
    VALUE = "value"  # `x = expr` (also annotated): payload is the value expression
    PARAM = "param"  # a parameter: payload is its annotation expression (or None)
    CLASS = "class"  # `class X`: payload is the ClassDef
    OTHER = "other"  # def, for/with/except targets, augmented assignment, del, unpacking...


@dataclass(frozen=True)
class Binding:
    kind: BindingKind
    payload: object
    scopes: tuple[ScopeNode, ...]  # the scope chain where the binding happens, innermost first


@dataclass
class Scope:
    node: ScopeNode
    parent: Optional["Scope"]
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    # For a class: attribute name -> values assigned to `self.<name>` in its methods (and class-body names).
    self_attributes: dict[str, list[Binding]] = field(default_factory=dict)

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, cst.ClassDef)

    def add(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` as a string, or None for anything that is not a plain dotted name."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def contains_node(node: cst.CSTNode, types: Union[type, tuple[type, ...]]) -> bool:
    """`node` or a node below it (whitespace and comments included) is one of `types`: what
    `libcst.matchers.findall` answers, without importing the matchers (a third of a second at start-up)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, types):
            return True
        stack.extend(current.children)
    return False


def optional_import_name(context, expr: cst.BaseExpression) -> Optional[str]:
    """`context.qualified_name(expr)`, also through the optional-dependency idiom: a name bound by one
    import and otherwise only to `None`/`False` (`try: import sentry_sdk` / `except ImportError:
    sentry_sdk = None`). The fallback never has the attribute the expression reaches, so wherever the
    expression runs the name holds the import."""
    memo = getattr(context, "_import_names", None)
    if memo is None:
        return _optional_import_name(context, expr)
    chain = context.scope_chain
    entry = memo.get(id(expr))
    if entry is not None and entry[0] is expr and entry[1] is chain:
        return entry[2]
    found = _optional_import_name(context, expr)
    memo[id(expr)] = (expr, chain, found)
    return found


def _optional_import_name(context, expr: cst.BaseExpression) -> Optional[str]:
    found = context.qualified_name(expr)
    if found is not None:
        return found
    dotted = dotted_name(expr)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    bindings = context.names.lookup(head, context.scope_chain) or []
    imports = {str(b.payload) for b in bindings if b.kind is BindingKind.IMPORT}
    fallbacks = [b for b in bindings if b.kind is not BindingKind.IMPORT]
    absent = all(
        b.kind is BindingKind.VALUE and isinstance(b.payload, cst.Name) and b.payload.value in ("None", "False")
        for b in fallbacks
    )
    if len(imports) != 1 or not absent:
        return None
    base = imports.pop()
    return f"{base}.{rest}" if rest else base


def _module_package(module_name: str, is_package: bool) -> str:
    if is_package:
        return module_name
    return module_name.rpartition(".")[0]


def resolve_relative(module: Optional[str], level: int, current_module: str, is_package: bool) -> Optional[str]:
    """`from ..x import y` in `a.b.c` -> `a.x`; None when it climbs above the top package."""
    if level == 0:
        return module
    package = _module_package(current_module, is_package)
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base) if base else None


class NameTable:
    """Bindings of every scope of one module, built from its statements."""

    def __init__(
        self, module: cst.Module, module_name: str = "", is_package: bool = False, walrus: bool = True
    ) -> None:
        """`walrus=False` when the source has no `:=`: expressions need not be searched for bindings."""
        self.module_name = module_name
        self.is_package = is_package
        self._walrus = walrus
        self.scopes: dict[ScopeNode, Scope] = {}
        self.module_scope = self._new_scope(module, None)
        self._walk_block(module.body, self.module_scope, (module,), None)

    # -- building ----------------------------------------------------------------------------------

    def _new_scope(self, node: ScopeNode, parent: Optional[Scope]) -> Scope:
        scope = Scope(node, parent)
        self.scopes[node] = scope
        return scope

    def _walk_block(
        self,
        body: Sequence[cst.CSTNode],
        scope: Scope,
        chain: tuple[ScopeNode, ...],
        method_self: Optional[tuple[Scope, str]],
    ) -> None:
        """Walk statements iteratively within one scope; nested defs recurse (their depth is bounded
        by CPython's own limit on nested blocks, checked before LibCST ever sees the file)."""
        stack: list[cst.CSTNode] = list(reversed(body))
        while stack:
            stmt = stack.pop()
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small_statement(small, scope, chain, method_self)
                if self._walrus:
                    self._walrus_targets(stmt, scope, chain)
            elif isinstance(stmt, cst.FunctionDef):
                self._bind(scope, stmt.name.value, Binding(BindingKind.OTHER, stmt, chain))
                self._function(stmt, scope, chain)
            elif isinstance(stmt, cst.ClassDef):
                self._bind(scope, stmt.name.value, Binding(BindingKind.CLASS, stmt, chain))
                class_scope = self._new_scope(stmt, scope)
                self._walk_block(_block_statements(stmt.body), class_scope, (stmt,) + chain, None)
            else:
                self._compound_targets(stmt, scope, chain, method_self)
                if self._walrus:
                    self._walrus_targets(stmt, scope, chain)
                for block in _child_blocks(stmt):
                    stack.extend(reversed(block))

    def add_lambda(self, node: cst.Lambda) -> None:
        """The scope of a lambda: its parameters (what they hold is not known)."""
        if node not in self.scopes:
            scope = self._new_scope(node, None)
            for param in _all_params(node.params):
                scope.add(param.name.value, Binding(BindingKind.PARAM, None, (node,)))

    def add_comprehension(self, node: Comprehension) -> None:
        """The scope of a comprehension: its `for` targets (what they hold is not known)."""
        if node not in self.scopes:
            scope = self._new_scope(node, None)
            clause: Optional[cst.CompFor] = node.for_in
            while clause is not None:
                for name in _target_names(clause.target):
                    scope.add(name, Binding(BindingKind.OTHER, clause, (node,)))
                clause = clause.inner_for_in

    def _function(self, fn: cst.FunctionDef, parent: Scope, chain: tuple[ScopeNode, ...]) -> None:
        scope = self._new_scope(fn, parent)
        inner = (fn,) + chain
        params = _all_params(fn.params)
        for param in params:
            annotation = param.annotation.annotation if param.annotation else None
            scope.add(param.name.value, Binding(BindingKind.PARAM, annotation, inner))
        method_self = None
        if parent.is_class and params and not _is_staticmethod(fn):
            method_self = (parent, params[0].name.value)
        self._walk_block(_block_statements(fn.body), scope, inner, method_self)

    def _bind(self, scope: Scope, name: str, binding: Binding) -> None:
        target = self.module_scope if name in scope.globals else scope
        target.add(name, binding)

    def _small_statement(
        self,
        small: cst.BaseSmallStatement,
        scope: Scope,
        chain: tuple[ScopeNode, ...],
        method_self: Optional[tuple[Scope, str]],
    ) -> None:
        if isinstance(small, cst.Assign):
            for target in small.targets:
                self._assign_target(target.target, small.value, scope, chain, method_self)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self._assign_target(small.target, small.value, scope, chain, method_self)
            elif isinstance(small.target, cst.Name):
                # `logger: logging.Logger` declares the type; treated like an annotated parameter.
                self._bind(scope, small.target.value, Binding(BindingKind.PARAM, small.annotation.annotation, chain))
        elif isinstance(small, cst.AugAssign):
            for name in _target_names(small.target):
                self._bind(scope, name, Binding(BindingKind.OTHER, small, chain))
            self._other_self_attributes(small.target, small, chain, method_self)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                full = dotted_name(alias.name)
                if full is None:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self._bind(scope, alias.asname.name.value, Binding(BindingKind.IMPORT, full, chain))
                else:
                    top = full.split(".")[0]
                    self._bind(scope, top, Binding(BindingKind.IMPORT, top, chain))
        elif isinstance(small, cst.ImportFrom):
            self._import_from(small, scope, chain)
        elif isinstance(small, cst.Global):
            for item in small.names:
                scope.globals.add(item.name.value)
        elif isinstance(small, cst.Del):
            for name in _target_names(small.target):
                self._bind(scope, name, Binding(BindingKind.OTHER, small, chain))

    def _import_from(self, node: cst.ImportFrom, scope: Scope, chain: tuple[ScopeNode, ...]) -> None:
        module = dotted_name(node.module) if node.module is not None else None
        base = resolve_relative(module, len(node.relative), self.module_name, self.is_package)
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            if base is None:
                self._bind(scope, local, Binding(BindingKind.OTHER, node, chain))
            else:
                self._bind(scope, local, Binding(BindingKind.IMPORT, f"{base}.{alias.name.value}", chain))

    def _assign_target(
        self,
        target: cst.BaseExpression,
        value: cst.BaseExpression,
        scope: Scope,
        chain: tuple[ScopeNode, ...],
        method_self: Optional[tuple[Scope, str]],
    ) -> None:
        if isinstance(target, cst.Name):
            self._bind(scope, target.value, Binding(BindingKind.VALUE, value, chain))
            if scope.is_class:
                scope.self_attributes.setdefault(target.value, []).append(Binding(BindingKind.VALUE, value, chain))
        elif isinstance(target, cst.Attribute) and method_self is not None:
            class_scope, self_name = method_self
            if isinstance(target.value, cst.Name) and target.value.value == self_name:
                class_scope.self_attributes.setdefault(target.attr.value, []).append(
                    Binding(BindingKind.VALUE, value, chain)
                )
        else:
            for name in _target_names(target):
                self._bind(scope, name, Binding(BindingKind.OTHER, target, chain))
            self._other_self_attributes(target, target, chain, method_self)

    def _other_self_attributes(
        self,
        target: cst.BaseExpression,
        node: cst.CSTNode,
        chain: tuple[ScopeNode, ...],
        method_self: Optional[tuple[Scope, str]],
    ) -> None:
        """`self.log, self.x = ...`, `for self.log in ...`, `self.log += ...`: the attribute holds
        something not known, which makes `self.log` unknown wherever it also holds a logger."""
        if method_self is None:
            return
        class_scope, self_name = method_self
        for attr in _self_attribute_targets(target, self_name):
            class_scope.self_attributes.setdefault(attr, []).append(Binding(BindingKind.OTHER, node, chain))

    def _compound_targets(
        self,
        stmt: cst.CSTNode,
        scope: Scope,
        chain: tuple[ScopeNode, ...],
        method_self: Optional[tuple[Scope, str]] = None,
    ) -> None:
        if isinstance(stmt, cst.For):
            for name in _target_names(stmt.target):
                self._bind(scope, name, Binding(BindingKind.OTHER, stmt, chain))
            self._other_self_attributes(stmt.target, stmt, chain, method_self)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    for name in _target_names(item.asname.name):
                        self._bind(scope, name, Binding(BindingKind.OTHER, stmt, chain))
                    self._other_self_attributes(item.asname.name, stmt, chain, method_self)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            for handler in stmt.handlers:
                if handler.name is not None and isinstance(handler.name.name, cst.Name):
                    self._bind(scope, handler.name.name.value, Binding(BindingKind.OTHER, handler, chain))
        elif isinstance(stmt, cst.Match):
            for case in stmt.cases:
                for name in _capture_names(case.pattern):
                    self._bind(scope, name, Binding(BindingKind.OTHER, case, chain))

    def _walrus_targets(self, stmt: cst.CSTNode, scope: Scope, chain: tuple[ScopeNode, ...]) -> None:
        """`(x := ...)` in the statement's own expressions binds `x` in this scope, from a comprehension
        too. Nested blocks are walked as statements of their own; lambdas are scopes of their own."""
        from loglint.semantics.handlers import child_nodes  # handlers imports this module

        stack: list[cst.CSTNode] = [stmt]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
                self._bind(scope, node.target.value, Binding(BindingKind.OTHER, node, chain))
            if node is not stmt and isinstance(node, (cst.BaseSuite, cst.BaseCompoundStatement, cst.Lambda)):
                continue
            stack.extend(child_nodes(node))

    # -- lookups -----------------------------------------------------------------------------------

    def lookup(self, name: str, chain: Sequence[ScopeNode]) -> Optional[list[Binding]]:
        """The bindings a read of `name` can see from the innermost scope of `chain`, or None when the
        name is not bound in the file (a builtin, a star import, or undefined)."""
        for index, node in enumerate(chain):
            scope = self.scopes.get(node)
            if scope is None:
                continue
            if scope.is_class and index != 0:
                continue
            if name in scope.globals:
                return self.module_scope.bindings.get(name)
            found = scope.bindings.get(name)
            if found:
                return found
        return None

    def enclosing_class(self, chain: Sequence[ScopeNode]) -> Optional[tuple[Scope, str]]:
        """For code in a method: the class scope and the method's first parameter name (`self`/`cls`)."""
        for index, node in enumerate(chain):
            if isinstance(node, cst.FunctionDef):
                parent = chain[index + 1] if index + 1 < len(chain) else None
                if isinstance(parent, cst.ClassDef) and not _is_staticmethod(node):
                    params = _all_params(node.params)
                    if params:
                        return self.scopes[parent], params[0].name.value
                return None
            if isinstance(node, (cst.Lambda,) + COMPREHENSIONS):
                continue
        return None

    def qualified_name(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Optional[str]:
        """`lg.handlers.X` -> `logging.handlers.X` when `lg` is `import logging as lg`. Only names
        that come from imports get a qualified name; local values do not."""
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        bindings = self.lookup(head, chain)
        if not bindings or len({b.payload for b in bindings if b.kind is BindingKind.IMPORT}) != 1:
            return None
        if any(b.kind is not BindingKind.IMPORT for b in bindings):
            return None
        base = str(bindings[0].payload)
        return f"{base}.{rest}" if rest else base


def _block_statements(body: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    if isinstance(body, cst.IndentedBlock):
        return body.body
    if isinstance(body, cst.SimpleStatementSuite):
        return [cst.SimpleStatementLine(body=body.body)]
    return []


def _child_blocks(stmt: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """Statement lists nested in a compound statement that stay in the same scope."""
    for attr in ("body", "orelse", "finalbody"):
        child = getattr(stmt, attr, None)
        if child is None:
            continue
        if isinstance(child, cst.BaseSuite):
            yield _block_statements(child)
        elif isinstance(child, (cst.Else, cst.Finally, cst.If)):
            if isinstance(child, cst.If):
                yield [child]
            else:
                yield _block_statements(child.body)
    for handler in getattr(stmt, "handlers", ()) or ():
        yield _block_statements(handler.body)
    for case in getattr(stmt, "cases", ()) or ():
        yield _block_statements(case.body)


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    out = list(params.posonly_params) + list(params.params)
    if isinstance(params.star_arg, cst.Param):
        out.append(params.star_arg)
    out.extend(params.kwonly_params)
    if params.star_kwarg is not None:
        out.append(params.star_kwarg)
    return out


def _is_staticmethod(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in fn.decorators)


def _capture_names(pattern: cst.CSTNode) -> Iterator[str]:
    """The names a `case` pattern binds: `x`, `[x, *rest]`, `{"k": x, **rest}`, `Point(x=x)`, `... as x`."""
    from loglint.semantics.handlers import child_nodes  # handlers imports this module

    stack: list[cst.CSTNode] = [pattern]
    while stack:
        node = stack.pop()
        name = node.rest if isinstance(node, cst.MatchMapping) else getattr(node, "name", None)
        if isinstance(node, (cst.MatchAs, cst.MatchStar, cst.MatchMapping)) and isinstance(name, cst.Name):
            yield name.value
        if isinstance(node, cst.MatchValue):
            continue  # a dotted constant, not a capture
        stack.extend(child_nodes(node))


def _self_attribute_targets(target: cst.CSTNode, self_name: str) -> Iterator[str]:
    if isinstance(target, cst.Attribute):
        if isinstance(target.value, cst.Name) and target.value.value == self_name:
            yield target.attr.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _self_attribute_targets(element.value, self_name)
    elif isinstance(target, cst.StarredElement):
        yield from _self_attribute_targets(target.value, self_name)


def _target_names(target: cst.CSTNode) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)
