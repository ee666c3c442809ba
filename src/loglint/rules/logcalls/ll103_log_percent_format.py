from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Kind, Rule
from loglint.rules.logcalls.ll101_log_fstring import lazy_fix
from loglint.rules.logcalls.ll102_log_str_format import is_str
from loglint.semantics.formatting import percent_to_lazy


class LogPercentFormat(Rule):
    """## What it does
    Checks for log calls whose message is formatted with the `%` operator before the call.

    ## Why is this bad?
    `"..." % args` runs before the call, even when the level is disabled, and produces a different
    message for every value, which splits the records in Sentry and log aggregators. Logging already
    speaks `%`: pass the values as arguments and it formats `msg % args` only when a handler emits the
    record.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.error("payment %s failed: %s" % (payment_id, reason))
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.error("payment %s failed: %s", payment_id, reason)
    ```

    ## Fix safety
    The fix keeps the format string and passes the right operand as arguments: the elements of a tuple
    display, or a dict display as the one mapping argument (`%(key)s`); both are safe. Any other single
    value is passed as the one argument, which is unsafe unless the value is statically not a tuple (a
    literal, a number): at run time a tuple would have been unpacked by `%` and is then printed whole.
    No fix is offered when the format and the operand do not fit (the eager `%` raises: see LL105 and
    LL107), when the call already passes arguments after the message, or when a comment sits inside the
    message. As with any lazy message, a value the conversion rejects at run time (`"%d" % (name,)` with
    a string) no longer raises `TypeError` at the call: the handler reports it as a logging error on
    stderr when the record is emitted, and the program goes on.

    ## Known limitations
    The left operand must be a string literal, a name bound only to string literals, or a `gettext`
    call (reported without a fix): `x % y` on anything else may be arithmetic and is left alone.
    """

    code = "LL103"
    candidates = frozenset({LOG})
    name = "log-percent-format"
    message = "%-formatting in a log call runs even when the level is disabled"
    fix_title = "Use lazy %-style arguments"
    fix_availability = FixAvailability.SOMETIMES_SAFE
    kind = Kind.WARNING

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.msg is None:
            return
        message = call.msg.value
        if not isinstance(message, cst.BinaryOperation) or not isinstance(message.operator, cst.Modulo):
            return
        if not is_str(self.context, message.left):
            return
        self.report(node, fix=lazy_fix(self, call, percent_to_lazy, message, template=message.left))
