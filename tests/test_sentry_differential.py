"""Differential test: loglint's error-kind Sentry findings against what sentry-sdk really does.

Every variant below (64 written by hand, 60 generated from a seeded pool of options and values) is a
small settings module. It is linted with LL505 and LL507 (the error-kind
rules), and executed for real with the installed sentry-sdk in a subprocess (tests may execute code on
purpose; loglint itself never does). Nothing is sent: no variant captures anything, and the subprocess
also replaces the HTTP transport's `_send_request` with a no-op before running them.

Two categories of findings:
- *raises*: a finding whose message says sentry-sdk "raises" something. The variants with such a
  finding must be exactly the variants whose execution raises (no false alarm, none missed), and the
  exception's class must be the one the message names.
- *ignored*: LL507's findings about sample rates that the SDK accepts at startup but does not use as
  rates (outside [0, 1], or a string). Those variants must not raise (when nothing else in them does); for `traces_sample_rate` and
  `profiles_sample_rate` the SDK's own check, `sentry_sdk.utils.is_valid_sample_rate`, must reject the
  value the client ended up with (it is what makes the SDK ignore it with a warning).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from harness import run

pytest.importorskip("sentry_sdk")
pytest.importorskip("django")

VALID_DSN = "https://public@o0.ingest.sentry.io/0"

# (id, module source). `sentry_sdk`, `os`, `logging` and the integrations are imported by the prelude.
VARIANTS: list[tuple[str, str]] = [
    ("quick-start", 'sentry_sdk.init(dsn="YOUR_SENTRY_DSN", traces_sample_rate=1.0, send_default_pii=True)'),
    ("valid-full", f'sentry_sdk.init(dsn="{VALID_DSN}", integrations=[DjangoIntegration()], traces_sample_rate=0.1)'),
    ("valid-positional", f'sentry_sdk.init("{VALID_DSN}", environment="staging")'),
    ("bad-positional", 'sentry_sdk.init("sentry.example.com/1")'),
    ("no-public-key", 'sentry_sdk.init(dsn="https://o0.ingest.sentry.io/0")'),
    ("project-not-a-number", 'sentry_sdk.init(dsn="https://public@o0.ingest.sentry.io/project")'),
    ("port-not-a-number", 'sentry_sdk.init(dsn="https://public@o0.ingest.sentry.io:port/0")'),
    ("ftp-scheme", 'sentry_sdk.init(dsn="ftp://public@o0.ingest.sentry.io/0")'),
    ("legacy-secret", 'sentry_sdk.init(dsn="https://public:secret@o0.ingest.sentry.io/0")'),
    ("local-dsn", 'sentry_sdk.init(dsn="http://public@localhost:9000/2")'),
    ("empty-dsn", 'sentry_sdk.init(dsn="")'),
    ("none-dsn", "sentry_sdk.init(dsn=None, debug=False)"),
    ("env-dsn", 'sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN", "YOUR_SENTRY_DSN"))'),
    ("positional-env-dsn", 'sentry_sdk.init(os.environ["SENTRY_DSN"], traces_sample_rate=0.1)'),
    ("keyword-dsn-wins", f'sentry_sdk.init("YOUR_SENTRY_DSN", dsn="{VALID_DSN}")'),
    ("keyword-bad-dsn-wins", f'sentry_sdk.init("{VALID_DSN}", dsn="YOUR_SENTRY_DSN")'),
    ("bad-dsn-custom-transport", 'sentry_sdk.init(dsn="YOUR_SENTRY_DSN", transport=NullTransport())'),
    ("typo", "sentry_sdk.init(trace_sample_rate=0.1)"),
    ("with-locals", "sentry_sdk.init(with_locals=False)"),
    ("request-bodies", 'sentry_sdk.init(request_bodies="small")'),
    ("unknown-in-dict", 'sentry_sdk.init(**{"enviroment": "prod"})'),
    ("client-typo", 'sentry_sdk.Client(dsn=None, relase="1.0")'),
    ("body-size-large", 'sentry_sdk.init(max_request_body_size="large")'),
    ("body-size-none", "sentry_sdk.init(max_request_body_size=None)"),
    ("body-size-always", 'sentry_sdk.init(max_request_body_size="always")'),
    ("django-style", 'sentry_sdk.init(integrations=[DjangoIntegration(transaction_style="endpoint")])'),
    ("django-style-ok", 'sentry_sdk.init(integrations=[DjangoIntegration(transaction_style="function_name")])'),
    ("profiles-string", 'sentry_sdk.init(profiles_sample_rate="0.5")'),
    ("traces-above-one", "sentry_sdk.init(traces_sample_rate=1.5)"),
    ("traces-string", 'sentry_sdk.init(traces_sample_rate="0.1")'),
    ("profiles-above-one", "sentry_sdk.init(profiles_sample_rate=2)"),
    ("errors-negative", "sentry_sdk.init(sample_rate=-0.5)"),
    ("session-not-a-number", 'sentry_sdk.init(profile_session_sample_rate="all")'),
    ("session-numeric-string", 'sentry_sdk.init(profile_session_sample_rate="0.5")'),
    (
        "deprecated-options",
        'sentry_sdk.init(enable_tracing=True, propagate_traces=False, _experiments={"enable_logs": True})',
    ),
    ("logging-info-events", "sentry_sdk.init(integrations=[LoggingIntegration(event_level=logging.INFO)])"),
    (
        "dc-valid",
        'sentry_sdk.init(data_collection={"user_info": False, "http_bodies": [], '
        '"cookies": {"mode": "allowlist", "terms": ["csrftoken"]}, "frame_context_lines": 3})',
    ),
    ("dc-not-a-dict", "sentry_sdk.init(data_collection=True)"),
    ("dc-list", 'sentry_sdk.init(data_collection=["user_info"])'),
    ("dc-frame-lines-negative", 'sentry_sdk.init(data_collection={"frame_context_lines": -1})'),
    ("dc-frame-lines-bool", 'sentry_sdk.init(data_collection={"frame_context_lines": True})'),
    ("dc-mode", 'sentry_sdk.init(data_collection={"cookies": {"mode": "block"}})'),
    ("dc-cookies-true", 'sentry_sdk.init(data_collection={"cookies": True})'),
    ("dc-cookies-false", 'sentry_sdk.init(data_collection={"cookies": False, "graphql": {}})'),
    ("dc-headers-true", 'sentry_sdk.init(data_collection={"http_headers": True})'),
    ("dc-headers-request-none", 'sentry_sdk.init(data_collection={"http_headers": {"request": None}})'),
    ("dc-headers-string", 'sentry_sdk.init(data_collection={"http_headers": "all"})'),
    ("dc-headers-list", 'sentry_sdk.init(data_collection={"http_headers": ["request"]})'),
    ("dc-bodies-true", 'sentry_sdk.init(data_collection={"http_bodies": True})'),
    ("dc-terms-int", 'sentry_sdk.init(data_collection={"url_query_params": {"terms": 5}})'),
    ("dc-unknown-key", 'sentry_sdk.init(data_collection={"user_infos": False})'),
    ("dc-gen-ai-true", 'sentry_sdk.init(data_collection={"gen_ai": True})'),
    ("dc-stack-vars-mode", 'sentry_sdk.init(data_collection={"stack_frame_variables": {"mode": "none"}})'),
    ("dc-stack-vars-bool", 'sentry_sdk.init(data_collection={"stack_frame_variables": False})'),
    ("experiments-none", "sentry_sdk.init(_experiments=None)"),
    ("experiments-list", 'sentry_sdk.init(_experiments=[("enable_logs", True)])'),
    ("experiments-empty", "sentry_sdk.init(_experiments={})"),
    ("bytes-dsn", 'sentry_sdk.init(b"https://public@o0.ingest.sentry.io/0")'),
    ("empty-bytes-dsn", 'sentry_sdk.init(dsn=b"")'),
    ("two-dicts", 'sentry_sdk.init({"dsn": None}, {"debug": False})'),
    ("dsn-and-dict", f'sentry_sdk.init("{VALID_DSN}", {{"debug": False}})'),
    ("dsn-and-two-dicts", f'sentry_sdk.init("{VALID_DSN}", {{"debug": False}}, {{}})'),
    ("dc-mode-list", 'sentry_sdk.init(data_collection={"cookies": {"mode": ["off"]}})'),
    ("sampler-and-rate", "sentry_sdk.init(traces_sample_rate=0.2, traces_sampler=lambda context: 0.1)"),
]

# Generated combinations (a fixed seed, so the test is the same on every run): options and values that
# interact (an unknown option raises before a bad DSN is parsed, a custom transport never parses it, a
# dict literal after `**` is seen like keywords).
POOL: dict[str, list[str]] = {
    "dsn": [repr(VALID_DSN), '"YOUR_SENTRY_DSN"', '""', "None", '"https://public@o0.ingest.sentry.io/x"',
            '"http://public@localhost:9000/2"', '"https://o0.ingest.sentry.io/0"'],
    "max_request_body_size": ['"never"', '"small"', '"always"', '"huge"', "None"],
    "traces_sample_rate": ["0.1", "1.0", "1.5", '"0.1"', "None", "-1"],
    "profiles_sample_rate": ["0", "0.5", '"0.5"', "2"],
    "sample_rate": ["1.0", "-0.5", '"x"'],
    "trace_sample_rate": ["0.1"],
    "with_locals": ["True"],
    "request_bodies": ['"small"'],
    "enviroment": ['"prod"'],
    "debug": ["True", "False"],
    "transport": ["None", "NullTransport()"],
    "integrations": ["[DjangoIntegration()]", '[DjangoIntegration(transaction_style="endpoint")]',
                     '[DjangoIntegration("function_name")]', "[LoggingIntegration(event_level=logging.INFO)]"],
    "enable_tracing": ["True"],
    "_experiments": ['{"enable_logs": True}'],
    "data_collection": ["None", "{}", '{"cookies": True}', '{"user_info": False, "http_bodies": []}',
                        '{"frame_context_lines": "5"}', '{"url_query_params": {"mode": "off"}}'],
}


def _generated(count: int, seed: int = 5) -> list[tuple[str, str]]:
    import random

    chooser = random.Random(seed)
    variants = []
    for number in range(count):
        keys = chooser.sample(sorted(POOL), chooser.randint(1, 4))
        pairs = [(key, chooser.choice(POOL[key])) for key in keys]
        shape = chooser.choice(["keywords", "positional", "splat"])
        if shape == "positional" and pairs[0][0] == "dsn":
            args = [pairs[0][1]] + [f"{k}={v}" for k, v in pairs[1:]]
        elif shape == "splat":
            args = ["**{" + ", ".join(f"{k!r}: {v}" for k, v in pairs) + "}"]
        else:
            args = [f"{k}={v}" for k, v in pairs]
        variants.append((f"generated-{number}", f"sentry_sdk.init({', '.join(args)})"))
    return variants


VARIANTS += _generated(60)

PRELUDE = """\
import logging
import os

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.transport import Transport


class NullTransport(Transport):
    def capture_envelope(self, envelope):
        pass


"""

RUNNER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import sentry_sdk
import sentry_sdk.transport
from sentry_sdk.utils import is_valid_sample_rate

sentry_sdk.transport.BaseHttpTransport._send_request = lambda *args, **kwargs: None
results = {}
for name, source in json.load(sys.stdin):
    outcome = {"raised": None, "invalid_rates": []}
    try:
        exec(compile(source, name, "exec"), {"__name__": "settings"})
    except Exception as error:
        outcome["raised"] = type(error).__name__
    else:
        options = sentry_sdk.get_client().options
        for rate in ("traces_sample_rate", "profiles_sample_rate"):
            value = options.get(rate)
            if value is not None and not is_valid_sample_rate(value, source="test"):
                outcome["invalid_rates"].append(rate)
    sentry_sdk.get_client().close(timeout=0)
    sentry_sdk.get_global_scope().set_client(None)
    results[name] = outcome
json.dump(results, sys.stdout)
"""


@pytest.fixture(scope="module")
def executed() -> dict[str, dict]:
    env = dict(os.environ, SENTRY_DSN=VALID_DSN)
    env.pop("SENTRY_PRINT_ENVELOPES", None)
    payload = json.dumps([(name, PRELUDE + source) for name, source in VARIANTS])
    done = subprocess.run(
        [sys.executable, "-c", RUNNER], input=payload, capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@functools.lru_cache(maxsize=None)
def _findings(source: str):
    result = run(PRELUDE + source, ["LL505", "LL507"], filename="proj/settings.py")
    assert not result.errors, result.errors
    return tuple(result.findings)


def _named_exception(message: str) -> str:
    match = re.search(r"raises `(\w+)", message)
    assert match, message
    return match.group(1)


def test_enough_variants_of_each_kind(executed):
    raised = [name for name, outcome in executed.items() if outcome["raised"]]
    assert len(VARIANTS) >= 80 and len(raised) >= 20 and len(VARIANTS) - len(raised) >= 20


@pytest.mark.parametrize("name,source", VARIANTS, ids=[name for name, _ in VARIANTS])
def test_error_findings_match_execution(name, source, executed):
    outcome = executed[name]
    raising = [f for f in _findings(source) if " raises " in f.message]
    if outcome["raised"] is None:
        assert raising == [], "false alarm: sentry-sdk accepted this at startup"
    else:
        assert raising, f"missed: sentry-sdk raised {outcome['raised']}"
        assert outcome["raised"] in {_named_exception(f.message) for f in raising}


@pytest.mark.parametrize("name,source", VARIANTS, ids=[name for name, _ in VARIANTS])
def test_ignored_values_are_ignored_by_the_sdk(name, source, executed):
    outcome = executed[name]
    findings = _findings(source)
    ignored = [f for f in findings if " raises " not in f.message]
    if not ignored or len(ignored) < len(findings):
        return  # nothing ignored, or the call raises anyway (the other test's concern)
    assert outcome["raised"] is None
    for finding in ignored:
        option = re.match(r"`(\w+)=", finding.message)
        if option and option.group(1) in ("traces_sample_rate", "profiles_sample_rate"):
            assert option.group(1) in outcome["invalid_rates"], finding.message


def test_the_subprocess_sees_the_sdk_loglint_was_generated_from():
    import sentry_sdk

    from loglint.semantics.sentry_options import SENTRY_SDK_VERSION

    minor = lambda version: version.split(".")[:2]  # noqa: E731
    assert minor(sentry_sdk.VERSION) == minor(SENTRY_SDK_VERSION), "rerun tools/gen_sentry_options.py"


def test_the_generated_option_table_is_current():
    import sentry_sdk

    from loglint.semantics.sentry_options import SENTRY_SDK_VERSION

    if sentry_sdk.VERSION != SENTRY_SDK_VERSION:
        pytest.skip(f"generated from sentry-sdk {SENTRY_SDK_VERSION}, {sentry_sdk.VERSION} installed")
    done = subprocess.run(
        [sys.executable, "tools/gen_sentry_options.py", "--check"],
        cwd=os.path.join(os.path.dirname(__file__), os.pardir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, textwrap.shorten(done.stderr, 500)
