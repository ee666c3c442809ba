"""`concise`: one line per finding, `path:line:col: CODE message [*]`."""

from __future__ import annotations

from loglint.output import View, applicable, printable, style
from loglint.findings import Finding


def header(finding: Finding, view: View) -> str:
    color = view.color
    location = style(f"{printable(finding.path)}:{finding.line}:{finding.column}:", color, bold=True)
    code = style(finding.code, color, fg="red", bold=True)
    text = f"{location} {code} {printable(finding.message)}"
    if applicable(finding, view.unsafe_fixes):
        text += " " + style("[*]", color, fg="cyan")
    return text


def render(view: View) -> str:
    return "".join(header(finding, view) + "\n" for finding in view.findings)
