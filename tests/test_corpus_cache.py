"""Slow tier: on real projects (../shared/tools/corpus.sh), the cache changes no finding.

A project is linted cold with a cache (which saves every file's report and the model index); then its
file entries are dropped and it is linted again, every file checked on the model index loaded from the
cache; then a module outside the models and a models module are edited in turn. Each cached run must
print what an uncached run prints. Run on a copy (the edits), on the smaller projects with models.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CORPUS = Path(os.environ.get("LOGLINT_CORPUS", Path.home() / ".cache" / "loglint-corpus"))
PROJECTS = sorted(p for p in CORPUS.glob("django-oscar-*") if p.is_dir()) if CORPUS.is_dir() else []


def _run(project: Path, *args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "check", str(project), "--select", "ALL", "--isolated",
         "--output-format", "concise", "-j", "2", *args],
        capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return sorted(line for line in proc.stdout.splitlines() if line.startswith(str(project)))


@pytest.mark.skipif(not PROJECTS, reason="no corpus: run ../shared/tools/corpus.sh")
@pytest.mark.parametrize("source", PROJECTS, ids=[p.name for p in PROJECTS])
def test_cached_runs_print_what_uncached_runs_print(source: Path, tmp_path: Path) -> None:
    project = tmp_path / source.name
    shutil.copytree(source, project, symlinks=True)
    cache = tmp_path / "cache"
    cached = ("--cache-dir", str(cache))
    cold = _run(project, *cached)
    assert cold and cold == _run(project, "--no-cache")
    entries = cache / "v1"
    index = [p for p in (entries / "index").iterdir()]
    assert len(index) == 1
    for folder in entries.iterdir():
        if folder.is_dir() and folder.name != "index":
            shutil.rmtree(folder)
    assert _run(project, *cached) == cold  # every file checked again, on the loaded index
    models = sorted(p for p in project.rglob("models.py") if "migrations" not in p.parts)
    others = sorted(p for p in project.rglob("views.py") if "migrations" not in p.parts)
    for edited in (others[len(others) // 2], models[len(models) // 2]):
        edited.write_bytes(edited.read_bytes() + b"\n# edited\n")
        assert _run(project, *cached) == _run(project, "--no-cache"), edited
