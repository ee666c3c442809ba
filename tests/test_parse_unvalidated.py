"""`parsing.parse_unvalidated`: LibCST's parse without the per-node field checks, which the parser's own
nodes always pass. The trees are the ones `libcst.parse_module` builds, and the checks are back on for the
nodes built afterwards (a fix's), including after a parse that failed."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from loglint.parsing import parse_unvalidated

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "src" / "loglint").rglob("*.py"))


def test_the_trees_are_libcst_s_on_fixtures_and_sources() -> None:
    compared = 0
    for path in SOURCES:
        data = path.read_bytes()
        try:
            expected = cst.parse_module(data)
        except cst.ParserSyntaxError:
            with pytest.raises(cst.ParserSyntaxError):
                parse_unvalidated(data)
            continue
        found = parse_unvalidated(data)
        assert found.deep_equals(expected), path
        assert found.bytes == data, path
        compared += 1
    assert compared > 300


@pytest.mark.parametrize("data", [b"x = 1\n", b"def f(:\n"])
def test_nodes_built_after_a_parse_are_checked_again(data: bytes) -> None:
    try:
        parse_unvalidated(data)
    except cst.ParserSyntaxError:
        pass
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")
    with pytest.raises(cst.CSTValidationError):
        cst.Assign(targets=[], value=cst.Integer("1"))


def test_the_checks_are_off_while_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails when LibCST moves `CSTNode.__post_init__`: the parse then validates again (slower, not wrong)."""
    from libcst._nodes import base

    checked = base.CSTNode.__post_init__
    during = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda data: during.append(base.CSTNode.__post_init__) or real(data))
    parse_unvalidated(b"x = 1\n")
    assert during and during[0] is not checked
    assert base.CSTNode.__post_init__ is checked
