"""Rule docs are generated from docstrings: they must be complete, current, and their examples true."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import run
from loglint.docs import code_blocks, example_filename, generated_files
from loglint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = [r for r in all_rules() if r.code != "LL001"]
REQUIRED = ("What it does", "Why is this bad?", "Example", "Use instead")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_docstring_has_the_required_sections(rule):
    sections = rule.doc_sections()
    assert [title for title in REQUIRED if title not in sections] == []


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_example_triggers_the_rule(rule):
    blocks = code_blocks(rule.doc_sections().get("Example", ""))
    assert blocks, "the Example section has no python code block"
    for block in blocks:
        result = run(block, [rule.code], filename=example_filename(block))
        assert rule.code in {f.code for f in result.findings}, block


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_use_instead_is_clean(rule):
    for block in code_blocks(rule.doc_sections().get("Use instead", "")):
        result = run(block, [rule.code], filename=example_filename(block))
        assert [f for f in result.findings if f.code == rule.code] == [], block


def test_generated_docs_are_current():
    stale = [
        str(path.relative_to(ROOT))
        for path, content in generated_files(ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run `python -m loglint.docs` to regenerate"
