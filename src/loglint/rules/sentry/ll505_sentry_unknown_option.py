from __future__ import annotations

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import FixAvailability, Kind, Rule
from loglint.semantics import sentry_options
from loglint.semantics.sentry import closest_option, sentry_init


class SentryUnknownOption(Rule):
    """## What it does
    Checks for options that `sentry_sdk.init(...)` (or `sentry_sdk.Client(...)`) does not accept: the
    keywords, and the string keys of a `**{...}` literal. The message names the closest valid option;
    an option removed in sentry-sdk 2.0 names its replacement.

    A positional argument beyond the DSN and one options dict is reported too (`TypeError: Only single
    positional argument is expected`).

    The accepted options come from the sentry-sdk release loglint's table was generated from (see
    `loglint.semantics.sentry_options`, `tools/gen_sentry_options.py`).

    ## Why is this bad?
    sentry-sdk 2.x checks every option: `sentry_sdk.init(trace_sample_rate=0.1)` raises
    `TypeError: Unknown option 'trace_sample_rate'` when the settings module is imported, so the
    application does not start. Options removed in 2.0 (`with_locals`, `request_bodies`) do the same
    after an upgrade.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(with_locals=False)
    ```

    ## Use instead
    ```python
    import sentry_sdk

    sentry_sdk.init(include_local_variables=False)
    ```

    ## Fix safety
    A removed option whose replacement takes the same values (`with_locals` → `include_local_variables`,
    `request_bodies` → `max_request_body_size`) is renamed; the fix is safe: the call raised before and
    now does what the old option did. No fix when the replacement is passed too, nor for a misspelling
    (the closest name is a guess).

    ## Known limitations
    Options passed through a `**mapping` built elsewhere are not seen.
    """

    code = "LL505"
    name = "sentry-unknown-option"
    candidates = frozenset({SENTRY})
    message = "unknown `sentry_sdk.init` option: sentry-sdk raises `TypeError` at startup"
    fix_title = "Rename to the option that replaced it"
    fix_availability = FixAvailability.SAFE
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None:
            return
        if init.extra_positional is not None:
            self.report(
                init.extra_positional,
                "`sentry_sdk.init` takes the DSN and one options dict as positional arguments: "
                "sentry-sdk raises `TypeError` at startup",
            )
        for option in init.options:
            name = option.name
            if name in sentry_options.OPTIONS:
                continue
            replacement = sentry_options.REMOVED.get(name)
            if replacement is None:
                close = closest_option(name)
                hint = f" (did you mean `{close}`?)" if close else ""
                self.report(option.node, f"unknown option `{name}`{hint}: sentry-sdk raises `TypeError` at startup")
                continue
            message = (
                f"`{name}` was removed in sentry-sdk 2.0: sentry-sdk raises `TypeError` at startup; "
                f"use `{replacement}`"
            )
            fix = None
            if option.keyword is not None and init.get(replacement) is None and not init.open_kwargs:
                new = option.keyword.with_changes(keyword=cst.Name(replacement))
                fix = self.make_fix([(option.keyword, new)], safe=True, title=f"Rename to `{replacement}`")
            self.report(option.node, message, fix)
