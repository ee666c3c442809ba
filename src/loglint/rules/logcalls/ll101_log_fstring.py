from __future__ import annotations

from typing import Callable, Optional, Sequence, TypeVar

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Fix, FixAvailability, Kind, Rule
from loglint.semantics.formatting import LazyMessage, fstring_to_lazy
from loglint.semantics.loggers import LogCall


class LogFstring(Rule):
    """## What it does
    Checks for log calls whose message is an f-string with at least one replacement field.

    ## Why is this bad?
    An f-string is formatted before the call, even when the level is disabled, so every `debug()` in a hot
    path pays for `str()` of its values. The message also differs for every value, so Sentry and log
    aggregators cannot group the records: with `"user %s logged in", user_id` they share one message
    template. Logging formats `msg % args` only when a handler emits the record.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info(f"user {user_id} logged in from {address!r}")
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user %s logged in from %r", user_id, address)
    ```

    ## Fix safety
    The fix passes the fields as lazy `%`-style arguments and prints the same bytes: `{x}` becomes `%s`,
    `{x!r}` `%r`, `{x!a}` `%a`, `{x=}` `x=%r`; a field with a format spec becomes `%s` with
    `format(x, "spec")` as the argument, or the matching printf spec (`%.2f`, `%5d`) when the value is
    known to be a number; a literal `%` is written `%%`. It is safe: the output is the same for every
    value, with two exceptions shared with ruff: `%s` calls `str(x)` where the f-string called
    `format(x, "")` (they differ only for a class whose `__format__` disagrees with its `__str__`), and a
    mutable argument changed between the call and the moment a handler emits the record (another thread
    behind a `QueueHandler`) shows the change. An implicit concatenation written over several lines
    keeps its lines, and the arguments get a line each when the message starts its own line. No fix is
    offered when the call already passes arguments after the message (the f-string then holds `%`
    placeholders of its own), hides them behind `*args`/`**kwargs`, when a comment would be dropped, or
    for a nested format spec (`{x:{width}}`).

    ## Known limitations
    An f-string without fields (`f"done"`) costs nothing and is not reported. Only the message
    expression itself is checked: `msg = f"..."; logger.info(msg)` is not followed. Loggers are resolved
    by meaning: a logger loglint cannot see (a factory of another package) is not checked unless listed
    in `logging.logger-objects`. A `LoggerAdapter` subclass whose `process()` rewrites the message with
    `%` is not told apart from a stdlib adapter; after the fix its text is `%`-formatted with the
    arguments.
    """

    code = "LL101"
    candidates = frozenset({LOG})
    name = "log-fstring"
    message = "f-string in a log call is formatted even when the level is disabled"
    fix_title = "Use lazy %-style arguments"
    fix_availability = FixAvailability.SOMETIMES_SAFE
    kind = Kind.WARNING

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None or call.msg is None or not has_fields(call.msg.value):
            return
        message = call.msg.value
        self.report(node, fix=lazy_fix(self, call, fstring_to_lazy, message, template=message))  # type: ignore[arg-type]


def has_fields(expr: cst.BaseExpression) -> bool:
    """An f-string (alone or implicitly concatenated) with at least one `{...}` replacement field."""
    if isinstance(expr, cst.FormattedString):
        return any(isinstance(part, cst.FormattedStringExpression) for part in expr.parts)
    if isinstance(expr, cst.ConcatenatedString):
        return has_fields(expr.left) or has_fields(expr.right)  # type: ignore[arg-type]
    return False


# The fix shared by LL101-LL104: convert the message, pass the lazy arguments right after it.

_Node = TypeVar("_Node", bound=cst.BaseExpression)


def lazy_fix(
    rule: Rule,
    call: LogCall,
    convert: Callable[[_Node], Optional[LazyMessage]],
    node: _Node,
    template: Optional[cst.BaseExpression] = None,
    safe: Optional[bool] = None,
) -> Optional[Fix]:
    """The fix replacing the call's message with `convert(node)` and its arguments; safe as the conversion
    says unless `safe` overrides it. `template` is the string literal inside `node` whose line layout is
    kept when it is an implicit concatenation written over several lines. None when there is no
    conversion or the call cannot take it (see `lazy_call`)."""
    lazy = convert(node)
    if lazy is None:
        return None
    message: cst.BaseExpression = lazy.format
    kept: list[cst.CSTNode] = []
    if template is not None:
        layout = _keep_layout(convert, node, template, lazy)
        if layout is not None:
            message, kept = layout
    new = lazy_call(call, message, lazy.args, kept)
    if new is None:
        return None
    return rule.make_fix([(call.call, new)], safe=lazy.safe if safe is None else safe)


def lazy_call(
    call: LogCall,
    message: cst.BaseExpression,
    args: Sequence[cst.BaseExpression],
    kept: Sequence[cst.CSTNode] = (),
) -> Optional[cst.Call]:
    """The log call with `message` as its message and `args` passed right after it, everything else
    (level, keywords, comments, layout) kept. When the message has a line of its own (it starts one and
    ends one), each argument gets a line of its own, indented like it; otherwise they follow it on its
    line, separated by `, `, and the last one gets the comma the message had (or none).

    None when that cannot be done without moving or dropping something: the call already has arguments
    after the message (they belong to the eager message's own `%`), `*args`/`**kwargs` hide what is
    passed, a comment sits inside the message expression outside the `kept` nodes, or `msg=` is a
    keyword that cannot become positional in place (another keyword comes before it).
    """
    msg = call.msg
    if msg is None or call.args or call.has_unpacking:
        return None
    if count_comments(msg.value) != sum(count_comments(node) for node in kept):
        return None
    node = call.call
    index = next((i for i, arg in enumerate(node.args) if arg is msg), None)
    if index is None:
        return None
    if msg.keyword is not None and args:
        if any(arg.keyword is not None for arg in node.args[:index]):
            return None
        new_msg = msg.with_changes(value=message, keyword=None, equal=cst.MaybeSentinel.DEFAULT)
    else:
        new_msg = msg.with_changes(value=message)
    inserted: list[cst.Arg] = []
    if args:
        before = node.whitespace_before_args if index == 0 else node.args[index - 1].comma
        if isinstance(before, cst.Comma):
            before = before.whitespace_after
        after = msg.comma.whitespace_after if isinstance(msg.comma, cst.Comma) else msg.whitespace_after_arg
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        last_comma = msg.comma
        if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(after, cst.ParenthesizedWhitespace):
            line_break = cst.ParenthesizedWhitespace(indent=before.indent, last_line=before.last_line)
            separator = cst.Comma(whitespace_after=line_break)
            if last_comma is cst.MaybeSentinel.DEFAULT:
                last_comma = cst.Comma()  # one argument a line, `)` on a line of its own: as black writes it
        inserted = [cst.Arg(value=arg, comma=separator) for arg in args]
        # What followed the message (its comma or none, a comment, the line break before `)`) follows the
        # last one: `f"..."` closed by `)` on its line must not leave `thing,)`.
        inserted[-1] = inserted[-1].with_changes(comma=last_comma, whitespace_after_arg=msg.whitespace_after_arg)
        new_msg = new_msg.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
    new_args = [*node.args[:index], new_msg, *inserted, *node.args[index + 1 :]]
    return node.with_changes(args=new_args)


class _CommentCounter(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def visit_Comment(self, node: cst.Comment) -> bool:
        self.count += 1
        return False


def count_comments(node: cst.CSTNode) -> int:
    """The comments inside `node` (a rewrite of a message must not drop any)."""
    counter = _CommentCounter()
    node.visit(counter)
    return counter.count


# Keeping an implicit concatenation written over several lines as it was laid out.

# A private-use character marks where each literal of the concatenation ends, through the conversion.
_MARK = "\ue000"
_MODULE = cst.Module(body=[])


def _keep_layout(
    convert: Callable[[_Node], Optional[LazyMessage]],
    node: _Node,
    template: cst.BaseExpression,
    lazy: LazyMessage,
) -> Optional[tuple[cst.BaseExpression, list[cst.CSTNode]]]:
    """The converted message as a concatenation of one literal per original literal, with the original
    line breaks, indentation, comments and parentheses; and those kept nodes. None when the template is
    not a multi-line concatenation or the converted text cannot be cut at the original boundaries."""
    if not isinstance(template, cst.ConcatenatedString):
        return None
    separators = _separators(template)
    if not any(isinstance(ws, cst.ParenthesizedWhitespace) for ws in separators):
        return None
    leaves = _leaves(template)
    if _MARK in _MODULE.code_for_node(template) or not all(isinstance(leaf, (cst.SimpleString, cst.FormattedString)) for leaf in leaves):
        return None
    marked = _replace_leaves(template, [_mark(leaf) for leaf in leaves[:-1]] + [leaves[-1]])
    marked_node = marked if node is template else node.deep_replace(template, marked)
    converted = convert(marked_node)  # type: ignore[arg-type]
    if converted is None or [_MODULE.code_for_node(a) for a in converted.args] != [
        _MODULE.code_for_node(a) for a in lazy.args
    ]:
        return None
    pieces = _cut(converted.format, len(leaves))
    if pieces is None or "".join(str(piece.evaluated_value) for piece in pieces) != lazy.format.evaluated_value:
        return None
    new = _replace_leaves(template, pieces)
    return new, [*separators, *template.lpar, *template.rpar]


def _leaves(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(node, cst.ConcatenatedString):
        return _leaves(node.left) + _leaves(node.right)  # type: ignore[arg-type]
    return [node]


def _separators(node: cst.ConcatenatedString) -> list[cst.CSTNode]:
    right = node.right
    return [node.whitespace_between] + (_separators(right) if isinstance(right, cst.ConcatenatedString) else [])


def _replace_leaves(node: cst.BaseExpression, leaves: Sequence[cst.BaseExpression]) -> cst.BaseExpression:
    """`node`'s concatenation shape (whitespace, parentheses) with `leaves` in place of its literals."""
    remaining = list(leaves)

    def rebuild(current: cst.BaseExpression) -> cst.BaseExpression:
        if isinstance(current, cst.ConcatenatedString):
            left = rebuild(current.left)  # type: ignore[arg-type]
            return current.with_changes(left=left, right=rebuild(current.right))  # type: ignore[arg-type]
        return remaining.pop(0)

    return rebuild(node)


def _mark(leaf: cst.BaseExpression) -> cst.BaseExpression:
    """The literal with the marker appended to its text."""
    if isinstance(leaf, cst.SimpleString):
        quote = leaf.quote
        return leaf.with_changes(value=leaf.value[: -len(quote)] + _MARK + quote)
    assert isinstance(leaf, cst.FormattedString)
    return leaf.with_changes(parts=[*leaf.parts, cst.FormattedStringText(_MARK)])


def _cut(literal: cst.SimpleString, count: int) -> Optional[list[cst.SimpleString]]:
    """`literal` cut at its markers (written as the character or as its escape) into `count` literals of
    the same prefix and quotes, each proven to parse on its own."""
    prefix = literal.value[: len(literal.prefix)]
    quote = literal.quote
    body = literal.value[len(prefix) + len(quote) : -len(quote)]
    segments = body.split(_MARK) if _MARK in body else body.split("\\ue000")
    if len(segments) != count:
        return None
    pieces: list[cst.SimpleString] = []
    for segment in segments:
        code = f"{prefix}{quote}{segment}{quote}"
        try:
            parsed = cst.parse_expression(code)
        except cst.ParserSyntaxError:
            return None
        if not isinstance(parsed, cst.SimpleString) or not isinstance(parsed.evaluated_value, str):
            return None
        pieces.append(parsed)
    return pieces
