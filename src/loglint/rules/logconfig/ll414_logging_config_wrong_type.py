from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rule import Kind
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import ConfigDict, ConfigList, Known
from loglint.semantics.logging_sites import SECTIONS, ConfigSite, ConfigView, Item, is_reference_string

_TYPE_NAMES = {ConfigDict: "dict", ConfigList: "list", str: "string", int: "int", float: "float", bool: "bool"}


def _type_name(value: object) -> str:
    """`a list`, `an int`, `None`: what the value is, for a message."""
    if value is None:
        return "None"
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    return ("an " if name[0] in "aeiou" else "a ") + name


def _empty(value: object) -> bool:
    """Values dictConfig iterates (or tests) without effect: `""`, `[]`, `()`."""
    if isinstance(value, ConfigList):
        return value.complete and not value.items
    return isinstance(value, str) and value == ""


class LoggingConfigWrongType(ConfigRule):
    """## What it does
    Flags parts of a logging configuration of a type dictConfig cannot use: `handlers` or `filters` given
    as a string (`"handlers": "console"`), a section (`formatters`, `filters`, `handlers`, `loggers`) or an
    entry of one that is not a dict, a truthy `root` that is not a dict.

    ## Why is this bad?
    A string is iterated letter by letter: `"console"` names the handlers `c`, `o`, `n`... and dictConfig
    raises `ValueError: Unable to add handler 'c'` at startup. A section or entry that is not a dict raises
    while it is configured.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"myapp": {"handlers": "console", "level": "INFO"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"myapp": {"handlers": ["console"], "level": "INFO"}},
    }
    ```
    """

    code = "LL414"
    candidates = frozenset({LOGCONFIG})
    name = "logging-config-wrong-type"
    message = "logging configuration value of the wrong type"
    kind = Kind.ERROR

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        incremental = view.incremental
        self._defined = {"handlers": view.defined("handlers"), "filters": view.defined("filters")}
        for section in SECTIONS:
            if incremental is not False and section in ("formatters", "filters"):
                continue  # not read by an incremental configuration
            value = view.section(section).value
            if isinstance(value, Known) and not isinstance(value.value, ConfigDict):
                if not _empty(value.value) and not is_reference_string(value):
                    message = f"section {section!r} is {_type_name(value.value)}, not a dict: dictConfig raises at startup"
                    self.report_at(site, message, value.node)
                continue
            if incremental is not False and section == "handlers":
                continue
            for item in view.items(section):
                self._check_entry(site, item, incremental is False)
        root = view.get("root")
        if isinstance(root, Known) and not isinstance(root.value, ConfigDict) and root.value and not is_reference_string(root):
            message = f"'root' is {_type_name(root.value)}, not a dict: dictConfig raises at startup"
            self.report_at(site, message, root.node)
        elif isinstance(root, Known) and incremental is False:
            for logger in view.loggers():
                if logger.via_root_key:
                    self._check_lists(site, logger)

    def _check_entry(self, site: ConfigSite, item: Item, lists: bool) -> None:
        value = item.entry.value
        if not isinstance(value, Known):
            return
        if not isinstance(value.value, ConfigDict):
            if is_reference_string(value) or (item.section == "handlers" and isinstance(value.value, ConfigList)):
                return  # converted by dictConfig / `dict(list of pairs)` may work
            message = f"{item.label()} is {_type_name(value.value)}, not a dict: dictConfig raises at startup"
            self.report_at(site, message, value.node, item.node)
            return
        if lists:  # an incremental configuration reads no handler or filter list
            self._check_lists(site, item)

    def _check_lists(self, site: ConfigSite, item: Item) -> None:
        keys = ("filters",) if item.section in ("handlers",) else ("handlers", "filters") if item.section == "loggers" else ()
        for key in keys:
            value = item.get(key)
            if not isinstance(value, Known) or is_reference_string(value):
                continue
            if isinstance(value.value, str) and value.value:
                defined = self._defined.get(key)
                if defined is not None and set(value.value) <= defined:
                    continue  # each letter names a defined entry: it works, however odd
                message = (
                    f"{key} of {item.label()} is a string: it is iterated letter by letter "
                    f"(use [{value.value!r}]); dictConfig raises at startup"
                )
                self.report_at(site, message, value.node)
            elif isinstance(value.value, (int, float)) and not isinstance(value.value, bool) and value.value:
                message = f"{key} of {item.label()} is {_type_name(value.value)}, not a list: dictConfig raises at startup"
                self.report_at(site, message, value.node)
