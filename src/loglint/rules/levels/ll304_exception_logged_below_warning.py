from __future__ import annotations

import logging
from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Fix, FixAvailability, Rule
from loglint.rules.levels.ll301_swallowed_exception_low_level import swallowed_at_low_level
from loglint.semantics.handlers import current_handler_facts, logs_traceback, shows_exception


class ExceptionLoggedBelowWarning(Rule):
    """## What it does
    Checks for `.debug()` and `.info()` calls (and `.log()` at DEBUG or INFO) in an `except` body that
    log the caught exception: with a traceback (`exc_info=True`, `exc_info=exc`) or with the exception in
    the message or its arguments (`"failed: %s", exc`, `str(exc)`, `f"{exc}"`).

    ## Why is this bad?
    A call that goes out of its way to log the exception, or its traceback, says that the failure matters;
    at DEBUG or INFO the record is dropped in production, where it would have been needed. Log it at
    WARNING (or above), or drop the exception from a record that is only a trace.

    Opt-in: a debug trace of an expected failure is sometimes what the author wants. Any handler counts,
    specific ones included (LL301 covers broad handlers that log nothing else).

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def load(path):
        try:
            return open(path).read()
        except OSError:
            logger.debug("could not read %s", path, exc_info=True)
            return ""
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def load(path):
        try:
            return open(path).read()
        except OSError:
            logger.warning("could not read %s", path, exc_info=True)
            return ""
    ```

    ## Fix safety
    The fix renames `.debug(`/`.info(` to `.warning(`. It is unsafe: the record now reaches production
    handlers (and Sentry's breadcrumbs become events when its logging integration captures WARNING).
    `.log(level, ...)` calls are reported without a fix.

    ## Known limitations
    A call that LL301 reports (the only, low-level logging of a broad handler that swallows the
    exception) is left to LL301.

    Only the name bound by the `except` clause counts as the exception; `sys.exc_info()` passed around
    is not followed.
    """

    code = "LL304"
    candidates = frozenset({LOG})
    name = "exception-logged-below-warning"
    message = "the caught exception is logged below WARNING"
    fix_title = "Log at WARNING"
    fix_availability = FixAvailability.UNSAFE
    default = False

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.current_handler is None:
            return
        call = self.context.log_call(node)
        if call is None or call.level is None or call.level > logging.INFO:
            return
        if call.method not in ("debug", "info", "log"):
            return
        facts = current_handler_facts(self.context)
        if facts is None:
            return
        if not logs_traceback(call) and not self._shows_exception(call, facts.name):
            return
        if swallowed_at_low_level(self.context, node):
            return  # LL301 reports this call: one finding per call
        self.report(node, fix=self._fix(node, call.method))

    def _shows_exception(self, call, name: Optional[str]) -> bool:
        if name is None:
            return False
        values = [arg.value for arg in call.args] + ([call.msg.value] if call.msg is not None else [])
        return any(shows_exception(self.context, value, name) for value in values)

    def _fix(self, node: cst.Call, method: str) -> Optional[Fix]:
        func = node.func
        if method == "log" or not isinstance(func, cst.Attribute):
            return None
        return self.make_fix([(func.attr, func.attr.with_changes(value="warning"))], safe=False)
