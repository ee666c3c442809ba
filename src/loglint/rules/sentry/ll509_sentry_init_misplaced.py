from __future__ import annotations

from typing import Sequence

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.django import file_kinds
from loglint.semantics.sentry import mentions_sdk, per_request_place, sentry_init


class SentryInitMisplaced(Rule):
    """## What it does
    Checks for `sentry_sdk.init(...)` where it runs again and again: in a view (a function of a views
    module, a method of a class-based view), a middleware method (`__call__`, `process_request`, ...), a
    model method, or a Celery task; and for a second unconditional `sentry_sdk.init(...)` in the same
    block of a module or function.

    Module level of settings, `wsgi.py`, `asgi.py`, `manage.py` and the Celery app module,
    `AppConfig.ready`, `main()` and worker-init signal receivers are the places it belongs and are not
    reported, nor are helpers whose callers loglint cannot see. Test modules may initialise twice.

    ## Why is this bad?
    Each `init` builds a new client with a new transport and background thread, re-runs every
    integration's setup and replaces the client that was there: per request, that is a thread and a
    connection pool per request, events lost when the old client is dropped before it flushes, and
    integrations set up against a half-configured process. Two inits in a row: the second silently
    replaces the first's options.

    ## Example
    ```python
    # file: shop/views.py
    import sentry_sdk
    from django.http import HttpResponse


    def checkout(request):
        sentry_sdk.init(dsn=None)
        return HttpResponse("ok")
    ```

    ## Use instead
    ```python
    # file: shop/settings.py
    import os

    import sentry_sdk

    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
    ```
    """

    code = "LL509"
    name = "sentry-init-misplaced"
    candidates = frozenset({SENTRY})
    message = "`sentry_sdk.init` runs more than once"

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or not init.is_init:
            return
        place = per_request_place(self.context)
        if place is not None:
            self.report(node, f"`sentry_sdk.init` in {place} runs on every call and replaces the client each time")

    def visit_Module(self, node: cst.Module) -> None:
        self._repeated(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._repeated(node.body)

    def _repeated(self, body: Sequence[cst.CSTNode]) -> None:
        """Unconditional init calls that are statements of the same block: every one after the first (a
        test re-initialising on purpose is left alone)."""
        if not mentions_sdk(self.context) or file_kinds(self.context).is_test:
            return
        seen = 0
        for statement in body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                call = small.value if isinstance(small, cst.Expr) else None
                init = sentry_init(self.context, call) if isinstance(call, cst.Call) else None
                if init is not None and init.is_init:
                    seen += 1
                    if seen > 1:
                        self.report(call, "a second `sentry_sdk.init` replaces the client (and options) of the first")
