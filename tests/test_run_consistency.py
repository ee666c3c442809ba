"""What a file's findings are must not depend on where loglint runs from or which other files it checks."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from loglint.cli import cli


def invoke(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["--output-format", "concise", "--isolated", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_django_project_found_from_the_file_not_the_working_directory(tmp_path):
    write(tmp_path, {"proj/manage.py": "", "proj/app/__init__.py": "", "proj/app/setup_logs.py": "import logging\nlogging.basicConfig()\n"})
    inside = invoke(tmp_path / "proj", "app", "--select", "LL120")
    outside = invoke(tmp_path, "proj/app", "--select", "LL120")
    assert "LL120" in inside.output
    assert "LL120" in outside.output


def test_imported_logger_resolves_whatever_else_is_in_the_run(tmp_path):
    write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/log.py": "import logging\nlogger = logging.getLogger('app')\n",
            "backend/app/other.py": "x = 1\n",
            "scripts/tool.py": "from app.log import logger\nlogger.info(f'{1}')\n",
        },
    )
    alone = invoke(tmp_path, "scripts", "--select", "LL101")
    together = invoke(tmp_path, "backend", "scripts", "--select", "LL101")
    assert "scripts/tool.py:2:1: LL101" in together.output
    assert "scripts/tool.py:2:1: LL101" in alone.output


def test_no_python_files_is_said(tmp_path):
    (tmp_path / "docs").mkdir()
    result = invoke(tmp_path, "docs")
    assert "no Python files found" in result.stderr
    assert result.exit_code == 0
