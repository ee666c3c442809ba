"""The rule base class; the values rules produce (findings, fixes) live in `loglint.findings`.

A rule is a small LibCST visitor: the engine batches every selected rule into one traversal per file and
hands each rule a `FileContext` (the file's shared semantics, settings and project index). A rule calls
`self.report(node, ...)`; the engine turns reports into `Finding`s, computing positions only for files
that have at least one report.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Optional

import libcst as cst

from loglint.findings import (  # noqa: F401 - re-exported: rules and tests import them from here
    Applicability,
    Edit,
    Finding,
    Fix,
    FixAvailability,
    ImportSpec,
    Kind,
)

if TYPE_CHECKING:
    from loglint.engine import FileContext


@dataclass
class Report:
    """What a rule says during the traversal; positions are resolved afterwards."""

    rule: type["Rule"]
    node: cst.CSTNode
    message: str
    fix: Optional[Fix]
    statement: Optional[cst.CSTNode]


class Rule(cst.BatchableCSTVisitor):
    """Base class of every rule. Subclasses set the class attributes and write small `visit_*` methods.

    The class docstring is the rule's documentation, in sections: What it does / Why is this bad? /
    Example / Use instead / Fix safety / Options / Known limitations (ruff's layout).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    fix_title: ClassVar[Optional[str]] = None
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    default: ClassVar[bool] = True
    kind: ClassVar[Kind] = Kind.WARNING
    # The facts (`loglint.prefilter`) a top-level statement must have for this rule to fire in it; None
    # when the rule cannot say (every file is then parsed whole). See prefilter.py.
    candidates: ClassVar[Optional[frozenset[str]]] = None

    def __init__(self, context: "FileContext") -> None:
        super().__init__()
        self.context = context

    def report(
        self,
        node: cst.CSTNode,
        message: Optional[str] = None,
        fix: Optional[Fix] = None,
    ) -> None:
        self.context.add_report(
            Report(type(self), node, message or self.message, fix, self.context.current_statement)
        )

    def make_fix(self, replacements, *, safe: bool, imports=(), module_logger=None, title=None) -> Fix:
        return Fix(
            title=title or self.fix_title or "Fix",
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            replacements=tuple(replacements),
            imports=tuple(imports),
            module_logger=module_logger,
        )

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split into its `Title:`-less sections (`## What it does` style headings)."""
        return split_doc_sections(inspect.getdoc(cls) or "")


_SECTION = re.compile(r"^## (.+?)\s*$", re.M)


def split_doc_sections(doc: str) -> dict[str, str]:
    parts = _SECTION.split(doc)
    sections: dict[str, str] = {}
    for title, body in zip(parts[1::2], parts[2::2]):
        sections[title.strip()] = body.strip("\n")
    return sections
