"""Hostile inputs beyond test_bad_input.py (PRODUCT.md "Reliability", issue 10): long chains of every
shape, a configurable size cap, encoding-declaration conflicts, odd newlines under --fix, symlinks out of
the root under --fix, a file changed during the write window, and a worker that crashes while fixing.

Every case is a small project beside `app/good.py` (an f-string log call, LL101): the bad file gets its
outcome, the good file is still checked (and fixed), and no traceback is printed.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import loglint
from test_bad_input import FIXED_LINE, FSTRING_LINE, GOOD, findings_for, invoke, project

LOG_HEADER = b"import logging\nlogger = logging.getLogger(__name__)\n"
# The subprocess runs the loglint under test (this checkout), whatever the cwd and PYTHONPATH say.
SUBPROCESS_ENV = {**os.environ, "PYTHONPATH": str(Path(loglint.__file__).resolve().parents[1])}
N = 5000


# -- 5,000-term chains, one subprocess (a native crash must not take pytest down) -------------------

# Each holds a candidate (`print`): a file no rule could fire in never reaches LibCST or its depth cap.
SKIPPED_TOO_DEEP = {
    "attribute_chain": b"print(1)\nx = a" + b".y" * N + b"\n",
    "call_chain": b"print(1)\nx = f" + b"()" * N + b"\n",
    "subscript_chain": b"print(1)\nx = a" + b"[0]" * N + b"\n",
    "names_sum": b"print(1)\nx = " + b" + ".join([b"a"] * N) + b"\n",
    "unary_chain": b"print(1)\nx = " + b"-" * N + b"1\n",
    "not_chain": b"print(1)\nx = " + b"not " * N + b"y\n",
    "log_concatenation": LOG_HEADER + b"logger.info(" + b" + ".join([b"a"] * N) + b")\n",
}
# Flat in CPython's AST (no depth), nested in LibCST: checked, with the raised recursion limit.
CHECKED_FLAT = {
    "and_chain": LOG_HEADER + b"logger.info(f'{x}')\nx = " + b" and ".join([b"a"] * N) + b"\n",
    "comparison_chain": LOG_HEADER + b"logger.info(f'{x}')\nx = " + b" < ".join([b"a"] * N) + b"\n",
}


def test_five_thousand_term_chains(tmp_path):
    files = {f"app/{name}.py": data for name, data in {**SKIPPED_TOO_DEEP, **CHECKED_FLAT}.items()}
    files["app/nested_calls.py"] = b"x = " + b"f(" * N + b"1" + b")" * N + b"\n"
    # LibCST limitation: ~4,000 implicitly concatenated literals are a parser error in LibCST only.
    # (With a log call, so that the candidate gate hands the file to LibCST.)
    files["app/implicit_concatenation.py"] = LOG_HEADER + b"logger.info(f'{x}')\nx = (" + b" ".join([b"'a'"] * N) + b")\n"
    root = project(tmp_path, files)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "app", "--isolated", "--select", "ALL", "-j", "1",
         "--output-format", "concise", "--fix", "--unsafe-fixes"],
        cwd=root, capture_output=True, text=True, timeout=300, env=SUBPROCESS_ENV,
    )
    elapsed = time.monotonic() - started
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert elapsed < 120, elapsed
    for name in SKIPPED_TOO_DEEP:
        assert f"app/{name}.py: file skipped: expressions nested more than" in proc.stderr, name
        assert (root / f"app/{name}.py").read_bytes() == files[f"app/{name}.py"]
    for name in CHECKED_FLAT:
        fixed = (root / f"app/{name}.py").read_bytes()
        assert b"logger.info('%s', x)" in fixed, name
        compile(fixed, name, "exec")
    assert "app/implicit_concatenation.py: file skipped: LibCST cannot parse it (CPython can)" in proc.stderr
    [nested] = [line for line in proc.stdout.splitlines() if line.startswith("app/nested_calls.py:")]
    assert " LL001 SyntaxError: too many nested parentheses" in nested
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_deep_but_allowed_trees_are_fixed_and_converge(tmp_path):
    """Just under the depth cap: a 390-term concatenation and a 390-placeholder format call, fixed."""
    n = 390
    concat = LOG_HEADER + b"logger.info('a' + " + b" + ".join([b"str(v)"] * n) + b")\n"
    fmt = LOG_HEADER + b"logger.info('" + b"{}" * n + b"'.format(" + b", ".join([b"v"] * n) + b"))\n"
    root = project(tmp_path, {"app/concat.py": concat, "app/fmt.py": fmt})
    invoke(root, "app", "--fix", "--unsafe-fixes")
    for name, placeholders in (("concat", n), ("fmt", n)):
        fixed = (root / f"app/{name}.py").read_bytes()
        call = ast.parse(fixed).body[-1].value
        assert call.args[0].value.count("%s") == placeholders, name
        assert len(call.args) == placeholders + 1
    again = {p: p.read_bytes() for p in root.rglob("*.py")}
    invoke(root, "app", "--fix", "--unsafe-fixes")
    assert {p: p.read_bytes() for p in root.rglob("*.py")} == again


# -- the size cap is configurable ------------------------------------------------------------------


def test_max_file_size_from_the_config(tmp_path):
    big = GOOD + b"# padding\n" * 300  # about 3 KB, valid and with a finding
    root = project(tmp_path, {"app/big.py": big, "pyproject.toml": b"[tool.loglint]\nmax-file-size = 2000\n"})
    result = invoke(root, "app", "--fix")
    assert findings_for(result, "big.py") == []
    assert f"app/big.py: file skipped: {len(big):,} bytes is over the 2,000-byte limit (max-file-size" in result.stderr
    assert (root / "app/big.py").read_bytes() == big
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_max_file_size_applies_to_stdin(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from loglint.cli import cli

    root = project(tmp_path, {"pyproject.toml": b"[tool.loglint]\nmax-file-size = 100\n"})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["-", "--stdin-filename", "app/x.py", "--output-format", "concise"], input=GOOD * 3)
    assert result.exit_code == 0, result.output
    assert "over the 100-byte limit" in result.stderr


# -- encodings: BOM and coding cookies that disagree -------------------------------------------------

BOM = b"\xef\xbb\xbf"
LATIN1_GOOD = GOOD.replace(b"user {user}", b"caf\xe9 {user}")

UNDECODABLE = {
    "bom and a latin-1 cookie": BOM + b"# -*- coding: latin-1 -*-\n" + LATIN1_GOOD,
    "utf-16 with its bom": "import logging\nx = 1\n".encode("utf-16"),
    "utf-8 cookie over latin-1 bytes": b"# -*- coding: utf-8 -*-\n" + LATIN1_GOOD,
    "latin-1 cookie on line 3 is no cookie": b"#!/usr/bin/env python\n\n# -*- coding: latin-1 -*-\n" + LATIN1_GOOD,
    "bom and an unknown cookie": BOM + b"# coding: klingon\nx = 1\n",
}


@pytest.mark.parametrize("name", UNDECODABLE, ids=list(UNDECODABLE))
def test_encoding_conflicts_are_ll001_and_never_fixed(tmp_path, name):
    data = UNDECODABLE[name]
    root = project(tmp_path, {"app/case.py": data})
    result = invoke(root, "app", "--fix")
    [line] = findings_for(result, "case.py")
    assert " LL001 cannot decode" in line, line
    assert (root / "app/case.py").read_bytes() == data
    assert FIXED_LINE in (root / "app/good.py").read_bytes()
    with pytest.raises(SyntaxError):
        compile(data, "case.py", "exec")  # CPython agrees


DECODABLE = {
    "bom and a utf-8 cookie": BOM + b"# -*- coding: utf-8 -*-\n" + GOOD.replace(b"user {user}", b"caf\xc3\xa9 {user}"),
    "shebang then a latin-1 cookie": b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n" + LATIN1_GOOD,
    "two cookies: the first wins": b"# coding: latin-1\n# coding: utf-8\n" + LATIN1_GOOD,
    "cp1252 cookie": b"# coding: cp1252\n" + GOOD.replace(b"user {user}", b"\x80 {user}"),
}


@pytest.mark.parametrize("name", DECODABLE, ids=list(DECODABLE))
def test_agreeing_declarations_are_fixed_in_their_own_encoding(tmp_path, name):
    data = DECODABLE[name]
    root = project(tmp_path, {"app/case.py": data})
    invoke(root, "app", "--fix")
    after = (root / "app/case.py").read_bytes()
    assert after != data
    assert after == re.sub(rb'f"([^"]*) \{user\}"', rb'"\1 %s", user', data)
    compile(after, "case.py", "exec")
    assert after.startswith(data[:3])  # the BOM, when there was one


NUL_CASES = {
    "nul in a string literal": LOG_HEADER + b"x = 'a\x00b'\n",
    "nul in a comment": LOG_HEADER + b"# a\x00b\n",
    "nul after the last line": LOG_HEADER + b"x = 1\n\x00",
}


@pytest.mark.parametrize("name", NUL_CASES, ids=list(NUL_CASES))
def test_nul_bytes_anywhere_are_ll001(tmp_path, name):
    """LibCST accepts a NUL inside a string literal; CPython does not, and decides."""
    root = project(tmp_path, {"app/case.py": NUL_CASES[name]})
    result = invoke(root, "app", "--fix")
    [line] = findings_for(result, "case.py")
    assert " LL001 " in line and "null bytes" in line
    assert (root / "app/case.py").read_bytes() == NUL_CASES[name]


# -- newlines under --fix -------------------------------------------------------------------------

NEWLINES = {
    "mixed crlf and lf": GOOD.replace(b"import logging\n", b"import logging\r\n"),
    "crlf with a lone cr inside a string": GOOD.replace(b"\n", b"\r\n").replace(b"import logging", b"import logging\nx = 'a\\\rb'"),
    "no newline at the end": GOOD.rstrip(b"\n"),
    "cr at the very end only": GOOD + b"\r",
}


@pytest.mark.parametrize("name", NEWLINES, ids=list(NEWLINES))
def test_fix_changes_only_the_fixed_line_whatever_the_newlines(tmp_path, name):
    data = NEWLINES[name]
    root = project(tmp_path, {"app/case.py": data})
    invoke(root, "app", "--fix")
    after = (root / "app/case.py").read_bytes()
    if after == data:  # lint-only (LibCST does not round-trip it): must have said so
        result = invoke(root, "app", "--verbose")
        assert "app/case.py: checked without fixes" in result.stderr
    else:
        assert after == data.replace(FSTRING_LINE, FIXED_LINE)


def test_cr_only_file_without_findings_is_untouched_and_not_an_error(tmp_path):
    data = b"import os\rx = os.sep\r"
    root = project(tmp_path, {"app/case.py": data})
    result = invoke(root, "app", "--fix")
    assert result.exit_code == 0
    assert findings_for(result, "case.py") == []
    assert (root / "app/case.py").read_bytes() == data


# -- symlinks and --fix ---------------------------------------------------------------------------


def test_fix_never_writes_through_a_link_out_of_the_root(tmp_path):
    outside = tmp_path / "outside" / "secret.py"
    outside.parent.mkdir()
    outside.write_bytes(GOOD)
    root = project(tmp_path / "proj", {})
    os.symlink(outside, root / "app" / "walked.py")
    result = invoke(root, "app", "--fix")
    assert "app/walked.py: symlink to" in result.stderr and "outside the project root" in result.stderr
    # Named on the command line (pre-commit passes names): checked, but never written.
    result = invoke(root, "app/walked.py", "--fix")
    assert findings_for(result, "walked.py"), result.stdout
    assert "app/walked.py: symlink to" in result.stderr and "fixes not written" in result.stderr
    assert result.exit_code == 1
    assert outside.read_bytes() == GOOD
    assert (root / "app" / "walked.py").is_symlink()


def test_fix_through_a_link_inside_the_root_writes_the_target_once(tmp_path):
    root = project(tmp_path, {"app/real.py": GOOD})
    os.symlink("real.py", root / "app" / "alias.py")
    invoke(root, "app", "app/alias.py", "--fix")
    assert (root / "app/alias.py").is_symlink()
    assert (root / "app/real.py").read_bytes() == GOOD.replace(FSTRING_LINE, FIXED_LINE)


# -- a file changed while being written -------------------------------------------------------------


def test_a_change_during_the_write_window_is_kept(tmp_path, monkeypatch):
    """An editor saves while the temporary file is being synced: the replace must not clobber it."""
    import loglint.fixer

    root = project(tmp_path, {"app/case.py": GOOD})
    edited = GOOD + b"# saved by the editor meanwhile\n"
    real_fsync = os.fsync

    def fsync_and_edit(fd):
        real_fsync(fd)
        target = root / "app/case.py"
        if target.read_bytes() == GOOD:
            target.write_bytes(edited)

    monkeypatch.setattr(loglint.fixer.os, "fsync", fsync_and_edit)
    result = invoke(root, "app", "--fix")
    assert (root / "app/case.py").read_bytes() == edited
    assert "app/case.py: changed on disk while being fixed; not written" in result.stderr
    assert not list(root.rglob(".loglint-*.tmp"))
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_write_atomic_refuses_a_changed_file_and_leaves_no_temporary(tmp_path):
    from loglint.fixer import FileChanged, write_atomic

    target = tmp_path / "x.py"
    target.write_bytes(b"x = 2\n")
    with pytest.raises(FileChanged):
        write_atomic(target, b"x = 3\n", b"x = 1\n")
    assert target.read_bytes() == b"x = 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.py"]


# -- a worker killed (the OOM killer, a native crash) while fixing -------------------------------------------------


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="needs the patched function in workers")
def test_a_worker_killed_by_a_signal_while_fixing_costs_only_its_file(tmp_path, monkeypatch):
    import loglint.runner

    files = {f"app/m{i:02}.py": GOOD for i in range(24)}
    root = project(tmp_path, files)
    real = loglint.runner.Checker.check_path

    def killed_on_m05(self, path):
        if path.endswith("m05.py"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, path)

    monkeypatch.setattr(loglint.runner.Checker, "check_path", killed_on_m05)
    result = invoke(root, "app", "-j", "2", "--fix")
    assert result.exit_code == 2
    assert "internal error: app/m05.py: engine: the worker process died" in result.stderr
    assert (root / "app/m05.py").read_bytes() == GOOD
    for path in root.rglob("*.py"):
        if path.name != "m05.py":
            assert FIXED_LINE in path.read_bytes(), path


# -- files that are not regular files -------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX FIFOs and /dev/zero")
def test_a_named_fifo_or_device_is_skipped_not_read_forever(tmp_path):
    """Discovery never yields them from a walk, but a name on the command line reached the read: a FIFO
    blocked it forever and a link to /dev/zero filled memory."""
    root = project(tmp_path, {})
    os.mkfifo(root / "app" / "pipe.py")
    os.symlink("/dev/zero", root / "app" / "zero.py")
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "app/pipe.py", "app/zero.py", "app/good.py", "--isolated",
         "--output-format", "concise", "--fix"],
        cwd=root, capture_output=True, text=True, timeout=60, env=SUBPROCESS_ENV,
    )
    assert "Traceback" not in proc.stderr
    assert "app/pipe.py: file skipped: not a regular file" in proc.stderr
    assert "app/zero.py: file skipped: not a regular file" in proc.stderr
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX FIFOs and /dev/zero")
def test_the_project_index_does_not_read_fifos_or_devices(tmp_path):
    """The model index and the project queries read other modules of the project than the checked one: a
    FIFO named `admin.py` or a link to /dev/zero among them must not hang the run nor fill memory."""
    models = b"from django.db import models\n\n\nclass Author(models.Model):\n    name = models.CharField(max_length=9)\n\n\nclass Book(models.Model):\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"
    loop = b"from app.models import Book\n\n\ndef names():\n    return [book.author.name for book in Book.objects.all()]\n"
    root = project(tmp_path, {"app/__init__.py": b"", "app/models.py": models, "app/views.py": loop})
    os.mkfifo(root / "app" / "admin.py")
    os.symlink("/dev/zero", root / "app" / "signals.py")
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "app/views.py", "--isolated", "--output-format", "concise"],
        cwd=root, capture_output=True, text=True, timeout=60, env=SUBPROCESS_ENV,
    )
    assert "Traceback" not in proc.stderr
    assert "LL701" in proc.stdout, proc.stdout + proc.stderr


def test_a_file_that_grows_past_the_cap_after_the_size_check_is_skipped(tmp_path, monkeypatch):
    import loglint.runner

    big = GOOD + b"# padding\n" * 300
    root = project(tmp_path, {"app/grow.py": big, "pyproject.toml": b"[tool.loglint]\nmax-file-size = 2000\n"})
    real_stat = os.stat

    def stale_stat(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        if str(path).endswith("grow.py"):  # as it was before someone appended to it
            return os.stat_result((result.st_mode, *result[1:6], 100, *result[7:]))
        return result

    monkeypatch.setattr(loglint.runner.os, "stat", stale_stat)
    result = invoke(root, "app", "--fix")
    assert "app/grow.py: file skipped: 2,001 bytes is over the 2,000-byte limit" in result.stderr
    assert (root / "app/grow.py").read_bytes() == big
    assert FIXED_LINE in (root / "app/good.py").read_bytes()


def test_a_full_disk_during_the_write_leaves_the_file_and_no_temporary(tmp_path, monkeypatch):
    import errno

    import loglint.fixer

    root = project(tmp_path, {"app/case.py": GOOD})

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(loglint.fixer.os, "fsync", disk_full)
    result = invoke(root, "app", "--fix")
    assert "app/case.py: fixes not written: No space left on device" in result.stderr
    assert (root / "app/case.py").read_bytes() == GOOD
    assert (root / "app/good.py").read_bytes() == GOOD
    assert not list(root.rglob(".loglint-*.tmp"))
    assert result.exit_code == 1
