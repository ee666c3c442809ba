from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Kind, Rule
from loglint.semantics.formatting import BraceField, brace_placeholders, parse_percent_format
from loglint.semantics.loggers import LogCall, string_value


class LogBracePlaceholder(Rule):
    """## What it does
    Checks for stdlib log calls whose message has `str.format`-style placeholders (`{}`, `{0}`,
    `{name}`) and no `%` placeholder, while arguments are passed.

    ## Why is this bad?
    Logging formats the message with `msg % args`, never with `str.format`. The `{}` stay in the output
    as they are and the values are lost: with positional arguments `%` raises `not all arguments
    converted`, logging prints `--- Logging error ---` to stderr and the record is dropped; with one
    mapping argument the raw template is logged. Libraries such as loguru format `{}` on purpose; they
    are not stdlib loggers and are not checked.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("synced {} of {} files", done, total)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("synced %s of %s files", done, total)
    ```

    ## Fix safety
    For the plain positional case, `{}` fields only, as many as the arguments, and no `%` or escaped
    brace (`{{`) in the message, the fix writes each `{}` as `%s`: what `str.format` would have printed,
    and what the author meant. It is safe. Numbered or named fields, conversions and format specs are
    reported without a fix.

    ## Known limitations
    Only a message written as a string literal is checked, and only when the arguments are visible (not
    `*args` alone). A message that also has `%` placeholders is left alone (the `{}` may be literal text),
    as is a `LoggerAdapter` subclass that formats `{}` itself (the cookbook's `StyleAdapter`), which
    loglint does not tell apart from a stdlib adapter.
    """

    code = "LL106"
    candidates = frozenset({LOG})
    name = "log-brace-placeholder"
    message = "{}-style placeholders in a log message are never filled"
    fix_title = "Use %s placeholders"
    fix_availability = FixAvailability.SAFE
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.msg is None or call.msg.keyword is not None or not call.args:
            return
        text = string_value(call.msg.value)
        if text is None:
            return
        fields = brace_placeholders(text)
        if not fields:
            return
        percent = parse_percent_format(text)
        if percent.placeholders or percent.error is not None:
            return
        replacements = self._fix(call, text, fields)
        self.report(node, fix=self.make_fix(replacements, safe=True) if replacements else None)

    def _fix(self, call: LogCall, text: str, fields: list[BraceField]) -> Optional[list[tuple[cst.CSTNode, cst.CSTNode]]]:
        """`{}` -> `%s` in each literal of the message, when the message is the plain positional case."""
        if any(arg.star for arg in call.call.args) or len(fields) != len(call.args) or "%" in text:
            return None
        if any(field != BraceField("", None, "") for field in fields):
            return None
        if text.count("{") != len(fields) or text.count("}") != len(fields):
            return None  # `{{`/`}}` escapes: what they meant in the template is left to the author
        assert call.msg is not None
        replacements: list[tuple[cst.CSTNode, cst.CSTNode]] = []
        values: list[str] = []
        for literal in _literals(call.msg.value):
            prefix_length = len(literal.prefix) + len(literal.quote)
            body = literal.value[prefix_length : -len(literal.quote)]
            new = literal.with_changes(value=literal.value[:prefix_length] + body.replace("{}", "%s") + literal.quote)
            try:
                old_value, new_value = literal.evaluated_value, new.evaluated_value
            except Exception:  # noqa: BLE001 - a literal LibCST cannot evaluate gets no fix
                return None
            if not isinstance(new_value, str) or new_value != str(old_value).replace("{}", "%s"):
                return None
            values.append(new_value)
            if new_value != old_value:
                replacements.append((literal, new))
        if "".join(values) != text.replace("{}", "%s"):
            return None  # a field straddles two literals of an implicit concatenation
        return replacements


def _literals(expr: cst.BaseExpression) -> list[cst.SimpleString]:
    if isinstance(expr, cst.ConcatenatedString):
        return _literals(expr.left) + _literals(expr.right)  # type: ignore[arg-type]
    return [expr] if isinstance(expr, cst.SimpleString) else []
