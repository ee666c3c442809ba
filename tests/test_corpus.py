"""Slow tier: loglint on real Django projects from PyPI (../shared/tools/corpus.sh).

Every rule (opt-in ones too) over every project: no traceback, no internal error, exit 0 or 1, and every
LL001 is a file CPython rejects too (valid files loglint skips are warnings, not findings). The finding
counts per rule and project must equal `tests/data/corpus_counts.json`, so a change that floods or
silences a rule shows in the diff of that file. After a change that moves them on purpose (a new rule,
a precision fix), regenerate it and commit it with the change:

    LOGLINT_UPDATE_COUNTS=1 PYTHONPATH=src python -m pytest -m slow tests/test_corpus.py -k counts

Then `--fix --unsafe-fixes --select ALL` on a copy of two projects' Python files: every file that
compiled still compiles, a file without findings is byte-identical, a fixed file keeps its mode, BOM,
encoding and newlines, and a second `--fix` changes nothing.

`LOGLINT_CORPUS` names the corpus folder (default ~/.cache/loglint-corpus); `LOGLINT_CORPUS_JOBS` sets
`-j` (default: loglint's own, the CPU count).
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import loglint

pytestmark = pytest.mark.slow

CORPUS = Path(os.environ.get("LOGLINT_CORPUS", Path.home() / ".cache" / "loglint-corpus"))
PROJECTS = sorted(p for p in CORPUS.glob("*-*") if p.is_dir() and p.name != "wheels") if CORPUS.is_dir() else []
COUNTS_FILE = Path(__file__).parent / "data" / "corpus_counts.json"
UPDATE = os.environ.get("LOGLINT_UPDATE_COUNTS") == "1"
JOBS = ["-j", os.environ["LOGLINT_CORPUS_JOBS"]] if os.environ.get("LOGLINT_CORPUS_JOBS") else []
# Projects whose copy is fixed: many fixable findings of several rules between them.
FIX_PROJECTS = ("pretix", "sentry-sdk")
# Files with findings per project, from the counts test when it ran first in this session (it lints the
# originals with the same options), so the fix test need not lint its copy again.
_FILES_WITH_FINDINGS: dict[str, set[Path]] = {}

# The subprocesses run the loglint under test (this checkout), whatever PYTHONPATH says.
SUBPROCESS_ENV = {**os.environ, "PYTHONPATH": str(Path(loglint.__file__).resolve().parents[1])}
needs_corpus = pytest.mark.skipif(not PROJECTS, reason="no corpus: run ../shared/tools/corpus.sh")


def loglint(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "check", *args, "--select", "ALL", "--isolated", "--no-cache", *JOBS],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=SUBPROCESS_ENV,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "internal error" not in proc.stderr, proc.stderr[-3000:]
    return proc


def compiles(data: bytes, filename: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
    return True


@needs_corpus
@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_corpus_runs_clean_and_counts_are_unchanged(project: Path) -> None:
    started = time.monotonic()
    proc = loglint(str(project), "--output-format", "json")
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    findings = json.loads(proc.stdout or "[]")
    counts = dict(sorted(collections.Counter(f["code"] for f in findings).items()))
    _FILES_WITH_FINDINGS[project.name] = {Path(f["filename"]).resolve().relative_to(project.resolve()) for f in findings}
    print(f"\n{project.name}: {sum(counts.values())} findings in {time.monotonic() - started:.0f} s", counts)
    for finding in findings:
        if finding["code"] != "LL001":
            continue
        assert not compiles(Path(finding["filename"]).read_bytes(), finding["filename"]), finding

    recorded = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    if UPDATE:
        recorded[project.name] = counts
        COUNTS_FILE.parent.mkdir(exist_ok=True)
        COUNTS_FILE.write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n")
        return
    assert project.name in recorded, f"{project.name} has no recorded counts: regenerate {COUNTS_FILE.name} (see this module's docstring)"
    expected = recorded[project.name]
    changed = {
        code: f"{expected.get(code, 0)} -> {counts.get(code, 0)}"
        for code in sorted(set(expected) | set(counts))
        if expected.get(code, 0) != counts.get(code, 0)
    }
    assert not changed, (
        f"finding counts of {project.name} changed: {changed}. If intended, regenerate {COUNTS_FILE.name} "
        "with LOGLINT_UPDATE_COUNTS=1 (see tests/test_corpus.py) and commit it with the change."
    )


def _python_copy(source: Path, dest: Path) -> None:
    """The project's Python files (and their folders), keeping modes; not its static files."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {n for n in names if not n.endswith((".py", ".pyi")) and not os.path.isdir(os.path.join(directory, n))}

    shutil.copytree(source, dest, ignore=ignore, symlinks=True)


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        p.relative_to(root): (p.read_bytes(), stat.S_IMODE(p.lstat().st_mode))
        for p in sorted(root.rglob("*.py*"))
        if p.is_file() and not p.is_symlink()
    }


def _newlines(data: bytes) -> tuple[int, int, int]:
    crlf = data.count(b"\r\n")
    return crlf, data.count(b"\n") - crlf, data.count(b"\r") - crlf


@needs_corpus
@pytest.mark.parametrize("name", FIX_PROJECTS)
def test_fix_on_a_copy_keeps_every_file_valid_and_converges(tmp_path: Path, name: str) -> None:
    matches = [p for p in PROJECTS if p.name.startswith(name + "-")]
    if not matches:
        pytest.skip(f"{name} is not in the corpus")
    copy = tmp_path / matches[0].name
    _python_copy(matches[0], copy)
    before = _snapshot(copy)

    started = time.monotonic()
    with_findings = _FILES_WITH_FINDINGS.get(matches[0].name)
    if with_findings is None:
        linted = loglint(str(copy), "--output-format", "json")
        with_findings = {Path(f["filename"]).resolve().relative_to(copy.resolve()) for f in json.loads(linted.stdout or "[]")}
    fixed = loglint(str(copy), "--fix", "--unsafe-fixes", "--output-format", "json")
    assert fixed.returncode in (0, 1), fixed.stderr[-3000:]
    after = _snapshot(copy)
    again = loglint(str(copy), "--fix", "--unsafe-fixes", "--output-format", "json")
    assert again.returncode in (0, 1), again.stderr[-3000:]
    elapsed = time.monotonic() - started

    assert after.keys() == before.keys(), "files appeared or disappeared"
    changed = [path for path in before if after[path][0] != before[path][0]]
    print(f"\n{name}: {len(changed)} of {len(before)} files fixed; fix + fix again in {elapsed:.0f} s")
    assert changed, "no fix applied: pick projects with fixable findings"
    broken = [str(p) for p in changed if compiles(before[p][0], str(p)) and not compiles(after[p][0], str(p))]
    assert not broken, f"fixed files that no longer compile: {broken}"
    untouched_but_changed = [str(p) for p in changed if p not in with_findings]
    assert not untouched_but_changed, f"files without findings were changed: {untouched_but_changed}"
    for path in changed:
        old, new = before[path][0], after[path][0]
        assert after[path][1] == before[path][1], f"{path}: mode changed"
        assert old.startswith(b"\xef\xbb\xbf") == new.startswith(b"\xef\xbb\xbf"), f"{path}: BOM"
        old_nl, new_nl = _newlines(old), _newlines(new)
        assert [bool(n) for n in old_nl] == [bool(n) for n in new_nl], f"{path}: newline style {old_nl} -> {new_nl}"
        for line in old.splitlines()[:2]:
            if re.match(rb"^[ \t\f]*#.*?coding[:=]", line):
                assert line in new.splitlines()[:2], f"{path}: coding cookie"
    assert _snapshot(copy) == after, "a second --fix changed files: " + ", ".join(
        str(p) for p, v in _snapshot(copy).items() if after.get(p) != v
    )
    assert not list(copy.rglob(".loglint-*.tmp"))
