"""The rule base class and the values rules produce: findings and fixes.

A rule is a small LibCST visitor: the engine batches every selected rule into one traversal per file and
hands each rule a `FileContext` (the file's shared semantics, settings and project index). A rule calls
`self.report(node, ...)`; the engine turns reports into `Finding`s, computing positions only for files
that have at least one report.
"""

from __future__ import annotations

import enum
import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Optional

import libcst as cst

if TYPE_CHECKING:
    from loglint.engine import FileContext


class Kind(str, enum.Enum):
    """`error`: the code crashes or loses the record at run time; `warning`: costly misuse."""

    ERROR = "error"
    WARNING = "warning"


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class FixAvailability(str, enum.Enum):
    """What a rule declares about its fixes; the fixture harness holds rules to it."""

    NONE = "none"
    SAFE = "safe"
    UNSAFE = "unsafe"
    SOMETIMES_SAFE = "safe/unsafe"  # safe for some shapes, unsafe for others


@dataclass(frozen=True)
class ImportSpec:
    """An import a fix needs: `import module` (name None) or `from module import name`."""

    module: str
    name: Optional[str] = None


@dataclass(frozen=True)
class Fix:
    """A change to the file, expressed on the tree.

    `replacements` swap nodes by identity (the node objects of the parsed module). `imports` are added with
    LibCST's import machinery. `module_logger` asks the fixer to make sure a module-level
    `<name> = logging.getLogger(__name__)` exists after the imports (the replacement code uses `name`).
    """

    title: str
    applicability: Applicability
    replacements: tuple[tuple[cst.CSTNode, cst.CSTNode], ...]
    imports: tuple[ImportSpec, ...] = ()
    module_logger: Optional[str] = None


@dataclass(frozen=True)
class Edit:
    """A text edit, 1-based rows and columns, end exclusive (ruff's JSON convention)."""

    row: int
    column: int
    end_row: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    path: str
    line: int
    column: int  # 1-based
    end_line: int
    end_column: int
    kind: Kind
    fix: Optional[Fix] = field(default=None, compare=False, hash=False)
    # Lines on which a noqa comment suppresses this finding (the node's lines and its statement's first/last).
    noqa_lines: tuple[int, ...] = field(default=(), compare=False, hash=False)
    edits: tuple[Edit, ...] = field(default=(), compare=False, hash=False)
    # The lines of the flagged statement (first, last): the whole simple statement around the node, or the
    # header of a flagged compound statement; (0, 0) when unknown (then `line`..`end_line` stand in).
    # Baselines hash these lines, `--diff-base` asks whether one of them was added.
    statement_lines: tuple[int, int] = field(default=(0, 0), compare=False, hash=False)
    # A hash of the statement's normalised source (filled by the runner when a baseline or a fingerprinting
    # format needs it): stable when lines move, when whitespace or comments change.
    statement_hash: str = field(default="", compare=False, hash=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    @property
    def statement_span(self) -> tuple[int, int]:
        if self.statement_lines[0] > 0:
            return self.statement_lines
        return (self.line, max(self.end_line, self.line))


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
