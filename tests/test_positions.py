"""Positions computed per top-level statement (`engine._statement_positions`) equal those of the whole
module's code generation, for every node of the statements generated."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from loglint import engine, prefilter

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "src" / "loglint").rglob("*.py"))

EDGE_CASES = [
    b"\xef\xbb\xbf# header\n\nimport os\n\n\n@decorator\n# between\n@other(\n    1,\n)\ndef f():\n    pass\n",
    b"a = 1; b = 2\r\nif a:\r\n    b = 3\r\n\r\n\r\n# trailing comment\r\nclass C(object):\r\n    x = 1\r\n",
    b"\x0c\nx = 1\n\x0c\ndef g(\n    a,\n    b,\n):\n    return a \\\n        + b\n",
    b'"""doc"""\nx = (\n    1,\n)\nfor i in x: print(i)\nwhile False: pass\ntry:\n    pass\nexcept Exception:\n    pass\n',
    b"x = 1\r# cr only\ry = 2\r",
]


def _all_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


def _check(data: bytes, blank: list[tuple[int, int, int]] = ()) -> int:
    text = prefilter.blanked(data, list(blank)) if blank else data
    module = cst.parse_module(text)
    full = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    tree = ast.parse(data)
    tops = list(module.body)
    nodes = [node for top in tops for node in _all_nodes(top)]
    context = SimpleNamespace(
        reports=[SimpleNamespace(node=node) for node in nodes],
        report_tops=[top for top in tops for _ in _all_nodes(top)],
    )
    partial = engine._statement_positions(module, context, lambda: engine.top_level_first_lines(tree, text))
    if not tops:
        return 0
    assert partial is not None
    for node in nodes:
        assert partial[node] == full[node], (node, partial[node], full[node])
    return len(nodes)


@pytest.mark.parametrize("data", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_statement_positions_equal_the_module_s_on_edge_cases(data: bytes) -> None:
    assert _check(data) > 0


def test_statement_positions_equal_the_module_s_on_fixtures_and_sources() -> None:
    checked = 0
    for path in SOURCES:
        data = path.read_bytes()
        try:
            ast.parse(data)
        except SyntaxError:
            continue
        checked += _check(data)
    assert checked > 100_000


def test_statement_positions_after_the_gate_blanked_statements() -> None:
    # the gate's blanked text (statements emptied, methods replaced by `pass`) against CPython's tree of
    # the original lines
    needed = {prefilter.LOG, prefilter.PRINT, prefilter.BROAD_EXCEPT}
    checked = 0
    for path in SOURCES:
        data = path.read_bytes()
        try:
            tree = ast.parse(data)
        except SyntaxError:
            continue
        plan = prefilter.plan(tree, data, needed)
        if not plan.skip and plan.blank:
            checked += _check(data, plan.blank)
    assert checked > 10_000


def test_a_report_outside_the_statements_falls_back() -> None:
    module = cst.parse_module(b"x = 1\n")
    context = SimpleNamespace(reports=[SimpleNamespace(node=module)], report_tops=[None])
    assert engine._statement_positions(module, context, lambda: [1]) is None
    # lines that do not match the module's statements
    context = SimpleNamespace(reports=[SimpleNamespace(node=module.body[0])], report_tops=[module.body[0]])
    assert engine._statement_positions(module, context, lambda: [1, 2]) is None
