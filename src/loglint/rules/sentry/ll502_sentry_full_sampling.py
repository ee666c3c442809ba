from __future__ import annotations

import libcst as cst

from loglint.config import DEFAULT_MAX_SAMPLE_RATE
from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import production_only_skipped, sentry_init

RATES = ("traces_sample_rate", "profiles_sample_rate", "profile_session_sample_rate")


class SentryFullSampling(Rule):
    """## What it does
    Checks for a literal `traces_sample_rate`, `profiles_sample_rate` or `profile_session_sample_rate`
    above `sentry.max-sample-rate` (0.25 by default) in `sentry_sdk.init(...)`, and for
    `enable_tracing=True` without a rate (it means a rate of 1.0).

    ## Why is this bad?
    A rate of 1.0 traces (or profiles) every request: the quick-start value. In production it multiplies
    the SDK's overhead on each request and burns the performance quota within days, after which Sentry
    drops data, errors' context included. Keep full sampling for development and choose a rate (or a
    `traces_sampler`) for production.

    Only literals are reported: a rate read from the environment or a settings name is left alone, and
    so are development settings (`dev-settings` globs), test modules and development branches
    (`if DEBUG:`, `if ENVIRONMENT == "local":`). A rate outside [0, 1] is LL507's.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(traces_sample_rate=1.0)
    ```

    ## Use instead
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0.05")))
    ```

    ## Options
    - `sentry.max-sample-rate`: the highest rate accepted without a finding.
    - `dev-settings`: globs of development settings modules, which are skipped.
    """

    code = "LL502"
    name = "sentry-full-sampling"
    candidates = frozenset({SENTRY})
    message = "Sentry samples more than `sentry.max-sample-rate` of traffic"

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or production_only_skipped(self.context, node):
            return
        config = self.context.config
        limit = config.sentry.max_sample_rate if config is not None else DEFAULT_MAX_SAMPLE_RATE
        for name in RATES:
            option = init.get(name)
            if option is None:
                continue
            value = option.literal
            if isinstance(value, (int, float)) and limit < float(value) <= 1:
                written = self.context.module.code_for_node(option.value)
                self.report(
                    option.node,
                    f"`{name}={written}` samples {float(value):.0%} of traffic, above the "
                    f"{limit:g} `sentry.max-sample-rate`",
                )
        tracing = init.get("enable_tracing")
        if (
            tracing is not None
            and tracing.literal is True
            and init.literal("traces_sample_rate") is None
            and init.literal("traces_sampler") is None
        ):
            self.report(tracing.node, "`enable_tracing=True` without a rate traces every request (a rate of 1.0)")
