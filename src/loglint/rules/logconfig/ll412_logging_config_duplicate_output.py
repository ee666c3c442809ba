from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_sites import ROOT_NAME, ConfigSite, ConfigView, Item, known_str, list_items, logger_ancestors


class LoggingConfigDuplicateOutput(ConfigRule):
    """## What it does
    Flags a handler attached both to a logger and to one of its ancestors (the root included) while the
    record propagates from one to the other.

    ## Why is this bad?
    A record is handled by its logger's handlers and then, with `propagate` true (the default), by each
    ancestor's: the same handler writes every record twice (or mails it twice, or sends two Sentry
    events).

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {"myapp": {"handlers": ["console"], "level": "DEBUG"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {"myapp": {"level": "DEBUG"}},
    }
    ```

    ## Known limitations
    Only loggers of the configuration are followed; a `propagate` set in code is not seen.
    """

    code = "LL412"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-duplicate-output"
    message = "handler attached to a logger and to its ancestor: every record is written twice"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        loggers: dict[str, Item] = {}
        for logger in view.loggers():
            if logger.name not in loggers or logger.via_root_key:  # the top-level `root` wins
                loggers[logger.name] = logger
        for name, logger in loggers.items():
            if name == ROOT_NAME:
                continue
            own = _handlers(logger)
            if not own or not _propagates(logger):
                continue
            for ancestor_name in logger_ancestors(name):
                ancestor = loggers.get(ancestor_name)
                if ancestor is None:
                    continue
                shared = {handler: node for handler, node in own.items() if handler in _handlers(ancestor)}
                for handler, node in shared.items():
                    message = (
                        f"handler {handler!r} is on {logger.label()} and on its ancestor {ancestor.label()}: "
                        "records propagate, so each is written twice (set propagate to False or drop one)"
                    )
                    self.report_at(site, message, node)
                if not _propagates(ancestor):
                    break


def _handlers(logger: Item) -> dict[str, object]:
    found = {}
    for element in list_items(logger.get("handlers")) or []:
        name = known_str(element)
        if name is not None:
            found.setdefault(name, element.node)
    return found


def _propagates(logger: Item) -> bool:
    """Certainly propagates: `propagate` absent (the default, True) or a true literal."""
    value = logger.get("propagate")
    if value is None:
        return logger.dict is not None and logger.dict.complete
    return isinstance(value, Known) and bool(value.value) is True and not isinstance(value.value, (dict, list))
