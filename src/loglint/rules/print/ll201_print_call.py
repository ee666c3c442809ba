from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import PRINT
from loglint.rule import Fix, FixAvailability, Rule
from loglint.semantics.printing import (
    formats_traceback,
    PRINT_NOQA_CODES,
    PrintedCall,
    is_application_code,
    log_call_node,
    logger_for_fix,
    loses_comments,
    marked_deliberate,
    print_call,
    print_level_method,
    print_to_lazy,
)


class PrintCall(Rule):
    """## What it does
    Checks for calls to the builtin `print()` (also `builtins.print`) in application code.

    Programs and their helpers are left alone: files matching `print.allowed` (`manage.py`, `setup.py`,
    `conftest.py`, `tests/`, `test_*.py`, `scripts/`, `bin/`, `docs/`, `examples/`, ...), tests,
    migrations, entry scripts (`wsgi.py`, `asgi.py`, `__main__.py`), settings modules (they run before
    `LOGGING` is configured), modules under a `management/` folder (commands and the code that runs
    them), modules with an `if __name__ == "__main__":` block or that import a command-line parser
    (`argparse`, `optparse`, `getopt`, `click`, `typer`), `print(..., file=fh)` writing to a file on
    purpose, and prints another linter's suppression marks as meant (`# noqa: T201`). Prints in a
    management command class elsewhere are LL203's.

    ## Why is this bad?
    In a Django process stdout is nobody's log: under gunicorn or uWSGI it is buffered, interleaved
    between workers, has no timestamp, level or logger name, and `LOGGING` cannot filter, route or
    silence it. A debugging `print` left behind also runs on every request in production.

    ## Example
    ```python
    def sync(client):
        print("syncing", client)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        logger.info("syncing %s", client)
    ```

    ## Fix safety
    The fix logs what the call printed with the module's logger: `info` for stdout, `warning` for
    `file=sys.stderr`. The record's text is exactly what `print` wrote without its final newline: the
    values become lazy `%s` arguments (`print` and `%s` both call `str()`), a literal `sep` is honoured,
    f-strings are converted like LL101's fix, a lone `"..." % x` or `"...".format(x)` like LL103's and
    LL102's when that is exact for every value, and `%` in literal text is doubled when arguments
    remain. The module's `getLogger(__name__)` logger is reused, or `logger` is added after the imports
    when the name is free. The fix is unsafe: the text leaves stdout for the logging pipeline, where the
    level and handlers decide whether and where it appears, and `str()` of the values is called when the
    record is emitted rather than at the call.

    No fix is offered for `print()` without arguments, `*args`/`**kwargs`, an `end` other than the
    default newline, a `sep` that is not a literal, a comment inside the arguments, and at import time
    when the module's logger already exists (it may be defined below the call).

    ## Options
    - `print.allowed`: the files that are scripts rather than application code.

    ## Known limitations
    A module meant to be run (`python -m pkg.tool`) without a `__main__` block is taken for application
    code unless `print.allowed` names it. `print` passed around as a value (`callback=print`) is not
    reported.
    """

    code = "LL201"
    candidates = frozenset({PRINT})
    name = "print-call"
    message = "print() in application code: use a logger"
    fix_title = "Log the text with the module's logger"
    fix_availability = FixAvailability.UNSAFE

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Name) or (isinstance(func, cst.Attribute) and func.attr.value == "print")):
            return
        call = print_call(self.context, node)
        if call is None or call.stream is None:
            return
        if not is_application_code(self.context) or marked_deliberate(self.context, node, PRINT_NOQA_CODES):
            return
        if any(not arg.keyword and formats_traceback(self.context, arg.value) for arg in node.args):
            return  # a printed traceback is LL204's: one finding per call
        self.report(node, fix=self._fix(call))

    def _fix(self, call: PrintedCall) -> Optional[Fix]:
        node = call.node
        if loses_comments(node):
            return None
        lazy = print_to_lazy(call)
        if lazy is None:
            return None
        found = logger_for_fix(self.context)
        if found is None:
            return None
        existing, logger = found
        new = log_call_node(node, logger, print_level_method(call), lazy.format, lazy.args)
        return self.make_fix([(node, new)], safe=False, module_logger=None if existing else logger)


__all__ = ["PrintCall"]
