"""Output formats: one module per format, each a `render(view) -> str` over the same `View`.

Text formats (`full`, `concise`) are for people: colours when the stream is a terminal, the summary on
stderr. Machine formats (`json`, `json-lines`, `sarif`, `github`, `gitlab`, `junit`) are exact, sorted and free of timestamps, so two
runs over the same tree give the same bytes; no summary or progress accompanies them.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from typing import IO, Callable, Optional, Sequence

from loglint.findings import Applicability, Finding

FORMATS: tuple[str, ...] = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")
MACHINE: frozenset[str] = frozenset({"json", "json-lines", "sarif", "github", "gitlab", "junit"})


# Formats whose identities hash the flagged statement (see `loglint.fingerprint`).
FINGERPRINTED: frozenset[str] = frozenset({"sarif", "gitlab"})


def report_path(path: str) -> str:
    """A finding's path as CI reports name it: relative to the current directory (the checkout in CI),
    with forward slashes; `-` (stdin) as it is."""
    if path == "-":
        return path
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return path.replace(os.sep, "/")


def rule_url(code: str) -> Optional[str]:
    """The rule's documentation page (the URL scheme lives in `loglint.docs`)."""
    from loglint.registry import DOCS_URL, info_by_code

    info = info_by_code(code)  # from the rule table: a warm run imports no rule
    return DOCS_URL.format(code=info.code, name=info.name) if info is not None else None


@dataclass
class View:
    """Everything a format needs: the remaining findings (sorted), the source lines they point at, and
    the fix flags of the run (to say which fixes are applicable now)."""

    findings: list[Finding]
    lines: dict[str, dict[int, str]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    color: bool = False


def applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Would `--fix` (with the current `--unsafe-fixes`) apply this finding's fix?"""
    fix = finding.fix
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe_fixes)


def hidden_unsafe(finding: Finding, unsafe_fixes: bool) -> bool:
    fix = finding.fix
    return fix is not None and fix.applicability is Applicability.UNSAFE and not unsafe_fixes


def renderer(name: str) -> Callable[[View], str]:
    if name == "full":
        from loglint.output.full import render
    elif name == "concise":
        from loglint.output.concise import render
    elif name == "json":
        from loglint.output.json import render
    elif name == "json-lines":
        from loglint.output.json import render_lines as render
    elif name == "github":
        from loglint.output.github import render
    elif name == "sarif":
        from loglint.output.sarif import render
    elif name == "gitlab":
        from loglint.output.gitlab import render
    elif name == "junit":
        from loglint.output.junit import render
    else:
        raise ValueError(f"output format {name!r} is not available")
    return render


def render(name: str, view: View) -> str:
    return renderer(name)(view)


# -- colours -------------------------------------------------------------------------------------


def use_color(choice: str, stream: IO) -> bool:
    """`always`/`never` decide; otherwise `NO_COLOR` disables, `FORCE_COLOR` enables, and a terminal
    gets colours (ruff's and pylint's order)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False


def style(text: str, color: bool, **styles) -> str:
    if not color:
        return text
    import click

    return click.style(text, **styles)


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (escape sequences, NUL, form feed, CR) are
    shown as spaces so a hostile or binary file cannot drive the terminal. Tabs are kept."""
    if text.isprintable():
        return text
    return "".join(c if c == "\t" or unicodedata.category(c) != "Cc" else " " for c in text)


# -- summary and statistics ----------------------------------------------------------------------


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(
    findings: Sequence[Finding],
    *,
    fixed: int,
    fix_mode: bool,
    unsafe_fixes: bool,
) -> list[str]:
    """ruff's wording: `Found 12 problems in 7 files (5 fixable with --fix).`, with `--fix`
    `Found 3 problems (2 fixed, 1 remaining).`, and a hint about unsafe fixes."""
    remaining = len(findings)
    files = len({f.path for f in findings})
    lines: list[str] = []
    if fix_mode and fixed:
        lines.append(f"Found {plural(fixed + remaining, 'problem')} ({fixed} fixed, {remaining} remaining).")
    elif remaining == 0:
        lines.append("All checks passed!")
    else:
        fixable = sum(applicable(f, unsafe_fixes) for f in findings)
        text = f"Found {plural(remaining, 'problem')} in {plural(files, 'file')}"
        if fixable and not fix_mode:
            text += f" ({fixable} fixable with --fix)"
        lines.append(text + ".")
    hidden = sum(hidden_unsafe(f, unsafe_fixes) for f in findings)
    if hidden:
        lines.append(
            f"({hidden} hidden fix{'' if hidden == 1 else 'es'} can be enabled with --unsafe-fixes)"
        )
    return lines


@dataclass
class Stat:
    code: str
    name: str
    count: int
    fixable_count: int


def statistics(findings: Sequence[Finding], unsafe_fixes: bool) -> list[Stat]:
    stats: dict[str, Stat] = {}
    for finding in findings:
        stat = stats.setdefault(finding.code, Stat(finding.code, finding.name, 0, 0))
        stat.count += 1
        stat.fixable_count += applicable(finding, unsafe_fixes)
    return sorted(stats.values(), key=lambda s: (-s.count, s.code))


def render_statistics(findings: Sequence[Finding], unsafe_fixes: bool, fmt: str) -> str:
    """`--statistics`: a count per code, like ruff (`  3  LL101  [*] log-fstring`); JSON for machine
    formats."""
    stats = statistics(findings, unsafe_fixes)
    if fmt in MACHINE:
        import json

        rows = [
            {"code": s.code, "name": s.name, "count": s.count, "fixable": s.fixable_count > 0, "fixable_count": s.fixable_count}
            for s in stats
        ]
        return json.dumps(rows, indent=2) + "\n"
    if not stats:
        return ""
    count_width = max(len(str(s.count)) for s in stats)
    code_width = max(len(s.code) for s in stats)
    any_fixable = any(s.fixable_count for s in stats)
    out = []
    for s in stats:
        marker = ("[*] " if s.fixable_count else "[ ] ") if any_fixable else ""
        out.append(f"{s.count:>{count_width}}\t{s.code:<{code_width}}\t{marker}{s.name}\n")
    return "".join(out)


def fixed_summary(fixed: dict[str, dict[str, int]], names: dict[str, str]) -> str:
    """`--show-fixes`: what was fixed, per file (ruff's layout)."""
    total = sum(sum(per.values()) for per in fixed.values())
    if not total:
        return ""
    out = [f"Fixed {plural(total, 'problem')}:\n"]
    for path in sorted(fixed):
        per = fixed[path]
        if not per:
            continue
        out.append(f"- {path}:\n")
        for code in sorted(per):
            name = names.get(code, "")
            out.append(f"    {per[code]} × {code}{f' ({name})' if name else ''}\n")
    return "".join(out)


def source_line(view: View, finding: Finding) -> Optional[str]:
    return view.lines.get(finding.path, {}).get(finding.line)
