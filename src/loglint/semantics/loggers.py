"""What counts as a logger (RULES.md, "What counts as a logger"), resolved by meaning.

An expression is a logger when it is, through any chain of aliases and assignments the file or the project
shows: a call of `logging.getLogger` (or celery's `get_task_logger`/`get_logger`, which return stdlib
loggers), an instance of `logging.Logger`/`LoggerAdapter` or of a project class deriving from them,
`logging.root`, `logger.getChild(...)`, a parameter or variable annotated as one, `self.<attr>` assigned one
in the class, a module-level logger imported from another module of the project, or a dotted name listed
in `logging.logger-objects`. The `logging` module itself is the root logger's front door
(`logging.info(...)`). Everything else (loguru, structlog, `warnings`, unknown parameters, objects that
happen to have `.info()`) is unknown, and rules stay quiet about unknowns.

A logger is also classified as a `LoggerAdapter` or not (`LogCall.adapter`), along the same paths: an
adapter's `process()` replaces the call's `extra` with its own unless it was made with `merge_extra=True`.
What cannot be followed (an imported logger, a project subclass with its own `process()`) may be one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import libcst as cst

from loglint.semantics.names import Binding, BindingKind, NameTable, ScopeNode, dotted_name

if TYPE_CHECKING:
    from loglint.project import ProjectIndex

LEVELS: dict[str, int] = {
    "debug": 10,
    "info": 20,
    "warning": 30,
    "warn": 30,
    "error": 40,
    "exception": 40,
    "critical": 50,
    "fatal": 50,
}
LOG_METHODS = frozenset(LEVELS) | {"log"}
LEVEL_NAMES: dict[str, int] = {
    "CRITICAL": 50,
    "FATAL": 50,
    "ERROR": 40,
    "WARNING": 30,
    "WARN": 30,
    "INFO": 20,
    "DEBUG": 10,
    "NOTSET": 0,
}

LOGGER_FACTORIES = frozenset(
    {"logging.getLogger", "celery.utils.log.get_task_logger", "celery.utils.log.get_logger"}
)
LOGGER_CLASSES = frozenset({"logging.Logger", "logging.RootLogger", "logging.LoggerAdapter"})
LOGGER_RETURNING_METHODS = frozenset({"getChild"})
_FORMATTING_OVERRIDES = LOG_METHODS | {"_log", "makeRecord"}
_MAX_DEPTH = 12


class Kind(enum.Enum):
    LOGGER = "logger"
    LOGGING_MODULE = "logging"
    UNKNOWN = "unknown"


class Adapter(enum.Enum):
    """Whether a logger is a `LoggerAdapter`, and what its `process()` does with the call's `extra`."""

    NO = "no"  # a Logger, or the logging module
    REPLACES_EXTRA = "replaces"  # the stdlib's: its own `extra` takes the place of the call's
    MERGES_EXTRA = "merges"  # `LoggerAdapter(..., merge_extra=True)` (3.13+): the call's keys reach makeRecord
    MAYBE = "maybe"  # may be an adapter (a project subclass with its own process(), an imported logger, ...)


@dataclass(frozen=True)
class LogCall:
    """A call of a stdlib log method, taken apart.

    `args` are the positional arguments after the message; `keywords` maps keyword names to their
    `Arg`. `has_unpacking` is set when `*args`/`**kwargs` hide what is passed. `adapter` says whether the
    receiver is (or may be) a `LoggerAdapter`, whose `process()` decides what becomes of `extra`.
    """

    call: cst.Call
    method: str
    on_root: bool
    level: Optional[int]
    msg: Optional[cst.Arg]
    args: tuple[cst.Arg, ...]
    keywords: dict[str, cst.Arg]
    has_unpacking: bool
    receiver: cst.BaseExpression
    adapter: Adapter

    def keyword(self, name: str) -> Optional[cst.BaseExpression]:
        arg = self.keywords.get(name)
        return arg.value if arg is not None else None


class LoggerResolver:
    def __init__(
        self,
        names: NameTable,
        project: Optional["ProjectIndex"] = None,
        logger_objects: frozenset[str] = frozenset(),
    ) -> None:
        self.names = names
        self.project = project
        self.logger_objects = logger_objects
        self._memo: dict[int, Kind] = {}
        self._adapter_memo: dict[int, Adapter] = {}

    # -- public questions --------------------------------------------------------------------------

    def kind(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Kind:
        return self._kind(expr, tuple(chain), 0)

    def name_kind(self, name: str, chain: Sequence[ScopeNode]) -> Kind:
        """What a read of `name` at the innermost scope of `chain` refers to."""
        return self._name_kind(name, tuple(chain), 0)

    def is_logger(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> bool:
        return self.kind(expr, chain) is Kind.LOGGER

    def qualified_name(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Optional[str]:
        return self.names.qualified_name(expr, chain)

    def log_call(self, call: cst.Call, chain: Sequence[ScopeNode]) -> Optional[LogCall]:
        """The call taken apart when it is `<logger>.<method>(...)` or `logging.<method>(...)`."""
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in LOG_METHODS:
            return None
        kind = self.kind(func.value, chain)
        if kind is Kind.UNKNOWN:
            return None
        method = func.attr.value
        positional: list[cst.Arg] = []
        keywords: dict[str, cst.Arg] = {}
        unpacking = False
        for arg in call.args:
            if arg.star:
                unpacking = True
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = arg
            else:
                positional.append(arg)
        level: Optional[int] = LEVELS.get(method)
        if method == "log":
            if not positional:
                return None
            level = self.level_value(positional[0].value, chain)
            positional = positional[1:]
        msg = positional[0] if positional else keywords.get("msg")
        args = tuple(positional[1:])
        return LogCall(
            call=call,
            method=method,
            on_root=kind is Kind.LOGGING_MODULE,
            level=level,
            msg=msg,
            args=args,
            keywords=keywords,
            has_unpacking=unpacking,
            receiver=func.value,
            adapter=Adapter.NO if kind is Kind.LOGGING_MODULE else self._adapter(func.value, tuple(chain), 0),
        )

    def level_value(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Optional[int]:
        """`logging.ERROR` -> 40, `40` -> 40; None when it cannot be known."""
        if isinstance(expr, cst.Integer):
            try:
                return int(expr.value, 0)
            except ValueError:
                return None
        qualified = self.qualified_name(expr, chain)
        if qualified and qualified.startswith("logging."):
            return LEVEL_NAMES.get(qualified[len("logging.") :])
        return None

    def module_logger_name(self) -> Optional[str]:
        """A module-level name bound only to `logging.getLogger(__name__)`, for fixes that need the
        module's logger."""
        module = self.names.module_scope
        for name, bindings in module.bindings.items():
            if all(self._is_getlogger_dunder_name(b) for b in bindings):
                return name
        return None

    def name_is_free(self, name: str) -> bool:
        """No scope of the module binds `name`: a fix may introduce it at module level."""
        return all(name not in scope.bindings for scope in self.names.scopes.values())

    # -- classification ----------------------------------------------------------------------------

    def _kind(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...], depth: int) -> Kind:
        if depth > _MAX_DEPTH:
            return Kind.UNKNOWN
        key = id(expr)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        self._memo[key] = Kind.UNKNOWN  # guards against cycles such as `a = b; b = a`
        result = self._classify(expr, chain, depth)
        self._memo[key] = result
        return result

    def _classify(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...], depth: int) -> Kind:
        if isinstance(expr, cst.Name):
            return self._name_kind(expr.value, chain, depth)
        if isinstance(expr, cst.Attribute):
            return self._attribute_kind(expr, chain, depth)
        if isinstance(expr, cst.Call):
            return Kind.LOGGER if self._call_makes_logger(expr, chain, depth) else Kind.UNKNOWN
        return Kind.UNKNOWN

    def _name_kind(self, name: str, chain: tuple[ScopeNode, ...], depth: int) -> Kind:
        bindings = self.names.lookup(name, chain)
        if not bindings:
            return Kind.UNKNOWN
        kinds = {self._binding_kind(b, depth) for b in bindings}
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _binding_kind(self, binding: Binding, depth: int) -> Kind:
        if binding.kind is BindingKind.IMPORT:
            return self._qualified_kind(str(binding.payload))
        if binding.kind is BindingKind.VALUE:
            return self._kind(binding.payload, binding.scopes, depth + 1)  # type: ignore[arg-type]
        if binding.kind is BindingKind.PARAM and binding.payload is not None:
            if self._is_logger_class(binding.payload, binding.scopes, depth):  # type: ignore[arg-type]
                return Kind.LOGGER
        return Kind.UNKNOWN

    def _qualified_kind(self, qualified: str) -> Kind:
        if qualified == "logging":
            return Kind.LOGGING_MODULE
        if qualified == "logging.root" or qualified in self.logger_objects:
            return Kind.LOGGER
        module, _, attr = qualified.rpartition(".")
        if module and self.project is not None and self.project.binds_logger(module, attr):
            return Kind.LOGGER
        return Kind.UNKNOWN

    def _attribute_kind(self, expr: cst.Attribute, chain: tuple[ScopeNode, ...], depth: int) -> Kind:
        qualified = self.names.qualified_name(expr, chain)
        if qualified is not None:
            return self._qualified_kind(qualified)
        base = expr.value
        if isinstance(base, cst.Name):
            owner = self.names.enclosing_class(chain)
            if owner is not None and base.value == owner[1]:
                return self._class_attribute_kind(owner[0].node, expr.attr.value, depth)  # type: ignore[arg-type]
            bindings = self.names.lookup(base.value, chain)
            if bindings and len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS:
                return self._class_attribute_kind(bindings[0].payload, expr.attr.value, depth)  # type: ignore[arg-type]
        return Kind.UNKNOWN

    def _class_attribute_kind(self, cls: cst.ClassDef, attr: str, depth: int) -> Kind:
        found = self._class_attribute(cls, attr, depth)
        return Kind.UNKNOWN if found is None else found

    def _class_attribute(self, cls: cst.ClassDef, attr: str, depth: int) -> Optional[Kind]:
        """The kind of `attr` as the class or the first of its bases (in this module) defining it has it;
        None when none of them defines it."""
        found = self._class_attribute_bindings(cls, attr, depth)
        if found is None:
            return self._imported_base_attribute(cls, attr, depth)
        bindings, depth = found
        kinds = {self._binding_kind(b, depth + 1) for b in bindings} or {Kind.UNKNOWN}
        return kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN

    def _class_attribute_bindings(
        self, cls: cst.ClassDef, attr: str, depth: int
    ) -> Optional[tuple[Sequence[Binding], int]]:
        """The values `self.<attr>` is given in the class or the first of its bases (in this module) that
        defines `attr`, and that class's depth; no values when it is not a plain attribute there (a method,
        a property); None when none of them defines it."""
        if depth > _MAX_DEPTH:
            return (), depth
        scope = self.names.scopes.get(cls)
        if scope is None:
            return (), depth
        bindings = scope.self_attributes.get(attr)
        if bindings:
            return bindings, depth
        if attr in scope.bindings:
            return (), depth  # a method, property or nested class of that name
        # Not set in this class: look in base classes defined in the same module.
        parent_chain = self._chain_of(cls)
        for base in cls.bases:
            base_class = self._class_def(base.value, parent_chain)
            if base_class is not None:
                found = self._class_attribute_bindings(base_class, attr, depth + 1)
                if found is not None:
                    return found
        return None

    def _imported_base_attribute(self, cls: cst.ClassDef, attr: str, depth: int) -> Optional[Kind]:
        """`self.<attr>` set by a base class imported from another module of the project (netbox's jobs
        derive from `netbox.jobs.JobRunner`, whose `__init__` sets `self.logger`). Bases are searched
        in order, local ones through their own bases."""
        if self.project is None or depth > _MAX_DEPTH:
            return None
        parent_chain = self._chain_of(cls)
        for base in cls.bases:
            local = self._class_def(base.value, parent_chain)
            if local is not None:
                found = self._imported_base_attribute(local, attr, depth + 1)
            else:
                qualified = self.names.qualified_name(base.value, parent_chain)
                found = self.project.class_attribute_kind(qualified, attr, depth + 1) if qualified else None
            if found is not None:
                return found
        return None

    def _chain_of(self, node: ScopeNode) -> tuple[ScopeNode, ...]:
        chain: list[ScopeNode] = []
        scope = self.names.scopes[node].parent
        while scope is not None:
            chain.append(scope.node)
            scope = scope.parent
        return tuple(chain)

    def _class_def(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Optional[cst.ClassDef]:
        if not isinstance(expr, cst.Name):
            return None
        bindings = self.names.lookup(expr.value, chain)
        if bindings and len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS:
            return bindings[0].payload  # type: ignore[return-value]
        return None

    def _call_makes_logger(self, call: cst.Call, chain: tuple[ScopeNode, ...], depth: int) -> bool:
        func = call.func
        if isinstance(func, cst.Call):
            # `logging.getLoggerClass()(name)`
            return self.names.qualified_name(func.func, chain) == "logging.getLoggerClass"
        qualified = self.names.qualified_name(func, chain)
        if qualified is not None:
            return qualified in LOGGER_FACTORIES or qualified in LOGGER_CLASSES
        if isinstance(func, cst.Attribute) and func.attr.value in LOGGER_RETURNING_METHODS:
            return self._kind(func.value, chain, depth + 1) is Kind.LOGGER
        return self._is_logger_class(func, chain, depth)

    def _is_logger_class(self, expr: cst.BaseExpression, chain: Sequence[ScopeNode], depth: int) -> bool:
        """`logging.Logger`, `LoggerAdapter`, or a class of this module deriving from one."""
        if depth > _MAX_DEPTH:
            return False
        qualified = self.names.qualified_name(expr, chain)
        if qualified is not None:
            return qualified in LOGGER_CLASSES
        cls = self._class_def(expr, chain)
        if cls is None or self._overrides_logging(cls):
            return False
        parent_chain = self._chain_of(cls)
        return any(self._is_logger_class(base.value, parent_chain, depth + 1) for base in cls.bases)

    def _overrides_logging(self, cls: cst.ClassDef) -> bool:
        """A subclass that defines its own `log`/`_log`/`makeRecord` or level methods may format
        differently (the logging cookbook's `{}`-style `StyleAdapter`): not a stdlib-behaving logger."""
        scope = self.names.scopes.get(cls)
        if scope is None:
            return False
        return any(
            name in _FORMATTING_OVERRIDES and any(isinstance(b.payload, cst.FunctionDef) for b in bindings)
            for name, bindings in scope.bindings.items()
        )

    # -- adapters ----------------------------------------------------------------------------------
    # Whether a logger (`_kind` says LOGGER) is a LoggerAdapter, followed along the same paths as `_kind`.

    def _adapter(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...], depth: int) -> Adapter:
        if depth > _MAX_DEPTH:
            return Adapter.MAYBE
        key = id(expr)
        cached = self._adapter_memo.get(key)
        if cached is not None:
            return cached
        self._adapter_memo[key] = Adapter.MAYBE  # guards against cycles
        result = self._classify_adapter(expr, chain, depth)
        self._adapter_memo[key] = result
        return result

    def _classify_adapter(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...], depth: int) -> Adapter:
        if isinstance(expr, cst.Name):
            return self._bindings_adapter(self.names.lookup(expr.value, chain) or (), depth)
        if isinstance(expr, cst.Attribute):
            qualified = self.names.qualified_name(expr, chain)
            if qualified is not None:
                return self._qualified_adapter(qualified)
            bindings = self._attribute_bindings(expr, chain, depth)
            return Adapter.MAYBE if bindings is None else self._bindings_adapter(bindings, depth)
        if isinstance(expr, cst.Call):
            return self._call_adapter(expr, chain, depth)
        return Adapter.MAYBE

    def _bindings_adapter(self, bindings: Sequence[Binding], depth: int) -> Adapter:
        found = {self._binding_adapter(b, depth) for b in bindings}
        return found.pop() if len(found) == 1 else Adapter.MAYBE

    def _binding_adapter(self, binding: Binding, depth: int) -> Adapter:
        if binding.kind is BindingKind.IMPORT:
            return self._qualified_adapter(str(binding.payload))
        if binding.kind is BindingKind.VALUE:
            return self._adapter(binding.payload, binding.scopes, depth + 1)  # type: ignore[arg-type]
        if binding.kind is BindingKind.PARAM and binding.payload is not None:
            # an annotation says the class, not how the instance was made (merge_extra)
            family = self._logger_class_family(binding.payload, binding.scopes, depth)  # type: ignore[arg-type]
            return Adapter.NO if family == "logger" else Adapter.MAYBE
        return Adapter.MAYBE

    def _qualified_adapter(self, qualified: str) -> Adapter:
        if qualified in ("logging", "logging.root"):
            return Adapter.NO
        return Adapter.MAYBE  # a project module's logger or a configured logger object: not followed

    def _attribute_bindings(
        self, expr: cst.Attribute, chain: tuple[ScopeNode, ...], depth: int
    ) -> Optional[Sequence[Binding]]:
        """The values of `self.<attr>` / `Class.<attr>` as `_attribute_kind` finds them."""
        base = expr.value
        if not isinstance(base, cst.Name):
            return None
        owner = self.names.enclosing_class(chain)
        if owner is not None and base.value == owner[1]:
            cls = owner[0].node
        else:
            bindings = self.names.lookup(base.value, chain)
            if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.CLASS:
                return None
            cls = bindings[0].payload
        found = self._class_attribute_bindings(cls, expr.attr.value, depth)  # type: ignore[arg-type]
        return None if found is None else found[0]

    def _call_adapter(self, call: cst.Call, chain: tuple[ScopeNode, ...], depth: int) -> Adapter:
        func = call.func
        if isinstance(func, cst.Call):
            return Adapter.NO  # `logging.getLoggerClass()(name)`
        qualified = self.names.qualified_name(func, chain)
        if qualified is not None and qualified != "logging.LoggerAdapter":
            return Adapter.NO if qualified in LOGGER_FACTORIES or qualified in LOGGER_CLASSES else Adapter.MAYBE
        if qualified is None and isinstance(func, cst.Attribute) and func.attr.value in LOGGER_RETURNING_METHODS:
            return Adapter.NO  # `getChild()` is a Logger's method
        family = self._logger_class_family(func, chain, depth)
        if family == "logger":
            return Adapter.NO
        if family != "adapter":
            return Adapter.MAYBE
        merge = _argument(call, 2, "merge_extra")
        if merge is None:
            return Adapter.MAYBE if any(arg.star for arg in call.args) else Adapter.REPLACES_EXTRA
        if not (isinstance(merge, cst.Name) and merge.value in ("True", "False")):
            return Adapter.MAYBE
        if merge.value == "False":
            return Adapter.REPLACES_EXTRA
        # merged, then handed to the wrapped logger: another adapter there drops them again
        wrapped = _argument(call, 0, "logger")
        if wrapped is None or self._kind(wrapped, chain, depth + 1) is not Kind.LOGGER:
            return Adapter.MAYBE
        inner = self._adapter(wrapped, chain, depth + 1)
        return Adapter.MERGES_EXTRA if inner in (Adapter.NO, Adapter.MERGES_EXTRA) else inner

    def _logger_class_family(
        self, expr: cst.BaseExpression, chain: Sequence[ScopeNode], depth: int
    ) -> Optional[str]:
        """"logger" for `logging.Logger`/`RootLogger` and project classes deriving from them; "adapter" for
        `logging.LoggerAdapter` and project subclasses that keep its `__init__` and `process()`; None for
        anything else (a subclass with its own `process()` may do anything with `extra`)."""
        if depth > _MAX_DEPTH:
            return None
        qualified = self.names.qualified_name(expr, chain)
        if qualified is not None:
            if qualified == "logging.LoggerAdapter":
                return "adapter"
            return "logger" if qualified in LOGGER_CLASSES else None
        cls = self._class_def(expr, chain)
        if cls is None:
            return None
        parent_chain = self._chain_of(cls)
        families = {self._logger_class_family(base.value, parent_chain, depth + 1) for base in cls.bases}
        families.discard(None)
        if len(families) != 1:
            return None
        family = families.pop()
        if family == "adapter" and self._defines(cls, ("__init__", "process")):
            return None
        return family

    def _defines(self, cls: cst.ClassDef, names: Sequence[str]) -> bool:
        scope = self.names.scopes.get(cls)
        return scope is None or any(name in scope.bindings for name in names)

    def _is_getlogger_dunder_name(self, binding: Binding) -> bool:
        value = binding.payload
        if binding.kind is not BindingKind.VALUE or not isinstance(value, cst.Call):
            return False
        if self.names.qualified_name(value.func, binding.scopes) != "logging.getLogger":
            return False
        return (
            len(value.args) == 1
            and isinstance(value.args[0].value, cst.Name)
            and value.args[0].value.value == "__name__"
        )


def _argument(call: cst.Call, index: int, keyword: str) -> Optional[cst.BaseExpression]:
    """The argument passed to parameter number `index` named `keyword`; None when absent or hidden by
    `*args`/`**kwargs`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [arg for arg in call.args if arg.keyword is None]
    if any(arg.star for arg in positional[: index + 1]):
        return None
    return positional[index].value if index < len(positional) else None


def string_value(expr: cst.BaseExpression) -> Optional[str]:
    """The value of a plain (non-f, non-bytes) string literal or implicit concatenation of them."""
    if isinstance(expr, cst.SimpleString):
        if "b" in expr.prefix.lower():
            return None
        try:
            value = expr.evaluated_value
        except Exception:  # noqa: BLE001 - a literal LibCST cannot evaluate is simply not known
            return None
        return value if isinstance(value, str) else None
    if isinstance(expr, cst.ConcatenatedString):
        left = string_value(expr.left)  # type: ignore[arg-type]
        right = string_value(expr.right)  # type: ignore[arg-type]
        if left is None or right is None:
            return None
        return left + right
    return None


__all__ = [
    "Adapter",
    "Kind",
    "LogCall",
    "LoggerResolver",
    "LEVELS",
    "LEVEL_NAMES",
    "LOG_METHODS",
    "string_value",
    "dotted_name",
]
