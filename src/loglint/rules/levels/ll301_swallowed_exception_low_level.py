from __future__ import annotations

import logging

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Rule
from loglint.semantics.handlers import current_handler_facts


class SwallowedExceptionLowLevel(Rule):
    """## What it does
    Checks for broad `except` handlers (`except:`, `except Exception`, `except BaseException`, or a tuple
    holding one) that neither raise nor exit and whose only log calls are at DEBUG or INFO without a
    traceback.

    ## Why is this bad?
    A broad handler catches every failure, the unexpected ones included. Production runs at WARNING or
    above, so a DEBUG or INFO record is dropped: the failure disappears, nothing reaches the log or
    Sentry, and the code carries on as if it had worked. Log at WARNING or above, or with
    `logger.exception()`, so that the failure can be seen; or catch only the exceptions you expect.

    Not reported when the handler raises (the same exception or another) or exits, when one of its log
    calls is at WARNING or above or carries a traceback (`exc_info`, `.exception()`), when a level is
    not known (`logger.log(level, ...)`), or when it catches only specific exceptions: `except
    KeyError:` logged at DEBUG is a decision, not a lost failure. Log calls in an `except` clause nested
    in the handler are about another exception and are not counted.

    Reported at each DEBUG/INFO log call of the handler.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def refresh(cache):
        try:
            cache.refresh()
        except Exception as exc:
            logger.info("cache refresh failed: %s", exc)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def refresh(cache):
        try:
            cache.refresh()
        except Exception:
            logger.warning("cache refresh failed", exc_info=True)
    ```

    ## Known limitations
    A handler that raises or exits on some path only counts as one that raises. Test files are checked
    like any other. Only stdlib loggers are recognised (loguru, structlog are not).
    """

    code = "LL301"
    candidates = frozenset({LOG})
    name = "swallowed-exception-low-level"
    message = "broad `except` logs the failure only at DEBUG/INFO and swallows it"

    def visit_Call(self, node: cst.Call) -> None:
        if swallowed_at_low_level(self.context, node):
            self.report(node)


def swallowed_at_low_level(context, node: cst.Call) -> bool:
    """`node` is a DEBUG/INFO log call directly in a broad handler that does not raise or exit and logs
    nothing higher, nor any traceback: LL301's finding (LL304 leaves such a call to it)."""
    if context.current_handler is None:
        return False
    call = context.log_call(node)
    if call is None or call.level is None or call.level > logging.INFO:
        return False
    facts = current_handler_facts(context)
    if facts is None or not facts.is_broad or facts.raises or facts.exits:
        return False
    logs = facts.direct_logs
    if not any(log.call.call is node for log in logs):
        return False  # in a nested except clause: about another exception
    return not any(log.level is None or log.level > logging.INFO or log.with_traceback for log in logs)
