"""Applying fixes: on the tree, validated, to a fixed point, and written atomically.

A fix replaces nodes by identity, may need imports (added with LibCST's `AddImportsVisitor`) and may need
the module's logger (`logger = logging.getLogger(__name__)` inserted after the imports). Overlapping fixes
in one pass are deferred to the next; the result must re-parse byte for byte and compile before it is
kept; passes repeat until nothing changes, with a cap.
"""

from __future__ import annotations

import ast
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import libcst as cst

from loglint.rule import Applicability, Edit, Finding, Fix

MAX_PASSES = 10


class _Replace(cst.CSTTransformer):
    def __init__(self, mapping: dict[cst.CSTNode, cst.CSTNode]) -> None:
        super().__init__()
        self.mapping = mapping

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        replacement = self.mapping.get(original_node)
        return replacement if replacement is not None else updated_node


def allowed(fix: Fix, unsafe: bool) -> bool:
    return fix.applicability is Applicability.SAFE or unsafe


def select_non_overlapping(findings: Sequence[Finding], positions: Any, unsafe: bool) -> list[Fix]:
    """ruff's rule: sort fixes by start, skip one that starts before the previous one ended."""
    candidates: list[tuple[tuple[int, int], tuple[int, int], Fix]] = []
    seen: set[int] = set()
    for finding in findings:
        fix = finding.fix
        if fix is None or not allowed(fix, unsafe) or id(fix) in seen:
            continue
        seen.add(id(fix))
        ranges = [positions[old] for old, _ in fix.replacements if old in positions]
        if not ranges:
            continue
        start = min((r.start.line, r.start.column) for r in ranges)
        end = max((r.end.line, r.end.column) for r in ranges)
        candidates.append((start, end, fix))
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen: list[Fix] = []
    last_end = (0, -1)
    for start, end, fix in candidates:
        if start < last_end:
            continue
        chosen.append(fix)
        last_end = end
    return chosen


def apply_to_module(module: cst.Module, fixes: Sequence[Fix]) -> cst.Module:
    mapping: dict[cst.CSTNode, cst.CSTNode] = {}
    for fix in fixes:
        for old, new in fix.replacements:
            mapping[old] = new
    new_module = module.visit(_Replace(mapping)) if mapping else module
    imports = [spec for fix in fixes for spec in fix.imports]
    logger_names = sorted({fix.module_logger for fix in fixes if fix.module_logger})
    if logger_names:
        imports.append(_logging_import())
    if imports:
        # imported here: libcst.codemod is a quarter of loglint's start-up, and most runs fix nothing
        from libcst.codemod import CodemodContext
        from libcst.codemod.visitors import AddImportsVisitor

        context = CodemodContext()
        for spec in imports:
            AddImportsVisitor.add_needed_import(context, spec.module, spec.name)
        new_module = AddImportsVisitor(context).transform_module(new_module)
    for name in logger_names:
        new_module = ensure_module_logger(new_module, name)
    return new_module


def _logging_import():
    from loglint.rule import ImportSpec

    return ImportSpec("logging")


def ensure_module_logger(module: cst.Module, name: str) -> cst.Module:
    """Insert `<name> = logging.getLogger(__name__)` after the module's leading imports, unless the
    module already binds `name` at top level."""
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                ):
                    return module
    index = _after_leading_imports(module)
    line = cst.parse_statement(f"{name} = logging.getLogger(__name__)\n", config=module.config_for_parsing)
    line = line.with_changes(leading_lines=[cst.EmptyLine()])
    body = list(module.body)
    body.insert(index, line)
    return module.with_changes(body=body)


def _after_leading_imports(module: cst.Module) -> int:
    """Index just after the last import of the module's leading block (docstring, `__future__`,
    imports, `try: import ... except ImportError`); 0 when the module starts with code."""
    last = 0
    for index, stmt in enumerate(module.body):
        if isinstance(stmt, cst.SimpleStatementLine) and all(
            isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
        ):
            last = index + 1
        elif isinstance(stmt, cst.SimpleStatementLine) and index == 0 and _is_docstring(stmt):
            last = 1
        elif isinstance(stmt, (cst.Try, cst.If)) and _only_imports(stmt):
            last = index + 1
        else:
            break
    return last


def _is_docstring(stmt: cst.SimpleStatementLine) -> bool:
    return len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr) and isinstance(
        stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)
    )


def _only_imports(stmt: cst.CSTNode) -> bool:
    """`try: import x` / `if TYPE_CHECKING: import y` blocks made of imports (and `pass`) only."""
    blocks = [getattr(stmt, "body", None), getattr(stmt, "orelse", None), getattr(stmt, "finalbody", None)]
    blocks += [handler.body for handler in getattr(stmt, "handlers", ())]
    for block in blocks:
        if block is None:
            continue
        if isinstance(block, (cst.Else, cst.Finally)):
            block = block.body
        if isinstance(block, cst.If):
            if not _only_imports(block):
                return False
            continue
        for inner in getattr(block, "body", ()):
            if isinstance(inner, cst.SimpleStatementLine):
                if not all(isinstance(s, (cst.Import, cst.ImportFrom, cst.Pass)) for s in inner.body):
                    return False
            elif not _only_imports(inner):
                return False
    return True


def validate(new_bytes: bytes, filename: str, original_compiled: bool) -> Optional[str]:
    """Why the fixed bytes cannot be kept, or None."""
    try:
        reparsed = cst.parse_module(new_bytes)
    except Exception as exc:  # noqa: BLE001 - any parse failure means the fix is rejected
        return f"the fixed file does not parse: {exc}"
    if reparsed.bytes != new_bytes:
        return "the fixed file does not round-trip through LibCST"
    if original_compiled:
        try:
            compile(new_bytes, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            return f"the fix introduced a syntax error: {exc}"
    return None


class FixEdits:
    """The fixes of one module as text edits, for JSON output. The module's code is generated once; a fix
    that only replaces nodes is written by putting each new node's code where its position says the old
    node's code is, rather than transforming and regenerating the whole module for every finding (which
    made JSON output quadratic in the findings of a file)."""

    def __init__(self, module: cst.Module, positions: Any = None) -> None:
        self.module = module
        self.positions = positions

    @cached_property
    def before(self) -> str:
        return self.module.code

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", self.before)]

    def edits(self, fix: Fix) -> tuple[Edit, ...]:
        """The fix as one text edit (rows/columns 1-based, end exclusive): the region between the common
        prefix and suffix of the code before and after applying this fix alone."""
        before = self.before
        after = self._spliced(fix)
        if after is None:
            after = apply_to_module(self.module, [fix]).code
        if before == after:
            return ()
        prefix = 0
        limit = min(len(before), len(after))
        while prefix < limit and before[prefix] == after[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
            suffix += 1
        start_row, start_col = _row_col(before, prefix)
        end_row, end_col = _row_col(before, len(before) - suffix)
        return (Edit(start_row, start_col, end_row, end_col, after[prefix : len(after) - suffix]),)

    def _spliced(self, fix: Fix) -> Optional[str]:
        """The code after `fix`, when it only replaces nodes and each old node's code stands at its
        position (so the splice is exactly what the transform would generate); None otherwise."""
        if fix.imports or fix.module_logger or self.positions is None:
            return None
        spans: list[tuple[int, int, str]] = []
        for old, new in fix.replacements:
            if old not in self.positions:
                return None
            start = self.positions[old].start
            if start.line > len(self._line_starts):
                return None
            offset = self._line_starts[start.line - 1] + start.column
            old_code = self.module.code_for_node(old)
            if self.before[offset : offset + len(old_code)] != old_code:
                return None
            spans.append((offset, offset + len(old_code), self.module.code_for_node(new)))
        spans.sort()
        if any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:])):
            return None
        after = self.before
        for start, end, code in reversed(spans):
            after = after[:start] + code + after[end:]
        return after


def _row_col(text: str, offset: int) -> tuple[int, int]:
    row = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return row, col


@dataclass
class FixOutcome:
    data: bytes
    applied: list[str] = field(default_factory=list)  # codes of the fixes applied, one entry each
    errors: list[tuple[str, str]] = field(default_factory=list)


def fix_to_fixed_point(
    data: bytes,
    filename: str,
    check: Callable[[bytes], Any],
    unsafe: bool,
) -> tuple[FixOutcome, Any]:
    """Check, apply the allowed non-overlapping fixes, validate, and repeat until nothing applies.

    `check(data)` returns an engine `FileResult`. Returns the outcome and the last result (for the
    findings that remain)."""
    outcome = FixOutcome(data)
    result = check(data)
    original_compiled = result.parsed is not None and result.parsed.tree is not None
    for _ in range(MAX_PASSES):
        parsed = result.parsed
        if parsed is None or parsed.module is None or not result.findings:
            break
        if parsed.fixable() is not None:
            result.lint_only = parsed.lint_only
            break
        fixes = select_non_overlapping(result.findings, result.positions, unsafe)
        if not fixes:
            break
        new_data, applied = _apply_validated(parsed.module, fixes, filename, original_compiled, outcome)
        if not applied:
            break
        outcome.data = new_data
        outcome.applied.extend(code_of(fix, result.findings) for fix in applied)
        result = check(new_data)
    else:
        outcome.errors.append(("engine", f"fixes did not converge after {MAX_PASSES} passes"))
    return outcome, result


def code_of(fix: Fix, findings: Sequence[Finding]) -> str:
    for finding in findings:
        if finding.fix is fix:
            return finding.code
    return "?"


def _apply_validated(
    module: cst.Module,
    fixes: list[Fix],
    filename: str,
    original_compiled: bool,
    outcome: FixOutcome,
) -> tuple[bytes, list[Fix]]:
    """All fixes at once when the result is valid; otherwise one at a time, keeping the valid ones."""
    try:
        new_module = apply_to_module(module, fixes)
        problem = validate(new_module.bytes, filename, original_compiled)
    except Exception as exc:  # noqa: BLE001 - a failing fix is reported, never a crash
        problem = f"{type(exc).__name__}: {exc}"
    if problem is None:
        return new_module.bytes, fixes
    kept: list[Fix] = []
    for fix in fixes:
        try:
            candidate = apply_to_module(module, kept + [fix])
            problem = validate(candidate.bytes, filename, original_compiled)
        except Exception as exc:  # noqa: BLE001
            problem = f"{type(exc).__name__}: {exc}"
        if problem is None:
            kept.append(fix)
        else:
            outcome.errors.append(("fix", f"{fix.title!r} not applied: {problem}"))
    if not kept:
        return module.bytes, []
    return apply_to_module(module, kept).bytes, kept


class FileChanged(Exception):
    """The file changed on disk between reading and writing: the fix is not written."""


def write_atomic(path: Path, data: bytes, original: bytes) -> None:
    """Temporary file in the same folder, fsync, keep the mode, replace the resolved path; refuse when
    the file no longer holds the bytes that were fixed (checked before writing and again just before the
    replace)."""
    real = path.resolve()
    if real.read_bytes() != original:
        raise FileChanged(str(path))
    mode = stat.S_IMODE(os.stat(real).st_mode)
    fd, tmp_name = tempfile.mkstemp(dir=real.parent, prefix=".loglint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        # Again at the last moment: writing and syncing the temporary file takes time, and an editor or
        # a concurrent tool may have saved the file meanwhile. (A change between this read and the
        # replace is still lost; no portable lock prevents that.)
        if real.read_bytes() != original:
            raise FileChanged(str(path))
        os.replace(tmp_name, real)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(real.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
