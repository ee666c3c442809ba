"""The fixture harness: every `fixtures/**/LL*.py` is a specification.

- `# expect: LL101` markers are compared with the findings both ways (missing and extra both fail), for
  the codes the file is about (its own code and any code a marker names);
- `LL101.fixed.py` beside a fixture is the expected result of `--fix --unsafe-fixes` for those codes; the
  fixed text must parse and compile, a second fix must change nothing, and re-linting it must leave no
  fixable finding of those codes;
- a rule's declared fix availability must be honest, and a rule that declares fixes has a `.fixed.py`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from harness import expected_markers, fix, fixture_path, known_codes, run
from loglint.registry import all_rules, rule_by_code
from loglint.rule import Applicability, FixAvailability

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p for p in FIXTURES.rglob("LL*.py") if not p.name.endswith(".fixed.py") and "projects" not in p.parts)


def _codes(path: Path, text: str) -> list[str]:
    own = path.name[:5]
    return sorted({own} | {code for _, code in expected_markers(text)})


def _run_in_project(path: Path, text: str, codes: list[str]):
    """A fixture with a `# fixture-project: projects/x` header is checked as the module `fixture-path` of
    that fixture project (rules that read other project files, such as LL708's templates)."""
    match = re.search(r"#\s*fixture-project:\s*(\S+)", "\n".join(text.splitlines()[:3]))
    if match is None:
        return None
    from harness import default_config, rules_for
    from loglint.engine import check_source
    from loglint.project import ProjectIndex

    root = FIXTURES / match.group(1)
    target = root / fixture_path(text, f"app/{path.stem}.py")
    return check_source(str(target), path.read_bytes(), rules_for(codes), default_config(), ProjectIndex(root))


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_fixture_markers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    codes = _codes(path, text)
    assert set(codes) <= known_codes(), f"unknown code in {path.name}"
    result = _run_in_project(path, text, codes) or run(path.read_bytes(), codes, filename=fixture_path(text, f"app/{path.stem}.py"))
    assert not result.errors, result.errors
    got = sorted((f.line, f.code) for f in result.findings)
    assert got == expected_markers(text)


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_fixture_fix(path: Path) -> None:
    golden = path.with_name(path.stem + ".fixed.py")
    text = path.read_text(encoding="utf-8")
    codes = _codes(path, text)
    filename = fixture_path(text, f"app/{path.stem}.py")
    rule = rule_by_code(path.name[:5])
    if not golden.exists():
        assert rule is None or rule.fix_availability is FixAvailability.NONE or "_" in path.stem, (
            f"{path.name[:5]} declares fixes but has no {golden.name}"
        )
        return
    fixed = fix(path.read_bytes(), codes, unsafe=True, filename=filename)
    assert fixed == golden.read_text(encoding="utf-8")
    ast.parse(fixed)
    assert fix(fixed.encode(), codes, unsafe=True, filename=filename) == fixed, "a second --fix changed the file"
    again = run(fixed.encode(), codes, filename=filename)
    assert [f for f in again.findings if f.fix is not None] == [], "fixable findings remain after --fix"


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_fix_availability_is_honest(path: Path) -> None:
    rule = rule_by_code(path.name[:5])
    if rule is None:
        return
    text = path.read_text(encoding="utf-8")
    result = run(path.read_bytes(), [rule.code], filename=fixture_path(text, f"app/{path.stem}.py"))
    fixes = [f.fix for f in result.findings if f.fix is not None]
    if rule.fix_availability is FixAvailability.NONE:
        assert fixes == []
    elif rule.fix_availability is FixAvailability.SAFE:
        assert all(f.applicability is Applicability.SAFE for f in fixes)
    elif rule.fix_availability is FixAvailability.UNSAFE:
        assert all(f.applicability is Applicability.UNSAFE for f in fixes)


def test_every_rule_has_a_fixture() -> None:
    have = {p.name[:5] for p in CASES}
    missing = [r.code for r in all_rules() if r.code not in have and r.code != "LL001"]
    assert missing == []
