"""The cache: a file's report reused when nothing it was computed from has changed.

One entry per (file path, effective config, output needs), for the current loglint build, in
`.loglint_cache/` under the project root (or `--cache-dir` / `LOGLINT_CACHE_DIR`). An entry holds the
file's portable `FileReport`, the hash of the bytes it was computed from, and the file's **dependencies**:
what the check read from the rest of the project through the `ProjectIndex` (a module found or not found,
another module's bytes, a folder's listing, a project-wide text scan). A warm entry is used only when the
file's bytes hash the same and every dependency, replayed against the current tree, gives the same answer.

Dependencies are recorded by the project index itself (`ProjectIndex.deps`, a `Recorder`):
- `record(kind, key, value)` notes one input, e.g. `record("file", path, digest(data))`; each kind has a
  replay function here (`@replay("file")`) that recomputes `value` from `key` on the current tree;
- `with deps.query(name, *args):` wraps a memoised query: what it records is kept under its name and
  added again to the current file's dependencies each time the memoised answer is served (the index
  answers many files per process from one computation);
- the runner opens a file frame (`with deps.collect() as found:`) around each file's check.
See CONTRIBUTING.md ("Project queries and the cache").

Only non-fixing runs use the cache. Entries are written atomically (temp file + `os.replace`), so workers
writing the same entry at once cannot corrupt it; an unreadable, truncated or foreign entry is a miss. The
payload is a version-stamped pickle read back by an unpickler that builds only loglint's own report
classes (a `.loglint_cache/` committed to a checked repository must not run code: loglint never executes
what it checks). The cache is bounded: entries unused for 30 days go, and the least recently used go first
when it grows over `MAX_BYTES`.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterator, Optional

if TYPE_CHECKING:
    from loglint.project import ProjectIndex
    from loglint.runner import Checker, FileReport
    from loglint.semantics.models import ModelIndex

CACHE_FORMAT = 1  # bump when the entry layout or FileReport/Finding change shape
DIR_NAME = ".loglint_cache"
ENV_VAR = "LOGLINT_CACHE_DIR"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by loglint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
MAX_AGE_SECONDS = 30 * 24 * 3600
MAX_BYTES = 256 * 1024 * 1024
_PRUNE_EVERY_SECONDS = 3600
_TOUCH_AFTER_SECONDS = 24 * 3600
_ENTRIES = f"v{CACHE_FORMAT}"

Deps = dict[tuple[str, Hashable], Any]


def digest(data: Optional[bytes]) -> Optional[str]:
    """The content hash stored for file bytes (None for a file that is missing or unreadable)."""
    return None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()


# -- where --------------------------------------------------------------------------------------


def resolve_dir(flag: Optional[str], env: Optional[str], root: Path) -> Path:
    """`--cache-dir` over `LOGLINT_CACHE_DIR` over `<project root>/.loglint_cache`."""
    chosen = flag or env
    if chosen:
        return Path(chosen).expanduser().absolute()
    return root / DIR_NAME


def prepare(directory: Path) -> Optional[str]:
    """Create the cache folder with its `.gitignore` and `CACHEDIR.TAG`, and check it can be written;
    a one-line problem when it cannot (the run then goes on without a cache)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Created by loglint automatically.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            if not (directory / name).is_file():
                _write_atomic(directory / name, text.encode())
        (directory / _ENTRIES).mkdir(exist_ok=True)
        probe = directory / _ENTRIES / f".probe-{os.getpid()}-{next(_temp_names)}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as exc:
        return f"cache directory {directory} is not writable ({exc.strerror or exc}); running without a cache"
    return None


_temp_names = itertools.count()


def _write_atomic(target: Path, data: bytes) -> None:
    """Write a temp file beside `target` and rename it over: readers see the old or the new file, never
    a part (concurrent writers of one entry: the last rename wins, whole). The usual file mode (umask)."""
    temp = target.parent / f".tmp-{os.getpid()}-{next(_temp_names)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


# -- recording ----------------------------------------------------------------------------------


class Recorder:
    """What the project index read on behalf of the file being checked (see the module docstring).

    Frames are open while a file is checked (`collect`) and while a memoised query computes (`query`);
    `record` adds to every open frame, so a query's inputs reach both the query's own record and the
    file that caused it. Used from one thread at a time (one file per process at a time)."""

    def __init__(self) -> None:
        self._frames: list[Deps] = []
        self._queries: dict[tuple, Deps] = {}

    def record(self, kind: str, key: Hashable, value: Any) -> None:
        """One input: replaying `kind` on `key` (see `replay`) must give `value` again for a cached
        result to stay valid. Values are small and picklable (str, bool, None, tuples)."""
        for frame in self._frames:
            frame[(kind, key)] = value

    @contextmanager
    def query(self, *name: Hashable) -> Iterator[None]:
        """Around a memoised query (hit or miss): the inputs recorded when it was computed are added to
        the open frames, and what it records now is kept under `name` for the next time it is served.
        Inputs accumulate under one name, so a query may also stand for lazily filled state (a project
        module's resolver, whose memo answers later questions from earlier computations)."""
        stored = self._queries.get(name)
        if stored:
            self._add(stored)
        frame: Deps = {}
        self._frames.append(frame)
        try:
            yield
        finally:
            self._pop(frame)
            if frame:
                if stored is None:
                    self._queries[name] = frame
                else:
                    stored.update(frame)

    @contextmanager
    def collect(self) -> Iterator[Deps]:
        """A file frame: everything recorded while it is open."""
        frame: Deps = {}
        self._frames.append(frame)
        try:
            yield frame
        finally:
            self._pop(frame)

    def _pop(self, frame: Deps) -> None:
        # Frames nest (they are opened by `with`), but look the frame up by identity all the same:
        # two frames holding the same records are equal dicts.
        for position in range(len(self._frames) - 1, -1, -1):
            if self._frames[position] is frame:
                del self._frames[position]
                return

    def _add(self, deps: Deps) -> None:
        for frame in self._frames:
            frame.update(deps)


# -- replaying ----------------------------------------------------------------------------------

Replay = Callable[["ProjectIndex", Any], Any]
REPLAY: dict[str, Replay] = {}


def replay(kind: str) -> Callable[[Replay], Replay]:
    """Register how a dependency kind is recomputed on the current tree (cheaply: no LibCST parse)."""

    def register(fn: Replay) -> Replay:
        REPLAY[kind] = fn
        return fn

    return register


@replay("file")
def _replay_file(project: "ProjectIndex", key: str) -> Optional[str]:
    try:
        return digest(Path(key).read_bytes())
    except OSError:
        return None


@replay("isfile")
def _replay_isfile(project: "ProjectIndex", key: str) -> bool:
    return Path(key).is_file()


@replay("module")
def _replay_module(project: "ProjectIndex", key: str) -> Optional[str]:
    found = project.find_module(key)
    return None if found is None else str(found)


@replay("modname")
def _replay_modname(project: "ProjectIndex", key: str) -> tuple[str, bool]:
    from loglint.project import module_name_for

    name, is_package, _ = module_name_for(Path(key))
    return name, is_package


@replay("folder")
def _replay_folder(project: "ProjectIndex", key: str) -> tuple[str, ...]:
    from loglint.project import folder_modules

    return tuple(str(p) for p in folder_modules(Path(key)))


@replay("settings_files")
def _replay_settings_files(project: "ProjectIndex", key: str) -> tuple[str, ...]:
    from loglint.project import _settings_files

    return tuple(str(path) for path in _settings_files(project.root))


@replay("models_stat")
def _replay_models_stat(project: "ProjectIndex", key: tuple[str, ...]) -> str:
    from loglint.project import models_fingerprint

    return models_fingerprint(Path(root) for root in key)


@replay("models")
def _replay_models(project: "ProjectIndex", key: tuple[str, ...]) -> str:
    return project.models_inputs(tuple(Path(root) for root in key))


@replay("template")
def _replay_template(project: "ProjectIndex", key: tuple[str, tuple[str, ...]]) -> Optional[str]:
    found = project.template_path(key[0], tuple(Path(root) for root in key[1]))
    return None if found is None else str(found)


@replay("mentions")
def _replay_mentions(project: "ProjectIndex", key: bytes) -> bool:
    return project.mentions(key)


@replay("files_mentioning")
def _replay_files_mentioning(project: "ProjectIndex", key: bytes) -> Optional[tuple[str, ...]]:
    from loglint.project import _files_mentioning, _paths_key

    return _paths_key(_files_mentioning(project.root, key))


def project_fingerprint(root: Path) -> str:
    """Every Python file of the project (the files `ProjectIndex.mentions` scans) with its size and
    modification time: when it is unchanged, no project-wide scan can answer differently."""
    from loglint.project import project_python_files

    hasher = hashlib.blake2b(digest_size=16)
    for path in project_python_files(root):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


_WHOLE_PROJECT = frozenset({"mentions", "files_mentioning"})  # kinds a project fingerprint vouches for


class Validator:
    """Replays dependencies on the current tree, each (kind, key) at most once per run."""

    def __init__(self, project: "ProjectIndex") -> None:
        self.project = project
        self._answers: dict[tuple[str, Hashable], Any] = {}
        self._fingerprint: Optional[str] = None

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = project_fingerprint(self.project.root)
        return self._fingerprint

    def valid(self, deps: Deps, fingerprint: Optional[str]) -> bool:
        whole = []
        models = []
        for dep, value in deps.items():
            if dep[0] in _WHOLE_PROJECT:
                whole.append((dep, value))  # last: the costly ones, once the cheap ones hold
            elif dep[0] == "models":
                models.append((dep, value))  # replayed by building the index: only when its files changed
            elif dep[0] != "models_stat" and self._answer(dep) != value:
                return False
        for dep, value in models:
            stat = ("models_stat", dep[1])
            if stat in deps and self._answer(stat) == deps[stat]:
                continue
            if self._answer(dep) != value:
                return False
        if whole and (fingerprint is None or fingerprint != self.fingerprint()):
            return all(self._answer(dep) == value for dep, value in whole)
        return True

    def _answer(self, dep: tuple[str, Hashable]) -> Any:
        if dep not in self._answers:
            fn = REPLAY.get(dep[0])
            try:
                self._answers[dep] = fn(self.project, dep[1]) if fn is not None else _UNKNOWN
            except Exception:  # noqa: BLE001 - a dependency that cannot be replayed is a change
                self._answers[dep] = _UNKNOWN
        return self._answers[dep]


class _Unknown:
    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


_UNKNOWN = _Unknown()


# -- the store ----------------------------------------------------------------------------------

# The only classes an entry may hold (plus builtin containers, which need no lookup).
_ALLOWED_CLASSES = {
    ("loglint.runner", "FileReport"),
    ("loglint.findings", "Finding"),
    ("loglint.findings", "Fix"),
    ("loglint.findings", "Edit"),
    ("loglint.findings", "ImportSpec"),
    ("loglint.findings", "Kind"),
    ("loglint.findings", "Applicability"),
}


class _Unpickler(pickle.Unpickler):
    allowed = _ALLOWED_CLASSES

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache class")
        return super().find_class(module, name)


# -- the model index ----------------------------------------------------------------------------
#
# Saved after each build (`ModelIndex.state`, no `ast` nodes) under `index/`, one file per set of roots,
# and used while it still describes the project (`ModelIndex.from_state` checks the files): a
# pre-commit run on a few files, or the replay of a `models` dependency after an edit elsewhere, then
# reads the modules' bytes instead of parsing them.


class _IndexUnpickler(_Unpickler):
    allowed = frozenset(
        ("loglint.semantics.models", name) for name in ("ModelInfo", "Field", "Relation", "Manager", "IndexStats")
    )


def _index_path(directory: Path, roots: tuple[Path, ...]) -> Path:
    name = hashlib.blake2b(repr(tuple(str(root) for root in roots)).encode("utf-8", "surrogateescape"), digest_size=20)
    return directory / _ENTRIES / "index" / name.hexdigest()


def load_index(directory: Path, roots: tuple[Path, ...]) -> Optional["ModelIndex"]:
    """The saved model index of `roots`, when this loglint saved it and it still holds; None otherwise
    (a missing, damaged or foreign file is a miss)."""
    from loglint.semantics.models import ModelIndex

    path = _index_path(directory, roots)
    try:
        with open(path, "rb") as handle:
            stored = _IndexUnpickler(handle).load()
            used = os.fstat(handle.fileno()).st_mtime
        if not isinstance(stored, dict) or stored.get("build") != build_fingerprint():
            return None
        index = ModelIndex.from_state(stored["state"], roots)
    except Exception:  # noqa: BLE001 - the index is then built
        return None
    if index is not None and time.time() - used > _TOUCH_AFTER_SECONDS:
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
    return index


def save_index(directory: Path, index: "ModelIndex") -> None:
    """Save a freshly built index (atomically); a failure only loses the file."""
    try:
        state = index.state()
        if state is None:
            return
        path = _index_path(directory, index.roots)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, pickle.dumps({"build": build_fingerprint(), "state": state}, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        return



@lru_cache(maxsize=1)
def build_fingerprint() -> str:
    """loglint's version, its source files (size and mtime: an edited checkout is another build), the
    Python and LibCST versions. LibCST is located, not imported (a warm run never loads it): its version
    file's bytes stand for its version."""
    from loglint import __version__

    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{__version__}\0{sys.version}\0{_libcst_version()}\0{CACHE_FORMAT}".encode())
    sources = []
    for directory, subdirs, files in os.walk(package):
        subdirs[:] = [d for d in subdirs if d != "__pycache__"]
        sources.extend(os.path.join(directory, name) for name in files if name.endswith(".py"))
    for path in sorted(sources):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        hasher.update(f"{os.path.relpath(path, package)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return hasher.hexdigest()


def _libcst_version() -> str:
    import importlib.util

    try:
        spec = importlib.util.find_spec("libcst")
    except (ImportError, ValueError):
        return ""
    if spec is None or spec.origin is None:
        return ""
    folder = Path(spec.origin).parent
    parts = [str(folder)]
    for name in ("_version.py", "__init__.py"):
        try:
            parts.append(digest((folder / name).read_bytes()) or "")
        except OSError:
            parts.append("")
    return "\0".join(parts)


class Cache:
    """One run's view of the cache folder (one per process)."""

    def __init__(self, directory: Path, checker: "Checker") -> None:
        self.directory = directory
        self.entries = directory / _ENTRIES
        self.checker = checker
        settings = checker.settings
        from loglint.runner import gate_mode

        # The build, and a hash of everything else a run's entries depend on (the config's repr is long:
        # hashed once per run, not once per file).
        run_options = (repr(settings.config), settings.need_edits, settings.need_hashes, gate_mode(settings))
        self._run_key = (
            build_fingerprint(),
            hashlib.blake2b(repr(run_options).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest(),
        )
        self._validator: Optional[Validator] = None
        self._folders: set[Path] = set()
        self._fingerprint: Optional[str] = None
        self.hits = 0
        self.writes = 0

    def _ident(self, path: str) -> tuple:
        codes = self.checker.codes_for(path)
        return (*self._run_key, codes, path)

    def _entry_path(self, ident: tuple) -> Path:
        # Named without the build: a new loglint overwrites its predecessor's entries instead of adding
        # to them (the build is checked on reading, with the rest of `ident`).
        name = hashlib.blake2b(repr(ident[1:]).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        return self.entries / name[:2] / name

    def lookup(self, path: str, data: bytes, module: tuple[str, bool]) -> Optional["FileReport"]:
        """The cached report for `path` with these bytes, when every dependency still holds."""
        ident = self._ident(path)
        entry = self._entry_path(ident)
        try:
            with open(entry, "rb") as handle:
                stored = _Unpickler(handle).load()
                used = os.fstat(handle.fileno()).st_mtime
            if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT or stored.get("ident") != ident:
                return None
            if stored["digest"] != digest(data) or stored["module"] != module:
                return None
            if self._validator is None:
                self._validator = Validator(self.checker.project)
            if not self._validator.valid(stored["deps"], stored.get("fingerprint")):
                return None
            report = stored["report"]
        except Exception:  # noqa: BLE001 - a missing, truncated or foreign entry is a miss
            return None
        self.hits += 1
        if time.time() - used > _TOUCH_AFTER_SECONDS:
            try:
                os.utime(entry)  # recently used: pruned last (to the day)
            except OSError:
                pass
        return report

    def store(self, path: str, data: bytes, module: tuple[str, bool], deps: Deps, report: "FileReport") -> None:
        """Write the entry (atomically); a failure only loses the entry."""
        if report.errors:
            return  # an internal error is retried next time, not remembered
        ident = self._ident(path)
        fingerprint = None
        if any(kind in _WHOLE_PROJECT for kind, _ in deps):
            if self._fingerprint is None:
                self._fingerprint = project_fingerprint(self.checker.project.root)
            fingerprint = self._fingerprint
        payload = {
            "format": CACHE_FORMAT,
            "ident": ident,
            "digest": digest(data),
            "module": module,
            "deps": deps,
            "fingerprint": fingerprint,
            "report": report,
        }
        entry = self._entry_path(ident)
        try:
            blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            if entry.parent not in self._folders:
                entry.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(entry.parent)
            _write_atomic(entry, blob)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
            return
        self.writes += 1

    def prune(self, now: Optional[float] = None) -> None:
        """Drop entries unused for `MAX_AGE_SECONDS`, then the least recently used while the cache is over
        `MAX_BYTES`, and stale temp files; at most once an hour."""
        now = time.time() if now is None else now
        marker = self.entries / ".pruned"
        try:
            if now - marker.stat().st_mtime < _PRUNE_EVERY_SECONDS:
                return
        except OSError:
            pass
        try:
            _prune(self.entries, now)
            marker.touch()
        except OSError:
            return


def _prune(entries: Path, now: float, max_bytes: int = MAX_BYTES) -> None:
    kept: list[tuple[float, int, str]] = []
    total = 0
    for directory, _, files in os.walk(entries):
        for name in files:
            if name == ".pruned":
                continue
            full = os.path.join(directory, name)
            try:
                stat = os.stat(full)
            except OSError:
                continue
            stale_temp = name.startswith(".") and now - stat.st_mtime > _PRUNE_EVERY_SECONDS
            if stale_temp or now - stat.st_mtime > MAX_AGE_SECONDS:
                _unlink(full)
                continue
            kept.append((stat.st_mtime, stat.st_size, full))
            total += stat.st_size
    if total <= max_bytes:
        return
    for _, size, full in sorted(kept):
        if total <= max_bytes * 0.8:
            break
        _unlink(full)
        total -= size


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
