from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import double_reports


class SentryDoubleReport(Rule):
    """## What it does
    Checks for an `except` clause that calls `sentry_sdk.capture_exception()` (for the exception it
    handles) and also logs at ERROR or above without the traceback, while Sentry's logging integration
    turns such records into events (it is on by default, from ERROR).

    ## Why is this bad?
    The failure becomes two Sentry events: the exception, and the log record as a message event, each
    with its own issue, notification and quota unit, and the two are not linked. A record logged with
    its traceback (`logger.exception(...)`, `exc_info=True`) carries the same exception object, and the
    SDK's deduplication drops the second event: that pattern is not reported.

    The project's `LoggingIntegration(event_level=...)` and `sentry_sdk.init(default_integrations=False)`
    are taken into account, wherever they are (settings usually); without them, the integration's default
    applies. A level that is not a literal, or several different ones, make the rule stay quiet.

    ## Example
    ```python
    import logging

    import sentry_sdk

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except ConnectionError as exc:
            logger.error("sync failed: %s", exc)
            sentry_sdk.capture_exception(exc)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except ConnectionError:
            logger.exception("sync failed")
    ```

    Loggers silenced with the integration's `ignore_logger(...)` anywhere in the project make no events:
    their records are not counted (nor, when some pattern is not a literal or the logger's name is not
    known, any record).

    ## Known limitations
    An integration configured outside the project's own files (a shared package) is not seen.
    """

    code = "LL512"
    name = "sentry-double-report"
    candidates = frozenset({SENTRY})
    message = "`capture_exception()` and an ERROR log in the same handler: two Sentry events per failure"

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        for call in double_reports(self.context, node):
            self.report(call)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        for call in double_reports(self.context, node):
            self.report(call)
