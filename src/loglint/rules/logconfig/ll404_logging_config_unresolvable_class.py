from __future__ import annotations

from typing import Optional

from loglint.prefilter import LOGCONFIG
from loglint.rule import Kind
from loglint.rules.logconfig import ConfigRule, closest
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import (
    DJANGO_CLASSES,
    FACTORY_KEY,
    STDLIB_CLASSES,
    ResolutionStatus,
    ext_reference_problem,
    resolve_name,
)
from loglint.semantics.logging_sites import ConfigSite, ConfigView, Item, known_str

_KNOWN_CLASSES = {**STDLIB_CLASSES, **DJANGO_CLASSES}
# Class names of the logging package a bare name (`"StreamHandler"`) was probably meant as.
_BY_SHORT_NAME: dict[str, str] = {}
for _dotted in sorted(_KNOWN_CLASSES, key=len, reverse=True):
    _BY_SHORT_NAME[_dotted.rsplit(".", 1)[-1]] = _dotted


class LoggingConfigUnresolvableClass(ConfigRule):
    """## What it does
    Flags a handler, formatter or filter whose `class` or `()` cannot be imported: a name that does not
    exist in `logging`, `logging.handlers` or `django.utils.log` (`"logging.RotatingFileHandler"` lives in
    `logging.handlers`), a bare class name (`"StreamHandler"`), a dotted path into the project whose module
    or attribute does not exist, a handler with neither `class` nor `()`, and an `ext://` reference into
    `sys` or `logging` that does not exist (`"ext://sys.stdot"`).

    ## Why is this bad?
    `dictConfig` imports the path at startup and raises `ValueError: Cannot resolve ...` (or `KeyError:
    'class'`), which Django reports as `Unable to configure handler 'file'`.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"file": {"class": "logging.RotatingFileHandler", "filename": "/var/log/app.log"}},
        "root": {"handlers": ["file"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {
            "file": {
                "class": "logging.handlers.RotatingFileHandler",
                "filename": "/var/log/app.log",
                "maxBytes": 10_000_000,
                "backupCount": 5,
            }
        },
        "root": {"handlers": ["file"]},
    }
    ```

    ## Known limitations
    Third-party packages are not guessed at: a path into a package that is not part of the project is
    never reported. A project module that star-imports or defines `__getattr__` is trusted to have the name.
    """

    code = "LL404"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-unresolvable-class"
    message = "logging configuration class cannot be resolved"
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return  # an incremental configuration builds no handler, formatter or filter
        for section in ("handlers", "formatters", "filters"):
            for item in view.items(section):
                self._check_item(site, view, item)

    def _check_item(self, site: ConfigSite, view: ConfigView, item: Item) -> None:
        config = item.dict
        if config is None:
            return
        for key, entry in config.entries.items():
            problem = ext_reference_problem(known_str(entry.value))
            if problem is not None:
                self.report_at(site, f"{key} of {item.label()}: {problem} (ValueError at startup)", entry.value.node)
        key = FACTORY_KEY if FACTORY_KEY in config.entries else "class"
        if item.section == "filters" and key != FACTORY_KEY:
            return  # a filter without `()` is a plain logging.Filter: nothing is imported
        value = config.get(key)
        if value is None:
            if item.section == "handlers" and config.complete:
                message = f"{item.label()} has neither 'class' nor '()': KeyError at startup"
                self.report_at(site, message, item.node)
            return
        dotted = known_str(value)
        if dotted is None or "://" in dotted or not isinstance(value, Known):
            return
        problem = self._problem(dotted)
        if problem is not None:
            self.report_at(site, f"{key} {dotted!r} of {item.label()} {problem}", value.node)

    def _problem(self, dotted: str) -> Optional[str]:
        resolution = resolve_name(dotted)
        if resolution.status is ResolutionStatus.MISSING:
            short = dotted.rsplit(".", 1)[-1]
            meant = _BY_SHORT_NAME.get(short) or closest(dotted, _KNOWN_CLASSES)
            hint = f"; did you mean {meant!r}?" if meant is not None and meant != dotted else ""
            return f"does not exist{hint} (ValueError at startup)"
        if resolution.status is not ResolutionStatus.UNKNOWN:
            return None
        project = self.context.project
        if "." not in dotted:
            meant = _BY_SHORT_NAME.get(dotted)
            if meant is not None and (project is None or project.find_module(dotted) is None):
                return (
                    f"is not importable: dictConfig needs the full dotted path, {meant!r} "
                    "(ValueError at startup)"
                )
            return None
        if project is None:
            return None
        exists = project.dotted_path_exists(dotted)
        if exists is False:
            return "cannot be imported: the project defines no such module or name (ValueError at startup)"
        return None
