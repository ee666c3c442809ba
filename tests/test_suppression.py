"""Suppression comments and LL002 (unused-suppression), through the per-file pipeline (`lint_source`)."""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner

from harness import default_config, rules_for
from loglint.cli import cli
from loglint.runner import lint_source
from loglint.suppression import Suppressions, _comments_by_regex

HEAD = "import logging\nlogger = logging.getLogger(__name__)\n"


def lint(src: str | bytes, codes=("LL101",), fix=False, filename="app/x.py"):
    data = src if isinstance(src, bytes) else (HEAD + dedent(src)).encode()
    return lint_source(filename, data, rules_for(codes), default_config(), fix=fix, unsafe=True)


def remaining(src: str | bytes, codes=("LL101",)) -> list[tuple[int, str]]:
    linted = lint(src, codes)
    assert not linted.errors, linted.errors
    return sorted((f.line - 2 if isinstance(src, str) else f.line, f.code) for f in linted.findings)


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# noqa: LL101",
        "# noqa:LL101",
        "# NOQA: ll101",
        "# noqa: LL105 LL101",
        "# noqa: E501,LL101",
        "# noqa: LL101 -- the message is built once at start-up",
        "# type: ignore  # noqa: LL101",
        "# loglint: ignore[LL101]",
        "# loglint: ignore[LL102, LL101]",
        "# loglint: ignore[log-fstring]",
        "# loglint: ignore[LL1]",
        "# loglint: ignore",
    ],
)
def test_line_directives_that_suppress(comment):
    assert remaining(f'logger.info(f"{{x}}")  {comment}\n') == []


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: E501",
        "# noqa: G004",
        "# noqa: LL105",
        "# loglint: ignore[LL102]",
        "# loglint: ignore[log-str-format]",
        "# flake8: noqa: LL101",
        "# noqaz",
    ],
)
def test_directives_that_do_not_suppress(comment):
    assert remaining(f'logger.info(f"{{x}}")  {comment}\n') == [(1, "LL101")]


def test_noqa_inside_a_string_is_not_a_comment():
    assert remaining('logger.info(f"{x} # noqa")\n') == [(1, "LL101")]
    assert remaining('logger.info(f"""{x}\n# noqa\n""")\n') == [(1, "LL101")]


def test_multi_line_statement_first_or_last_line():
    call = 'logger.info(\n    f"{x}",\n    extra={"a": 1},\n){last}\n'
    assert remaining(call.replace("(\n", "(  # noqa: LL101\n", 1).replace("{last}", "")) == []
    assert remaining(call.replace("{last}", "  # noqa: LL101")) == []
    assert remaining(call.replace("{last}", "")) == [(1, "LL101")]


def test_own_line_loglint_ignore_covers_the_next_statement_but_own_line_noqa_does_not():
    assert remaining('# loglint: ignore[LL101]\n# why: a reason\nlogger.info(f"{x}")\n') == []
    assert remaining('# noqa: LL101\nlogger.info(f"{x}")\n') == [(2, "LL101")]
    assert remaining('# loglint: ignore[LL101]\n\nx = 1\nlogger.info(f"{x}")\n') == [(4, "LL101")]


@pytest.mark.parametrize(
    ("directive", "expected"),
    [
        ("# loglint: noqa", []),
        ("# loglint: noqa: LL1", []),
        ("# loglint: noqa: LL101, LL105", []),
        ("# loglint: noqa: log-fstring", []),
        ("# loglint: noqa: LL105", [(3, "LL101")]),
        ("# loglint: noqa: LL4", [(3, "LL101")]),
    ],
)
def test_file_level_directive_anywhere_on_its_own_line(directive, expected):
    assert remaining(f'x = 1\ndef f():\n    logger.info(f"{{x}}")\n    {directive}\n') == expected


def test_trailing_loglint_noqa_is_not_file_level():
    assert remaining('x = 1  # loglint: noqa\nlogger.info(f"{x}")\n') == [(2, "LL101")]


def test_ll001_is_never_suppressed():
    src = b"# loglint: noqa\ndef f(:  # noqa\n    pass\n"
    assert remaining(src) == [(2, "LL001")]


def test_a_suppressed_finding_is_not_fixed():
    src = HEAD + 'logger.info(f"{x}")  # noqa: LL101\nlogger.info(f"{y}")\n'
    fixed = lint(src.encode(), fix=True).data.decode()
    assert 'logger.info(f"{x}")  # noqa: LL101' in fixed
    assert 'logger.info("%s", y)' in fixed


def test_scanning_directives():
    data = b'x = 1  # noqa: E501, LL101  # loglint: ignore[LL105]\n# loglint: noqa: LL4\n'
    found = [(d.line, d.syntax, d.file_level, d.codes) for d in Suppressions.scan(data).directives]
    assert found == [
        (1, "noqa", False, ("E501", "LL101")),
        (1, "loglint-ignore", False, ("LL105",)),
        (2, "loglint-noqa", True, ("LL4",)),
    ]


def test_regex_fallback_when_tokenize_fails():
    comments = _comments_by_regex('x = "a # b"  # noqa: LL101\n    # loglint: noqa\n')
    assert [(c.line, c.text, c.own_line) for c in comments] == [(1, "# noqa: LL101", False), (2, "# loglint: noqa", True)]


def test_directives_in_text_tokenize_rejects_are_still_found():
    directives = Suppressions.scan(b'y = 1  # noqa: LL101\nx = """\n').directives
    assert [(d.line, d.codes) for d in directives] == [(1, ("LL101",))]


# -- LL002 -----------------------------------------------------------------------------------------


def unused(src: str, codes=("LL101", "LL002")) -> list[tuple[int, str]]:
    return [(line, code) for line, code in remaining(src, codes) if code == "LL002"]


def messages(src: str, codes=("LL101", "LL002")) -> list[str]:
    return [f.message for f in lint(src, codes).findings if f.code == "LL002"]


def test_used_suppressions_are_not_reported():
    assert unused('logger.info(f"{x}")  # noqa: LL101\nlogger.info(f"{x}")  # loglint: ignore[log-fstring]\n') == []


def test_unused_codes_are_reported_with_why():
    assert messages('logger.info("x")  # noqa: LL101\n') == ["unused suppression (unused: LL101)"]
    assert messages('logger.info("x")  # noqa: LL105\n') == ["unused suppression (non-enabled: LL105)"]
    assert messages('logger.info("x")  # noqa: LL999\n') == ["unused suppression (unknown: LL999)"]
    assert messages('logger.info("x")  # loglint: ignore\n') == ["unused suppression: it suppresses nothing"]
    assert messages('# loglint: noqa: LL101\nlogger.info("x")\n') == ["unused suppression (unused: LL101)"]


def test_foreign_codes_and_blanket_noqa_are_never_reported():
    assert unused('logger.info("x")  # noqa\nlogger.info("x")  # noqa: E501, G004\n') == []


def test_external_codes_are_never_reported(tmp_path):
    config = default_config().with_overrides(external=["LL9"])
    linted = lint_source("x.py", b"x = 1  # noqa: LL999\n", rules_for(["LL002"]), config)
    assert linted.findings == []


def test_ll002_honours_its_own_suppression():
    assert unused('logger.info("x")  # noqa: LL101, LL002\n') == []
    assert unused('# loglint: noqa: LL002\nlogger.info("x")  # noqa: LL101\n') == []


def test_ll002_is_opt_in(tmp_path):
    assert remaining('logger.info("x")  # noqa: LL101\n', codes=("LL101",)) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('logger.info("x")  # noqa: LL101\n', 'logger.info("x")\n'),
        ('logger.info("x")  # noqa: E501, LL101\n', 'logger.info("x")  # noqa: E501\n'),
        ('logger.info("x")  # noqa: LL101 -- reason\n', 'logger.info("x")\n'),
        ('logger.info("x")  # noqa: LL101  # type: ignore\n', 'logger.info("x")  # type: ignore\n'),
        ('logger.info("x")  # type: ignore  # noqa: LL101\n', 'logger.info("x")  # type: ignore\n'),
        ('logger.info("x")  # loglint: ignore[LL101, LL105]\n', 'logger.info("x")\n'),
        ('logger.info(f"{x}")  # loglint: ignore[LL101, LL105]\n', 'logger.info(f"{x}")  # loglint: ignore[LL101]\n'),
        ('# loglint: noqa: LL101\nlogger.info("x")\n', 'logger.info("x")\n'),
    ],
)
def test_ll002_fix(before, after):
    linted = lint(before, codes=("LL101", "LL002"), fix=True)
    assert not linted.errors
    assert linted.data.decode() == HEAD + after
    assert [f for f in linted.findings if f.code == "LL002"] == []


def test_ll002_fix_keeps_crlf_and_latin1():
    src = "# -*- coding: latin-1 -*-\r\nimport logging\r\nlogger = logging.getLogger('é')\r\nlogger.info('é')  # noqa: LL101\r\n"
    linted = lint(src.encode("latin-1"), codes=("LL101", "LL002"), fix=True)
    assert linted.data == src.replace("  # noqa: LL101", "").encode("latin-1")


def test_ll002_is_not_fixed_in_a_lint_only_file():
    src = b"import logging\rlogger = logging.getLogger(__name__)\rlogger.info('x')  # noqa: LL101\r"
    linted = lint(src, codes=("LL101", "LL002"), fix=True)
    assert linted.data == src
    assert [f.code for f in linted.findings] == ["LL002"]


def test_ll002_respects_per_file_ignores_and_the_cli_fix(tmp_path):
    (tmp_path / "app").mkdir()
    path = tmp_path / "app" / "x.py"
    path.write_text(HEAD + 'logger.info("x")  # noqa: LL101\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        ignored = runner.invoke(cli, ["app", "--extend-select", "LL002", "--per-file-ignores", "app/*:LL002"])
        assert ignored.exit_code == 0, ignored.output
        reported = runner.invoke(cli, ["app", "--extend-select", "LL002", "--output-format", "concise"])
        assert reported.exit_code == 1
        assert reported.stdout == "app/x.py:3:19: LL002 unused suppression (unused: LL101) [*]\n"
        fixed = runner.invoke(cli, ["app", "--extend-select", "LL002", "--fix"])
        assert fixed.exit_code == 0
        assert path.read_text() == HEAD + 'logger.info("x")\n'
    finally:
        os.chdir(cwd)


def test_ll002_json_edit(tmp_path):
    import json

    (tmp_path / "x.py").write_text('x = 1  # noqa: E501, LL101\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["x.py", "--select", "LL002", "--output-format", "json"])
    finally:
        os.chdir(cwd)
    [row] = json.loads(result.stdout)
    assert row["fix"]["edits"] == [
        {"content": "# noqa: E501", "location": {"row": 1, "column": 8}, "end_location": {"row": 1, "column": 27}}
    ]
    assert Path(tmp_path / "x.py").read_text() == 'x = 1  # noqa: E501, LL101\n'
