"""`json` and `json-lines`: ruff's JSON fields, so tools that read `ruff --output-format json` read ours.

    {"cell": null, "code": "LL101", "end_location": {"column": 40, "row": 7}, "filename": "/abs/app/x.py",
     "fix": {"applicability": "safe", "edits": [{"content": "...", "end_location": {...}, "location": {...}}],
             "message": "Use lazy %-style arguments"},
     "location": {"column": 5, "row": 7}, "message": "...", "name": "log-fstring", "noqa_row": 7,
     "severity": "warning", "url": "https://.../LL101.md"}

`filename` is absolute (as ruff writes it); `fix` is null without a fix and carries its applicability
whether or not `--unsafe-fixes` was given; `noqa_row` is null for LL001, which cannot be suppressed. Keys are
sorted and findings are in (file, line, column, code) order.
"""

from __future__ import annotations

import json
import os
from typing import Any

from loglint.output import View, rule_url
from loglint.findings import Finding
from loglint.suppression import UNSUPPRESSIBLE


def finding_dict(finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.title,
            "edits": [
                {
                    "content": edit.content,
                    "location": {"row": edit.row, "column": edit.column},
                    "end_location": {"row": edit.end_row, "column": edit.end_column},
                }
                for edit in finding.edits
            ],
        }
    filename = finding.path if finding.path == "-" else os.path.abspath(finding.path)
    return {
        "cell": None,
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "filename": filename,
        "location": {"row": finding.line, "column": finding.column},
        "end_location": {"row": finding.end_line, "column": finding.end_column},
        "fix": fix,
        "noqa_row": None if finding.code in UNSUPPRESSIBLE else finding.line,
        "url": rule_url(finding.code),
        "severity": finding.kind.value,
    }


def _sorted(view: View) -> list[Finding]:
    return sorted(view.findings, key=lambda f: f.sort_key)


def render(view: View) -> str:
    rows = [finding_dict(finding) for finding in _sorted(view)]
    return json.dumps(rows, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_lines(view: View) -> str:
    return "".join(
        json.dumps(finding_dict(finding), sort_keys=True, ensure_ascii=False) + "\n" for finding in _sorted(view)
    )
