from __future__ import annotations

import ntpath
import posixpath

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_sites import ConfigSite, ConfigView

_FILE_HANDLERS = frozenset(
    {
        "logging.FileHandler",
        "logging.handlers.WatchedFileHandler",
        "logging.handlers.RotatingFileHandler",
        "logging.handlers.TimedRotatingFileHandler",
    }
)
_ROTATING = "logging.handlers.RotatingFileHandler"


class LoggingConfigFilePath(ConfigRule):
    """## What it does
    Flags a file handler whose `filename` is a relative path (`"debug.log"`, `"logs/app.log"`,
    `"~/app.log"`), and a `RotatingFileHandler` without a positive `maxBytes`.

    ## Why is this bad?
    A relative path is opened from the process's working directory, which differs between `runserver`,
    gunicorn, systemd, celery and cron: logs land in a different place for each, or the process cannot
    create the file and fails at startup. `~` is not expanded. A `RotatingFileHandler` rotates only when
    `maxBytes` is set: without it the file grows until the disk is full.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"file": {"class": "logging.handlers.RotatingFileHandler", "filename": "logs/app.log"}},
        "root": {"handlers": ["file"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "file": {
                "class": "logging.handlers.RotatingFileHandler",
                "filename": "/var/log/app/app.log",
                "maxBytes": 10_000_000,
                "backupCount": 5,
            }
        },
        "root": {"handlers": ["file"]},
    }
    ```

    ## Known limitations
    Paths built at run time (`BASE_DIR / "app.log"`, `os.path.join(...)`) are unknown and not reported.
    """

    code = "LL410"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-file-path"
    message = "file handler with a relative path or without rotation"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        for handler in view.items("handlers"):
            signature = view.signature(handler)
            if signature is None or signature.name not in _FILE_HANDLERS or handler.dict is None:
                continue
            filename = handler.get("filename")
            if isinstance(filename, Known) and isinstance(filename.value, str) and "://" not in filename.value:
                path = filename.value
                if path.startswith("~"):
                    message = f"filename {path!r} of {handler.label()}: '~' is not expanded, the path is relative"
                    self.report_at(site, message, filename.node)
                elif path and not posixpath.isabs(path) and not ntpath.isabs(path):
                    message = (
                        f"filename {path!r} of {handler.label()} is relative: it depends on the working "
                        "directory of whatever process starts Django"
                    )
                    self.report_at(site, message, filename.node)
            if signature.name == _ROTATING and handler.dict.complete:
                max_bytes = handler.get("maxBytes")
                if max_bytes is None or (
                    isinstance(max_bytes, Known) and isinstance(max_bytes.value, (int, float)) and max_bytes.value <= 0
                ):
                    message = f"{handler.label()} never rotates: RotatingFileHandler needs a positive maxBytes"
                    self.report_at(site, message, (max_bytes.node if max_bytes else None), handler.node)
