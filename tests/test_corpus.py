"""Slow tier: loglint on real Django projects from PyPI (../shared/tools/corpus.sh).

Every rule (opt-in ones too) over every project: no traceback, no internal error, exit 0 or 1, and every
LL001 is a file CPython rejects too (valid files loglint skips are warnings, not findings). The finding
counts per rule are printed (`-s` shows them) so a change that floods or silences a rule is seen.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CORPUS = Path(os.environ.get("LOGLINT_CORPUS", Path.home() / ".cache" / "loglint-corpus"))
PROJECTS = sorted(p for p in CORPUS.glob("*-*") if p.is_dir() and p.name != "wheels") if CORPUS.is_dir() else []


@pytest.mark.skipif(not PROJECTS, reason="no corpus: run ../shared/tools/corpus.sh")
@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_corpus_runs_clean(project: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "loglint", "check", str(project), "--select", "ALL", "--isolated",
         "--output-format", "json", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    findings = json.loads(proc.stdout or "[]")
    counts = collections.Counter(f["code"] for f in findings)
    print(f"\n{project.name}: {sum(counts.values())} findings", dict(sorted(counts.items())))
    for finding in findings:
        if finding["code"] != "LL001":
            continue
        source = Path(finding["filename"]).read_bytes()
        with pytest.raises((SyntaxError, ValueError)):
            compile(source, finding["filename"], "exec", dont_inherit=True)
