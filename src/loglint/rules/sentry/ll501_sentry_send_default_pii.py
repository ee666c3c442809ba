from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import production_only_skipped, sentry_init


class SentrySendDefaultPii(Rule):
    """## What it does
    Checks for `send_default_pii=True` in `sentry_sdk.init(...)` (or `sentry_sdk.Client(...)`), however
    `sentry_sdk` or `init` was imported.

    ## Why is this bad?
    With it, every integration attaches personal data to events: the user's id, username and email,
    their IP address, cookies, request headers (including `Authorization`) and, with the Django
    integration, the logged-in user. It leaves the process for a third party on every error, which
    most privacy policies and the GDPR require you to justify. The Sentry quick-start turns it on;
    production settings rarely should.

    Only the literal `True` is reported: a value read from the environment or from a settings name is
    a deliberate choice made elsewhere. Development settings (`dev-settings` globs), test modules and
    development branches (`if DEBUG:`, `if ENVIRONMENT == "local":`) are not checked.

    ## Example
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), send_default_pii=True)
    ```

    ## Use instead
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
    ```
    and, where some personal data is needed, `data_collection` (sentry-sdk 2.7x) to choose exactly what.

    ## Options
    - `dev-settings`: globs of development settings modules, which are skipped.
    """

    code = "LL501"
    name = "sentry-send-default-pii"
    candidates = frozenset({SENTRY})
    message = "`send_default_pii=True` sends users' ids, emails, IPs, cookies and headers to Sentry"

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or production_only_skipped(self.context, node):
            return
        option = init.get("send_default_pii")
        if option is not None and option.literal is True:
            self.report(option.node)
