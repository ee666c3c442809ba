from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Kind, Rule
from loglint.rules.logcalls.ll105_log_args_mismatch import format_with_args, is_parse_error


class LogBadFormatString(Rule):
    """## What it does
    Flags a literal log message that is not a valid `%` format string (an unsupported conversion
    character such as `%y` or `% d` by accident, or a `%` at the end) in a call that passes arguments.

    ## Why is this bad?
    With arguments, logging computes `msg % args` when the record is emitted; a broken format raises
    `ValueError` inside the handler, which prints `--- Logging error ---` to stderr and loses the record.
    A literal `%` must be written `%%` when the call has arguments.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("disk at %d%", percent)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("disk at %d%%", percent)
    ```

    ## Known limitations
    A message without arguments is not formatted by logging, so `logger.info("100%")` is fine and not
    reported. Only messages written as string literals are checked, and not when `*args` hides the
    arguments (an empty `*args` would leave the message unformatted).
    """

    code = "LL107"
    candidates = frozenset({LOG})
    name = "log-bad-format-string"
    message = "invalid format string in a log call with arguments"
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        found = format_with_args(self.context, node)
        if found is None:
            return
        fmt = found[1]
        if is_parse_error(fmt):
            self.report(node, f"bad format string: {fmt.error}")
