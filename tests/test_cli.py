"""The command line on small projects in tmp_path: what users type, what they see, the exit code."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from loglint.cli import cli

FSTRING = """\
import logging

logger = logging.getLogger(__name__)


def login(user):
    logger.info(f"user {user} logged in")
"""

CLEAN = """\
import logging

logger = logging.getLogger(__name__)


def login(user):
    logger.info("user %s logged in", user)
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def invoke(root: Path, *args: str, input: str | bytes | None = None):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(cwd)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path, {"app/x.py": FSTRING, "app/ok.py": CLEAN})


# -- the "done when" ---------------------------------------------------------------------


def test_fstring_log_call_is_reported_with_path_line_and_column(project):
    result = invoke(project, "app/")
    assert result.exit_code == 1
    assert result.stdout.startswith("app/x.py:7:5: LL101 ")
    assert "Found 1 problem in 1 file (1 fixable with --fix)." in result.stderr


def test_bare_path_is_the_check_command(project):
    assert invoke(project, "app/").stdout == invoke(project, "check", "app/").stdout


def test_clean_project_exits_0(tmp_path):
    write(tmp_path, {"app/ok.py": CLEAN})
    result = invoke(tmp_path, "app")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "All checks passed!" in result.stderr


def test_default_path_is_the_current_directory(project):
    result = invoke(project)
    assert result.exit_code == 1
    assert "app/x.py:7:5: LL101" in result.stdout


def test_misspelled_config_key_exits_2_naming_it_and_the_right_one(project):
    write(project, {"pyproject.toml": "[tool.loglint]\nextend-selct = ['LL101']\n"})
    result = invoke(project, "app")
    assert result.exit_code == 2
    assert "extend-selct" in result.stderr
    assert "extend-select" in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_syntax_error_is_ll001_and_other_files_are_still_checked(project):
    write(project, {"app/broken.py": "def f(:\n    pass\n"})
    result = invoke(project, "--output-format", "concise", "app")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("app/broken.py:1:7: LL001 ")
    assert lines[1].startswith("app/x.py:7:5: LL101 ")


# -- selection and config ------------------------------------------------------------------------


def test_unknown_selector_exits_2_with_the_closest(project):
    result = invoke(project, "app", "--select", "LL10l")
    assert result.exit_code == 2
    assert "LL10l" in result.stderr and "did you mean" in result.stderr


def test_select_ignore_and_names(project):
    assert invoke(project, "app", "--ignore", "LL101").exit_code == 0
    assert invoke(project, "app", "--ignore", "log-fstring").exit_code == 0
    assert invoke(project, "app", "--select", "LL105,LL117").exit_code == 0
    assert invoke(project, "app", "--select", "LL105", "--extend-select", "LL1").exit_code == 1


def test_per_file_ignores(project):
    assert invoke(project, "app", "--per-file-ignores", "app/x.py:LL101").exit_code == 0
    assert invoke(project, "app", "--per-file-ignores", "other/*:LL101").exit_code == 1


def test_bad_per_file_ignores_value_exits_2(project):
    result = invoke(project, "app", "--per-file-ignores", "LL101")
    assert result.exit_code == 2
    assert "GLOB:CODES" in result.stderr


def test_exclude_and_force_exclude(project):
    assert invoke(project, ".", "--extend-exclude", "x.py").exit_code == 0
    # A file named on the command line is checked even when excluded, unless --force-exclude.
    assert invoke(project, "app/x.py", "--extend-exclude", "x.py").exit_code == 1
    assert invoke(project, "app/x.py", "--extend-exclude", "x.py", "--force-exclude").exit_code == 0


def test_migrations_are_excluded_by_default_even_for_pre_commit(project):
    write(project, {"app/migrations/0001_initial.py": FSTRING})
    assert "migrations" not in invoke(project, ".").stdout
    result = invoke(project, "--force-exclude", "app/migrations/0001_initial.py")
    assert result.exit_code == 0


def test_config_and_isolated(project):
    write(project, {"custom.toml": "ignore = ['LL101']\n", "pyproject.toml": "[tool.loglint]\nignore = ['LL1']\n"})
    assert invoke(project, "app").exit_code == 0
    assert invoke(project, "app", "--isolated").exit_code == 1
    assert invoke(project, "app", "--config", "custom.toml").exit_code == 0
    missing = invoke(project, "app", "--config", "nope.toml")
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


def test_missing_path_exits_2_after_checking_the_rest(project):
    result = invoke(project, "app", "nope/")
    assert result.exit_code == 2
    assert "nope/: no such file or directory" in result.stderr
    assert "app/x.py:7:5: LL101" in result.stdout


def test_a_directory_named_like_a_command(tmp_path):
    write(tmp_path, {"rules/x.py": FSTRING})
    result = invoke(tmp_path, "check", "rules")
    assert result.exit_code == 1
    assert "rules/x.py:7:5: LL101" in result.stdout


def test_exit_zero(project):
    assert invoke(project, "app", "--exit-zero").exit_code == 0


def test_cache_options_are_accepted(project):
    assert invoke(project, "app", "--no-cache", "--cache-dir", "/tmp/nowhere-loglint").exit_code == 1


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("loglint ")


# -- fixes ---------------------------------------------------------------------------------------


def test_fix_writes_and_exits_0_when_everything_is_fixed(project):
    result = invoke(project, "app", "--fix")
    assert result.exit_code == 0
    assert 'logger.info("user %s logged in", user)' in (project / "app/x.py").read_text()
    assert "Found 1 problem (1 fixed, 0 remaining)." in result.stderr


def test_exit_non_zero_on_fix(project):
    assert invoke(project, "app", "--fix", "--exit-non-zero-on-fix").exit_code == 1


def test_show_fixes(project):
    result = invoke(project, "app", "--fix", "--show-fixes")
    assert "- app/x.py:" in result.stderr
    assert "1 × LL101 (log-fstring)" in result.stderr


def test_diff_prints_and_writes_nothing(project):
    before = (project / "app/x.py").read_bytes()
    mtime = (project / "app/x.py").stat().st_mtime_ns
    result = invoke(project, "app", "--diff")
    assert result.exit_code == 1
    assert "--- a/app/x.py" in result.stdout and "+++ b/app/x.py" in result.stdout
    assert '+    logger.info("user %s logged in", user)' in result.stdout
    assert "Would fix 1 problem." in result.stderr
    assert (project / "app/x.py").read_bytes() == before
    assert (project / "app/x.py").stat().st_mtime_ns == mtime


def test_diff_with_nothing_to_fix_exits_0(tmp_path):
    write(tmp_path, {"ok.py": CLEAN})
    assert invoke(tmp_path, ".", "--diff").exit_code == 0


def test_nothing_is_written_without_fix(project):
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.rglob("*.py")}
    for args in (["app"], ["app", "--unsafe-fixes"], ["app", "--output-format", "json"], ["app", "--statistics"]):
        invoke(project, *args)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.rglob("*.py")} == snapshot


def test_unsafe_fix_is_hidden_without_unsafe_fixes(tmp_path):
    write(tmp_path, {"x.py": FSTRING.replace('f"user {user} logged in"', '"user " + user')})
    result = invoke(tmp_path, ".")
    assert "LL104" in result.stdout and "[*]" not in result.stdout
    assert "(1 hidden fix can be enabled with --unsafe-fixes)" in result.stderr
    assert "[*]" in invoke(tmp_path, ".", "--unsafe-fixes").stdout
    assert invoke(tmp_path, ".", "--fix").exit_code == 1
    assert invoke(tmp_path, ".", "--fix", "--unsafe-fixes").exit_code == 0


# -- stdin ---------------------------------------------------------------------------------------


def test_stdin_is_reported_under_its_name(tmp_path):
    result = invoke(tmp_path, "-", "--stdin-filename", "app/views.py", "--output-format", "concise", input=FSTRING)
    assert result.exit_code == 1
    assert result.stdout.startswith("app/views.py:7:5: LL101 ")


def test_stdin_fix_prints_the_fixed_source(tmp_path):
    result = invoke(tmp_path, "-", "--stdin-filename", "app/views.py", "--fix", input=FSTRING)
    assert result.exit_code == 0
    assert result.stdout == FSTRING.replace('f"user {user} logged in"', '"user %s logged in", user')


def test_stdin_excluded_by_force_exclude_is_passed_through(tmp_path):
    args = ["-", "--stdin-filename", "app/migrations/0001_initial.py", "--force-exclude"]
    assert invoke(tmp_path, *args, input=FSTRING).exit_code == 0
    fixed = invoke(tmp_path, *args, "--fix", input=FSTRING)
    assert fixed.exit_code == 0 and fixed.stdout == FSTRING


def test_exclude_values_split_on_commas_outside_braces():
    from loglint.cli import _split_globs

    assert _split_globs(["a/*,b", "{x,y}/*.py, c"]) == ["a/*", "b", "{x,y}/*.py", "c"]


def test_stdin_with_other_paths_is_a_usage_error(project):
    assert invoke(project, "-", "app", input="").exit_code == 2


# -- output --------------------------------------------------------------------------------------


def test_json_output_is_ruff_shaped_and_has_no_summary(project):
    result = invoke(project, "app", "--output-format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "LL101"
    assert finding["filename"] == str(project / "app" / "x.py")
    assert finding["location"] == {"row": 7, "column": 5}
    assert finding["fix"]["applicability"] == "safe"
    assert finding["fix"]["edits"], "JSON carries the fix as text edits"
    assert result.stderr == ""


@pytest.mark.skipif(sys.platform != "linux", reason="file names must be bytes")
def test_output_file_takes_a_file_name_that_is_not_utf8(tmp_path):
    (tmp_path / "app").mkdir()
    with open(os.fsencode(tmp_path / "app") + b"/caf\xe9.py", "w") as handle:
        handle.write(FSTRING)
    result = invoke(tmp_path, "app", "-o", "report.json", "--output-format", "json")
    assert result.exit_code == 1, result.stderr
    [finding] = json.loads((tmp_path / "report.json").read_text())
    assert os.fsencode(finding["filename"]).endswith(b"/app/caf\xe9.py")


def _apply(text: str, edits: list[dict]) -> str:
    """Ruff-JSON edits applied bottom-up (1-based rows and columns, end exclusive)."""
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e["location"]["row"], e["location"]["column"]), reverse=True):
        start = starts[edit["location"]["row"] - 1] + edit["location"]["column"] - 1
        end = starts[edit["end_location"]["row"] - 1] + edit["end_location"]["column"] - 1
        text = text[:start] + edit["content"] + text[end:]
    return text


def test_json_edits_are_what_fix_writes_and_cost_no_module_transform(tmp_path, monkeypatch):
    import loglint.fixer

    source = "import logging\nlog = logging.getLogger(__name__)\n" + "".join(
        f'def f{i}(x):\n    log.info(f"x {{x}} {i}")\n    log.warn("%s", "{i}")\n' for i in range(30)
    )
    write(tmp_path, {"app/x.py": source})
    transforms = []
    apply_to_module = loglint.fixer.apply_to_module
    monkeypatch.setattr(loglint.fixer, "apply_to_module", lambda *a: transforms.append(1) or apply_to_module(*a))
    rows = json.loads(invoke(tmp_path, "app", "--output-format", "json").stdout)
    assert len(rows) == 60 and transforms == []
    edited = _apply(source, [edit for row in rows for edit in row["fix"]["edits"]])
    assert invoke(tmp_path, "app", "--fix").exit_code == 0
    assert edited == (tmp_path / "app/x.py").read_text()


def test_output_file(project):
    result = invoke(project, "app", "-o", "out/report.json", "--output-format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((project / "out/report.json").read_text())[0]["code"] == "LL101"


def test_statistics(project):
    result = invoke(project, "app", "--statistics")
    assert result.exit_code == 1
    assert result.stdout == "1\tLL101\t[*] log-fstring\n"


def test_quiet_drops_the_summary(project):
    result = invoke(project, "app", "--quiet")
    assert "app/x.py:7:5" in result.stdout
    assert result.stderr == ""


def test_verbose_says_config_and_skipped_files(project):
    write(project, {"app/cr.py": b"import logging\rlogger = logging.getLogger(__name__)\rlogger.info(f'{x}')\r"})
    write(project, {"app/generated.py": FSTRING})
    result = invoke(project, "app", "app/generated.py", "--extend-exclude", "generated.py", "--force-exclude", "--verbose")
    assert "loglint: config: none (defaults)" in result.stderr
    assert "app/cr.py: checked without fixes" in result.stderr
    assert "app/generated.py: skipped (excluded)" in result.stderr
    assert "app/cr.py:3:1: LL101" in result.stdout and "[*]" not in result.stdout.splitlines()[0]


def test_colors(project, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\x1b[" not in invoke(project, "app").stdout
    assert "\x1b[" in invoke(project, "app", "--color", "always").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in invoke(project, "app").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke(project, "app").stdout
    assert "\x1b[" in invoke(project, "app", "--color", "always").stdout
    assert "\x1b[" not in invoke(project, "app", "--color", "always", "--output-format", "json").stdout


def test_closed_pipe_ends_quietly(tmp_path):
    write(tmp_path, {f"app/m{i}.py": FSTRING for i in range(30)})
    proc = subprocess.run(
        f"{sys.executable} -m loglint app -j 1 | head -n 1",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


# -- rule, rules ---------------------------------------------------------------------------------


def test_rule_by_code_and_name():
    by_code = CliRunner().invoke(cli, ["rule", "LL101"])
    assert by_code.exit_code == 0
    assert by_code.stdout.startswith("LL101 log-fstring")
    assert "What it does" in by_code.stdout and "## " not in by_code.stdout and "```" not in by_code.stdout
    assert CliRunner().invoke(cli, ["rule", "log-fstring"]).stdout == by_code.stdout


def test_unknown_rule_exits_2_with_a_suggestion():
    result = CliRunner().invoke(cli, ["rule", "log-fstrin"])
    assert result.exit_code == 2
    assert "did you mean 'log-fstring'" in result.stderr


def test_rule_all_and_rules_table():
    from loglint.registry import all_rules

    everything = CliRunner().invoke(cli, ["rule", "--all"]).stdout
    table = CliRunner().invoke(cli, ["rules"]).stdout.splitlines()
    assert table[0].split() == ["CODE", "NAME", "DEFAULT", "KIND", "FIX"]
    assert len(table) == len(all_rules()) + 1
    assert "LL002  unused-suppression" in "\n".join(table)
    for rule in all_rules():
        assert f"{rule.code} {rule.name}" in everything


# -- errors are results ----------------------------------------------------------------------------


def test_an_internal_error_in_one_file_exits_2_after_reporting_the_rest(project, monkeypatch):
    import loglint.engine

    real = loglint.engine.check_source

    def flaky(path, *args, **kwargs):
        if path.endswith("ok.py"):
            raise ZeroDivisionError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loglint.engine, "check_source", flaky)
    result = invoke(project, "app")
    assert result.exit_code == 2
    assert "app/x.py:7:5: LL101" in result.stdout
    assert "internal error: app/ok.py: engine: ZeroDivisionError: boom" in result.stderr


def test_a_rule_error_is_reported_with_its_code(project, monkeypatch):
    import loglint.engine

    real = loglint.engine.check_source

    def with_rule_error(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        result.errors.append(("LL117", "KeyError: 'x'"))
        return result

    monkeypatch.setattr(loglint.engine, "check_source", with_rule_error)
    result = invoke(project, "app")
    assert result.exit_code == 2
    assert "internal error: app/x.py: LL117: KeyError: 'x'" in result.stderr


def test_unexpected_exception_is_one_line_and_exit_2(project, monkeypatch):
    import loglint.runner

    def broken(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(loglint.runner, "run_files", broken)
    result = invoke(project, "app")
    assert result.exit_code == 2
    assert result.stderr.startswith("loglint: internal error: RuntimeError: unexpected")


# -- many files ----------------------------------------------------------------------------------


def test_parallel_run_gives_the_same_output(tmp_path):
    write(tmp_path, {f"app/m{i:02}.py": FSTRING if i % 3 else CLEAN for i in range(30)})
    serial = invoke(tmp_path, "app", "-j", "1", "--output-format", "json")
    parallel = invoke(tmp_path, "app", "-j", "2", "--output-format", "json")
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stdout == serial.stdout
    assert len(json.loads(parallel.stdout)) == 20


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="needs the patched function in workers")
@pytest.mark.parametrize("count", [25, 200])  # 200: files go to the workers eight at a time
def test_a_dying_worker_costs_only_its_file(tmp_path, monkeypatch, count):
    import loglint.runner

    write(tmp_path, {f"app/m{i:03}.py" if count > 100 else f"app/m{i:02}.py": FSTRING for i in range(count)})
    real = loglint.runner.Checker.check_path

    culprit = "m007.py" if count > 100 else "m07.py"

    def crash_on_m07(self, path):
        if path.endswith(culprit):
            os._exit(1)
        return real(self, path)

    monkeypatch.setattr(loglint.runner.Checker, "check_path", crash_on_m07)
    result = invoke(tmp_path, "app", "-j", "2", "--output-format", "concise")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == count - 1
    assert culprit not in result.stdout
    assert f"internal error: app/{culprit}: engine: the worker process died" in result.stderr
    assert result.stderr.count("internal error") == 1


def test_python_dash_m_and_no_traceback_on_a_bad_config(tmp_path):
    write(tmp_path, {"app/x.py": FSTRING, "loglint.toml": "select = 3\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "app"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "select" in proc.stderr


# -- pre-commit ----------------------------------------------------------------------------------


def test_pre_commit_hooks():
    text = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "- id: loglint\n" in text and "- id: loglint-fix\n" in text
    assert "entry: loglint check --force-exclude\n" in text
    assert "entry: loglint check --fix --force-exclude\n" in text
    assert text.count("types_or: [python, pyi]") == 2
    assert text.count("language: python") == 2


def test_pool_batches_cover_every_file_once_largest_first(tmp_path):
    from loglint.runner import _batches

    files = []
    for i in range(300):
        path = tmp_path / f"f{i:03}.py"
        path.write_text("x = 1\n" * (i % 37))
        files.append(str(path))
    pending = list(range(0, 300, 2))
    batches = _batches(files, pending, 2, fixing=False)
    flat = [index for batch in batches for index, _ in batch]
    assert sorted(flat) == pending
    sizes = [os.path.getsize(files[index]) for index in flat]
    assert sizes == sorted(sizes, reverse=True)
    assert max(len(b) for b in batches) == 8 and len(batches) >= 2 * 8
    assert all(len(b) == 1 for b in _batches(files, pending, 2, fixing=True))
    assert all(len(b) == 1 for b in _batches(files, pending[:20], 2, fixing=False))  # few files: one each
