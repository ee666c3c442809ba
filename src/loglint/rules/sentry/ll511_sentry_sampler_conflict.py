from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.sentry import sentry_init


class SentrySamplerConflict(Rule):
    """## What it does
    Checks for `sentry_sdk.init(...)` given both `traces_sample_rate` and `traces_sampler`.

    ## Why is this bad?
    When a `traces_sampler` is set, the SDK calls it for every transaction and never reads
    `traces_sample_rate`: the rate someone tuned (or that a reviewer reads as the sampling) has no
    effect. Make the sampler return the default rate itself.

    A `traces_sample_rate=None` is not a conflict.

    ## Example
    ```python
    import sentry_sdk


    def sampler(context):
        return 0.1


    sentry_sdk.init(traces_sample_rate=0.2, traces_sampler=sampler)
    ```

    ## Use instead
    ```python
    import sentry_sdk


    def sampler(context):
        return 0.2


    sentry_sdk.init(traces_sampler=sampler)
    ```
    """

    code = "LL511"
    name = "sentry-sampler-conflict"
    candidates = frozenset({SENTRY})
    message = "`traces_sample_rate` is ignored: `traces_sampler` decides every transaction"

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None or not init.given("traces_sampler"):
            return
        rate = init.get("traces_sample_rate")
        if rate is not None and rate.literal is not None:
            self.report(rate.node)
