"""Format strings as logging sees them: printf-style parsing, brace detection, eager-to-lazy conversion.

Logging formats a record's message lazily, as `msg % args`, and only when the record is emitted. The LL1
rules need two things from that:

- an exact model of CPython's printf-style grammar, to tell when placeholders and arguments disagree
  (LL105), when the format string itself is broken (LL107), and when a message uses `{}` fields that
  logging will never fill (LL106);
- a converter that turns an eagerly formatted message (f-string, `str.format`, `"..." % x`) into a
  `%`-format literal plus arguments whose lazy output is byte-identical to the eager one (LL101-LL103).

The converter checks rather than trusts: every literal it builds is re-parsed and re-evaluated against
the text it must stand for, and when no spelling can be proven equal it returns None, never an
approximation.

`safe` on a conversion means "the same output for every possible value", with two exceptions shared with
ruff's equivalent fixes: `{x}` becomes `%s`, i.e. `str(x)` instead of `format(x, "")`, which differs only
for classes whose `__format__` disagrees with `__str__`; and lazy formatting reads a mutable argument when
the record is emitted, so a change made in between (by a later argument, or another thread behind a
`QueueHandler`) shows. The names `format`, `repr`, `ascii`, `str` and `len` are taken to be the builtins.
"""

from __future__ import annotations

import _string  # type: ignore[import-not-found]  # CPython's str.format parser, as string.Formatter uses
import ast
import keyword
import re
import warnings
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import libcst as cst

from loglint.semantics.names import contains_node

__all__ = [
    "BraceField",
    "LazyMessage",
    "PercentFormat",
    "PercentPlaceholder",
    "brace_placeholders",
    "fstring_to_lazy",
    "parse_percent_format",
    "percent_to_lazy",
    "str_format_to_lazy",
]


# printf-style (`str % args`) parsing


_PERCENT_FLAGS = frozenset("-+ #0")
_PERCENT_CONVERSIONS = frozenset("sraiduoxXeEfFgGc")
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class PercentPlaceholder:
    """One `%...` conversion; `start`/`end` index the format text so a finding can point inside it."""

    key: Optional[str]
    flags: str
    width: Optional[str]  # digits, "*" (takes a positional argument), or None
    precision: Optional[str]  # digits, "" for a bare "." (precision 0), "*", or None
    length_modifier: str  # "h", "l", "L" (accepted and ignored by CPython) or ""
    conversion: str
    start: int
    end: int

    @property
    def argument_count(self) -> int:
        """Positional arguments this placeholder consumes: its value plus one per `*`."""
        return 1 + (self.width == "*") + (self.precision == "*")


@dataclass(frozen=True)
class PercentFormat:
    """A parsed printf-style format string.

    `error` is set when `text % args` raises ValueError whatever the arguments (CPython's wording), or when
    named and positional placeholders are mixed, which never works with logging's single-mapping
    convention. Placeholders parsed before an error are kept; `error_offset` is where the faulty one starts.
    """

    placeholders: tuple[PercentPlaceholder, ...]
    literal_percent_count: int
    error: Optional[str] = None
    error_offset: Optional[int] = None  # the `%` of the placeholder at fault, for pointing at it

    @property
    def keys(self) -> tuple[str, ...]:
        """Mapping keys of the named placeholders, in order, repeats included."""
        return tuple(p.key for p in self.placeholders if p.key is not None)

    @property
    def is_mapping(self) -> bool:
        """True when the format takes one mapping argument (`%(key)s`)."""
        return any(p.key is not None for p in self.placeholders)

    @property
    def positional_count(self) -> int:
        """How many positional arguments `text % tuple(args)` consumes (`*` widths included)."""
        return sum(p.argument_count for p in self.placeholders if p.key is None)


def parse_percent_format(text: str) -> PercentFormat:
    """Parse `text` the way CPython's `PyUnicode_Format` does, without any arguments.

    The grammar, checked against CPython by the tests: `%%` right after `%` is a literal; otherwise
    `%[(key)][flags][width|*][.[precision|*]][h|l|L]conversion`, where a key may contain balanced
    parentheses and a missing conversion is "incomplete format". CPython accepts a few mixtures of named
    and positional placeholders (the mapping itself is then the positional value); they are reported as
    errors here because logging passes either a tuple or one mapping, never something both work with.
    """
    placeholders: list[PercentPlaceholder] = []
    literal_percents = 0
    position = text.find("%")
    while position >= 0:
        if text.startswith("%", position + 1):
            literal_percents += 1
            position = text.find("%", position + 2)
            continue
        parsed = _parse_percent_placeholder(text, position)
        if isinstance(parsed, str):
            return PercentFormat(tuple(placeholders), literal_percents, parsed, position)
        placeholders.append(parsed)
        position = text.find("%", parsed.end)
    mixed = _first_mixed(placeholders)
    if mixed is None:
        return PercentFormat(tuple(placeholders), literal_percents)
    return PercentFormat(
        tuple(placeholders), literal_percents, "format mixes named and positional placeholders", mixed.start
    )


def _parse_percent_placeholder(text: str, start: int) -> Union[PercentPlaceholder, str]:
    """One placeholder starting at the `%` at `start`, or CPython's error message for it."""
    index = start + 1
    key: Optional[str] = None
    if text.startswith("(", index):
        depth = 1
        index += 1
        while depth and index < len(text):
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            index += 1
        if depth:
            return "incomplete format key"
        key = text[start + 2 : index - 1]
    flags_start = index
    while index < len(text) and text[index] in _PERCENT_FLAGS:
        index += 1
    flags = text[flags_start:index]
    width, index = _percent_number(text, index)
    precision: Optional[str] = None
    if text.startswith(".", index):
        precision, index = _percent_number(text, index + 1)
        precision = "" if precision is None else precision
    length_modifier = ""
    if index < len(text) and text[index] in "hlL":
        length_modifier = text[index]
        index += 1
    if index >= len(text):
        return "incomplete format"
    conversion = text[index]
    if conversion not in _PERCENT_CONVERSIONS:
        return f"unsupported format character {conversion!r} (0x{ord(conversion):x}) at index {index}"
    return PercentPlaceholder(key, flags, width, precision, length_modifier, conversion, start, index + 1)


def _percent_number(text: str, index: int) -> tuple[Optional[str], int]:
    """A width or precision at `index`: `*`, a run of digits, or nothing."""
    if text.startswith("*", index):
        return "*", index + 1
    end = index
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    return (text[index:end] or None), end


def _first_mixed(placeholders: Sequence[PercentPlaceholder]) -> Optional[PercentPlaceholder]:
    """The first placeholder that disagrees with the first one about needing a mapping.

    Named placeholders need the one mapping argument; positional ones, and `*`, need a tuple.
    """
    if not placeholders:
        return None
    named = placeholders[0].key is not None
    for placeholder in placeholders:
        if (placeholder.key is not None) != named or (named and placeholder.argument_count > 1):
            return placeholder
    return None


# `str.format`-style placeholders


@dataclass(frozen=True)
class BraceField:
    """A `{name!conversion:spec}` replacement field; `name` is "" for an auto-numbered `{}`."""

    name: str
    conversion: Optional[str]
    format_spec: str


def brace_placeholders(text: str) -> list[BraceField]:
    """The replacement fields of `text` read as a `str.format` template, `{{`/`}}` being literal braces.

    Returns [] when `text` is not a plausible template: `string.Formatter().parse` rejects it, or a field
    name is not an index or identifier with `.attr`/`[key]` accessors, or the conversion is not r/s/a.
    That keeps JSON-looking messages (`'{"id": 1}'`) from being taken for placeholders.
    """
    try:
        parsed = list(_string.formatter_parser(text))
    except ValueError:
        return []
    fields: list[BraceField] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if conversion not in (None, "r", "s", "a") or not _is_field_name(name):
            return []
        fields.append(BraceField(name, conversion, spec or ""))
    return fields


def _is_field_name(name: str) -> bool:
    """Whether `str.format` could resolve `name` against some arguments."""
    try:
        first, rest = _string.formatter_field_name_split(name)
        accessors = list(rest)
    except ValueError:
        return False
    if isinstance(first, str) and first and not first.isidentifier():
        return False
    return all(not is_attribute or key.isidentifier() for is_attribute, key in accessors)


# Eager formatting to lazy logging arguments


@dataclass(frozen=True)
class LazyMessage:
    """A message rewritten for lazy logging: `logger.info(format, *args)` prints what the eager one did.

    `args` are ready to be wrapped in `cst.Arg` (a bare tuple, `yield` or walrus is parenthesized). They
    reuse nodes of the original tree. `safe` is True when the output is the same for every possible value
    (see the module docstring for the two documented exceptions).
    """

    format: cst.SimpleString
    args: list[cst.BaseExpression]
    safe: bool


def fstring_to_lazy(node: Union[cst.FormattedString, cst.ConcatenatedString]) -> Optional[LazyMessage]:
    """Convert an f-string message, possibly implicitly concatenated with plain strings.

    None when there is no f-string in `node`, when it contains bytes or t-strings, or when a format spec
    has nested fields (`{x:{width}}`), which have no lazy equivalent worth the complexity.
    """
    pieces = _pieces(node)
    if pieces is None or all(piece.parts is None for piece in pieces):
        return None
    items = pieces_to_items(pieces)
    if items is None:
        return None
    return _assemble(items, pieces[0].style, safe=True)


def pieces_to_items(pieces) -> Optional[list[Union["_Text", "_Field"]]]:
    """The literal text and replacement fields of string pieces, in order; None when a piece has no
    exact lazy equivalent."""
    items: list[Union[_Text, _Field]] = []
    for piece in pieces:
        if piece.parts is None:
            value = _literal_value(piece.style, piece.body)
            if value is None:
                return None
            items.append(_Text(value, piece.body, piece.style.raw))
            continue
        for part in piece.parts:
            converted = _fstring_part(part, piece.style)
            if converted is None:
                return None
            items.extend(converted)
    return items


def str_format_to_lazy(call: cst.Call) -> Optional[LazyMessage]:
    """Convert `"...".format(...)` whose receiver is a string literal (implicit concatenation allowed).

    None when the receiver is not a plain string literal (f-strings, bytes), the call has `*args` or
    `**kwargs`, the template is invalid or does not fit the arguments (`.format` would raise), a spec has
    nested fields, an accessor is not expressible as `.name`/`[key]`, a repeated field's argument is not
    a name, attribute or constant, or an unused argument has a call in it. Unsafe when an argument is
    dropped, or when arguments are reordered, repeated or accessed next to an argument with a call.
    """
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "format":
        return None
    plain = _plain_pieces(func.value)
    arguments = _FormatArguments.of(call)
    if plain is None or arguments is None:
        return None
    template = _format_template(plain)
    pieces = [piece for piece, _ in plain]
    if template is None:
        return None
    items = arguments.bind(template)
    if items is None:
        return None
    safe = arguments.safety()
    if safe is None:
        return None
    return _assemble(items, pieces[0].style, safe=safe)


def percent_to_lazy(binop: cst.BinaryOperation) -> Optional[LazyMessage]:
    """Convert `"..." % x` (the format stays, the operands become arguments).

    A tuple literal gives its elements (safe), a dict literal with `%(key)s` placeholders stays one
    mapping argument (safe), any other value becomes the single argument: unsafe unless it is statically
    not a tuple (a tuple would unpack differently). None when the left side is not a plain string literal,
    the format is broken, or the arguments cannot fit it (the eager `%` raises: that is LL105/LL107's
    business, not a fix's).
    """
    if not isinstance(binop.operator, cst.Modulo):
        return None
    plain = _plain_pieces(binop.left)
    if plain is None:
        return None
    parsed = parse_percent_format("".join(value for _, value in plain))
    if parsed.error is not None:
        return None
    args_and_safety = _percent_arguments(binop.right, parsed)
    if args_and_safety is None:
        return None
    args, safe = args_and_safety
    literal = _render(_percent_chunks(plain, has_args=bool(args)), plain[0][0].style)
    if literal is None:
        return None
    return LazyMessage(literal, [_as_argument(arg) for arg in args], safe)


# String literal pieces


@dataclass(frozen=True)
class _Style:
    """How a literal is spelled: its prefix letters other than `f` (case kept) and its quote."""

    prefix: str
    quote: str

    @property
    def raw(self) -> bool:
        return "r" in self.prefix.lower()

    def wrap(self, body: str) -> str:
        return f"{self.prefix}{self.quote}{body}{self.quote}"

    def cooked(self) -> "_Style":
        """The same style without `r`: always able to spell any text, with escapes."""
        return _Style(self.prefix.replace("r", "").replace("R", ""), self.quote)

    def single_line(self) -> "_Style":
        """For a format spec argument: a triple-quoted spec would look odd in `format(x, ...)`."""
        return _Style(self.prefix, self.quote[0])


@dataclass(frozen=True)
class _Piece:
    """One literal of an implicit concatenation; `parts` is set for f-strings only."""

    style: _Style
    body: str
    parts: Optional[Sequence[cst.BaseFormattedStringContent]]


def _pieces(node: cst.BaseExpression) -> Optional[list[_Piece]]:
    """Flatten a string expression into its literals; None for anything but str literals and f-strings."""
    if isinstance(node, cst.ConcatenatedString):
        left, right = _pieces(node.left), _pieces(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix:
            return None
        prefix = node.value[: len(node.prefix)]
        quote = node.quote
        return [_Piece(_Style(prefix, quote), node.value[len(prefix) + len(quote) : -len(quote)], None)]
    if isinstance(node, cst.FormattedString):
        prefix = node.start.rstrip("'\"")
        style = _Style("".join(c for c in prefix if c not in "fF"), node.end)
        return [_Piece(style, "", node.parts)]
    return None


def _plain_pieces(node: cst.BaseExpression) -> Optional[list[tuple[_Piece, str]]]:
    """The literals of a str expression without f-strings, each with its value; None otherwise."""
    pieces = _pieces(node)
    if pieces is None or any(piece.parts is not None for piece in pieces):
        return None
    plain = [(piece, _literal_value(piece.style, piece.body)) for piece in pieces]
    if any(value is None for _, value in plain):
        return None
    return [(piece, value) for piece, value in plain if value is not None]


def _literal_value(style: _Style, body: str) -> Optional[str]:
    """What `body` means between `style`'s quotes.

    A sentinel character is appended so that a body ending in a quote character (legal before a field
    of a triple-quoted f-string) or a lone backslash (`f"\\{x}"`) still evaluates.
    """
    value = _eval_literal(style.wrap(body + "_"))
    return None if value is None else value[:-1]


def _eval_literal(literal: str) -> Optional[str]:
    """The str a literal evaluates to, or None; invalid-escape warnings are the user's own business."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = ast.literal_eval(literal)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None
    return value if isinstance(value, str) else None


def _unescape_braces(body: str, raw: bool) -> str:
    """`{{`/`}}` to `{`/`}` in f-string literal text, leaving a non-raw `\\N{NAME}` escape alone."""
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if not raw and char == "\\" and body.startswith("\\", index + 1):
            out.append("\\\\")
            index += 2
        elif not raw and body.startswith("\\N{", index):
            end = body.find("}", index)
            end = len(body) if end < 0 else end + 1
            out.append(body[index:end])
            index = end
        elif char in "{}" and body.startswith(char, index + 1):
            out.append(char)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


# The intermediate form: literal text and fields


@dataclass(frozen=True)
class _Text:
    """Literal text of the message: its value, and its source spelling when it has one."""

    value: str
    source: Optional[str] = None
    raw: bool = False

    def doubled(self) -> "_Text":
        """The text inside a `%`-format that will be given arguments: every `%` written `%%`."""
        source = None if self.source is None else self.source.replace("%", "%%")
        return _Text(self.value.replace("%", "%%"), source, self.raw)


@dataclass(frozen=True)
class _Field:
    """A replacement field: the value expression, its conversion and its format spec (text or None)."""

    expression: cst.BaseExpression
    conversion: Optional[str]
    spec: Optional[_Text]
    spec_style: _Style


def _fstring_part(
    part: cst.BaseFormattedStringContent, style: _Style
) -> Optional[list[Union[_Text, _Field]]]:
    """The items one f-string part stands for (a `{x=}` field is its text followed by the field)."""
    if isinstance(part, cst.FormattedStringText):
        source = _unescape_braces(part.value, style.raw)
        value = _literal_value(style, source)
        return None if value is None else [_Text(value, source, style.raw)]
    if not isinstance(part, cst.FormattedStringExpression):
        return None
    spec: Optional[_Text] = None
    if part.format_spec is not None:
        spec = _fstring_spec(part.format_spec, style)
        if spec is None:
            return None
    conversion = part.conversion
    if part.equal is None:
        return [_Field(part.expression, conversion, spec, style.single_line())]
    if conversion is None and part.format_spec is None:
        conversion = "r"
    field = _Field(part.expression, conversion, spec, style.single_line())
    return [_Text(_debug_text(part)), field]


def _fstring_spec(spec: Sequence[cst.BaseFormattedStringContent], style: _Style) -> Optional[_Text]:
    """A format spec made of literal text only; None when it has nested fields or braces."""
    if not all(isinstance(part, cst.FormattedStringText) for part in spec):
        return None
    source = "".join(part.value for part in spec if isinstance(part, cst.FormattedStringText))
    if "{" in source or "}" in source:
        return None
    value = _literal_value(style, source)
    return None if value is None else _Text(value, source, style.raw)


def _debug_text(part: cst.FormattedStringExpression) -> str:
    """What `{expr=}` prints before the value: the source from after `{` through `=` and its spaces."""
    module = cst.Module(body=[])
    pieces = [part.whitespace_before_expression, part.expression, part.whitespace_after_expression]
    if part.equal is not None:
        pieces.append(part.equal)
    return "".join(module.code_for_node(piece) for piece in pieces)


# `str.format` templates and arguments


_TemplateItem = Union[_Text, "_FormatField"]


@dataclass(frozen=True)
class _FormatField:
    """A `str.format` field before it is bound to the call's arguments."""

    name: str
    conversion: Optional[str]
    spec: _Text
    spec_style: _Style


def _format_template(plain: Sequence[tuple[_Piece, str]]) -> Optional[list[_TemplateItem]]:
    """Parse the receiver as `str.format` would, keeping the source spelling of literal runs if possible.

    `str.format` parses the *value*, so that parse decides; a parse of each piece's source is used only
    when it tells the same story (no escape produced or hid a brace, no field straddles two pieces).
    """
    style = plain[0][0].style.single_line()
    try:
        by_value = list(_string.formatter_parser("".join(value for _, value in plain)))
    except ValueError:
        return None
    items: list[_TemplateItem] = []
    for literal, name, spec, conversion in by_value:
        if literal:
            items.append(_Text(literal))
        if name is not None:
            items.append(_FormatField(name, conversion, _Text(spec or ""), style))
    by_source = _format_template_from_source([piece for piece, _ in plain])
    if by_source is not None and _same_template(by_source, items):
        return by_source
    return items


def _format_template_from_source(pieces: Sequence[_Piece]) -> Optional[list[_TemplateItem]]:
    """The template read piece by piece from the source text, or None if that cannot be done."""
    items: list[_TemplateItem] = []
    for piece in pieces:
        try:
            parsed = list(_string.formatter_parser(piece.body))
        except ValueError:
            return None
        for literal, name, spec, conversion in parsed:
            if literal:
                value = _literal_value(piece.style, literal)
                if value is None:
                    return None
                items.append(_Text(value, literal, piece.style.raw))
            if name is not None:
                spec_value = _literal_value(piece.style, spec or "")
                if spec_value is None:
                    return None
                spec_text = _Text(spec_value, spec or "", piece.style.raw)
                items.append(_FormatField(name, conversion, spec_text, piece.style.single_line()))
    return items


def _same_template(by_source: Sequence[_TemplateItem], by_value: Sequence[_TemplateItem]) -> bool:
    """Whether both readings have the same fields and the same literal text between them."""

    def shape(items: Sequence[_TemplateItem]) -> list[object]:
        out: list[object] = [""]
        for item in items:
            if isinstance(item, _Text):
                out[-1] = f"{out[-1]}{item.value}"
            else:
                out.extend([(item.name, item.conversion, item.spec.value), ""])
        return out

    return shape(by_source) == shape(by_value)


@dataclass
class _FormatArguments:
    """The arguments of a `.format(...)` call, and how the template used them."""

    args: list[cst.Arg]
    uses: dict[int, int]
    order: list[int]
    accessed: bool = False

    @classmethod
    def of(cls, call: cst.Call) -> Optional["_FormatArguments"]:
        """None for `*args`/`**kwargs`, whose contents cannot be known."""
        if any(arg.star for arg in call.args):
            return None
        return cls(list(call.args), {}, [])

    def bind(self, template: Sequence[_TemplateItem]) -> Optional[list[Union[_Text, _Field]]]:
        """Resolve every field to an expression, as `str.format` resolves it; None where it would raise."""
        positional = [i for i, arg in enumerate(self.args) if arg.keyword is None]
        keywords = {arg.keyword.value: i for i, arg in enumerate(self.args) if arg.keyword is not None}
        manual: Optional[bool] = None
        next_automatic = 0
        items: list[Union[_Text, _Field]] = []
        for item in template:
            if isinstance(item, _Text):
                items.append(item)
                continue
            if item.conversion not in (None, "r", "s", "a") or "{" in item.spec.value:
                return None
            try:
                first, rest = _string.formatter_field_name_split(item.name)
                accessors = list(rest)
            except ValueError:
                return None
            if isinstance(first, str) and first:
                position = keywords.get(first)
            else:
                if manual is (first == ""):
                    return None
                manual = first != ""
                index = first if isinstance(first, int) else next_automatic
                next_automatic += first == ""
                position = positional[index] if index < len(positional) else None
            if position is None:
                return None
            expression = _accessed(self.args[position].value, accessors)
            if expression is None:
                return None
            self.accessed = self.accessed or bool(accessors)
            self.uses[position] = self.uses.get(position, 0) + 1
            if position not in self.order:
                self.order.append(position)
            spec = item.spec if item.spec.value else None
            items.append(_Field(expression, item.conversion, spec, item.spec_style))
        return items

    def safety(self) -> Optional[bool]:
        """True/False for a safe/unsafe rewrite, None when it would repeat or drop a side effect.

        An argument with a call in it must be evaluated exactly once, and only names, attributes and
        constants may be repeated. Dropping an unused argument is unsafe (its evaluation could raise).
        Reordering arguments, repeating a name or attribute, or reading `{0.attr}` at call time instead of
        format time is unsafe only next to a call, which could change what the other arguments see.
        """
        effects = [_has_effects(arg.value) for arg in self.args]
        safe = True
        repeated = False
        for position, arg in enumerate(self.args):
            uses = self.uses.get(position, 0)
            if (uses == 0 and effects[position]) or (uses > 1 and not _is_repeatable(arg.value)):
                return None
            safe = safe and uses > 0
            repeated = repeated or (uses > 1 and not _is_constant(arg.value))
        reordered = self.order != sorted(self.order)
        if (reordered or repeated or self.accessed) and any(effects):
            safe = False
        return safe


def _accessed(
    base: cst.BaseExpression, accessors: Sequence[tuple[bool, Union[int, str]]]
) -> Optional[cst.BaseExpression]:
    """`base.attr[key]...` for a field like `{0.attr[key]}`; str keys stay str, digit keys are ints."""
    expression = base
    for is_attribute, key in accessors:
        if is_attribute:
            if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
                return None
            expression = cst.Attribute(value=_primary(expression), attr=cst.Name(key))
        else:
            index: cst.BaseExpression = (
                cst.Integer(str(key)) if isinstance(key, int) else _string_literal(key)
            )
            expression = cst.Subscript(
                value=_primary(expression), slice=[cst.SubscriptElement(slice=cst.Index(value=index))]
            )
    return expression


# `%` operands


def _percent_arguments(
    right: cst.BaseExpression, parsed: PercentFormat
) -> Optional[tuple[list[cst.BaseExpression], bool]]:
    """The arguments `"..." % right` amounts to, and whether passing them lazily is safe."""
    if isinstance(right, cst.Tuple):
        if parsed.is_mapping or any(isinstance(element, cst.StarredElement) for element in right.elements):
            return None
        values = [element.value for element in right.elements]
        return (values, True) if parsed.positional_count == len(values) else None
    if parsed.is_mapping:
        if isinstance(right, cst.Dict):
            keys = _dict_literal_keys(right)
            if keys is None or not keys or not set(parsed.keys) <= keys:
                return None
            return [right], True
        return None if _statically_not_tuple(right) else ([right], False)
    if parsed.positional_count != 1:
        return None
    return [right], _statically_not_tuple(right)


def _dict_literal_keys(node: cst.Dict) -> Optional[set[str]]:
    """The str keys of a dict display, or None if any key is not a plain string literal (or `**`)."""
    keys: set[str] = set()
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return None
        plain = _plain_pieces(element.key)
        if plain is None:
            return None
        keys.add("".join(value for _, value in plain))
    return keys


_NOT_TUPLE = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.List,
    cst.Set,
    cst.Dict,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.Lambda,
)


def _statically_not_tuple(node: cst.BaseExpression) -> bool:
    """A value `%` cannot unpack: a literal or display that is not a tuple, or a known number."""
    return isinstance(node, _NOT_TUPLE) or _number_type(node) is not None


def _percent_chunks(plain: Sequence[tuple[_Piece, str]], has_args: bool) -> list["_Chunk"]:
    """The format literal's runs: the pieces as written, or with `%%` undone when no argument is left.

    With no argument logging does not %-format, so the text must be what `text % ()` printed. Piece by
    piece when each piece is a valid argument-free format on its own, else as one run from the value.
    """
    if has_args:
        return [_Chunk(value, piece.body, piece.style.raw) for piece, value in plain]
    if all(_is_plain_percent_text(value) for _, value in plain):
        return [
            _Chunk(value.replace("%%", "%"), piece.body.replace("%%", "%"), piece.style.raw)
            for piece, value in plain
        ]
    return [_Chunk("".join(value for _, value in plain) % ())]


def _is_plain_percent_text(text: str) -> bool:
    """A format whose only `%` are `%%` pairs."""
    parsed = parse_percent_format(text)
    return parsed.error is None and not parsed.placeholders


# Fields to placeholders and arguments


def _assemble(items: Sequence[Union[_Text, _Field]], style: _Style, safe: bool) -> Optional[LazyMessage]:
    """Build the `%`-format literal and the argument list; `%` is doubled only if arguments remain."""
    has_args = any(isinstance(item, _Field) for item in items)
    chunks: list[_Chunk] = []
    args: list[cst.BaseExpression] = []
    for item in items:
        if isinstance(item, _Text):
            text = item.doubled() if has_args else item
            chunks.append(_Chunk(text.value, text.source, text.raw))
            continue
        lazy = _lazy_field(item)
        if lazy is None:
            return None
        placeholder, arg = lazy
        chunks.append(_Chunk(placeholder))
        args.append(arg)
    literal = _render(chunks, style)
    return None if literal is None else LazyMessage(literal, args, safe)


def _lazy_field(field: _Field) -> Optional[tuple[str, cst.BaseExpression]]:
    """The placeholder and argument printing exactly what the field printed.

    `{x}`/`{x!r}`/`{x!a}`/`{x!s}` map to `%s`/`%r`/`%a`/`%s`. A spec on a converted value (always a str)
    or on a known int/float uses the printf equivalent when there is one; otherwise the argument becomes
    `format(value, "spec")` under `%s`, which is exact for every type.
    """
    expression = _as_argument(field.expression)
    spec = field.spec
    if spec is None or not spec.value:
        return f"%{field.conversion or 's'}", expression
    if field.conversion is not None:
        printf = _printf_for_text(spec.value, field.conversion)
        if printf is not None:
            return printf, expression
        converted = {"r": "repr", "a": "ascii", "s": "str"}[field.conversion]
        expression = cst.Call(func=cst.Name(converted), args=[cst.Arg(expression)])
    else:
        kind = _number_type(field.expression)
        printf = _printf_for_number(spec.value, kind) if kind is not None else None
        if printf is not None:
            return printf, expression
    spec_literal = _render([_Chunk(spec.value, spec.source, spec.raw)], field.spec_style)
    if spec_literal is None:
        return None
    return "%s", cst.Call(func=cst.Name("format"), args=[cst.Arg(expression), cst.Arg(spec_literal)])


_SPEC = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>\#)?(?P<zero>0)?"
    r"(?P<width>[1-9][0-9]*)?(?P<grouping>[,_])?(?:\.(?P<precision>[0-9]+))?(?P<type>[a-zA-Z%])?",
    re.DOTALL,
)


def _spec_parts(spec: str) -> Optional["re.Match[str]"]:
    """The format-spec mini-language fields, or None for what printf has no counterpart of at all."""
    match = _SPEC.fullmatch(spec)
    if match is None or match["z"] or match["grouping"] or match["align"] in ("=", "^"):
        return None
    if match["fill"] not in (None, " "):
        return None
    return match


def _printf_for_text(spec: str, conversion: str) -> Optional[str]:
    """`{x!r:>8}`-style: a str padded/truncated, which `%8r`/`%-8r`/`%.3r` do exactly."""
    match = _spec_parts(spec)
    if match is None or match["sign"] or match["alt"] or match["zero"] or match["type"] not in (None, "s"):
        return None
    flags = "" if match["align"] == ">" else "-"
    width = match["width"] or ""
    precision = "" if match["precision"] is None else f".{match['precision']}"
    return f"%{flags if width else ''}{width}{precision}{conversion}"


_INT_TYPES = {None: "d", "d": "d", "x": "x", "X": "X", "o": "o"}
_FLOAT_TYPES = frozenset("eEfFgG")


def _printf_for_number(spec: str, kind: type) -> Optional[str]:
    """The printf spec equal to `format(value, spec)` for every value of `kind` (int or float), if any."""
    match = _spec_parts(spec)
    if match is None or (match["zero"] and match["align"]):
        return None
    spec_type = match["type"]
    if spec_type in _FLOAT_TYPES:
        conversion = spec_type
    elif kind is int and spec_type in _INT_TYPES and match["precision"] is None:
        conversion = _INT_TYPES[spec_type]
    elif kind is float and spec_type is None and not (
        match["sign"] or match["alt"] or match["zero"] or match["precision"]
    ):
        conversion = "s"  # format(float, "<8") pads str(float), as "%-8s" does
    else:
        return None
    flags = "-" if match["align"] == "<" else ""
    flags += {"+": "+", " ": " "}.get(match["sign"] or "", "")
    flags += "#" if match["alt"] else ""
    flags += "0" if match["zero"] else ""
    precision = "" if match["precision"] is None else f".{match['precision']}"
    return f"%{flags}{match['width'] or ''}{precision}{conversion}"


def _number_type(node: cst.BaseExpression) -> Optional[type]:
    """int or float when the value's exact type is known statically: literals, `len()`, arithmetic."""
    if isinstance(node, cst.Integer):
        return int
    if isinstance(node, cst.Float):
        return float
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "len"
        and len(node.args) == 1
        and node.args[0].keyword is None
        and node.args[0].star == ""
    ):
        return int
    if isinstance(node, cst.UnaryOperation):
        operand = _number_type(node.expression)
        if isinstance(node.operator, cst.BitInvert):
            return int if operand is int else None
        return operand if isinstance(node.operator, (cst.Minus, cst.Plus)) else None
    if isinstance(node, cst.BinaryOperation):
        return _binary_number_type(node)
    return None


def _binary_number_type(node: cst.BinaryOperation) -> Optional[type]:
    """Python's numeric tower for int/float operands; `**` only where the result cannot be complex."""
    left, right = _number_type(node.left), _number_type(node.right)
    if left is None or right is None:
        return None
    both_int = left is int and right is int
    operator = node.operator
    if isinstance(operator, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo)):
        return int if both_int else float
    if isinstance(operator, cst.Divide):
        return float
    if isinstance(operator, (cst.LeftShift, cst.RightShift, cst.BitAnd, cst.BitOr, cst.BitXor)):
        return int if both_int else None
    if isinstance(operator, cst.Power):
        if left is float and right is int:
            return float
        if both_int and isinstance(node.right, cst.Integer):
            return int
    return None


# Expressions


def _parenthesized(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


_NEEDS_PARENS_AS_ARGUMENT = (cst.Tuple, cst.Yield, cst.NamedExpr, cst.GeneratorExp)


def _as_argument(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` usable as one call argument: f-strings allow `{a, b}` and `{yield x}`, calls do not."""
    if isinstance(node, _NEEDS_PARENS_AS_ARGUMENT) and not node.lpar:
        return _parenthesized(node)
    return node


_PRIMARIES = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.Call,
    cst.SimpleString,
    cst.FormattedString,
    cst.List,
    cst.Dict,
    cst.Set,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
)


def _primary(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` usable before `.attr` or `[key]` (`(a + b).x`, `(1).real`)."""
    if node.lpar or isinstance(node, _PRIMARIES):
        return node
    return _parenthesized(node)


def _is_constant(node: cst.BaseExpression) -> bool:
    """A literal: evaluating it twice is indistinguishable from once."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)):
        return True
    pieces = _pieces(node) if isinstance(node, cst.ConcatenatedString) else None
    return pieces is not None and all(piece.parts is None for piece in pieces)


def _is_repeatable(node: cst.BaseExpression) -> bool:
    """A constant, a name or an attribute chain on one: fine to evaluate once per field."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name) or _is_constant(node)


_EFFECTS = (cst.Call, cst.Await, cst.Yield, cst.NamedExpr)


def _has_effects(node: cst.BaseExpression) -> bool:
    """Whether evaluating `node` may do something: a call, `await`, `yield` or an assignment in it."""
    return contains_node(node, _EFFECTS)


def _string_literal(text: str) -> cst.SimpleString:
    """A double-quoted literal for `text` (a subscript key)."""
    return cst.SimpleString(f'"{_escape(text, chr(34))}"')


# Rendering the new literal


@dataclass(frozen=True)
class _Chunk:
    """A run of the new literal's value, with the spelling it had in the source when there is one."""

    value: str
    source: Optional[str] = None
    raw: bool = False


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(text: str, quote: str) -> str:
    """A non-raw spelling of `text` between `quote`s: always possible, used when a source spelling is not."""
    out: list[str] = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote[0]:
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def _render(chunks: Sequence[_Chunk], style: _Style) -> Optional[cst.SimpleString]:
    """One literal whose value is the chunks' values joined, spelled like the original where possible.

    Tries `style` as is (raw stays raw), then without `r`, keeping each chunk's source spelling when it
    means the same in the target quotes; then escapes everything. Each candidate is proven by re-parsing
    it (one SimpleString token, for LibCST and for Python) and comparing its value.
    """
    expected = "".join(chunk.value for chunk in chunks)
    targets = [style, style.cooked()] if style.raw else [style]
    for target in targets:
        body = _spell(chunks, target)
        if body is not None and _is_literal_of(target.wrap(body), expected):
            return cst.SimpleString(target.wrap(body))
    cooked = style.cooked()
    literal = cooked.wrap("".join(_escape(chunk.value, cooked.quote) for chunk in chunks))
    return cst.SimpleString(literal) if _is_literal_of(literal, expected) else None


def _spell(chunks: Sequence[_Chunk], target: _Style) -> Optional[str]:
    """The body of `target`'s literal, chunk by chunk; None if some chunk cannot be spelled raw."""
    out: list[str] = []
    for chunk in chunks:
        source = chunk.source if chunk.raw == target.raw else None
        if source is not None and _spells(source, chunk.value, target):
            out.append(source)
        elif not target.raw:
            out.append(_escape(chunk.value, target.quote))
        elif chunk.value.isprintable() and _spells(chunk.value, chunk.value, target):
            out.append(chunk.value)
        else:
            return None
    return "".join(out)


def _spells(body: str, value: str, target: _Style) -> bool:
    """Whether `body` means `value` inside `target`'s quotes, wherever it sits in the literal.

    The trailing `N` lets a run end in a quote character (fine mid-literal) while a dangling non-raw
    backslash becomes a malformed named escape (`\\N`) instead of escaping what follows.
    """
    return _eval_literal(target.wrap(f"{body}N")) == f"{value}N"


def _is_literal_of(literal: str, expected: str) -> bool:
    """Whether `literal` is a single string token (no implicit concatenation) whose value is `expected`."""
    try:
        node = cst.parse_expression(literal)
    except (cst.ParserSyntaxError, ValueError):
        return False
    return isinstance(node, cst.SimpleString) and _eval_literal(literal) == expected

