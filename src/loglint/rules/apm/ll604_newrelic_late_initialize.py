from __future__ import annotations

from typing import Optional, Union

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import Rule
from loglint.semantics.apm import imported_modules, is_newrelic_early_import, is_newrelic_initialize, skipped


class NewrelicLateInitialize(Rule):
    """## What it does
    Checks for a module-level `newrelic.agent.initialize()` that comes after imports other than `sys`,
    `os` and New Relic's own packages (`newrelic`, `newrelic_lambda`, ...) in its module. An optional
    import (`try: import newrelic.agent` / `except ImportError: newrelic = None`) is followed.

    ## Why is this bad?
    The New Relic agent instruments a library through import hooks installed by `initialize()`. A module
    imported before it (Django, the WSGI application, a database driver) is not instrumented, or only
    partly, and the transactions, errors and database time of the application go missing from the
    reports without any error. New Relic's documentation asks for `initialize()` before all other
    imports, `sys` (to adjust `sys.path`) and `os` excepted.

    ## Example
    ```python
    # file: shop/wsgi.py
    import os

    from django.core.wsgi import get_wsgi_application

    import newrelic.agent

    newrelic.agent.initialize(os.environ["NEW_RELIC_CONFIG_FILE"])
    application = get_wsgi_application()
    ```

    ## Use instead
    ```python
    # file: shop/wsgi.py
    import os

    import newrelic.agent

    newrelic.agent.initialize(os.environ["NEW_RELIC_CONFIG_FILE"])

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    ```
    or start the server under `newrelic-admin run-program`.

    ## Options
    - `dev-settings`: the settings modules that are not checked.

    ## Known limitations
    Only module-level calls are checked (a call in a function runs at a time loglint does not know), and
    only the imports of the same module are seen.
    """

    code = "LL604"
    candidates = frozenset({APM})
    name = "newrelic-late-initialize"
    message = "`newrelic.agent.initialize()` runs after other imports: modules imported before it are not instrumented"

    def __init__(self, context) -> None:
        super().__init__(context)
        self._imported_before = False
        self._applies: Optional[bool] = None

    def visit_Import(self, node: cst.Import) -> None:
        self._import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import(node)

    def _import(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        if self._imported_before or self.context.current_function is not None:
            return
        for module, level in imported_modules(self.context, node):
            if not is_newrelic_early_import(module, level):
                self._imported_before = True

    def visit_Call(self, node: cst.Call) -> None:
        if not self._imported_before or self.context.current_function is not None:
            return
        if is_newrelic_initialize(self.context, node) and not skipped(self.context):
            self.report(node)
