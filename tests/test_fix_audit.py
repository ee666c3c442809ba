"""Fix safety audit (issue 10): the LL1 format fixes keep what a program logs, for random values.

Hypothesis writes a module of log calls (one function per call) over variables bound to random values
(ints, big ints, floats with nan/inf/-0.0, text with `%` and braces, None, booleans, tuples, lists,
dicts, a Decimal, an object whose str and repr differ) and random format specs, printf conversions and
field shapes, some of which raise. The module runs in a subprocess, before and after the fix, each call
logging through a real logger to a StringIO handler (on the root logger, with a format that does not show
the logger's name); what each call wrote (or the exception it raised,
or the logging error its record caused) is compared:

- safe fixes (`--fix`): the output is the same for every value, exceptions included (an exception the
  eager format raised may instead be raised by the lazy one and reported by the handler: `same_outcome`);
- unsafe fixes (`--fix --unsafe-fixes`): the same whenever the original call did not raise, except the
  divergences the rules' "Fix safety" sections document (LL103's single operand that holds a tuple);
- LL106 (a `{}` template with `%`-style arguments, which logs an error): the fix logs what
  `template.format(*args)` would have;
- and a second fix changes nothing.

`LOGLINT_FUZZ_EXAMPLES=N` runs N examples instead of the fast suite's few.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness import fix
from loglint.parsing import run_deep
from strategies import NAMES, fstring_literal_part, format_specs, literal_text, number_literals, percent_specs, str_literal, value_exprs

CODES = ("LL101", "LL102", "LL103", "LL104", "LL106")
LONG = int(os.environ.get("LOGLINT_FUZZ_EXAMPLES", "0"))
AUDIT = settings(
    max_examples=LONG or 8,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=list(HealthCheck),
)
run_deep(lambda: None)

# Runs in a subprocess: the module's calls one by one, each call's log output, raised exception or
# logging error (a lazy format that fails is reported by the handler, not raised).
DRIVER = r'''
import io, json, logging, sys
from decimal import Decimal

class Obj:
    def __str__(self):
        return "str%s{}"
    def __repr__(self):
        return "repr%r"

def run(source):
    for existing in list(logging.root.manager.loggerDict.values()):
        if isinstance(existing, logging.Logger):
            existing.setLevel(logging.NOTSET)
            existing.handlers[:] = []
            existing.propagate = True
    logging.disable(logging.NOTSET)
    logger = logging.root
    logger.handlers[:] = []
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s|%(message)s"))
    def handle_error(record):
        exc = sys.exc_info()[1]
        stream.write(f"LOGGING ERROR {type(exc).__name__}: {exc}\n")
    handler.handleError = handle_error
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    namespace = {"__name__": "audit_module", "Obj": Obj, "Decimal": Decimal}
    exec(compile(source, "audit.py", "exec"), namespace)
    out = []
    for i in range(namespace["N"]):
        stream.seek(0)
        stream.truncate()
        try:
            namespace[f"case_{i}"]()
            out.append(stream.getvalue())
        except Exception as exc:
            out.append(f"RAISED {type(exc).__name__}: {exc}")
    return out

print(json.dumps([run(source) for source in json.loads(sys.stdin.read())]))
'''


@dataclass
class Case:
    kind: str  # the rule the call is written for
    call: str  # the log call as written (eager)
    reference: str = ""  # LL106: the call the fix must behave like
    tuple_operand: bool = False  # LL103 with a single operand that may hold a tuple (documented unsafe)


METHODS = st.sampled_from(["debug", "info", "warning", "error", "critical", "log"])


def call_text(method: str, args: list[str]) -> str:
    if method == "log":
        return f"logger.log(logging.WARNING, {', '.join(args)})"
    return f"logger.{method}({', '.join(args)})"


field_value = st.one_of(st.sampled_from(NAMES), number_literals())


@st.composite
def fstring_case(draw) -> Case:
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        pieces.append(fstring_literal_part(draw(literal_text)))
        value = draw(field_value)
        shape = draw(st.sampled_from(["plain", "conv", "spec", "conv_spec", "debug", "debug_spec", "debug_conv_spec"]))
        conv = draw(st.sampled_from(["!r", "!s", "!a"]))
        spec = draw(format_specs())
        value_text = f"({value})" if value.startswith("-") else value
        pieces.append(
            {
                "plain": "{" + value_text + "}",
                "conv": "{" + value_text + conv + "}",
                "spec": "{" + value_text + ":" + spec + "}",
                "conv_spec": "{" + value_text + conv + ":" + spec + "}",
                "debug": "{" + value_text + "=}",
                "debug_spec": "{" + value_text + "=:" + spec + "}",
                "debug_conv_spec": "{" + value_text + " = " + conv + ":" + spec + "}",
            }[shape]
        )
    pieces.append(fstring_literal_part(draw(literal_text)))
    message = 'f"' + "".join(pieces) + '"'
    if draw(st.booleans()):  # an implicit concatenation with a plain piece holding `%`
        message = message + " " + str_literal(draw(literal_text) + "%")
    return Case("LL101", call_text(draw(METHODS), [message]))


@st.composite
def format_case(draw) -> Case:
    fields = draw(st.lists(st.sampled_from(["{}", "{!r}", "{:SPEC}", "{0}", "{1!s}", "{0:SPEC}", "{name}", "{{", "}}", "{0.real}"]), min_size=1, max_size=4))
    template = draw(literal_text).replace("{", "").replace("}", "")
    for field in fields:
        template += field.replace("SPEC", draw(format_specs()).replace("{", "").replace("}", "")) + draw(literal_text).replace("{", "").replace("}", "")
    positional = max(sum(f.startswith(("{}", "{!", "{:")) for f in fields), 2 if any(f.startswith("{1") for f in fields) else 1)
    args = [draw(field_value) for _ in range(positional + draw(st.integers(0, 1)))]
    if "{name}" in fields:
        args.append(f"name={draw(field_value)}")
    return Case("LL102", call_text(draw(METHODS), [f"{str_literal(template)}.format({', '.join(args)})"]))


@st.composite
def percent_case(draw) -> Case:
    shape = draw(st.sampled_from(["tuple", "single", "mapping"]))
    text = draw(literal_text).replace("%", "%%")
    if shape == "mapping":
        specs = [draw(percent_specs()) for _ in range(draw(st.integers(1, 2)))]
        template = text + "".join("%(k)" + spec[1:] if spec != "%%" else spec for spec in specs)
        operand = "{'k': " + draw(field_value) + "}"
    else:
        count = 1 if shape == "single" else draw(st.integers(0, 3))
        template = text + "".join(draw(percent_specs()) for _ in range(count))
        values = [draw(field_value) for _ in range(count)]
        operand = values[0] if shape == "single" else "(" + "".join(v + ", " for v in values) + ")"
    return Case("LL103", call_text(draw(METHODS), [f"{str_literal(template)} % {operand}"]), tuple_operand=shape == "single")


@st.composite
def concat_case(draw) -> Case:
    operands = draw(
        st.lists(
            st.one_of(
                literal_text.map(str_literal),
                st.sampled_from(NAMES).map(lambda n: f"str({n})"),
                st.sampled_from(NAMES).map(lambda n: f"repr({n})"),
                st.sampled_from(NAMES),
                st.builds(lambda n, spec: 'f"{' + n + ":" + spec + '}"', st.sampled_from(NAMES), format_specs()),
            ),
            min_size=2,
            max_size=4,
        )
    )
    if not any(o.startswith(("'", '"')) for o in operands):
        operands[0] = str_literal(draw(literal_text))
    return Case("LL104", call_text(draw(METHODS), [" + ".join(operands)]))


@st.composite
def brace_case(draw) -> Case:
    count = draw(st.integers(1, 3))
    template = draw(literal_text).replace("{", "").replace("}", "") + "".join("{}" + draw(literal_text).replace("{", "").replace("}", "") for _ in range(count))
    args = [draw(field_value) for _ in range(count)]
    method = draw(METHODS)
    return Case(
        "LL106",
        call_text(method, [str_literal(template)] + args),
        reference=call_text(method, [f"{str_literal(template)}.format({', '.join(args)})"]),
    )


CASES = st.lists(st.one_of(fstring_case(), format_case(), percent_case(), concat_case(), brace_case()), min_size=1, max_size=8)


def module(values: list[str], calls: list[str]) -> str:
    lines = ["import logging", "", 'logger = logging.getLogger("audit")']
    lines += [f"{name} = {value}" for name, value in zip(NAMES, values)]
    lines.append(f"N = {len(calls) + 1}")
    lines += ["", "def case_0():", '    logger.info(f"always fixable {v0!r}")']
    for index, call in enumerate(calls, start=1):
        lines += ["", f"def case_{index}():", f"    {call}"]
    return "\n".join(lines) + "\n"


def case_bodies(source: str) -> list[str]:
    """The text of each `case_N` function, in order."""
    return re.split(r"\ndef case_\d+\(\):\n", source)[1:]


def run_modules(sources: list[str]) -> list[list[str]]:
    proc = subprocess.run([sys.executable, "-c", DRIVER], input=json.dumps(sources), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@AUDIT
@given(st.lists(value_exprs(), min_size=len(NAMES), max_size=len(NAMES)), CASES)
def test_format_fixes_keep_the_log_output(values: list[str], cases: list[Case]) -> None:
    before = module(values, [case.call for case in cases])
    reference = module(values, [case.reference or case.call for case in cases])
    safe = fix(before, CODES, unsafe=False)
    unsafe = fix(before, CODES, unsafe=True)
    assert fix(safe, CODES, unsafe=False) == safe, "a second safe fix changed the module"
    assert fix(unsafe, CODES, unsafe=True) == unsafe, "a second unsafe fix changed the module"
    out_before, out_reference, out_safe, out_unsafe = run_modules([before, reference, safe, unsafe])

    bodies_before = case_bodies(before)
    assert case_bodies(safe)[0] != bodies_before[0], "the always-fixable call was not fixed"
    for mode, fixed, out_fixed in (("safe", safe, out_safe), ("unsafe", unsafe, out_unsafe)):
        for index, (body_before, body_fixed) in enumerate(zip(bodies_before, case_bodies(fixed))):
            if body_fixed == body_before:
                continue
            case = cases[index - 1] if index else Case("LL101", "")
            where = f"{mode} fix of case_{index} ({case.kind}):\n{body_before}->\n{body_fixed}values: {values}"
            if case.kind == "LL106":
                assert out_fixed[index] == out_reference[index], where
                continue
            if mode == "unsafe" and (out_before[index].startswith("RAISED") or case.tuple_operand):
                continue  # documented: an unsafe fix may log where the eager call raised
            assert same_outcome(out_fixed[index], out_before[index]), where


def same_outcome(after: str, before: str) -> bool:
    """Equal output; or the exception the eager call raised is the one the lazy record's formatting
    raised, reported by the handler (a value the format rejects: `'%d' % ('a',)` raises at the call,
    `logger.info('%d', 'a')` makes the handler print a logging error; inherent to lazy formatting)."""
    if after == before:
        return True
    return before.startswith("RAISED ") and after == "LOGGING ERROR " + before[len("RAISED "):] + "\n"


# -- level and API fixes: LL110, LL113, LL114, LL116, LL117 ---------------------------------------------

API_CODES = ("LL110", "LL113", "LL114", "LL116", "LL117")
LEVELS = st.sampled_from(["0", "5", "10", "20", "25", "30", "40", "50", "logging.WARN", "logging.FATAL", "logging.INFO"])


@st.composite
def api_case(draw) -> str:
    receiver = draw(st.sampled_from(["logger", "logging", "logging.getLogger()", "logging.getLogger(__name__)", "logging.getLogger('audit.sub')"]))
    method = draw(st.sampled_from(["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"]))
    args = ([draw(LEVELS)] if method == "log" else []) + [str_literal(draw(literal_text).replace("%", "%%") + " %s"), draw(st.sampled_from(NAMES))]
    in_handler = draw(st.booleans())
    keywords = draw(st.lists(st.sampled_from(["exc_info=True", "exc_info=False", "exc_info=None"] + (["exc_info=e"] if in_handler else [])), max_size=1))
    call = f"{receiver}.{method}({', '.join(args + keywords)})"
    if draw(st.booleans()):
        call = f"{draw(st.sampled_from(['logger', 'logging.getLogger()']))}.setLevel({draw(LEVELS)})\n    {call}"
    if in_handler:
        return f"try:\n        raise ValueError(v0)\n    except ValueError as e:\n        {call.replace(chr(10) + '    ', chr(10) + '        ')}"
    return call


def normalized(outputs: list[str]) -> list[str]:
    return [re.sub(r"line \d+", "line N", out) for out in outputs]


@AUDIT
@given(st.lists(value_exprs(), min_size=len(NAMES), max_size=len(NAMES)), st.lists(api_case(), min_size=1, max_size=6))
def test_level_and_api_fixes_keep_the_log_output(values: list[str], calls: list[str]) -> None:
    """`warn` -> `warning`, `fatal` -> `critical`, `log(40, ...)` -> `log(logging.ERROR, ...)`, redundant
    `exc_info`, a root-logger call or `getLogger()` turned into the module's logger: the records are the
    same (the format leaves out the logger's name, which LL113/LL114 change on purpose)."""
    before = module(values, calls)
    fixed = fix(before, API_CODES, unsafe=True)
    assert fix(fixed, API_CODES, unsafe=True) == fixed, "a second fix changed the module"
    out_before, out_fixed = run_modules([before, fixed])
    assert normalized(out_fixed) == normalized(out_before), f"{before}\n->\n{fixed}"
