from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Kind, Rule
from loglint.semantics.formatting import PercentFormat, parse_percent_format
from loglint.semantics.loggers import LogCall, string_value

# Argument shapes that are never a mapping: logging keeps them as a tuple of one value.
_NOT_MAPPINGS = (
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.Tuple,
    cst.List,
    cst.Set,
    cst.ListComp,
    cst.SetComp,
    cst.GeneratorExp,
)


def format_with_args(context, node: cst.Call) -> Optional[tuple[LogCall, PercentFormat]]:
    """A stdlib log call whose message is a string literal and whose positional arguments are all
    visible (no `*args`), with at least one: only then does logging compute `msg % args`."""
    call = context.log_call(node)
    if call is None or call.msg is None or not call.args:
        return None
    if any(arg.star == "*" for arg in node.args):
        return None
    text = string_value(call.msg.value)
    if text is None:
        return None
    return call, parse_percent_format(text)


def is_parse_error(fmt: PercentFormat) -> bool:
    """The format itself is broken (`ValueError` whatever the arguments), as opposed to a mismatch."""
    return fmt.error is not None and fmt.error.startswith(("unsupported format character", "incomplete format"))


class LogArgsMismatch(Rule):
    """## What it does
    Checks the `%` placeholders of a literal log message against the arguments of the call: too many or
    too few positional arguments, arguments but no placeholder, `%(key)s` placeholders without a single
    mapping argument, or with keys missing from a dict literal.

    ## Why is this bad?
    Logging formats the message when the record is emitted. A mismatch raises inside the handler, which
    prints `--- Logging error ---` and a traceback to stderr: the record is lost, usually the one that
    explained a failure.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user %s logged in from %s", user_id)
    logger.warning("retrying", attempt)
    logger.error("order %(id)s failed", {"order": 3})
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user %s logged in from %s", user_id, address)
    logger.warning("retrying (attempt %d)", attempt)
    logger.error("order %(id)s failed", {"id": 3})
    ```

    ## Known limitations
    Only a message written as a string literal (or an implicit concatenation of literals) is checked, and
    only when no `*args` hides the arguments. Keys are checked against a dict display or `dict(k=...)`
    with literal keys; any other single argument may be a mapping and is trusted. A message without
    arguments is never formatted, so it is never reported. A broken format string is LL107. A project
    `LoggerAdapter` subclass that formats messages its own way (the logging cookbook's brace-style
    `StyleAdapter`) is still taken for a `%`-formatting logger.
    """

    code = "LL105"
    candidates = frozenset({LOG})
    name = "log-args-mismatch"
    message = "format placeholders and arguments disagree"
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        found = format_with_args(self.context, node)
        if found is None:
            return
        call, fmt = found
        if is_parse_error(fmt):
            return
        message = self._named(call, fmt) if fmt.is_mapping else self._positional(call, fmt)
        if message is not None:
            self.report(node, message)

    def _positional(self, call: LogCall, fmt: PercentFormat) -> Optional[str]:
        needed, given = fmt.positional_count, len(call.args)
        if needed == given:
            return None
        if needed == 0:
            if given == 1 and self._may_be_mapping(call.args[0].value):
                return None  # `"text" % {"a": 1}` formats to "text"
            return "arguments given but the message has no placeholder"
        which = "few" if needed > given else "many"
        return f"too {which} arguments for the format string ({needed} expected, {given} given)"

    def _named(self, call: LogCall, fmt: PercentFormat) -> Optional[str]:
        if len(call.args) > 1:
            return "named placeholders need a single mapping argument"
        arg = call.args[0].value
        if isinstance(arg, _NOT_MAPPINGS) or (isinstance(arg, cst.Name) and arg.value in ("None", "True", "False")):
            return "named placeholders need a single mapping argument"
        keys = self._literal_keys(arg)
        if keys is None:
            return None
        if not keys:
            return "named placeholders with an empty mapping argument"
        if fmt.error is not None:
            return None  # named and positional mixed: with a mapping CPython sometimes copes
        missing = sorted(set(fmt.keys) - keys)
        if not missing:
            return None
        names = ", ".join(repr(key) for key in missing)
        return f"{'key' if len(missing) == 1 else 'keys'} {names} missing from the mapping argument"

    def _literal_keys(self, expr: cst.BaseExpression) -> Optional[set[str]]:
        """The keys of a dict display or of `dict(k=...)`, when every key is known."""
        keys: set[str] = set()
        if isinstance(expr, cst.Dict):
            for element in expr.elements:
                if not isinstance(element, cst.DictElement):
                    return None
                key = string_value(element.key)
                if key is None:
                    return None
                keys.add(key)
            return keys
        if isinstance(expr, cst.Call) and self._is_builtin_dict(expr.func):
            for arg in expr.args:
                if arg.keyword is None:
                    return None
                keys.add(arg.keyword.value)
            return keys
        return None

    def _may_be_mapping(self, expr: cst.BaseExpression) -> bool:
        """A non-empty mapping logging would format the message with (so `"text" % mapping` is fine)."""
        if isinstance(expr, cst.Dict):
            return bool(expr.elements)
        if isinstance(expr, cst.DictComp):
            return True
        return isinstance(expr, cst.Call) and self._is_builtin_dict(expr.func) and bool(expr.args)

    def _is_builtin_dict(self, expr: cst.BaseExpression) -> bool:
        return (
            isinstance(expr, cst.Name)
            and expr.value == "dict"
            and self.context.names.lookup("dict", self.context.scope_chain) is None
        )

