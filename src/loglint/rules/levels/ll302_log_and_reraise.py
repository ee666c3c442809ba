from __future__ import annotations

import logging

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Rule
from loglint.semantics.handlers import handler_facts, unconditional_log_then_reraise


class LogAndReraise(Rule):
    """## What it does
    Checks for `except` handlers that log the exception at ERROR or above (`.error()`, `.exception()`,
    `.critical()`), or with a traceback, and then re-raise the same exception (`raise`, `raise exc`).

    ## Why is this bad?
    The exception goes on to a caller that handles it: it logs it again, or Django logs it as an
    unhandled error, or Sentry's integration reports it. One failure becomes two or three log records and
    two Sentry events, and the duplicates make the log harder to read and alerts noisier. Either handle
    the exception here (log and do not raise), or let it go up and leave the logging to whoever handles
    it, or wrap it (`raise ServiceError(...) from exc`) and log below WARNING what this level knows.

    Reported only when both the log call and the re-raise are statements of the handler's body itself,
    the log first: a log in one branch and a `raise` in another are two different paths. Raising another
    exception (`raise ApiError() from exc`, `raise ValidationError(...)`) is a translation, not a
    re-raise, and is not reported. Log calls at WARNING or below without a traceback are not reported:
    they add context for whoever handles the exception.

    Reported at the log call.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def charge(gateway, order):
        try:
            gateway.charge(order)
        except Exception:
            logger.exception("charge failed for order %s", order.pk)
            raise
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    class ChargeError(Exception):
        pass


    def charge(gateway, order):
        try:
            gateway.charge(order)
        except Exception as exc:
            raise ChargeError(f"charge failed for order {order.pk}") from exc
    ```

    ## Known limitations
    Whether a caller really logs the exception again is not checked: a handler at the top of a thread or
    a task that logs and re-raises for the runner's sake is reported too. A log and a re-raise inside the
    same `if` or `with` block are not reported.
    """

    code = "LL302"
    candidates = frozenset({LOG})
    name = "log-and-reraise"
    message = "the exception is logged and re-raised: it will be logged twice"

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)

    def _check(self, node) -> None:
        facts = handler_facts(self.context, node)
        if not facts.reraises or not facts.logs:
            return
        for log in unconditional_log_then_reraise(facts):
            if log.with_traceback or (log.level is not None and log.level >= logging.ERROR):
                self.report(log.call.call)
