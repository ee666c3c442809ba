"""`print()` and `pprint()` calls taken apart, and their conversion to log calls (LL201, LL202).

`print_to_lazy` turns the arguments of `print(a, b, sep=..., end=...)` into a lazy `%`-format and its
arguments such that `format % args` is the text print wrote, minus its trailing newline: string literals
join the format (their `%` doubled when arguments remain), f-strings are converted with the LL101
machinery, any other value becomes a `%s` argument (print calls `str()`, so does `%s`).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import libcst as cst

from loglint.semantics.django import file_kinds, in_main_block, management_command_class
from loglint.semantics.names import BindingKind, contains_node
from loglint.semantics.formatting import (
    LazyMessage,
    _as_argument,
    _assemble,
    _Field,
    _has_effects,
    _literal_value,
    _pieces,
    _Style,
    _Text,
    percent_to_lazy,
    pieces_to_items,
    str_format_to_lazy,
)

PRINT_KEYWORDS = frozenset({"sep", "end", "file", "flush"})
PPRINT_KEYWORDS = frozenset({"indent", "width", "depth", "compact", "sort_dicts", "underscore_numbers"})
_DEFAULT_STYLE = _Style("", '"')


@dataclass(frozen=True)
class PrintedCall:
    """A call to the builtin `print` taken apart.

    `stream` is "stdout" (no `file=`, `file=None`, `file=sys.stdout`), "stderr" (`file=sys.stderr`), or
    None when it writes somewhere else (an open file, a buffer: writing on purpose, not stray output).
    """

    node: cst.Call
    stream: Optional[str]
    positional: tuple[cst.Arg, ...]
    keywords: dict[str, cst.Arg]
    has_unpacking: bool


def is_builtin_print(context, func: cst.BaseExpression) -> bool:
    """`print` not shadowed in the file, `builtins.print`, or `from builtins import print` (any alias)."""
    if isinstance(func, cst.Name) and func.value == "print":
        if context.names.lookup("print", context.scope_chain) is None:
            return True
    if not mentions(context, b"builtins"):
        return False  # the common case, decided without a lookup for every call of the file
    if isinstance(func, (cst.Name, cst.Attribute)):
        return context.qualified_name(func) == "builtins.print"
    return False


def mentions(context, word: bytes) -> bool:
    """The file's bytes contain `word` (True when they are not known): a cheap pre-test before name
    lookups for every call."""
    source = getattr(context, "source", None)
    if source is None:
        return True
    memo = getattr(context, "_mentions", None)
    if memo is None:
        return word in source
    found = memo.get(word)
    if found is None:
        found = memo[word] = word in source
    return found


def print_call(context, node: cst.Call) -> Optional[PrintedCall]:
    """The call taken apart when it calls the builtin `print`; None otherwise."""
    if not is_builtin_print(context, node.func):
        return None
    positional: list[cst.Arg] = []
    keywords: dict[str, cst.Arg] = {}
    unpacking = False
    for arg in node.args:
        if arg.star:
            unpacking = True
        elif arg.keyword is None:
            positional.append(arg)
        else:
            keywords[arg.keyword.value] = arg
    stream: Optional[str] = "stdout"
    file = keywords.get("file")
    if file is not None:
        stream = stream_of(context, file.value)
    elif unpacking and any(arg.star == "**" for arg in node.args):
        stream = None  # `**kwargs` may hold a file
    return PrintedCall(node, stream, tuple(positional), keywords, unpacking)


def stream_of(context, value: cst.BaseExpression) -> Optional[str]:
    if isinstance(value, cst.Name) and value.value == "None" and context.names.lookup("None", context.scope_chain) is None:
        return "stdout"
    qualified = context.qualified_name(value)
    if qualified == "sys.stdout" or qualified == "sys.__stdout__":
        return "stdout"
    if qualified == "sys.stderr" or qualified == "sys.__stderr__":
        return "stderr"
    return None


def print_to_lazy(call: PrintedCall) -> Optional[LazyMessage]:
    """The lazy message equal to what `call` prints minus its final newline; None when there is none.

    None for no positional argument (an empty record), `*args`/`**kwargs`, unknown keywords, a `sep` that
    is not a string literal or None, an `end` other than the default newline, a `flush` with effects, and
    string arguments the LL101 machinery does not convert (bytes, nested format specs).
    """
    if call.has_unpacking or not call.positional or set(call.keywords) - PRINT_KEYWORDS:
        return None
    sep = _text_keyword(call.keywords.get("sep"), " ")
    end = _text_keyword(call.keywords.get("end"), "\n")
    if sep is None or end is None or end.value != "\n":
        return None
    flush = call.keywords.get("flush")
    if flush is not None and _has_effects(flush.value):
        return None
    if len(call.positional) == 1:
        eager = _eager_to_lazy(call.positional[0].value)
        if eager is not None:
            return eager
    items: list[Union[_Text, _Field]] = []
    style: Optional[_Style] = None
    for index, arg in enumerate(call.positional):
        if index:
            items.append(sep)
        converted = _argument_items(arg.value)
        if converted is None:
            return None
        arg_items, arg_style = converted
        items.extend(arg_items)
        if style is None:
            style = arg_style
    return _assemble(items, style or _DEFAULT_STYLE, safe=False)


def _eager_to_lazy(value: cst.BaseExpression) -> Optional[LazyMessage]:
    """`print("... %s" % x)` / `print("...".format(x))` alone: the LL102/LL103 conversion, when it is
    exact for every value (otherwise the whole text stays one `%s` argument, which always is)."""
    lazy: Optional[LazyMessage] = None
    if isinstance(value, cst.BinaryOperation):
        lazy = percent_to_lazy(value)
    elif isinstance(value, cst.Call):
        lazy = str_format_to_lazy(value)
    if lazy is None or not lazy.safe:
        return None
    return LazyMessage(lazy.format, lazy.args, safe=False)


def _text_keyword(arg: Optional[cst.Arg], default: str) -> Optional[_Text]:
    """A `sep`/`end` value as text: absent or None means the default; a plain str literal its value."""
    if arg is None:
        return _Text(default)
    value = arg.value
    if isinstance(value, cst.Name) and value.value == "None":
        return _Text(default)
    pieces = _pieces(value)
    if pieces is None or any(piece.parts is not None for piece in pieces):
        return None
    texts = []
    for piece in pieces:
        text = _literal_value(piece.style, piece.body)
        if text is None:
            return None
        texts.append(text)
    return _Text("".join(texts))


def _argument_items(
    value: cst.BaseExpression,
) -> Optional[tuple[list[Union[_Text, _Field]], Optional[_Style]]]:
    """The items one printed value stands for, and the literal style it suggests for the format."""
    pieces = _pieces(value) if isinstance(value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)) else None
    if pieces is None:
        if isinstance(value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            return None  # bytes or a mix the machinery does not know
        return [_Field(_as_argument(value), None, None, _DEFAULT_STYLE)], None
    items = pieces_to_items(pieces)
    if items is None:
        return None
    return items, pieces[0].style


def print_level_method(call: PrintedCall) -> str:
    return "warning" if call.stream == "stderr" else "info"


# The module's logger, for fixes that log instead of printing


def logger_for_fix(context) -> Optional[tuple[bool, str]]:
    """(True, name) for the module's `getLogger(__name__)` logger when the code here sees it; (False,
    "logger") when a new one can be added after the imports (the name is free and `logging`, if bound at
    module level, is the logging module); None otherwise.

    At import time (outside any function) an existing logger may be bound below the call: no fix then.
    """
    loggers = context.loggers
    existing = loggers.module_logger_name()
    if existing is not None:
        found = context.names.lookup(existing, context.scope_chain)
        if found is not context.names.module_scope.bindings.get(existing):
            return None
        if context.current_function is None:
            return None
        return True, existing
    logging_bindings = context.names.module_scope.bindings.get("logging", [])
    if any(binding.kind is not BindingKind.IMPORT or binding.payload != "logging" for binding in logging_bindings):
        return None  # the added `logger = logging.getLogger(__name__)` would call something else
    if loggers.name_is_free("logger"):
        return False, "logger"
    return None


def log_call_node(
    original: cst.Call, logger: str, method: str, message: cst.BaseExpression, args: Sequence[cst.BaseExpression]
) -> cst.Call:
    """`logger.method(message, *args)` in place of `original`, keeping its layout: when its first argument
    has a line of its own and `)` closes on a line of its own, one argument a line, indented like it;
    otherwise `, `-separated on one line. What followed the original last argument (its comma, the line
    break before `)`) follows the new last one."""
    values = [message, *args]
    last = original.args[-1] if original.args else None
    before = original.whitespace_before_args
    after = None
    if last is not None:
        after = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else last.whitespace_after_arg
    separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    one_a_line = isinstance(before, cst.ParenthesizedWhitespace) and isinstance(after, cst.ParenthesizedWhitespace)
    if one_a_line:
        separator = cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(indent=before.indent, last_line=before.last_line)
        )
    new_args = [cst.Arg(value, comma=separator) for value in values]
    if one_a_line and last is not None and not isinstance(last.comma, cst.Comma):
        # `)` on a line of its own after one argument a line: a trailing comma, as black writes it
        new_args[-1] = new_args[-1].with_changes(comma=cst.Comma(whitespace_after=after))
    elif last is not None:
        new_args[-1] = new_args[-1].with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    else:
        new_args[-1] = new_args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return original.with_changes(func=cst.Attribute(value=cst.Name(logger), attr=cst.Name(method)), args=new_args)


def loses_comments(node: cst.Call) -> bool:
    """Whether `log_call_node` would drop a comment of `node`: one inside an argument or between two.
    Comments after `(` and after the last argument stay where they are."""
    args = node.args
    if any(contains_node(arg, cst.Comment) for arg in args[:-1]):
        return True
    return bool(args) and contains_node(args[-1].value, cst.Comment)


def is_application_code(context) -> bool:
    """Where a print is stray output (LL201, LL202): not a `print.allowed` file (scripts, tests, docs),
    not a test, migration or entry script (`manage.py`, `wsgi.py`, `__main__.py`, ...), not a settings
    module (it runs before `LOGGING` is configured: a record logged there is dropped), not a module with
    an `if __name__ == "__main__":` block or a command-line module (a program whose output is its
    prints: see `is_command_line_module`), not a module under a `management/` folder (commands and the
    code that runs them: Django's `post_migrate` handlers print at the command's verbosity), and not
    inside a management command class anywhere (LL203's)."""
    kinds = file_kinds(context)
    if (
        kinds.is_print_allowed
        or kinds.is_test
        or kinds.is_migration
        or kinds.is_entry_script
        or kinds.is_settings
        or kinds.has_main_block
        or kinds.is_management_module
    ):
        return False
    if is_command_line_module(context):
        return False
    if in_main_block(context):
        return False
    return management_command_class(context) is None


_NOQA = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Z0-9, ]+)", re.IGNORECASE)
PRINT_NOQA_CODES = frozenset({"T201", "T001"})  # flake8-print / ruff: print found
PPRINT_NOQA_CODES = frozenset({"T203", "T003"})  # flake8-print / ruff: pprint found


def marked_deliberate(context, node: cst.Call, codes: frozenset) -> bool:
    """Another linter's suppression (`# noqa: T201` for print, `T203` for pprint) on the call's first
    line or at the end of its statement already says the output is meant (wagtail's benchmark)."""
    comments = []
    after_paren = node.whitespace_before_args
    if isinstance(after_paren, cst.ParenthesizedWhitespace) and after_paren.first_line.comment is not None:
        comments.append(after_paren.first_line.comment.value)
    statement = context.current_statement
    trailing = getattr(statement, "trailing_whitespace", None)
    if trailing is not None and trailing.comment is not None:
        comments.append(trailing.comment.value)
    for comment in comments:
        match = _NOQA.search(comment)
        if match and {code.strip().upper() for code in match["codes"].split(",")} & codes:
            return True
    return False


COMMAND_LINE_PARSERS = frozenset({"argparse", "optparse", "getopt", "click", "typer"})
_COMMAND_LINE: "weakref.WeakKeyDictionary[object, bool]" = weakref.WeakKeyDictionary()


def is_command_line_module(context) -> bool:
    """The module imports a command-line parser (`argparse`, `optparse`, `getopt`, `click`, `typer`) in
    any scope: it is a program's front end (Django's own `ManagementUtility` and test runner, a
    project's console script), and its prints are the program's output. Computed once per file."""
    found = _COMMAND_LINE.get(context)
    if found is None:
        found = _COMMAND_LINE[context] = any(
            binding.kind is BindingKind.IMPORT and str(binding.payload).partition(".")[0] in COMMAND_LINE_PARSERS
            for scope in context.names.scopes.values()
            for bindings in scope.bindings.values()
            for binding in bindings
        )
    return found


__all__ = [
    "COMMAND_LINE_PARSERS",
    "PPRINT_KEYWORDS",
    "PPRINT_NOQA_CODES",
    "PRINT_NOQA_CODES",
    "is_application_code",
    "PrintedCall",
    "is_builtin_print",
    "is_command_line_module",
    "log_call_node",
    "logger_for_fix",
    "loses_comments",
    "marked_deliberate",
    "mentions",
    "print_call",
    "print_level_method",
    "print_to_lazy",
    "stream_of",
]


TRACEBACK_FORMATTERS = frozenset(
    {"traceback.format_exc", "traceback.format_exception", "traceback.format_stack", "traceback.format_tb"}
)


def formats_traceback(context, expr: cst.BaseExpression) -> bool:
    """`traceback.format_exc()`, or a `"".join(traceback.format_exception(...))` /
    `str(...)` / f-string / `+` holding one."""
    stack: list[cst.CSTNode] = [expr]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call):
            if context.qualified_name(current.func) in TRACEBACK_FORMATTERS:
                return True
            if isinstance(current.func, cst.Attribute) and current.func.attr.value == "join":
                stack.extend(arg.value for arg in current.args)
            elif isinstance(current.func, cst.Name) and current.func.value == "str":
                stack.extend(arg.value for arg in current.args)
        elif isinstance(current, cst.FormattedString):
            stack.extend(
                part.expression for part in current.parts if isinstance(part, cst.FormattedStringExpression)
            )
        elif isinstance(current, cst.BinaryOperation) and isinstance(current.operator, (cst.Add, cst.Modulo)):
            stack.extend([current.left, current.right])
        elif isinstance(current, (cst.Tuple, cst.List)):
            stack.extend(e.value for e in current.elements)
    return False
