from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import production_only_skipped, sentry_init


class SentryDebug(Rule):
    """## What it does
    Checks for `debug=True` in `sentry_sdk.init(...)`.

    ## Why is this bad?
    The SDK then logs every envelope it builds and sends, its integrations' decisions and its transport's
    retries, at DEBUG on the `sentry_sdk.errors` logger and to stderr: noise in production logs, and
    event payloads (with whatever personal data they hold) written where log retention rules differ.

    Only the literal `True` is reported: `debug=DEBUG` or a value from the environment is left alone,
    and so are development settings (`dev-settings` globs), test modules and development
    branches (`if DEBUG:`, `if ENVIRONMENT == "local":`).

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(debug=True)
    ```

    ## Use instead
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(debug=os.environ.get("SENTRY_DEBUG") == "1")
    ```

    ## Options
    - `dev-settings`: globs of development settings modules, which are skipped.
    """

    code = "LL504"
    name = "sentry-debug"
    candidates = frozenset({SENTRY})
    message = "`debug=True` makes the Sentry SDK log every event it sends"

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or production_only_skipped(self.context, node):
            return
        option = init.get("debug")
        if option is not None and option.literal is True:
            self.report(option.node)
