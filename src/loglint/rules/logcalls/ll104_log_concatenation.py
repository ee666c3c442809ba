from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Kind, Rule
from loglint.rules.logcalls.ll101_log_fstring import has_fields, lazy_fix
from loglint.rules.logcalls.ll102_log_str_format import is_str, is_str_literal
from loglint.semantics.formatting import fstring_to_lazy

if TYPE_CHECKING:
    from loglint.engine import FileContext

# `str(x)` is `%s` of x and `repr(x)` is `%r`, exactly; `ascii(x)` is `%a`.
_CONVERSIONS = {"str": None, "repr": "r", "ascii": "a"}
# Builtins that never return a str: `"a" + len(x)` raises, so it is not a concatenation to rewrite.
_NOT_STR_BUILTINS = frozenset(
    {"len", "int", "float", "bool", "complex", "sum", "abs", "round", "hash", "id", "ord", "divmod",
     "list", "tuple", "dict", "set", "frozenset", "bytes", "bytearray", "range", "sorted", "reversed"}
)
# Shapes whose value may be a str (or raises when it is not, like the eager `+` would).
_PLAIN_VALUES = (cst.Name, cst.Attribute, cst.Subscript, cst.Call, cst.IfExp, cst.BooleanOperation, cst.Await)


class LogConcatenation(Rule):
    """## What it does
    Checks for log calls whose message is built by `+` concatenation of strings and values.

    ## Why is this bad?
    The concatenation runs before the call, even when the level is disabled, and produces a different
    message for every value, which splits the records in Sentry and log aggregators. Pass the values as
    `%`-style arguments: logging formats `msg % args` only when a handler emits the record.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.error("import failed for " + filename + ": " + str(error))
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.error("import failed for %s: %s", filename, error)
    ```

    ## Fix safety
    The fix writes string literals into the format, `str(x)` as `%s` with `x`, `repr(x)` as `%r`, an
    f-string operand as its lazy conversion (see LL101), and any other value (a name, an attribute, a
    subscript, a call) as `%s`. It is unsafe: `+` raises `TypeError` for an operand that is not a str
    (and lets a str subclass such as `markupsafe.Markup` rewrite the result through `__radd__`), where
    `%s` prints any value. It is offered only when every operand is a string literal, an f-string or
    such a value: no fix when an operand is a number, a container, another arithmetic expression, or a
    parenthesized `+` of values that may be numbers, when the call already passes arguments after the
    message, or when a comment sits inside the message.

    ## Known limitations
    A concatenation is recognised by at least one operand known to be a str (a literal, an f-string,
    `str()`/`repr()`, a name bound only to string literals); `prefix + name` alone may be arithmetic
    and is left alone. Concatenations of constants only (`PREFIX + "text"`, `"x" + settings.SITE_NAME`)
    are not reported: their message is the same on every call. UPPER_CASE names and attributes are
    taken for constants, by convention.
    """

    code = "LL104"
    candidates = frozenset({LOG})
    name = "log-concatenation"
    message = "string concatenation in a log call runs even when the level is disabled"
    fix_title = "Use lazy %-style arguments"
    fix_availability = FixAvailability.UNSAFE
    kind = Kind.WARNING

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.msg is None:
            return
        message = call.msg.value
        if not isinstance(message, cst.BinaryOperation) or not isinstance(message.operator, cst.Add):
            return
        terms = self._terms(message)
        if len(terms) < 2 or all(self._is_constant(term) for term in terms):
            return
        pieces = self._pieces(terms)
        fix = lazy_fix(self, call, fstring_to_lazy, _concatenation(pieces), safe=False) if pieces else None
        self.report(node, fix=fix)

    def _terms(self, expr: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The operands of a `+` chain that is known to concatenate strings (at least one operand is a
        str), flattened; a sub-chain with no str operand may be arithmetic and stays one term."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            flat = self._terms(expr.left) + self._terms(expr.right)
            if any(self._is_text(term) for term in flat):
                return flat
        return [expr]

    def _is_text(self, expr: cst.BaseExpression) -> bool:
        return is_str(self.context, expr) or self._conversion_call(expr) is not None

    def _is_constant(self, expr: cst.BaseExpression) -> bool:
        """A value that does not change from one call to the next: a literal without fields, a name bound
        only to string literals, or an UPPER_CASE name or attribute (a module constant or a setting, by
        PEP 8's convention: `"channels 2 detected." + CONTEXTVARS_ERROR_MESSAGE`)."""
        if is_str_literal(expr):
            return not has_fields(expr)
        if isinstance(expr, cst.Name) and is_str(self.context, expr):
            return True
        name = expr.attr if isinstance(expr, cst.Attribute) else expr
        return isinstance(name, cst.Name) and name.value.isupper()

    def _conversion_call(self, expr: cst.BaseExpression) -> Optional[tuple[cst.BaseExpression, Optional[str]]]:
        """`str(x)` -> (x, None), `repr(x)` -> (x, "r"), `ascii(x)` -> (x, "a"), for the builtins."""
        if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
            return None
        name = expr.func.value
        if name not in _CONVERSIONS or not _builtin(self.context, name):
            return None
        if len(expr.args) != 1 or expr.args[0].keyword is not None or expr.args[0].star:
            return None
        return expr.args[0].value, _CONVERSIONS[name]

    def _pieces(self, terms: list[cst.BaseExpression]) -> Optional[list[cst.BaseExpression]]:
        """The message as the pieces of an implicit concatenation: literals and f-strings as written,
        every other operand as a synthetic `f"{x}"` field. None when an operand may not be a str."""
        quote = next((_quote_of(term) for term in terms if _quote_of(term)), '"')
        pieces: list[cst.BaseExpression] = []
        for term in terms:
            if is_str_literal(term):
                pieces.extend(_literals(term))
                continue
            converted = self._conversion_call(term)
            if converted is not None:
                pieces.append(_field(converted[0], converted[1], quote))
            elif self._is_plain_value(term):
                pieces.append(_field(term, None, quote))
            else:
                return None
        return pieces

    def _is_plain_value(self, expr: cst.BaseExpression) -> bool:
        if not isinstance(expr, _PLAIN_VALUES):
            return False
        if isinstance(expr, cst.Name):
            return expr.value not in ("None", "True", "False")
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name):
            return not (expr.func.value in _NOT_STR_BUILTINS and _builtin(self.context, expr.func.value))
        return True


def _builtin(context: "FileContext", name: str) -> bool:
    return context.names.lookup(name, context.scope_chain) is None


def _quote_of(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.SimpleString):
        return expr.quote[0]
    if isinstance(expr, cst.FormattedString):
        return expr.end[0]
    if isinstance(expr, cst.ConcatenatedString):
        return _quote_of(expr.left)  # type: ignore[arg-type]
    return None


def _literals(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The literals of an implicit concatenation, in order."""
    if isinstance(expr, cst.ConcatenatedString):
        return _literals(expr.left) + _literals(expr.right)  # type: ignore[arg-type]
    return [expr]


def _field(expr: cst.BaseExpression, conversion: Optional[str], quote: str) -> cst.FormattedString:
    """`f"{expr}"` (with `!r`/`!a`): a piece the f-string converter reads; it is never printed."""
    part = cst.FormattedStringExpression(expression=expr, conversion=conversion)
    return cst.FormattedString(parts=[part], start=f"f{quote}", end=quote)


def _concatenation(pieces: list[cst.BaseExpression]) -> cst.BaseExpression:
    node = pieces[-1]
    for piece in reversed(pieces[:-1]):
        node = cst.ConcatenatedString(left=piece, right=node)  # type: ignore[arg-type]
    return node
