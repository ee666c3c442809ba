from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOGCONFIG
from loglint.rule import FixAvailability, Kind
from loglint.rules.logconfig import ConfigRule, insert_key
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_sites import ConfigSite, ConfigView


class LoggingConfigVersion(ConfigRule):
    """## What it does
    Flags a logging configuration (`LOGGING`, a `dictConfig(...)` argument) with no `version` key, or a
    `version` that is not `1`.

    ## Why is this bad?
    `dictConfig` refuses it: `ValueError: dictionary doesn't specify a version` (or `Unsupported version`),
    raised while Django starts, before any request is served.

    ## Example
    ```python
    LOGGING = {
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```

    ## Fix safety
    Safe: `"version": 1` is added as the first key, or a wrong version replaced by `1` (the only version
    dictConfig has ever accepted).

    ## Known limitations
    A dict whose keys are not all known (a `**spread` of an unknown value) is not reported as missing
    `version`; neither is a settings module that other modules of its package star-import (they may add
    it). An empty `LOGGING = {}` is skipped by Django and is not reported.
    """

    code = "LL401"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-version"
    message = "logging configuration without 'version': dictConfig raises ValueError at startup"
    fix_title = 'Add "version": 1'
    fix_availability = FixAvailability.SAFE
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        version = view.get("version")
        if version is None:
            if not view.root.complete or site.partial:
                return
            replacement = insert_key(view.node, "version", cst.Integer("1")) if site.owns(view.node) else None
            fix = self.make_fix([replacement], safe=True) if replacement is not None else None
            self.report_at(site, self.message, view.node, site.anchor, fix=fix)
            return
        if not isinstance(version, Known) or version.value == 1:
            return  # True and 1.0 compare equal to 1: dictConfig accepts them
        message = f"'version' is {version.value!r}: dictConfig accepts only 1 (ValueError at startup)"
        fix = None
        if isinstance(version.node, cst.BaseExpression) and site.owns(version.node):
            fix = self.make_fix([(version.node, cst.Integer("1"))], safe=True, title="Use version 1")
        self.report_at(site, message, version.node, fix=fix)
