from __future__ import annotations

from typing import Optional

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import ConfigDict, ConfigList, Known, Unknown, Value
from loglint.semantics.logging_knowledge import QUEUE_HANDLER_KEYS, parse_reference
from loglint.semantics.logging_sites import ConfigSite, ConfigView, known_str, list_items
from loglint.rules.logconfig.ll402_logging_config_undefined_reference import references


class LoggingConfigUnused(ConfigRule):
    """## What it does
    Flags a formatter, filter or handler that a logging configuration defines and nothing in it uses: no
    handler names the formatter or filter, no logger (nor the root, nor a `MemoryHandler` target, nor a
    `cfg://` reference) names the handler.

    ## Why is this bad?
    An unused entry is usually a typo elsewhere (the handler that should have been attached under another
    name) or a leftover that makes the configuration lie about where logs go.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"verbose": {"format": "%(asctime)s %(name)s %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"verbose": {"format": "%(asctime)s %(name)s %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "verbose"}},
        "root": {"handlers": ["console"]},
    }
    ```

    ## Known limitations
    Nothing is reported when any reference list is not fully known, in a settings module that others of
    its package star-import (they may use the entry), or for entries copied from Django's `DEFAULT_LOGGING`.
    Handlers looked up by name in code (`logging.getHandlerByName`, 3.12) are not seen.
    """

    code = "LL411"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-unused"
    message = "logging configuration entry defined and never used"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if site.partial or view.incremental is not False or not _references_known(view):
            return
        used: dict[str, set[str]] = {"formatters": set(), "filters": set(), "handlers": set()}
        for section, _owner, _node, name in references(view, letters=True):
            used[section].add(name)
        for handler in view.items("handlers"):
            if any(key in QUEUE_HANDLER_KEYS or key == "handlers" for key in (handler.dict.entries if handler.dict else ())):
                for element in list_items(handler.get("handlers")) or []:
                    name = known_str(element)
                    if name is not None:
                        used["handlers"].add(name)
            target = known_str(handler.get("target"))
            if target is not None:
                used["handlers"].add(target)
        for reference in _cfg_references(view.root):
            if reference.path and len(reference.path) >= 2 and reference.path[0] in used:
                used[str(reference.path[0])].add(str(reference.path[1]))
        for section in ("formatters", "filters", "handlers"):
            for item in view.items(section):
                if item.name in used[section] or item.entry.key_node is None:
                    continue
                message = f"{item.label()} is defined and never used"
                self.report_at(site, message, item.entry.key_node)


def _references_known(view: ConfigView) -> bool:
    """Every place a name can be referenced from is known exactly."""
    for section in ("formatters", "filters", "handlers", "loggers"):
        if not view.section(section).exact:
            return False
    if isinstance(view.get("root"), Unknown) or not view.root.complete:
        return False
    for item in [*view.items("handlers"), *view.loggers()]:
        config = item.dict
        if config is None or not config.complete:
            return False
        for key in ("formatter", "filters", "handlers", "target"):
            value = config.get(key)
            if value is None:
                continue
            if isinstance(value, Unknown):
                return False
            items = list_items(value)
            if items is not None and (any(not isinstance(v, Known) for v in items) or not value.value.complete):
                return False
    return True


def _cfg_references(value: Optional[object]):
    stack: list[Value] = []
    if isinstance(value, ConfigDict):
        stack.extend(entry.value for entry in value.entries.values())
    while stack:
        current = stack.pop()
        if not isinstance(current, Known):
            continue
        if isinstance(current.value, str):
            reference = parse_reference(current.value)
            if reference is not None and reference.prefix == "cfg":
                yield reference
        elif isinstance(current.value, ConfigDict):
            stack.extend(entry.value for entry in current.value.entries.values())
        elif isinstance(current.value, ConfigList):
            stack.extend(current.value.items)
