from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_sites import ConfigSite, ConfigView

_PLAIN_FILE_HANDLER = "logging.FileHandler"


class UnboundedFileHandler(ConfigRule):
    """## What it does
    Flags a handler of class `logging.FileHandler` in a logging configuration.

    ## Why is this bad?
    A plain `FileHandler` never rotates: the file grows until the disk is full. Under `logrotate`, it keeps
    writing to the rotated (renamed or deleted) file after rotation, so new logs vanish. Use
    `RotatingFileHandler`/`TimedRotatingFileHandler`, or `WatchedFileHandler` when logrotate rotates.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"file": {"class": "logging.FileHandler", "filename": "/var/log/app/app.log"}},
        "root": {"handlers": ["file"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"file": {"class": "logging.handlers.WatchedFileHandler", "filename": "/var/log/app/app.log"}},
        "root": {"handlers": ["file"]},
    }
    ```
    """

    code = "LL416"
    candidates = frozenset({LOGCONFIG})
    name = "unbounded-file-handler"
    message = "plain FileHandler: the file is never rotated"
    default = False

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        for handler in view.items("handlers"):
            signature = view.signature(handler)
            if signature is not None and signature.name == _PLAIN_FILE_HANDLER:
                node = handler.key_node("()") or handler.key_node("class")
                value = handler.get("()") or handler.get("class")
                message = (
                    f"{handler.label()} is a plain FileHandler: it never rotates and keeps writing to a file "
                    "logrotate moved; use WatchedFileHandler or a rotating handler"
                )
                self.report_at(site, message, value.node if value is not None else None, node, handler.node)
