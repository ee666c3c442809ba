from __future__ import annotations

from pathlib import Path
from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Rule
from loglint.semantics.django import has_main_guard, is_entry_file, is_main_guard
from loglint.semantics.names import BindingKind


class BasicConfigInDjango(Rule):
    """## What it does
    Checks for `logging.basicConfig()` in the modules of a Django project.

    ## Why is this bad?
    Django configures logging from `settings.LOGGING` at start-up. `basicConfig()` adds a second handler
    on the root logger: every record that propagates is printed twice, in two formats, and the level it
    sets overrides what `LOGGING` says for the root logger. Depending on import order it runs before or
    after Django's setup, so the outcome differs between `runserver`, gunicorn and the tests.

    A Django project is one whose file imports `django`, or whose project root holds a `manage.py`.
    Entry scripts are left alone: code under `if __name__ == "__main__":` and the functions of a module
    that has such a block, `__main__.py`, and the files of `print.allowed` (`manage.py`, `setup.py`,
    `conftest.py`, `tests/`, `scripts/`, ...).

    ## Example
    ```python
    import logging

    from django.apps import AppConfig

    logging.basicConfig(level=logging.INFO)


    class ShopConfig(AppConfig):
        name = "shop"
    ```

    ## Use instead
    ```python
    from django.apps import AppConfig


    class ShopConfig(AppConfig):
        name = "shop"
    ```
    and configure the level in `settings.LOGGING`.

    ## Options
    - `print.allowed`: the files that are scripts rather than application code.

    ## Known limitations
    A project is recognised by a `manage.py` at the project root; a module that does not import
    `django` in a project laid out differently is not checked. A script without a `__main__` block
    (run by an entry point) is reported; list it in `print.allowed`.
    """

    code = "LL120"
    candidates = frozenset({LOG})
    name = "basicconfig-in-django"
    message = "`logging.basicConfig()` in a Django project fights `LOGGING`"

    def __init__(self, context) -> None:
        super().__init__(context)
        self._main_guards = 0
        self._applies: Optional[bool] = None

    def visit_If(self, node: cst.If) -> None:
        if is_main_guard(node):
            self._main_guards += 1

    def leave_If(self, node: cst.If) -> None:
        if is_main_guard(node):
            self._main_guards -= 1

    def visit_Call(self, node: cst.Call) -> None:
        if self._main_guards or self.context.qualified_name(node.func) != "logging.basicConfig":
            return
        if self.context.current_function is not None and has_main_guard(self.context.module):
            return  # a script's own functions: run from its `__main__` block
        if self._check_file():
            self.report(node)

    def _check_file(self) -> bool:
        if self._applies is None:
            self._applies = not is_entry_file(self.context) and self._is_django()
        return self._applies

    def _is_django(self) -> bool:
        for scope in self.context.names.scopes.values():
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind is BindingKind.IMPORT and str(binding.payload).split(".")[0] == "django":
                        return True
        project = self.context.project
        return project is not None and project.is_django_project(Path(self.context.path))
