from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import PRINT
from loglint.rule import Fix, FixAvailability, ImportSpec, Rule
from loglint.semantics.printing import (
    PPRINT_KEYWORDS,
    PPRINT_NOQA_CODES,
    is_application_code,
    log_call_node,
    logger_for_fix,
    loses_comments,
    marked_deliberate,
    mentions,
    stream_of,
)

_PPRINT_FUNCTIONS = frozenset({"pprint.pprint", "pprint.pp"})


class PprintCall(Rule):
    """## What it does
    Checks for calls to `pprint.pprint()` and `pprint.pp()` (through any import or alias) in
    application code.

    The same code as LL201's is left alone (`print.allowed` files, tests, migrations, entry scripts,
    settings, `management/` modules, command-line programs, management commands), and so are
    `pprint(x, stream=fh)` writing to a file on purpose and calls marked `# noqa: T203`.

    ## Why is this bad?
    `pprint` writes to stdout: in a Django process that output has no level, logger name or timestamp,
    `LOGGING` cannot filter or route it, and it is usually a debugging aid left behind.

    ## Example
    ```python
    from pprint import pprint


    def sync(payload):
        pprint(payload)
    ```

    ## Use instead
    ```python
    import logging
    from pprint import pformat

    logger = logging.getLogger(__name__)


    def sync(payload):
        logger.debug("%s", pformat(payload))
    ```

    ## Fix safety
    The fix logs `pprint.pformat(x)` (the text `pprint` wrote without its final newline) at `debug` with
    the module's logger, keeping the `indent`, `width`, `depth`, `compact`, `sort_dicts` and
    `underscore_numbers` keywords (`pp()` does not sort dicts: its fix passes `sort_dicts=False`).
    `pformat` is imported when the module does not already have it. The fix is unsafe: the text leaves
    stdout for the logging pipeline, and at `debug` it is usually not emitted at all in production;
    `pformat` runs even when `debug` is disabled.

    No fix is offered with `stream=`, more than one positional argument, `*args`/`**kwargs`, a comment
    inside the arguments, or at import time when the module's logger already exists.

    ## Options
    - `print.allowed`: the files that are scripts rather than application code.

    ## Known limitations
    `pprint.PrettyPrinter(...).pprint(x)` is not reported.
    """

    code = "LL202"
    candidates = frozenset({PRINT})
    name = "pprint-call"
    message = "pprint() in application code: use a logger"
    fix_title = "Log pprint.pformat() with the module's logger"
    fix_availability = FixAvailability.UNSAFE

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value not in ("pprint", "pp"):
                return
        elif not isinstance(func, cst.Name):
            return
        if not mentions(self.context, b"pprint"):
            return
        qualified = self.context.qualified_name(func)
        if qualified not in _PPRINT_FUNCTIONS:
            return
        stream = next((arg for arg in node.args if arg.keyword is not None and arg.keyword.value == "stream"), None)
        if stream is not None and stream_of(self.context, stream.value) is None:
            return
        if any(arg.star == "**" for arg in node.args):
            return  # `**kwargs` may hold a stream
        if not is_application_code(self.context) or marked_deliberate(self.context, node, PPRINT_NOQA_CODES):
            return
        self.report(node, fix=None if stream is not None else self._fix(node, qualified == "pprint.pp"))

    def _fix(self, node: cst.Call, is_pp: bool) -> Optional[Fix]:
        args = node.args
        positional = [arg for arg in args if arg.keyword is None]
        keywords = [arg for arg in args if arg.keyword is not None]
        if len(positional) != 1 or positional[0].star or loses_comments(node):
            return None
        if any(arg.keyword.value not in PPRINT_KEYWORDS for arg in keywords if arg.keyword is not None):
            return None
        found = logger_for_fix(self.context)
        pformat = self._pformat(node.func)
        if found is None or pformat is None:
            return None
        existing, logger = found
        func, imports = pformat
        pformat_args = [arg.with_changes(comma=cst.MaybeSentinel.DEFAULT) for arg in [positional[0], *keywords]]
        if is_pp and not any(arg.keyword is not None and arg.keyword.value == "sort_dicts" for arg in keywords):
            tight = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
            pformat_args.append(cst.Arg(cst.Name("False"), keyword=cst.Name("sort_dicts"), equal=tight))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        pformat_args = [arg.with_changes(comma=comma) for arg in pformat_args[:-1]] + pformat_args[-1:]
        call = cst.Call(func=func, args=pformat_args)
        new = log_call_node(node, logger, "debug", cst.SimpleString('"%s"'), [call])
        return self.make_fix(
            [(node, new)], safe=False, imports=imports, module_logger=None if existing else logger
        )

    def _pformat(self, func: cst.BaseExpression) -> Optional[tuple[cst.BaseExpression, tuple[ImportSpec, ...]]]:
        """How the code here reaches `pprint.pformat`, and the import that makes it reachable."""
        context = self.context
        if context.qualified_name(cst.Name("pformat")) == "pprint.pformat":
            return cst.Name("pformat"), ()
        if isinstance(func, cst.Attribute):
            return func.with_changes(attr=cst.Name("pformat")), ()
        if context.qualified_name(cst.Name("pprint")) == "pprint":
            return cst.Attribute(value=cst.Name("pprint"), attr=cst.Name("pformat")), ()
        if context.loggers.name_is_free("pformat"):
            return cst.Name("pformat"), (ImportSpec("pprint", "pformat"),)
        if context.loggers.name_is_free("pprint"):
            return cst.Attribute(value=cst.Name("pprint"), attr=cst.Name("pformat")), (ImportSpec("pprint"),)
        return None


__all__ = ["PprintCall"]
