"""One level of summaries of the project's querysets: custom managers, queryset methods and helpers.

The LL7 rules know what a queryset chain loads only when every step is known. Projects hide steps in
their own code; this module reads that code (with `ast`, through the model index, never importing it)
and says what it returns:

- `manager_set(resolver, model, name)`: what `Model.<name>` gives before any call: a manager whose
  classes (and their project bases) do not override `get_queryset` loads nothing (high confidence);
  an override is summarised as a chain on `super().get_queryset()` (medium confidence), and makes the
  manager unknown when it is not such a chain. The default manager (`Model._default_manager`, the one
  related managers derive from) is `Meta.default_manager_name`, else the first manager the model and
  then its abstract bases declare, as Django orders them. A manager class from a library is unknown.
- `method_set(resolver, inner, fn)`: a method of the project manager or queryset class of `inner`
  (`Book.objects.with_author()`, `qs.published()`): the chain its body returns, applied to `self` /
  `self.get_queryset()` / `super().get_queryset()` = `inner` (medium confidence).
- `helper_set(resolver, module, fn)`: a module-level function of the project returning a chain that
  starts at `Model.objects` (medium confidence).

A body is read statement by statement: names assigned from chains are followed (`qs = qs.filter(...)`;
an assignment under `if`/`for`/`with`/`try` is joined with the value before it, as the union of what
both load), every `return` must give a known queryset of the same model (their union). One level only:
a summarised body that calls another project method is unknown, as are `Prefetch(queryset=...)`s in it
(everything below the lookup counts as loaded). Methods under decorators (`@property`, ...) and
attributes bound to something else than a `def` are unknown. A queryset class overriding
`_fetch_all`, `__iter__`, `iterator`, `_clone`, `_chain` or `__init__` is unknown altogether.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Union

import libcst as cst

from loglint.semantics.models import MANAGER_BASES, QUERYSET_BASES, ModelInfo

if TYPE_CHECKING:
    from loglint.semantics.models import Manager, ModelIndex
    from loglint.semantics.querysets import LoadedSet, Resolver

DJANGO_BASES = MANAGER_BASES | QUERYSET_BASES | frozenset(
    {"django.db.models.query.BaseIterable", "builtins.object", "typing.Generic"}
)
PREFETCH = frozenset({"django.db.models.Prefetch", "django.db.models.query.Prefetch"})
# queryset internals a project class may override to load or iterate differently: then nothing is known
_INTERNALS = frozenset({"_fetch_all", "__iter__", "iterator", "_clone", "_chain", "__init__"})
UNKNOWN = "unknown"
_MAX_BASES = 12


Method = tuple[str, ast.FunctionDef]  # (module name, def)


def class_mro(resolver: "Resolver", qualified: str) -> Optional[list[tuple[str, ast.ClassDef]]]:
    """The project classes `qualified` derives from, itself first, depth first as Python's MRO for
    single inheritance (the queryset of `X.from_queryset(QS)` after `X`); None when a base is neither
    a project class nor one of Django's manager/queryset classes."""
    index = resolver.index
    memo = _memo(index, "mro")
    if qualified in memo:
        index.served("mro", qualified)
        return memo[qualified]
    memo[qualified] = None  # cycles
    trail = index.begin()
    try:
        result = _class_mro(index, qualified)
    finally:
        index.end("mro", qualified, trail)
    memo[qualified] = result
    return result


def _class_mro(index: "ModelIndex", qualified: str) -> Optional[list[tuple[str, ast.ClassDef]]]:
    found: list[tuple[str, ast.ClassDef]] = []
    seen: set[str] = set()

    def walk(name: str, depth: int) -> bool:
        if name in DJANGO_BASES:
            return True
        if depth > _MAX_BASES:
            return False
        definition = index.definition(name)
        if definition is None or not isinstance(definition[1], ast.ClassDef):
            return False
        module, node = definition
        key = f"{module}.{node.name}"
        if key in seen:
            return True
        seen.add(key)
        found.append((module, node))
        for base in node.bases:
            extra: Optional[str] = None
            if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "from_queryset":
                if len(base.args) != 1 or base.keywords:
                    return False
                extra = index.resolve_in(module, base.args[0])
                if extra is None:
                    return False
                base = base.func.value
            if isinstance(base, ast.Subscript):
                base = base.value  # `Manager[Book]`, `Generic[T]`
            resolved = index.resolve_in(module, base)
            if resolved is None:
                if isinstance(base, ast.Name) and base.id == "object":
                    continue
                return False
            if resolved.startswith("typing."):
                continue
            if not walk(resolved, depth + 1):
                return False
            if extra is not None and not walk(extra, depth + 1):
                return False
        return True

    return found if walk(qualified, 0) else None


def find_method(resolver: "Resolver", classes: tuple[Optional[str], ...], name: str) -> Union[None, str, Method]:
    """The project definition of method `name` on the first of `classes` that has one: (module, def),
    `UNKNOWN` when a class is unknown or binds `name` to something else than a plain `def`, None when
    only Django defines it."""
    for qualified in classes:
        if qualified is None or qualified in DJANGO_BASES:
            continue
        mro = class_mro(resolver, qualified)
        if mro is None:
            return UNKNOWN
        for module, node in mro:
            for stmt in node.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
                    if isinstance(stmt, ast.AsyncFunctionDef) or stmt.decorator_list:
                        return UNKNOWN
                    return module, stmt
                if _binds(stmt, name):
                    return UNKNOWN
    return None


def overrides_internals(resolver: "Resolver", qualified: Optional[str]) -> bool:
    """A project queryset class that changes how rows are fetched (or an unknown one)."""
    if qualified is None or qualified in DJANGO_BASES:
        return False
    return any(find_method(resolver, (qualified,), name) is not None for name in _INTERNALS)


def default_manager_name(resolver: "Resolver", info: ModelInfo) -> Optional[str]:
    """`Meta.default_manager_name` of the model or its nearest abstract base declaring one."""
    for qualified in (info.qualified_name, *info.abstract_bases):
        found = resolver.index.class_def(qualified)
        if found is None:
            continue
        for stmt in found[1].body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                for item in stmt.body:
                    if _binds(item, "default_manager_name") and isinstance(item, ast.Assign):
                        value = item.value
                        return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else UNKNOWN
    return None


def manager_set(resolver: "Resolver", info: ModelInfo, name: str) -> Optional["LoadedSet"]:
    """What `Model.<name>` (a manager) yields before any call, with its project classes kept for the
    summaries of the methods called on it; None when unknown or not a manager."""
    from loglint.semantics.querysets import MANAGER_NAMES, LoadedSet

    if name not in MANAGER_NAMES and not any(m.name == name for m in info.managers):
        return None
    if name == "_base_manager":
        return LoadedSet(info)
    if name == "_default_manager":
        wanted = default_manager_name(resolver, info)
        if wanted == UNKNOWN:
            return None
        managers = [m for m in info.managers if m.name == wanted] if wanted else list(info.managers[:1])
    else:
        managers = [m for m in info.managers if m.name == name] or list(info.managers[:1])
    if not managers:
        return LoadedSet(info)
    manager = managers[0]
    memo = _memo(resolver.index, "manager")
    key = (info.label, manager.name)
    if key in memo:
        resolver.index.served("manager", key)
        cached = memo[key]
        return replace(cached, model=info) if cached is not None else None
    memo[key] = None  # a get_queryset that names the manager itself is unknown
    trail = resolver.index.begin()
    try:
        result = _manager_set(resolver, info, manager)
    finally:
        resolver.index.end("manager", key, trail)
    memo[key] = result
    return result


def _manager_set(resolver: "Resolver", info: ModelInfo, manager: "Manager") -> Optional["LoadedSet"]:
    from loglint.semantics.querysets import HIGH, MEDIUM, LoadedSet

    classes = (manager.manager_class, manager.queryset_class)
    result: Optional[LoadedSet] = None
    for qualified in classes:
        if qualified is not None and not qualified.startswith("django.") and resolver.index.definition(qualified) is None:
            break  # a library manager: its get_queryset is unknown
    else:
        if not overrides_internals(resolver, manager.queryset_class):
            project = tuple(q if q is not None and not q.startswith("django.") else None for q in classes)
            base = LoadedSet(info, manager_class=project[0], queryset_class=project[1], confidence=HIGH)
            found = find_method(resolver, (project[0],), "get_queryset")
            if found is None:
                result = base
            elif found != UNKNOWN:
                module, fn = found  # type: ignore[misc]
                summary = _Body(resolver, module, fn, base).run(definition=True)
                if summary is not None and summary.model.label == info.label:
                    result = replace(
                        summary, confidence=MEDIUM, manager_class=project[0],
                        queryset_class=summary.queryset_class or project[1],
                    )
    return result


def method_set(resolver: "Resolver", inner: "LoadedSet", method: Method) -> Optional["LoadedSet"]:
    """`inner.<method>(...)` where the method is defined by the project's manager or queryset class."""
    from loglint.semantics.querysets import MEDIUM

    module, fn = method
    result = _Body(resolver, module, fn, inner).run()
    if result is None or result.model.label != inner.model.label:
        return None
    return replace(result, confidence=MEDIUM, manager_class=None, queryset_class=result.queryset_class or inner.queryset_class)


def helper_set(resolver: "Resolver", qualified: str) -> Optional["LoadedSet"]:
    """A call of the project function `qualified` (module level) that returns a queryset chain."""
    from loglint.semantics.querysets import MEDIUM

    definition = resolver.index.definition(qualified)
    if definition is None or not isinstance(definition[1], ast.FunctionDef) or definition[1].decorator_list:
        return None
    result = _Body(resolver, definition[0], definition[1], None).run()
    return replace(result, confidence=MEDIUM, manager_class=None) if result is not None else None


class _Body:
    """The querysets a function body returns, `self` (its first parameter) being `self_set`."""

    def __init__(self, resolver: "Resolver", module: str, fn: ast.FunctionDef, self_set: Optional["LoadedSet"]) -> None:
        self.resolver = resolver
        self.module = module
        self.fn = fn
        self.self_set = self_set
        params = fn.args.posonlyargs + fn.args.args
        self.self_name = params[0].arg if params and self_set is not None else None
        self.returns: list[Optional[LoadedSet]] = []

    def run(self, definition: bool = False) -> Optional["LoadedSet"]:
        """The union of the returns; None when one is unknown. Inside a summary, another summary is
        unknown (one level), except for `definition`: a manager's `get_queryset`, which is what
        `Model.objects` means (and, read the same at any level, is memoised)."""
        from loglint.semantics.querysets import _merge_same

        resolver = self.resolver
        if resolver._summary_level > 0 and not definition:
            return None  # one level
        resolver._summary_level += 1
        try:
            self._exec(self.fn.body, {})
        finally:
            resolver._summary_level -= 1
        if not self.returns or any(r is None for r in self.returns):
            return None
        result = self.returns[0]
        for other in self.returns[1:]:
            result = _merge_same(result, other) if result is not None else None  # type: ignore[arg-type]
        return result

    def _exec(self, body: list[ast.stmt], env: dict[str, Optional["LoadedSet"]]) -> None:
        from loglint.semantics.querysets import _merge_same

        for stmt in body:
            if isinstance(stmt, ast.Return):
                self.returns.append(self.eval(stmt.value, env) if stmt.value is not None else None)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                value = self.eval(stmt.value, env) if stmt.value is not None else None
                for target in targets:
                    for name in _names(target):
                        env[name] = value if isinstance(target, ast.Name) else None
            elif isinstance(stmt, (ast.AugAssign, ast.Delete)):
                for target in stmt.targets if isinstance(stmt, ast.Delete) else [stmt.target]:
                    for name in _names(target):
                        env[name] = None
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                env[stmt.name] = None
            else:
                blocks = [getattr(stmt, field) for field in ("body", "orelse", "finalbody") if getattr(stmt, field, None)]
                blocks += [handler.body for handler in getattr(stmt, "handlers", ())]
                blocks += [case.body for case in getattr(stmt, "cases", ())]
                for block in blocks:
                    branch = dict(env)
                    self._exec(block, branch)
                    for name, value in branch.items():
                        if name in env and env[name] is value:
                            continue
                        before = env.get(name)
                        env[name] = _merge_same(before, value) if before is not None and value is not None else None
                for node in ast.walk(stmt):  # `for x in ...`, `with ... as x`, walrus, except-as
                    for name in _stored(node):
                        env[name] = None

    def eval(self, node: ast.expr, env: dict[str, Optional["LoadedSet"]]) -> Optional["LoadedSet"]:
        resolver = self.resolver
        if isinstance(node, ast.Name):
            if node.id == self.self_name:
                return self.self_set
            return env.get(node.id)
        if isinstance(node, ast.Attribute):
            return self._manager(node)
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        if isinstance(func, ast.Attribute):
            target = func.value
            if _is_super(target) and self.self_set is not None:
                # `super().get_queryset()`, `super().all()`: Django's method (or a base's, unknown here)
                inner = replace(self.self_set, manager_class=None, queryset_class=None)
            elif func.attr == "get_queryset" and isinstance(target, ast.Name) and target.id == self.self_name:
                return self.self_set if not node.args and not node.keywords else None
            else:
                inner = self.eval(target, env)
            if inner is None:
                return None
            if func.attr == "get_queryset":
                return inner if not node.args and not node.keywords else None
            if func.attr == "prefetch_related":
                return self._prefetch(inner, node)
            return resolver._apply(inner, func.attr, _cst_args(node))
        # `BookQuerySet(self.model, using=self._db)` in a manager's get_queryset
        qualified = resolver.index.resolve_in(self.module, func)
        if qualified is None or self.self_set is None:
            return None
        mro = class_mro(resolver, qualified)
        if not mro or overrides_internals(resolver, qualified) or not _derives(resolver, qualified, QUERYSET_BASES):
            return None
        return replace(self.self_set, queryset_class=qualified)

    def _manager(self, node: ast.Attribute) -> Optional["LoadedSet"]:
        """`Model.objects`, `self.model.objects` (a manager read in the body)."""
        resolver = self.resolver
        owner = node.value
        info: Optional[ModelInfo] = None
        if isinstance(owner, ast.Attribute) and owner.attr == "model" and isinstance(owner.value, ast.Name) \
                and owner.value.id == self.self_name and self.self_set is not None:
            info = self.self_set.model
        else:
            qualified = resolver.index.resolve_in(self.module, owner)
            info = resolver.index.model_for(qualified) if qualified is not None else None
        if info is None or info.is_abstract:
            return None
        return manager_set(resolver, info, node.attr)

    def _prefetch(self, inner: "LoadedSet", call: ast.Call) -> Optional["LoadedSet"]:
        from loglint.semantics.querysets import OPAQUE, _prefixes

        prefetched, to_attrs, pairs = set(inner.prefetched), set(inner.to_attrs), set(inner.to_attr_of)
        for arg in call.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                prefetched |= _prefixes(arg.value)
                continue
            if not isinstance(arg, ast.Call) or self.resolver.index.resolve_in(self.module, arg.func) not in PREFETCH:
                return None
            values = {key: value for key, value in zip(("lookup", "queryset", "to_attr"), arg.args)}
            values.update({k.arg: k.value for k in arg.keywords if k.arg is not None})
            lookup, to_attr = values.get("lookup"), values.get("to_attr")
            if not (isinstance(lookup, ast.Constant) and isinstance(lookup.value, str)):
                return None
            if to_attr is not None and not (isinstance(to_attr, ast.Constant) and isinstance(to_attr.value, str)):
                return None
            if to_attr is not None:
                to_attrs.add(to_attr.value)
                pairs.add((lookup.value, to_attr.value))
                prefetched |= _prefixes(lookup.value) - {lookup.value}
            else:
                prefetched |= _prefixes(lookup.value)
            if "queryset" in values:
                prefetched.add(f"{lookup.value}__{OPAQUE}")
        if call.keywords:
            return None
        return replace(inner, prefetched=frozenset(prefetched), to_attrs=frozenset(to_attrs), to_attr_of=frozenset(pairs))


def _derives(resolver: "Resolver", qualified: str, bases: frozenset[str]) -> bool:
    for module, node in class_mro(resolver, qualified) or ():
        for base in node.bases:
            if isinstance(base, ast.Subscript):
                base = base.value
            if resolver.index.resolve_in(module, base) in bases:
                return True
    return False


def _is_super(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def _binds(stmt: ast.stmt, name: str) -> bool:
    if isinstance(stmt, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
    if isinstance(stmt, ast.AnnAssign):
        return isinstance(stmt.target, ast.Name) and stmt.target.id == name
    return False


def _names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for element in target.elts for n in _names(element)]
    if isinstance(target, ast.Starred):
        return _names(target.value)
    return []


def _stored(node: ast.AST) -> list[str]:
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return _names(node.target)
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return _names(node.optional_vars)
    if isinstance(node, ast.NamedExpr):
        return _names(node.target)
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    return []


def _cst_args(call: ast.Call) -> list[cst.Arg]:
    """The arguments of an `ast` call as the LibCST arguments `Resolver._apply` reads: string literals
    and `None` as written, anything else an opaque name (never a literal)."""
    args: list[cst.Arg] = []
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            args.append(cst.Arg(value=cst.Name("_"), star="*"))
        else:
            args.append(cst.Arg(value=_cst_value(arg)))
    for keyword in call.keywords:
        if keyword.arg is None:
            args.append(cst.Arg(value=cst.Name("_"), star="**"))
        else:
            args.append(cst.Arg(value=_cst_value(keyword.value), keyword=cst.Name(keyword.arg)))
    return args


def _cst_value(node: ast.expr) -> cst.BaseExpression:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return cst.SimpleString(repr(node.value))
    if isinstance(node, ast.Constant) and node.value is None:
        return cst.Name("None")
    if isinstance(node, ast.Attribute) and node.attr in ("FETCH_PEERS", "FETCH_ONE", "RAISE"):
        return cst.Name(f"__fetch_{node.attr}")
    return cst.Name("__unknown__")


def _memo(index, name: str) -> dict:
    store = index.__dict__.setdefault("_summaries", {})
    return store.setdefault(name, {})
