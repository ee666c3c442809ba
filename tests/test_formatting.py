"""The formatting library behind LL101-LL107, held to CPython itself.

Every conversion is executed: the eager original and the lazy rewrite (through a real `LogRecord`, so
logging's single-mapping convention is part of the check) must print the same bytes. The printf grammar is
compared with what `str % args` does on generated strings.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import string
import sys
import types
import warnings
from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from loglint.semantics.formatting import (
    BraceField,
    LazyMessage,
    brace_placeholders,
    fstring_to_lazy,
    parse_percent_format,
    percent_to_lazy,
    str_format_to_lazy,
)

PY312 = sys.version_info >= (3, 12)

NS: dict[str, object] = {
    "x": 42,
    "neg": -7,
    "n": 3.14159,
    "y": "50% off",
    "s": "héllo",
    "z": None,
    "t": (1, "a"),
    "d": datetime.datetime(2024, 3, 9, 14, 5, 7),
    "dec": decimal.Decimal("1234.5678"),
    "w": 8,
    "items": [1, 2, 3],
    "data": {"k": "v", "a": 1},
    "user": {"id": 7},
    "u": types.SimpleNamespace(name="bob", tags=["a", "b"]),
    "one": lambda: 1,
    "two": lambda: 2,
}

_code = cst.Module(body=[]).code_for_node


def _eval(source: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(source, dict(NS))


def convert(source: str) -> Optional[LazyMessage]:
    node = cst.parse_expression(source)
    if isinstance(node, cst.Call):
        return str_format_to_lazy(node)
    if isinstance(node, cst.BinaryOperation):
        return percent_to_lazy(node)
    assert isinstance(node, (cst.FormattedString, cst.ConcatenatedString))
    return fstring_to_lazy(node)


def lazy_output(result: LazyMessage) -> str:
    """What logging prints for `logger.info(format, *args)`."""
    message = _eval(result.format.value)
    args = tuple(_eval(_code(arg)) for arg in result.args)
    return logging.LogRecord("t", logging.INFO, __file__, 1, message, args, None).getMessage()


def assert_exact(result: LazyMessage, expected: str) -> None:
    """Byte-identical output, a literal that re-parses alone, and a call that compiles."""
    literal = result.format.value
    assert isinstance(cst.parse_expression(literal), cst.SimpleString)
    call = ", ".join([literal, *(_code(arg) for arg in result.args)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes like `\{` carried over from the user's source
        compile(literal, "<format>", "eval")
        compile(f"logger.info({call})", "<call>", "eval")
    assert lazy_output(result) == expected
    fmt = _eval(literal)
    assert isinstance(fmt, str)
    if result.args and not parse_percent_format(fmt).is_mapping:
        assert fmt % tuple(_eval(_code(arg)) for arg in result.args) == expected


@dataclass(frozen=True)
class Case:
    source: str
    format: Optional[str]  # None: no conversion expected
    args: tuple[str, ...] = ()
    safe: bool = True
    oracle: Optional[str] = None  # a pre-3.12 spelling of `source` for evaluating the eager output

    def __str__(self) -> str:
        return self.source


def check(case: Case) -> None:
    result = convert(case.source)
    if case.format is None:
        assert result is None
        return
    assert result is not None
    assert result.format.value == case.format
    assert tuple(_code(arg) for arg in result.args) == case.args
    assert result.safe is case.safe
    oracle = case.oracle if case.oracle is not None and not PY312 else case.source
    assert_exact(result, str(_eval(oracle)))


FSTRING_CASES = [
    Case('f"user {x} logged in"', '"user %s logged in"', ("x",)),
    Case('F"{x}"', '"%s"', ("x",)),
    Case('f"{x!r} {s!a} {z!s}"', '"%r %a %s"', ("x", "s", "z")),
    Case('f"{x=}"', '"x=%r"', ("x",)),
    Case('f"{x = }"', '"x = %r"', ("x",)),
    Case('f"{s=!s}"', '"s=%s"', ("s",)),
    Case('f"{x=:>8}"', '"x=%s"', ('format(x, ">8")',)),
    Case('f"{s=:}"', '"s=%s"', ("s",)),
    Case('f"{y=}"', '"y=%r"', ("y",)),
    Case('f"{x + 1=}"', '"x + 1=%r"', ("x + 1",)),
    Case('f"{x:}"', '"%s"', ("x",)),
    Case('f"{z!r:}"', '"%r"', ("z",)),
    Case('f"{n:.2f}"', '"%s"', ('format(n, ".2f")',)),
    Case('f"{x:>8}"', '"%s"', ('format(x, ">8")',)),
    Case('f"{3.14159:.2f}"', '"%.2f"', ("3.14159",)),
    Case('f"{len(items):5d}"', '"%5d"', ("len(items)",)),
    Case('f"{len(items) * 2:>8}"', '"%8d"', ("len(items) * 2",)),
    Case('f"{len(items) / 2:>8}"', '"%8s"', ("len(items) / 2",)),
    Case('f"{len(items) / 2:<8}|"', '"%-8s|"', ("len(items) / 2",)),
    Case('f"{1 + 2:08.3f}"', '"%08.3f"', ("1 + 2",)),
    Case('f"{255:#x} {-255:+#o}"', '"%#x %+#o"', ("255", "-255")),
    Case('f"{0.5:.0%}"', '"%s"', ('format(0.5, ".0%")',)),
    Case('f"{1234567:,}"', '"%s"', ('format(1234567, ",")',)),
    Case('f"{d:%Y-%m-%d}"', '"%s"', ('format(d, "%Y-%m-%d")',)),
    Case("f'{d:%H:%M} and 100%'", "'%s and 100%%'", ("format(d, '%H:%M')",)),
    Case('f"{dec:,.2f}"', '"%s"', ('format(dec, ",.2f")',)),
    Case('f"{x!r:>8}"', '"%8r"', ("x",)),
    Case('f"{s!r:<10}|"', '"%-10r|"', ("s",)),
    Case('f"{s!s:10.2}|"', '"%-10.2s|"', ("s",)),
    Case('f"{s!s:^9}"', '"%s"', ('format(str(s), "^9")',)),
    Case('f"{s!a:*>12}"', '"%s"', ('format(ascii(s), "*>12")',)),
    Case('f"100%"', '"100%"'),
    Case('f"{{literal}} 100%"', '"{literal} 100%"'),
    Case('f"100% of {x}"', '"100%% of %s"', ("x",)),
    Case('f"{y} is 5%"', '"%s is 5%%"', ("y",)),
    Case('f"{{}} and {x}"', '"{} and %s"', ("x",)),
    Case('f"a{x}" "b" \'c\'', '"a%sbc"', ("x",)),
    Case('f"a" "b{x}" \'c\'', '"ab{x}c"'),
    Case('"plain {x} " f"{x}"', '"plain {x} %s"', ("x",)),
    Case("f'it\\'s {x}' \"ok\"", "'it\\'s %sok'", ("x",)),
    Case("f\"say \" f'\"{s}\"'", '"say \\"%s\\""', ("s",)),
    Case('f"""multi\nline "{x}" """', '"""multi\nline "%s" """', ("x",)),
    Case("f'''{x}''' \"\"\"!\"\"\"", "'''%s!'''", ("x",)),
    Case('rf"\\d+ {x}"', 'r"\\d+ %s"', ("x",)),
    Case("Rf'{x}\\w'", "R'%s\\w'", ("x",)),
    Case('rf"\\d {x}" "\\n"', '"\\\\d %s\\n"', ("x",)),
    Case('f"caf\\u00e9 {s} \\N{EM DASH} 😀"', '"caf\\u00e9 %s \\N{EM DASH} 😀"', ("s",)),
    Case('f"tab\\t{x}\\n"', '"tab\\t%s\\n"', ("x",)),
    Case('f"\\x25 {x}"', '"%% %s"', ("x",)),
    Case('f"\\{x}"', '"\\\\%s"', ("x",)),
    Case('f"\\\\{x}"', '"\\\\%s"', ("x",)),
    Case('f"\\0{3=}"', '"\\x003=%r"', ("3",)),
    Case('f"{t}"', '"%s"', ("t",)),
    Case('f"{t!r}"', '"%r"', ("t",)),
    Case('f"{x, n}"', '"%s"', ("(x, n)",)),
    Case('f"{data}"', '"%s"', ("data",)),
    Case('f"{u.name!r} has {len(u.tags)} tags"', '"%r has %s tags"', ("u.name", "len(u.tags)")),
    Case('f"{x if x else z}"', '"%s"', ("x if x else z",)),
    Case('f"{data["k"]}"', '"%s"', ('data["k"]',), oracle="f\"{data['k']}\""),
    Case("f'{data['k']=}'", "'data[\\'k\\']=%r'", ("data['k']",), oracle="\"data['k']=\" + repr(data['k'])"),
    Case('f"{x:{w}}"', None),
    Case('f"{x:>{w}.2f}"', None),
]

FORMAT_CASES = [
    Case('"{} and {}".format(x, s)', '"%s and %s"', ("x", "s")),
    Case('"{1} before {0}".format(x, s)', '"%s before %s"', ("s", "x")),
    Case('"{1} before {0}".format(one(), two())', '"%s before %s"', ("two()", "one()"), safe=False),
    Case('"{name} is {age}".format(name=s, age=x)', '"%s is %s"', ("s", "x")),
    Case('"{0} {0!r}".format(s)', '"%s %r"', ("s", "s")),
    Case('"{0}{0}".format(u.name)', '"%s%s"', ("u.name", "u.name")),
    Case('"{0} {1} {0}".format(u.name, one())', '"%s %s %s"', ("u.name", "one()", "u.name"), safe=False),
    Case('"{0}{0}".format(x + 1)', None),
    Case('"{0}{0}".format("lit")', '"%s%s"', ('"lit"', '"lit"')),
    Case('"{0}{0}".format(one())', None),
    Case(
        '"{0.name} {user[id]} {items[0]}".format(u, user=user, items=items)',
        '"%s %s %s"',
        ("u.name", 'user["id"]', "items[0]"),
    ),
    Case('"{[0]} {.real}".format(items, x)', '"%s %s"', ("items[0]", "x.real")),
    Case('"{0.real}".format(x + 1)', '"%s"', ("(x + 1).real",)),
    Case('"{0.real} {1}".format(x, one())', '"%s %s"', ("x.real", "one()"), safe=False),
    Case('"{:>8} {:.2f}".format(x, n)', '"%s %s"', ('format(x, ">8")', 'format(n, ".2f")')),
    Case('"{:.2f}".format(len(items) / 3)', '"%.2f"', ("len(items) / 3",)),
    Case('"{!r:>10}|".format(s)', '"%10r|"', ("s",)),
    Case('"{0:%Y-%m-%d}".format(d)', '"%s"', ('format(d, "%Y-%m-%d")',)),
    Case('"100% {}".format(x)', '"100%% %s"', ("x",)),
    Case('"100%".format()', '"100%"'),
    Case('"{{}} {}".format(x)', '"{} %s"', ("x",)),
    Case('"\\x7b\\x7b {}".format(x)', '"{ %s"', ("x",)),
    Case("'{} \"quoted\" ' \"'{}'\".format(x, s)", "'%s \"quoted\" \\'%s\\''", ("x", "s")),
    Case("r'\\d{}'.format(x)", "r'\\d%s'", ("x",)),
    Case('"{}".format(x, s)', '"%s"', ("x",), safe=False),
    Case('"{}".format(x, one())', None),
    Case('"{}".format(x, n + 1)', '"%s"', ("x",), safe=False),
    Case('"{}".format(x, [one() for _ in items])', None),
    Case('"{} {}".format(x, (y := 2))', '"%s %s"', ("x", "(y := 2)")),
    Case('"{} {}".format(*items)', None),
    Case('"{k}".format(**data)', None),
    Case('"{} {0}".format(x)', None),
    Case('"{2}".format(x)', None),
    Case('"{missing}".format(x=1)', None),
    Case('"{:{w}}".format(x, w=w)', None),
    Case('"{!z}".format(x)', None),
    Case('"{0.my attr}".format(x)', None),
    Case('f"{x}".format()', None),
    Case('b"{}".format(x)', None),
]

PERCENT_CASES = [
    Case('"%s and %d" % (s, x)', '"%s and %d"', ("s", "x")),
    Case('"%.2f%%" % (n,)', '"%.2f%%"', ("n",)),
    Case('"%*d|" % (w, x)', '"%*d|"', ("w", "x")),
    Case('"%(a)s / %(k)r" % {"a": x, "k": s}', '"%(a)s / %(k)r"', ('{"a": x, "k": s}',)),
    Case('"%s" % x', '"%s"', ("x",), safe=False),
    Case('"%(a)s" % data', '"%(a)s"', ("data",), safe=False),
    Case('"%s" % "literal"', '"%s"', ('"literal"',)),
    Case('"%d%%" % 5', '"%d%%"', ("5",)),
    Case('"%s" % f"{x}"', '"%s"', ('f"{x}"',)),
    Case('"%s" % [x]', '"%s"', ("[x]",)),
    Case('"%s" % {"a": 1}', '"%s"', ('{"a": 1}',)),
    Case('"100%%" % ()', '"100%"'),
    Case('"a %s " \'b "%s"\' % (x, s)', '"a %s b \\"%s\\""', ("x", "s")),
    Case('"%s %s" % x', None),
    Case('"%s" % (x, s)', None),
    Case('"%s" % ()', None),
    Case('"%y" % (x,)', None),
    Case('"100%" % ()', None),
    Case('"%(a)s" % {"b": 1}', None),
    Case('"%(a)s" % {}', None),
    Case('"%(a)s" % {**data}', None),
    Case('"%(a)s" % 5', None),
    Case('"%(a)s" % (x,)', None),
    Case('"%s" % (*items,)', None),
    Case('"%s %(a)s" % data', None),
    Case('x % 2', None),
    Case('"%s" + x', None),
]


@pytest.mark.parametrize("case", FSTRING_CASES, ids=str)
def test_fstring_to_lazy(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", FORMAT_CASES, ids=str)
def test_str_format_to_lazy(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", PERCENT_CASES, ids=str)
def test_percent_to_lazy(case: Case) -> None:
    check(case)


def test_plain_string_is_not_an_fstring_conversion() -> None:
    node = cst.parse_expression('"a" "b"')
    assert isinstance(node, cst.ConcatenatedString)
    assert fstring_to_lazy(node) is None


def test_args_are_the_original_nodes() -> None:
    node = cst.parse_expression('f"{x} {y.z}"')
    assert isinstance(node, cst.FormattedString)
    result = fstring_to_lazy(node)
    assert result is not None
    expressions = [part.expression for part in node.parts if isinstance(part, cst.FormattedStringExpression)]
    assert result.args == expressions


# Generated f-strings, byte for byte


_NAMES = ["x", "neg", "n", "y", "s", "z", "t", "d", "dec"]
_KNOWN_NUMBERS = [
    "3", "-4", "2.5", "len(s)", "len(items) * 2", "7 / 2", "10 // 3", "2 ** 10", "1e300 * 1e10", "0.1 + 0.2",
]

_fill_align = st.sampled_from(["", "<", ">", "^", "=", "*>", " <", "0>"])
_number_spec = st.builds(
    "".join,
    st.tuples(
        _fill_align,
        st.sampled_from(["", "+", "-", " "]),
        st.sampled_from(["", "#"]),
        st.sampled_from(["", "0"]),
        st.sampled_from(["", "1", "8", "12"]),
        st.sampled_from(["", ",", "_"]),
        st.sampled_from(["", ".0", ".2", ".5"]),
        st.sampled_from(["", "d", "x", "X", "o", "b", "e", "E", "f", "F", "g", "G", "%", "s", "c"]),
    ),
)
_text_spec = st.builds(
    "".join,
    st.tuples(_fill_align, st.sampled_from(["", "1", "9"]), st.sampled_from(["", ".0", ".3"])),
)
_other_spec = st.sampled_from(["%Y-%m-%d", "%H:%M:%S %%", "%d/%m/%y", ">30", "<20", ".2f", ">12,.1f", ""])


def _formats(value: object, spec: str) -> bool:
    try:
        format(value, spec)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _spec_for(draw: st.DrawFn, value: object) -> str:
    """A `:spec` valid for `value`, or nothing."""
    if isinstance(value, str):
        spec = draw(_text_spec)
    elif isinstance(value, (int, float)):
        spec = draw(_number_spec)
    else:
        spec = draw(_other_spec)
    return f":{spec}" if draw(st.booleans()) and _formats(value, spec) else ""


_CONVERSIONS: dict[str, Callable[[object], object]] = {"": lambda v: v, "!r": repr, "!s": str, "!a": ascii}


@st.composite
def _field(draw: st.DrawFn) -> str:
    expression = draw(st.sampled_from(_NAMES + _KNOWN_NUMBERS))
    conversion = draw(st.sampled_from(["", "", "!r", "!s", "!a"]))
    spec = _spec_for(draw, _CONVERSIONS[conversion](_eval(expression)))
    debug = draw(st.sampled_from(["", "", "=", " = "]))
    return f"{{{expression}{debug}{conversion}{spec}}}"


def _text_tokens(quote: str, raw: bool) -> list[str]:
    tokens = ["a", "Z", "7", " ", "%", "%%", "%s", "%(k)s", "{{", "}}", "é", "😀", "100%"]
    tokens.append("'" if quote[0] == '"' else '"')
    if raw:
        tokens += ["\\d", "\\w+", "\\n"]
    else:
        tokens += ["\\n", "\\t", "\\\\", "\\" + quote[0], "\\x25", "\\u00e9", "\\N{EM DASH}", "\\0", "\\{{"]
    if len(quote) == 3:
        tokens.append("\n")
    return tokens


@st.composite
def _piece(draw: st.DrawFn, fstring: bool) -> str:
    quote = draw(st.sampled_from(['"', "'", '"""', "'''"]))
    if fstring:
        prefix = draw(st.sampled_from(["f", "F", "f", "rf", "fR"]))
    else:
        prefix = draw(st.sampled_from(["", "", "r", "u", "R"]))
    raw = "r" in prefix.lower()
    tokens = _text_tokens(quote, raw)
    if not fstring:
        tokens = [token for token in tokens if token not in ("{{", "}}", "\\{{")]
    part = st.one_of(st.sampled_from(tokens), _field()) if fstring else st.sampled_from(tokens)
    parts = draw(st.lists(part, max_size=6))
    body = "".join(parts)
    if body.endswith(quote[0]) or (raw and body.endswith("\\")):
        body += "."
    return f"{prefix}{quote}{body}{quote}"


@st.composite
def _fstring_message(draw: st.DrawFn) -> str:
    kinds = draw(st.lists(st.booleans(), min_size=1, max_size=3).filter(any))
    return " ".join(draw(_piece(kind)) for kind in kinds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fstring_message())
def test_generated_fstrings_convert_byte_identically(source: str) -> None:
    result = convert(source)
    assert result is not None
    assert result.safe
    assert_exact(result, str(_eval(source)))


_FORMAT_ARGUMENTS = ["x", "n", "y", "s", "z", "t", "d", "dec", "3", "2.5", "255"]


@st.composite
def _format_call(draw: st.DrawFn) -> str:
    """`"...".format(...)` with numbered and keyword fields over names and number literals."""
    positional = draw(st.lists(st.sampled_from(_FORMAT_ARGUMENTS), min_size=1, max_size=3))
    keywords = {f"k{i}": name for i, name in enumerate(draw(st.lists(st.sampled_from(_NAMES), max_size=2)))}
    references = [(str(i), value) for i, value in enumerate(positional)] + list(keywords.items())
    pieces = []
    for _ in range(draw(st.integers(1, 2))):
        quote = draw(st.sampled_from(['"', "'", '"""', "'''"]))
        prefix = draw(st.sampled_from(["", "", "r", "u"]))
        tokens = _text_tokens(quote, raw=prefix == "r")
        parts = []
        for _ in range(draw(st.integers(0, 3))):
            name, expression = draw(st.sampled_from(references))
            conversion = draw(st.sampled_from(["", "", "!r", "!s", "!a"]))
            value = _CONVERSIONS[conversion](_eval(expression))
            parts += [draw(st.sampled_from(tokens)), f"{{{name}{conversion}{_spec_for(draw, value)}}}"]
        body = "".join(parts) + draw(st.sampled_from(tokens))
        if body.endswith(quote[0]) or body.endswith("\\"):
            body += "."
        pieces.append(f"{prefix}{quote}{body}{quote}")
    arguments = positional + [f"{key}={value}" for key, value in keywords.items()]
    return f"({' '.join(pieces)}).format({', '.join(arguments)})"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_format_call())
def test_generated_str_format_calls_convert_byte_identically(source: str) -> None:
    result = convert(source)
    assert result is not None
    assert_exact(result, str(_eval(source)))


_NUMBER_LITERALS = [
    "0", "7", "-7", "255", "10 ** 20", "-10 ** 20", "0.0", "-0.0", "1.5", "-2.25", "1e-07", "1e22",
    "123456.789", "1e999", "-1e999", "1e999 - 1e999", "len(s)", "7 / 2",
]


@settings(max_examples=200, deadline=None)
@given(_number_spec)
def test_printf_specs_on_known_numbers_are_exact(spec: str) -> None:
    """Every spec a known int/float may use, on edge values (signs, zero, inf, nan, huge ints)."""
    for expression in _NUMBER_LITERALS:
        value = _eval(expression)
        if not _formats(value, spec):
            continue
        result = convert(f'f"{{{expression}:{spec}}}"')
        assert result is not None
        assert_exact(result, format(value, spec))


@settings(max_examples=100, deadline=None)
@given(_text_spec, st.sampled_from(["!r", "!s", "!a"]), st.sampled_from(["s", "y", "t", "z", "x", "d"]))
def test_specs_on_converted_values_are_exact(spec: str, conversion: str, name: str) -> None:
    assume(_formats("text", spec))
    source = f'f"{{{name}{conversion}:{spec}}}|"'
    result = convert(source)
    assert result is not None
    assert_exact(result, str(_eval(source)))


# printf-style parsing against CPython


class _AnyKey(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> int:
        return 1


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="%%%()a*.5-#0 +sdrlhyXc", max_size=12))
def test_percent_grammar_matches_cpython(text: str) -> None:
    parsed = parse_percent_format(text)
    if parsed.error is None:
        if parsed.is_mapping:
            assert isinstance(text % _AnyKey(), str)
            return
        count = parsed.positional_count
        text % ((1,) * count)
        with pytest.raises(TypeError):
            text % ((1,) * (count + 1))
        if count:
            with pytest.raises(TypeError):
                text % ((1,) * (count - 1))
        return
    assert parsed.error_offset is not None and text[parsed.error_offset] == "%"
    if parsed.error.startswith("format mixes"):
        assert any(p.key is not None for p in parsed.placeholders)
        return
    rest = text[parsed.error_offset :]
    if parsed.error == "incomplete format key":
        with pytest.raises(ValueError):
            rest % _AnyKey()
        return
    if rest.startswith("%("):
        # After its key a placeholder parses like a positional one, and a `*` there would make CPython
        # raise TypeError before it reaches the bad character: check the grammar on the positional form
        # (unless the bad character is a "(" or "%", which mean something else right after a "%").
        after_key = rest[_key_end(rest) :]
        if after_key.startswith(("(", "%")):
            with pytest.raises(ValueError):
                rest % _AnyKey()
            return
        rest = "%" + after_key
    with pytest.raises(ValueError):
        rest % ((1,) * 50)
    if not parsed.is_mapping and not text[parsed.error_offset :].startswith("%("):
        with pytest.raises(ValueError):
            text % ((1,) * 50)


def _key_end(text: str) -> int:
    """The index after the `)` closing the key that `text` (starting with `%(`) begins with."""
    depth = 0
    for index, char in enumerate(text[1:], start=1):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index + 1
    raise AssertionError(text)


@pytest.mark.parametrize(
    ("text", "count", "keys", "literal", "error"),
    [
        ("plain", 0, (), 0, None),
        ("%s and %d", 2, (), 0, None),
        ("%*.*f", 3, (), 0, None),
        ("%-08.3f %#x %+d % i %ld %5s%%", 6, (), 1, None),
        ("100%% sure", 0, (), 1, None),
        ("%(a)s %(b(c))r %(a)d", 0, ("a", "b(c)", "a"), 0, None),
        ("%()s", 0, ("",), 0, None),
        ("100%", 0, (), 0, "incomplete format"),
        ("50% off", 1, (), 0, None),  # "% o" is a space flag and an octal conversion
        ("%y", 0, (), 0, "unsupported format character 'y' (0x79) at index 1"),
        ("%5%", 0, (), 0, "unsupported format character '%' (0x25) at index 2"),
        ("%(a", 0, (), 0, "incomplete format key"),
        ("%s %(a)s", 1, ("a",), 0, "format mixes named and positional placeholders"),
        ("%(a)*d", 0, ("a",), 0, "format mixes named and positional placeholders"),
    ],
)
def test_parse_percent_format(
    text: str, count: int, keys: tuple[str, ...], literal: int, error: Optional[str]
) -> None:
    parsed = parse_percent_format(text)
    assert parsed.error == error
    assert parsed.literal_percent_count == literal
    if error is None or error.startswith("format mixes"):
        assert parsed.positional_count == count
        assert parsed.keys == keys


def test_percent_placeholder_fields() -> None:
    parsed = parse_percent_format("x %(key)-*.3ld y")
    assert parsed.error == "format mixes named and positional placeholders"
    (placeholder,) = parsed.placeholders
    assert (placeholder.key, placeholder.flags) == ("key", "-")
    assert (placeholder.width, placeholder.precision) == ("*", "3")
    assert (placeholder.length_modifier, placeholder.conversion) == ("l", "d")
    assert parsed.error_offset == placeholder.start == 2 and placeholder.end == 14
    assert parse_percent_format("%.f").placeholders[0].precision == ""


# `{}` placeholders


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("{}", [BraceField("", None, "")]),
        ("{0} and {1}", [BraceField("0", None, ""), BraceField("1", None, "")]),
        ("{name!r:>8}", [BraceField("name", "r", ">8")]),
        ("{user.name} {data[k]}", [BraceField("user.name", None, ""), BraceField("data[k]", None, "")]),
        ("{:{w}}", [BraceField("", None, "{w}")]),
        ("a {{x}} {y}", [BraceField("y", None, "")]),
        ("{{}}", []),
        ("no fields", []),
        ('{"id": 1}', []),
        ("{ }", []),
        ("{x!z}", []),
        ("{", []),
        ("}", []),
        ("{a.}", []),
        ("%s", []),
    ],
)
def test_brace_placeholders(text: str, fields: list[BraceField]) -> None:
    assert brace_placeholders(text) == fields


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}0a.[]!r:>x ", max_size=10))
def test_brace_placeholders_only_where_str_format_parses(text: str) -> None:
    fields = brace_placeholders(text)
    if fields:
        parsed = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        assert [field.name for field in fields] == parsed

