"""A static evaluator of logging configuration: what a `LOGGING` dict or a `dictConfig(...)` argument holds.

LL4 rules must name the key or value at fault and must never cry wolf, so the evaluator keeps two promises:
every value it knows carries the CST node it came from (`Known.node`, and each dict key its key node), and
everything it cannot follow exactly is `Unknown` (a call, `os.environ.get(...)`, a conditional, a name bound
in a branch, a mutation it does not model). An `Unknown` is local: it replaces only the part it affects, so
its siblings stay checkable. A dict whose key set is not fully known (`**unknown` spread, a computed key) is
marked incomplete, so "key missing" checks can stay quiet.

Module-level code is followed statement by statement, in order, as Python runs it: assignments, then
mutations (`LOGGING.update(...)`, `LOGGING["handlers"]["x"] = ...`, `del`, `.setdefault`, `.append`...),
and `from .base import *` through a hook the caller supplies (split settings). Statements inside `if`/`try`/
`for`/`with` blocks may or may not run: what they touch becomes Unknown.

Containers are shared as Python shares them (`LOGGING = BASE`, `{**BASE}` shares the nested dicts,
`copy.copy` one level, `copy.deepcopy` nothing), so a mutation through an alias is seen everywhere it would be
at run time. What may change a container without being modelled (passing it to an unknown call, a method not
modelled, `globals()[name] = ...`, a star import) makes it Unknown, in place where it is shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Union

import libcst as cst

from loglint.semantics.loggers import string_value
from loglint.semantics.names import BindingKind, NameTable, ScopeNode, dotted_name, resolve_relative

# Literal nesting beyond this is not evaluated (Unknown): the parser admits 400 levels, Python's stack
# would not survive a recursive walk of that many, and no real LOGGING dict is deeper than a handful.
MAX_DEPTH = 48

DEFAULT_LOGGING_NAME = "django.utils.log.DEFAULT_LOGGING"
_COPY_FUNCTIONS = frozenset({"copy.deepcopy", "copy.copy"})
_DICTCONFIG = "logging.config.dictConfig"
# Methods whose arguments are not changed by the call (the receiver's change is modelled or read-only).
_MODELLED_METHODS = frozenset(
    {"update", "setdefault", "pop", "append", "extend", "get", "copy", "keys", "values", "items", "count", "index"}
)
_NAMESPACE_READS = frozenset({"get", "keys", "values", "items", "copy", "__contains__"})
_HARMLESS_BUILTINS = frozenset({"dict", "list", "tuple", "len", "print", "isinstance", "repr", "str", "sorted"})
_HARMLESS_FUNCTIONS = _COPY_FUNCTIONS | {_DICTCONFIG, "json.dumps", "pprint.pprint"}


@dataclass(frozen=True)
class Known:
    """A value known exactly: str/int/float/bool/None, a `ConfigDict` or a `ConfigList`.

    `node` is the expression it was read from. Values copied from Django's `DEFAULT_LOGGING` point at the
    expression that named `DEFAULT_LOGGING` (there is no source for them in the project)."""

    value: object
    node: Optional[cst.CSTNode] = field(repr=False, compare=False)

    @property
    def is_dict(self) -> bool:
        return isinstance(self.value, ConfigDict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, ConfigList)


@dataclass(frozen=True)
class Unknown:
    """A value the evaluator cannot know statically; `reason` says why (for debugging and tests)."""

    node: Optional[cst.CSTNode] = field(repr=False, compare=False)
    reason: str


Value = Union[Known, Unknown]


@dataclass(frozen=True)
class Entry:
    """One key of a dict: the key's node (None when it comes from `DEFAULT_LOGGING`) and its value."""

    key_node: Optional[cst.CSTNode] = field(repr=False, compare=False)
    value: Value


@dataclass
class ConfigDict:
    """A dict with string keys, in insertion order. `complete` is False when keys may exist that are not
    listed (a `**unknown` spread, a computed key, an `update` with an unknown argument)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    complete: bool = True

    def get(self, key: str) -> Optional[Value]:
        entry = self.entries.get(key)
        return entry.value if entry is not None else None

    def plain(self) -> object:
        """The Python value, Unknown parts as the `Unknown` objects (tests, debugging)."""
        return {key: to_plain(entry.value) for key, entry in self.entries.items()}


@dataclass
class ConfigList:
    """A list or tuple; `complete` is False when elements may exist that are not listed (`*unknown`)."""

    items: list[Value] = field(default_factory=list)
    complete: bool = True
    is_tuple: bool = False


@dataclass
class EvaluatedConfig:
    """A configuration as evaluated, and the statements that contributed to it, in order."""

    value: Value
    statements: list[cst.CSTNode] = field(default_factory=list)


ImportedConfig = Callable[[str], Optional[EvaluatedConfig]]


def to_plain(value: Value) -> object:
    """A Known value as plain Python (dicts, lists), Unknown parts left as `Unknown` objects."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value.value, ConfigDict):
        return value.value.plain()
    if isinstance(value.value, ConfigList):
        items = [to_plain(item) for item in value.value.items]
        return tuple(items) if value.value.is_tuple else items
    return value.value


def clone(value: Value) -> Value:
    """`copy.deepcopy`: new containers all the way down, the same nodes (where each value was written)."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value.value, ConfigDict):
        source = value.value
        entries = {key: Entry(entry.key_node, clone(entry.value)) for key, entry in source.entries.items()}
        return Known(ConfigDict(entries, source.complete), value.node)
    if isinstance(value.value, ConfigList):
        items = value.value
        return Known(ConfigList([clone(item) for item in items.items], items.complete, items.is_tuple), value.node)
    return value


def shallow_copy(value: Known, node: cst.CSTNode) -> Known:
    """`copy.copy(X)` / `dict(X)` / `X.copy()`: a new outer container made at `node`, the values shared."""
    if isinstance(value.value, ConfigDict):
        return Known(ConfigDict(dict(value.value.entries), value.value.complete), node)
    if isinstance(value.value, ConfigList):
        items = value.value
        return Known(ConfigList(list(items.items), items.complete, items.is_tuple), node)
    return value


def poison(value: Value, node: Optional[cst.CSTNode], reason: str) -> None:
    """Make a container's content Unknown *in place*: every name or dict sharing it sees the change, as
    it would see whatever the unmodelled code did to it."""
    if not isinstance(value, Known):
        return
    if isinstance(value.value, ConfigDict):
        _unknown_entries(value.value, node, reason)
        value.value.complete = False
    elif isinstance(value.value, ConfigList):
        value.value.items = [Unknown(node, reason) for _ in value.value.items]
        value.value.complete = False


def _from_plain(data: object, node: Optional[cst.CSTNode]) -> Value:
    """A static Python value (the `DEFAULT_LOGGING` table) as a Known value pointing at `node`."""
    if isinstance(data, dict):
        return Known(ConfigDict({key: Entry(None, _from_plain(item, node)) for key, item in data.items()}), node)
    if isinstance(data, (list, tuple)):
        items = [_from_plain(item, node) for item in data]
        return Known(ConfigList(items, True, isinstance(data, tuple)), node)
    return Known(data, node)


# Django 5.2's django.utils.log.DEFAULT_LOGGING, copied exactly (Django need not be installed to lint).
DEFAULT_LOGGING: dict[str, object] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {
            "()": "django.utils.log.RequireDebugFalse",
        },
        "require_debug_true": {
            "()": "django.utils.log.RequireDebugTrue",
        },
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "level": "INFO",
            "filters": ["require_debug_true"],
            "class": "logging.StreamHandler",
        },
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "django": {
            "handlers": ["console", "mail_admins"],
            "level": "INFO",
        },
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
}


# -- expressions ----------------------------------------------------------------------------------------


class Evaluator:
    """Evaluates expressions of one module against an environment of module-level names.

    `env` maps a module-level name to its value at the current point of the module; names not in `env`
    are resolved through the NameTable (imports: `DEFAULT_LOGGING`) or are Unknown."""

    def __init__(self, names: NameTable, env: Optional[dict[str, Value]] = None) -> None:
        self.names = names
        self.env: dict[str, Value] = env if env is not None else {}
        self.chain: tuple[ScopeNode, ...] = (names.module_scope.node,)
        self._default_logging: Optional[Value] = None

    def qualified_name(self, expr: cst.BaseExpression) -> Optional[str]:
        return self.names.qualified_name(expr, self.chain)

    def evaluate(self, expr: cst.BaseExpression, depth: int = 0) -> Value:
        """The value of `expr`; Unknown for anything not followed exactly."""
        if depth > MAX_DEPTH:
            return Unknown(expr, "nested too deep")
        text = string_value(expr)
        if text is not None:
            return Known(text, expr)
        if isinstance(expr, (cst.Integer, cst.Float)):
            return Known(expr.evaluated_value, expr)
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
            inner = self.evaluate(expr.expression, depth + 1)
            if isinstance(inner, Known) and type(inner.value) in (int, float):
                return Known(-inner.value, expr)  # type: ignore[operator]
            return Unknown(expr, "unary operation")
        if isinstance(expr, cst.Dict):
            return self._dict_literal(expr, depth)
        if isinstance(expr, (cst.List, cst.Tuple)):
            return self._sequence(expr, depth)
        if isinstance(expr, cst.Name):
            return self._name(expr)
        if isinstance(expr, cst.Attribute):
            return self._imported(expr)
        if isinstance(expr, cst.Subscript):
            return self._subscript(expr, depth)
        if isinstance(expr, cst.Call):
            return self._call(expr, depth)
        return Unknown(expr, type(expr).__name__)

    def _name(self, expr: cst.Name) -> Value:
        if expr.value in ("True", "False", "None") and not self.names.module_scope.bindings.get(expr.value):
            return Known({"True": True, "False": False, "None": None}[expr.value], expr)
        if expr.value in self.env:
            return self.env[expr.value]  # shared, as in Python: a mutation through any alias is seen by all
        return self._imported(expr)

    def _imported(self, expr: cst.BaseExpression) -> Value:
        """`DEFAULT_LOGGING` is one object per module evaluated (its values point at its first mention):
        `LOGGING = DEFAULT_LOGGING` followed by mutations changes what a later reference sees, as in Django."""
        if self.qualified_name(expr) == DEFAULT_LOGGING_NAME:
            if self._default_logging is None:
                self._default_logging = _from_plain(DEFAULT_LOGGING, expr)
            return self._default_logging
        return Unknown(expr, "name not bound to a literal")

    def _subscript(self, expr: cst.Subscript, depth: int) -> Value:
        """`X["a"]["b"]`: the value stored there (shared); a missing or computed key is Unknown."""
        container = self.evaluate(expr.value, depth + 1)
        key = _subscript_key(expr)
        if not (isinstance(container, Known) and isinstance(container.value, ConfigDict)) or not isinstance(key, str):
            return Unknown(expr, "subscript not followed")
        found = container.value.get(key)
        return found if found is not None else Unknown(expr, "key not known")

    def _dict_literal(self, expr: cst.Dict, depth: int) -> Value:
        result = ConfigDict()
        for element in expr.elements:
            if isinstance(element, cst.StarredDictElement):
                _merge(result, self.evaluate(element.value, depth + 1))
                continue
            key = string_value(element.key)
            if key is None:
                # A computed key may overwrite any key listed before it, and adds one not known.
                _unknown_entries(result, element.key, "may be overwritten by a computed key")
                result.complete = False
                continue
            # a repeated key keeps its first position and takes the last value, as in Python
            result.entries[key] = Entry(element.key, self.evaluate(element.value, depth + 1))
        return Known(result, expr)

    def _sequence(self, expr: Union[cst.List, cst.Tuple], depth: int) -> Value:
        result = ConfigList(is_tuple=isinstance(expr, cst.Tuple))
        for element in expr.elements:
            if isinstance(element, cst.StarredElement):
                inner = self.evaluate(element.value, depth + 1)
                if isinstance(inner, Known) and isinstance(inner.value, ConfigList):
                    result.items.extend(inner.value.items)
                    result.complete = result.complete and inner.value.complete
                else:
                    result.complete = False
                continue
            result.items.append(self.evaluate(element.value, depth + 1))
        return Known(result, expr)

    def _call(self, expr: cst.Call, depth: int) -> Value:
        """`dict(...)` (the builtin), `copy.deepcopy(X)` / `copy.copy(X)`; any other call is Unknown."""
        if self._is_builtin_dict(expr.func):
            return self._dict_call(expr, depth)
        if self.qualified_name(expr.func) in _COPY_FUNCTIONS and len(expr.args) == 1 and not expr.args[0].star:
            if expr.args[0].keyword is None:
                inner = self.evaluate(expr.args[0].value, depth + 1)
                if not isinstance(inner, Known):
                    return inner
                if self.qualified_name(expr.func) == "copy.deepcopy":
                    return Known(clone(inner).value, expr)  # type: ignore[union-attr]
                return shallow_copy(inner, expr)
        read = self._dict_read(expr, depth)
        if read is not None:
            return read
        if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "copy" and not expr.args:
            inner = self.evaluate(expr.func.value, depth + 1)
            if isinstance(inner, Known) and (inner.is_dict or inner.is_list):
                return shallow_copy(inner, expr)
        return Unknown(expr, "call")

    def _dict_read(self, expr: cst.Call, depth: int) -> Optional[Value]:
        """`X.get("k"[, d])` / `X.setdefault("k", d)` on a known dict: the stored value, shared (a
        setdefault statement has already inserted its default); None when the call is neither."""
        func = expr.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ("get", "setdefault"):
            return None
        if not 1 <= len(expr.args) <= 2 or any(arg.keyword is not None or arg.star for arg in expr.args):
            return None
        key = string_value(expr.args[0].value)
        receiver = self.evaluate(func.value, depth + 1)
        if key is None or not (isinstance(receiver, Known) and isinstance(receiver.value, ConfigDict)):
            return Unknown(expr, "dict read not followed")
        found = receiver.value.get(key)
        if found is not None:
            return found
        if func.attr.value == "get" and receiver.value.complete:
            return self.evaluate(expr.args[1].value, depth + 1) if len(expr.args) == 2 else Known(None, expr)
        return Unknown(expr, "key not known")

    def _is_builtin_dict(self, func: cst.BaseExpression) -> bool:
        return isinstance(func, cst.Name) and func.value == "dict" and not self.names.module_scope.bindings.get("dict")

    def _dict_call(self, expr: cst.Call, depth: int) -> Value:
        result = ConfigDict()
        positional = [arg for arg in expr.args if arg.keyword is None and arg.star == ""]
        if len(positional) > 1:
            return Unknown(expr, "dict() with several positional arguments")
        for arg in expr.args:
            if arg.star == "*":
                return Unknown(expr, "dict(*args)")
            if arg.star == "**" or arg.keyword is None:
                inner = self.evaluate(arg.value, depth + 1)
                if arg.keyword is None and arg.star == "" and isinstance(inner, Known) and not inner.is_dict:
                    return Unknown(expr, "dict() of a non-dict")
                _merge(result, inner)
            else:
                result.entries[arg.keyword.value] = Entry(arg.keyword, self.evaluate(arg.value, depth + 1))
        return Known(result, expr)


def _merge(target: ConfigDict, source: Value) -> None:
    """`{**source}` / `target.update(source)`: source's keys overwrite, in order. An unknown source may
    add or overwrite any key, so then every key already there becomes Unknown and the dict incomplete."""
    if isinstance(source, Known) and isinstance(source.value, ConfigDict):
        if not source.value.complete:  # keys the source may hold but does not list may overwrite these
            _unknown_entries(target, source.node, "may be overwritten by an incompletely known dict")
            target.complete = False
        for key, entry in source.value.entries.items():
            target.entries[key] = entry  # an existing key keeps its position, as in Python
        return
    node = source.node
    _unknown_entries(target, node, "overwritten by an unknown dict")
    target.complete = False


def _unknown_entries(target: ConfigDict, node: Optional[cst.CSTNode], reason: str) -> None:
    for key, entry in list(target.entries.items()):
        target.entries[key] = Entry(entry.key_node, Unknown(node, reason))


# -- module-level code -----------------------------------------------------------------------------------


@dataclass
class _Tracked:
    """A module-level name's current value and the statements that made it."""

    value: Value
    statements: list[cst.CSTNode]


class ModuleState:
    """Module-level names followed through the statements of a module, in order."""

    def __init__(
        self,
        module: cst.Module,
        names: NameTable,
        imported_config: Optional[ImportedConfig] = None,
        tracked_name: str = "LOGGING",
    ) -> None:
        self.module = module
        self.names = names
        self.imported_config = imported_config
        self.tracked_name = tracked_name
        self.tracked: dict[str, _Tracked] = {}
        self.env: dict[str, Value] = {}
        self.evaluator = Evaluator(names, self.env)
        self._rebound_elsewhere = self._names_bound_outside_top_level()

    def run(self, stop_at: Optional[cst.CSTNode] = None) -> None:
        """Follow the top-level statements (up to `stop_at`, a top-level statement, excluded)."""
        for stmt in self.module.body:
            if stmt is stop_at:
                break
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small(small, stmt, conditional=False)
                    self._side_effects(small, stmt)
            elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
                # The body runs later, if ever (`global` rebindings are handled below); the name is rebound.
                self._rebind_unknown([stmt.name.value], stmt, "rebound by a def or class")
            else:
                for line in _nested_simple_lines(stmt):
                    for small in line.body:
                        self._small(small, stmt, conditional=True)
                self._side_effects(stmt, stmt)
        for name in self._rebound_elsewhere:
            if name in self.env:
                self._set(name, Unknown(None, "bound inside a function or class"), None)

    def result(self, name: str) -> Optional[EvaluatedConfig]:
        tracked = self.tracked.get(name)
        if tracked is None:
            return None
        return EvaluatedConfig(tracked.value, list(tracked.statements))

    # -- statements ------------------------------------------------------------------------------------

    def _set(self, name: str, value: Value, stmt: Optional[cst.CSTNode], keep_history: bool = False) -> None:
        self.env[name] = value
        previous = self.tracked.get(name)
        history = list(previous.statements) if (previous is not None and keep_history) else []
        if stmt is not None:
            history.append(stmt)
        self.tracked[name] = _Tracked(value, history)

    def _rebind_unknown(self, names: list[str], stmt: cst.CSTNode, reason: str) -> None:
        for name in names:
            if name in self.env:
                self._set(name, Unknown(stmt, reason), stmt)

    def _side_effects(self, node: cst.CSTNode, stmt: cst.CSTNode) -> None:
        """What a statement may do beyond the assignments and mutations modelled: a followed container
        passed to an unmodelled call may be changed by it (made Unknown in place); `locals()`/`globals()`/
        `vars()` hand every module name to code that may rebind it (`django_heroku.settings(locals())`
        replaces LOGGING); `for`/`with`/`except`/`:=` targets and nested defs rebind names. Iterative."""
        from loglint.semantics.handlers import child_nodes

        stack: list[cst.CSTNode] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Lambda):
                continue  # runs later, if ever
            namespace_use = self._namespace_use(current)
            if namespace_use is not None:
                self._rebind_unknown(namespace_use, stmt, "set through globals()")
                stack.extend(child_nodes(current)[1:])  # the key or the method's arguments
                continue
            if isinstance(current, cst.Call):
                self._call_side_effects(current, stmt)
            self._rebind_unknown(_bound_names(current), stmt, "rebound by a loop, with, except, := or def")
            if isinstance(current, (cst.FunctionDef, cst.ClassDef)):
                continue
            stack.extend(child_nodes(current))

    def _call_side_effects(self, call: cst.Call, stmt: cst.CSTNode) -> None:
        if self._is_namespace_call(call):
            self._rebind_unknown(list(self.env), stmt, "module namespace handed to code that may rebind names")
            return
        if self._harmless_to_arguments(call):
            return
        for arg in call.args:
            path = _path(arg.value)
            if path is not None and path[0] in self.env:
                poison(self.evaluator.evaluate(arg.value), call, "passed to a call that may change it")

    def _namespace_use(self, node: cst.CSTNode) -> Optional[list[str]]:
        """`globals().get(...)` (a read: []) or `globals()["NAME"]` (may be a store: ["NAME"]); None for
        any other node, including a namespace call used in a way that may rebind anything."""
        if isinstance(node, cst.Attribute) and node.attr.value in _NAMESPACE_READS:
            if isinstance(node.value, cst.Call) and self._is_namespace_call(node.value):
                return []
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Call):
            key = _subscript_key(node)
            if isinstance(key, str) and self._is_namespace_call(node.value):
                return [key]
        return None

    def _is_namespace_call(self, call: cst.Call) -> bool:
        func = call.func
        return (
            isinstance(func, cst.Name)
            and func.value in ("locals", "globals", "vars")
            and not (func.value == "vars" and call.args)
            and not self.names.module_scope.bindings.get(func.value)
        )

    def _harmless_to_arguments(self, call: cst.Call) -> bool:
        """Calls known not to change the containers they are given."""
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _MODELLED_METHODS:
            return True
        if isinstance(call.func, cst.Name) and call.func.value in _HARMLESS_BUILTINS:
            return not self.names.module_scope.bindings.get(call.func.value)
        return self.evaluator.qualified_name(call.func) in _HARMLESS_FUNCTIONS

    def _small(self, small: cst.BaseSmallStatement, stmt: cst.CSTNode, conditional: bool) -> None:
        if isinstance(small, (cst.Assign, cst.AnnAssign)):
            self._assign(small, stmt, conditional)
        elif isinstance(small, cst.AugAssign):
            self._aug_assign(small, stmt, conditional)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._method_call(small.value, stmt, conditional)
        elif isinstance(small, cst.Del):
            self._delete(small, stmt, conditional)
        elif isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar):
            self._star_import(small, stmt, conditional)
        elif isinstance(small, (cst.Import, cst.ImportFrom)):
            self._imports(small, stmt)

    def _assign(self, small: Union[cst.Assign, cst.AnnAssign], stmt: cst.CSTNode, conditional: bool) -> None:
        if small.value is None:
            return
        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
        self._run_setdefaults(small.value, stmt, conditional)
        value = self.evaluator.evaluate(small.value)
        for target in targets:
            if isinstance(target, cst.Name):
                if conditional:
                    self._set(target.value, Unknown(small, "assigned in a conditional block"), stmt)
                else:
                    self._set(target.value, value, stmt)
            elif isinstance(target, cst.Subscript):
                self._run_setdefaults(target.value, stmt, conditional)
                if _path(target.value) is None:
                    self._poison_chain(target.value, stmt)
                    continue
                self._mutate(target.value, _subscript_key(target), stmt, conditional, _Put(value, target))
            else:
                for name in _target_names(target):
                    self._set(name, Unknown(small, "unpacked or attribute assignment"), stmt)

    def _run_setdefaults(self, expr: cst.BaseExpression, stmt: cst.CSTNode, conditional: bool) -> None:
        """`X.setdefault("k", {})[...] = v` and `h = X.setdefault("k", {})`: the setdefault runs first."""
        for call in _setdefault_calls(expr):
            self._method_call(call, stmt, conditional)

    def _poison_chain(self, expr: cst.BaseExpression, stmt: cst.CSTNode) -> None:
        """A change through a chain the evaluator does not follow (`X.get("h")["x"] = ...`): whatever the
        root name holds may have changed."""
        name = _chain_root(expr)
        if name is not None and name in self.env:
            poison(self.env[name], stmt, "changed through an expression not followed")

    def _aug_assign(self, small: cst.AugAssign, stmt: cst.CSTNode, conditional: bool) -> None:
        if isinstance(small.target, cst.Name) and small.target.value in self.env:
            self._set(small.target.value, Unknown(small, "augmented assignment"), stmt, keep_history=True)
            return
        if isinstance(small.target, cst.Subscript):
            self._mutate(small.target.value, _subscript_key(small.target), stmt, True, _Put(None, small))

    def _delete(self, small: cst.Del, stmt: cst.CSTNode, conditional: bool) -> None:
        targets = small.target.elements if isinstance(small.target, cst.Tuple) else None
        for target in [e.value for e in targets] if targets is not None else [small.target]:
            if isinstance(target, cst.Name):
                self.env.pop(target.value, None)
                self.tracked.pop(target.value, None)
            elif isinstance(target, cst.Subscript):
                self._mutate(target.value, _subscript_key(target), stmt, conditional, _Delete(small))

    def _method_call(self, call: cst.Call, stmt: cst.CSTNode, conditional: bool) -> None:
        """`X[...].update(...)`, `.setdefault(...)`, `.pop(...)`, `.append(...)`, `.extend(...)`, others."""
        if not isinstance(call.func, cst.Attribute):
            return
        receiver = call.func.value
        self._run_setdefaults(receiver, stmt, conditional)
        if _root_name(receiver) not in self.env:
            if call.func.attr.value not in _NAMESPACE_READS and call.func.attr.value != "get":
                self._poison_chain(receiver, stmt)
            return
        method = call.func.attr.value
        self._mutate(receiver, None, stmt, conditional, _Method(method, call, self.evaluator))

    def _star_import(self, small: cst.ImportFrom, stmt: cst.CSTNode, conditional: bool) -> None:
        """`from .base import *`: the caller's hook says what the other module's tracked name holds (None:
        the module does not define it). Any other followed name may be rebound by it: Unknown; so is the
        tracked name when there is no hook or the module cannot be resolved."""
        name = self.tracked_name
        others = [other for other in self.env if other != name]
        self._rebind_unknown(others, stmt, "may be rebound by a star import")
        module = dotted_name(small.module) if small.module is not None else None
        base = resolve_relative(module, len(small.relative), self.names.module_name, self.names.is_package)
        if self.imported_config is None or base is None:
            self._rebind_unknown([name], stmt, "may be rebound by a star import not followed")
            return
        imported = self.imported_config(base)
        if imported is None:
            return
        if conditional:
            self._set(name, Unknown(small, "star import in a conditional block"), stmt)
            return
        self.env[name] = clone(imported.value)
        self.tracked[name] = _Tracked(self.env[name], list(imported.statements) + [stmt])

    def _imports(self, small: Union[cst.Import, cst.ImportFrom], stmt: cst.CSTNode) -> None:
        """An import rebinding a followed name: its value comes from elsewhere, not known here."""
        if isinstance(small.names, cst.ImportStar):
            return
        for alias in small.names:
            local = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(local, cst.Attribute):
                local = cst.Name(dotted_name(local).split(".")[0]) if dotted_name(local) else local
            if isinstance(local, cst.Name) and local.value in self.env:
                self._set(local.value, Unknown(small, "rebound by an import"), stmt)

    # -- mutations -------------------------------------------------------------------------------------

    def _mutate(
        self,
        container: cst.BaseExpression,
        last_key: Optional[Union[str, _Computed]],
        stmt: cst.CSTNode,
        conditional: bool,
        action: "_Action",
    ) -> None:
        """Apply `action` at the path `container[...]` (+ `last_key`) of a followed name. A path that
        cannot be followed exactly makes the part it reaches Unknown (never a guess)."""
        path = _path(container)
        if path is None:
            return
        name, keys = path
        if name not in self.env:
            return
        if last_key is not None:
            keys = keys + [last_key]
        root = self.env[name]
        if isinstance(root, Unknown):
            self._set(name, root, stmt, keep_history=True)
            return
        new_root = _apply(root, keys, action, conditional)
        self._set(name, new_root, stmt, keep_history=True)

    def _names_bound_outside_top_level(self) -> set[str]:
        """Module-level names also bound by a `global` statement in a function: they may change at any
        time after import, so their value at the end of the module is not known."""
        module_node = self.names.module_scope.node
        out = set()
        for name, bindings in self.names.module_scope.bindings.items():
            if any(binding.scopes and binding.scopes[0] is not module_node for binding in bindings):
                out.add(name)
        return out


@dataclass(frozen=True)
class _Computed:
    """A subscript key that is not a string literal."""

    node: cst.CSTNode


def _subscript_key(node: cst.Subscript) -> Union[str, _Computed]:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return _Computed(node)
    index = node.slice[0].slice.value
    key = string_value(index)
    return key if key is not None else _Computed(index)


def _path(expr: cst.BaseExpression) -> Optional[tuple[str, list[Union[str, _Computed]]]]:
    """`LOGGING["a"]["b"]` -> ("LOGGING", ["a", "b"]); None when the expression is not a subscript
    chain on a plain name. Iterative: chains can be long."""
    keys: list[Union[str, _Computed]] = []
    while True:
        if isinstance(expr, cst.Subscript):
            keys.append(_subscript_key(expr))
            expr = expr.value
        elif _setdefault_call(expr) is not None:
            receiver, key = _setdefault_call(expr)  # type: ignore[misc]
            keys.append(key)
            expr = receiver
        else:
            break
    if not isinstance(expr, cst.Name):
        return None
    keys.reverse()
    return expr.value, keys


def _setdefault_call(expr: cst.BaseExpression) -> Optional[tuple[cst.BaseExpression, str]]:
    """`X.setdefault("k", ...)` -> (X, "k"): what it returns is `X["k"]` once it has run."""
    if (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "setdefault"
        and 1 <= len(expr.args) <= 2
        and all(arg.keyword is None and not arg.star for arg in expr.args)
    ):
        key = string_value(expr.args[0].value)
        if key is not None:
            return expr.func.value, key
    return None


def _setdefault_calls(expr: cst.BaseExpression) -> list[cst.Call]:
    """The `.setdefault(...)` calls of a subscript/setdefault chain, innermost (first run) first."""
    found: list[cst.Call] = []
    while True:
        if isinstance(expr, cst.Subscript):
            expr = expr.value
        elif _setdefault_call(expr) is not None:
            found.append(expr)  # type: ignore[arg-type]
            expr = expr.func.value  # type: ignore[attr-defined]
        else:
            break
    found.reverse()
    return found


def _chain_root(expr: cst.BaseExpression) -> Optional[str]:
    """The name at the bottom of any chain of subscripts, attributes and calls (`A.get("x")["y"]` -> A)."""
    while True:
        if isinstance(expr, (cst.Subscript, cst.Attribute)):
            expr = expr.value
        elif isinstance(expr, cst.Call):
            expr = expr.func
        else:
            break
    return expr.value if isinstance(expr, cst.Name) else None


def _root_name(expr: cst.BaseExpression) -> Optional[str]:
    path = _path(expr)
    return path[0] if path is not None else None


class _Action:
    """What a mutation does to the value at the end of its path (the parent dict and key given)."""

    node: cst.CSTNode

    def on_dict(self, parent: ConfigDict, key: str, conditional: bool) -> None:  # pragma: no cover
        raise NotImplementedError

    def on_value(self, value: Value, conditional: bool) -> Value:
        """A method applied to the container itself (`X.update(...)`): returns the new value."""
        return Unknown(self.node, "mutated")


@dataclass
class _Put(_Action):
    """`X[...][key] = value`; value None for an augmented assignment (result not modelled)."""

    value: Optional[Value]
    node: cst.CSTNode

    def on_dict(self, parent: ConfigDict, key: str, conditional: bool) -> None:
        existing = parent.entries.get(key)
        key_node = existing.key_node if existing is not None else None
        if self.value is None or conditional:
            value: Value = Unknown(self.node, "assigned in a conditional block" if conditional else "augmented")
            if existing is None and conditional:
                parent.complete = False
                return
        else:
            value = self.value
        key_node = _key_node_of(self.node) or key_node
        parent.entries[key] = Entry(key_node, value)


@dataclass
class _Delete(_Action):
    node: cst.CSTNode

    def on_dict(self, parent: ConfigDict, key: str, conditional: bool) -> None:
        if key not in parent.entries:
            return  # a KeyError at run time (or a key not known): nothing known to remove
        if conditional:
            entry = parent.entries[key]
            parent.entries[key] = Entry(entry.key_node, Unknown(self.node, "deleted in a conditional block"))
            return
        del parent.entries[key]


@dataclass
class _Method(_Action):
    """A method called on a part of a followed value: `update`, `setdefault`, `pop`, `append`, `extend`
    are modelled; any other method makes that part Unknown."""

    method: str
    node: cst.Call
    evaluator: Evaluator

    def on_value(self, value: Value, conditional: bool) -> Value:
        if isinstance(value, Unknown):
            return value
        if conditional:
            return self._conditional(value)
        if isinstance(value.value, ConfigDict):
            return self._dict_method(value, value.value)
        if isinstance(value.value, ConfigList):
            return self._list_method(value, value.value)
        return Unknown(self.node, f".{self.method}() on a literal")

    def _conditional(self, value: Known) -> Value:
        if self.method in ("append", "extend") and isinstance(value.value, ConfigList) and not value.value.is_tuple:
            value.value.complete = False  # what is there stays; more may be added
            return value
        if self.method in ("setdefault", "update", "pop") and isinstance(value.value, ConfigDict):
            keys = self._keys_touched()
            if keys is not None:
                for key in keys:
                    entry = value.value.entries.get(key)
                    if entry is not None:
                        value.value.entries[key] = Entry(entry.key_node, Unknown(self.node, "conditional"))
                    else:
                        value.value.complete = False
                return value
        return Unknown(self.node, f".{self.method}() in a conditional block")

    def _keys_touched(self) -> Optional[list[str]]:
        if self.method in ("setdefault", "pop"):
            if not self.node.args:
                return None
            key = string_value(self.node.args[0].value)
            return [key] if key is not None else None
        argument = self._update_argument()
        if isinstance(argument, Known) and isinstance(argument.value, ConfigDict) and argument.value.complete:
            return list(argument.value.entries)
        return None

    def _update_argument(self) -> Value:
        fake = cst.Call(func=cst.Name("dict"), args=self.node.args)
        value = self.evaluator._dict_call(fake, 1)
        return Known(value.value, self.node) if isinstance(value, Known) else Unknown(self.node, "update")

    def _dict_method(self, value: Known, target: ConfigDict) -> Value:
        args = self.node.args
        if self.method == "update":
            if len([a for a in args if a.keyword is None and not a.star]) > 1 or any(a.star == "*" for a in args):
                return Unknown(self.node, "update() arguments")
            _merge(target, self._update_argument())
            return value
        if self.method in ("setdefault", "pop") and args and args[0].keyword is None and not args[0].star:
            key = string_value(args[0].value)
            if key is None:
                return Unknown(self.node, f".{self.method}() with a computed key")
            if self.method == "pop":
                target.entries.pop(key, None)
                return value
            if key not in target.entries:
                if not target.complete:
                    target.entries[key] = Entry(args[0].value, Unknown(self.node, "setdefault on an incomplete dict"))
                    return value
                default = self.evaluator.evaluate(args[1].value) if len(args) > 1 else Known(None, self.node)
                target.entries[key] = Entry(args[0].value, default)
            return value
        if self.method in ("get", "keys", "values", "items", "copy"):
            return value  # reads
        return Unknown(self.node, f".{self.method}()")

    def _list_method(self, value: Known, target: ConfigList) -> Value:
        args = self.node.args
        if target.is_tuple:
            return value if self.method in ("count", "index") else Unknown(self.node, "tuple method")
        if self.method == "append" and len(args) == 1 and args[0].keyword is None and not args[0].star:
            target.items.append(self.evaluator.evaluate(args[0].value))
            return value
        if self.method == "extend" and len(args) == 1 and args[0].keyword is None and not args[0].star:
            extra = self.evaluator.evaluate(args[0].value)
            if isinstance(extra, Known) and isinstance(extra.value, ConfigList):
                target.items.extend(extra.value.items)
                target.complete = target.complete and extra.value.complete
                return value
        if self.method in ("count", "index", "copy"):
            return value
        return Unknown(self.node, f".{self.method}()")


def _key_node_of(node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """For `X["a"]["b"] = v`: the node of the last key (`"b"`), so a finding can point at it."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    return None


def _apply(root: Known, keys: list[Union[str, _Computed]], action: _Action, conditional: bool) -> Value:
    """Walk `keys` down from `root` (iteratively) and apply `action`; returns the new root. A step into an
    Unknown stops quietly (it stays Unknown); a computed key or a non-dict makes that level Unknown."""
    if not keys:
        return _in_place(root, action.on_value(root, conditional), action.node)
    current: Value = root
    for index, key in enumerate(keys):
        if not (isinstance(current, Known) and isinstance(current.value, ConfigDict)):
            return root  # an Unknown (or a list, or a literal: a run-time error) stays what it was
        parent = current.value
        last = index == len(keys) - 1
        if isinstance(key, _Computed):
            _unknown_entries(parent, key.node, "written through a computed key")
            parent.complete = False
            return root
        if last and not isinstance(action, _Method):
            action.on_dict(parent, key, conditional)
            return root
        entry = parent.entries.get(key)
        if entry is None:
            if not parent.complete:
                parent.entries[key] = Entry(None, Unknown(action.node, "mutation of a key not known"))
            return root
        if last:
            _in_place(entry.value, action.on_value(entry.value, conditional), action.node)
            return root
        current = entry.value
    return root


def _in_place(before: Value, after: Value, node: cst.CSTNode) -> Value:
    """A method call changes its receiver in place, so aliases see it: when the result is not known, the
    receiver's content is made Unknown in place. A method of a str/int/None changes nothing."""
    if isinstance(before, Known) and isinstance(after, Unknown):
        if isinstance(before.value, (ConfigDict, ConfigList)):
            poison(before, node, after.reason)
        return before
    return after


def _nested_simple_lines(stmt: cst.CSTNode) -> Iterator[cst.SimpleStatementLine]:
    """The simple statement lines inside a compound statement (if/try/for/while/with), at any depth,
    not entering function or class bodies. Iterative."""
    from loglint.semantics.handlers import child_nodes

    stack: list[cst.CSTNode] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            yield node
            continue
        if isinstance(node, cst.SimpleStatementSuite):
            yield cst.SimpleStatementLine(body=node.body)
            continue
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.BaseExpression)):
            continue
        stack.extend(reversed(child_nodes(node)))


def _bound_names(node: cst.CSTNode) -> list[str]:
    """Names a node binds other than by a plain assignment: loop, with, except and := targets, defs."""
    if isinstance(node, cst.For):  # a comprehension's targets are its own (Python 3)
        return list(_target_names(node.target))
    if isinstance(node, cst.WithItem) and node.asname is not None:
        return list(_target_names(node.asname.name))
    if isinstance(node, cst.ExceptHandler) and node.name is not None:
        return list(_target_names(node.name.name))
    if isinstance(node, cst.NamedExpr):
        return list(_target_names(node.target))
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return [node.name.value]
    return []


def _target_names(target: cst.CSTNode) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


# -- entry points ----------------------------------------------------------------------------------------


def module_logging_config(
    module: cst.Module,
    names: NameTable,
    imported_config: Optional[ImportedConfig] = None,
    name: str = "LOGGING",
) -> Optional[EvaluatedConfig]:
    """The value `name` (Django's `LOGGING`) holds at the end of the module, and the statements that made
    it; None when the module never binds it (nor star-imports a module that does, per `imported_config`).

    `imported_config(module_name)` is the caller's hook for `from X import *`: it returns what `name`
    holds at the end of module X (or None when X does not define it)."""
    state = ModuleState(module, names, imported_config, name)
    state.run()
    return state.result(name)


def dictconfig_calls(
    module: cst.Module, names: NameTable, imported_config: Optional[ImportedConfig] = None
) -> list[tuple[cst.Call, EvaluatedConfig]]:
    """Every `logging.config.dictConfig(arg)` call in the module (found by qualified name, through
    aliases), with its evaluated argument: a literal, or a module-level name (its value just before a
    top-level call, its final value for a call inside a function)."""
    if not _imports_logging(names):
        return []
    calls = _find_dictconfig_calls(module, names)
    out: list[tuple[cst.Call, EvaluatedConfig]] = []
    final: Optional[ModuleState] = None
    for call, top_level_stmt, chain in calls:
        local = _local_name_in_argument(call, names, chain)
        if local is not None:
            out.append((call, EvaluatedConfig(Unknown(local, "argument uses a local name"), [])))
            continue
        if top_level_stmt is not None:
            state = ModuleState(module, names, imported_config)
            state.run(stop_at=top_level_stmt)
        else:
            if final is None:
                final = ModuleState(module, names, imported_config)
                final.run()
            state = final
        out.append((call, _argument_config(call, state)))
    return out


def _argument_config(call: cst.Call, state: ModuleState) -> EvaluatedConfig:
    args = [arg for arg in call.args if not arg.star and arg.keyword is None]
    keyword = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value == "config"]
    chosen = (args or keyword or [None])[0]
    if chosen is None or any(arg.star for arg in call.args):
        return EvaluatedConfig(Unknown(call, "dictConfig argument not given"), [])
    expr = chosen.value
    value = state.evaluator.evaluate(expr)
    statements: list[cst.CSTNode] = []
    if isinstance(expr, cst.Name) and expr.value in state.tracked:
        statements = list(state.tracked[expr.value].statements)
    return EvaluatedConfig(value, statements)


def _imports_logging(names: NameTable) -> bool:
    """Whether any scope imports `logging` or part of it: without that, no call can be `dictConfig`
    (checked from the bindings, far cheaper than walking every expression of the file)."""
    for scope in names.scopes.values():
        for bindings in scope.bindings.values():
            for binding in bindings:
                if binding.kind is BindingKind.IMPORT and str(binding.payload).split(".")[0] == "logging":
                    return True
    return False


_Found = tuple[cst.Call, Optional[cst.CSTNode], tuple[ScopeNode, ...]]


def _find_dictconfig_calls(module: cst.Module, names: NameTable) -> list[_Found]:
    """(call, its top-level statement when it is directly at module level, else None, the scope chain at
    the call), in source order. Names resolve in the scopes around the call (`import logging.config` in
    a function counts; a local `logging` that is not the module does not)."""
    from loglint.semantics.handlers import child_nodes

    found: list[_Found] = []
    for stmt in module.body:
        direct = isinstance(stmt, cst.SimpleStatementLine)
        stack: list[tuple[cst.CSTNode, tuple[ScopeNode, ...]]] = [(stmt, (module,))]
        while stack:
            node, chain = stack.pop()
            if isinstance(node, cst.Call) and names.qualified_name(node.func, chain) == _DICTCONFIG:
                found.append((node, stmt if direct else None, chain))
            inner = (node,) + chain if isinstance(node, (cst.FunctionDef, cst.ClassDef)) else chain
            stack.extend((child, inner) for child in reversed(child_nodes(node)))
    return found


def _local_name_in_argument(call: cst.Call, names: NameTable, chain: tuple[ScopeNode, ...]) -> Optional[cst.Name]:
    """A name in the call's arguments bound in a function or class around the call (its value there is
    not followed: using the module-level value of the same name would be a guess)."""
    from loglint.semantics.handlers import child_nodes

    if len(chain) == 1:
        return None
    stack: list[cst.CSTNode] = [arg.value for arg in call.args]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            bindings = names.lookup(node.value, chain) or []
            if any(binding.scopes and binding.scopes[0] is not chain[-1] for binding in bindings):
                return node
        if isinstance(node, cst.Attribute):
            stack.append(node.value)  # `a.b`: only `a` is a name to look up
            continue
        stack.extend(child_nodes(node))
    return None


__all__ = [
    "ConfigDict",
    "ConfigList",
    "DEFAULT_LOGGING",
    "Entry",
    "EvaluatedConfig",
    "Evaluator",
    "ImportedConfig",
    "Known",
    "Unknown",
    "Value",
    "clone",
    "dictconfig_calls",
    "module_logging_config",
    "to_plain",
]
