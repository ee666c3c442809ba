"""The hooks of .pre-commit-hooks.yaml, run for real with `pre-commit try-repo`.

pre-commit installs the hook repository into a virtualenv (`pip install .`), so the hook repository is a
temporary git repository holding this checkout's packaging files (pyproject.toml, README.md,
.pre-commit-hooks.yaml, src/), committed: what a user gets from `repo: ... rev: ...`, including changes not
yet committed in the checkout under test. try-repo builds a fresh environment on every call (it does not
use PRE_COMMIT_HOME), about 8 s here, so the module runs it twice and the tests read the results:

1. both hooks on a file with a finding, a clean file and a migration: `loglint` fails and names the finding,
   `loglint-fix` rewrites the file (and fails, as pre-commit fails a hook that modified files);
2. both hooks again on the fixed files: both pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import FSTRING, GIT_ENV, git, write

REPO = Path(__file__).resolve().parents[1]
PACKAGING = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
FIXED = FSTRING.replace('f"user {user} logged in"', '"user %s logged in", user')
FILES = ("app/bad.py", "app/good.py", "app/migrations/0001_initial.py")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def make_hook_repo(root: Path) -> Path:
    for name in PACKAGING:
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hooks under test")
    return root


def try_repo(project: Path, hook_repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, **GIT_ENV, PRE_COMMIT_COLOR="never", NO_COLOR="1")
    env.pop("PYTHONPATH", None)  # the hooks must run the loglint installed in their own environment
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "--verbose", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def hook_output(result: subprocess.CompletedProcess, hook_name: str) -> str:
    """The part of try-repo's output that belongs to one hook (from its status line to the next one)."""
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(hook_name + "."))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("loglint")), len(lines))
    return "\n".join(lines[start:end])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    hook_repo = make_hook_repo(tmp_path_factory.mktemp("hook-repo"))
    project = write(
        tmp_path_factory.mktemp("project"),
        {"app/bad.py": FSTRING, "app/good.py": FIXED, "app/migrations/0001_initial.py": FSTRING},
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    first = try_repo(project, hook_repo, *FILES)
    after_fix = {name: (project / name).read_text() for name in FILES}
    git(project, "add", "-A")
    second = try_repo(project, hook_repo, *FILES)
    return first, after_fix, second


def test_the_loglint_hook_fails_on_a_finding(runs):
    first, _, _ = runs
    assert first.returncode == 1, first.stdout + first.stderr
    check = hook_output(first, "loglint")
    assert "Failed" in check.splitlines()[0]
    assert "app/bad.py:7:5: LL101" in check
    assert "app/good.py" not in check, "a clean file is not reported"
    assert "migrations" not in check, "--force-exclude applies the default excludes to named files"


def test_the_fix_hook_rewrites_the_file(runs):
    first, after_fix, _ = runs
    fix = hook_output(first, "loglint (fix)")
    assert "Failed" in fix.splitlines()[0] and "files were modified by this hook" in fix
    assert after_fix["app/bad.py"] == FIXED
    assert after_fix["app/good.py"] == FIXED
    assert after_fix["app/migrations/0001_initial.py"] == FSTRING, "excluded files are not fixed"


def test_both_hooks_pass_on_clean_files(runs):
    _, _, second = runs
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in hook_output(second, "loglint").splitlines()[0]
    assert "Passed" in hook_output(second, "loglint (fix)").splitlines()[0]
