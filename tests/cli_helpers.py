"""Helpers for tests that run the command line on small trees in tmp_path (CI formats, baselines, diff base)."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from click.testing import CliRunner

from loglint.cli import cli

FSTRING = """\
import logging

logger = logging.getLogger(__name__)


def login(user):
    logger.info(f"user {user} logged in")
"""

# Three findings of two kinds: LL101 (warning), LL303 (warning) on a compound statement, LL115 (error).
MIXED = """\
import logging

logger = logging.getLogger(__name__)


def login(user):
    logger.info(f"user {user} logged in")
    try:
        user.save()
    except Exception:
        pass
    logger.log("LOUD", "level name that does not exist")
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "loglint tests",
    "GIT_AUTHOR_EMAIL": "tests@loglint.invalid",
    "GIT_COMMITTER_NAME": "loglint tests",
    "GIT_COMMITTER_EMAIL": "tests@loglint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def invoke(root: Path, *args: str):
    """`loglint --isolated ARGS` run in `root`."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["check", "--isolated", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV, HOME=str(root))
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def insert_lines_above(path: Path, before: str, text: str) -> None:
    """Insert `text` before the first line that starts with `before`."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(before))
    path.write_text("".join(lines[:index]) + text + "".join(lines[index:]), encoding="utf-8")
