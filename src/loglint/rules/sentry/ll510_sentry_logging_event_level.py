from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics import sentry_options
from loglint.semantics.sentry import (
    LOGGING_INTEGRATION,
    call_argument,
    has_unpacking,
    integration_class,
    level_literal,
)

_NAMES = {0: "NOTSET", 10: "DEBUG", 20: "INFO", 30: "WARNING"}


class SentryLoggingEventLevel(Rule):
    """## What it does
    Checks for `LoggingIntegration(event_level=...)` (from `sentry_sdk.integrations.logging`) with a
    level below `ERROR`: `logging.WARNING`, `logging.INFO`, `"WARNING"`, `20`, ...

    ## Why is this bad?
    Every log record at or above `event_level` becomes a Sentry event: an issue, a notification, and a
    unit of the error quota. Warnings are routine in a Django application (`django.security`, slow
    queries, retries), so the quota goes within days and real errors are then dropped. Records below
    `ERROR` are already attached to events as breadcrumbs (`level`), which is where they help.

    `event_level=None` (no events from logging) and levels from settings names are not reported.

    ## Example
    ```python
    import logging

    from sentry_sdk.integrations.logging import LoggingIntegration

    integration = LoggingIntegration(level=logging.INFO, event_level=logging.WARNING)
    ```

    ## Use instead
    ```python
    import logging

    from sentry_sdk.integrations.logging import LoggingIntegration

    integration = LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)
    ```
    """

    code = "LL510"
    name = "sentry-logging-event-level"
    candidates = frozenset({SENTRY})
    message = "`LoggingIntegration(event_level=...)` below ERROR makes every such record a billed Sentry event"

    def visit_Call(self, node: cst.Call) -> None:
        if integration_class(self.context, node) != LOGGING_INTEGRATION or has_unpacking(node):
            return
        arg = call_argument(node, "event_level", 1)
        if arg is None:
            return
        level = level_literal(self.context, arg.value)
        if isinstance(level, int) and level < sentry_options.LOGGING_DEFAULT_EVENT_LEVEL:
            shown = _NAMES.get(level, str(level))
            self.report(arg, f"`event_level` {shown} makes every {shown} record a billed Sentry event")
