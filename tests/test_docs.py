"""Rule docs are generated from docstrings: they must be complete, current, and their examples true."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import default_config, rules_for, run
from loglint.docs import code_blocks, example_filename, generated_files
from loglint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = [r for r in all_rules() if r.code != "LL001"]
REQUIRED = ("What it does", "Why is this bad?", "Example", "Use instead")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_docstring_has_the_required_sections(rule):
    sections = rule.doc_sections()
    assert [title for title in REQUIRED if title not in sections] == []


def run_example(rule, block: str, tmp_path: Path):
    """An example runs alone, or in a project of the rule's `example_project` files (a rule that reads
    other project files, such as templates)."""
    files = getattr(rule, "example_project", None)
    if not files:
        return run(block, [rule.code], filename=example_filename(block))
    from loglint.engine import check_source
    from loglint.project import ProjectIndex

    root = tmp_path / "example"
    for name, text in {**files, example_filename(block): block}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    path = root / example_filename(block)
    return check_source(str(path), block.encode(), rules_for([rule.code]), default_config(), ProjectIndex(root))


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_example_triggers_the_rule(rule, tmp_path):
    blocks = code_blocks(rule.doc_sections().get("Example", ""))
    assert blocks, "the Example section has no python code block"
    for block in blocks:
        result = run_example(rule, block, tmp_path)
        assert rule.code in {f.code for f in result.findings}, block


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_use_instead_is_clean(rule, tmp_path):
    for block in code_blocks(rule.doc_sections().get("Use instead", "")):
        result = run_example(rule, block, tmp_path)
        assert [f for f in result.findings if f.code == rule.code] == [], block


def test_generated_docs_are_current():
    stale = [
        str(path.relative_to(ROOT))
        for path, content in generated_files(ROOT).items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run `python -m loglint.docs` to regenerate"
