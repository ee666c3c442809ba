from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import Kind, Rule
from loglint.semantics.apm import REMOVED_CONFIGURE_ARGUMENTS, REMOVED_ENVIRONMENT, env_writes, skipped, tracer_configure


class DdtraceRemovedApi(Rule):
    """## What it does
    Checks for ddtrace APIs removed in ddtrace 3.0: the `tracer.configure(...)` keyword arguments
    `enabled`, `hostname`, `port`, `uds_path`, `https`, `sampler`, `priority_sampling`, `settings`,
    `dogstatsd_url`, `writer`, `partial_flush_enabled`, `partial_flush_min_spans`, `api_version`,
    `wrap_executor` and `appsec_standalone_enabled`, and `DD_TRACE_SAMPLE_RATE` set from Python
    (`os.environ["DD_TRACE_SAMPLE_RATE"] = ...`).

    `tracer` is ddtrace's global tracer however it is imported (`from ddtrace import tracer`,
    `from ddtrace.trace import tracer`, `import ddtrace as dd; dd.tracer`).

    ## Why is this bad?
    ddtrace 3 keeps only `context_provider`, `compute_stats_enabled`, `appsec_enabled`, `iast_enabled`,
    `apm_tracing_disabled` and `trace_processors` in `Tracer.configure`: any removed keyword raises
    `TypeError: Tracer.configure() got an unexpected keyword argument` when the call runs (usually at
    startup, so the process does not start after an upgrade). The agent connection, sampling and flushing are configured
    with environment variables instead. `DD_TRACE_SAMPLE_RATE` is no longer read at all: setting it
    silently changes nothing (use `DD_TRACE_SAMPLING_RULES`).

    Source: the "Upgrading from dd-trace-py v2 to v3" guide (Legacy Interfaces, Environment Variables)
    and DataDog/dd-trace-py#12199; the keyword list is checked against ddtrace itself by a differential
    test (each variant executed, findings compared with the ones that raise).

    ## Example
    ```python
    from ddtrace import tracer

    tracer.configure(hostname="datadog-agent", port=8126)
    ```

    ## Use instead
    Set `DD_AGENT_HOST=datadog-agent` and `DD_TRACE_AGENT_PORT=8126` in the environment of the process,
    and keep only supported arguments:
    ```python
    from ddtrace import tracer

    tracer.configure(compute_stats_enabled=True)
    ```

    ## Options
    - `dev-settings`: the settings modules that are not checked.

    ## Known limitations
    A tracer reached through a variable (`t = ddtrace.tracer; t.configure(...)`) and keywords passed by
    `**kwargs` are not checked. Projects still on ddtrace 2.x get the report too: the arguments are
    deprecated there since 2.20.
    """

    code = "LL603"
    candidates = frozenset({APM})
    name = "ddtrace-removed-api"
    message = "ddtrace API removed in ddtrace 3"
    kind = Kind.ERROR

    def __init__(self, context) -> None:
        super().__init__(context)
        self._applies: Optional[bool] = None

    def _check_file(self) -> bool:
        if self._applies is None:
            self._applies = not skipped(self.context)
        return self._applies

    def visit_Call(self, node: cst.Call) -> None:
        if tracer_configure(self.context, node) and self._check_file():
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in REMOVED_CONFIGURE_ARGUMENTS:
                    keyword = arg.keyword.value
                    self.report(
                        arg,
                        f"`tracer.configure({keyword}=...)` was removed in ddtrace 3 (`TypeError` at startup): "
                        f"use {REMOVED_CONFIGURE_ARGUMENTS[keyword]}",
                    )
        self._environment(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._environment(node)

    def _environment(self, node: cst.CSTNode) -> None:
        for write in env_writes(self.context, node):
            if write.key in REMOVED_ENVIRONMENT and self._check_file():
                self.report(
                    write.key_node,
                    f"`{write.key}` is not read since ddtrace 3: setting it changes nothing; "
                    f"use {REMOVED_ENVIRONMENT[write.key]}",
                )
