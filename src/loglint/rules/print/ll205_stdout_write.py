from __future__ import annotations

import libcst as cst

from loglint.prefilter import PRINT
from loglint.rule import FixAvailability, Rule
from loglint.semantics.django import file_kinds, in_main_block, management_command_class

_WRITES = frozenset(
    {"sys.stdout.write", "sys.stderr.write", "sys.__stdout__.write", "sys.__stderr__.write"}
)


class StdoutWrite(Rule):
    """## What it does
    Checks for `sys.stdout.write(...)` and `sys.stderr.write(...)` in application code, `sys` under any
    alias and `from sys import stdout` included.

    Scripts are left alone: files matching `print.allowed` (`manage.py`, `setup.py`, `conftest.py`,
    `tests/`, `test_*.py`, `scripts/`, `bin/`, `docs/`, `examples/`, ...), tests, migrations, entry
    scripts (`wsgi.py`, `asgi.py`, `__main__.py`), modules with an `if __name__ == "__main__":` block,
    and management commands (modules under a `management/` package, Django's `ManagementUtility` among
    them, and any class deriving from `BaseCommand`).

    ## Why is this bad?
    It is `print()` without the name: in a Django process the text goes to the worker's stdout or
    stderr, with no timestamp, level or logger name, and `LOGGING` cannot filter, route or silence it.

    ## Example
    ```python
    import sys


    def sync(client):
        sys.stdout.write("syncing\\n")
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        logger.info("syncing")
    ```

    ## Known limitations
    The stream is recognised by name only: `out = sys.stdout; out.write(...)` is not reported.
    `sys.stderr.write(traceback.format_exc())` is left to LL204.
    """

    code = "LL205"
    candidates = frozenset({PRINT})
    name = "stdout-write"
    message = "`sys.stdout.write()`/`sys.stderr.write()` in application code bypasses logging"
    fix_availability = FixAvailability.NONE
    default = False

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "write":
            return
        context = self.context
        if context.qualified_name(func) not in _WRITES:
            return
        if node.args and isinstance(node.args[0].value, cst.Call):
            inner = context.qualified_name(node.args[0].value.func) or ""
            if inner.startswith("traceback."):
                return  # LL204's
        kinds = file_kinds(context)
        if (
            kinds.is_print_allowed
            or kinds.is_test
            or kinds.is_migration
            or kinds.is_entry_script
            or kinds.is_management_module
            or kinds.has_main_block
            or in_main_block(context, node)
            or management_command_class(context) is not None
        ):
            return
        self.report(node)


__all__ = ["StdoutWrite"]
