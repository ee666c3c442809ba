"""The parsing front-end: bytes in, a LibCST module or a clear reason out, never a crash.

Measured facts about LibCST 1.9 this guards against (../shared/research/reliability.md):
- parsing a `str` re-encodes a latin-1 file as UTF-8, so only bytes are parsed and `module.bytes` written;
- the native parser segfaults the interpreter at ~1,500 nested brackets and is quadratic on long operator
  chains, and visitors raise `RecursionError` from ~500 terms: CPython's own parser and an iterative depth
  check run first, and what CPython rejects never reaches LibCST (except ordinary syntax errors, which
  LibCST may accept when the file uses syntax newer than the running interpreter);
- its Rust panics derive from `BaseException`;
- it silently drops indented comment lines at the end of a file, a form feed at the start of a code line
  and the final CR of a CR-only file: a file whose untouched round trip differs is lint-only.
"""

from __future__ import annotations

import ast
import io
import os
import sys
import threading
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional, TypeVar


MAX_AST_DEPTH = 400
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 20_000

T = TypeVar("T")


def parse_unvalidated(data: bytes) -> "cst.Module":
    """`libcst.parse_module`, without the check each node runs on its own fields when it is constructed
    (`CSTNode.__post_init__` calls `_validate`). The parser only builds nodes that satisfy those checks
    (they guard trees built by hand: a fix's nodes are still checked), and they cost 15% of a parse
    (Django: 1.47 s against 1.25 s for 300 files); LibCST's own comment there says validating in the
    parser is the work it would like to avoid. Where the method is not where it was (another LibCST),
    the parse validates as before."""
    import libcst as cst
    from libcst._nodes import base

    validate = base.CSTNode.__dict__.get("__post_init__")
    if validate is None or getattr(validate, "__name__", "") != "__post_init__":
        return cst.parse_module(data)
    base.CSTNode.__post_init__ = _unchecked  # type: ignore[method-assign]
    try:
        return cst.parse_module(data)
    finally:
        base.CSTNode.__post_init__ = validate  # type: ignore[method-assign]


def _unchecked(self: object) -> None:
    return None


@dataclass
class SourceError:
    """Why a file could not be checked: becomes an LL001 finding at (line, column)."""

    message: str
    line: int = 1
    column: int = 1
    # The file is valid Python that loglint does not check (too large, too deeply nested, beyond
    # LibCST): said as a warning, not an LL001 finding, which is for files Python itself rejects.
    skipped: bool = False


@dataclass
class ParsedSource:
    data: bytes
    module: Optional[cst.Module] = None
    tree: Optional[ast.Module] = None
    error: Optional[SourceError] = None
    # Set when the file can be linted but must not be fixed, with the reason.
    lint_only: Optional[str] = None
    # The candidate gate's decision: "skipped" (no selected rule can fire: LibCST not run), "partial"
    # (statements no rule could look at were blanked before parsing: `data` is the blanked text), None.
    gated: Optional[str] = None
    # the gate's `Plan.facts`: which rules can fire in the file (None: every rule may)
    facts: Optional[frozenset[str]] = None

    def fixable(self) -> Optional[str]:
        """Why this file must not be fixed, or None. The round trip costs a code generation, so it is
        checked only when a fix is about to be applied."""
        if self.module is None:
            return "the file cannot be parsed"
        if self.lint_only is None and run_deep(lambda: self.module.bytes) != self.data:  # type: ignore[union-attr]
            self.lint_only = "LibCST does not reproduce this file byte for byte (a known LibCST limitation)"
        return self.lint_only


if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    import libcst as cst

    from loglint.prefilter import Plan


def parse_source(
    data: bytes,
    filename: str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    gate: Optional[Callable[[ast.Module], "Plan"]] = None,
) -> ParsedSource:
    """Parse `data` safely; every failure is a `SourceError`, never an exception. `gate` (the candidate
    gate of `prefilter.py`) sees CPython's tree first and may skip LibCST or have it parse a blanked text."""
    if len(data) > max_bytes:
        return ParsedSource(
            data,
            error=SourceError(
                f"file skipped: {len(data):,} bytes is over the {max_bytes:,}-byte limit (max-file-size; generated data?)",
                skipped=True,
            ),
        )
    decode_error = _check_decodable(data)
    if decode_error is not None:
        return ParsedSource(data, error=decode_error)
    tree, cpython_error = _cpython_parse(data, filename)
    decision = gate(tree) if gate is not None and tree is not None else None
    if decision is not None and decision.skip:
        return ParsedSource(data, tree=tree, gated="skipped")  # LibCST never sees it: no depth to check
    if tree is not None:
        # the gate's scan already measured the depth, one level short at most: exact only at the limit
        scanned = decision.depth if decision is not None else None
        depth = scanned if scanned is not None and scanned != MAX_AST_DEPTH else _ast_depth(tree)
        if depth > MAX_AST_DEPTH:
            return ParsedSource(
                data,
                error=SourceError(
                    f"file skipped: expressions nested more than {MAX_AST_DEPTH} deep are beyond what "
                    "LibCST parses safely",
                    skipped=True,
                ),
            )
    elif cpython_error is not None and not _libcst_may_accept(cpython_error):
        return ParsedSource(data, error=cpython_error)
    gated: Optional[str] = None
    if decision is not None:
        if decision.blank:
            from loglint.prefilter import blanked

            data, gated = blanked(data, decision.blank), "partial"
    import libcst as cst  # here, not at the top: a warm run (every file cached) never loads LibCST

    try:
        module = run_deep(lambda: parse_unvalidated(data))
    except cst.ParserSyntaxError as exc:
        if cpython_error is not None:
            return ParsedSource(data, error=cpython_error)
        return ParsedSource(
            data,
            error=SourceError(
                f"file skipped: LibCST cannot parse it (CPython can): {exc.message}",
                exc.raw_line,
                exc.raw_column + 1,
                skipped=True,
            ),
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - Rust panics derive from BaseException
        return ParsedSource(data, error=cpython_error or SourceError(f"file skipped: LibCST failed on it: {type(exc).__name__}: {exc}", skipped=True))
    parsed = ParsedSource(data, module=module, tree=tree, gated=gated, facts=decision.facts if decision is not None else None)
    if cpython_error is not None:
        # LibCST accepts syntax this interpreter rejects (newer Python, or Python 2's `except E, e:`):
        # lint it, but a fix could not be validated by compiling it here.
        parsed.lint_only = f"the running Python {sys.version_info[0]}.{sys.version_info[1]} rejects it: {cpython_error.message}"
        parsed.error = None
    return parsed


def _check_decodable(data: bytes) -> Optional[SourceError]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return SourceError(f"cannot decode: {exc.msg if hasattr(exc, 'msg') else exc}")
    try:
        data.decode(encoding)
    except LookupError:
        return SourceError(f"cannot decode: unknown encoding {encoding!r}")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return SourceError(f"cannot decode: not valid {encoding}: {exc.reason}", line, column)
    return None


def _cpython_parse(data: bytes, filename: str) -> tuple[Optional[ast.Module], Optional[SourceError]]:
    try:
        return compile(data, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True), None
    except SyntaxError as exc:
        line = exc.lineno or 1
        column = exc.offset or 1
        return None, SourceError(f"{type(exc).__name__}: {exc.msg}", line, max(column, 1))
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, SourceError(f"{type(exc).__name__}: {exc}")


def _libcst_may_accept(error: SourceError) -> bool:
    """Hand a CPython-rejected file to LibCST only when the rejection is not about size or nesting:
    those are the inputs that crash LibCST's native parser."""
    text = error.message.lower()
    return not any(word in text for word in ("nested", "too many", "recursion", "memory", "null bytes", "valueerror"))


def _ast_depth(tree: ast.AST) -> int:
    """Maximum nesting depth, iteratively (the tree may be deeper than the recursion limit)."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_AST_DEPTH:
                return deepest
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + 1))
    return deepest


_executor: Optional[ThreadPoolExecutor] = None
_executor_lock = threading.Lock()


def run_deep(fn: Callable[[], T]) -> T:
    """Run `fn` on a thread with a large stack and a raised recursion limit: LibCST parses, visits and
    generates code recursively, and ordinary-but-deep code must not overflow the C stack."""
    global _executor
    if threading.current_thread() is _deep_thread_marker.get("thread"):
        return fn()
    with _executor_lock:
        if _executor is None:
            from concurrent.futures import ThreadPoolExecutor

            previous = threading.stack_size()
            threading.stack_size(_DEEP_STACK_BYTES)
            try:
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loglint-deep", initializer=_mark)
                _executor.submit(lambda: None).result()
            finally:
                threading.stack_size(previous)
            if sys.getrecursionlimit() < _RECURSION_LIMIT:
                sys.setrecursionlimit(_RECURSION_LIMIT)
    return _executor.submit(fn).result()


_deep_thread_marker: dict[str, threading.Thread] = {}


def _mark() -> None:
    _deep_thread_marker["thread"] = threading.current_thread()


def _forget_executor() -> None:
    """A forked child (a worker of the process pool) has no copy of the parent's deep thread: it starts
    its own on first use instead of waiting forever on the parent's."""
    global _executor, _executor_lock
    _executor = None
    _executor_lock = threading.Lock()
    _deep_thread_marker.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_executor)
