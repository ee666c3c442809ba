"""Fuzzing the whole per-file pipeline (issue 10): generated programs through every rule and every fix.

Two sources of programs: hypothesmith (valid Python from CPython's grammar: odd syntax, rarely a log
call) and `strategies.logging_programs` (logging-shaped modules: log calls of every message shape,
prints, handlers, LOGGING dicts). For each program, `runner.lint_source` with all rules (opt-in ones too,
suppressions and LL002 included), then with `--fix --unsafe-fixes`:

- no exception escapes and no internal error is reported (a rule that raises, a fix that fails to apply
  or to validate, fixes that do not converge);
- the candidate gate (`prefilter.py`, "file" and "statements") gives the same findings as no gate;
- the fixed text parses with LibCST and round-trips, and compiles when the original compiled (to an AST,
  and fully when the original compiled fully);
- fixing the fixed text again changes nothing.

The fast suite runs a few examples per strategy (derandomized, so CI is repeatable); for a long run:

    LOGLINT_FUZZ_EXAMPLES=5000 PYTHONPATH=src python -m pytest tests/test_fuzz.py tests/test_fix_audit.py -x
"""

from __future__ import annotations

import ast
import os
import tempfile
import warnings
from pathlib import Path

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness import default_config
from loglint.parsing import run_deep
from loglint.registry import all_rules
from loglint.runner import lint_source
from strategies import logging_programs, projects

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles `1()` and the like
LONG = int(os.environ.get("LOGLINT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=LONG or 12,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

run_deep(lambda: None)  # raise the recursion limit before Hypothesis records it (else it warns)
RULES = tuple(all_rules())
CONFIG = default_config()


def compiles(data: bytes, flags: int = 0) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for `1()` and the like
        try:
            compile(data, "fuzz.py", "exec", flags, dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
    return True


def _keys(findings) -> list[tuple]:
    return sorted((f.code, f.line, f.column, f.end_line, f.end_column, f.message) for f in findings)


def check_pipeline(data: bytes, filename: str = "app/module.py") -> bytes:
    linted = lint_source(filename, data, RULES, CONFIG)
    assert not linted.errors, linted.errors
    assert linted.data == data
    for gate in ("file", "statements"):  # the candidate gate only skips work: the same findings
        gated = lint_source(filename, data, RULES, CONFIG, gate=gate)
        assert not gated.errors, (gate, gated.errors)
        assert _keys(gated.findings) == _keys(linted.findings), gate
    fixed = lint_source(filename, data, RULES, CONFIG, fix=True, unsafe=True)
    assert not fixed.errors, fixed.errors
    if fixed.data != data:
        assert linted.lint_only is None, "a lint-only file was changed"
        module = run_deep(lambda: cst.parse_module(fixed.data))
        assert module.bytes == fixed.data
        if compiles(data, ast.PyCF_ONLY_AST):
            assert compiles(fixed.data, ast.PyCF_ONLY_AST), fixed.data.decode(errors="replace")
        if compiles(data):
            assert compiles(fixed.data), fixed.data.decode(errors="replace")
        again = lint_source(filename, fixed.data, RULES, CONFIG, fix=True, unsafe=True)
        assert not again.errors, again.errors
        assert again.data == fixed.data, "a second --fix changed the file again"
    return fixed.data


@FUZZ
@given(hypothesmith.from_grammar())
def test_grammar_programs(source: str) -> None:
    check_pipeline(source.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=LONG or 5)  # LibCST's own generator is slow to draw from
@given(hypothesmith.from_node())
def test_libcst_node_programs(source: str) -> None:
    check_pipeline(source.encode("utf-8", "surrogatepass"))


@FUZZ
@given(logging_programs())
def test_logging_shaped_programs(program: tuple[str, str]) -> None:
    filename, source = program
    check_pipeline(source.encode(), filename)


@FUZZ
@given(hypothesmith.from_grammar(), logging_programs())
def test_grammar_programs_followed_by_logging_code(prefix: str, program: tuple[str, str]) -> None:
    """hypothesmith's odd bindings (star imports, globals, walrus, class scopes, `del`) before the log
    calls, so name resolution meets them."""
    filename, source = program
    check_pipeline((prefix.rstrip("\\") + "\n" + source).encode("utf-8", "surrogatepass"), filename)


@FUZZ
@given(logging_programs(), st.sampled_from(["\r\n", "\r", "\n"]), st.booleans(), st.sampled_from(["", "  # noqa: LL101", "  # loglint: ignore[LL201]", "  # noqa"]))
def test_logging_shaped_programs_with_odd_layout(program: tuple[str, str], newline: str, bom: bool, comment: str) -> None:
    """The same programs with CRLF/CR newlines, a BOM, and suppression comments on every line."""
    filename, source = program
    lines = [line + comment if line.strip() and not line.rstrip().endswith(":") else line for line in source.splitlines()]
    data = (newline.join(lines) + newline).encode()
    if bom:
        data = b"\xef\xbb\xbf" + data
    check_pipeline(data, filename)


@settings(FUZZ, max_examples=LONG or 4)
@given(projects())
def test_projects(files: dict[str, str]) -> None:
    """Whole runs over a small generated project (imported loggers, cycles, star imports, settings), as
    the command line does them: no internal error; after --fix every file that compiled still compiles,
    and a second --fix changes nothing."""
    from loglint.config import load_config
    from loglint.runner import RunSettings, run_files

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        paths = sorted(str(root / name) for name in files)
        config = load_config(root, isolated=True)
        reports = run_files(paths, RunSettings(config=config))
        assert [r.errors for r in reports if r.errors] == []
        before = {p: Path(p).read_bytes() for p in paths}
        reports = run_files(paths, RunSettings(config=config, fix=True, unsafe_fixes=True))
        assert [r.errors for r in reports if r.errors] == []
        after = {p: Path(p).read_bytes() for p in paths}
        for path in paths:
            if compiles(before[path]):
                assert compiles(after[path]), after[path].decode()
        run_files(paths, RunSettings(config=config, fix=True, unsafe_fixes=True))
        assert {p: Path(p).read_bytes() for p in paths} == after, "a second --fix changed files"


def test_the_generator_reaches_every_rule_family() -> None:
    """Guard against a generator that silently stops producing what the rules look at."""
    found: set[str] = set()

    @settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(logging_programs())
    def collect(program: tuple[str, str]) -> None:
        filename, source = program
        found.update(f.code for f in lint_source(filename, source.encode(), RULES, CONFIG).findings)

    collect()
    assert {"LL1", "LL2", "LL3", "LL4"} <= {code[:3] for code in found}, sorted(found)
    assert len(found) >= 10, sorted(found)


@pytest.mark.parametrize(
    "source",
    [
        # Found by this fuzzer or kept from research/reliability.md's LibCST findings.
        "x = 1\n  # a\n  # b\n",
        "nonlocal x\n",
        "import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f'{x}')\n\x0c\n",
        "try:\n    pass\nexcept ValueError, e:\n    pass\n",
        # A fix is offered only once LL002 has removed the unused `noqa` comment inside the call: one
        # --fix must do both (it stopped after the comment, and a second --fix fixed the call).
        'import logging\nlogger = logging.getLogger(__name__)\nlogger.debug((  # noqa: LL101\n  "" % ()  # noqa: LL101\n))\n',
    ],
)
def test_known_edge_programs(source: str) -> None:
    check_pipeline(source.encode())
