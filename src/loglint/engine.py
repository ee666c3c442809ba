"""One file: parse once, one batched traversal of every selected rule, findings out.

The engine owns the context rules read (`FileContext`): the scope chain and the `except` handlers
enclosing the node being visited, the statement it belongs to, the file's name table and logger
resolver (computed once, on first use), the project index and the rules' settings. Positions are
computed only for files with at least one report.
"""

from __future__ import annotations

import os
import traceback
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from loglint.parsing import DEFAULT_MAX_FILE_BYTES, ParsedSource, parse_source
from loglint.rule import Finding, Kind, Report, Rule
from loglint.semantics.loggers import LogCall, LoggerResolver
from loglint.semantics.names import Comprehension, NameTable, ScopeNode

if TYPE_CHECKING:
    from loglint.config import Config
    from loglint.project import ProjectIndex


@dataclass
class Frame:
    """A function (or the module, or a class body) and the `except` bodies open inside it."""

    node: ScopeNode
    handlers: list[cst.CSTNode] = field(default_factory=list)


class FileContext:
    def __init__(
        self,
        path: str,
        module: cst.Module,
        config: Optional["Config"] = None,
        project: Optional["ProjectIndex"] = None,
        module_name: str = "",
        is_package: bool = False,
        source: Optional[bytes] = None,
    ) -> None:
        self.path = path
        self.module = module
        self.source = source
        self.config = config
        self.project = project
        self.module_name = module_name
        self.is_package = is_package
        self._log_calls: dict[cst.Call, Optional[LogCall]] = {}
        self.reports: list[Report] = []
        self._frames: list[Frame] = [Frame(module)]
        self._statements: list[cst.CSTNode] = []
        self._chain: Optional[tuple[ScopeNode, ...]] = None
        # id(expression) -> (expression, chain, answer): most rules ask for the qualified name of every
        # call's function; the entries keep their keys alive, so an id is never reused while cached
        self._qualified: dict[int, tuple[cst.BaseExpression, tuple[ScopeNode, ...], Optional[str]]] = {}
        self._import_names: dict[int, tuple[cst.BaseExpression, tuple[ScopeNode, ...], Optional[str]]] = {}
        self._mentions: dict[bytes, bool] = {}  # `printing.mentions`: word -> in the source
        # the top-level statement being visited, and the one each report was made in (None: after the
        # module's statements, or before): positions are computed for those statements only
        self._tops: dict[int, cst.CSTNode] = {}
        self._top: Optional[cst.CSTNode] = None
        self.report_tops: list[Optional[cst.CSTNode]] = []

    # -- shared semantics, computed once per file ---------------------------------------------------

    @cached_property
    def names(self) -> NameTable:
        walrus = self.source is None or b":=" in self.source
        return NameTable(self.module, self.module_name, self.is_package, walrus)

    @cached_property
    def loggers(self) -> LoggerResolver:
        objects = frozenset(self.config.logging.logger_objects) if self.config is not None else frozenset()
        return LoggerResolver(self.names, self.project, objects)

    # -- where the traversal is --------------------------------------------------------------------

    @property
    def scope_chain(self) -> tuple[ScopeNode, ...]:
        """Scopes enclosing the current node, innermost first."""
        if self._chain is None:
            self._chain = tuple(frame.node for frame in reversed(self._frames))
        return self._chain

    @property
    def current_handler(self) -> Optional[cst.CSTNode]:
        """The innermost `except` clause whose body lexically holds the current node, in the same
        function (a function or lambda defined inside an `except` body runs later, when nothing may be
        handled any more)."""
        handlers = self._frames[-1].handlers
        return handlers[-1] if handlers else None

    @property
    def current_function(self) -> Optional[cst.FunctionDef]:
        for frame in reversed(self._frames):
            if isinstance(frame.node, cst.FunctionDef):
                return frame.node
        return None

    @property
    def current_statement(self) -> Optional[cst.CSTNode]:
        return self._statements[-1] if self._statements else None

    # -- convenience for rules ---------------------------------------------------------------------

    def log_call(self, call: cst.Call) -> Optional[LogCall]:
        """The call taken apart when it is a stdlib log call; computed once per call for all rules."""
        try:
            return self._log_calls[call]
        except KeyError:
            found = self._log_calls[call] = self.loggers.log_call(call, self.scope_chain)
            return found

    def is_logger(self, expr: cst.BaseExpression) -> bool:
        return self.loggers.is_logger(expr, self.scope_chain)

    def qualified_name(self, expr: cst.BaseExpression) -> Optional[str]:
        chain = self.scope_chain
        entry = self._qualified.get(id(expr))
        if entry is not None and entry[0] is expr and entry[1] is chain:
            return entry[2]
        found = self.names.qualified_name(expr, chain)
        self._qualified[id(expr)] = (expr, chain, found)
        return found

    def add_report(self, report: Report) -> None:
        self.reports.append(report)
        self.report_tops.append(self._top)

    # -- called by the tracker ---------------------------------------------------------------------

    def _push_scope(self, node: ScopeNode, keep_handlers: bool = False) -> None:
        """A new scope. A comprehension runs on the spot, so it stays inside the enclosing `except`
        bodies (`keep_handlers`); a function or lambda body runs later, outside them."""
        if keep_handlers:
            outer = self._frames[-1]
            self._frames.append(Frame(node, outer.handlers))
        else:
            self._frames.append(Frame(node))
        self._chain = None

    def _pop_scope(self) -> None:
        self._frames.pop()
        self._chain = None


class _Tracker(cst.BatchableCSTVisitor):
    def get_visitors(self) -> dict[str, Callable]:
        return _bound_visitors(self)


class _Enter(_Tracker):
    """Runs before every rule's visit method: updates the context the rules read."""

    def __init__(self, context: FileContext) -> None:
        super().__init__()
        self.c = context

    def visit_Module(self, node: cst.Module) -> None:
        self.c._tops = {id(stmt): stmt for stmt in node.body}

    def _statement(self, node: cst.CSTNode) -> None:
        top = self.c._tops.get(id(node))
        if top is not None:
            self.c._top = top

    visit_If = visit_For = visit_While = visit_Try = visit_TryStar = visit_With = visit_Match = _statement

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._statement(node)
        self.c._push_scope(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._statement(node)
        self.c._push_scope(node)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.c.names.add_lambda(node)
        self.c._push_scope(node)

    def _enter_comprehension(self, node: Comprehension) -> None:
        self.c.names.add_comprehension(node)
        self.c._push_scope(node, keep_handlers=True)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter_comprehension

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.c._frames[-1].handlers.append(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self.c._frames[-1].handlers.append(node)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._statement(node)
        self.c._statements.append(node)


class _Leave(_Tracker):
    """Runs after every rule's leave method: undoes what `_Enter` did."""

    def __init__(self, context: FileContext) -> None:
        super().__init__()
        self.c = context

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.c._pop_scope()

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.c._pop_scope()

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self.c._pop_scope()

    def _leave_comprehension(self, node: Comprehension) -> None:
        self.c._pop_scope()

    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave_comprehension

    def leave_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.c._frames[-1].handlers.pop()

    def leave_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self.c._frames[-1].handlers.pop()

    def leave_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.c._statements.pop()


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    # Internal errors: (rule code or "engine", message). They make the run exit 2.
    errors: list[tuple[str, str]] = field(default_factory=list)
    lint_only: Optional[str] = None
    # Why a valid file was not checked (too large, too deep, beyond LibCST): a warning, not a finding.
    skipped: Optional[str] = None
    parsed: Optional[ParsedSource] = None
    reports: list[Report] = field(default_factory=list)
    positions: Any = None


class _Guarded:
    """Wraps one rule's visitor methods: an exception in a rule is recorded with its code, and that
    rule stops for the rest of the file while the others go on."""

    def __init__(self, rule: Rule, errors: list[tuple[str, str]]) -> None:
        self.rule = rule
        self.errors = errors
        self.dead = False

    def wrap(self, method: Callable[[cst.CSTNode], Any]) -> Callable[[cst.CSTNode], Any]:
        def guarded(node: cst.CSTNode) -> Any:
            if self.dead:
                return None
            try:
                return method(node)
            except RecursionError:
                self.dead = True
                self.errors.append((self.rule.code, "recursion limit reached on this file"))
            except Exception as exc:  # noqa: BLE001 - one rule's bug must not stop the others
                self.dead = True
                where = traceback.extract_tb(exc.__traceback__)[-1]
                self.errors.append(
                    (self.rule.code, f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})")
                )
            return None

        return guarded


@lru_cache(maxsize=None)
def _visitor_names(cls: type) -> tuple[str, ...]:
    """The `visit_*`/`leave_*` methods a visitor class defines, once per class (LibCST's
    `get_visitors` runs `inspect.getmembers` on every instance: ~10% of a run on Django)."""
    from loglint.dispatch import hook_names

    return hook_names(cls)


def _bound_visitors(visitor: cst.BatchableCSTVisitor) -> dict[str, Callable]:
    return {name: getattr(visitor, name) for name in _visitor_names(type(visitor))}


def _guarded_visitors(rule: Rule, errors: list[tuple[str, str]]) -> dict[str, Callable]:
    guard = _Guarded(rule, errors)
    return {name: guard.wrap(method) for name, method in _bound_visitors(rule).items()}


class _RuleProxy(cst.BatchableCSTVisitor):
    def __init__(self, visitors: dict[str, Callable]) -> None:
        super().__init__()
        self._visitors = visitors

    def get_visitors(self) -> dict[str, Callable]:
        return self._visitors


def _walk(module: cst.Module, visitors: list[Any], errors: list[tuple[str, str]]) -> Optional[MetadataWrapper]:
    """One traversal of every visitor (`dispatch.py`), the trackers unguarded, each rule guarded; the
    metadata wrapper when a visitor declared metadata dependencies (none does today)."""
    from loglint import dispatch

    guards = [None] + [rule.code for rule in visitors[1:-1]] + [None]
    if not any(_declares_metadata(type(visitor)) for visitor in visitors):
        dispatch.run_batched(module, visitors, guards, errors)
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    with ExitStack() as stack:
        for visitor in visitors:
            stack.enter_context(visitor.resolve(wrapper))
        dispatch.run_batched(module, visitors, guards, errors)
    return wrapper


def _statement_positions(
    module: cst.Module, context: FileContext, first_lines: Optional[Callable[[], Optional[list[int]]]]
) -> Optional[dict[cst.CSTNode, Any]]:
    """Positions of the nodes of the top-level statements holding reports only, each statement generated
    on its own from the line it starts at (`first_lines()`: the line of each top-level statement's first
    token, from CPython's tree); None when that cannot be done (a report outside any statement, lines
    that do not match the module) or leaves a reported node without a position. Generating the code of a
    whole module for its positions was a quarter of a run on projects with many findings."""
    if first_lines is None or not context.reports or any(top is None for top in context.report_tops):
        return None
    lines = first_lines()
    if lines is None or len(lines) != len(module.body):
        return None
    from libcst.metadata.position_provider import PositionProvidingCodegenState

    provider = PositionProvider()
    places = {id(stmt): index for index, stmt in enumerate(module.body)}
    for top in {id(top): top for top in context.report_tops}.values():
        index = places.get(id(top))
        if index is None:
            return None
        stmt = module.body[index]
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
        )
        state.line = lines[index] - len(stmt.leading_lines)
        stmt._codegen(state)
    computed = provider._computed
    for report in context.reports:
        if report.node not in computed:
            return None
    return computed


def top_level_first_lines(tree: Any, data: bytes) -> Optional[list[int]]:
    """The line of the first token of each top-level statement LibCST sees in `data` (the text it parsed:
    statements the gate blanked are not there), from CPython's tree of the same lines: statements sharing
    a line (`a = 1; b = 2`) are one statement to LibCST. None when the tree is not known."""
    if tree is None:
        return None
    text = data.splitlines()
    found: list[int] = []
    for stmt in tree.body:
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
        line = text[first - 1].lstrip(b"\xef\xbb\xbf").strip() if first - 1 < len(text) else b""
        if line and (not found or found[-1] != first):
            found.append(first)
    return found


def _positions(module: cst.Module, wrapper: Optional[MetadataWrapper]) -> Any:
    """The module's `PositionProvider` mapping. `MetadataWrapper.resolve` also runs a batched traversal
    with no visitor after resolving a provider that is not batchable (LibCST 1.9 `_resolve_impl`): a
    whole rebuild of the tree for nothing, as costly as the positions themselves; the provider's own
    `_gen` computes the same mapping."""
    if wrapper is None:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    gen = getattr(PositionProvider, "_gen", None)
    if gen is None or PositionProvider.METADATA_DEPENDENCIES:
        return wrapper.resolve(PositionProvider)
    return PositionProvider()._gen(wrapper)


@lru_cache(maxsize=None)
def _declares_metadata(cls: type) -> bool:
    return bool(cls.get_inherited_dependencies())


def check_module(
    path: str,
    module: cst.Module,
    rules: Sequence[type[Rule]],
    config: Optional["Config"] = None,
    project: Optional["ProjectIndex"] = None,
    module_name: str = "",
    is_package: bool = False,
    source: Optional[bytes] = None,
    first_lines: Optional[Callable[[], Optional[list[int]]]] = None,
) -> FileResult:
    """Run `rules` over an already parsed module (`source`: its bytes, when known). `first_lines`
    (`top_level_first_lines`): positions are then computed only for the statements holding findings,
    which leaves the other nodes without one (read-only runs: fixes need them all)."""
    result = FileResult(path)
    context = FileContext(path, module, config, project, module_name, is_package, source)
    instances = [rule(context) for rule in rules if rule.code != "LL001"]
    wrapper: Optional[MetadataWrapper] = None
    try:
        if os.environ.get("LOGLINT_DISPATCH") == "libcst":
            visitors: list[cst.BatchableCSTVisitor] = [_Enter(context)]
            visitors += [_RuleProxy(_guarded_visitors(rule, result.errors)) for rule in instances]
            visitors.append(_Leave(context))
            wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
            wrapper.visit_batched(visitors)
        else:
            wrapper = _walk(module, [_Enter(context), *instances, _Leave(context)], result.errors)
    except RecursionError:
        result.errors.append(("engine", "recursion limit reached while walking this file"))
        return result
    result.reports = context.reports
    if context.reports:
        try:
            partial = _statement_positions(module, context, first_lines) if wrapper is None else None
            result.positions = partial if partial is not None else _positions(module, wrapper)
        except RecursionError:
            result.errors.append(("engine", "recursion limit reached while computing positions"))
            return result
        result.findings = [_finding(path, report, result.positions) for report in context.reports]
        result.findings.sort(key=lambda f: f.sort_key)
    return result


def check_source(
    path: str,
    data: bytes,
    rules: Sequence[type[Rule]],
    config: Optional["Config"] = None,
    project: Optional["ProjectIndex"] = None,
    module_name: str = "",
    is_package: bool = False,
    max_bytes: Optional[int] = None,
    gate: str = "off",
) -> FileResult:
    """Parse `data` and run `rules`; a file that cannot be parsed yields one LL001 finding. `gate`
    (`prefilter.py`): "off", "file" (skip LibCST when no selected rule can fire), or "statements" (also
    blank the statements no rule could look at: read-only runs only, never for fixes or fix edits)."""
    plan = _gate(rules, data, gate, project)
    parsed = parse_source(data, path, max_bytes or DEFAULT_MAX_FILE_BYTES, plan)
    if parsed.gated == "skipped":
        return FileResult(path, parsed=parsed)
    if parsed.module is None:
        error = parsed.error
        assert error is not None
        if error.skipped:
            return FileResult(path, parsed=parsed, skipped=error.message)
        finding = Finding(
            code="LL001",
            name="syntax-error",
            message=error.message,
            path=path,
            line=error.line,
            column=error.column,
            end_line=error.line,
            end_column=error.column,
            kind=Kind.ERROR,
        )
        return FileResult(path, findings=[finding], parsed=parsed)
    if parsed.facts is not None:
        # the gate's premise, per rule: a rule fires only in a file with one of its candidate facts
        facts = parsed.facts
        rules = [rule for rule in rules if rule.candidates is None or rule.candidates & facts]
    first_lines = None
    if gate == "statements":
        tree, text = parsed.tree, parsed.data
        first_lines = lambda: top_level_first_lines(tree, text)  # noqa: E731
    result = check_module(path, parsed.module, rules, config, project, module_name, is_package, data, first_lines)
    result.parsed = parsed
    result.lint_only = parsed.lint_only
    return result


def _gate(
    rules: Sequence[type[Rule]], data: bytes, mode: str, project: Optional["ProjectIndex"] = None
) -> Optional[Callable[[Any], Any]]:
    """The gate for this file and rule set, or None when every statement must be parsed."""
    if mode == "off":
        return None
    from loglint import prefilter, suppression

    needed: set[str] = set()
    for rule in rules:
        if rule.code == "LL002" and suppression.mentions_suppression(data):
            return None  # which suppressions are unused depends on every rule's findings, everywhere
        if rule.candidates is None:
            return None
        needed |= rule.candidates
    blank = mode == "statements"
    orm_words = None
    if prefilter.ORM in needed and project is not None:
        # the LL7 rules look only at loops over querysets of the project's models: a file naming none of
        # them (nor a manager, a view's queryset, a helper) has no such loop
        orm_words = project.orm_words
    return lambda tree: prefilter.plan(tree, data, needed, blank=blank, orm_words=orm_words)


def _finding(path: str, report: Report, positions: Any) -> Finding:
    rng = positions[report.node]
    lines = {rng.start.line, rng.end.line}
    if report.statement is not None and report.statement in positions:
        stmt = positions[report.statement]
        lines |= {stmt.start.line, stmt.end.line}
        statement_lines = (stmt.start.line, stmt.end.line)
    else:
        statement_lines = _header_lines(report.node, rng, positions)
    return Finding(
        code=report.rule.code,
        name=report.rule.name,
        message=report.message,
        path=path,
        line=rng.start.line,
        column=rng.start.column + 1,
        end_line=rng.end.line,
        end_column=rng.end.column + 1,
        kind=report.rule.kind,
        fix=report.fix,
        noqa_lines=tuple(sorted(lines)),
        statement_lines=statement_lines,
    )


def _header_lines(node: cst.CSTNode, rng: Any, positions: Any) -> tuple[int, int]:
    """A node outside any simple statement: a compound statement or handler stands for its header (up to
    its body), so editing the body does not make it a different finding; any other node for itself."""
    body = getattr(node, "body", None)
    if isinstance(body, cst.IndentedBlock) and body.header in positions:
        return (rng.start.line, max(rng.start.line, positions[body.header].start.line))
    if isinstance(body, cst.SimpleStatementSuite):
        return (rng.start.line, rng.start.line)
    return (rng.start.line, rng.end.line)
