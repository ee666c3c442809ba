from __future__ import annotations

from typing import Optional, Union

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import Rule
from loglint.semantics.apm import imported_modules, instrumentation, is_django_or_app, skipped


class DdtraceLateInstrumentation(Rule):
    """## What it does
    Checks for ddtrace instrumentation (`import ddtrace.auto`, `ddtrace.patch_all()`,
    `ddtrace.patch(django=True)`) that runs after Django or the project's own code was imported in the
    same module: `wsgi.py`, `asgi.py`, `manage.py`, `celery.py` or any other. Also reports `patch_all()`
    wherever it is: it is deprecated in favour of `import ddtrace.auto`.

    An import counts when it runs before the instrumentation: an import earlier at module level (in
    module-level `if`/`try` blocks too), or earlier in the same function. Django is any `django.*`
    module; the project's own code is a relative import, the checked module's own top package, or a
    package found in the project.

    ## Why is this bad?
    ddtrace instruments a library by patching it when it is imported. Code imported before the
    instrumentation keeps the unpatched functions it already holds: views, middleware and database
    calls imported through the app are missing from the traces, or only some of them are, depending on
    import order. `import ddtrace.auto` "should be imported as early as possible", before anything it
    instruments. `patch_all()` emits a `DDTraceDeprecationWarning` and will be removed.

    ## Example
    ```python
    # file: shop/wsgi.py
    import os

    from django.core.wsgi import get_wsgi_application

    import ddtrace.auto

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    application = get_wsgi_application()
    ```

    ## Use instead
    ```python
    # file: shop/wsgi.py
    import ddtrace.auto  # first: instruments everything imported after it

    import os

    from django.core.wsgi import get_wsgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
    application = get_wsgi_application()
    ```
    or run the server under `ddtrace-run`.

    ## Options
    - `dev-settings`: the settings modules that are not checked.

    ## Known limitations
    Only the module itself is read: instrumentation in `settings.py` (which Django imports after itself)
    or in a module imported after the app elsewhere is not reported as late. Imports under
    `if TYPE_CHECKING:` are counted.
    """

    code = "LL602"
    candidates = frozenset({APM})
    name = "ddtrace-late-instrumentation"
    message = "ddtrace instrumentation runs after Django or the app was imported: code imported before it is not traced"

    def __init__(self, context) -> None:
        super().__init__(context)
        # imports met so far, with the function they are in (None: module level); whether one brings in
        # Django or the project is asked only once an instrumentation shows up (rare: a lookup each)
        self._imports: list[tuple[Optional[int], list[tuple[str, int]]]] = []
        self._applies: Optional[bool] = None

    def _check_file(self) -> bool:
        if self._applies is None:
            self._applies = not skipped(self.context)
        return self._applies

    def visit_Import(self, node: cst.Import) -> None:
        self._statement(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._statement(node)

    def visit_Call(self, node: cst.Call) -> None:
        kind = instrumentation(self.context, node)
        if kind is not None and self._check_file():
            self._report(node, kind)

    def _statement(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        kind = instrumentation(self.context, node)
        if kind is not None:
            if self._check_file():
                self._report(node, kind)
            return
        function = self.context.current_function
        self._imports.append((None if function is None else id(function), imported_modules(self.context, node)))

    def _late(self) -> bool:
        enclosing = {id(node) for node in self.context.scope_chain}
        return any(
            is_django_or_app(self.context, module, level)
            for function, modules in self._imports
            if function is None or function in enclosing
            for module, level in modules
        )

    def _report(self, node: cst.CSTNode, kind: str) -> None:
        late = self._late()
        if late and kind == "patch_all":
            self.report(node, self.message + "; `patch_all()` is also deprecated, use `import ddtrace.auto`")
        elif late:
            self.report(node)
        elif kind == "patch_all":
            self.report(node, "`ddtrace.patch_all()` is deprecated: use `import ddtrace.auto` first in the entry module")
