from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule, did_you_mean
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import (
    FACTORY_KEY,
    FILTER_KEYS,
    FORMATTER_KEYS,
    LATER_PYTHON,
    LOGGER_KEYS,
    ROOT_KEYS,
    TOP_LEVEL_KEYS,
)
from loglint.semantics.logging_sites import ConfigSite, ConfigView, Item

_LATER_KEYS = {(section, key) for (section, key) in LATER_PYTHON}


class LoggingConfigUnknownKey(ConfigRule):
    """## What it does
    Flags keys `dictConfig` silently ignores: a misspelt top-level key (`handler`, `logger`,
    `disable_existing_logger`), a key a logger or the root does not have (`handler`, `level_name`,
    `propagate` on the root), a key of a formatter or of a filter without `()` (a filter's `class` is
    ignored: it is a plain `logging.Filter`), and a `propagate` that is not a boolean (`"False"` is true).

    ## Why is this bad?
    Nothing fails: the setting just never applies. The handlers a misspelt `handler` key meant to attach
    are not attached, and the logs go nowhere, or everywhere.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_logger": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"app": {"handler": ["console"], "propagate": "False"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"app": {"handlers": ["console"], "propagate": False}},
    }
    ```

    ## Known limitations
    Keys of a formatter or filter with a `()` factory are passed to the factory and are not checked here.
    Keys that newer Pythons read (a formatter's `defaults`, 3.12) are never reported.
    """

    code = "LL407"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-unknown-key"
    message = "key that dictConfig ignores"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        for key, entry in view.root.entries.items():
            if key not in TOP_LEVEL_KEYS:
                message = f"top-level key {key!r} is ignored by dictConfig{did_you_mean(key, TOP_LEVEL_KEYS)}"
                self.report_at(site, message, entry.key_node, entry.value.node)
        for logger in view.loggers():
            allowed = ROOT_KEYS if logger.via_root_key else LOGGER_KEYS
            self._unknown_keys(site, logger, allowed)
            propagate = logger.get("propagate")
            if logger.name != "" and isinstance(propagate, Known) and not isinstance(propagate.value, (bool, int)):
                truth = "true" if propagate.value else "false"
                message = (
                    f"propagate of {logger.label()} is {propagate.value!r}, not a boolean: it counts as {truth}"
                )
                self.report_at(site, message, propagate.node)
        for formatter in view.items("formatters"):
            if formatter.get(FACTORY_KEY) is None:
                self._unknown_keys(site, formatter, FORMATTER_KEYS | _later("formatters"))
        for flt in view.items("filters"):
            if flt.get(FACTORY_KEY) is None:
                self._unknown_keys(site, flt, FILTER_KEYS)

    def _unknown_keys(self, site: ConfigSite, item: Item, allowed) -> None:
        config = item.dict
        if config is None:
            return
        for key, entry in config.entries.items():
            if key in allowed:
                continue
            if item.section == "filters" and key == "class":
                message = (
                    f"'class' of {item.label()} is ignored: a filter is built from '()' (without it, it is a "
                    "plain logging.Filter that lets everything through)"
                )
            elif item.via_root_key and key == "propagate":
                message = "'propagate' of the root logger is ignored: the root has no parent"
            else:
                message = f"key {key!r} of {item.label()} is ignored by dictConfig{did_you_mean(key, allowed)}"
            self.report_at(site, message, entry.key_node, entry.value.node)


def _later(section: str) -> set[str]:
    return {key for (name, key) in _LATER_KEYS if name == section}
