"""LL6 (Datadog, New Relic, Scout): a small project end to end, the project-wide SCOUT_MONITOR question, the
`INSTALLED_APPS` fix on layouts the fixtures do not show, and the secret-shape test."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import libcst as cst
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from harness import assert_clean, assert_fixed, assert_reports, fix, reported
from loglint.cli import cli
from loglint.project import ProjectIndex, mentions_in_code
from loglint.semantics.apm import _move_first, looks_like_secret

PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "apm_shop"

EXPECTED = [
    ("manage.py", 15, "LL602"),
    ("shop/celery.py", 8, "LL602"),
    ("shop/settings/base.py", 20, "LL605"),
    ("shop/settings/base.py", 20, "LL606"),
    ("shop/settings/production.py", 6, "LL601"),
    ("shop/settings/production.py", 9, "LL603"),
    ("shop/tracing.py", 12, "LL603"),
    ("shop/wsgi.py", 8, "LL604"),
]


def lint(root: Path, *args: str) -> list[tuple[str, int, str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            cli, ["--isolated", "--select", "LL6", "-j", "1", "--output-format", "json", *args, "."], catch_exceptions=False
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    if "--fix" in args:
        return []
    found = json.loads(result.stdout)
    return sorted((Path(f["filename"]).resolve().relative_to(root.resolve()).as_posix(), f["location"]["row"], f["code"]) for f in found)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "apm_shop"
    shutil.copytree(PROJECT, root)
    return root


def test_every_finding_of_the_project(shop):
    assert lint(shop) == EXPECTED


def test_scout_monitor_set_in_another_settings_module_counts(shop):
    production = shop / "shop/settings/production.py"
    production.write_text(production.read_text() + 'SCOUT_MONITOR = os.environ.get("SCOUT_MONITOR") == "1"\n')
    assert ("shop/settings/base.py", 20, "LL606") not in lint(shop)


def test_scout_monitor_in_a_comment_does_not_count(shop):
    production = shop / "shop/settings/production.py"
    production.write_text(production.read_text() + "# TODO: set SCOUT_MONITOR\n")
    assert ("shop/settings/base.py", 20, "LL606") in lint(shop)


def test_fix_moves_scout_first_in_the_base_settings(shop):
    lint(shop, "--fix")
    base = (shop / "shop/settings/base.py").read_text()
    assert 'INSTALLED_APPS = [\n    # APM\n    "scout_apm.django",\n    "django.contrib.admin",' in base
    assert [f for f in lint(shop) if f[2] == "LL605"] == []


def test_app_found_by_the_project_index_counts_as_the_app(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config/__init__.py").write_text("")
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/__init__.py").write_text("")
    (tmp_path / "orders/tasks.py").write_text("X = 1\n")
    (tmp_path / "config/celery.py").write_text(
        "from celery import Celery\nfrom orders import tasks\nimport ddtrace.auto\nimport requests\n"
    )
    (tmp_path / "config/early.py").write_text("from celery import Celery\nimport requests\nimport ddtrace.auto\n")
    assert lint(tmp_path) == [("config/celery.py", 3, "LL602")]


def test_settings_files_of_a_project(shop):
    index = ProjectIndex(shop)
    names = sorted(p.relative_to(shop).as_posix() for p in index.settings_files())
    assert names == ["shop/settings/__init__.py", "shop/settings/base.py", "shop/settings/dev.py", "shop/settings/production.py"]
    assert index.settings_mention(b"SCOUT_NAME") and not index.settings_mention(b"SCOUT_MONITOR")


def test_mentions_count_names_and_strings_not_comments():
    assert mentions_in_code(b"SCOUT_MONITOR = True\n", b"SCOUT_MONITOR")
    assert mentions_in_code(b'os.environ.setdefault("SCOUT_MONITOR", "1")\n', b"SCOUT_MONITOR")
    assert not mentions_in_code(b"# SCOUT_MONITOR = True\n", b"SCOUT_MONITOR")
    assert not mentions_in_code(b"MY_SCOUT_MONITORING = 1\n", b"SCOUT_MONITOR")


@pytest.mark.parametrize(
    "text",
    ["4f8a2c91d0e7b3a65c1f9e2d8b7a0c43", "Hx3Jq9Zt2Lw8Pv4Rn6Ty", "eu01xx9c2e7f10a4b8d3e6f5a1c0b9d8e7fNRAL"],
)
def test_key_shaped_literals(text):
    assert looks_like_secret(text)


@pytest.mark.parametrize(
    "text",
    ["", "changeme", "YOUR_DD_API_KEY_123456", "<scout-key-0123456789>", "${DD_API_KEY_1234567890}",
     "00000000000000000000000000000000", "abc123 abc123 abc123 abc123", "example-key-1234567890",
     "DD_API_KEY", "xxxxxxxxxxxxxxxx1234"],
)
def test_placeholders_are_not_secrets(text):
    assert not looks_like_secret(text)


def test_fix_single_line_trailing_comma():
    assert_fixed(
        'INSTALLED_APPS = ["a", "b", "scout_apm.django",]\n',
        'INSTALLED_APPS = ["scout_apm.django", "a", "b",]\n',
        ["LL605"],
        filename="shop/settings.py",
    )


def test_fix_keeps_the_comment_after_the_bracket_and_before_the_closing_bracket():
    assert_fixed(
        'INSTALLED_APPS = [  # apps\n    "a",\n    "scout_apm.django",  # apm\n    # more later\n]\n',
        'INSTALLED_APPS = [  # apps\n    "scout_apm.django",  # apm\n    "a",\n    # more later\n]\n',
        ["LL605"],
        filename="shop/settings.py",
    )


def test_mixed_layout_is_reported_without_a_fix():
    src = 'INSTALLED_APPS = ["a", "b",\n    "scout_apm.django"]\n'
    assert reported(src, ["LL605"], filename="shop/settings.py") == [(2, "LL605")]
    literal = cst.parse_module(src).body[0].body[0].value
    assert _move_first(literal, 2) is None


def test_listed_twice_is_reported_without_a_fix():
    src = 'INSTALLED_APPS = ["a", "scout_apm.django", "scout_apm.django"]\n'
    assert reported(src, ["LL605"], filename="shop/settings.py") == [(1, "LL605"), (1, "LL605")]
    assert_fixed(src, src, ["LL605"], filename="shop/settings.py")


def test_spread_of_a_known_list_is_before_scout():
    src = 'BASE = ["a"]\nINSTALLED_APPS = [*BASE, "scout_apm.django"]\nEMPTY = []\nINSTALLED_APPS = [*EMPTY, "scout_apm.django"]\n'
    assert_reports(src, [(2, "LL605")], filename="shop/settings.py")


def test_settings_class_attribute_and_annotated_key():
    assert_reports('class Prod:\n    DD_API_KEY: str = "4f8a2c91d0e7b3a65c1f9e2d8b7a0c43"\n', [(2, "LL601")], filename="shop/settings.py")


def test_split_settings_name_variants():
    src = 'INSTALLED_APPS = ["a", "scout_apm.django"]\n'
    assert_reports(src, [(1, "LL605")], filename="proj/settings_production.py")
    assert_clean(src, ["LL605"], filename="proj/settings_local.py")
    assert_clean(src, ["LL605"], filename="proj/local_settings.py")


def test_configured_dev_settings_are_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.loglint]\ndev-settings = ["**/settings/staging.py"]\n')
    (tmp_path / "shop/settings").mkdir(parents=True)
    for name in ("staging.py", "production.py"):
        (tmp_path / "shop/settings" / name).write_text('INSTALLED_APPS = ["a", "scout_apm.django"]\nSCOUT_MONITOR = True\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--select", "LL6", "--output-format", "concise", "."], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert "shop/settings/production.py:1:" in result.stdout
    assert "staging.py" not in result.stdout


def test_comment_above_a_single_line_list_blocks_the_fix():
    src = 'INSTALLED_APPS = [\n    # core\n    "a", "scout_apm.django"]\n'
    assert reported(src, ["LL605"], filename="shop/settings.py") == [(3, "LL605")]
    assert_fixed(src, src, ["LL605"], filename="shop/settings.py")



@st.composite
def installed_apps(draw):
    count = draw(st.integers(2, 6))
    scout = draw(st.integers(1, count - 1))
    apps = [f"app{i}" for i in range(count)]
    apps[scout] = "scout_apm.django"
    multiline = draw(st.booleans())
    trailing = draw(st.booleans())
    if not multiline:
        body = ", ".join(f'"{a}"' for a in apps) + ("," if trailing else "")
        return f"INSTALLED_APPS = [{body}]\n", apps, []
    comments = []
    lines = ["INSTALLED_APPS = ["]
    for i, app in enumerate(apps):
        if draw(st.booleans()):
            comments.append(f"# above {app}")
            lines.append(f"    # above {app}")
        comma = "," if i < count - 1 or trailing else ""
        after = ""
        if draw(st.booleans()):
            comments.append(f"# after {app}")
            after = f"  # after {app}"
        lines.append(f'    "{app}"{comma}{after}')
    if draw(st.booleans()):
        comments.append("# closing")
        lines.append("    # closing")
    lines.append("]")
    return "\n".join(lines) + "\n", apps, comments


@settings(max_examples=60, deadline=None)
@given(installed_apps())
def test_fix_moves_scout_first_and_keeps_every_comment_with_its_app(case):
    src, apps, comments = case
    fixed = fix(src, ["LL605"], filename="shop/settings.py")
    namespace: dict = {}
    exec(compile(fixed, "settings.py", "exec"), namespace)
    assert namespace["INSTALLED_APPS"] == ["scout_apm.django"] + [a for a in apps if a != "scout_apm.django"]
    for comment in comments:
        assert fixed.count(comment) == 1
        if comment.startswith("# above "):
            app = comment[len("# above "):]
            assert f'{comment}\n    "{app}"' in fixed
        elif comment.startswith("# after "):
            app = comment[len("# after "):]
            line = next(line for line in fixed.splitlines() if comment in line)
            assert f'"{app}"' in line
    assert reported(fixed, ["LL605"], filename="shop/settings.py") == []


def test_a_top_level_celery_module_imports_the_library_not_itself(tmp_path):
    (tmp_path / "manage.py").write_text("")
    (tmp_path / "celery.py").write_text("from celery import Celery\nfrom ddtrace import patch\npatch(django=True)\n")
    assert lint(tmp_path) == []
