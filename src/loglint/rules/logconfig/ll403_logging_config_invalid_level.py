from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOGCONFIG
from loglint.rule import FixAvailability, Kind
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import LevelVerdict, check_level
from loglint.semantics.logging_sites import ConfigSite, ConfigView


class LoggingConfigInvalidLevel(ConfigRule):
    """## What it does
    Flags a `level` of a handler, a logger or the root that logging does not accept: a name it does not
    know (names are case-sensitive: `"info"` is not one), or a value that is neither an int nor a string.

    ## Why is this bad?
    `dictConfig` calls `logging._checkLevel` on it and raises at startup (`ValueError: Unknown level:
    'info'`), which Django reports as `Unable to configure handler 'console'`.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler", "level": "info"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler", "level": "INFO"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Fix safety
    Safe: a name in the wrong case (or with stray spaces) becomes the level name it was meant as. Other
    names are reported without a fix.

    ## Known limitations
    Level names registered by the project with `logging.addLevelName` are known only when the call is in
    the same file (then unknown names are not reported).
    """

    code = "LL403"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-invalid-level"
    message = "invalid level in the logging configuration"
    fix_title = "Use the level name"
    fix_availability = FixAvailability.SAFE
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        custom_levels = self.context.source is None or b"addLevelName" in self.context.source
        for item in [*view.items("handlers"), *view.loggers()]:
            level = item.get("level")
            if not isinstance(level, Known):
                continue
            verdict = check_level(level.value)
            if verdict.verdict is LevelVerdict.UNKNOWN_NAME and not custom_levels:
                if verdict.suggestion is not None:
                    message = (
                        f"level {level.value!r} of {item.label()} is not a logging level name (names are "
                        f"case-sensitive): use {verdict.suggestion!r} (ValueError at startup)"
                    )
                else:
                    message = (
                        f"level {level.value!r} of {item.label()} is not a logging level name "
                        "(DEBUG, INFO, WARNING, ERROR, CRITICAL): ValueError at startup"
                    )
                self.report_at(site, message, level.node, fix=self._fix(site, level, verdict.suggestion))
            elif verdict.verdict is LevelVerdict.WRONG_TYPE:
                kind = {"ConfigDict": "dict", "ConfigList": "list"}.get(type(level.value).__name__, type(level.value).__name__)
                message = (
                    f"level of {item.label()} is a {kind}: dictConfig needs a level name or an int "
                    "(TypeError at startup)"
                )
                self.report_at(site, message, level.node)

    def _fix(self, site: ConfigSite, level: Known, suggestion):
        node = level.node
        if suggestion is None or not isinstance(node, cst.SimpleString) or not site.owns(node):
            return None
        quote = node.quote if node.quote in ("'", '"') else '"'
        return self.make_fix([(node, node.with_changes(value=f"{node.prefix}{quote}{suggestion}{quote}"))], safe=True)
