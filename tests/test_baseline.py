"""Baselines: record today's findings, report only new ones, survive moved lines, say what went away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import FSTRING, MIXED, insert_lines_above, invoke, write
from loglint.fingerprint import normalise, statement_hash

NEW_FINDING = '\ndef logout(user):\n    logger.warning(f"user {user} logged out")\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {"app/views.py": MIXED, "app/auth.py": FSTRING + FSTRING.split("\n\n\n")[1]})
    result = invoke(tmp_path, "app", "--write-baseline", "loglint-baseline.json")
    assert result.exit_code == 0, result.stderr
    assert "Wrote 5 findings (4 entries) to the baseline loglint-baseline.json." in result.stderr
    return tmp_path


def concise(root: Path, *args: str):
    return invoke(root, "app", "--output-format", "concise", *args)


def test_the_baseline_is_sorted_reviewable_json_without_line_numbers(project):
    document = json.loads((project / "loglint-baseline.json").read_text())
    entries = document["entries"]
    assert document["tool"] == "loglint" and document["version"] == 1
    assert [(e["path"], e["code"], e["count"]) for e in entries] == [
        ("app/auth.py", "LL101", 2),  # the same statement twice: one entry, counted
        ("app/views.py", "LL101", 1),
        ("app/views.py", "LL115", 1),
        ("app/views.py", "LL303", 1),
    ]
    assert all(set(e) == {"path", "code", "hash", "count", "message"} for e in entries)
    assert entries == sorted(entries, key=lambda e: (e["path"], e["code"], e["hash"]))
    assert (project / "loglint-baseline.json").read_text().endswith("}\n")


def test_a_baseline_hides_exactly_its_findings_after_lines_move(project):
    insert_lines_above(project / "app" / "views.py", "def login", "import os\n\n\ndef helper():\n    return os.sep\n")
    insert_lines_above(project / "app" / "auth.py", "import logging", "# a new header comment\n\n")
    result = concise(project, "--baseline", "loglint-baseline.json")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "5 findings hidden by the baseline loglint-baseline.json." in result.stderr


def test_a_new_finding_still_fails(project):
    with (project / "app" / "views.py").open("a") as handle:
        handle.write(NEW_FINDING)
    result = concise(project, "--baseline", "loglint-baseline.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["app/views.py:15:5: LL101 f-string in a log call is formatted even when the level is disabled [*]"]


def test_one_more_copy_of_a_baselined_statement_is_new(project):
    with (project / "app" / "auth.py").open("a") as handle:
        handle.write('    logger.info(f"user {user} logged in")\n')
    result = concise(project, "--baseline", "loglint-baseline.json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1, "two are recorded, the third is reported"


def test_reformatting_and_comments_keep_the_statement(project):
    views = project / "app" / "views.py"
    views.write_text(
        views.read_text().replace(
            '    logger.info(f"user {user} logged in")',
            '    logger.info(  # who\n        f"user {user} logged in"\n    )',
        )
    )
    assert concise(project, "--baseline", "loglint-baseline.json").exit_code == 0


def test_gone_entries_are_counted(project):
    views = project / "app" / "views.py"
    views.write_text(views.read_text().replace("except Exception:", "except ValueError:").replace('"LOUD"', "logging.INFO"))
    result = concise(project, "--baseline", "loglint-baseline.json")
    assert result.exit_code == 0
    assert (
        "3 findings hidden by the baseline loglint-baseline.json; 2 baseline entries are gone (fixed or changed): "
        "shrink the baseline with --write-baseline loglint-baseline.json."
    ) in result.stderr


def test_entries_of_files_not_checked_are_not_gone(project):
    result = invoke(project, "app/auth.py", "--baseline", "loglint-baseline.json")
    assert result.exit_code == 0
    assert "2 findings hidden by the baseline loglint-baseline.json." in result.stderr
    assert "gone" not in result.stderr


def test_the_baseline_works_from_another_directory(project):
    with (project / "app" / "views.py").open("a") as handle:
        handle.write(NEW_FINDING)
    result = invoke(project / "app", ".", "--output-format", "concise", "--baseline", "../loglint-baseline.json")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["views.py"]


def test_the_config_baseline_applies_and_writing_ignores_it(project):
    (project / "pyproject.toml").write_text('[tool.loglint]\nbaseline = "loglint-baseline.json"\n')
    with (project / "app" / "views.py").open("a") as handle:
        handle.write(NEW_FINDING)
    cwd_invoke = lambda *args: _invoke_with_config(project, *args)
    result = cwd_invoke("app", "--output-format", "concise")
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 1
    assert cwd_invoke("app", "--write-baseline", "loglint-baseline.json").exit_code == 0
    counts = sum(e["count"] for e in json.loads((project / "loglint-baseline.json").read_text())["entries"])
    assert counts == 6, "rewriting records every finding, including those the old baseline hid"
    assert cwd_invoke("app").exit_code == 0


def _invoke_with_config(root: Path, *args: str):
    import os

    from click.testing import CliRunner

    from loglint.cli import cli

    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "baseline loglint-missing.json not found (create it with --write-baseline"),
        ("{not json", "not JSON"),
        ('{"tool": "ruff", "entries": []}', "not a loglint baseline"),
        ('{"tool": "loglint", "version": 1, "entries": [{"path": "x.py"}]}', "entry 1 needs path, code, hash and count"),
        ('{"tool": "loglint", "version": 1, "entries": [{"path": "x", "code": "LL101", "hash": "h", "count": 0}]}', "count must be a positive integer"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(project, content, message):
    name = "loglint-missing.json"
    if content is not None:
        (project / name).write_text(content)
    result = invoke(project, "app", "--baseline", name)
    assert result.exit_code == 2
    assert message in result.stderr


def test_write_baseline_reports_nothing_and_exits_0(project):
    result = invoke(project, "app", "--write-baseline", "other.json", "--output-format", "sarif")
    assert result.exit_code == 0 and result.stdout == ""


def test_normalised_statements_ignore_layout_and_comments_but_not_strings():
    one = 'logger.info(f"user {user} logged in")'
    assert normalise("    " + one + "  # why\n") == normalise('logger.info(\n    f"user {user} logged in",  # c\n)\n'.replace(",  # c", "  # c"))
    assert statement_hash(one) == statement_hash("logger.info( f\"user {user} logged in\" )")
    assert statement_hash(one) != statement_hash(one.replace("logged", "signed"))
    assert statement_hash('x = "a  b"') != statement_hash('x = "a b"')
    assert normalise('s = """open') == 's = """open', "text that does not tokenize falls back"


def test_hashes_cross_the_process_pool(tmp_path):
    write(tmp_path, {f"app/m{i}.py": FSTRING for i in range(24)})
    assert invoke(tmp_path, "app", "-j", "2", "--write-baseline", "b.json").exit_code == 0
    entries = json.loads((tmp_path / "b.json").read_text())["entries"]
    assert len({e["hash"] for e in entries}) == 1 and len(entries) == 24
    result = invoke(tmp_path, "app", "-j", "1", "--baseline", "b.json")
    assert result.exit_code == 0 and "24 findings hidden" in result.stderr
