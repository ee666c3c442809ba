from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import FixAvailability, Rule
from loglint.semantics.apm import ScoutEntry, scout_entries


class ScoutNotFirstApp(Rule):
    """## What it does
    Checks for `"scout_apm.django"` in `INSTALLED_APPS` of a settings module at another place than first:
    in the list literal, added to the end (`INSTALLED_APPS += [...]`, `.append(...)`,
    `INSTALLED_APPS = INSTALLED_APPS + [...]` in split settings), or in a list of apps
    (`THIRD_PARTY_APPS`) that `INSTALLED_APPS` puts after others.

    ## Why is this bad?
    Scout instruments Django in its `AppConfig.ready()`, which Django runs in the order of
    `INSTALLED_APPS`. Apps whose `ready()` runs before it (and the templates, signals and middleware
    they set up) are not instrumented; Scout's documentation asks for it to be listed first.

    ## Example
    ```python
    # file: shop/settings.py
    INSTALLED_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "scout_apm.django",
        "shop",
    ]
    ```

    ## Use instead
    ```python
    # file: shop/settings.py
    INSTALLED_APPS = [
        "scout_apm.django",
        "django.contrib.admin",
        "django.contrib.auth",
        "shop",
    ]
    ```

    ## Fix safety
    Safe. Only offered when `INSTALLED_APPS` is assigned a list (or parenthesized tuple) literal holding
    the entry once: the entry moves first with its own comments (the comment lines above it and the
    comment after it), and the commas, indentation and trailing comma stay as they were.

    ## Options
    - `dev-settings`: the settings modules that are not checked.

    ## Known limitations
    Lists built by functions or imported from other modules, and apps spread from a list loglint cannot
    see (`[*BASE_APPS, "scout_apm.django"]` with `BASE_APPS` imported), are not reported.
    """

    code = "LL605"
    candidates = frozenset({APM})
    name = "scout-not-first-app"
    message = "`scout_apm.django` is not first in `INSTALLED_APPS`: apps loaded before it are not instrumented"
    fix_title = "Move `scout_apm.django` first"
    fix_availability = FixAvailability.SAFE

    def __init__(self, context) -> None:
        super().__init__(context)
        self._entries: Optional[dict[int, ScoutEntry]] = None

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check(node)

    def _check(self, node: cst.CSTNode) -> None:
        if self._entries is None:
            self._entries = scout_entries(self.context)
        entry = self._entries.get(id(node))
        if entry is None or entry.first:
            return
        fix = self.make_fix([entry.fix], safe=True) if entry.fix is not None else None
        self.report(node, fix=fix)
