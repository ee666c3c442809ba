"""Output formats on hand-made findings: exact shapes, escaping, wording, colours."""

from __future__ import annotations

import json
import os

import pytest

from loglint import output
from loglint.output import View, render, summary, use_color
from loglint.output.github import annotation
from loglint.rule import Applicability, Edit, Finding, Fix, Kind

SAFE = Fix("Use lazy %-style arguments", Applicability.SAFE, ())
UNSAFE = Fix("Pass the parts as arguments", Applicability.UNSAFE, ())


def finding(code="LL101", line=7, column=5, end_column=42, path="app/x.py", fix=SAFE, kind=Kind.WARNING, message=None, **kw):
    names = {"LL101": "log-fstring", "LL104": "log-concatenation", "LL105": "log-args-mismatch", "LL001": "syntax-error"}
    return Finding(
        code=code,
        name=names.get(code, "x"),
        message=message or "f-string in a log call is formatted even when the level is disabled",
        path=path,
        line=line,
        column=column,
        end_line=kw.pop("end_line", line),
        end_column=end_column,
        kind=kind,
        fix=fix,
        **kw,
    )


SOURCE = {"app/x.py": {7: '    logger.info(f"user {user} logged in")'}}


def test_concise():
    text = render("concise", View([finding(), finding("LL105", line=9, fix=None)], SOURCE))
    assert text == (
        "app/x.py:7:5: LL101 f-string in a log call is formatted even when the level is disabled [*]\n"
        "app/x.py:9:5: LL105 f-string in a log call is formatted even when the level is disabled\n"
    )


def test_full_shows_the_line_a_caret_and_the_fix_title():
    text = render("full", View([finding()], SOURCE))
    assert text == (
        "app/x.py:7:5: LL101 f-string in a log call is formatted even when the level is disabled [*]\n"
        "  |\n"
        '7 |     logger.info(f"user {user} logged in")\n'
        "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: Use lazy %-style arguments\n"
        "\n"
    )


def test_full_marks_only_fixes_applicable_with_the_current_flags():
    hidden = render("full", View([finding("LL104", fix=UNSAFE)], SOURCE))
    assert "[*]" not in hidden
    assert "help: Pass the parts as arguments (unsafe fix: --unsafe-fixes)" in hidden
    shown = render("full", View([finding("LL104", fix=UNSAFE)], SOURCE, unsafe_fixes=True))
    assert "[*]" in shown.splitlines()[0]


def test_full_caret_follows_tabs_and_multiline_spans():
    lines = {"t.py": {3: "\tlogger.info(f'{x}',\n"[:-1]}}
    text = render("full", View([finding(path="t.py", line=3, column=2, end_line=5, end_column=2)], lines))
    source, caret = text.splitlines()[2:4]
    assert source == "3 | \tlogger.info(f'{x}',"
    assert caret == "  | \t" + "^" * len("logger.info(f'{x}',")


def test_full_never_prints_control_characters():
    lines = {"x.py": {1: "x = 1 \x1b[31m\x00\x0c # noqa"}}
    text = render("full", View([finding(path="x.py", line=1, column=1, end_column=2, message="bad \x1b[2J")], lines))
    assert "\x1b" not in text and "\x00" not in text and "\x0c" not in text


def test_full_cuts_long_lines_around_the_column():
    line = "x = [" + "1, " * 2000 + "logger.info(f'{x}')]"
    column = line.index("logger") + 1
    lines = {"gen.py": {1: line}}
    text = render("full", View([finding(path="gen.py", line=1, column=column, end_column=column + 19)], lines))
    shown, caret = text.splitlines()[2:4]
    assert len(shown) < 200
    assert shown[caret.index("^") : caret.index("^") + 11] == "logger.info"


def test_full_without_a_source_line():
    text = render("full", View([finding("LL001", line=1, column=1, fix=None, message="cannot read: Permission denied")], {}))
    assert text == "app/x.py:1:1: LL001 cannot read: Permission denied\n\n"


def test_json_has_ruffs_fields(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    edit = Edit(7, 17, 7, 42, '"user %s logged in", user')
    syntax = finding("LL001", line=1, column=3, fix=None, kind=Kind.ERROR)
    rows = json.loads(render("json", View([finding(edits=(edit,)), syntax], SOURCE)))
    assert [r["code"] for r in rows] == ["LL001", "LL101"], "sorted by file, line, column"
    first = rows[1]
    assert set(first) == {
        "cell", "code", "name", "message", "filename", "location", "end_location", "fix", "noqa_row", "url", "severity",
    }
    assert first["filename"] == os.path.join(str(tmp_path), "app", "x.py")
    assert first["location"] == {"row": 7, "column": 5}
    assert first["end_location"] == {"row": 7, "column": 42}
    assert first["fix"] == {
        "applicability": "safe",
        "message": "Use lazy %-style arguments",
        "edits": [{"content": '"user %s logged in", user', "location": {"row": 7, "column": 17}, "end_location": {"row": 7, "column": 42}}],
    }
    assert first["noqa_row"] == 7
    assert first["severity"] == "warning"
    assert first["url"].endswith("LL101.md")
    assert rows[0]["fix"] is None and rows[0]["noqa_row"] is None and rows[0]["severity"] == "error"


def test_json_is_deterministic_and_json_lines_matches():
    view = View([finding(), finding("LL105", line=9, fix=None)], SOURCE)
    assert render("json", view) == render("json", view)
    assert [json.loads(line) for line in render("json-lines", view).splitlines()] == json.loads(render("json", view))
    assert render("json", View([], {})) == "[]\n"
    assert render("json-lines", View([], {})) == ""


def test_github_annotation_and_escaping():
    plain = annotation(finding(end_column=42))
    assert plain == (
        "::warning file=app/x.py,line=7,col=5,endLine=7,endColumn=42,title=LL101::"
        "f-string in a log call is formatted even when the level is disabled"
    )
    nasty = annotation(finding(path="a,b:c%.py", kind=Kind.ERROR, message="100% bad\r\nreally: yes, no"))
    assert nasty.startswith("::error file=a%2Cb%3Ac%25.py,line=7,")
    assert nasty.endswith("::100%25 bad%0D%0Areally: yes, no")


def test_summary_wording():
    two_files = [finding(), finding(path="b.py", fix=None), finding(path="b.py", fix=UNSAFE)]
    assert summary(two_files, fixed=0, fix_mode=False, unsafe_fixes=False) == [
        "Found 3 problems in 2 files (1 fixable with --fix).",
        "(1 hidden fix can be enabled with --unsafe-fixes)",
    ]
    assert summary(two_files, fixed=0, fix_mode=False, unsafe_fixes=True) == [
        "Found 3 problems in 2 files (2 fixable with --fix)."
    ]
    assert summary([finding(fix=None)], fixed=0, fix_mode=False, unsafe_fixes=False) == ["Found 1 problem in 1 file."]
    assert summary([], fixed=0, fix_mode=False, unsafe_fixes=False) == ["All checks passed!"]
    assert summary([finding(fix=None)], fixed=4, fix_mode=True, unsafe_fixes=False) == [
        "Found 5 problems (4 fixed, 1 remaining)."
    ]


def test_statistics_text_and_json():
    findings = [finding(), finding(line=8), finding("LL105", fix=None)]
    assert output.render_statistics(findings, False, "full") == "2\tLL101\t[*] log-fstring\n1\tLL105\t[ ] log-args-mismatch\n"
    rows = json.loads(output.render_statistics(findings, False, "json"))
    assert rows[0] == {"code": "LL101", "name": "log-fstring", "count": 2, "fixable": True, "fixable_count": 2}


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
    ],
)
def test_use_color(monkeypatch, choice, env, tty, expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert use_color(choice, _Stream(tty)) is expected


def test_colored_full_output_has_the_same_text():
    import click

    plain = render("full", View([finding()], SOURCE))
    colored = render("full", View([finding()], SOURCE, color=True))
    assert colored != plain
    assert click.unstyle(colored) == plain
