"""Where a file configures logging, and that configuration as dictConfig reads it: shared by the LL4 rules.

`config_sites(context)` (computed once per file) finds every configuration the file makes: a module-level
`LOGGING` (any module; split settings followed through the project index), and each
`logging.config.dictConfig(...)` call. Each `ConfigSite` carries the evaluated value
(`semantics/logging_config.py`) and a `ConfigView` of it: the sections, entries and references in the
order dictConfig configures them, with the nodes to report at.

What a rule may rely on:
- `site.view` is None when the configuration is not a dict known to be one (an Unknown value, a list);
  `site.view.incremental` is True/None (unknown) for incremental configs: most checks skip them.
- A name set (`view.defined(section)`) is None when it is not known exactly (an Unknown section, a dict
  with keys that may exist unseen): "undefined"/"unused" checks skip such sections.
- `site.owns(node)`: the node is in this file. Values copied from a star-imported base module point into
  that module's tree, and are reported there, not here.
- `site.partial`: the module is a base that other modules of the package star-import and may complete
  (`production.py` adding the handler `base.py` names): "missing"/"undefined"/"unused" checks skip it.
- `site.is_django_settings`, `site.is_dev_settings`: the file kinds of `semantics/django.py`.
- `site.python`: the oldest Python the project runs on (`requires-python`, else the running one), for
  behaviour that changed between versions.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Optional

import libcst as cst

from loglint.semantics.logging_config import (
    ConfigDict,
    ConfigList,
    Entry,
    EvaluatedConfig,
    Known,
    Unknown,
    Value,
    dictconfig_calls,
    module_logging_config,
)
from loglint.semantics.logging_knowledge import (
    FACTORY_KEY,
    RUNNING_PYTHON,
    TOP_LEVEL_KEYS,
    ClassSignature,
    Resolution,
    resolve_name,
)

if TYPE_CHECKING:
    from loglint.engine import FileContext

SECTIONS = ("formatters", "filters", "handlers", "loggers")
ROOT_NAME = ""


def known_str(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Known) and isinstance(value.value, str):
        return value.value
    return None


def known_dict(value: Optional[Value]) -> Optional[ConfigDict]:
    if isinstance(value, Known) and isinstance(value.value, ConfigDict):
        return value.value
    return None


def is_reference_string(value: Optional[Value]) -> bool:
    """An `ext://` / `cfg://` string: dictConfig converts it before use, so its literal shape says nothing."""
    text = known_str(value)
    return text is not None and ("://" in text)


@dataclass
class Section:
    """A top-level section (`handlers`, ...): its value, and its entries when it is a known dict."""

    name: str
    entry: Optional[Entry]  # None when the key is absent

    @property
    def value(self) -> Optional[Value]:
        return self.entry.value if self.entry is not None else None

    @property
    def dict(self) -> Optional[ConfigDict]:
        return known_dict(self.value)

    @property
    def exact(self) -> bool:
        """The entries are known exactly: absent (no entries), or a complete known dict."""
        if self.entry is None:
            return True
        found = self.dict
        return found is not None and found.complete

    def items(self) -> Iterator[tuple[str, Entry]]:
        found = self.dict
        if found is not None:
            yield from found.entries.items()


@dataclass
class Item:
    """One configured handler, formatter, filter or logger (`name` "" is the root logger)."""

    section: str
    name: str
    entry: Entry
    via_root_key: bool = False  # the top-level `root` (not `loggers[""]`)

    @property
    def dict(self) -> Optional[ConfigDict]:
        return known_dict(self.entry.value)

    @property
    def node(self) -> Optional[cst.CSTNode]:
        """The entry's key (where it is named), else its value."""
        return self.entry.key_node or self.entry.value.node

    def get(self, key: str) -> Optional[Value]:
        found = self.dict
        return found.get(key) if found is not None else None

    def key_node(self, key: str) -> Optional[cst.CSTNode]:
        found = self.dict
        entry = found.entries.get(key) if found is not None else None
        if entry is None:
            return None
        return entry.key_node or entry.value.node

    def label(self) -> str:
        if self.section == "loggers":
            return "the root logger" if self.name == ROOT_NAME else f"logger {self.name!r}"
        return f"{self.section[:-1]} {self.name!r}"


@dataclass
class ConfigView:
    root: ConfigDict
    node: Optional[cst.CSTNode]

    def section(self, name: str) -> Section:
        return Section(name, self.root.entries.get(name))

    def get(self, key: str) -> Optional[Value]:
        return self.root.get(key)

    @property
    def incremental(self) -> Optional[bool]:
        """False when not incremental; None when it may be (an Unknown value)."""
        value = self.root.get("incremental")
        if value is None:
            return False if self.root.complete else None
        if isinstance(value, Unknown):
            return None
        return bool(value.value)

    def defined(self, section: str) -> Optional[set[str]]:
        found = self.section(section)
        if not found.exact:
            return None
        return {name for name, _ in found.items()}

    def items(self, section: str) -> list[Item]:
        return [Item(section, name, entry) for name, entry in self.section(section).items()]

    def loggers(self) -> list[Item]:
        """Every configured logger, the root included (from `loggers[""]` and from `root`)."""
        found = self.items("loggers")
        root = self.root.entries.get("root")
        if root is not None:
            found.append(Item("loggers", ROOT_NAME, root, via_root_key=True))
        return found

    def handler_class(self, item: Item) -> Optional[str]:
        """The dotted class (or `()` factory) name of a handler/formatter/filter, when a known string."""
        return known_str(item.get(FACTORY_KEY)) or known_str(item.get("class"))

    def resolution(self, item: Item) -> Resolution:
        return resolve_name(self.handler_class(item) or "")

    def signature(self, item: Item) -> Optional[ClassSignature]:
        """The known class of a handler (`class`, or a `()` naming a known class)."""
        return self.resolution(item).signature


@dataclass
class ConfigSite:
    origin: str  # "LOGGING" or "dictConfig"
    anchor: cst.CSTNode  # the LOGGING assignment statement, or the dictConfig call
    config: EvaluatedConfig
    view: Optional[ConfigView]
    owns: Callable[[Optional[cst.CSTNode]], bool]
    partial: bool = False
    is_django_settings: bool = False
    is_dev_settings: bool = False
    in_django_project: bool = False
    python: tuple[int, ...] = RUNNING_PYTHON  # the oldest Python the project runs on

    def report_node(self, *candidates: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
        """The first candidate in this file: where a finding can be reported (None: not here)."""
        for node in candidates:
            if node is not None and self.owns(node):
                return node
        return None


def looks_like_logging_config(value: ConfigDict, is_settings: bool) -> bool:
    """A dict is taken as a dictConfig configuration in a settings module, or when it has one of
    dictConfig's top-level keys (a `LOGGING = {"enabled": True}` of some other library is left alone)."""
    if is_settings:
        return True
    return any(key in TOP_LEVEL_KEYS and key != "incremental" for key in value.entries)


_SITES: "weakref.WeakKeyDictionary[FileContext, list[ConfigSite]]" = weakref.WeakKeyDictionary()


def config_sites(context: "FileContext") -> list[ConfigSite]:
    """Every logging configuration the file makes (computed once per file)."""
    found = _SITES.get(context)
    if found is None:
        found = _SITES[context] = _find_sites(context)
    return found


def _find_sites(context: "FileContext") -> list[ConfigSite]:
    source = context.source
    if source is not None and b"LOGGING" not in source and b"dictConfig" not in source:
        return []
    from loglint.semantics.django import file_kinds

    kinds = file_kinds(context)
    project = context.project
    followed: list[bool] = []

    def imported(module: str) -> Optional[EvaluatedConfig]:
        if project is None:
            return None
        result = project.logging_config(module)
        if result is not None:
            followed.append(True)
        return result

    owns = _Ownership(context.module, followed)
    path = Path(context.path) if context.path and context.path != "-" else None
    partial = bool(project is not None and path is not None and path.is_file() and project.star_importers(path))
    in_django = bool(project is not None and path is not None and project.is_django_project(path))
    python = (project.python_floor() if project is not None else None) or RUNNING_PYTHON
    sites: list[ConfigSite] = []

    def add(origin: str, anchor: cst.CSTNode, evaluated: EvaluatedConfig, is_partial: bool) -> None:
        view = None
        root = known_dict(evaluated.value)
        if root is None:
            return
        if origin == "dictConfig" or (root.entries and looks_like_logging_config(root, kinds.is_settings)):
            # Django skips an empty LOGGING; whatever is passed to dictConfig is a configuration
            view = ConfigView(root, evaluated.value.node)
        if view is None:
            return
        sites.append(
            ConfigSite(
                origin, anchor, evaluated, view, owns, is_partial, kinds.is_settings, kinds.is_dev_settings,
                in_django or kinds.is_settings, python,
            )
        )

    if source is None or b"LOGGING" in source:
        evaluated = module_logging_config(context.module, context.names, imported)
        if evaluated is not None and evaluated.statements:
            own_statements = [stmt for stmt in evaluated.statements if owns(stmt)]
            if own_statements:
                add("LOGGING", own_statements[-1], evaluated, partial)
    if source is None or b"dictConfig" in source:
        for call, evaluated in dictconfig_calls(context.module, context.names, imported):
            add("dictConfig", call, evaluated, False)
    return sites


class _Ownership:
    """Whether a node is in this file's tree: every node is, until a star import was followed (then the
    ids of this tree's nodes are collected once)."""

    def __init__(self, module: cst.Module, followed: list[bool]) -> None:
        self.module = module
        self.followed = followed
        self._ids: Optional[set[int]] = None

    def __call__(self, node: Optional[cst.CSTNode]) -> bool:
        if node is None:
            return False
        if not self.followed:
            return True
        if self._ids is None:
            from loglint.semantics.handlers import child_nodes

            ids: set[int] = set()
            stack: list[cst.CSTNode] = [self.module]
            while stack:
                current = stack.pop()
                ids.add(id(current))
                stack.extend(child_nodes(current))
            self._ids = ids
        return id(node) in self._ids


def list_items(value: Optional[Value]) -> Optional[list[Value]]:
    """The elements of a known list/tuple, or None (Unknown, a string, a dict...)."""
    if isinstance(value, Known) and isinstance(value.value, ConfigList):
        return list(value.value.items)
    return None


def logger_ancestors(name: str) -> Iterator[str]:
    """`a.b.c` -> `a.b`, `a`, `""` (the root)."""
    parts = name.split(".")
    for index in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:index])
    if name != ROOT_NAME:
        yield ROOT_NAME


__all__ = [
    "ConfigSite",
    "ConfigView",
    "Item",
    "ROOT_NAME",
    "SECTIONS",
    "Section",
    "config_sites",
    "is_reference_string",
    "known_dict",
    "known_str",
    "list_items",
    "logger_ancestors",
]
