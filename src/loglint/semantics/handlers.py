"""Facts about `except` handlers, and where an exception is being handled, computed once and shared.

Two questions come up again and again in the LL1/LL3/LL5 rules:

- *What does this handler do?* `handler_facts(context, handler)` (or `current_handler_facts(context)` for
  the handler around the node being visited) returns a `HandlerFacts`: the exception types it catches
  (qualified through imports), whether that is broad (RULES.md, LL3: bare `except:`, `Exception`,
  `BaseException`, or a tuple holding one) or only expected exceptions (config
  `levels.expected-exceptions`), the bound name, whether the body re-raises the same exception or raises
  another, the log calls it makes (level, traceback, whether they use the exception), whether it reads the
  exception at all, whether it ends the program (`sys.exit()`), and whether it only `pass`es /
  `continue`s / returns a constant. The body is walked once, iteratively, without entering nested
  function or class definitions (their code runs later, when nothing may be handled any more).
- *May an exception be being handled here?* `exception_may_be_active(context, node)`: lexically inside an
  `except` body of the same function; under an `if` that tests `sys.exc_info()`/`sys.exception()`; or in a
  function that only runs while one is handled: `__exit__`/`__aexit__`, the framework hooks that are
  called from inside an `except` (`process_exception` of Django middleware, `handle_exception`,
  `handle_uncaught_exception`), receivers of Django's `got_request_exception`, and functions whose only
  callers in the module are in such places (the module's call sites are summarised once, on first use).

Both answers are cached per file (per `FileContext`), so every rule asking pays for one computation.
"""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence, Union

import libcst as cst

from loglint.semantics.loggers import LogCall
from loglint.semantics.names import BindingKind, ScopeNode, dotted_name

if TYPE_CHECKING:
    from loglint.engine import FileContext

HandlerNode = Union[cst.ExceptHandler, cst.ExceptStarHandler]

BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})
_BUILTIN_BROAD = frozenset({"builtins.Exception", "builtins.BaseException"})

# Methods that frameworks call from inside an `except` body, with the exception being handled:
# the context-manager exit (when the block raised), Django's middleware `process_exception` and
# `BaseHandler.handle_uncaught_exception`, and `handle_exception` (DRF's `APIView`, Flask, Channels).
HANDLING_METHODS = frozenset(
    {"__exit__", "__aexit__", "process_exception", "handle_exception", "handle_uncaught_exception"}
)
# Signals sent from inside an `except` body: their receivers run while the exception is handled.
HANDLING_SIGNALS = frozenset({"django.core.signals.got_request_exception"})
_PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod"})
_EXC_INFO_FUNCTIONS = frozenset({"sys.exc_info", "sys.exception"})
_EXIT_FUNCTIONS = frozenset({"sys.exit", "os._exit", "os.abort"})
_EXIT_BUILTINS = frozenset({"exit", "quit"})


# -- facts about one handler ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaughtType:
    """One exception type named by an `except` clause: as written, and through imports when it was
    imported (`models.User.DoesNotExist` -> `app.models.User.DoesNotExist`; builtins and names defined in
    the file have no qualified name)."""

    spelling: str
    qualified: Optional[str]

    @property
    def name(self) -> str:
        """The class name, last part of the dotted name."""
        return self.spelling.rpartition(".")[2]

    def matches(self, pattern: str) -> bool:
        """`KeyError` (no dot) matches the class name, whatever module it comes from; a dotted pattern
        matches the whole name, written or qualified, with `*` standing for any dotted prefix
        (`*.DoesNotExist` matches `User.DoesNotExist` and `app.models.User.DoesNotExist`)."""
        if "." not in pattern:
            return fnmatchcase(self.name, pattern)
        return fnmatchcase(self.spelling, pattern) or (
            self.qualified is not None and fnmatchcase(self.qualified, pattern)
        )


@dataclass(frozen=True)
class HandlerLog:
    """A log call made by a handler's body.

    `with_traceback`: `.exception()` (unless `exc_info` is a false literal), or an `exc_info` that is
    not a false literal (`True`, the exception, a tuple, or a variable: a non-literal counts as asking
    for one). `uses_exception`: the handler's bound name is read in the call's arguments. `nested`: the
    call is inside an `except` clause nested in the body, so it is about another exception.
    """

    call: LogCall
    level: Optional[int]
    with_traceback: bool
    uses_exception: bool
    nested: bool


@dataclass(frozen=True)
class HandlerFacts:
    """What one `except` clause catches and what its body does.

    `types` is empty for a bare `except:`; `types_known` is False when a type is not a plain dotted name
    (`except get_errors():`, `except errors:` bound to something else than a tuple literal of names).
    `reraises`: the body has `raise` (outside nested `except` clauses) or `raise <name>`, on some path.
    `raises_other`: it raises another exception (`raise X(...)`, `raise X from e`) on some path.
    `exits`: it ends the program on some path (`sys.exit()`, `os._exit()`, `exit()`): a command-line tool
    reporting a failure in words.
    `logs`: the log calls of the body, in source order (nested definitions excluded).
    `uses_exception`: the bound name is read anywhere in the body (lambdas included).
    `only_trivial`: every statement of the body is `pass`, `continue`, `...`, a docstring, or a `return`
    of nothing or of a constant.
    """

    node: HandlerNode
    types: tuple[CaughtType, ...]
    types_known: bool
    is_bare: bool
    name: Optional[str]
    reraises: bool
    raises_other: bool
    exits: bool
    logs: tuple[HandlerLog, ...]
    uses_exception: bool
    only_trivial: bool

    @property
    def is_broad(self) -> bool:
        """Bare `except:`, `Exception`, `BaseException`, or a tuple holding one (a builtin, not shadowed)."""
        return self.is_bare or any(
            (t.qualified is None and t.spelling in BROAD_EXCEPTIONS) or t.qualified in _BUILTIN_BROAD
            for t in self.types
        )

    @property
    def raises(self) -> bool:
        """Some path of the body lets an exception out (the same one or another)."""
        return self.reraises or self.raises_other

    @property
    def direct_logs(self) -> tuple[HandlerLog, ...]:
        """The log calls about this handler's exception (not those in nested `except` clauses)."""
        return tuple(log for log in self.logs if not log.nested)

    @property
    def logs_with_traceback(self) -> bool:
        return any(log.with_traceback for log in self.direct_logs)

    @property
    def max_level(self) -> Optional[int]:
        """The highest known level logged directly by the body (None when it logs nothing known)."""
        levels = [log.level for log in self.direct_logs if log.level is not None]
        return max(levels) if levels else None

    def catches_only(self, patterns: Iterable[str]) -> bool:
        """Every caught type matches one of the patterns (see `CaughtType.matches`); False for a bare or
        broad handler and when a type is unknown."""
        patterns = tuple(patterns)
        if self.is_broad or not self.types_known or not self.types:
            return False
        return all(any(t.matches(p) for p in patterns) for t in self.types)

    def catches_only_expected(self, context: "FileContext") -> bool:
        """Only exceptions of config `levels.expected-exceptions` (the defaults without a config)."""
        from loglint.config import DEFAULT_EXPECTED_EXCEPTIONS

        config = context.config
        patterns = config.levels.expected_exceptions if config is not None else DEFAULT_EXPECTED_EXCEPTIONS
        return self.catches_only(patterns)


def handler_facts(context: "FileContext", handler: HandlerNode) -> HandlerFacts:
    """The facts of `handler`, computed on first request and cached for the file.

    Names in the handler are resolved from `context.scope_chain`, so ask while the traversal is at the
    handler or inside its body (in the same function), which is where rules meet it."""
    cache = _file_state(context).facts
    facts = cache.get(handler)
    if facts is None:
        facts = _HandlerAnalysis(context, handler, context.scope_chain).facts()
        cache[handler] = facts
    return facts


def current_handler_facts(context: "FileContext") -> Optional[HandlerFacts]:
    """The facts of the innermost `except` clause lexically around the node being visited, in the same
    function; None outside any."""
    handler = context.current_handler
    if not isinstance(handler, (cst.ExceptHandler, cst.ExceptStarHandler)):
        return None
    return handler_facts(context, handler)


class _HandlerAnalysis:
    def __init__(self, context: "FileContext", handler: HandlerNode, chain: tuple[ScopeNode, ...]) -> None:
        self.context = context
        self.handler = handler
        self.chain = chain
        name = handler.name.name if handler.name is not None else None
        self.name = name.value if isinstance(name, cst.Name) else None

    def facts(self) -> HandlerFacts:
        types, known = self._types()
        reraises = raises_other = exits = uses = False
        logs: list[HandlerLog] = []
        # (node, depth of nested except clauses, inside a lambda)
        stack: list[tuple[cst.CSTNode, int, bool]] = [(self.handler.body, 0, False)]
        while stack:
            node, nested, in_lambda = stack.pop()
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                continue
            if isinstance(node, cst.Name):
                uses = uses or node.value == self.name
                continue
            if not in_lambda:
                if isinstance(node, cst.Raise):
                    if self._is_reraise(node, nested):
                        reraises = True
                    else:
                        raises_other = True
                elif isinstance(node, cst.Call):
                    exits = exits or self._is_exit(node)
                    log = self._log(node, nested)
                    if log is not None:
                        logs.append(log)
            if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
                nested += 1
            in_lambda = in_lambda or isinstance(node, cst.Lambda)
            stack.extend((child, nested, in_lambda) for child in reversed(code_children(node)))
        return HandlerFacts(
            node=self.handler,
            types=types,
            types_known=known,
            is_bare=self.handler.type is None,
            name=self.name,
            reraises=reraises,
            raises_other=raises_other,
            exits=exits,
            logs=tuple(logs),
            uses_exception=uses,
            only_trivial=_only_trivial(self.handler.body),
        )

    def _types(self) -> tuple[tuple[CaughtType, ...], bool]:
        expr = self.handler.type
        if expr is None:
            return (), True
        elements = self._type_elements(expr, expand=True)
        if elements is None:
            return (), False
        types: list[CaughtType] = []
        for element in elements:
            spelling = dotted_name(element)
            if spelling is None:
                return tuple(types), False
            types.append(CaughtType(spelling, self.context.names.qualified_name(element, self.chain)))
        return tuple(types), True

    def _type_elements(self, expr: cst.BaseExpression, expand: bool) -> Optional[list[cst.BaseExpression]]:
        """The names of `except (A, B)`, following one `ERRORS = (A, B)` binding of the file."""
        if isinstance(expr, (cst.Tuple, cst.List)):
            out: list[cst.BaseExpression] = []
            for element in expr.elements:
                if isinstance(element, cst.StarredElement):
                    return None
                out.append(element.value)
            return out
        if isinstance(expr, cst.Name):
            bindings = self.context.names.lookup(expr.value, self.chain)
            if not bindings or all(b.kind in (BindingKind.IMPORT, BindingKind.CLASS) for b in bindings):
                return [expr]  # a builtin, an imported or a module class
            value = bindings[0].payload
            if expand and len(bindings) == 1 and isinstance(value, (cst.Tuple, cst.List)):
                return self._type_elements(value, expand=False)
            return None  # a parameter or some other value: what it holds is not known
        return [expr]

    def _is_reraise(self, node: cst.Raise, nested: int) -> bool:
        exc = node.exc
        if exc is None:
            return nested == 0  # a bare raise in a nested except clause re-raises that one's exception
        if node.cause is not None:
            return False
        func = exc.func if isinstance(exc, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value == "with_traceback":
            exc = func.value
        return self.name is not None and isinstance(exc, cst.Name) and exc.value == self.name

    def _is_exit(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Name) and func.value in _EXIT_BUILTINS:
            return self.context.names.lookup(func.value, self.chain) is None
        return self.context.names.qualified_name(func, self.chain) in _EXIT_FUNCTIONS

    def _log(self, node: cst.Call, nested: int) -> Optional[HandlerLog]:
        call = self.context.loggers.log_call(node, self.chain)
        if call is None:
            return None
        uses = self.name is not None and any(reads_name(arg.value, self.name) for arg in node.args)
        return HandlerLog(call, call.level, logs_traceback(call), uses, nested > 0)


def unconditional_log_then_reraise(facts: HandlerFacts) -> tuple[HandlerLog, ...]:
    """The direct log calls of the handler that run on every path and are followed, on every path, by a
    re-raise of the same exception (`raise`, `raise <name>`, `raise <name>.with_traceback(...)`): both are
    statements of the body itself, not under an `if`, loop, `with` or `try`, the log call first. Empty
    when there is no such pair (a log in one branch and the raise in another is not reported)."""
    body = facts.node.body
    if isinstance(body, cst.IndentedBlock):
        lines: Sequence[cst.CSTNode] = body.body
    elif isinstance(body, cst.SimpleStatementSuite):
        lines = [cst.SimpleStatementLine(body=body.body)]
    else:
        return ()
    seen: set[cst.Call] = set()
    for line in lines:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small in line.body:
            if isinstance(small, cst.Expr):
                value = small.value
                if isinstance(value, cst.Await):
                    value = value.expression
                if isinstance(value, cst.Call):
                    seen.add(value)
            elif isinstance(small, cst.Raise):
                if not _is_same_reraise(small, facts.name):
                    return ()
                return tuple(log for log in facts.direct_logs if log.call.call in seen)
            elif isinstance(small, cst.Return):
                return ()
    return ()


def _is_same_reraise(node: cst.Raise, name: Optional[str]) -> bool:
    exc = node.exc
    if exc is None:
        return True
    if node.cause is not None:
        return False
    func = exc.func if isinstance(exc, cst.Call) else None
    if isinstance(func, cst.Attribute) and func.attr.value == "with_traceback":
        exc = func.value
    return name is not None and isinstance(exc, cst.Name) and exc.value == name


def header_comments(handler: HandlerNode) -> tuple[str, ...]:
    """The comments on the lines just above the `except` clause and at the end of its `except ...:` line
    (where `# noqa: BLE001` or `# ruff: ignore[try-except-pass]` go)."""
    out = [line.comment.value for line in handler.leading_lines if line.comment is not None]
    body = handler.body
    trailing = body.header if isinstance(body, cst.IndentedBlock) else getattr(body, "trailing_whitespace", None)
    if trailing is not None and trailing.comment is not None:
        out.append(trailing.comment.value)
    return tuple(out)


def logs_traceback(call: LogCall) -> bool:
    """`.exception()` unless `exc_info` is a false literal; any other method with an `exc_info` that is
    not a false literal."""
    exc_info = call.keyword("exc_info")
    if exc_info is None:
        return call.method == "exception"
    return not is_false_literal(exc_info)


def is_false_literal(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.Name):
        return expr.value in ("False", "None")
    if isinstance(expr, cst.Integer):
        return expr.value == "0"
    return False


def is_true_literal(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.Name):
        return expr.value == "True"
    if isinstance(expr, cst.Integer):
        return expr.value == "1"
    return False


def _only_trivial(body: cst.BaseSuite) -> bool:
    statements: Sequence[cst.CSTNode]
    if isinstance(body, cst.IndentedBlock):
        statements = body.body
    elif isinstance(body, cst.SimpleStatementSuite):
        statements = [cst.SimpleStatementLine(body=body.body)]
    else:
        return False
    for stmt in statements:
        if not isinstance(stmt, cst.SimpleStatementLine):
            return False
        for small in stmt.body:
            if isinstance(small, (cst.Pass, cst.Continue)):
                continue
            if isinstance(small, cst.Expr) and isinstance(
                small.value, (cst.Ellipsis, cst.SimpleString, cst.ConcatenatedString)
            ):
                continue
            if isinstance(small, cst.Return) and (small.value is None or is_constant(small.value)):
                continue
            return False
    return True


def is_constant(expr: cst.BaseExpression) -> bool:
    """A literal: None/True/False, a number (signed), a string without placeholders, an empty container,
    or a tuple of constants."""
    if isinstance(expr, cst.Name):
        return expr.value in ("None", "True", "False")
    if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        return is_constant(expr.expression)
    if isinstance(expr, (cst.List, cst.Set, cst.Dict)):
        return not expr.elements
    if isinstance(expr, cst.Tuple):
        return all(isinstance(e, cst.Element) and is_constant(e.value) for e in expr.elements)
    return False


# Builtins that only turn their first argument into text: `str(exc)` shows the exception as `exc` does.
_TEXT_OF = frozenset({"str", "repr", "ascii", "format"})


def shows_exception(context: "FileContext", expr: cst.BaseExpression, name: str) -> bool:
    """The text of `expr` shows the exception bound to `name` itself: the name, `str(name)`,
    `repr(name)`, or a string built from them by `%`, `+`, `.format()` on a literal, or an f-string.
    Attributes (`exc.args`, `exc.code`) and other calls (`describe(exc)`) are not the exception's text."""
    stack: list[cst.BaseExpression] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value == name:
                return True
        elif isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression) and part.conversion in (None, "s", "r", "a"):
                    stack.append(part.expression)
        elif isinstance(node, cst.ConcatenatedString):
            stack.extend([node.left, node.right])  # type: ignore[list-item]
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
            stack.extend([node.left, node.right])
        elif isinstance(node, (cst.Tuple, cst.List)):
            stack.extend(e.value for e in node.elements)
        elif isinstance(node, cst.Call):
            stack.extend(_text_arguments(context, node))
    return False


def _text_arguments(context: "FileContext", node: cst.Call) -> list[cst.BaseExpression]:
    """`[x]` for `str(x)`, `repr(x)`, `format(x)` (the builtins); the arguments of `"...".format()`."""
    func = node.func
    args = [arg.value for arg in node.args if not arg.star]
    if isinstance(func, cst.Name) and func.value in _TEXT_OF and args:
        if context.names.lookup(func.value, context.scope_chain) is None:
            return args[:1]
    if (
        isinstance(func, cst.Attribute)
        and func.attr.value == "format"
        and isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return args
    return []


# -- is an exception being handled here? ---------------------------------------------------------------


def exception_may_be_active(context: "FileContext", node: cst.CSTNode) -> bool:
    """Whether `node` (being visited) may run while an exception is handled (see the module docstring).

    True inside an `except` body of the same function, under a `sys.exc_info()`/`sys.exception()` test,
    and in functions that only run while one is handled."""
    if context.current_handler is not None:
        return True
    summary = _file_state(context).summary(context)
    if node in summary.active_nodes:
        return True
    function = context.current_function
    return function is not None and function in summary.active_functions


def opens_handling_helper(context: "FileContext") -> bool:
    """The current statement is the first of a function that has no caller in this module outside a
    handler and is not passed on as a callback: a helper made to be called while handling, from other
    modules (pretix's `set_sync_error` starts with `logger.exception(...)`)."""
    function = context.current_function
    if function is None:
        return False
    summary = _file_state(context).summary(context)
    if function in summary.called_outside_handlers or function in summary.escaped:
        return False
    return context.current_statement is _first_statement(function)


def _first_statement(function: cst.FunctionDef) -> Optional[cst.CSTNode]:
    body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else []
    if body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1:
        first = body[0].body[0]
        if isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
            body = body[1:]  # the docstring
    return body[0] if body else None


@dataclass
class _CallSite:
    # The function (or None: module level) the call is made from; None as well when the site itself is in
    # an active place (an except body, an exc_info guard).
    caller: Optional[cst.FunctionDef]
    active: bool


@dataclass
class CallSiteSummary:
    """Where the module's own functions are called from, reduced to what LL108 needs.

    `active_functions`: functions that only run while an exception is handled. `active_nodes`: calls
    lexically inside an `except` body or a `sys.exc_info()` guard (any function)."""

    active_functions: frozenset[cst.FunctionDef]
    active_nodes: frozenset[cst.CSTNode]
    # Functions with at least one known call site in the module outside an active place.
    called_outside_handlers: frozenset[cst.FunctionDef] = frozenset()
    # Functions passed on as values or wrapped by decorators: their callers are unknown.
    escaped: frozenset[cst.FunctionDef] = frozenset()


class _SummaryBuilder:
    """One iterative walk of the module: function definitions, call sites of those functions, and
    references that let a function escape (passed as a callback, decorated by a framework: its callers
    are unknown)."""

    def __init__(self, context: "FileContext") -> None:
        self.context = context
        self.names = context.names
        self.sites: dict[cst.FunctionDef, list[_CallSite]] = {}
        self.escaped: set[cst.FunctionDef] = set()
        self.hooks: set[cst.FunctionDef] = set()
        self.active_nodes: set[cst.CSTNode] = set()
        self.function_names: set[str] = set()

    def build(self) -> CallSiteSummary:
        module = self.context.module
        self._collect_function_names(module)
        # (node, scope chain, active place, enclosing function)
        stack: list[tuple[cst.CSTNode, tuple[ScopeNode, ...], bool, Optional[cst.FunctionDef]]] = [
            (module, (module,), False, None)
        ]
        while stack:
            node, chain, active, function = stack.pop()
            children: list[tuple[cst.CSTNode, tuple[ScopeNode, ...], bool, Optional[cst.FunctionDef]]] = []
            if isinstance(node, (cst.Import, cst.ImportFrom, cst.Global, cst.Nonlocal)):
                continue
            if isinstance(node, cst.FunctionDef):
                self._definition(node, chain)
                inner = (node,) + chain
                children += [(d, chain, active, function) for d in node.decorators]
                children += [(node.params, chain, active, function)]
                children += [(node.body, inner, False, node)]
            elif isinstance(node, cst.ClassDef):
                children += [(child, chain, active, function) for child in node.decorators]
                children += [(arg, chain, active, function) for arg in node.bases + node.keywords]
                children += [(node.body, (node,) + chain, active, function)]
            elif isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
                if node.type is not None:
                    children.append((node.type, chain, active, function))
                children.append((node.body, chain, True, function))
            elif isinstance(node, cst.If):
                guard = mentions_exc_info(self.context, node.test, chain)
                children.append((node.test, chain, active, function))
                children.append((node.body, chain, active or guard, function))
                if node.orelse is not None:
                    children.append((node.orelse, chain, active, function))
            elif isinstance(node, cst.Call):
                if active:
                    self.active_nodes.add(node)
                skip_func = self._call(node, chain, active, function)
                if not skip_func:
                    children.append((node.func, chain, active, function))
                elif isinstance(node.func, cst.Attribute):
                    children.append((node.func.value, chain, active, function))
                children += [(arg.value, chain, active, function) for arg in node.args]
            elif isinstance(node, cst.Name):
                self._reference(node.value, chain)
            elif isinstance(node, cst.Attribute):
                target = self._method_target(node, chain)
                if target is not None:
                    self.escaped.add(target)
                children.append((node.value, chain, active, function))
            elif isinstance(node, cst.Arg):
                children.append((node.value, chain, active, function))
            elif isinstance(node, cst.Param):
                if node.default is not None:
                    children.append((node.default, chain, active, function))
            else:
                children += [(child, chain, active, function) for child in child_nodes(node)]
            stack.extend(reversed(children))
        outside = frozenset(
            fn for fn, sites in self.sites.items() if any(not s.active and s.caller is not fn for s in sites)
        )
        return CallSiteSummary(
            frozenset(self._active_functions()), frozenset(self.active_nodes), outside, frozenset(self.escaped)
        )

    def _collect_function_names(self, module: cst.Module) -> None:
        for scope in self.names.scopes.values():
            for name, bindings in scope.bindings.items():
                if any(isinstance(b.payload, cst.FunctionDef) for b in bindings):
                    self.function_names.add(name)

    def _definition(self, fn: cst.FunctionDef, chain: tuple[ScopeNode, ...]) -> None:
        self.sites.setdefault(fn, [])
        in_class = isinstance(chain[0], cst.ClassDef)
        if in_class and fn.name.value in HANDLING_METHODS:
            self.hooks.add(fn)
        for decorator in fn.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Name) and expr.value in _PLAIN_DECORATORS:
                continue
            if self._is_handling_receiver(expr, chain):
                self.hooks.add(fn)
                continue
            self.escaped.add(fn)  # registered somewhere, or wrapped: its callers are unknown

    def _is_handling_receiver(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...]) -> bool:
        """`@receiver(got_request_exception)` / `@receiver([got_request_exception, ...])`."""
        if not isinstance(expr, cst.Call) or self.names.qualified_name(expr.func, chain) != (
            "django.dispatch.receiver"
        ) or not expr.args:
            return False
        signal = expr.args[0].value
        signals = [e.value for e in signal.elements] if isinstance(signal, (cst.List, cst.Tuple)) else [signal]
        return bool(signals) and all(self.names.qualified_name(s, chain) in HANDLING_SIGNALS for s in signals)

    def _call(
        self,
        node: cst.Call,
        chain: tuple[ScopeNode, ...],
        active: bool,
        function: Optional[cst.FunctionDef],
    ) -> bool:
        """Record a call of a module function; True when `node.func` names that function."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "connect" and node.args:
            if self.names.qualified_name(func.value, chain) in HANDLING_SIGNALS:
                target = self._function_target(node.args[0].value, chain)
                if target is not None:
                    self.hooks.add(target)
                    return False
        target = self._function_target(func, chain)
        if target is None:
            return False
        self.sites.setdefault(target, []).append(_CallSite(None if active else function, active))
        return True

    def _function_target(self, expr: cst.BaseExpression, chain: tuple[ScopeNode, ...]) -> Optional[cst.FunctionDef]:
        if isinstance(expr, cst.Name):
            return self._name_target(expr.value, chain)
        if isinstance(expr, cst.Attribute):
            return self._method_target(expr, chain)
        return None

    def _name_target(self, name: str, chain: tuple[ScopeNode, ...]) -> Optional[cst.FunctionDef]:
        if name not in self.function_names:
            return None
        bindings = self.names.lookup(name, chain)
        if bindings and len(bindings) == 1 and isinstance(bindings[0].payload, cst.FunctionDef):
            return bindings[0].payload
        return None

    def _method_target(self, expr: cst.Attribute, chain: tuple[ScopeNode, ...]) -> Optional[cst.FunctionDef]:
        """`self.m` / `cls.m` in a method, or `Class.m`, when the class defines `m` once."""
        base = expr.value
        if not isinstance(base, cst.Name) or expr.attr.value not in self.function_names:
            return None
        owner = self.names.enclosing_class(chain)
        scope = None
        if owner is not None and base.value == owner[1]:
            scope = owner[0]
        else:
            bindings = self.names.lookup(base.value, chain)
            if bindings and len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS:
                scope = self.names.scopes.get(bindings[0].payload)  # type: ignore[arg-type]
        if scope is None:
            return None
        found = scope.bindings.get(expr.attr.value)
        if found and len(found) == 1 and isinstance(found[0].payload, cst.FunctionDef):
            return found[0].payload
        return None

    def _reference(self, name: str, chain: tuple[ScopeNode, ...]) -> None:
        target = self._name_target(name, chain)
        if target is not None:
            self.escaped.add(target)

    def _active_functions(self) -> set[cst.FunctionDef]:
        """Greatest fixed point: start from every function with known callers only, drop those with a
        call site that is neither in an active place nor in a function still in the set."""
        candidates = {fn for fn, sites in self.sites.items() if sites and fn not in self.escaped}
        candidates |= self.hooks
        changed = True
        while changed:
            changed = False
            for fn in list(candidates):
                if fn in self.hooks:
                    continue
                sites = self.sites[fn]
                outside = [s for s in sites if s.caller is not fn]
                if not outside or any(not s.active and s.caller not in candidates for s in outside):
                    candidates.discard(fn)
                    changed = True
        return candidates


def mentions_exc_info(context: "FileContext", expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> bool:
    """The expression calls `sys.exc_info()` or `sys.exception()` (an "is something handled?" test)."""
    for node in walk(expr):
        if isinstance(node, cst.Call) and context.names.qualified_name(node.func, chain) in _EXC_INFO_FUNCTIONS:
            return True
    return False


# -- per-file cache ------------------------------------------------------------------------------------


@dataclass
class _FileState:
    facts: dict[cst.CSTNode, HandlerFacts] = field(default_factory=dict)
    _summary: Optional[CallSiteSummary] = None

    def summary(self, context: "FileContext") -> CallSiteSummary:
        if self._summary is None:
            self._summary = _SummaryBuilder(context).build()
        return self._summary


_STATES: "weakref.WeakKeyDictionary[FileContext, _FileState]" = weakref.WeakKeyDictionary()


def _file_state(context: "FileContext") -> _FileState:
    state = _STATES.get(context)
    if state is None:
        state = _FileState()
        _STATES[context] = state
    return state


# -- tree walking helpers ------------------------------------------------------------------------------

_SKIPPED_FIELDS = frozenset(
    {"lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators", "header", "footer",
     "trailing_whitespace", "equal", "colon", "dot", "operator", "star_tok", "asynchronous"}
)
_FIELDS: dict[type, tuple[str, ...]] = {}
_DEFINITIONS = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes that carry code (whitespace, commas and parentheses left out), in source order.

    Cheaper than `CSTNode.children`, which rebuilds the node to collect them."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(node)  # type: ignore[arg-type]
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
        _FIELDS[type(node)] = names
    out: list[cst.CSTNode] = []
    kinds = _KINDS
    for name in names:
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            for item in value:
                is_node = kinds.get(type(item))
                if is_node is None:
                    is_node = kinds[type(item)] = isinstance(item, cst.CSTNode)
                if is_node:
                    out.append(item)
            continue
        is_node = kinds.get(kind)
        if is_node is None:
            is_node = kinds[kind] = isinstance(value, cst.CSTNode)
        if is_node:
            out.append(value)
    return out


# type -> whether its instances are nodes: `isinstance` against LibCST's abstract base class goes through
# `ABCMeta.__instancecheck__`, a Python call per value
_KINDS: dict[type, bool] = {}


def walk(node: cst.CSTNode, skip_definitions: bool = True) -> Iterator[cst.CSTNode]:
    """Every node under `node` (itself included), iteratively, depth first in source order; nested
    function, class and lambda definitions are not entered when `skip_definitions`."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if skip_definitions and current is not node and isinstance(current, _DEFINITIONS):
            continue
        stack.extend(reversed(child_nodes(current)))


def code_children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`child_nodes` without the names that are not variables: attribute names (`x.attr`) and keyword
    argument names (`f(key=...)`)."""
    if isinstance(node, cst.Attribute):
        return [node.value]
    if isinstance(node, cst.Arg):
        return [node.value]
    return child_nodes(node)


def reads_name(expr: cst.CSTNode, name: str) -> bool:
    """`name` is read somewhere in `expr` (attribute names and keyword names are not reads)."""
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value == name:
                return True
            continue
        stack.extend(code_children(node))
    return False


__all__ = [
    "BROAD_EXCEPTIONS",
    "CallSiteSummary",
    "CaughtType",
    "HANDLING_METHODS",
    "HandlerFacts",
    "HandlerLog",
    "HandlerNode",
    "child_nodes",
    "code_children",
    "current_handler_facts",
    "exception_may_be_active",
    "handler_facts",
    "header_comments",
    "is_constant",
    "is_false_literal",
    "is_true_literal",
    "logs_traceback",
    "mentions_exc_info",
    "reads_name",
    "shows_exception",
    "unconditional_log_then_reraise",
    "walk",
]
