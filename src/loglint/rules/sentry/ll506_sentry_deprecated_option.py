from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Fix, FixAvailability, Rule
from loglint.semantics import sentry_options
from loglint.semantics.sentry import SentryInit, literal, sentry_init


class SentryDeprecatedOption(Rule):
    """## What it does
    Checks for `sentry_sdk.init(...)` options that sentry-sdk 2.x still accepts but has deprecated, each
    with what replaces it:
    - `enable_tracing` → `traces_sample_rate`;
    - `propagate_traces` → `trace_propagation_targets`;
    - `send_default_pii` → `data_collection` (deprecated by the sentry-sdk release the table comes from);
    - `profiles_sample_rate` (above 0) and `profiles_sampler`: transaction-based profiling, replaced by
      continuous profiling (`profile_session_sample_rate`, `profile_lifecycle="trace"`);
    - keys of `_experiments` that became options of their own (`enable_logs`, `before_send_log`,
      `profiler_mode`, `profiles_sample_rate`, ...).

    ## Why is this bad?
    The SDK warns at every start, and the next major version removes them: the deprecated options then
    raise `TypeError: Unknown option` (see LL505), and `_experiments` keys are silently ignored, so the
    feature they turned on quietly stops.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(_experiments={"enable_logs": True})
    ```

    ## Use instead
    ```python
    import sentry_sdk

    sentry_sdk.init(enable_logs=True)
    ```

    ## Fix safety
    An `_experiments` key that became an option of the same name and values is moved out of the dict
    literal into a keyword of its own (the dict is dropped when it empties): safe, the SDK reads the
    option first. No fix when the option is also passed, or for the other deprecations (the replacement
    takes different values).
    """

    code = "LL506"
    name = "sentry-deprecated-option"
    candidates = frozenset({SENTRY})
    message = "deprecated `sentry_sdk.init` option"
    fix_title = "Move the `_experiments` key to an option"
    fix_availability = FixAvailability.SAFE

    def visit_Call(self, node: cst.Call) -> None:
        init = sentry_init(self.context, node)
        if init is None:
            return
        for option in init.options:
            entry = sentry_options.DEPRECATED.get(option.name)
            if entry is not None:
                value = option.literal
                quiet = entry["quiet_value"]
                if value is None or (quiet is not None and value == quiet and not isinstance(value, bool)):
                    continue
                self.report(option.node, f"`{option.name}` is deprecated: use {entry['instead']}")
            elif option.name == "_experiments" and isinstance(option.value, cst.Dict):
                self._experiments(init, option.keyword, option.value)

    def _experiments(self, init: SentryInit, keyword: Optional[cst.Arg], experiments: cst.Dict) -> None:
        for element in experiments.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = literal(element.key)
            if not isinstance(key, str) or key not in sentry_options.EXPERIMENTS_PROMOTED:
                continue
            option = sentry_options.EXPERIMENTS_PROMOTED[key]
            fix = None
            if keyword is not None and init.get(option) is None and not init.open_kwargs:
                fix = self._move(init.call, keyword, experiments, element, option)
            self.report(element, f"`_experiments[{key!r}]` is deprecated: pass `{option}=` to `init`", fix)

    def _move(
        self, call: cst.Call, keyword: cst.Arg, experiments: cst.Dict, element: cst.DictElement, option: str
    ) -> Fix:
        rest = [e for e in experiments.elements if e is not element]
        if rest:
            last = rest[-1]
            new_dict = experiments.with_changes(elements=rest)
            if experiments.elements[-1] is element:
                # the removed element's comment sits before the closing brace: it goes with the element
                rest[-1] = last.with_changes(comma=element.comma)
                brace = experiments.rbrace
                brace = brace.with_changes(whitespace_before=_without_comment(brace.whitespace_before))
                new_dict = experiments.with_changes(elements=rest, rbrace=brace)
            kept: Optional[cst.Arg] = keyword.with_changes(value=new_dict)
        else:
            kept = None
        added = cst.Arg(
            keyword=cst.Name(option),
            value=element.value,
            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
            comma=keyword.comma,
        )
        args: list[cst.Arg] = []
        for arg in call.args:
            if arg is keyword:
                if kept is not None:
                    comma = keyword.comma
                    if not isinstance(comma, cst.Comma):
                        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    args.append(kept.with_changes(comma=comma))
                args.append(added)
            else:
                args.append(arg)
        return self.make_fix([(call, call.with_changes(args=args))], safe=True, title=f"Pass `{option}=` to `init`")


def _without_comment(space: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    if isinstance(space, cst.ParenthesizedWhitespace):
        return space.with_changes(first_line=cst.TrailingWhitespace())
    return space
