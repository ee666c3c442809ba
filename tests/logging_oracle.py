"""Run one LOGGING variant through the real `logging.config.dictConfig` in a fresh interpreter.

Used by test_logging_differential.py. The child execs the variant module (a settings-like file with a
module-level `LOGGING`), configures Django minimally when the source uses django.utils, calls
`dictConfig(LOGGING)`, then emits a record at every level (and one with a traceback) through every
configured logger and the root logger. The outcome is one of:

- `ok`: configured, every record handled without an error;
- `startup-error`: `dictConfig` raised (the detail is the exception chain);
- `emit-error`: configured, but a record raised out of the log call, or a handler failed on it
  (`Handler.handleError`, the `--- Logging error ---` block on stderr), or closing the handlers failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CHILD = r'''
import json, logging, logging.config, os, sys

path, result_path = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(path))  # project-local packages next to the variant (diffproj)
result = {"outcome": "ok", "detail": "", "handle_errors": 0}


def chain(exc):
    parts = []
    while exc is not None:
        parts.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or exc.__context__
    return " <- ".join(parts)


def finish():
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(result, out)


src = open(path, encoding="utf-8").read()
if "django.utils" in src:  # Django classes or DEFAULT_LOGGING: settings first
    import django
    from django.conf import settings

    # LOGGING_CONFIG=None: Django does not configure logging itself; the variant is applied below.
    settings.configure(
        DEBUG=False,
        SECRET_KEY="differential-test",
        ADMINS=[("Admin", "admin@example.com")],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGGING_CONFIG=None,
    )
    django.setup()

namespace = {"__name__": "logging_variant", "__file__": path}
exec(compile(src, path, "exec"), namespace)
config = namespace["LOGGING"]
loggers = config.get("loggers") if isinstance(config, dict) else None
names = [name for name in loggers if isinstance(name, str)] if isinstance(loggers, dict) else []

original_handle_error = logging.Handler.handleError


def counting_handle_error(self, record):
    result["handle_errors"] += 1
    original_handle_error(self, record)


logging.Handler.handleError = counting_handle_error

try:
    logging.config.dictConfig(config)
except Exception as exc:
    result["outcome"] = "startup-error"
    result["detail"] = chain(exc)
    finish()
    sys.exit(0)

try:
    for name in names + [None]:
        logger = logging.getLogger(name)
        for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL):
            logger.log(level, "differential %s via %s", logging.getLevelName(level), name or "root")
        try:
            raise RuntimeError("differential traceback")
        except RuntimeError:
            logger.exception("differential exception via %s", name or "root")
    logging.shutdown()
except Exception as exc:
    result["outcome"] = "emit-error"
    result["detail"] = chain(exc)
if result["outcome"] == "ok" and result["handle_errors"]:
    result["outcome"] = "emit-error"
finish()
'''

LOGGING_ERROR = "--- Logging error ---"


@dataclass(frozen=True)
class Outcome:
    outcome: str  # ok | startup-error | emit-error | runner-failed
    detail: str

    def __str__(self) -> str:
        return f"{self.outcome}: {self.detail}" if self.detail else self.outcome


def real_outcome(variant: Path, workdir: Path, timeout: float = 60) -> Outcome:
    """What the real dictConfig does with `variant`, in a fresh interpreter whose cwd is `workdir`
    (relative file handlers write there)."""
    result_path = workdir / "oracle-result.json"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(variant), str(result_path)],
        cwd=workdir,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # nothing written beside the variants
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if not result_path.exists():
        tail = (proc.stderr or proc.stdout)[-800:]
        return Outcome("runner-failed", f"exit {proc.returncode}: {tail}")
    data = json.loads(result_path.read_text(encoding="utf-8"))
    outcome, detail = data["outcome"], data["detail"]
    if outcome == "ok" and LOGGING_ERROR in proc.stderr:
        outcome = "emit-error"
    if outcome == "emit-error" and not detail:
        block = proc.stderr[proc.stderr.find(LOGGING_ERROR):].split("Call stack:")[0]
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith(" ")]
        detail = lines[-1] if lines else LOGGING_ERROR
    return Outcome(outcome, detail)
