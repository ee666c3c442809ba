from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import LevelVerdict, check_level
from loglint.semantics.logging_sites import ConfigSite, ConfigView

_SQL_LOGGER = "django.db.backends"
_DEBUG = 10


class SqlDebugLogging(ConfigRule):
    """## What it does
    Flags the `django.db.backends` logger set to `DEBUG` in a settings module that is not a development one
    (`dev-settings` globs).

    ## Why is this bad?
    At DEBUG, Django logs every SQL statement with its parameters whenever `DEBUG` is on, and
    `django.db.backends` at DEBUG in a production-like settings file is one `DEBUG = True` away from writing
    passwords, tokens and personal data to the logs, and slowing every request.

    ## Example
    ```python
    # file: mysite/settings.py
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"django.db.backends": {"handlers": ["console"], "level": "DEBUG"}},
    }
    ```

    ## Use instead
    ```python
    # file: mysite/settings.py
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"django.db.backends": {"handlers": ["console"], "level": "WARNING"}},
    }
    ```

    ## Options
    `dev-settings`: the globs of development settings modules, where this is allowed.
    """

    code = "LL415"
    candidates = frozenset({LOGCONFIG})
    name = "sql-debug-logging"
    message = "django.db.backends logs every SQL statement at DEBUG"
    default = False

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if site.is_dev_settings or not site.is_django_settings:
            return
        for logger in view.items("loggers"):
            if logger.name != _SQL_LOGGER:
                continue
            level = logger.get("level")
            if not isinstance(level, Known):
                continue
            checked = check_level(level.value)
            if checked.verdict is LevelVerdict.OK and checked.value is not None and 0 < checked.value <= _DEBUG:
                message = (
                    "django.db.backends at DEBUG in a non-development settings module: every SQL statement "
                    "and its parameters are logged whenever DEBUG is on"
                )
                self.report_at(site, message, level.node)
