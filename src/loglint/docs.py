"""Rule documentation, generated from the rule classes' docstrings.

`python -m loglint.docs` rewrites `docs/rules/<CODE>.md`, `docs/rules/README.md` and the rule table in
README.md (between the `rules-table` markers); a test fails when the checked-in files drift.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path
from typing import Iterator, Optional

from loglint.registry import DOCS_URL, all_rules  # noqa: F401 - DOCS_URL is read from here too
from loglint.rule import FixAvailability, Rule

SECTION_ORDER = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Options",
    "Known limitations",
)
TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"
_CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def rule_url(rule: type[Rule]) -> str:
    return DOCS_URL.format(code=rule.code, name=rule.name)


def fix_label(rule: type[Rule]) -> str:
    return {
        FixAvailability.NONE: "—",
        FixAvailability.SAFE: "safe",
        FixAvailability.UNSAFE: "unsafe",
        FixAvailability.SOMETIMES_SAFE: "safe/unsafe",
    }[rule.fix_availability]


def code_blocks(text: str) -> list[str]:
    return [textwrap.dedent(block) for block in _CODE_BLOCK.findall(text)]


def example_filename(block: str, default: str = "app/example.py") -> str:
    """An example may name the file it lives in with a first line `# file: path/to/x.py`."""
    first = block.lstrip().splitlines()[0] if block.strip() else ""
    match = re.match(r"#\s*file:\s*(\S+)", first)
    return match.group(1) if match else default


def render_markdown(rule: type[Rule]) -> str:
    sections = rule.doc_sections()
    head = [
        f"# {rule.code} {rule.name}",
        "",
        f"{'Default: on' if rule.default else 'Opt-in: enable with `--select ' + rule.code + '`'} · "
        f"kind: {rule.kind.value} · fix: {fix_label(rule)}",
        "",
        f"Message: `{rule.message}`",
        "",
    ]
    body: list[str] = []
    for title in _ordered(sections):
        body += [f"## {title}", "", sections[title].strip(), ""]
    return "\n".join(head + body).rstrip() + "\n"


def render_terminal(rule: type[Rule], color: bool = False) -> str:
    """For `loglint rule CODE`: headings as plain titles, code blocks indented."""
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    lines = [bold(f"{rule.code} {rule.name}"), ""]
    lines.append(
        f"{'default: on' if rule.default else 'opt-in'} · kind: {rule.kind.value} · fix: {fix_label(rule)}"
    )
    lines.append("")
    sections = rule.doc_sections()
    for title in _ordered(sections):
        lines.append(bold(title))
        in_code = False
        for raw in sections[title].strip().splitlines():
            if raw.strip().startswith("```"):
                in_code = not in_code
                continue
            lines.append(("    " + raw) if in_code else raw)
        lines.append("")
    lines.append(f"Docs: {rule_url(rule)}")
    return "\n".join(lines) + "\n"


def _ordered(sections: dict[str, str]) -> Iterator[str]:
    for title in SECTION_ORDER:
        if title in sections:
            yield title
    for title in sections:
        if title not in SECTION_ORDER:
            yield title


def rules_table() -> str:
    rows = ["| code | name | default | kind | fix |", "|---|---|---|---|---|"]
    for rule in all_rules():
        rows.append(
            f"| [{rule.code}](docs/rules/{rule.code}.md) | {rule.name} | {'on' if rule.default else 'opt-in'} "
            f"| {rule.kind.value} | {fix_label(rule)} |"
        )
    return "\n".join(rows) + "\n"


RULE_TABLE_HEADER = '''"""Every rule's metadata as plain data: (code, name, default, kind, fix, candidates), one row a rule.

Generated from the rule classes by `python -m loglint.docs .` (do not edit; `tests/test_docs.py` fails
when it drifts). `registry` resolves selections and the cache keys its entries from it, so that a warm
run imports no rule and no LibCST.
"""

RULES = (
'''


def rule_table_source() -> str:
    """The text of `src/loglint/rule_table.py`."""
    from loglint.registry import info_of

    rows = []
    for rule in all_rules():
        info = info_of(rule)
        candidates = None if info.candidates is None else f"frozenset({sorted(info.candidates)!r})" if info.candidates else "frozenset()"
        rows.append(f"    ({info.code!r}, {info.name!r}, {info.default!r}, {info.kind!r}, {info.fix!r}, {candidates}),\n")
    return RULE_TABLE_HEADER + "".join(rows) + ")\n"


def generated_files(root: Path) -> dict[Path, str]:
    """Every generated file and its expected content."""
    files: dict[Path, str] = {}
    if (root / "src" / "loglint" / "registry.py").is_file():
        files[root / "src" / "loglint" / "rule_table.py"] = rule_table_source()
    for rule in all_rules():
        files[root / "docs" / "rules" / f"{rule.code}.md"] = render_markdown(rule)
    index = ["# Rules", "", rules_table().replace("docs/rules/", "")]
    files[root / "docs" / "rules" / "README.md"] = "\n".join(index)
    readme = root / "README.md"
    if readme.exists():
        files[readme] = replace_table(readme.read_text(encoding="utf-8"))
    return files


def replace_table(readme: str) -> str:
    start = readme.find(TABLE_START)
    end = readme.find(TABLE_END)
    if start < 0 or end < start:
        return readme
    return readme[: start + len(TABLE_START)] + "\n" + rules_table() + readme[end:]


def write(root: Path) -> list[Path]:
    changed: list[Path] = []
    for path, content in generated_files(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    stale = {p for p in (root / "docs" / "rules").glob("LL*.md")} - set(generated_files(root))
    for path in stale:
        path.unlink()
        changed.append(path)
    return changed


def main(argv: Optional[list[str]] = None) -> int:
    root = Path(argv[0] if argv else ".").resolve()
    for path in write(root):
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
