from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import APM
from loglint.rule import Rule
from loglint.semantics.apm import SECRET_SETTINGS, env_writes, literal_secret, secret_key_arguments, skipped
from loglint.semantics.django import file_kinds


class ApmHardcodedSecret(Rule):
    """## What it does
    Checks for APM credentials written as string literals: `SCOUT_KEY`, `DD_API_KEY`, `DD_APP_KEY`,
    `DATADOG_API_KEY`, `NEW_RELIC_LICENSE_KEY` and `SENTRY_AUTH_TOKEN` assigned a literal (a setting, a
    class attribute, a variable), put into the environment from Python (`os.environ["DD_API_KEY"] = "..."`,
    `os.environ.setdefault(...)`, `os.environ.update(...)`, `os.putenv(...)`), or passed to an API call
    that takes the key (`datadog.initialize(api_key=..., app_key=...)`,
    `scout_apm.api.Config.set(key=...)`).

    ## Why is this bad?
    A key in the repository is readable by everyone who can read the code, its forks and its CI logs,
    and it stays in the history after it is removed. Every checkout (a developer's laptop, a CI run, a
    staging copy) then reports into production's account. The agents all read their key from the
    environment; keep it there.

    Only literals shaped like a real key are reported: at least 16 characters without spaces, with
    letters and digits, and no placeholder word (`your`, `example`, `changeme`, `xxxx`, `dummy`, `test`,
    `secret`, ...). Empty strings, `"YOUR_DD_API_KEY"`, `"<scout key>"` and `"${DD_API_KEY}"` are left
    alone, and so is every value read from the environment (`os.environ.get("DD_API_KEY", "...")`
    included). Development settings modules (`dev-settings`) and test files are not checked.

    ## Example
    ```python
    # file: shop/settings.py
    SCOUT_MONITOR = True
    SCOUT_KEY = "Hx3Jq9Zt2Lw8Pv4Rn6Ty"
    ```

    ## Use instead
    ```python
    # file: shop/settings.py
    import os

    SCOUT_MONITOR = True
    SCOUT_KEY = os.environ["SCOUT_KEY"]
    ```

    ## Options
    - `dev-settings`: the settings modules that are not checked.

    ## Known limitations
    A key held under another name, in a dict literal (`env={"DD_API_KEY": "..."}`), in a configuration
    file (`newrelic.ini`) or in a test file is not reported.
    """

    code = "LL601"
    candidates = frozenset({APM})
    name = "apm-hardcoded-secret"
    message = "APM credential hard-coded as a string literal"

    def __init__(self, context) -> None:
        super().__init__(context)
        self._applies: Optional[bool] = None

    def _check_file(self) -> bool:
        if self._applies is None:
            self._applies = not skipped(self.context) and not file_kinds(self.context).is_test
        return self._applies

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self._check_file():
            return
        for target in node.targets:
            if isinstance(target.target, cst.Name) and target.target.value in SECRET_SETTINGS:
                self._check(target.target.value, node.value)
        for write in env_writes(self.context, node):
            if write.key in SECRET_SETTINGS:
                self._check(write.key, write.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.target.value in SECRET_SETTINGS and self._check_file():
            self._check(node.target.value, node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if not self._check_file():
            return
        for write in env_writes(self.context, node):
            if write.key in SECRET_SETTINGS:
                self._check(write.key, write.value)
        for arg in secret_key_arguments(self.context, node):
            assert arg.keyword is not None
            self._check(f"{arg.keyword.value}=", arg.value)

    def _check(self, name: str, value: Optional[cst.BaseExpression]) -> None:
        if value is not None and literal_secret(value):
            self.report(value, f"APM credential `{name}` hard-coded as a string literal")
