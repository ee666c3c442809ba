"""`gitlab`: a GitLab Code Quality report (the `artifacts:reports:codequality` JSON), one issue per finding:

    [{"check_name": "LL101", "description": "LL101: f-string in a log call ...",
      "fingerprint": "3f0c...", "location": {"lines": {"begin": 7, "end": 7}, "path": "app/x.py"},
      "severity": "minor", "type": "issue"}]

GitLab requires `description`, `check_name`, `fingerprint` (unique per issue: it compares reports of the
source and target branches by it), `severity` (`info`, `minor`, `major`, `critical`, `blocker`),
`location.path` (relative to the repository root: run loglint from there) and `location.lines.begin`.
`error` rules are `major`, `warning` rules `minor`. The fingerprint comes from the flagged statement's
normalised source (`loglint.fingerprint`), so a finding that only moved is not shown as fixed-and-new.
"""

from __future__ import annotations

import json
from typing import Any

from loglint.fingerprint import fingerprint, occurrences
from loglint.output import View, report_path
from loglint.findings import Finding, Kind

SEVERITY = {Kind.ERROR: "major", Kind.WARNING: "minor"}


def issue(finding: Finding, occurrence: int) -> dict[str, Any]:
    path = report_path(finding.path)
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code}: {finding.message}",
        "fingerprint": fingerprint(path, finding, occurrence),
        "severity": SEVERITY[finding.kind],
        "location": {"path": path, "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)}},
    }


def render(view: View) -> str:
    findings = view.findings
    rows = [issue(finding, occurrence) for finding, occurrence in zip(findings, occurrences(findings))]
    return json.dumps(rows, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
