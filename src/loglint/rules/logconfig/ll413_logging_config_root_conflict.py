from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_sites import ROOT_NAME, ConfigSite, ConfigView, known_dict


class LoggingConfigRootConflict(ConfigRule):
    """## What it does
    Flags a logging configuration that configures the root logger twice: with the top-level `root` key and
    with `loggers[""]` (the empty name is the root logger).

    ## Why is this bad?
    dictConfig applies `loggers[""]` first, then the top-level `root`, which replaces its handlers and
    level: the `loggers[""]` entry silently does nothing.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"": {"handlers": ["console"], "level": "DEBUG"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "DEBUG"},
    }
    ```
    """

    code = "LL413"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-root-conflict"
    message = "root logger configured twice: the top-level 'root' wins over loggers[\"\"]"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        root = view.get("root")
        if root is None or (known_dict(root) is not None and not known_dict(root).entries):
            return  # an empty `root` is skipped by dictConfig
        for logger in view.items("loggers"):
            if logger.name == ROOT_NAME:
                message = (
                    'loggers[""] is the root logger, also configured by the top-level "root": '
                    'the top-level one is applied last and wins, loggers[""] does nothing'
                )
                self.report_at(site, message, logger.entry.key_node, logger.entry.value.node)
