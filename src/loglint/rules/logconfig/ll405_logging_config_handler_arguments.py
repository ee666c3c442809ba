from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rule import Kind
from loglint.rules.logconfig import ConfigRule, did_you_mean
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import (
    FACTORY_KEY,
    LATER_PYTHON,
    argument_value_problem,
    check_constructor,
    constructor_keys,
)
from loglint.semantics.logging_sites import ConfigSite, ConfigView, Item, is_reference_string

_LATER_CLASSES = frozenset(section for (section, _key) in LATER_PYTHON if section[0].isupper())


class LoggingConfigHandlerArguments(ConfigRule):
    """## What it does
    Flags the arguments dictConfig passes to a known handler class (or a `()` factory of a known
    handler, formatter or filter class) that the constructor rejects: keys it does not accept
    (`filename` on a `StreamHandler`), required arguments missing (`FileHandler` without `filename`,
    `SMTPHandler` without `mailhost`, `fromaddr`, `toaddrs`, `subject`), keys that are not Python
    identifiers, and literal values the handler raises on (`maxBytes: "10MB"`, `when: "daily"`,
    `mode: "rw"`, an unknown `encoding`, a `stream` given as a plain string, a MemoryHandler `flushLevel`
    name before Python 3.12.4).

    ## Why is this bad?
    Every key of a handler entry other than `class`, `level`, `formatter` and `filters` is passed to the
    constructor as a keyword argument: a wrong one raises `TypeError` at startup, reported by Django as
    `Unable to configure handler 'file'`.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler", "filename": "/var/log/app.log"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"file": {"class": "logging.FileHandler", "filename": "/var/log/app.log"}},
        "root": {"handlers": ["file"]},
    }
    ```

    ## Known limitations
    Only classes whose constructor is known are checked: the standard library's (read from the running
    Python) and Django's `django.utils.log` (a table). `QueueHandler` and `QueueListener` are skipped
    (Python 3.12 changed what dictConfig passes them). Behaviour that changed between Python versions is
    judged on the oldest Python the project declares (`requires-python`), else on the running one.
    """

    code = "LL405"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-handler-arguments"
    message = "handler arguments that its constructor rejects"
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        for section in ("handlers", "formatters", "filters"):
            for item in view.items(section):
                self._check_item(site, view, item)

    def _check_item(self, site: ConfigSite, view: ConfigView, item: Item) -> None:
        config = item.dict
        if config is None:
            return
        factory = FACTORY_KEY in config.entries
        if section_without_constructor_arguments(item.section, factory):
            return
        signature = view.signature(item)
        if signature is None or signature.name.rsplit(".", 1)[-1] in _LATER_CLASSES:
            return
        if signature.kind != item.section[:-1]:
            return  # a handler class used as a formatter: another rule's business
        effective = signature.effective()
        result = check_constructor(item.section, effective, config.entries, factory)
        short = signature.name.rsplit(".", 1)[-1]
        for key in result.invalid_keys:
            message = f"key {key!r} of {item.label()} is not a Python identifier: ValueError at startup"
            self.report_at(site, message, item.key_node(key), item.node)
        for key in result.unknown:
            accepted = [name for name in effective.keyword_names()]
            message = (
                f"{short} does not accept {key!r} ({item.label()}){did_you_mean(key, accepted)} "
                "(TypeError at startup)"
            )
            self.report_at(site, message, item.key_node(key), item.node)
        if result.missing and config.complete:
            names = ", ".join(repr(name) for name in result.missing)
            plural = "s" if len(result.missing) > 1 else ""
            message = f"{item.label()} ({short}) is missing the required argument{plural} {names} (TypeError at startup)"
            self.report_at(site, message, item.node)
        for key in constructor_keys(item.section, config.entries, factory):
            value = config.get(key)
            if isinstance(value, Known) and not is_reference_string(value):
                problem = argument_value_problem(signature.name, key, value.value, site.python)
                if problem is not None:
                    self.report_at(site, f"{problem} ({item.label()})", value.node)


def section_without_constructor_arguments(section: str, factory: bool) -> bool:
    """A formatter or filter without `()` is built by dictConfig itself, with fixed arguments."""
    return section != "handlers" and not factory
