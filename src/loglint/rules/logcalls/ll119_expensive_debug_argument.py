from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Rule
from loglint.semantics.handlers import child_nodes
from loglint.semantics.names import BindingKind, dotted_name

DEBUG = 10
# Builtins: they work on data already in memory, at most once over it (`sorted` aside).
CHEAP_BUILTINS = frozenset(
    {"len", "str", "repr", "type", "id", "bool", "int", "float", "isinstance", "issubclass", "getattr",
     "hasattr", "callable", "abs", "round", "hex", "oct", "ascii", "chr", "ord", "hash", "min", "max",
     "format", "vars", "list", "tuple", "dict", "set", "frozenset", "sorted", "sum", "any", "all", "range",
     "enumerate", "zip", "reversed", "next", "iter"}
)
CHEAP_FUNCTIONS = frozenset(
    {"time.time", "time.monotonic", "time.perf_counter", "time.process_time", "time.time_ns",
     "time.monotonic_ns", "time.perf_counter_ns", "os.getpid", "threading.get_ident",
     "threading.current_thread", "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.date.today",
     "django.utils.timezone.now"}
)
# Methods of dicts and strings that do not walk a structure of unknown size.
CHEAP_METHODS = frozenset(
    {"get", "keys", "values", "items", "lower", "upper", "strip", "lstrip", "rstrip", "startswith",
     "endswith", "split", "replace", "decode", "encode", "title", "capitalize", "getvalue", "getEffectiveLevel",
     "getMessage", "isoformat", "strftime", "total_seconds"}
)
# Keywords of a log call that are not computed into the record.
_IGNORED_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel"})
_GUARD_METHODS = frozenset({"isEnabledFor", "getEffectiveLevel"})
_DEBUG_SWITCHES = frozenset({"DEBUG", "debug", "verbose", "VERBOSE", "verbosity"})


class ExpensiveDebugArgument(Rule):
    """## What it does
    Checks for `debug()` calls (and `log(logging.DEBUG, ...)`) whose arguments call a function, when no
    `isEnabledFor(logging.DEBUG)` test guards them.

    ## Why is this bad?
    Lazy `%s` arguments defer the formatting, not the computation of the arguments: `json.dumps(payload)`
    or `queryset.count()` in a `debug()` call runs on every request in production, where DEBUG records
    are dropped. Guarding the call with `if logger.isEnabledFor(logging.DEBUG):` skips the work.

    Not reported: calls of builtins (`len`, `str`, `repr`, `type`, `isinstance`, `getattr`, `tuple`,
    `sorted`, ...), clock reads (`time.monotonic()`, `timezone.now()`), classes (`LazyRepr(obj)`), cheap
    dict/str methods (`.get()`, `.items()`, `.lower()`, `.decode()`) and methods of string literals
    (`"...".format()`, `", ".join()`: formatting, the business of LL101-LL104). Lambdas are not computed
    and are not looked into.

    ## Example
    ```python
    import json
    import logging

    logger = logging.getLogger(__name__)


    def handle(payload):
        logger.debug("payload: %s", json.dumps(payload, indent=2))
    ```

    ## Use instead
    ```python
    import json
    import logging

    logger = logging.getLogger(__name__)


    def handle(payload):
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("payload: %s", json.dumps(payload, indent=2))
    ```

    ## Known limitations
    Any enclosing `if` that tests `isEnabledFor(...)`, `getEffectiveLevel()` or a debug switch
    (`settings.DEBUG`, `self.debug`, `verbose`: the work then only happens in development) counts as a
    guard, and so does an early `return` under such a test at the top level of the function. Property
    reads (`obj.data`) can be expensive too and are not reported.
    """

    code = "LL119"
    candidates = frozenset({LOG})
    name = "expensive-debug-argument"
    message = "argument computed even when DEBUG is off"
    default = False

    def __init__(self, context) -> None:
        super().__init__(context)
        self._guards = 0
        self._guarded_functions: dict[cst.CSTNode, bool] = {}

    def visit_If_body(self, node: cst.If) -> None:
        if _mentions_guard(node.test):
            self._guards += 1

    def leave_If_body(self, node: cst.If) -> None:
        if _mentions_guard(node.test):
            self._guards -= 1

    def visit_Call(self, node: cst.Call) -> None:
        if self._guards:
            return
        call = self.context.log_call(node)
        if call is None or call.level is None or call.level > DEBUG:
            return
        values = [arg.value for arg in call.call.args if arg.keyword is None]
        if call.method == "log":
            values = values[1:]
        values += [arg.value for key, arg in call.keywords.items() if key not in _IGNORED_KEYWORDS]
        for value in values:
            expensive = self._expensive_call(value)
            if expensive is not None:
                if self._function_guarded():
                    return
                self.report(node, f"`{expensive}()` is computed even when DEBUG is off")
                return

    def _expensive_call(self, expr: cst.BaseExpression) -> Optional[str]:
        stack: list[cst.CSTNode] = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Lambda):
                continue
            if isinstance(node, cst.Call) and not self._cheap(node.func):
                return dotted_name(node.func) or _short(node.func)
            stack.extend(reversed(child_nodes(node)))
        return None

    def _cheap(self, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Name) and func.value in CHEAP_BUILTINS:
            return self.context.names.lookup(func.value, self.context.scope_chain) is None
        if isinstance(func, cst.Attribute) and func.attr.value in CHEAP_METHODS:
            return True
        if isinstance(func, cst.Attribute) and isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString)):
            return True  # `"...".format(...)`, `", ".join(...)`: formatting, which LL101-LL104 are about
        qualified = self.context.qualified_name(func)
        if qualified in CHEAP_FUNCTIONS:
            return True
        return self._is_class(func, qualified)

    def _is_class(self, func: cst.BaseExpression, qualified: Optional[str]) -> bool:
        """A class of this file, or an imported CapWords name: building an object (often a lazy repr
        wrapper made for logging) is not the expensive part."""
        if qualified is not None:
            return qualified.rpartition(".")[2][:1].isupper()
        if isinstance(func, cst.Name):
            bindings = self.context.names.lookup(func.value, self.context.scope_chain)
            return bool(bindings) and all(b.kind is BindingKind.CLASS for b in bindings)
        return False

    def _function_guarded(self) -> bool:
        """An early exit at the top level of the function: `if not logger.isEnabledFor(...): return`."""
        function = self.context.current_function
        if function is None:
            return False
        cached = self._guarded_functions.get(function)
        if cached is None:
            cached = False
            body = function.body
            for stmt in body.body if isinstance(body, cst.IndentedBlock) else ():
                if isinstance(stmt, cst.If) and _mentions_guard(stmt.test) and _exits(stmt.body):
                    cached = True
                    break
            self._guarded_functions[function] = cached
        return cached


def _mentions_guard(test: cst.BaseExpression) -> bool:
    """`logger.isEnabledFor(...)`, `logger.getEffectiveLevel() <= ...`, or a debug switch (`settings.DEBUG`,
    `self.debug`, `verbose`)."""
    stack: list[cst.CSTNode] = [test]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if node.func.attr.value in _GUARD_METHODS:
                return True
        name = node.attr if isinstance(node, cst.Attribute) else node
        if isinstance(name, cst.Name) and name.value in _DEBUG_SWITCHES:
            return True
        stack.extend(child_nodes(node))
    return False


def _exits(body: cst.BaseSuite) -> bool:
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()
    for stmt in statements:
        smalls = stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt]
        if any(isinstance(small, (cst.Return, cst.Raise, cst.Continue, cst.Break)) for small in smalls):
            return True
    return False


def _short(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return f"….{func.attr.value}"
    return "…"
