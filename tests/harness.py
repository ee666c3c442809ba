"""Test helpers: run rules on source text and compare what they say, in one line per test.

    assert_reports(src, [(3, "LL101")])
    assert_clean(src, filename="app/management/commands/x.py")
    assert_fixed(before, after, unsafe=True)
"""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent
from typing import Iterable, Optional, Sequence

from loglint.engine import FileResult, check_source
from loglint.fixer import fix_to_fixed_point
from loglint.registry import all_rules, matches
from loglint.rule import Rule

MARKER = re.compile(r"#\s*expect:\s*([A-Z0-9_, ]+?)\s*$")
PATH_HEADER = re.compile(r"^#\s*fixture-path:\s*(\S+)\s*$", re.M)


def default_config():
    """The configuration a project without any loglint config gets."""
    from loglint.config import load_config

    return load_config(Path.cwd(), isolated=True)


def rules_for(codes: Iterable[str]) -> list[type[Rule]]:
    chosen: dict[str, type[Rule]] = {}
    for code in codes:
        for rule in matches(code):
            chosen[rule.code] = rule
    return sorted(chosen.values(), key=lambda r: r.code)


def _with_suppression(codes: Sequence[str]) -> bool:
    """LL002 (unused-suppression) is found after suppressions are applied, outside the engine: a test that
    asks for it by code or name runs the whole per-file pipeline (`runner.lint_source`)."""
    return any(code.upper() == "LL002" or code.lower() == "unused-suppression" for code in codes)


def run(src: str | bytes, codes: Sequence[str] = ("ALL",), filename: str = "app/module.py", config=None) -> FileResult:
    data = src if isinstance(src, bytes) else dedent(src).encode()
    if _with_suppression(codes):
        from loglint.runner import lint_source

        linted = lint_source(filename, data, rules_for(codes), config or default_config())
        return FileResult(filename, findings=linted.findings, errors=linted.errors, lint_only=linted.lint_only)
    return check_source(filename, data, rules_for(codes), config or default_config())


def reported(src: str | bytes, codes: Sequence[str] = ("ALL",), filename: str = "app/module.py", config=None) -> list[tuple[int, str]]:
    result = run(src, codes, filename, config)
    assert not result.errors, result.errors
    return sorted((f.line, f.code) for f in result.findings)


def assert_reports(src: str | bytes, expected: Sequence[tuple[int, str]], codes: Optional[Sequence[str]] = None, filename: str = "app/module.py") -> None:
    codes = codes or sorted({code for _, code in expected}) or ("ALL",)
    assert reported(src, codes, filename) == sorted(expected)


def assert_clean(src: str | bytes, codes: Sequence[str] = ("ALL",), filename: str = "app/module.py") -> None:
    assert reported(src, codes, filename) == []


def fix(src: str | bytes, codes: Sequence[str] = ("ALL",), unsafe: bool = True, filename: str = "app/module.py", config=None) -> str:
    data = src if isinstance(src, bytes) else dedent(src).encode()
    rules = rules_for(codes)
    config = config or default_config()
    if _with_suppression(codes):
        from loglint.runner import lint_source

        linted = lint_source(filename, data, rules, config, fix=True, unsafe=unsafe)
        assert not linted.errors, linted.errors
        return linted.data.decode()
    rule_errors: list[tuple[str, str]] = []

    def check(current: bytes):
        result = check_source(filename, current, rules, config)
        rule_errors.extend(result.errors)
        return result

    outcome, _ = fix_to_fixed_point(data, filename, check, unsafe)
    assert not outcome.errors, outcome.errors
    assert not rule_errors, f"a rule failed during a fix pass: {rule_errors}"
    return outcome.data.decode()


def assert_fixed(before: str, after: str, codes: Sequence[str] = ("ALL",), unsafe: bool = True, filename: str = "app/module.py") -> None:
    assert fix(before, codes, unsafe, filename) == dedent(after)


def expected_markers(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            for code in match.group(1).split(","):
                if code.strip():
                    found.append((number, code.strip()))
    return sorted(found)


def fixture_path(text: str, default: str) -> str:
    match = PATH_HEADER.search("\n".join(text.splitlines()[:3]))
    return match.group(1) if match else default


def known_codes() -> set[str]:
    return {rule.code for rule in all_rules()}
