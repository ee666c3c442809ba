"""The values a check produces, free of LibCST: findings, fixes, text edits and their enums.

They live apart from `loglint.rule` (the LibCST visitor base) so that what only reads, prints or caches
findings (the runner, the cache, the output formats) runs without importing LibCST: a warm run whose
every file is a cache hit never loads the parser or a rule. `loglint.rule` re-exports every name here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import libcst as cst


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
