"""Differential test for LL512: a handler is reported exactly when sentry-sdk really sends two events.

Each variant is a module with a `sentry_sdk.init(...)` (and maybe `ignore_logger(...)`) and a handler.
It is linted with LL512 and executed in a subprocess whose transport records envelopes instead of sending
them; the handler runs once. LL512 must report the variants that produce two error events (the
capture and the log record), and only those: a record with the traceback is dropped by the SDK's
`DedupeIntegration`, one below the event level or from an ignored logger makes no event.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from harness import run

pytest.importorskip("sentry_sdk")

DSN = "https://public@o0.ingest.sentry.io/0"

ERROR_AND_CAPTURE = 'logger.error("x")\nsentry_sdk.capture_exception()'

# (id, more `init` options or `IGNORE:<pattern>` for an `ignore_logger` call, handler body lines)
VARIANTS: list[tuple[str, str, str]] = [
    ("error-then-capture", "", 'logger.error("failed: %s", exc)\nsentry_sdk.capture_exception(exc)'),
    ("capture-then-critical", "", 'sentry_sdk.capture_exception()\nlogger.critical("failed")'),
    ("root-error", "", 'logging.error("failed")\nsentry_sdk.capture_exception()'),
    ("exception-log", "", 'logger.exception("failed")\nsentry_sdk.capture_exception(exc)'),
    ("exc-info", "", 'logger.error("failed", exc_info=True)\nsentry_sdk.capture_exception()'),
    ("warning-log", "", 'logger.warning("failed")\nsentry_sdk.capture_exception()'),
    ("log-in-nested-def", "", 'def later():\n    logger.error("failed")\nsentry_sdk.capture_exception()'),
    ("events-off", "integrations=[LoggingIntegration(event_level=None)]", ERROR_AND_CAPTURE),
    ("events-critical", "integrations=[LoggingIntegration(event_level=logging.CRITICAL)]", ERROR_AND_CAPTURE),
    (
        "events-warning",
        "integrations=[LoggingIntegration(event_level=logging.WARNING)]",
        'logger.warning("x")\nsentry_sdk.capture_exception()',
    ),
    ("no-default-integrations", "default_integrations=False", ERROR_AND_CAPTURE),
    ("explicit-integration", "default_integrations=False, integrations=[LoggingIntegration()]", ERROR_AND_CAPTURE),
    ("ignored-logger", "IGNORE:app.sync", ERROR_AND_CAPTURE),
    ("ignored-pattern", "IGNORE:app.*", ERROR_AND_CAPTURE),
    ("other-ignored", "IGNORE:django.security.DisallowedHost", ERROR_AND_CAPTURE),
]


def _module(setup: str, body: str) -> str:
    options, ignore = setup, ""
    if setup.startswith("IGNORE:"):
        options, ignore = "", f"ignore_logger({setup[len('IGNORE:'):]!r})\n"
    extra = f", {options}" if options else ""
    return (
        "import logging\n\n"
        "import sentry_sdk\n"
        "from sentry_sdk.integrations.logging import LoggingIntegration, ignore_logger\n\n"
        "logger = logging.getLogger('app.sync')\n"
        f"sentry_sdk.init(dsn={DSN!r}, transport=RECORDER{extra})\n"
        f"{ignore}\n\n"
        "def sync():\n"
        "    try:\n"
        "        raise ConnectionError('x')\n"
        "    except ConnectionError as exc:\n"
        f"{textwrap.indent(body, ' ' * 8)}\n"
    )


RUNNER = r"""
import json, logging, sys, warnings
warnings.simplefilter("ignore")
logging.basicConfig(handlers=[logging.NullHandler()])
import sentry_sdk
import sentry_sdk.integrations.logging as sentry_logging
from sentry_sdk.transport import Transport

events = []
defaults = set(sentry_logging._IGNORED_LOGGERS)


class Recorder(Transport):
    def capture_envelope(self, envelope):
        events.extend(item for item in envelope.items if item.type == "event")


counts = {}
for name, source in json.load(sys.stdin):
    sentry_logging._IGNORED_LOGGERS.clear()
    sentry_logging._IGNORED_LOGGERS.update(defaults)
    namespace = {"__name__": "variant", "RECORDER": Recorder()}
    exec(compile(source, name, "exec"), namespace)
    events.clear()
    namespace["sync"]()
    sentry_sdk.flush()
    counts[name] = len(events)
    sentry_sdk.get_client().close(timeout=0)
json.dump(counts, sys.stdout)
"""


@pytest.fixture(scope="module")
def events() -> dict[str, int]:
    payload = json.dumps([(name, _module(setup, body)) for name, setup, body in VARIANTS])
    done = subprocess.run(
        [sys.executable, "-c", RUNNER], input=payload, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_both_outcomes_are_exercised(events):
    assert sorted(set(events.values())) == [1, 2]


@pytest.mark.parametrize("name,setup,body", VARIANTS, ids=[name for name, _, _ in VARIANTS])
def test_ll512_matches_the_events_sentry_sends(name, setup, body, events):
    result = run(_module(setup, body), ["LL512"], filename="app/sync.py")
    assert not result.errors, result.errors
    assert bool(result.findings) == (events[name] == 2), f"{events[name]} event(s) sent"
