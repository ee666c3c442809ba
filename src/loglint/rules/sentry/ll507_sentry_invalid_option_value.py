from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Kind, Rule
from loglint.semantics import sentry_options
from loglint.semantics.sentry import (
    SAMPLE_RATE_OPTIONS,
    UNKNOWN,
    SentryInit,
    bytes_literal,
    call_argument,
    data_collection_problems,
    dsn_problem,
    has_unpacking,
    integration_class,
    literal,
    sentry_init,
)


class SentryInvalidOptionValue(Rule):
    """## What it does
    Checks for literal values that sentry-sdk rejects when it starts, or ignores:
    - a `dsn` that is not a DSN URL (`"YOUR_SENTRY_DSN"`, no public key, no numeric project id, a bytes
      literal): the SDK raises `BadDsn` (a `ValueError`) while creating its transport; the empty string
      is fine (it disables sending);
    - `max_request_body_size` other than `"never"`, `"small"`, `"medium"`, `"always"`: `ValueError`;
    - an integration's `transaction_style` it does not know (`DjangoIntegration(transaction_style=...)`
      takes `"url"` or `"function_name"`): `ValueError` when the integration is constructed;
    - `sample_rate`, `traces_sample_rate`, `profiles_sample_rate`, `profile_session_sample_rate` outside
      [0, 1] or given as a string. Only a string `profiles_sample_rate` raises (`TypeError`); the
      others are ignored with a warning (`traces_sample_rate`, `profiles_sample_rate`: nothing is
      sampled) or act as 0 or 1. The message says which happens;
    - a `data_collection` (the sentry-sdk 2.7x replacement of `send_default_pii`) that is not a dict
      (`TypeError`), a `frame_context_lines` that is not a bool or an int >= 0 (`ValueError`), a
      collection `mode` other than `"off"`, `"denylist"`, `"allowlist"` (`ValueError`), `cookies`,
      `url_query_params`, `graphql` or `gen_ai` set to something else than a dict (`True`:
      `AttributeError`); and keys it does not read (ignored, with the closest valid key);
    - `_experiments` that is not a dict (`None` included): `AttributeError` when the SDK reads it.

    ## Why is this bad?
    A raise in `sentry_sdk.init` happens in the settings module: the application does not start, in
    production first if the value is only set there. An ignored rate silently switches tracing off.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(dsn="YOUR_SENTRY_DSN")
    ```

    ## Use instead
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
    ```

    ## Known limitations
    Values that are not literals (names, environment reads) are not checked. The DSN is not checked when
    the call passes a `transport` (a custom transport may never parse it) or a `**mapping`.
    """

    code = "LL507"
    name = "sentry-invalid-option-value"
    candidates = frozenset({SENTRY})
    message = "sentry-sdk rejects this option value"
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is not None:
            self._dsn(init)
            self._body_size(init)
            self._rates(init)
            self._data_collection(init)
            self._experiments(init)
            return
        integration = integration_class(self.context, node)
        styles = sentry_options.TRANSACTION_STYLES.get(integration or "")
        if styles is None or has_unpacking(node):
            return
        arg = call_argument(node, "transaction_style", 0)
        if arg is None:
            return
        value = literal(arg.value)
        if value is not UNKNOWN and value not in styles:
            allowed = " or ".join(f'"{s}"' for s in styles)
            short = (integration or "").rpartition(".")[2]
            self.report(
                arg,
                f"`{short}(transaction_style={value!r})` raises `ValueError` at startup: use {allowed}",
            )

    def _dsn(self, init: SentryInit) -> None:
        option = init.get("dsn")
        if option is None or init.open_kwargs or init.given("transport"):
            return
        raw = bytes_literal(option.value)
        if raw:
            # `Dsn(str(value))`: the text of a bytes object starts with `b'`, never a scheme
            self.report(option.node, "`dsn` is bytes, not a string: sentry-sdk raises `BadDsn` at startup")
            return
        text = option.literal
        if not isinstance(text, str):
            return
        problem = dsn_problem(text)
        if problem is not None:
            reason, error = problem
            message = f"`dsn` {text!r} is not a DSN ({reason}): sentry-sdk raises `{error}` at startup"
            self.report(option.node, message)

    def _body_size(self, init: SentryInit) -> None:
        option = init.get("max_request_body_size")
        if option is None:
            return
        value = option.literal
        if value is not UNKNOWN and value not in sentry_options.MAX_REQUEST_BODY_SIZES:
            allowed = ", ".join(f'"{s}"' for s in sorted(sentry_options.MAX_REQUEST_BODY_SIZES))
            self.report(
                option.node,
                f"`max_request_body_size={value!r}` raises `ValueError` at startup: use one of {allowed}",
            )

    def _experiments(self, init: SentryInit) -> None:
        """The SDK calls `options["_experiments"].get(...)` at startup: anything but a dict raises."""
        option = init.get("_experiments")
        if option is None or isinstance(option.value, cst.Dict):
            return
        value = option.literal
        if value is not UNKNOWN or isinstance(option.value, (cst.List, cst.Tuple, cst.Set)):
            message = "`_experiments` must be a dict (it has no `.get`): sentry-sdk raises `AttributeError` at startup"
            self.report(option.node, message)

    def _data_collection(self, init: SentryInit) -> None:
        option = init.get("data_collection")
        if option is None:
            return
        for problem in data_collection_problems(option.value):
            text = f"`data_collection{problem.where}` {problem.reason}"
            if problem.exception is not None:
                self.report(problem.node, f"{text}: sentry-sdk raises `{problem.exception}` at startup")
            else:
                self.report(problem.node, f"{text}: sentry-sdk ignores it")

    def _rates(self, init: SentryInit) -> None:
        for name in SAMPLE_RATE_OPTIONS:
            option = init.get(name)
            if option is None:
                continue
            value = option.literal
            problem = _rate_problem(name, value)
            if problem is not None:
                self.report(option.node, f"`{name}={value!r}` {problem}")


def _rate_problem(name: str, value: object) -> Optional[str]:
    """What sentry-sdk does with a sample rate that is not a number in [0, 1] (None when it is one)."""
    if isinstance(value, str):
        if name == "profiles_sample_rate":
            return "is a string: sentry-sdk raises `TypeError` at startup (it compares it with 0)"
        if name == "traces_sample_rate":
            return "is a string, not a number: sentry-sdk ignores it with a warning and samples nothing"
        if name == "sample_rate":
            return "is a string, not a number: sentry-sdk ignores it with a warning and sends every error"
        try:
            float(value)
        except ValueError:
            return "is not a number: sentry-sdk cannot start the continuous profiler and says so only at DEBUG"
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or 0 <= value <= 1:
        return None
    if name in ("traces_sample_rate", "profiles_sample_rate"):
        return "is outside [0, 1]: sentry-sdk ignores it with a warning and samples nothing"
    return "is outside [0, 1]: it samples " + ("everything" if value > 1 else "nothing")
