from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from loglint.prefilter import LOGCONFIG
from loglint.rule import Kind
from loglint.rules.logconfig import ConfigRule, did_you_mean
from loglint.semantics.logging_knowledge import MEMORY_TARGET_CLASSES
from loglint.semantics.logging_sites import ConfigSite, ConfigView, Item, known_str, list_items


class LoggingConfigUndefinedReference(ConfigRule):
    """## What it does
    Flags a name in a logging configuration that refers to something the configuration does not define:
    a logger's or the root's `handlers` and `filters`, a handler's `formatter` and `filters`, a
    `MemoryHandler`'s `target`. The message suggests the closest defined name.

    ## Why is this bad?
    `dictConfig` raises at startup, and Django reports only `ValueError: Unable to configure handler
    'mail_admins'` (or `logger 'app'`), hiding which name was wrong.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"mail_admins": {"class": "django.utils.log.AdminEmailHandler"}},
        "loggers": {"django.request": {"handlers": ["mail_admin"], "level": "ERROR"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"mail_admins": {"class": "django.utils.log.AdminEmailHandler"}},
        "loggers": {"django.request": {"handlers": ["mail_admins"], "level": "ERROR"}},
    }
    ```

    ## Known limitations
    A section whose names are not all known (built by a call, spread from an unknown dict) is not checked,
    nor is a settings module that other modules of its package star-import (they may define the name), nor
    an `incremental` configuration (it names handlers configured earlier). `QueueHandler` `handlers`
    (Python 3.12+) are not checked.
    """

    code = "LL402"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-undefined-reference"
    message = "reference to an undefined logging configuration entry"
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if site.partial or view.incremental is not False:
            return
        for section, owner, node, name in references(view):
            defined = view.defined(section)
            if defined is None or name in defined:
                continue
            kind = section[:-1]
            message = (
                f"{owner.label()} names {kind} {name!r}, which is not defined in {section!r}"
                f"{did_you_mean(name, defined)} (ValueError at startup)"
            )
            self.report_at(site, message, node, owner.node)


def references(view: ConfigView, letters: bool = False) -> Iterator[tuple[str, Item, Optional[cst.CSTNode], str]]:
    """(section referred to, the item that refers, the node naming it, the name) for every by-name
    reference dictConfig resolves, as far as the values are known. `letters`: a string where a list
    belongs also refers to each of its letters (dictConfig iterates it; LL414 reports the string)."""
    for handler in view.items("handlers"):
        if handler.dict is None:
            continue
        formatter = known_str(handler.get("formatter"))
        if formatter:  # an empty name is skipped by dictConfig
            yield "formatters", handler, handler.get("formatter").node, formatter
        yield from _names("filters", handler, handler.get("filters"), letters)
        signature = view.signature(handler)
        target = known_str(handler.get("target"))
        if signature is not None and signature.name in MEMORY_TARGET_CLASSES and target is not None:
            yield "handlers", handler, handler.get("target").node, target
    for logger in view.loggers():
        if logger.dict is None:
            continue
        yield from _names("handlers", logger, logger.get("handlers"), letters)
        yield from _names("filters", logger, logger.get("filters"), letters)


def _names(section: str, owner: Item, value, letters: bool = False) -> Iterator[tuple[str, Item, Optional[cst.CSTNode], str]]:
    text = known_str(value)
    if letters and text:
        for letter in text:
            yield section, owner, value.node, letter
        return
    for item in list_items(value) or []:
        name = known_str(item)
        if name is not None and "://" not in name:
            yield section, owner, item.node, name
