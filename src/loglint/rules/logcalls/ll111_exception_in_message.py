from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Rule
from loglint.semantics.handlers import current_handler_facts, logs_traceback, shows_exception

class ExceptionInMessage(Rule):
    """## What it does
    Checks for log calls that log the traceback of the exception being handled (`.exception()`,
    `exc_info=True`) and also put that exception in the message: as the message
    (`logger.exception(exc)`), as a `%s` argument, or formatted into it (`f"{exc}"`, `str(exc)`,
    `"..." % exc`, `"...".format(exc)`).

    ## Why is this bad?
    The traceback already ends with `ValueError: <the message>`: the text appears twice. Worse, the
    message now changes with every exception value, so Sentry and log aggregators that group on the
    message split one failure into as many issues as there are values.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception as exc:
            logger.exception("sync failed: %s", exc)
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

    ## Known limitations
    Attributes of the exception (`exc.args`, `exc.code`) and helpers (`describe(exc)`) are left alone: they
    may well add information the traceback lacks.
    """

    code = "LL111"
    candidates = frozenset({LOG})
    name = "exception-in-message"
    message = "the exception is in the message and again in the traceback"

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.current_handler is None:
            return
        call = self.context.log_call(node)
        if call is None or call.msg is None or not logs_traceback(call):
            return
        facts = current_handler_facts(self.context)
        if facts is None or facts.name is None:
            return
        exc_info = call.keyword("exc_info")
        if exc_info is not None and not _is_current(exc_info, facts.name):
            return  # the traceback of some other exception (or an unknown value)
        values = [call.msg.value] + [arg.value for arg in call.args]
        if any(shows_exception(self.context, value, facts.name) for value in values):
            self.report(node)


def _is_current(expr: cst.BaseExpression, name: str) -> bool:
    if isinstance(expr, cst.Name):
        return expr.value in ("True", name)
    return isinstance(expr, cst.Integer) and expr.value == "1"

