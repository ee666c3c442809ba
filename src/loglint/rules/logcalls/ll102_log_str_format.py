from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Kind, Rule
from loglint.rules.logcalls.ll101_log_fstring import lazy_fix
from loglint.semantics.formatting import str_format_to_lazy
from loglint.semantics.names import BindingKind

if TYPE_CHECKING:
    from loglint.engine import FileContext

# Functions returning the translation of a str (a lazy proxy for the `_lazy` ones, formatted as a str).
_GETTEXT = frozenset(
    f"{module}.{function}"
    for module in ("django.utils.translation", "gettext")
    for function in (
        "gettext",
        "gettext_lazy",
        "ugettext",
        "ugettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "npgettext",
        "npgettext_lazy",
    )
)


class LogStrFormat(Rule):
    """## What it does
    Checks for log calls whose message is built with `str.format()`.

    ## Why is this bad?
    `.format()` runs before the call, even when the level is disabled, and produces a different message
    for every value, which splits the records in Sentry and log aggregators. Pass the values as arguments:
    logging formats `msg % args` only when a handler emits the record.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.warning("retrying {} ({} left)".format(url, attempts))
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.warning("retrying %s (%s left)", url, attempts)
    ```

    ## Fix safety
    The fix, offered when the template is a string literal, prints the same bytes: `{}`/`{0}`/`{name}`
    become `%s` (`%r`, `%a` with a conversion), a repeated field repeats its argument, `{0.attr}` and
    `{0[key]}` become `x.attr` and `x["key"]`, a field with a format spec becomes `format(x, "spec")`
    (or the printf spec when the value is known to be a number), and a literal `%` is written `%%`. It is
    safe when the output and the side effects are the same for every value. It is unsafe when an unused
    argument is dropped (its evaluation could have raised), or when arguments are reordered, repeated or
    accessed (`{0.attr}`) next to an argument that calls something, which could change what the others
    see. No fix is offered when a repeated field's argument is not a name, attribute or constant, an
    unused argument calls something, for `*args`/`**kwargs`, a template `.format()` rejects, a nested
    spec, a call that already passes arguments after the message, or a comment that would be dropped.

    ## Known limitations
    The template must be a string literal, a name bound only to string literals, or a `gettext` call
    (reported without a fix); `.format()` on anything else (a parameter, an attribute) may not be
    `str.format` and is left alone, as is `.format_map()`.
    """

    code = "LL102"
    candidates = frozenset({LOG})
    name = "log-str-format"
    message = "str.format() in a log call runs even when the level is disabled"
    fix_title = "Use lazy %-style arguments"
    fix_availability = FixAvailability.SOMETIMES_SAFE
    kind = Kind.WARNING

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.msg is None:
            return
        message = call.msg.value
        if not isinstance(message, cst.Call) or not isinstance(message.func, cst.Attribute):
            return
        if message.func.attr.value != "format" or not is_str(self.context, message.func.value):
            return
        self.report(node, fix=lazy_fix(self, call, str_format_to_lazy, message, template=message.func.value))


def is_str(context: "FileContext", expr: cst.BaseExpression) -> bool:
    """Known to be a str: a (non-bytes) string literal or f-string, a name bound only to those, or a
    gettext translation."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return is_str_literal(expr)
    if isinstance(expr, cst.Name):
        bindings = context.names.lookup(expr.value, context.scope_chain)
        return bool(bindings) and all(
            binding.kind is BindingKind.VALUE and is_str_literal(binding.payload)  # type: ignore[arg-type]
            for binding in bindings
        )
    if isinstance(expr, cst.Call):
        return context.qualified_name(expr.func) in _GETTEXT
    return False


def is_str_literal(expr: cst.BaseExpression) -> bool:
    """A str literal, f-string, or an implicit concatenation of those (no bytes)."""
    if isinstance(expr, cst.SimpleString):
        return "b" not in expr.prefix.lower()
    if isinstance(expr, cst.FormattedString):
        return True
    if isinstance(expr, cst.ConcatenatedString):
        return is_str_literal(expr.left) and is_str_literal(expr.right)  # type: ignore[arg-type]
    return False
