from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Rule
from loglint.rules.logcalls.ll108_exception_outside_handler import without_arg
from loglint.semantics.handlers import exception_may_be_active, is_false_literal, is_true_literal


class RedundantExcInfo(Rule):
    """## What it does
    Checks for `exc_info` arguments that restate the log method: `.exception(..., exc_info=True)`,
    `.exception(..., exc_info=False)` and, where an exception is being handled,
    `.error(..., exc_info=True)`.

    ## Why is this bad?
    `.exception()` is `.error()` with `exc_info=True`. Saying it again is noise; `.exception()` with
    `exc_info=False` reads as "log the traceback" and does not; `.error(..., exc_info=True)` in a handler
    is the long spelling of `.exception()`. One spelling per intent keeps handlers easy to scan and to
    search.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception:
            logger.error("sync failed", exc_info=True)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception:
            logger.exception("sync failed")
    ```

    ## Fix safety
    `.exception(..., exc_info=False)` becomes `.error(...)`, and keeps `exc_info=False` in an `except`
    body, where it documents that the traceback is left out on purpose. Safe:
    `Logger.exception(msg, *args, exc_info=True, **kwargs)` is defined as
    `self.error(msg, *args, exc_info=exc_info, **kwargs)` (the same holds for `LoggerAdapter` and the
    `logging` module's functions), so each rewrite logs the same record.

    ## Known limitations
    Only the literals `True` and `False` (`1`, `0`, `None`) are recognised; `exc_info=exc` with the caught
    exception is left alone.
    """

    code = "LL110"
    candidates = frozenset({LOG})
    name = "redundant-exc-info"
    message = "`exc_info` restates the log method"
    fix_title = "Drop `exc_info` and pick the matching method"
    fix_availability = FixAvailability.SAFE

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.method not in ("exception", "error"):
            return
        exc_info = call.keywords.get("exc_info")
        func = node.func
        if exc_info is None or not isinstance(func, cst.Attribute):
            return
        value = exc_info.value
        args = without_arg(node.args, exc_info)
        if call.method == "exception" and is_false_literal(value):
            message = "`.exception()` with a false `exc_info` is `.error()`"
            method = "error"
            if exception_may_be_active(self.context, node):
                args = node.args  # `.error(..., exc_info=False)` says "no traceback" on purpose (LL109)
        elif call.method == "exception" and is_true_literal(value):
            if not exception_may_be_active(self.context, node):
                return  # LL108's finding: no exception to log here at all
            message = "`exc_info=True` is redundant in `.exception()`"
            method = "exception"
        elif call.method == "error" and is_true_literal(value):
            if not exception_may_be_active(self.context, node):
                return
            message = "`.error(..., exc_info=True)` is `.exception()`"
            method = "exception"
        else:
            return
        new = node.with_changes(
            func=func.with_changes(attr=func.attr.with_changes(value=method)),
            args=args,
        )
        self.report(node, message, fix=self.make_fix([(node, new)], safe=True))
