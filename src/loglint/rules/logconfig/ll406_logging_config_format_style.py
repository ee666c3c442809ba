from __future__ import annotations

import logging
import re
import string
from typing import Optional

from loglint.prefilter import LOGCONFIG
from loglint.rule import Kind
from loglint.rules.logconfig import ConfigRule, did_you_mean
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import (
    FACTORY_KEY,
    LATER_PYTHON,
    LOG_RECORD_ATTRIBUTES,
    LOG_RECORD_ATTRIBUTES_ANY_VERSION,
    ResolutionStatus,
    resolve_name,
)
from loglint.semantics.logging_sites import ConfigSite, ConfigView, Item, known_str

_FORMATTER_BASE = "logging.Formatter"
# Filters known to add nothing to a record (any other filter may add the field a format names).
_PLAIN_FILTERS = frozenset({"django.utils.log.RequireDebugFalse", "django.utils.log.RequireDebugTrue", "logging.Filter"})
# Attributes Django's own loggers add through `extra` (django.request, django.server, django.security).
_DJANGO_EXTRA = frozenset({"request", "status_code", "server_time"})
_PERCENT_FIELD = re.compile(r"%\(([^)]*)\)")
_MISSING = object()


class LoggingConfigFormatStyle(ConfigRule):
    """## What it does
    Flags a formatter whose `format` does not fit its `style` (`%(levelname)s` with `"style": "{"`,
    `{levelname}` with the default `%`), a `style` that is not `%`, `{` or `$`, and a field that is not a
    LogRecord attribute (`{level}`, `%(msg_id)s`) when the formatter is the standard one and no filter
    could add the attribute.

    ## Why is this bad?
    The standard `Formatter` validates the format against the style when it is built: dictConfig raises
    `ValueError: Invalid format ... for '%' style` at startup. A field no record has raises `KeyError`
    on every record: logging prints `--- Logging error ---` to stderr and the record is lost.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "formatters": {"verbose": {"format": "{levelname} {asctime} {message}"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "verbose"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "formatters": {"verbose": {"format": "{levelname} {asctime} {message}", "style": "{"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "verbose"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Known limitations
    Formatter classes other than the standard library's and Django's are not checked (they may format
    differently). Unknown fields are not reported when a custom filter is configured, a custom handler
    uses the formatter, or the project calls `logging.setLogRecordFactory` (any of them may add the
    attribute); fields passed only through `extra=` at every call site are reported. A field added by a
    later Python (`taskName`, 3.12) is reported when the project may run on an older one
    (`requires-python`, else the running Python).
    """

    code = "LL406"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-format-style"
    message = "formatter format string does not fit its style"
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        for item in view.items("formatters"):
            self._check_formatter(site, view, item)

    def _check_formatter(self, site: ConfigSite, view: ConfigView, item: Item) -> None:
        config = item.dict
        if config is None or not _standard_formatter(view, item):
            return
        factory = FACTORY_KEY in config.entries
        fmt_value = config.get("format")
        if factory and fmt_value is None:
            fmt_value = config.get("fmt")
        fmt = _literal(fmt_value, str)
        style = _literal(config.get("style"), str, default="%")
        validate = _literal(config.get("validate"), object, default=True)
        if _MISSING in (fmt, style, validate):
            return
        node = fmt_value.node if fmt_value is not None else item.node
        try:
            logging.Formatter(fmt, None, style, validate=bool(validate))
        except (ValueError, KeyError, TypeError):
            if style not in logging._STYLES:  # type: ignore[attr-defined]
                style_value = config.get("style")
                message = f"style {style!r} of {item.label()} is not one of '%', '{{', '$' (ValueError at startup)"
                self.report_at(site, message, style_value.node if style_value else None, item.node)
                return
            message = (
                f"format of {item.label()} does not fit style {style!r}{_hint(fmt, style)} (ValueError at startup)"
            )
            self.report_at(site, message, node, item.node)
            return
        if not fmt or not validate:
            return
        fields = _fields(fmt, style) - _defaults(config)
        unknown = sorted(fields - LOG_RECORD_ATTRIBUTES_ANY_VERSION - _DJANGO_EXTRA)
        later = sorted(name for name in fields - LOG_RECORD_ATTRIBUTES if site.python < _added_in(name))
        if later and not unknown and self._no_field_source(view, item):
            name = later[0]
            version = ".".join(map(str, _added_in(name)[:2]))
            message = (
                f"format of {item.label()} names {name!r}, a LogRecord attribute only from Python {version}: "
                f"on older Pythons (the project allows them) every record fails with KeyError"
            )
            self.report_at(site, message, node, item.node)
            return
        if unknown and self._no_field_source(view, item):
            name = unknown[0]
            message = (
                f"format of {item.label()} names {name!r}, which is not a LogRecord attribute"
                f"{did_you_mean(name, LOG_RECORD_ATTRIBUTES_ANY_VERSION)}: every record fails with KeyError"
            )
            self.report_at(site, message, node, item.node)

    def _no_field_source(self, view: ConfigView, item: Item) -> bool:
        """No configured filter, handler class or record factory could add attributes to the records this
        formatter formats."""
        filters = view.section("filters")
        if not filters.exact:
            return False
        for flt in view.items("filters"):
            dotted = view.handler_class(flt) if flt.get(FACTORY_KEY) is not None else "logging.Filter"
            if dotted not in _PLAIN_FILTERS:
                return False
        if not view.section("handlers").exact:
            return False
        users = [h for h in view.items("handlers") if known_str(h.get("formatter")) == item.name]
        if not users or any(view.signature(handler) is None for handler in users):
            return False
        project = self.context.project
        source = self.context.source or b""
        if b"setLogRecordFactory" in source:
            return False
        return project is None or not project.mentions(b"setLogRecordFactory")


def _added_in(field: str) -> tuple[int, ...]:
    return LATER_PYTHON.get(("record", field), (0,))


def _standard_formatter(view: ConfigView, item: Item) -> bool:
    dotted = view.handler_class(item)
    if dotted is None:
        return item.get(FACTORY_KEY) is None and item.get("class") is None
    resolution = resolve_name(dotted)
    if resolution.status is not ResolutionStatus.KNOWN or resolution.signature is None:
        return False
    signature = resolution.signature
    if signature.kind != "formatter":
        return False
    forwards = signature.effective().name
    return signature.name == _FORMATTER_BASE or forwards == _FORMATTER_BASE or signature.source == "django"


def _literal(value, kind, default=_MISSING):
    if value is None:
        return default if default is not _MISSING else None
    if isinstance(value, Known) and isinstance(value.value, kind) and not isinstance(value.value, (dict, list)):
        if kind is object and type(value.value).__name__ in ("ConfigDict", "ConfigList"):
            return _MISSING
        return value.value
    return _MISSING


def _defaults(config) -> set[str]:
    from loglint.semantics.logging_sites import known_dict

    found = known_dict(config.get("defaults"))
    return set(found.entries) if found is not None else set()


def _fields(fmt: str, style: str) -> set[str]:
    if style == "%":
        return set(_PERCENT_FIELD.findall(fmt.replace("%%", "")))
    if style == "{":
        names = set()
        try:
            for _literal_text, field_name, _spec, _conversion in string.Formatter().parse(fmt):
                if field_name:
                    names.add(re.split(r"[.\[]", field_name, 1)[0])
        except ValueError:
            return set()
        return names
    names = set()
    for match in string.Template.pattern.finditer(fmt):
        name = match.group("named") or match.group("braced")
        if name:
            names.add(name)
    return names


def _hint(fmt: Optional[str], style: str) -> str:
    """Which style the format was written for, when another one fits it."""
    for other in ("{", "%", "$"):
        if other != style and fmt and _fields(fmt, other):
            try:
                logging.Formatter(fmt, None, other, validate=True)
            except (ValueError, KeyError, TypeError):
                continue
            return f": it is written for {other!r}, add \"style\": \"{other}\"" if style == "%" else f": it is written for {other!r}"
    return ""


__all__ = ["LoggingConfigFormatStyle"]
