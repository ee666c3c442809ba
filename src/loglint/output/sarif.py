"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it (`github/codeql-action/upload-sarif`).

One run; `tool.driver.rules` lists every rule (so `ruleIndex` is stable from run to run) with its short
description (the first sentence of *What it does*), full description (*What it does* and *Why is this
bad?*), help (the whole documentation, as text and as Markdown), `helpUri` (its page under docs/rules/) and
its default level from the rule's kind (`error` or `warning`). Each result has a relative URI with
`uriBaseId` `%SRCROOT%` (relative to the current directory: run loglint from the repository root), a region
with 1-based columns counted in code points, and `partialFingerprints` built from the flagged statement's
normalised source (`loglint.fingerprint`): moving the code up or down keeps the fingerprint, so code
scanning keeps the alert rather than closing it and opening a new one.

No timestamps and no absolute paths: the same tree gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from loglint import __version__
from loglint.output import View, report_path
from loglint.fingerprint import fingerprint, occurrences
from loglint.rule import Finding, Kind, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/loglint/loglint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "loglint/statementHash/v1"

_LEVEL = {Kind.ERROR: "error", Kind.WARNING: "warning"}
_SEVERITY = {Kind.ERROR: "error", Kind.WARNING: "warning"}  # GitHub's properties.problem.severity


def render(view: View) -> str:
    from loglint.registry import all_rules

    rules = list(all_rules())
    index = {rule.code: i for i, rule in enumerate(rules)}
    findings = view.findings
    results = [
        _result(finding, index[finding.code], occurrence)
        for finding, occurrence in zip(findings, occurrences(findings))
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "loglint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    from loglint.docs import render_markdown, render_terminal, rule_url

    sections = rule.doc_sections()
    what = _plain(sections.get("What it does", "")) or rule.message
    why = _plain(sections.get("Why is this bad?", ""))
    full = what + ("\n\n" + why if why else "")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _first_sentence(what)},
        "fullDescription": {"text": full},
        "help": {"text": render_terminal(rule, color=False), "markdown": render_markdown(rule)},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": _LEVEL[rule.kind], "enabled": rule.default},
        "properties": {
            "tags": ["logging", rule.kind.value],
            "problem.severity": _SEVERITY[rule.kind],
            "precision": "high",
        },
    }


def _result(finding: Finding, rule_index: int, occurrence: int) -> dict[str, Any]:
    path = report_path(finding.path)
    region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line >= finding.line:
        region["endLine"] = finding.end_line
        if finding.end_line > finding.line or finding.end_column >= finding.column:
            region["endColumn"] = finding.end_column
    hashed = fingerprint(path, finding, occurrence)
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.kind],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(path, safe="/-._~"), "uriBaseId": SRCROOT},
                    "region": region,
                }
            }
        ],
        # primaryLocationLineHash is the key GitHub matches alerts on (upload-sarif computes one from the
        # line's text when it is missing, which is not stable across edits of that line's neighbours).
        "partialFingerprints": {FINGERPRINT_KEY: hashed, "primaryLocationLineHash": f"{hashed[:16]}:{occurrence + 1}"},
    }


_CODE_SPAN = re.compile(r"`([^`]*)`")


def _plain(markdown: str) -> str:
    """Section text without Markdown code fences or backquotes, paragraphs kept."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = _CODE_SPAN.sub(r"\1", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _first_sentence(text: str) -> str:
    first = text.split("\n\n", 1)[0]
    match = re.match(r"(.+?[.!?])(\s|$)", first)
    return match.group(1) if match else first
