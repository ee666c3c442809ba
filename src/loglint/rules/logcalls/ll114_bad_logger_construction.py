from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Rule
from loglint.rules.logcalls.ll116_magic_level_number import logging_constant

_FILE_NAMES = ("__file__", "__cached__")


class BadLoggerConstruction(Rule):
    """## What it does
    Flags `logging.getLogger(__file__)` and `logging.getLogger(__cached__)`, and loggers instantiated
    directly with `logging.Logger(...)`.

    ## Why is this bad?
    A logger named after a file path (`/srv/app/orders/views.py`) is outside the dotted hierarchy: the
    `orders` logger configured in `LOGGING` does not apply to it, and its name changes with the checkout
    directory. `logging.Logger("x")` creates a logger the logging manager does not know: it has no parent,
    so it ignores the root configuration and `LOGGING`, and `getLogger("x")` returns a different object.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__file__)
    audit = logging.Logger("audit")
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    audit = logging.getLogger("audit")
    ```

    ## Fix safety
    Unsafe: the logger's name changes (configuration keyed on the old name stops applying), and
    `getLogger()` returns the shared, configured instance where `Logger()` made a private one. A
    `Logger(name, level)` call is reported without a fix (`getLogger()` takes no level).

    ## Known limitations
    `getLogger(os.path.basename(__file__))` and other expressions built from `__file__` are not reported.
    """

    code = "LL114"
    candidates = frozenset({LOG})
    name = "bad-logger-construction"
    message = "bad logger construction"
    fix_title = "Use `logging.getLogger(__name__)`"
    fix_availability = FixAvailability.UNSAFE

    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.context.qualified_name(node.func)
        if qualified == "logging.getLogger":
            self._file_name(node)
        elif qualified == "logging.Logger":
            self._direct(node)

    def _file_name(self, node: cst.Call) -> None:
        arg = _name_argument(node)
        if arg is None or not isinstance(arg.value, cst.Name) or arg.value.value not in _FILE_NAMES:
            return
        if self.context.names.lookup(arg.value.value, self.context.scope_chain) is not None:
            return  # rebound in this file: not the module attribute
        fix = self.make_fix([(arg.value, cst.Name("__name__"))], safe=False, title="Use `__name__`")
        self.report(node, f"logger named after `{arg.value.value}`", fix=fix)

    def _direct(self, node: cst.Call) -> None:
        message = "logger instantiated directly with `Logger()`"
        if any(arg.star for arg in node.args) or len(node.args) != 1 or _name_argument(node) is None:
            self.report(node, message)
            return
        func = node.func
        if isinstance(func, cst.Attribute):
            new: Optional[cst.BaseExpression] = func.with_changes(attr=cst.Name("getLogger"))
            imports: tuple = ()
        else:
            spelled = logging_constant(self.context, "getLogger")
            new, imports = spelled if spelled is not None else (None, ())
        if new is None:
            self.report(node, message)
            return
        fix = self.make_fix([(func, new)], safe=False, imports=imports, title="Use `logging.getLogger()`")
        self.report(node, message, fix=fix)


def _name_argument(node: cst.Call) -> Optional[cst.Arg]:
    for index, arg in enumerate(node.args):
        if arg.star:
            return None
        if arg.keyword is None and index == 0:
            return arg
        if arg.keyword is not None and arg.keyword.value == "name":
            return arg
    return None
