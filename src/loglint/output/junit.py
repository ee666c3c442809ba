"""`junit`: JUnit XML, for CI systems that show test reports (GitLab `artifacts:reports:junit`, Jenkins,
Azure Pipelines). ruff's layout: one `<testsuite>` per file, one failing `<testcase>` per finding,

    <testsuites name="loglint" tests="1" failures="1" errors="0">
      <testsuite name="app/x.py" tests="1" failures="1" errors="0">
        <testcase name="org.loglint.LL101" classname="app/x.py" file="app/x.py" line="7" column="5" time="0">
          <failure message="f-string in a log call ...">line 7, col 5, f-string in a log call ...</failure>

and, when nothing is found, one passing test case, so the report is never an empty suite (which some
consumers treat as an error). No timestamps or durations: the same tree gives the same bytes.
"""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from loglint.output import View, report_path


def render(view: View) -> str:
    findings = view.findings
    root = ET.Element(
        "testsuites", name="loglint", tests=str(max(len(findings), 1)), failures=str(len(findings)), errors="0"
    )
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="loglint", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", name="No errors found", classname="loglint", time="0")
    for path, group in groupby(findings, key=lambda f: report_path(f.path)):
        items = list(group)
        suite = ET.SubElement(
            root, "testsuite", name=_text(path), tests=str(len(items)), failures=str(len(items)), errors="0"
        )
        for finding in items:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"org.loglint.{finding.code}",
                classname=_text(path),
                file=_text(path),
                line=str(finding.line),
                column=str(finding.column),
                time="0",
            )
            failure = ET.SubElement(case, "failure", message=_text(finding.message), type=finding.code)
            failure.text = _text(f"line {finding.line}, col {finding.column}, {finding.message}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _text(value: str) -> str:
    """XML 1.0 cannot carry most control characters (nor lone surrogates from undecodable file names)."""
    return "".join(
        c if (c in "\t\n\r" or " " <= c) and not ("\ud800" <= c <= "\udfff") and c not in "\ufffe\uffff" else "\ufffd"
        for c in value
    )
