from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Rule
from loglint.semantics.handlers import exception_may_be_active, is_true_literal, opens_handling_helper


class ExceptionOutsideHandler(Rule):
    """## What it does
    Checks for `.exception()` and `exc_info=True` in log calls where no exception is being handled.

    ## Why is this bad?
    Both ask logging for the traceback of the exception being handled. Where there is none, the record
    ends with `NoneType: None`: the message looks like an error report with a missing traceback, and
    whoever reads it looks for a failure that never happened. The intent was usually `.error()`.

    Not reported where an exception may be handled: inside an `except` body (of the same function);
    under an `if` testing `sys.exc_info()` or `sys.exception()`; in `__exit__`/`__aexit__`; in methods
    frameworks call from inside their own `except` (Django middleware's `process_exception`,
    `handle_exception`, `handle_uncaught_exception`); in receivers of Django's `got_request_exception`;
    in functions whose only callers in the module are in such places; and as the first statement of a
    function with no caller in the module outside a handler (a helper made to be called from handlers in
    other modules, like `def set_sync_error(self): logger.exception(...)`). `exc_info=<an exception>` or
    `exc_info=(type, value, tb)` names its exception and is never reported.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def charge(order):
        if order.total < 0:
            logger.exception("negative total for order %s", order.pk)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def charge(order):
        if order.total < 0:
            logger.error("negative total for order %s", order.pk)
    ```

    ## Fix safety
    The fix turns `.exception(` into `.error(` and drops `exc_info=True`. It is unsafe: when the function
    is in fact called from an `except` body elsewhere (another module), the fix removes a traceback that
    was logged.

    ## Known limitations
    Callers are only looked for in the same module: a helper that is only called from `except` bodies of
    other modules is reported (add a `# noqa: LL108`, or pass `exc_info=exc`), and so is a function
    passed as a callback or registered by a decorator, whose callers are unknown.
    """

    code = "LL108"
    candidates = frozenset({LOG})
    name = "exception-outside-handler"
    message = "traceback requested where no exception is being handled"
    fix_title = "Log with `.error()` and no traceback"
    fix_availability = FixAvailability.UNSAFE

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None:
            return
        exc_info = call.keywords.get("exc_info")
        if call.method == "exception":
            if exc_info is not None and not is_true_literal(exc_info.value):
                return  # `exc_info=False` (LL110) or an exception object / tuple / variable
        elif exc_info is None or not is_true_literal(exc_info.value):
            return
        if exception_may_be_active(self.context, node) or opens_handling_helper(self.context):
            return
        self.report(node, fix=self._fix(node, exc_info))

    def _fix(self, node: cst.Call, exc_info: Optional[cst.Arg]):
        new = node
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "exception":
            new = new.with_changes(func=func.with_changes(attr=cst.Name("error")))
        if exc_info is not None:
            new = new.with_changes(args=without_arg(node.args, exc_info))
        return self.make_fix([(node, new)], safe=False)


def without_arg(args: tuple[cst.Arg, ...] | list[cst.Arg], drop: cst.Arg) -> tuple[cst.Arg, ...]:
    """`args` without `drop`, keeping the trailing-comma style: when the last argument goes, the one
    before takes its comma (or its absence)."""
    kept = [arg for arg in args if arg is not drop]
    if kept and args and args[-1] is drop:
        kept[-1] = kept[-1].with_changes(comma=drop.comma)
    return tuple(kept)
