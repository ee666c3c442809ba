"""`full` (the default): each finding's header line, the source line with carets under the flagged span,
and the fix's title:

    app/views.py:7:5: LL101 f-string in a log call is formatted even when the level is disabled [*]
      |
    7 |     logger.info(f"user {user_id} logged in")
      |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^
      = help: Use lazy %-style arguments
"""

from __future__ import annotations

from loglint.output import View, hidden_unsafe, printable, source_line, style
from loglint.output.concise import header
from loglint.findings import Finding

# Lines longer than this (minified or generated code) are shown as a window around the column.
_MAX_SHOWN = 160


def render(view: View) -> str:
    return "".join(_one(finding, view) + "\n" for finding in view.findings)


def _one(finding: Finding, view: View) -> str:
    color = view.color
    out = [header(finding, view)]
    text = source_line(view, finding)
    if text is not None:
        number = str(finding.line)
        gutter = " " * len(number)
        shown, start, width = _window(printable(text), finding)
        pad = "".join(c if c == "\t" else " " for c in shown[:start])
        bar = style("|", color, fg="blue", bold=True)
        out.append(f"{gutter} {bar}")
        out.append(f"{style(number, color, fg='blue', bold=True)} {bar} {shown}".rstrip())
        out.append(f"{gutter} {bar} {pad}{style('^' * width, color, fg='red', bold=True)}")
        if finding.fix is not None:
            help_text = finding.fix.title
            if hidden_unsafe(finding, view.unsafe_fixes):
                help_text += " (unsafe fix: --unsafe-fixes)"
            out.append(f"{gutter} = {style('help', color, fg='cyan', bold=True)}: {printable(help_text)}")
    elif finding.fix is not None:
        out.append(f"  = {style('help', color, fg='cyan', bold=True)}: {printable(finding.fix.title)}")
    return "\n".join(out) + "\n"


def _window(text: str, finding: Finding) -> tuple[str, int, int]:
    """(shown text, caret start, caret width) with long lines cut around the flagged column."""
    start = max(finding.column - 1, 0)
    if finding.end_line == finding.line and finding.end_column > finding.column:
        end = finding.end_column - 1
    else:
        end = len(text.rstrip())
    start = min(start, len(text))
    end = max(min(end, len(text)), start + 1)
    if len(text) > _MAX_SHOWN:
        left = max(0, start - 40)
        right = min(len(text), left + _MAX_SHOWN)
        prefix = "…" if left else ""
        suffix = "…" if right < len(text) else ""
        shown = prefix + text[left:right] + suffix
        caret_start = start - left + len(prefix)
        caret_end = min(end - left, right - left) + len(prefix)
        return shown, caret_start, max(caret_end - caret_start, 1)
    return text, start, max(end - start, 1)
