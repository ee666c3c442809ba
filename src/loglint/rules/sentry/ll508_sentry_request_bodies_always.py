from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import production_only_skipped, sentry_init


class SentryRequestBodiesAlways(Rule):
    """## What it does
    Checks for `max_request_body_size="always"` in `sentry_sdk.init(...)`.

    ## Why is this bad?
    The SDK then attaches every request body to error events, whatever its size: login forms with
    passwords, payment forms with card numbers, uploaded documents. The default, `"medium"`, already
    keeps bodies up to 10 kB; `"always"` removes the last limit on what leaves the process.

    Development settings (`dev-settings` globs), test modules and development branches
    (`if DEBUG:`, `if ENVIRONMENT == "local":`) are not checked.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(max_request_body_size="always")
    ```

    ## Use instead
    ```python
    import sentry_sdk

    sentry_sdk.init(max_request_body_size="small")
    ```

    ## Options
    - `dev-settings`: globs of development settings modules, which are skipped.
    """

    code = "LL508"
    name = "sentry-request-bodies-always"
    candidates = frozenset({SENTRY})
    message = '`max_request_body_size="always"` sends whole request bodies (passwords, card numbers) to Sentry'

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or production_only_skipped(self.context, node):
            return
        option = init.get("max_request_body_size")
        if option is not None and option.literal == "always":
            self.report(option.node)
