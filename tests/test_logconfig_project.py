"""LL4 across a project: split settings followed through star imports, project class paths, record factories."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

import pytest

from loglint.cli import cli


def lint(root: Path, *paths: str, select: str = "LL4") -> list[tuple[str, int, str]]:
    result = CliRunner().invoke(
        cli,
        ["--isolated", "--select", select, "--output-format", "json", "-j", "1", *[str(root / p) for p in paths]],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)
    return sorted((Path(f["filename"]).relative_to(root).as_posix(), f["location"]["row"], f["code"]) for f in findings)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the project root is where loglint runs


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


BASE = """\
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "debug"}},
    "root": {"handlers": ["console", "sentry"]},
}
"""

PRODUCTION = """\
from .base import *

LOGGING["handlers"]["sentry"] = {"class": "sentry_sdk.integrations.logging.EventHandler", "level": "warn"}
"""


def test_split_settings_report_each_fault_in_its_own_module(tmp_path: Path) -> None:
    write(tmp_path, {"manage.py": "", "proj/__init__.py": "", "proj/settings/__init__.py": "",
                     "proj/settings/base.py": BASE, "proj/settings/production.py": PRODUCTION})
    found = lint(tmp_path, "proj/settings/base.py", "proj/settings/production.py")
    # base.py: its own bad level; 'sentry' is not undefined there (production.py, which star-imports it,
    # defines it). production.py: only its own bad level, not base.py's again.
    assert found == [("proj/settings/base.py", 4, "LL403"), ("proj/settings/production.py", 3, "LL403")]


def test_a_base_nobody_completes_is_checked_whole(tmp_path: Path) -> None:
    write(tmp_path, {"manage.py": "", "proj/__init__.py": "", "proj/settings/__init__.py": "",
                     "proj/settings/base.py": BASE})
    found = lint(tmp_path, "proj/settings/base.py")
    assert found == [("proj/settings/base.py", 4, "LL403"), ("proj/settings/base.py", 5, "LL402")]


def test_a_handler_missing_after_the_split_is_reported_where_it_is_named(tmp_path: Path) -> None:
    production = 'from .base import *\n\nLOGGING["root"] = {"handlers": ["consol"]}\n'
    write(tmp_path, {"manage.py": "", "proj/__init__.py": "", "proj/settings/__init__.py": "",
                     "proj/settings/base.py": BASE.replace('"level": "debug"', '"level": "DEBUG"'),
                     "proj/settings/production.py": production})
    found = lint(tmp_path, "proj/settings/production.py")
    assert found == [("proj/settings/production.py", 3, "LL402")]


PROJECT_CLASSES = """\
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "proj.logs.JsonFormatter"},
        "typo": {"()": "proj.logs.JsonFormater"},
        "nomodule": {"()": "proj.logging_utils.JsonFormatter"},
        "starry": {"()": "proj.starry.Anything"},
        "thirdparty": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter"},
        "sub": {"()": "proj.sub.mod.Formatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"]},
}
"""


def test_project_class_paths_are_resolved_on_disk(tmp_path: Path) -> None:
    write(tmp_path, {
        "manage.py": "",
        "proj/__init__.py": "",
        "proj/settings.py": PROJECT_CLASSES,
        "proj/logs.py": "import logging\n\nclass JsonFormatter(logging.Formatter):\n    pass\n",
        "proj/starry.py": "from somewhere import *\n",
        "proj/sub/__init__.py": "",
        "proj/sub/mod.py": "try:\n    from x import Formatter\nexcept ImportError:\n    Formatter = None\n",
    })
    found = lint(tmp_path, "proj/settings.py", select="LL404")
    assert found == [("proj/settings.py", 6, "LL404"), ("proj/settings.py", 7, "LL404")]


RECORD_FIELD = """\
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"rid": {"format": "%(request_id)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "rid"}},
    "root": {"handlers": ["console"]},
}
"""


def test_an_unknown_record_field_is_reported_unless_the_project_sets_a_record_factory(tmp_path: Path) -> None:
    write(tmp_path, {"manage.py": "", "proj/__init__.py": "", "proj/settings.py": RECORD_FIELD})
    assert lint(tmp_path, "proj/settings.py", select="LL406") == [("proj/settings.py", 4, "LL406")]


def test_a_record_factory_anywhere_in_the_project_may_add_the_field(tmp_path: Path) -> None:
    write(tmp_path, {"manage.py": "", "proj/__init__.py": "", "proj/settings.py": RECORD_FIELD,
                     "proj/apps.py": "import logging\nlogging.setLogRecordFactory(make_record)\n"})
    assert lint(tmp_path, "proj/settings.py", select="LL406") == []
