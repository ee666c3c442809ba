from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Fix, FixAvailability, Rule
from loglint.semantics.django import has_main_guard, is_entry_file, is_main_guard, is_script
from loglint.semantics.loggers import LOG_METHODS


class RootLoggerCall(Rule):
    """## What it does
    Checks for log calls on the root logger (`logging.info(...)`, `logging.exception(...)`, any alias of
    the module, and `from logging import info`) in application modules.

    ## Why is this bad?
    Records of the root logger carry the name `root`: nothing says which module logged them, and
    `LOGGING` cannot raise or lower their level or route them per module. A module logger
    (`logging.getLogger(__name__)`) names its records and sits in the dotted hierarchy that `LOGGING`
    configures. `logging.info()` also calls `logging.basicConfig()` when the root logger has no handler,
    which adds a stderr handler behind Django's back.

    Scripts are left alone: files matching `print.allowed` (`manage.py`, `setup.py`, `conftest.py`,
    `tests/`, `test_*.py`, `scripts/`, `bin/`, `docs/`, `examples/`, ...), `__main__.py`, and modules
    with an `if __name__ == "__main__":` block.

    ## Example
    ```python
    import logging


    def sync(client):
        logging.info("syncing %s", client)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        logger.info("syncing %s", client)
    ```

    ## Fix safety
    The fix calls the module's logger instead: the existing `logging.getLogger(__name__)` one, or a new
    `logger` added after the imports when the name `logger` is free. It is unsafe: the record's logger
    name changes, so does the level and handlers that apply to it, and the implicit `basicConfig()` no
    longer happens. No fix is offered in code that runs at import time when the module's logger already
    exists (it may be defined below the call).

    ## Options
    - `print.allowed`: the files that are scripts rather than application code.

    ## Known limitations
    `logging.getLogger().info(...)` (the root logger fetched by hand) is not reported.
    """

    code = "LL113"
    candidates = frozenset({LOG})
    name = "root-logger-call"
    message = "log call on the root logger"
    fix_title = "Log with the module's logger"
    fix_availability = FixAvailability.UNSAFE

    def __init__(self, context) -> None:
        super().__init__(context)
        self._script: Optional[bool] = None

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in LOG_METHODS:
                return
            call = self.context.log_call(node)
            if call is None or not call.on_root:
                return
            method = func.attr.value
        elif isinstance(func, cst.Name):
            qualified = self.context.qualified_name(func) or ""
            module, _, method = qualified.rpartition(".")
            if module != "logging" or method not in LOG_METHODS:
                return
        else:
            return
        if self._is_script():
            return
        self.report(node, fix=self._fix(node, method))

    def _is_script(self) -> bool:
        if self._script is None:
            self._script = is_script(self.context)
        return self._script

    def _fix(self, node: cst.Call, method: str) -> Optional[Fix]:
        name = self._logger_name()
        if name is None:
            return None
        existing, logger = name
        if existing and self.context.current_function is None:
            return None
        func = node.func
        if isinstance(func, cst.Attribute):
            new_func = func.with_changes(value=cst.Name(logger))
        else:
            new_func = cst.Attribute(value=cst.Name(logger), attr=cst.Name(method))
        return self.make_fix([(func, new_func)], safe=False, module_logger=None if existing else logger)

    def _logger_name(self) -> Optional[tuple[bool, str]]:
        """(True, name) for the module's logger when the code here sees it; (False, "logger") when a new
        one can be added; None otherwise."""
        loggers = self.context.loggers
        existing = loggers.module_logger_name()
        if existing is not None:
            found = self.context.names.lookup(existing, self.context.scope_chain)
            module_bindings = self.context.names.module_scope.bindings.get(existing)
            return (True, existing) if found is module_bindings else None
        if loggers.name_is_free("logger"):
            return (False, "logger")
        return None


__all__ = ["RootLoggerCall", "has_main_guard", "is_entry_file", "is_main_guard", "is_script"]
