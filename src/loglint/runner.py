"""Many files: read, check or fix, apply suppressions, collect what to report; a process pool over files.

One file goes through `lint_source`: the engine checks it, suppression comments filter the findings (before
fixes are chosen, so a suppressed finding is never fixed), fixes are applied to a fixed point when asked,
and unused suppressions (LL002) are found last, on the final text, and removed by their own text edits.
Every failure is a result: an unreadable file is an LL001 finding, an exception anywhere in one file's work
is an internal error for that file, and a worker process that dies costs only the file it was checking.

What crosses process boundaries is a `FileReport`: findings whose fixes no longer hold tree nodes, the
source lines the text formats show, and the fixed bytes or a diff when asked. The same report is what the
cache keeps (`cache.py`): a run that fixes nothing first looks every file up in this process, and only the
misses are checked (in the pool when there are enough of them), each writing its own entry.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import stat
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

from loglint import registry, suppression
from loglint.findings import Finding, Fix, Kind
from loglint.parsing import run_deep

if TYPE_CHECKING:
    import libcst as cst

    from loglint.cache import Cache
    from loglint.fixer import FixEdits
    from loglint.rule import Rule
    from loglint.config import Config
    from loglint.project import ProjectIndex

# Below this many files a process pool costs more (worker start-up, imports) than it saves.
PARALLEL_MIN_FILES = 20
_LL002_PASSES = 3


@dataclass(frozen=True)
class RunSettings:
    """What every file of a run is checked with; picklable, so workers get it once."""

    config: "Config"
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    need_edits: bool = False  # JSON output shows each fix as text edits
    need_hashes: bool = False  # baselines and SARIF/GitLab fingerprints hash each flagged statement
    jobs: int = 1
    # Where the run's files live as importable packages, from all of them at start-up, so that what an
    # imported name resolves to does not depend on which files a run (or a worker) has seen so far.
    source_roots: tuple[str, ...] = ()
    # The cache folder, prepared by the caller (`cache.prepare`); None: no cache. Fixing runs never use it.
    cache_dir: Optional[str] = None

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff


@dataclass
class FileReport:
    """What one file contributes to the output."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)  # source lines the findings point at
    fixed: dict[str, int] = field(default_factory=dict)  # code -> fixes applied (or that --diff would apply)
    errors: list[tuple[str, str]] = field(default_factory=list)  # internal errors: (rule code or stage, message)
    notes: list[str] = field(default_factory=list)  # for --verbose: lint-only and why
    warnings: list[str] = field(default_factory=list)  # always shown: a fix that could not be written
    suppressed: int = 0
    diff: Optional[str] = None
    fixed_source: Optional[bytes] = None  # stdin with --fix: the text to print
    changed: bool = False


# -- one file ------------------------------------------------------------------------------------


@dataclass
class Linted:
    """One file's text checked (and fixed when asked): what remains to report."""

    data: bytes
    findings: list[Finding]
    original_findings: list[Finding]
    applied: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    suppressed: int = 0
    lint_only: Optional[str] = None
    skipped: Optional[str] = None
    module: Optional["cst.Module"] = None
    positions: Any = None  # the module's PositionProvider, when it has findings


def lint_source(
    path: str,
    data: bytes,
    rules: Sequence[type[Rule]],
    config: Optional["Config"] = None,
    project: Optional["ProjectIndex"] = None,
    module_name: str = "",
    is_package: bool = False,
    *,
    fix: bool = False,
    unsafe: bool = False,
    gate: str = "off",
) -> Linted:
    """Check `data` with suppressions applied; with `fix`, apply the allowed fixes to a fixed point (the
    file is not written here). `gate`: see `engine.check_source` (a fixing run never blanks statements).
    Runs on the deep-stack thread."""
    if fix and gate == "statements":
        gate = "file"
    return run_deep(lambda: _lint(path, data, rules, config, project, module_name, is_package, fix, unsafe, gate))


def _lint(path, data, rules, config, project, module_name, is_package, fix, unsafe, gate="off") -> Linted:
    from loglint.engine import check_source
    from loglint.fixer import fix_to_fixed_point, validate

    codes = {rule.code for rule in rules}
    want_unused = suppression.UNUSED_CODE in codes
    errors: list[tuple[str, str]] = []
    state: dict[str, Any] = {"suppressed": 0, "suppressions": None, "first": None}

    def check(current: bytes):
        max_bytes = config.max_file_size if config is not None else None
        result = check_source(path, current, rules, config, project, module_name, is_package, max_bytes, gate=gate)
        for error in result.errors:
            if error not in errors:
                errors.append(error)
        sups = None
        parsed = result.parsed is not None and result.parsed.module is not None
        if parsed and suppression.mentions_suppression(current) and (result.findings or want_unused):
            sups = suppression.Suppressions.scan(current)
            result.findings, state["suppressed"] = sups.filter(result.findings)
        else:
            state["suppressed"] = 0
        state["suppressions"] = sups
        if state["first"] is None:
            state["first"] = list(result.findings)
        return result

    if fix:
        outcome, result = fix_to_fixed_point(data, path, check, unsafe)
        current = outcome.data
        applied = list(outcome.applied)
        errors.extend(e for e in outcome.errors if e not in errors)
    else:
        result = check(data)
        current = data
        applied = []

    findings = list(result.findings)
    if want_unused and not errors and result.parsed is not None and result.parsed.module is not None:
        external = config.external if config is not None else ()

        def unused_now() -> list[Finding]:
            sups = state["suppressions"]
            found = sups.unused(codes, external) if sups is not None else []
            return [dataclasses.replace(f, path=path) for f in found]

        unused = unused_now()
        for _ in range(_LL002_PASSES):
            if not (fix and unused and _fixable(result)):
                break
            edited = suppression.apply_edits(current, [e for f in unused for e in f.edits])
            if edited is None or edited == current:
                break
            if validate(edited, path, result.parsed.tree is not None) is not None:
                errors.append(("fix", "removing unused suppressions would break the file; not applied"))
                break
            current = edited
            result = check(current)
            if any(f.fix is not None for f in result.findings):
                # A removed comment can make a fix possible (fixes that would drop a comment are not
                # offered): apply it now, so that a second --fix has nothing left to do.
                outcome, result = fix_to_fixed_point(current, path, check, unsafe)
                current = outcome.data
                applied.extend(outcome.applied)
                errors.extend(e for e in outcome.errors if e not in errors)
            findings = list(result.findings)
            left = unused_now()
            applied.extend([suppression.UNUSED_CODE] * max(len(unused) - len(left), 0))
            unused = left
        findings.extend(unused)
        findings.sort(key=lambda f: f.sort_key)

    if any(f.fix is not None for f in findings):
        _fixable(result)  # a lint-only file offers no fix: say so now, not when --fix declines
    parsed = result.parsed
    return Linted(
        data=current,
        findings=findings,
        original_findings=state["first"] or [],
        applied=applied,
        errors=errors,
        suppressed=state["suppressed"],
        lint_only=result.lint_only,
        skipped=result.skipped,
        module=parsed.module if parsed is not None else None,
        positions=result.positions,
    )


def _fixable(result) -> bool:
    """Whether fixes may be applied to this result's file; records the reason on the result if not."""
    parsed = result.parsed
    if parsed is None or parsed.module is None:
        return False
    if result.lint_only is None:
        result.lint_only = parsed.fixable()
    return result.lint_only is None


class Checker:
    """Per process: the rule set for each combination of per-file ignores, and the project index (built
    on first use)."""

    def __init__(self, settings: RunSettings) -> None:
        self.settings = settings
        self.config = settings.config
        self._rules: dict[tuple[str, ...], tuple[type[Rule], ...]] = {}  # by codes
        self._project: Optional["ProjectIndex"] = None
        self._cache: Any = None

    @property
    def cache(self) -> Optional["Cache"]:
        """This process's view of the cache; None when the run has none or fixes (only checks are cached)."""
        settings = self.settings
        if settings.cache_dir is None or settings.fixing:
            return None
        if self._cache is None:
            from loglint.cache import Cache

            self._cache = Cache(Path(settings.cache_dir), self)
        return self._cache

    def cached(self, path: str) -> Optional[FileReport]:
        """The cached report of `path` when neither it nor anything its check read has changed; None
        otherwise (a miss, never an error)."""
        cache = self.cache
        if cache is None:
            return None
        try:
            info = os.stat(path)
            limit = self.config.max_file_size
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None  # `_check_path` says why
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:
                return None
            return cache.lookup(path, data, _module_of(path))
        except Exception:  # noqa: BLE001 - the file is then checked, which reports what is wrong
            return None

    def codes_for(self, path: str) -> tuple[str, ...]:
        """The codes checked on `path` (per-file ignores applied), from the rule table: no rule imported."""
        ignores = self.config.ignores_for(path) if self.config.per_file_ignores else ()
        config = self.config
        select = None if config.select is None else tuple(config.select)
        return registry.select_codes(select, tuple(config.ignore) + ignores, tuple(config.extend_select))

    def rules_for(self, path: str) -> tuple[type[Rule], ...]:
        codes = self.codes_for(path)
        rules = self._rules.get(codes)
        if rules is None:
            rules = self._rules[codes] = tuple(registry.rule_by_code(code) for code in codes)  # type: ignore[misc]
        return rules

    @property
    def project(self) -> "ProjectIndex":
        if self._project is None:
            from loglint.project import ProjectIndex

            self._project = ProjectIndex(self.config.root, self.config.logging.logger_objects)
            for root in self.settings.source_roots:
                self._project.add_source_root(Path(root))
            if self.cache is not None:
                self._project.index_store = self.cache.directory
        return self._project

    def check_path(self, path: str) -> FileReport:
        """Read, check (or fix, and write when --fix) one file; never raises."""
        try:
            return self._check_path(path)
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the run
            return FileReport(path, errors=[("engine", _describe(exc))])

    def check_stdin(self, path: str, data: bytes) -> FileReport:
        try:
            return self._check_data(path, data, write=False, stdin=True)
        except Exception as exc:  # noqa: BLE001
            report = FileReport(path, errors=[("engine", _describe(exc))])
            if self.settings.fix:
                report.fixed_source = data
            return report

    def _check_path(self, path: str) -> FileReport:
        try:
            info = os.stat(path)
        except OSError as exc:
            return _unreadable(path, exc)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block the read forever and a device (a link to /dev/zero) never ends.
            return FileReport(path, warnings=[f"{path}: file skipped: not a regular file"])
        limit = self.config.max_file_size
        too_big = f"{path}: file skipped: {{:,}} bytes is over the {limit:,}-byte limit (max-file-size; generated data?)"
        if info.st_size > limit:
            return FileReport(path, warnings=[too_big.format(info.st_size)])
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)  # the file may have grown since the stat
        except OSError as exc:
            return _unreadable(path, exc)
        if len(data) > limit:
            return FileReport(path, warnings=[too_big.format(len(data)) + " (it grew while being read)"])
        cache = self.cache
        if cache is None:
            return self._check_data(path, data, write=self.settings.fix, stdin=False)
        with self.project.deps.collect() as deps:
            report = self._check_data(path, data, write=False, stdin=False)
        cache.store(path, data, _module_of(path), deps, report)
        return report

    def _check_data(self, path: str, data: bytes, write: bool, stdin: bool) -> FileReport:
        from loglint.fixer import FileChanged, FixEdits, write_atomic
        from loglint.project import module_name_for

        settings = self.settings
        rules = self.rules_for(path)
        try:
            module_name, is_package, source_root = module_name_for(Path(path))
            self.project.add_source_root(source_root)
        except (OSError, RuntimeError, ValueError):
            module_name, is_package = "", False
        linted = lint_source(
            path,
            data,
            rules,
            self.config,
            self.project,
            module_name,
            is_package,
            fix=settings.fixing,
            unsafe=settings.unsafe_fixes,
            gate=gate_mode(settings),
        )
        report = FileReport(path, errors=list(linted.errors), suppressed=linted.suppressed)
        if linted.lint_only:
            report.notes.append(f"{path}: checked without fixes: {linted.lint_only}")
        if linted.skipped:
            report.warnings.append(f"{path}: {linted.skipped}")
        findings = linted.findings
        final = linted.data
        changed = final != data
        if changed:
            for code in linted.applied:
                report.fixed[code] = report.fixed.get(code, 0) + 1
            report.changed = True
            if settings.diff:
                report.diff = unified_diff(path, data, final)
            elif write and _leaves_root(path, self.config):
                report.warnings.append(f"{path}: symlink to {os.path.realpath(path)} outside the project root; fixes not written")
                findings, final, report.fixed, report.changed = linted.original_findings, data, {}, False
            elif write:
                try:
                    write_atomic(Path(path), final, data)
                except FileChanged:
                    report.warnings.append(f"{path}: changed on disk while being fixed; not written")
                    findings, final, report.fixed, report.changed = linted.original_findings, data, {}, False
                except OSError as exc:
                    report.warnings.append(f"{path}: fixes not written: {exc.strerror or exc}")
                    findings, final, report.fixed, report.changed = linted.original_findings, data, {}, False
        if stdin and settings.fix and not settings.diff:
            report.fixed_source = final
        module = linted.module if settings.need_edits and final == linted.data else None
        edits = FixEdits(module, linted.positions) if module is not None else None
        lint_only = linted.lint_only is not None
        report.findings = run_deep(lambda: [_portable(f, edits, lint_only) for f in findings])
        report.lines = source_lines(final, {f.line for f in findings})
        if settings.need_hashes and report.findings:
            from loglint.fingerprint import with_hashes

            report.findings = with_hashes(report.findings, file_lines(final))
        return report


def gate_mode(settings: RunSettings) -> str:
    """The candidate gate for a run: statements are blanked only when nothing will be rewritten or shown
    as an edit; `LOGLINT_GATE=off` turns it off (to compare findings with and without it)."""
    if os.environ.get("LOGLINT_GATE", "").lower() == "off":
        return "off"
    return "file" if settings.fixing or settings.need_edits else "statements"


def _module_of(path: str) -> tuple[str, bool]:
    """The dotted name the engine checks `path` as (part of a cache entry's key)."""
    from loglint.project import module_name_for

    try:
        name, is_package, _ = module_name_for(Path(path))
    except (OSError, RuntimeError, ValueError):
        return "", False
    return name, is_package


def _leaves_root(path: str, config: "Config") -> bool:
    """Whether `path` lies in the project but a symlink on it leads outside: a file named on the command
    line is checked wherever it is, but `--fix` never writes through a link out of the project (a
    checked-out branch could otherwise point one at a file elsewhere on the machine)."""
    root = os.path.realpath(config.root)
    inside = lambda p: p == root or p.startswith(root.rstrip(os.sep) + os.sep)  # noqa: E731
    return inside(os.path.abspath(path)) and not inside(os.path.realpath(path))


def _portable(finding: Finding, fix_edits: Optional[FixEdits], lint_only: bool) -> Finding:
    """The finding without tree nodes (they cannot cross processes), its fix as text edits when asked.
    A lint-only file offers no fix."""
    fix = finding.fix
    if fix is None:
        return finding
    if lint_only:
        return dataclasses.replace(finding, fix=None, edits=())
    edits = finding.edits
    if fix_edits is not None and not edits and fix.replacements:
        try:
            edits = fix_edits.edits(fix)
        except Exception:  # noqa: BLE001 - edits are informative; a failure leaves them out
            edits = ()
    bare = Fix(title=fix.title, applicability=fix.applicability, replacements=())
    return dataclasses.replace(finding, fix=bare, edits=edits)


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _file_finding(path: str, message: str) -> Finding:
    return Finding("LL001", "syntax-error", message, path, 1, 1, 1, 1, Kind.ERROR)


def _unreadable(path: str, exc: OSError) -> FileReport:
    reason = exc.strerror or str(exc)
    return FileReport(path, findings=[_file_finding(path, f"cannot read: {reason}")])


def source_lines(data: bytes, numbers: set[int]) -> dict[int, str]:
    """The text of the given lines (1-based), decoded as Python would (replacement characters where it
    cannot), line breaks as Python counts them (`\\r\\n`, `\\r`, `\\n`)."""
    if not numbers:
        return {}
    lines = file_lines(data)
    return {n: lines[n - 1] for n in sorted(numbers) if 0 < n <= len(lines)}


def file_lines(data: bytes) -> list[str]:
    """The file's lines, decoded as Python would, without their line breaks."""
    decoded = suppression.decode(data)
    text = decoded[0] if decoded is not None else data.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    return re.split(r"\r\n|\r|\n", text)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = _decoded_lines(before)
    new = _decoded_lines(after)
    import difflib

    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}"))


def _decoded_lines(data: bytes) -> list[str]:
    decoded = suppression.decode(data)
    text = decoded[0] if decoded is not None else data.decode("utf-8", errors="replace")
    lines = re.split(r"(?<=\n)|(?<=\r)(?!\n)", text)
    out = [line.rstrip("\r\n") + "\n" for line in lines if line]
    if text and not text.endswith(("\n", "\r")) and out:
        out[-1] = out[-1][:-1] + "\n\\ No newline at end of file\n"
    return out


# -- many files ----------------------------------------------------------------------------------


def source_roots(files: Sequence[str]) -> tuple[str, ...]:
    from loglint.project import module_name_for

    roots: dict[str, None] = {}
    for path in files:
        try:
            roots[str(module_name_for(Path(path))[2])] = None
        except (OSError, RuntimeError, ValueError):
            continue
    return tuple(roots)


def run_files(
    files: Sequence[str],
    settings: RunSettings,
    progress: Optional[Callable[[], None]] = None,
    stats: Optional[dict[str, int]] = None,
) -> list[FileReport]:
    """Every file's report, in the order given; `stats["hits"]`: how many came from the cache."""
    from loglint.project import forget_paths

    tick = progress or (lambda: None)
    forget_paths()
    settings = dataclasses.replace(settings, source_roots=source_roots(files))
    checker = Checker(settings)
    reports: dict[int, FileReport] = {}
    if checker.cache is not None:
        for index, path in enumerate(files):
            hit = checker.cached(path)
            if hit is not None:
                reports[index] = hit
                tick()
    misses = [index for index in range(len(files)) if index not in reports]
    if stats is not None:
        stats["hits"] = len(files) - len(misses)
    if settings.jobs > 1 and len(misses) > PARALLEL_MIN_FILES:
        project = _shared_project(checker)
        checked = _run_parallel([files[index] for index in misses], settings, tick, project)
        reports.update(zip(misses, checked))
    else:
        for index in misses:
            reports[index] = checker.check_path(files[index])
            collect_between_files()
            tick()
    if misses and checker.cache is not None:
        checker.cache.prune()
    return [reports[index] for index in range(len(files))]


def _shared_project(checker: Checker) -> Optional["ProjectIndex"]:
    """The parent's project index with its whole-project part (the model index) built, for the workers to
    inherit instead of each building its own; None when workers are not forked (the index holds locks
    and would have to be pickled) or no selected rule uses the model index."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return None
    config = checker.config
    select = None if config.select is None else tuple(config.select)
    codes = registry.select_codes(select, tuple(config.ignore), tuple(config.extend_select))
    if not any(
        info.code in codes and info.candidates is not None and MODEL_FACT in info.candidates
        for info in registry.rule_infos()
    ):
        return None
    project = checker.project
    try:
        project.models()  # recorded again for each file it serves (`ProjectIndex.models`)
    except Exception:  # noqa: BLE001 - a worker that needs it then fails on its own file, and says so
        return None
    return project


# The prefilter fact of the rules that read the model index (`rules/orm/`).
MODEL_FACT = "orm"

_worker: Optional[Checker] = None
_started: Any = None


def tune_gc() -> None:
    """No automatic cyclic garbage collection: `collect_between_files` does it. A run allocates millions
    of small objects that live for a file (syntax trees) or the whole run (the model index) and almost no
    cyclic garbage (a few thousand objects over Django's source); CPython's default thresholds (700, 10,
    10) rescanned the live trees all the time (35-45% of a cold run on Django's source), and even with
    high thresholds the young-generation passes still walked each file's tree (8% of a run). For the
    command line and its workers only, never on import."""
    import gc

    gc.disable()
    _gc_state["files"] = 0


_gc_state = {"files": 0}
# Files checked between two collections: cyclic garbage (reference cycles of a few objects per file)
# waits this long; the trees themselves are freed by reference counting as soon as a file is done.
FILES_PER_COLLECTION = 100


def collect_between_files() -> None:
    """After a file, where automatic collection is off (`tune_gc`): every `FILES_PER_COLLECTION` files one
    full collection, after which what survived (the project and model indexes, caches) is frozen, so the
    next collection scans only what was allocated since. After the first file, what is alive (the modules
    imported, LibCST's among them) is frozen without a collection: scanning it cost 0.2 s."""
    import gc

    if gc.isenabled():
        return
    _gc_state["files"] += 1
    if _gc_state["files"] == 1:
        gc.freeze()
    elif _gc_state["files"] % FILES_PER_COLLECTION == 0:
        gc.collect()
        gc.freeze()


def _init_worker(settings: RunSettings, started: Any, project: Optional["ProjectIndex"] = None) -> None:
    global _worker, _started
    tune_gc()  # inherited under fork, not under spawn
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _worker = Checker(settings)
    if project is not None:
        _worker._project = project  # inherited from the parent (fork), built once for every worker
    _started = started


def _work(index: int, path: str) -> FileReport:
    assert _worker is not None
    _started[index] = 1
    try:
        return _worker.check_path(path)
    finally:
        collect_between_files()


def _work_batch(batch: list[tuple[int, str]]) -> list[FileReport]:
    return [_work(index, path) for index, path in batch]


def _batches(files: list[str], pending: list[int], jobs: int, fixing: bool) -> list[list[tuple[int, str]]]:
    """The pending files in batches, largest files first: one task per file cost the parent a round trip
    each (0.16 s of CPU for Django's 836 files, taken from the two workers), and the largest last
    leaves one worker checking it alone. Batches are small enough (at most `_BATCH` files, at least
    eight per worker) that the workers still finish together. When a worker dies, the files its batch
    had started are checked again one by one; a fixing run has batches of one file, since a file it
    already fixed would then be found fixed and its report (the fix) lost."""

    def size(index: int) -> int:
        try:
            return os.stat(files[index]).st_size
        except OSError:
            return 0

    ordered = sorted(pending, key=size, reverse=True)
    count = 1 if fixing else max(1, min(_BATCH, len(ordered) // (jobs * 8)))
    return [[(i, files[i]) for i in ordered[start : start + count]] for start in range(0, len(ordered), count)]


_BATCH = 8


def _run_parallel(
    files: list[str], settings: RunSettings, tick: Callable[[], None], project: Optional["ProjectIndex"] = None
) -> list[FileReport]:
    """A pool over files. When a worker dies (a crash in native code, the OOM killer), the pool breaks:
    the files that were being checked at that moment are re-run one at a time in a fresh process, where
    the culprit dies again and is reported; the files not started yet go to a new pool."""
    import multiprocessing  # here: a run that checks in one process never starts a pool

    reports: dict[int, FileReport] = {}
    pending = list(range(len(files)))
    context = multiprocessing.get_context()
    while pending:
        started = context.Array("b", len(files), lock=False)
        broken = _pool_pass(files, pending, settings, context, started, reports, tick, settings.jobs, project)
        if not broken:
            break
        in_flight = [i for i in pending if started[i] and i not in reports]
        remaining = [i for i in pending if i not in reports and not started[i]]
        for index in in_flight:
            reports[index] = _run_isolated(files[index], settings, context, project)
            tick()
        if not in_flight:
            # The pool died before checking anything (start-up failure): carry on in this process.
            checker = Checker(settings)
            if project is not None:
                checker._project = project
            for index in remaining:
                reports[index] = checker.check_path(files[index])
                tick()
            remaining = []
        pending = remaining
    return [reports[i] for i in range(len(files))]


def _pool_pass(files, pending, settings, context, started, reports, tick, jobs, project=None) -> bool:
    """Submit `pending` to a pool; True when the pool broke."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken = False
    workers = max(1, min(jobs, len(pending)))
    initargs = (settings, started, project)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=initargs) as pool:
        futures = {pool.submit(_work_batch, batch): batch for batch in _batches(files, pending, workers, settings.fixing)}
        try:
            done = as_completed(futures)
            for future in done:
                batch = futures[future]
                try:
                    checked = future.result()
                except BrokenProcessPool:
                    broken = True  # the files of the batch that started are checked again, alone
                    continue
                for (index, _path), report in zip(batch, checked):
                    reports[index] = report
                    tick()
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return broken


def _run_isolated(path: str, settings: RunSettings, context: Any, project: Optional["ProjectIndex"] = None) -> FileReport:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    started = context.Array("b", 1, lock=False)
    initargs = (settings, started, project)
    try:
        with ProcessPoolExecutor(1, mp_context=context, initializer=_init_worker, initargs=initargs) as pool:
            return pool.submit(_work, 0, path).result()
    except BrokenProcessPool:
        return FileReport(path, errors=[("engine", "the worker process died while checking this file")])
