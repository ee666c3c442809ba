from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import PRINT
from loglint.rule import FixAvailability, Rule
from loglint.semantics.django import file_kinds, in_main_block, management_command_class
from loglint.semantics.names import BindingKind

_PRINT_KEYWORDS = frozenset({"sep", "end", "file", "flush"})


class PrintInManagementCommand(Rule):
    """## What it does
    Checks for calls to the builtin `print()` in the methods of a Django management command: a class
    deriving from `BaseCommand` (`LabelCommand`, `AppCommand`), directly or through classes of the
    project, in this module or imported from another one.

    ## Why is this bad?
    A command writes through `self.stdout` and `self.stderr`: `call_command(..., stdout=buf)` captures
    them (tests and other commands rely on it), `--no-color` and `--force-color` apply to them, and
    `self.stderr` shows errors in red on a terminal. `print()` bypasses all of that and goes to the
    process's real stdout, where a caller capturing the output never sees it.

    ## Example
    ```python
    # file: app/management/commands/sync.py
    from django.core.management.base import BaseCommand


    class Command(BaseCommand):
        def handle(self, *args, **options):
            print("synced")
    ```

    ## Use instead
    ```python
    # file: app/management/commands/sync.py
    from django.core.management.base import BaseCommand


    class Command(BaseCommand):
        def handle(self, *args, **options):
            self.stdout.write("synced")
    ```

    ## Fix safety
    The fix writes with `self.stdout.write(...)` (`self.stderr.write(...)` for `file=sys.stderr`),
    `self` being the method's first parameter. The text written is the text `print` wrote: several
    arguments become one f-string with `!s` conversions and the `sep` literal between them, a value that
    is not known to be a string is passed through `str()`, and `end=""` (or another literal) becomes
    `ending=`. `OutputWrapper.write` adds its ending only when the text does not already end with it, so
    the fix is safe when the end of the text is known (a literal) and unsafe when the text ends with a
    value (`print(name)`: a value ending with a newline would lose one). No fix when the text is known to
    end with the ending, with `flush=`, a `sep`/`end` that is not a literal, `*args`, in `__init__`
    (`self.stdout` may not exist yet), in static and class methods, and in functions nested in a method.
    On a terminal `self.stderr` colours the text.

    ## Known limitations
    Commands whose base class comes from a third-party package other than Django are not recognised.
    """

    code = "LL203"
    candidates = frozenset({PRINT})
    name = "print-in-management-command"
    message = "`print()` in a management command bypasses `self.stdout`/`self.stderr`"
    fix_title = "Write with `self.stdout.write()`"
    fix_availability = FixAvailability.SOMETIMES_SAFE

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Name) and func.value == "print"):
            return
        context = self.context
        if context.names.lookup("print", context.scope_chain) is not None:
            return
        if any(arg.star == "**" for arg in node.args):
            return
        if any(arg.keyword is not None and arg.keyword.value not in _PRINT_KEYWORDS for arg in node.args):
            return
        stream = self._stream(node)
        if stream is None:
            return
        kinds = file_kinds(context)
        if (
            kinds.is_print_allowed
            or kinds.is_test
            or kinds.is_migration
            or kinds.is_entry_script
            or kinds.has_main_block
            or in_main_block(context, node)
        ):
            return
        command = management_command_class(context)
        if command is None:
            return
        self.report(node, fix=self._fix(node, command, stream))

    def _stream(self, node: cst.Call) -> Optional[str]:
        """"stdout" / "stderr" for where the print writes; None for a file or anything else."""
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "file":
                value = arg.value
                if isinstance(value, cst.Name) and value.value == "None":
                    return "stdout"
                qualified = self.context.qualified_name(value)
                if qualified in ("sys.stdout", "sys.__stdout__"):
                    return "stdout"
                if qualified in ("sys.stderr", "sys.__stderr__"):
                    return "stderr"
                return None
        return "stdout"

    # -- the fix -----------------------------------------------------------------------------------

    def _self_name(self, command: cst.ClassDef) -> Optional[str]:
        """The method's first parameter when the print is directly in a method of `command` whose
        instance has `self.stdout` (not `__init__`, not a static or class method)."""
        context = self.context
        found = context.names.enclosing_class(context.scope_chain)
        function = context.current_function
        if found is None or found[0].node is not command or function is None:
            return None
        if function.name.value in ("__init__", "__new__"):
            return None
        for decorator in function.decorators:
            if isinstance(decorator.decorator, cst.Name) and decorator.decorator.value in ("classmethod", "staticmethod"):
                return None
        name = found[1]
        bindings = context.names.lookup(name, context.scope_chain)
        if not bindings or any(b.kind is not BindingKind.PARAM for b in bindings):
            return None
        return name

    def _fix(self, node: cst.Call, command: cst.ClassDef, stream: str):
        self_name = self._self_name(command)
        if self_name is None:
            return None
        positional: list[cst.BaseExpression] = []
        keywords: dict[str, cst.BaseExpression] = {}
        for arg in node.args:
            if arg.star:
                return None
            if arg.keyword is None:
                positional.append(arg.value)
            else:
                keywords[arg.keyword.value] = arg.value
        if "flush" in keywords:
            return None
        sep = _text_keyword(keywords.get("sep"), " ")
        end = _text_keyword(keywords.get("end"), "\n")
        if sep is None or end is None:
            return None
        built = _message(positional, sep)
        if built is None:
            return None
        message, tail = built
        # OutputWrapper.write(msg, ending=e) appends e unless msg already ends with it.
        if end == "":
            safe = True
        elif tail is None:
            safe = False
        else:
            text, complete = tail
            if text.endswith(end):
                return None
            safe = complete or len(text) >= len(end)
        first = next((arg for arg in node.args if arg.keyword is None), None)
        args = [first.with_changes(value=message) if first is not None else cst.Arg(message)]
        if end != "\n":
            args.append(
                cst.Arg(
                    _string_node(end),
                    keyword=cst.Name("ending"),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
                )
            )
        target = cst.Attribute(
            value=cst.Attribute(value=cst.Name(self_name), attr=cst.Name(stream)), attr=cst.Name("write")
        )
        # The original layout: the first argument keeps its place, the last one its trailing comma and
        # the whitespace before `)`.
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [arg.with_changes(comma=comma, whitespace_after_arg=cst.SimpleWhitespace("")) for arg in args]
        if node.args:
            last = node.args[-1]
            args[-1] = args[-1].with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
        else:
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        new = node.with_changes(func=target, args=args)
        return self.make_fix([(node, new)], safe=safe)


# -- building the message ------------------------------------------------------------------------------


def _text_keyword(value: Optional[cst.BaseExpression], default: str) -> Optional[str]:
    """`sep`/`end`: absent or None is the default, a plain str literal its value, anything else None."""
    if value is None:
        return default
    if isinstance(value, cst.Name) and value.value == "None":
        return default
    return _literal_text(value)


def _literal_text(value: cst.BaseExpression) -> Optional[str]:
    """The value of a plain (not bytes) string literal, implicit concatenations included."""
    if isinstance(value, cst.SimpleString):
        if "b" in value.prefix.lower():
            return None
        evaluated = value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    if isinstance(value, cst.ConcatenatedString):
        left = _literal_text(value.left)
        right = _literal_text(value.right)
        return None if left is None or right is None else left + right
    return None


def _is_str_expression(value: cst.BaseExpression) -> bool:
    """Expressions whose value is a `str` for sure: f-strings (implicitly concatenated with each other
    or with literals), `"..." % x`, `"...".format(...)`."""
    if isinstance(value, cst.FormattedString):
        return True
    if isinstance(value, cst.ConcatenatedString):
        return all(
            isinstance(side, (cst.FormattedString, cst.ConcatenatedString)) and _is_str_expression(side)
            or _literal_text(side) is not None
            for side in (value.left, value.right)
        )
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Modulo):
        return _literal_text(value.left) is not None
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        return value.func.attr.value == "format" and _literal_text(value.func.value) is not None
    return False


def _fstring_tail(value: cst.FormattedString) -> Optional[tuple[str, bool]]:
    """The literal text an f-string ends with, and whether that is all of it."""
    text = ""
    for part in reversed(value.parts):
        if isinstance(part, cst.FormattedStringText):
            if "\\" in part.value or "r" in value.prefix.lower():
                return None
            text = part.value.replace("{{", "{").replace("}}", "}") + text
        else:
            return (text, False) if text else None
    return text, True


def _concatenated_tail(value: cst.BaseExpression) -> Optional[tuple[str, bool]]:
    """What is known of the end of an implicit concatenation of literals and f-strings."""
    if isinstance(value, cst.ConcatenatedString):
        right = _concatenated_tail(value.right)
        if right is None or not right[1]:
            return right
        left = _concatenated_tail(value.left)
        if left is None:
            return (right[0], False) if right[0] else None
        return left[0] + right[0], left[1]
    if isinstance(value, cst.FormattedString):
        return _fstring_tail(value)
    text = _literal_text(value)
    return (text, True) if text is not None else None


def _message(
    values: list[cst.BaseExpression], sep: str
) -> Optional[tuple[cst.BaseExpression, Optional[tuple[str, bool]]]]:
    """The expression `self.stdout.write` gets, and what is known of its end: (literal tail, whether the
    tail is the whole text), or None when the text ends with a value."""
    if not values:
        return cst.SimpleString('""'), ("", True)
    if len(values) == 1:
        value = values[0]
        text = _literal_text(value)
        if text is not None:
            return value, (text, True)
        if isinstance(value, cst.FormattedString):
            return value, _fstring_tail(value)
        if isinstance(value, cst.ConcatenatedString) and _is_str_expression(value):
            return value, _concatenated_tail(value)
        if _is_str_expression(value):
            return value, None
        return cst.Call(func=cst.Name("str"), args=[cst.Arg(value)]), None
    # Several values: one f-string `f"{a!s}<sep>{b!s}"`, literals inlined.
    return _joined(values, sep, '"') or _joined(values, sep, "'")


def _joined(
    values: list[cst.BaseExpression], sep: str, quote: str
) -> Optional[tuple[cst.BaseExpression, Optional[tuple[str, bool]]]]:
    parts: list[cst.BaseFormattedStringContent] = []
    tail_text = ""
    complete = True
    for index, value in enumerate(values):
        if index:
            parts.append(cst.FormattedStringText(_escape(sep, quote)))
            tail_text += sep
        text = _literal_text(value)
        if text is not None:
            parts.append(cst.FormattedStringText(_escape(text, quote)))
            tail_text += text
            continue
        if isinstance(value, cst.FormattedString) and value.start == "f" + quote and value.end == quote:
            parts.extend(value.parts)  # already text: spliced in as written
            inner = _fstring_tail(value)
            if inner is None:
                tail_text, complete = "", False
            else:
                tail_text = tail_text + inner[0] if inner[1] else inner[0]
                complete = complete and inner[1]
            continue
        code = cst.Module(body=[]).code_for_node(value)
        if quote in code or "\\" in code or "\n" in code or "#" in code:
            return None  # not writable inside an f-string before Python 3.12
        conversion = None if _is_str_expression(value) else "s"
        parts.append(cst.FormattedStringExpression(expression=value, conversion=conversion))
        tail_text = ""
        complete = False
    parts = [p for p in parts if not (isinstance(p, cst.FormattedStringText) and not p.value)]
    fstring = cst.FormattedString(parts=parts, start="f" + quote, end=quote)
    tail = (tail_text, complete) if (tail_text or complete) else None
    return fstring, tail


def _escape(text: str, quote: str, braces: bool = True) -> str:
    """`text` as the body of a `quote`-delimited (f-)string literal."""
    out: list[str] = []
    for char in text:
        if char == quote or char == "\\":
            out.append("\\" + char)
        elif braces and char in "{}":
            out.append(char * 2)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "".join(out)


def _string_node(text: str) -> cst.SimpleString:
    return cst.SimpleString('"' + _escape(text, '"', braces=False) + '"')


__all__ = ["PrintInManagementCommand"]
