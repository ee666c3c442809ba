"""--diff-base REF: only findings on lines added since REF are reported; untracked files are new."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cli_helpers import FSTRING, MIXED, git, invoke, write
from loglint.diffbase import parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, {"app/views.py": MIXED, "app/auth.py": FSTRING, ".gitignore": "ignored/\n"})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def reported(root: Path, *args: str) -> list[str]:
    result = invoke(root, *args, "--output-format", "concise")
    assert result.exit_code in (0, 1), result.stderr
    return [":".join(line.split(":")[:2]) + " " + line.split()[1] for line in result.stdout.splitlines()]


def test_nothing_changed_nothing_reported(repo):
    result = invoke(repo, "app", "--diff-base", "HEAD")
    assert result.exit_code == 0
    assert "4 findings on lines not added since the diff base." in result.stderr


def test_only_findings_on_added_lines(repo):
    views = repo / "app" / "views.py"
    views.write_text(views.read_text().replace('    logger.log("LOUD"', '    logger.warning(f"saving {user}")\n    logger.log("LOUD"'))
    assert reported(repo, "app", "--diff-base", "HEAD") == ["app/views.py:12 LL101"]


def test_staged_and_unstaged_changes_both_count(repo):
    auth = repo / "app" / "auth.py"
    auth.write_text(auth.read_text() + '    logger.info(f"staged {user}")\n')
    git(repo, "add", "app/auth.py")
    auth.write_text(auth.read_text() + '    logger.info(f"unstaged {user}")\n')
    assert reported(repo, "app", "--diff-base", "HEAD") == ["app/auth.py:8 LL101", "app/auth.py:9 LL101"]


def test_a_changed_argument_line_reports_its_multiline_statement(repo):
    auth = repo / "app" / "auth.py"
    auth.write_text(auth.read_text().replace('    logger.info(f"user {user} logged in")', '    logger.info(\n        f"user {user} logged in"\n    )'))
    git(repo, "commit", "-qam", "wrap")
    auth.write_text(auth.read_text().replace("logged in", "signed in"))
    assert reported(repo, "app", "--diff-base", "HEAD") == ["app/auth.py:7 LL101"]


def test_untracked_files_are_new_and_ignored_ones_are_not(repo):
    write(repo, {"app/new.py": FSTRING, "ignored/x.py": FSTRING})
    assert reported(repo, "app", "ignored/x.py", "--diff-base", "HEAD") == ["app/new.py:7 LL101"]


def test_an_older_ref_and_a_renamed_file(repo):
    git(repo, "mv", "app/auth.py", "app/login.py")
    write(repo, {"app/extra.py": "import logging\n\nlogging.getLogger('x').info(f'{1}')\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "move")
    assert reported(repo, "app", "--diff-base", "HEAD~1") == ["app/extra.py:3 LL101"]


def test_run_from_a_subdirectory(repo):
    write(repo, {"app/new.py": FSTRING})
    assert reported(repo / "app", ".", "--diff-base", "HEAD") == ["new.py:7 LL101"]


def test_bad_ref_and_no_repository_are_usage_errors(repo, tmp_path_factory):
    result = invoke(repo, "app", "--diff-base", "no-such-branch")
    assert result.exit_code == 2 and "unknown git revision 'no-such-branch'" in result.stderr
    result = invoke(repo, "app", "--diff-base", "--output=x")
    assert result.exit_code == 2
    elsewhere = write(tmp_path_factory.mktemp("norepo"), {"x.py": FSTRING})
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(elsewhere.parent)
    try:
        result = invoke(elsewhere, "x.py", "--diff-base", "HEAD")
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_baseline_and_diff_base_together(repo):
    assert invoke(repo, "app", "--write-baseline", "b.json").exit_code == 0
    views = repo / "app" / "views.py"
    views.write_text(views.read_text() + '    logger.info(f"one more {user}")\n')
    result = invoke(repo, "app", "--diff-base", "HEAD", "--baseline", "b.json")
    assert result.exit_code == 1 and "4 findings hidden by the baseline b.json." in result.stderr


def test_parse_diff_reads_hunks_quoted_names_and_header_like_content(tmp_path):
    root = str(tmp_path)
    diff = (
        b"diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n"
        b"@@ -3,0 +4,2 @@ def f():\n+x = 1\n++++ b/evil.py\n"
        b"@@ -10 +12 @@\n-old\n+new\n\\ No newline at end of file\n"
        b"diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"
        b'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"\n--- "a/caf\\303\\251.py"\n+++ "b/caf\\303\\251.py"\n'
        b"@@ -0,0 +1 @@\n+y = 2\n"
        b"--- a/with space.py\n+++ b/with space.py\t\n@@ -1 +1,0 @@\n-z\n"
    )
    added = parse_diff(diff, root)
    real = lambda name: os.path.realpath(os.path.join(root, name))
    assert added == {real("a.py"): {4, 5, 12}, real("café.py"): {1}, real("with space.py"): set()}
