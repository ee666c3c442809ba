"""`github`: GitHub Actions workflow commands, one annotation per finding:

    ::warning file=app/x.py,line=7,col=5,endLine=7,endColumn=40,title=LL101::f-string in a log call ...

The command is `error` or `warning` from the rule's kind. Escaping follows actions/toolkit: in the message
`%`, `\\r` and `\\n`; in property values also `:` and `,`. Paths are relative to the current directory,
which is the checkout in a workflow.
"""

from __future__ import annotations

import os

from loglint.output import View
from loglint.findings import Finding


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    path = finding.path if finding.path == "-" else os.path.relpath(finding.path).replace(os.sep, "/")
    properties = {
        "file": path,
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": finding.code,
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{finding.kind.value} {joined}::{escape_data(finding.message)}"


def render(view: View) -> str:
    return "".join(annotation(finding) + "\n" for finding in view.findings)
