from __future__ import annotations

import libcst as cst

from loglint.prefilter import LOGCONFIG
from loglint.rule import FixAvailability
from loglint.rules.logconfig import ConfigRule, insert_key
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_sites import ConfigSite, ConfigView


class LoggingConfigDisablesExistingLoggers(ConfigRule):
    """## What it does
    Flags a Django `LOGGING` that leaves `disable_existing_loggers` out (dictConfig's default is `True`) or
    sets it to `True`, unless it configures the `django` logger itself.

    ## Why is this bad?
    Django configures its own loggers (`django`, `django.request`, `django.server`,
    `django.db.backends`, ...) before it applies `LOGGING`. With `disable_existing_loggers` true, every
    logger that already exists and is not named in the new configuration is disabled: request errors,
    security warnings and the development server's log silently stop, and so do the loggers of every
    library imported by the settings.

    ## Example
    ```python
    # file: mysite/settings.py
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```

    ## Use instead
    ```python
    # file: mysite/settings.py
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    ```

    ## Fix safety
    Unsafe: `"disable_existing_loggers": False` is added (or replaces `True`). Loggers that were silenced
    start logging again, which is the point, but changes what production writes.

    ## Known limitations
    Only `LOGGING` in the settings of a Django project is checked (a plain `dictConfig` call elsewhere may
    mean to disable). Development settings (`dev-settings`) are skipped, and so is a settings module that
    others of its package star-import when the key is missing (they may set it).
    """

    code = "LL408"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-disables-existing-loggers"
    message = "Django's own loggers are disabled: disable_existing_loggers is not False"
    fix_title = 'Set "disable_existing_loggers": False'
    fix_availability = FixAvailability.UNSAFE

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if site.origin != "LOGGING" or not site.in_django_project or site.is_dev_settings:
            return
        if view.incremental is not False:
            return
        defined = view.defined("loggers")
        if defined is None or "django" in defined:
            return
        value = view.get("disable_existing_loggers")
        if value is None:
            if not view.root.complete or site.partial:
                return
            replacement = None
            if site.owns(view.node):
                replacement = insert_key(view.node, "disable_existing_loggers", cst.Name("False"), after="version")
            fix = self.make_fix([replacement], safe=False) if replacement is not None else None
            message = (
                "'disable_existing_loggers' is missing (dictConfig's default is True): Django's own loggers "
                "and every logger created before LOGGING is applied are disabled"
            )
            self.report_at(site, message, view.node, site.anchor, fix=fix)
        elif isinstance(value, Known) and value.value is True:
            fix = None
            if isinstance(value.node, cst.Name) and site.owns(value.node):
                fix = self.make_fix([(value.node, cst.Name("False"))], safe=False)
            message = (
                "'disable_existing_loggers' is True: Django's own loggers (django.request, django.server, "
                "...) and every logger created before LOGGING is applied are disabled"
            )
            self.report_at(site, message, value.node, fix=fix)
