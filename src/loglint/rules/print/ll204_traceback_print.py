from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import PRINT
from loglint.rule import Fix, FixAvailability, Rule
from loglint.semantics.printing import formats_traceback, is_application_code, logger_for_fix

# traceback functions that print, and the index of their positional `file` parameter
_PRINTING = {
    "traceback.print_exc": 1,  # print_exc(limit=None, file=None, chain=True)
    "traceback.print_exception": 4,  # print_exception(exc, value, tb, limit, file, chain)
    "traceback.print_stack": 2,  # print_stack(f=None, limit=None, file=None)
    "traceback.print_tb": 2,  # print_tb(tb, limit=None, file=None)
    "traceback.print_last": 1,  # print_last(limit=None, file=None, chain=True)
}
_STDERR = frozenset({"sys.stderr", "sys.__stderr__"})
_STDOUT = frozenset({"sys.stdout", "sys.__stdout__"})
FIX_MESSAGE = '"Unexpected error"'


class TracebackPrint(Rule):
    """## What it does
    Checks for tracebacks printed to the console in application code: `traceback.print_exc()`,
    `traceback.print_exception(...)`, `traceback.print_stack()` (and `print_tb`, `print_last`),
    `print(traceback.format_exc())`, and `sys.stderr.write(traceback.format_exc())`, through any alias of
    the module or of the functions.

    ## Why is this bad?
    Under gunicorn, uWSGI, Celery or a container, stderr is not the log pipeline: the traceback has no
    timestamp, level, logger name or request, is interleaved with other workers' output, never reaches
    Sentry or the log handlers of `LOGGING`, and is often lost. `logger.exception(...)` in the `except`
    body records the same traceback where the application's logs go.

    Application code only, as for LL201: files matching `print.allowed` (`manage.py`, `setup.py`,
    `conftest.py`, `tests/`, `test_*.py`, `scripts/`, `bin/`, `docs/`, `examples/`, ...), tests,
    migrations, entry scripts (`wsgi.py`, `__main__.py`, ...), settings modules (they run before
    `LOGGING` is configured), modules with an `if __name__ == "__main__":` block or that parse a command
    line (argparse, click, ...), modules under a `management/` package and management command classes
    wherever they are (stderr is the output of a command) are left alone. A traceback written to a file or a buffer
    (`print_exc(file=fh)`, `print(traceback.format_exc(), file=fh)`) is written on purpose and is not
    reported.

    ## Example
    ```python
    import traceback


    def sync(client):
        try:
            client.push()
        except Exception:
            traceback.print_exc()
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception:
            logger.exception("Unexpected error")
    ```

    ## Fix safety
    Inside an `except` body, `traceback.print_exc()`, `print(traceback.format_exc())` and
    `sys.stderr.write(traceback.format_exc())` written as statements of their own become
    `logger.exception("Unexpected error")`: the module's `getLogger(__name__)` logger, or `logger` added
    after the imports (with `import logging`) when the module has none. The message is neutral on
    purpose, since the printed traceback had none: edit it to say what failed. The fix is unsafe: the
    traceback moves from stderr to the log pipeline, where the configured handlers and level decide what
    becomes of it. Other calls (`print_exception(exc)`, `print_stack()`, a traceback printed outside an
    `except` body) are reported without a fix.

    ## Options
    - `print.allowed`: the files that are scripts rather than application code.

    ## Known limitations
    Tracebacks written by `logging`-free helpers of other modules are not followed; `file=` arguments
    that are not `sys.stderr`/`sys.stdout` are taken for a file written on purpose.
    """

    code = "LL204"
    candidates = frozenset({PRINT})
    name = "traceback-print"
    message = "traceback printed to the console instead of logged"
    fix_title = "Log with `logger.exception()`"
    fix_availability = FixAvailability.UNSAFE

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return
        qualified = self.context.qualified_name(func)
        fixable = False
        if qualified in _PRINTING:
            if not self._prints_to_console(node, _PRINTING[qualified]):
                return
            fixable = qualified == "traceback.print_exc" and not node.args
        elif qualified in ("sys.stderr.write", "sys.__stderr__.write"):
            if not self._only_formatted_traceback(node):
                return
            fixable = True
        elif self._is_builtin_print(func):
            if not self._print_of_traceback(node):
                return
            fixable = len(node.args) == 1
        else:
            return
        if not is_application_code(self.context):
            return
        self.report(node, fix=self._fix(node) if fixable else None)

    # -- shapes -----------------------------------------------------------------------------------------

    def _prints_to_console(self, node: cst.Call, file_index: int) -> bool:
        """No `file` (stderr), or `file=sys.stderr`/`sys.stdout`."""
        positional = [arg for arg in node.args if arg.keyword is None]
        if any(arg.star for arg in node.args):
            return False
        file: Optional[cst.BaseExpression] = None
        if len(positional) > file_index:
            file = positional[file_index].value
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "file":
                file = arg.value
        return file is None or self._stream(file) is not None

    def _stream(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Name) and expr.value == "None":
            return "stderr"
        qualified = self.context.qualified_name(expr)
        if qualified in _STDERR:
            return "stderr"
        if qualified in _STDOUT:
            return "stdout"
        return None

    def _is_builtin_print(self, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Name) and func.value == "print":
            return self.context.names.lookup("print", self.context.scope_chain) is None
        return self.context.qualified_name(func) == "builtins.print"

    def _print_of_traceback(self, node: cst.Call) -> bool:
        """`print(..., traceback.format_exc(), ...)` to the console (`file=` absent or a std stream)."""
        found = False
        for arg in node.args:
            if arg.star:
                return False
            if arg.keyword is not None:
                if arg.keyword.value == "file" and self._stream(arg.value) is None:
                    return False
                continue
            found = found or formats_traceback(self.context, arg.value)
        return found

    def _only_formatted_traceback(self, node: cst.Call) -> bool:
        return len(node.args) == 1 and not node.args[0].star and formats_traceback(self.context, node.args[0].value)

    # -- fix --------------------------------------------------------------------------------------------

    def _fix(self, node: cst.Call) -> Optional[Fix]:
        if self.context.current_handler is None:
            return None
        statement = self.context.current_statement
        if not (
            isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr)
            and statement.body[0].value is node
        ):
            return None
        found = logger_for_fix(self.context)
        if found is None:
            return None
        existing, logger = found
        new = cst.Call(
            func=cst.Attribute(value=cst.Name(logger), attr=cst.Name("exception")),
            args=[cst.Arg(cst.SimpleString(FIX_MESSAGE))],
        )
        return self.make_fix([(node, new)], safe=False, module_logger=None if existing else logger)


__all__ = ["TracebackPrint"]
