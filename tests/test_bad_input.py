"""PRODUCT.md "Reliability": every kind of bad input is checked or reported as LL001 / a clear per-file
message, the rest of the run goes on, the exit code is the documented one, and there is never a traceback.

Each case puts the bad file beside `app/good.py` (an f-string log call, LL101) and runs the command line.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from loglint.cli import cli
from loglint.parsing import DEFAULT_MAX_FILE_BYTES

GOOD = b'import logging\n\nlogger = logging.getLogger(__name__)\nlogger.info(f"user {user}")\n'
FSTRING_LINE = b'logger.info(f"user {user}")'
FIXED_LINE = b'logger.info("user %s", user)'


def project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, data in {"app/good.py": GOOD, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp_path


def invoke(root: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["--output-format", "concise", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def assert_rest_checked(result) -> None:
    assert "app/good.py:4:1: LL101" in result.stdout


def findings_for(result, name: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(f"app/{name}:")]


# -- files that are checked normally ---------------------------------------------------------------

CHECKED = {
    "empty": b"",
    "only a newline": b"\n",
    "bom": b"\xef\xbb\xbf" + GOOD,
    "crlf": GOOD.replace(b"\n", b"\r\n"),
    "latin-1 with a cookie": b"# -*- coding: latin-1 -*-\n" + GOOD.replace(b"user {user}", b"caf\xe9 {user}"),
    "tabs": b"import logging\nlogger = logging.getLogger(__name__)\nif True:\n\tlogger.info(f'{x}')\n",
    "form feed between lines": b"import logging\n\x0c\nlogger = logging.getLogger(__name__)\nlogger.info(f'{x}')\n",
    "form feed before code": b"import logging\nlogger = logging.getLogger(__name__)\n\x0clogger.info(f'{x}')\n",
    "no newline at the end": GOOD.rstrip(b"\n"),
    "python 3.12 generics": b"type X = int\ndef f[T](x: T) -> T:\n    return x\n",
    "python 3.12 f-string quotes": b'import logging\nlogger = logging.getLogger(__name__)\nlogger.info(f"{x["a"]}")\n',
    "match statement": b"match x:\n    case [1, *rest]:\n        pass\n",
}


@pytest.mark.parametrize("name", CHECKED, ids=list(CHECKED))
def test_checked_without_error(tmp_path, name):
    root = project(tmp_path, {"app/case.py": CHECKED[name]})
    result = invoke(root, "app")
    assert result.exit_code == 1
    assert_rest_checked(result)
    assert not any("LL001" in line for line in findings_for(result, "case.py")), result.stdout
    assert "internal error" not in result.stderr


# -- files reported as LL001 -----------------------------------------------------------------------

REPORTED = {
    "syntax error": (b"def f(:\n    pass\n", "SyntaxError"),
    "undecodable bytes": (b"x = '\xff\xfe'\n", "cannot decode"),
    "bad utf-8 after a valid start": (b"x = 1\ny = '\xc3\x28'\n", "cannot decode"),
    "unknown coding cookie": (b"# -*- coding: klingon -*-\nx = 1\n", "cannot decode"),
    "nul bytes": (b"x = 1\x00\n", "null bytes"),
}


@pytest.mark.parametrize("name", REPORTED, ids=list(REPORTED))
def test_reported_as_ll001_and_the_run_goes_on(tmp_path, name):
    data, words = REPORTED[name]
    root = project(tmp_path, {"app/case.py": data})
    started = time.monotonic()
    result = invoke(root, "app")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert_rest_checked(result)
    [line] = findings_for(result, "case.py")
    assert " LL001 " in line and words in line


def test_deeply_nested_brackets_do_not_crash_the_process(tmp_path):
    nested = b"x = " + b"(" * 1500 + b"1" + b")" * 1500 + b"\n"
    deep_list = b"x = " + b"[" * 1500 + b"]" * 1500 + b"\n"
    root = project(tmp_path, {"app/nested.py": nested, "app/deep_list.py": deep_list})
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "app", "--output-format", "concise"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "app/good.py:4:1: LL101" in proc.stdout
    assert proc.stdout.count(" LL001 ") == 2


def test_huge_file_is_skipped_without_being_read(tmp_path, monkeypatch):
    huge = b"# generated\n" + b"x = 1\n" * (DEFAULT_MAX_FILE_BYTES // 6 + 10)
    root = project(tmp_path, {"app/huge.py": huge})
    result = invoke(root, "app")
    assert result.exit_code == 1
    assert_rest_checked(result)
    assert findings_for(result, "huge.py") == []  # valid Python: a warning, not an LL001 finding
    assert "huge.py: file skipped: " in result.stderr and "limit" in result.stderr


def test_valid_but_too_deep_file_is_skipped_with_a_warning(tmp_path):
    chain = b"print(1)\nx = " + b"+".join([b"1"] * 5000) + b"\n"  # a candidate: LibCST would be needed
    root = project(tmp_path, {"app/chain.py": chain})
    started = time.monotonic()
    result = invoke(root, "app")
    assert time.monotonic() - started < 30
    assert_rest_checked(result)
    assert findings_for(result, "chain.py") == []
    assert "chain.py: file skipped: expressions nested more than" in result.stderr


def test_a_too_deep_file_no_rule_needs_is_checked_without_libcst(tmp_path):
    # the candidate gate decides before the depth cap: nothing in it could be reported, nothing is lost
    root = project(tmp_path, {"app/chain.py": b"x = " + b"+".join([b"1"] * 5000) + b"\n"})
    result = invoke(root, "app")
    assert findings_for(result, "chain.py") == [] and "chain.py" not in result.stderr


def test_only_skipped_files_exit_zero(tmp_path):
    root = project(tmp_path, {"app/chain.py": b"print(1)\nx = " + b"+".join([b"1"] * 5000) + b"\n"})
    (root / "app" / "good.py").unlink()
    result = invoke(root, "app")
    assert result.exit_code == 0, result.output


def test_symlink_loops_are_skipped_with_a_message(tmp_path):
    root = project(tmp_path, {})
    os.symlink("loop_b", root / "app" / "loop_a")
    os.symlink("loop_a", root / "app" / "loop_b")
    os.symlink(".", root / "app" / "self")
    os.symlink("x.py", root / "app" / "x.py")
    result = invoke(root, "app")
    assert result.exit_code == 1
    assert_rest_checked(result)
    assert "symlink loop" in result.stderr


def test_a_named_symlink_loop_is_an_error_after_the_rest(tmp_path):
    root = project(tmp_path, {})
    os.symlink("loop.py", root / "loop.py")
    result = invoke(root, "app", "loop.py")
    assert result.exit_code == 2
    assert_rest_checked(result)
    assert "loop.py: symlink loop" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads mode-000 files")
def test_unreadable_file(tmp_path):
    root = project(tmp_path, {"app/secret.py": GOOD})
    (root / "app/secret.py").chmod(0)
    try:
        result = invoke(root, "app")
    finally:
        (root / "app/secret.py").chmod(0o644)
    assert result.exit_code == 1
    assert_rest_checked(result)
    [line] = findings_for(result, "secret.py")
    assert " LL001 cannot read: Permission denied" in line


def test_a_read_error_is_ll001_and_the_run_goes_on(tmp_path, monkeypatch):
    """The same path as above, for runs as root: `open` itself fails."""
    import builtins

    root = project(tmp_path, {"app/secret.py": GOOD})
    real_open = builtins.open

    def failing_open(file, mode="r", *args, **kwargs):
        if str(file).endswith("secret.py") and "b" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    result = invoke(root, "app")
    assert result.exit_code == 1
    assert_rest_checked(result)
    [line] = findings_for(result, "secret.py")
    assert " LL001 cannot read: Permission denied" in line


@pytest.mark.skipif(os.name != "posix", reason="directory permissions")
def test_unreadable_directory_is_skipped_with_a_message(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads mode-000 directories")
    root = project(tmp_path, {"app/locked/x.py": GOOD})
    (root / "app/locked").chmod(0)
    try:
        result = invoke(root, "app")
    finally:
        (root / "app/locked").chmod(0o755)
    assert result.exit_code == 1
    assert "app/locked: cannot read directory" in result.stderr


# -- fixes on unusual files ------------------------------------------------------------------------


def fix(root: Path, *args: str):
    return invoke(root, "app", "--fix", *args)


def test_fix_keeps_the_bom(tmp_path):
    root = project(tmp_path, {"app/case.py": b"\xef\xbb\xbf" + GOOD})
    fix(root)
    assert (root / "app/case.py").read_bytes() == b"\xef\xbb\xbf" + GOOD.replace(FSTRING_LINE, FIXED_LINE)


def test_fix_keeps_crlf(tmp_path):
    root = project(tmp_path, {"app/case.py": GOOD.replace(b"\n", b"\r\n")})
    fix(root)
    assert (root / "app/case.py").read_bytes() == GOOD.replace(FSTRING_LINE, FIXED_LINE).replace(b"\n", b"\r\n")


def test_fix_keeps_latin1(tmp_path):
    before = b"# -*- coding: latin-1 -*-\n" + GOOD.replace(b"user {user}", b"caf\xe9 {user}")
    root = project(tmp_path, {"app/case.py": before})
    result = fix(root)
    assert result.exit_code == 0
    after = (root / "app/case.py").read_bytes()
    assert after == before.replace(b'f"caf\xe9 {user}"', b'"caf\xe9 %s", user')
    after.decode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        after.decode("utf-8")


def test_fix_keeps_permissions(tmp_path):
    root = project(tmp_path, {"app/case.py": GOOD})
    (root / "app/case.py").chmod(0o751)
    fix(root)
    assert stat.S_IMODE((root / "app/case.py").stat().st_mode) == 0o751
    assert FIXED_LINE in (root / "app/case.py").read_bytes()


def test_cr_only_file_is_linted_but_never_fixed(tmp_path):
    cr_only = GOOD.replace(b"\n", b"\r")
    root = project(tmp_path, {"app/case.py": cr_only})
    result = fix(root, "--verbose")
    assert (root / "app/case.py").read_bytes() == cr_only
    [line] = findings_for(result, "case.py")
    assert " LL101 " in line and "[*]" not in line
    assert "app/case.py: checked without fixes" in result.stderr
    assert result.exit_code == 1
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_a_file_modified_while_being_fixed_is_not_written(tmp_path, monkeypatch):
    import loglint.runner

    root = project(tmp_path, {"app/case.py": GOOD})
    real = loglint.runner.lint_source
    edited = GOOD + b"# edited by someone else\n"

    def edit_meanwhile(path, *args, **kwargs):
        linted = real(path, *args, **kwargs)
        if path.endswith("case.py"):
            Path(path).write_bytes(edited)
        return linted

    monkeypatch.setattr(loglint.runner, "lint_source", edit_meanwhile)
    result = fix(root)
    assert (root / "app/case.py").read_bytes() == edited
    assert "app/case.py: changed on disk while being fixed; not written" in result.stderr
    assert findings_for(result, "case.py"), "its findings are still reported"
    assert result.exit_code == 1
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_nothing_is_written_without_fix(tmp_path):
    files = {f"app/{name.replace(' ', '_')}.py": data for name, data in CHECKED.items()}
    root = project(tmp_path, files)
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*.py")}
    for args in (["app"], ["app", "--diff"], ["app", "--unsafe-fixes", "--output-format", "json"]):
        invoke(root, *args)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*.py")} == snapshot
    assert not list(root.rglob(".loglint-*.tmp"))
