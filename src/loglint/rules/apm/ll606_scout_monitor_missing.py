from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import Rule
from loglint.semantics.apm import SCOUT_MONITOR, ScoutEntry, project_sets, scout_entries


class ScoutMonitorMissing(Rule):
    """## What it does
    Checks for `"scout_apm.django"` in `INSTALLED_APPS` when no settings module of the project sets
    `SCOUT_MONITOR`. Every settings module of the project is read (`settings.py`, the modules of a
    `settings/` package, `settings_*.py`, `*_settings.py`): a mention of `SCOUT_MONITOR` in the code of
    any of them (a name or a string such as `os.environ.setdefault("SCOUT_MONITOR", ...)`, not a comment)
    counts as setting it.

    ## Why is this bad?
    Scout's `monitor` setting defaults to `False`: without it the agent logs "Not Launching" once and
    collects nothing. Unless every deployment sets `SCOUT_MONITOR=true` in its environment, the
    monitoring that was installed silently does nothing.

    This rule is opt-in: projects that configure Scout only through the environment are right to leave
    the setting out.

    ## Example
    ```python
    # file: shop/settings.py
    INSTALLED_APPS = ["scout_apm.django", "django.contrib.admin"]
    SCOUT_NAME = "shop"
    ```

    ## Use instead
    ```python
    # file: shop/settings.py
    import os

    INSTALLED_APPS = ["scout_apm.django", "django.contrib.admin"]
    SCOUT_NAME = "shop"
    SCOUT_MONITOR = os.environ.get("SCOUT_MONITOR", "true") == "true"
    ```

    ## Options
    - `dev-settings`: the settings modules whose `INSTALLED_APPS` are not checked (a mention of
      `SCOUT_MONITOR` in them still counts).

    ## Known limitations
    Settings kept outside the settings modules (a `scout_apm.api.Config.set(monitor=True)` call, a
    `.env` file) are not seen: the rule reports, hence opt-in.
    """

    code = "LL606"
    candidates = frozenset({APM})
    name = "scout-monitor-missing"
    message = "Scout is installed but no settings module sets `SCOUT_MONITOR`: the agent does not start"
    default = False

    def __init__(self, context) -> None:
        super().__init__(context)
        self._entries: Optional[dict[int, ScoutEntry]] = None
        self._monitored: Optional[bool] = None

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check(node)

    def _check(self, node: cst.CSTNode) -> None:
        if self._entries is None:
            self._entries = scout_entries(self.context)
        if id(node) not in self._entries:
            return
        if self._monitored is None:
            self._monitored = project_sets(self.context, SCOUT_MONITOR)
        if not self._monitored:
            self.report(node)
