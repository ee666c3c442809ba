"""Sentry semantics: DSN parsing as the SDK does it, literals, resolution, the project-wide event level."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from click.testing import CliRunner

from harness import assert_clean, assert_reports
from loglint.cli import cli
from loglint.semantics.sentry import UNKNOWN, dsn_has_secret, dsn_problem, literal

DSNS = [
    "https://public@o0.ingest.sentry.io/0",
    "https://public@o0.ingest.us.sentry.io/4500000000000000",
    "http://public@localhost:9000/2",
    "https://public:secret@sentry.example.com/7",
    "https://public@sentry.example.com/path/to/7",
    "https://public@sentry.example.com/7/",
    "https://public@sentry.example.com/ 7",
    "https://public@sentry.example.com/+7",
    "https://public@sentry.example.com/1_000",
    "https://public@sentry.example.com/0x1",
    " https://public@sentry.example.com/7",
    "HTTPS://public@sentry.example.com/7",
    "https://public@[::1]:9000/7",
    "https://public@[::1/7",
    "https://public@sentry.example.com:port/7",
    "https://public@sentry.example.com:99999/7",
    "https://public@sentry.example.com:/7",
    "https://:secret@sentry.example.com/7",
    "https://sentry.example.com/7",
    "https://public@/7",
    "https://public@sentry.example.com",
    "https://public@sentry.example.com/",
    "https://public@sentry.example.com/project",
    "ftp://public@sentry.example.com/7",
    "sentry.example.com/7",
    "public@sentry.example.com/7",
    "YOUR_SENTRY_DSN",
    "<your-dsn>",
    "https://<key>@<org>.ingest.sentry.io/<project>",
    "https://public@sentry.example.com/7?timeout=1",
    "https://public@sentry.example.com/7#x",
]

PROBE = r"""
import json, sys
from sentry_sdk.utils import Dsn
out = []
for text in json.load(sys.stdin):
    try:
        Dsn(text)
        out.append(None)
    except Exception as error:
        out.append(type(error).__name__)
json.dump(out, sys.stdout)
"""


def test_dsn_problems_match_the_sdk():
    pytest.importorskip("sentry_sdk")
    done = subprocess.run(
        [sys.executable, "-c", PROBE], input=json.dumps(DSNS), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    sdk = dict(zip(DSNS, json.loads(done.stdout)))
    ours = {text: (problem[1] if (problem := dsn_problem(text)) else None) for text in DSNS}
    assert ours == sdk


def test_empty_dsn_disables_sending_and_is_no_problem():
    assert dsn_problem("") is None


def test_legacy_secret_is_seen():
    assert dsn_has_secret("https://public:secret@sentry.example.com/7")
    assert not dsn_has_secret("https://public@sentry.example.com/7")


@pytest.mark.parametrize(
    "code,value",
    [
        ("0.5", 0.5),
        ("1_0", 10),
        ("0x10", 16),
        ("-1", -1),
        ("+0.5", 0.5),
        ('"a" "b"', "ab"),
        ("True", True),
        ("None", None),
        ('f"{x}"', UNKNOWN),
        ('b"x"', UNKNOWN),
        ("os.environ['X']", UNKNOWN),
        ("-True", UNKNOWN),
        ("RATE", UNKNOWN),
    ],
)
def test_literal(code, value):
    assert literal(cst.parse_expression(code)) == value


def test_shadowed_init_is_not_sentry():
    assert_clean(
        """
        import sentry_sdk

        def f(sentry_sdk):
            sentry_sdk.init(with_locals=True)
        """,
        ["LL505"],
    )


def test_init_imported_in_a_function():
    assert_reports(
        """
        def configure():
            from sentry_sdk import init
            init(with_locals=True)
        """,
        [(4, "LL505")],
    )


def test_relative_sentry_sdk_module_is_not_the_sdk():
    assert_clean(
        """
        from . import sentry_sdk

        sentry_sdk.init(with_locals=True)
        """,
        ["LL505"],
        filename="proj/app/module.py",
    )


def test_max_sample_rate_comes_from_config(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.loglint.sentry]\nmax-sample-rate = 0.6\n")
    (tmp_path / "settings.py").write_text(
        "import sentry_sdk\nsentry_sdk.init(traces_sample_rate=0.5)\nsentry_sdk.Client(traces_sample_rate=0.7)\n"
    )
    result = _invoke(tmp_path, "--select", "LL502", "--output-format", "concise", "settings.py")
    assert "settings.py:2" not in result.stdout
    assert "settings.py:3:19: LL502" in result.stdout


def test_dev_settings_globs_come_from_config(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.loglint]\ndev-settings = ["conf/staging_*.py"]\n')
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "staging_eu.py").write_text("import sentry_sdk\nsentry_sdk.init(debug=True)\n")
    (tmp_path / "conf" / "prod.py").write_text("import sentry_sdk\nsentry_sdk.init(debug=True)\n")
    result = _invoke(tmp_path, "--select", "LL504", "--output-format", "concise", "conf")
    assert "prod.py:2" in result.stdout
    assert "staging_eu.py" not in result.stdout


HANDLER = """
import logging

import sentry_sdk

logger = logging.getLogger(__name__)


def sync(client):
    try:
        client.push()
    except ConnectionError:
        logger.error("sync failed")
        sentry_sdk.capture_exception()
"""


def _project(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "manage.py").write_text("")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("")
    (tmp_path / "proj" / "settings.py").write_text(textwrap.dedent(settings))
    (tmp_path / "proj" / "sync.py").write_text(HANDLER)
    return tmp_path


def _invoke(root: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_double_report_uses_the_project_logging_integration(tmp_path: Path):
    root = _project(
        tmp_path,
        """
        import logging

        import sentry_sdk
        from sentry_sdk.integrations.logging import LoggingIntegration

        sentry_sdk.init(integrations=[LoggingIntegration(event_level=logging.CRITICAL)])
        """,
    )
    result = _invoke(root, "--select", "LL512", "proj/sync.py")
    assert "LL512" not in result.stdout


def test_double_report_with_the_default_integration(tmp_path: Path):
    root = _project(tmp_path, "import sentry_sdk\n\nsentry_sdk.init()\n")
    result = _invoke(root, "--select", "LL512", "--output-format", "concise", "proj/sync.py")
    assert "proj/sync.py:14:9: LL512" in result.stdout


def test_double_report_when_defaults_are_off(tmp_path: Path):
    root = _project(tmp_path, "import sentry_sdk\n\nsentry_sdk.init(default_integrations=False)\n")
    result = _invoke(root, "--select", "LL512", "proj/sync.py")
    assert "LL512" not in result.stdout


def test_optional_import_idiom_resolves():
    assert_reports(
        """
        try:
            import sentry_sdk
            from sentry_sdk.integrations.django import DjangoIntegration
        except ImportError:
            sentry_sdk = None
            DjangoIntegration = None

        if sentry_sdk:
            sentry_sdk.init(with_locals=True, integrations=[DjangoIntegration(transaction_style="path")])
        """,
        [(10, "LL505"), (10, "LL507")],
    )


def test_a_name_also_bound_to_something_else_is_not_resolved():
    assert_clean(
        """
        try:
            import sentry_sdk
        except ImportError:
            from myproj import fake_sentry as sentry_sdk

        sentry_sdk.init(with_locals=True)
        """,
        ["LL505"],
    )


PRODUCTION_ONLY = """
import sentry_sdk

sentry_sdk.init(send_default_pii=True, traces_sample_rate=1.0, debug=True, max_request_body_size="always")
"""


@pytest.mark.parametrize("code", ["LL501", "LL502", "LL504", "LL508"])
@pytest.mark.parametrize(
    "path",
    ["proj/settings/dev.py", "proj/settings/local_eu.py", "proj/settings_test.py", "proj/local_settings.py",
     "proj/tests/test_sentry.py"],
)
def test_production_only_rules_skip_development_files(code, path):
    assert_reports(PRODUCTION_ONLY, [(4, code)], [code], filename="proj/settings/production.py")
    assert_clean(PRODUCTION_ONLY, [code], filename=path)


def test_a_positional_name_is_the_dsn_not_hidden_options():
    assert_reports(
        """
        import sentry_sdk
        from django.conf import settings

        sentry_sdk.init(settings.SENTRY_DSN, enable_tracing=True)
        sentry_sdk.init(settings.SENTRY_DSN, request_bodies="small")
        """,
        [(5, "LL502"), (6, "LL505")],
    )


def test_removed_option_fix_with_a_positional_dsn():
    from harness import assert_fixed

    assert_fixed(
        """
        import sentry_sdk

        sentry_sdk.init(SENTRY_DSN, with_locals=False)
        """,
        """
        import sentry_sdk

        sentry_sdk.init(SENTRY_DSN, include_local_variables=False)
        """,
        ["LL505"],
    )


@pytest.mark.parametrize(
    "before,after",
    [
        (
            'init(_experiments={"enable_logs": True}, dsn=DSN)',
            "init(enable_logs=True, dsn=DSN)",
        ),
        (
            'init(dsn=DSN, _experiments={"max_spans": 5, "enable_logs": True})',
            'init(dsn=DSN, _experiments={"max_spans": 5}, enable_logs=True)',
        ),
        (
            'init(_experiments={"enable_logs": True, "max_spans": 5}, release="1")',
            'init(_experiments={"max_spans": 5}, enable_logs=True, release="1")',
        ),
        (
            'init(_experiments={"enable_logs": True, "before_send_log": drop})',
            "init(before_send_log=drop, enable_logs=True)",
        ),
    ],
)
def test_experiments_move_to_options(before, after):
    from harness import fix

    header = "from sentry_sdk import init\n\n"
    assert fix(header + before + "\n", ["LL506"]) == header + after + "\n"


def test_loglint_runs_without_sentry_sdk_installed():
    """The option table is plain data: the LL5 rules work where sentry-sdk cannot be imported."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "sentry" / "LL505.py"
    script = (
        "import sys; sys.modules['sentry_sdk'] = None\n"
        "from loglint.cli import main\n"
        f"sys.argv = ['loglint', '--isolated', '--no-cache', '--select', 'LL505', {str(fixture)!r}]\n"
        "main()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent / "src"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "LL505" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "call,reported",
    [
        ('ignore_logger("proj.sync")', False),
        ('ignore_logger("proj.*")', False),
        ('ignore_logger("django.security.DisallowedHost")', True),
        ("ignore_logger(NOISY)", False),
    ],
)
def test_double_report_knows_ignored_loggers(tmp_path: Path, call: str, reported: bool):
    root = _project(
        tmp_path,
        f"""
        import sentry_sdk
        from sentry_sdk.integrations.logging import ignore_logger

        NOISY = "x"
        sentry_sdk.init()
        {call}
        """,
    )
    result = _invoke(root, "--select", "LL512", "proj/sync.py")
    assert ("LL512" in result.stdout) is reported


ODD_SHAPES = """
import logging
import sentry_sdk
from sentry_sdk import init, capture_exception
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.integrations.django import DjangoIntegration

sentry_sdk.init(*ARGS)
sentry_sdk.init(*ARGS, **KWARGS)
sentry_sdk.init(**{**BASE, "debug": True})
sentry_sdk.init({"dsn": 1}, {"debug": True})
sentry_sdk.init({1: 2, "with_locals": True})
sentry_sdk.init(b"https://public@o0.ingest.sentry.io/0")
sentry_sdk.init(dsn=f"https://{KEY}@o0.ingest.sentry.io/0", traces_sample_rate=1e400)
sentry_sdk.init(_experiments={**BASE}, data_collection={**BASE, 1: 2})
sentry_sdk.init(_experiments=[("enable_logs", True)])
sentry_sdk.init(data_collection={"cookies": {"mode": ["off"], "terms": None}, "http_headers": {1: 2}})
(lambda: sentry_sdk.init(debug=True))()
[sentry_sdk.init() for _ in range(2)]
LoggingIntegration(*LEVELS)
LoggingIntegration(event_level=logging.NOT_A_LEVEL)
DjangoIntegration(transaction_style=None)
sentry_sdk.init.__wrapped__(with_locals=True)
try:
    pass
except* ValueError:
    logging.error("x")
    capture_exception()
try:
    pass
except Exception as (e):
    pass
"""


def test_odd_shapes_do_not_break_the_rules():
    source = ODD_SHAPES.replace("except Exception as (e):", "except Exception as e:")
    from harness import run

    result = run(source, ["LL5"])
    assert result.errors == []


SENTRY_FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "sentry").glob("LL5*.py"))


@pytest.mark.parametrize(
    "path", [p for p in SENTRY_FIXTURES if not p.name.endswith(".fixed.py")], ids=lambda p: p.name
)
def test_the_gate_keeps_what_the_sentry_rules_see(path: Path):
    """With only the LL5 rules selected, the candidate gate must not hide a finding (the `ALL` run of
    test_prefilter keeps more, through the other families' facts)."""
    from harness import default_config, fixture_path
    from loglint.engine import check_source
    from loglint.registry import matches

    data = path.read_bytes()
    filename = fixture_path(data.decode(), f"app/{path.stem}.py")
    rules = matches("LL5")
    runs = [check_source(filename, data, rules, default_config(), gate=gate) for gate in ("off", "statements")]
    assert [sorted((f.line, f.code, f.message) for f in r.findings) for r in runs] == [
        sorted((f.line, f.code, f.message) for f in runs[0].findings)
    ] * 2


def test_a_warm_cache_sees_edits_to_the_logging_integration_elsewhere(tmp_path: Path, monkeypatch):
    """LL512 reads other modules through the project index, which records them for the cache: editing
    the settings, or adding a module that calls `ignore_logger`, rechecks the handler's file."""
    from loglint import cache as cache_module

    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)  # the cache in the project, as users have it
    root = _project(tmp_path, "import sentry_sdk\n\nsentry_sdk.init()\n")
    args = ("--select", "LL512", "--output-format", "concise", "proj")
    assert "LL512" in _invoke(root, *args).stdout
    assert "LL512" in _invoke(root, *args).stdout  # served from the cache
    assert (root / ".loglint_cache").is_dir()
    (root / "proj" / "settings.py").write_text(
        "import sentry_sdk\nfrom sentry_sdk.integrations.logging import LoggingIntegration\n\n"
        "sentry_sdk.init(integrations=[LoggingIntegration(event_level=None)])\n"
    )
    assert "LL512" not in _invoke(root, *args).stdout
    (root / "proj" / "settings.py").write_text("import sentry_sdk\n\nsentry_sdk.init()\n")
    assert "LL512" in _invoke(root, *args).stdout
    (root / "proj" / "quiet.py").write_text(
        "from sentry_sdk.integrations.logging import ignore_logger\n\nignore_logger('proj.*')\n"
    )
    assert "LL512" not in _invoke(root, *args).stdout


def test_a_positional_dsn_in_a_file_that_never_spells_dsn():
    assert_reports(
        """
        import sentry_sdk

        sentry_sdk.init("https://abc123@o1.ingest.sentry.io/42")
        """,
        [(4, "LL503")],
    )
