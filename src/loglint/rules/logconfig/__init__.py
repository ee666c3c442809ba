"""LL4: Django `LOGGING` and `dictConfig` configurations, checked statically.

Every rule of the family reads the configurations the file makes from `semantics/logging_sites.py`
(computed once per file) and reports on nodes of this file only; `ConfigRule` is the shared plumbing.
"""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

import libcst as cst

from loglint.rule import Fix, Rule
from loglint.semantics.loggers import string_value
from loglint.semantics.logging_sites import ConfigSite, ConfigView, config_sites


class ConfigRule(Rule):
    """A rule over logging configurations: subclasses implement `check(site, view)`."""

    def __init__(self, context) -> None:
        super().__init__(context)
        self._seen: set[tuple[int, str]] = set()

    def visit_Module(self, node: cst.Module) -> None:
        for site in config_sites(self.context):
            if site.view is not None:
                self.check(site, site.view)

    def check(self, site: ConfigSite, view: ConfigView) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def report_at(
        self, site: ConfigSite, message: str, *candidates: Optional[cst.CSTNode], fix: Optional[Fix] = None
    ) -> None:
        """Report at the first candidate node in this file, once per node and message (a `LOGGING` that is
        also passed to `dictConfig` in the same file is one configuration)."""
        node = site.report_node(*candidates)
        if node is None:
            return
        key = (id(node), message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.report(node, message, fix)


def closest(name: str, choices: Iterable[str]) -> Optional[str]:
    found = difflib.get_close_matches(name, sorted(set(choices)), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    match = closest(name, choices)
    return f"; did you mean {match!r}?" if match is not None else ""


def insert_key(
    dict_node: cst.CSTNode, key: str, value: cst.BaseExpression, after: Optional[str] = None
) -> Optional[tuple[cst.CSTNode, cst.CSTNode]]:
    """A replacement adding `"key": value` to a dict literal, after the element whose key is `after` (first
    when absent), in the layout of its neighbours; None when the node is not a non-empty dict literal."""
    if not isinstance(dict_node, cst.Dict) or not dict_node.elements:
        return None
    elements = list(dict_node.elements)
    index = 0
    for position, element in enumerate(elements):
        if isinstance(element, cst.DictElement) and string_value(element.key) == after:
            index = position + 1
    if index >= len(elements):
        index = len(elements) - 1  # never last: the last element may carry no comma
    model = elements[index - 1] if index > 0 else elements[index]
    quote = '"'
    if isinstance(model, cst.DictElement) and isinstance(model.key, cst.SimpleString):
        quote = model.key.quote if model.key.quote in ("'", '"') else '"'
    comma = model.comma
    if not isinstance(comma, cst.Comma) or (
        isinstance(comma.whitespace_after, cst.SimpleWhitespace) and not comma.whitespace_after.value
    ):
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    element = cst.DictElement(cst.SimpleString(f"{quote}{key}{quote}"), value, comma=comma)
    elements.insert(index, element)
    return (dict_node, dict_node.with_changes(elements=elements))


__all__ = ["ConfigRule", "closest", "did_you_mean", "insert_key"]
