"""LL603 against the real ddtrace: every `tracer.configure(...)` variant is executed in a subprocess (tracing,
telemetry and remote configuration off: nothing is sent); loglint's LL603 findings must match exactly the
variants that raise `TypeError`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from harness import run

ddtrace = pytest.importorskip("ddtrace")

REMOVED = [
    "enabled=False", "hostname='localhost'", "port=8126", "uds_path='/tmp/apm.sock'", "https=False", "sampler=None",
    "priority_sampling=True", "settings={'FILTERS': []}", "dogstatsd_url='udp://localhost:8125'", "writer=None",
    "partial_flush_enabled=True", "partial_flush_min_spans=10", "api_version='v0.5'", "wrap_executor=None",
    "appsec_standalone_enabled=False",
]
KEPT = [
    "context_provider=None", "compute_stats_enabled=False", "appsec_enabled=False", "iast_enabled=False",
    "apm_tracing_disabled=False", "trace_processors=[]",
]
VARIANTS = {
    **{f"kw_{kw.split('=')[0]}": f"from ddtrace import tracer\ntracer.configure({kw})\n" for kw in REMOVED + KEPT},
    "no_arguments": "from ddtrace import tracer\ntracer.configure()\n",
    "module_alias": "import ddtrace as dd\ndd.tracer.configure(hostname='agent')\n",
    "trace_module": "from ddtrace.trace import tracer as t\nt.configure(port=8126)\n",
    "kept_and_removed": "from ddtrace import tracer\ntracer.configure(trace_processors=[], sampler=None)\n",
    "optional_import": (
        "try:\n    from ddtrace import tracer\nexcept ImportError:\n    tracer = None\n"
        "if tracer is not None:\n    tracer.configure(writer=None)\n"
    ),
}
QUIET = {
    "DD_TRACE_ENABLED": "false",
    "DD_INSTRUMENTATION_TELEMETRY_ENABLED": "false",
    "DD_REMOTE_CONFIGURATION_ENABLED": "false",
    "DD_CRASHTRACKING_ENABLED": "false",
    "PYTHONDONTWRITEBYTECODE": "1",
}


CHILD = """
import json, sys, traceback
outcomes = {}
for name, src in json.loads(sys.stdin.read()).items():
    try:
        exec(compile(src, name, "exec"), {})
        outcomes[name] = None
    except Exception as exc:  # the variant's own error, e.g. TypeError: unexpected keyword argument
        outcomes[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(outcomes))
"""


def real_outcomes(tmp_path) -> dict:
    """Each variant executed for real, all in one child process (importing ddtrace takes a second)."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(VARIANTS),
        env={**os.environ, **QUIET},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_ll603_matches_the_variants_that_raise(tmp_path):
    outcomes = real_outcomes(tmp_path)
    raising = {name for name, error in outcomes.items() if error is not None}
    assert all(outcomes[name].startswith("TypeError") for name in raising), outcomes
    assert len(raising) == len(REMOVED) + 4  # the oracle works: removed keywords raise, kept ones do not
    flagged = {
        name
        for name, src in VARIANTS.items()
        if any(f.code == "LL603" for f in run(src, ["LL603"], filename="shop/tracing.py").findings)
    }
    assert flagged == raising
