"""The project index: what other modules of the project bind, without importing them.

Built lazily and cached once per process: a module is read and parsed only when a checked file imports a
name from it and asks whether that name is a logger. pre-commit passes a few files; the index still sees
the whole project because it looks modules up on disk by name.

Every answer records what it was computed from in `self.deps` (see `loglint.cache`): the cache reuses a
file's findings only while those inputs are unchanged. A new query records its inputs the same way.
"""

from __future__ import annotations

import io
import os
import re
import stat
import threading
import tokenize
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from loglint.cache import Recorder, digest
from loglint.parsing import parse_source

if TYPE_CHECKING:
    from loglint.semantics.logging_config import EvaluatedConfig
    from loglint.semantics.loggers import Kind, LoggerResolver
    from loglint.semantics.models import ModelIndex

# Modules whose text mentions none of these cannot bind a logger at module level.
_LOGGER_HINTS = (b"getLogger", b"LoggerAdapter", b"logger", b"Logger", b"log")


@lru_cache(maxsize=4096)
def module_name_for(path: Path) -> tuple[str, bool, Path]:
    """(dotted module name, is a package `__init__`, source root) from the `__init__.py` files above it."""
    text = os.path.abspath(path)
    if os.path.islink(text):
        real = os.path.realpath(text)
        folder, name = os.path.split(real)
    else:
        # The folder is resolved once for all its files (the file itself is no link).
        folder, name = os.path.split(text)
        folder = _realpath(folder)
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name  # `Path(name).stem`
    is_package = stem == "__init__"
    package, source_root = _package_of(folder)
    return ".".join(package if is_package else (*package, stem)), is_package, source_root


def forget_paths() -> None:
    """Drop the per-process memos of module names and resolved folders (a run starts with the tree as it
    is now, also when one process runs several times, as tests do)."""
    module_name_for.cache_clear()
    _realpath.cache_clear()
    _package_of.cache_clear()


@lru_cache(maxsize=4096)
def _realpath(folder: str) -> str:
    return os.path.realpath(folder)


@lru_cache(maxsize=4096)
def _package_of(folder: str) -> tuple[tuple[str, ...], Path]:
    """(the dotted parts of the package `folder` is, the folder above its top package): climbs while a
    folder holds `__init__.py`, as `module_name_for` does; memoised per folder."""
    parent = os.path.dirname(folder)
    if parent == folder or not os.path.isfile(os.path.join(folder, "__init__.py")):
        return (), Path(folder)
    above, root = _package_of(parent)
    return (*above, os.path.basename(folder)), root


class ProjectIndex:
    def __init__(self, root: Path, logger_objects: Iterable[str] = ()) -> None:
        self.root = root.resolve()
        self.logger_objects = frozenset(logger_objects)
        self._source_roots: list[Path] = [self.root]
        if (self.root / "src").is_dir():
            self._source_roots.append(self.root / "src")
        self._loggers: dict[str, frozenset[str]] = {}
        self._resolvers: dict[str, Optional[tuple["LoggerResolver", tuple]]] = {}
        self._in_progress: set[str] = set()
        self._lock = threading.RLock()
        self._manage_py: dict[Path, bool] = {}
        self._scanned = False
        self._logging_configs: dict[tuple[str, str], Optional["EvaluatedConfig"]] = {}
        self._in_progress_configs: set[tuple[str, str]] = set()
        self._star_imports: dict[Path, dict[Path, frozenset[str]]] = {}
        self._top_level_names: dict[Path, Optional[frozenset[str]]] = {}
        self._mentions: dict[bytes, bool] = {}
        self._python_floor: Optional[tuple[Optional[tuple[int, ...]]]] = None
        self._settings_files: Optional[tuple[Path, ...]] = None
        self._settings_mentions: dict[bytes, bool] = {}
        self._checked_roots: list[Path] = []
        self._models: Optional["ModelIndex"] = None
        self._orm_words: Optional[tuple[object, frozenset[str]]] = None
        self._found_modules: dict[tuple[str, int], Optional[Path]] = {}
        self._models_roots: tuple[Path, ...] = ()
        self._models_fingerprint = ""
        self.index_store: Optional[Path] = None  # the cache folder, where the model index is saved
        self.deps = Recorder()  # what each answer was computed from, for the cache
        self._files_mentioning: dict[bytes, Optional[tuple[Path, ...]]] = {}
        self._template_dirs: dict[tuple[Path, ...], tuple[list[Path], list[Path]]] = {}

    def _read_recorded(self, path: Path) -> Optional[bytes]:
        """A project file's bytes (None when unreadable), recorded as an input of the current answer."""
        data = _read(path)
        self.deps.record("file", str(path), digest(data))
        return data

    def _module_name_recorded(self, path: Path) -> tuple[str, bool, Path]:
        found = module_name_for(path)
        self.deps.record("modname", str(path), found[:2])
        return found

    def add_source_root(self, directory: Path) -> None:
        """A source root of a file being checked (the runner calls this per file)."""
        directory = directory.resolve()
        with self._lock:
            self._add_root(directory)
            if directory not in self._checked_roots:
                self._checked_roots.append(directory)

    def _add_root(self, directory: Path) -> None:
        if directory not in self._source_roots:
            self._source_roots.append(directory)

    def is_django_project(self, path: Optional[Path] = None) -> bool:
        """A Django project: a `manage.py` in the folder of `path` or one above it, or at the project
        root. Looked up from the file, so the answer does not depend on where loglint is run from."""
        directories = [self.root]
        if path is not None:
            directories = [*path.resolve().parents] + directories
        with self._lock:
            for directory in directories:
                found = self._manage_py.get(directory)
                if found is None:
                    found = self._manage_py[directory] = (directory / "manage.py").is_file()
                self.deps.record("isfile", str(directory / "manage.py"), found)
                if found:
                    return True
            return False

    def find_module(self, module: str) -> Optional[Path]:
        key = (module, len(self._source_roots))  # roots are only ever added
        if key in self._found_modules:
            found = self._found_modules[key]
            self.deps.record("module", module, None if found is None else str(found))
            return found
        found = self._find_in(self._source_roots, module)
        if found is None and not self._scanned:
            # A miss: the module may live under a source root no checked file is in (pre-commit passes
            # `scripts/x.py`, which imports `app.log` from `backend/`). Find every package of the project
            # once, so the answer never depends on which files a run checks.
            with self._lock:
                if not self._scanned:
                    for directory in _package_roots(self.root):
                        self._add_root(directory.resolve())
                    self._scanned = True
            found = self._find_in(self._source_roots, module)
        self._found_modules[(module, len(self._source_roots))] = found
        self.deps.record("module", module, None if found is None else str(found))
        return found

    @staticmethod
    def _find_in(source_roots: list[Path], module: str) -> Optional[Path]:
        relative = Path(*module.split("."))
        for source_root in list(source_roots):
            for candidate in (source_root / relative.with_suffix(".py"), source_root / relative / "__init__.py"):
                if candidate.is_file():
                    return candidate
        return None

    def orm_words(self) -> frozenset[str]:
        """The names through which a file can reach a queryset of the project's models (for the gate):
        every model's class name and manager names, and the words of `prefilter.ORM_ANCHORS`. Empty
        when the project has no models (the LL7 rules then look at nothing)."""
        from loglint.prefilter import ORM_ANCHORS

        index = self.models()  # records the models dependency: the gate's decision depends on them
        with self._lock:
            if self._orm_words is None or self._orm_words[0] is not index:
                words: set[str] = set()
                for info in index.models:
                    words.add(info.name)
                    words.update(manager.name for manager in info.managers)
                self._orm_words = (index, frozenset(words | ORM_ANCHORS) if words else frozenset())
            return self._orm_words[1]

    def models(self) -> "ModelIndex":
        """The project's Django models (`semantics.models.ModelIndex`), built on first use from every
        Python file of the project, whichever files the run checks. The folders walked are the project
        root and each source root outside it (files checked outside the configured root); a source root
        first seen later extends the walk, so the index is rebuilt then."""
        with self._lock:
            roots = self.model_roots()
            if self._models is None or roots != self._models_roots:
                # what the index is built from: every module file under the roots (for the cache; taken
                # before the build, so an edit during it shows as a change next time)
                self._models_fingerprint = models_fingerprint(roots)
                self._models = self._load_or_build(roots)
                self._models.recorder = self.deps
                self._models_roots = roots
            key = tuple(str(root) for root in roots)
            # Two records: the files' sizes and times (cheap to replay; while they hold, so does the
            # index), and a hash of what the build read, replayed by building the index again only
            # when the first changed: an edit to a file the index never parsed keeps the entries.
            self.deps.record("models_stat", key, self._models_fingerprint)
            self.deps.record("models", key, self._models.inputs)
            return self._models

    def _load_or_build(self, roots: tuple[Path, ...]) -> "ModelIndex":
        """The index saved by an earlier run when it still holds (`index_store`: the cache folder), else
        built (and saved)."""
        from loglint.semantics.models import ModelIndex

        if self.index_store is None:
            return ModelIndex.build(roots)
        from loglint.cache import load_index, save_index

        index = load_index(self.index_store, roots)
        if index is None:
            index = ModelIndex.build(roots)
            save_index(self.index_store, index)
        return index

    def models_inputs(self, roots: tuple[Path, ...]) -> str:
        """What the model index of `roots` was built from, as a hash (`ModelIndex.inputs`), on the
        current tree: the run's own index when it is built from those roots, else one built for the
        question (a cache entry written by a run from another folder)."""
        from loglint.semantics.models import ModelIndex

        if roots == self.model_roots():
            return self.models().inputs
        return ModelIndex.build(roots).inputs

    def model_roots(self) -> tuple[Path, ...]:
        """The project root, unless no checked file is under it (a run from elsewhere), and every source
        root outside it."""
        outside = [r for r in self._checked_roots if r != self.root and self.root not in r.parents]
        inside = len(outside) < len(self._checked_roots)
        roots = [self.root] if inside or not outside else []
        for root in sorted(outside, key=lambda path: (len(path.parts), str(path))):
            if not any(r == root or r in root.parents for r in roots):
                roots.append(root)  # a folder inside one already walked adds nothing
        return tuple(roots)

    def files_mentioning(self, needle: bytes) -> Optional[tuple[Path, ...]]:
        """The project's Python files whose text contains `needle` (the walk `mentions` does, cached per
        needle); None when the scan was cut short (not known). For facts that live in one module but
        matter to all, such as the Sentry logging integration's settings (LL512). Read them with
        `read_file`, which records each as an input."""
        with self._lock:
            if needle not in self._files_mentioning:
                self._files_mentioning[needle] = _files_mentioning(self.root, needle)
            found = self._files_mentioning[needle]
            self.deps.record("files_mentioning", needle, _paths_key(found))
            return found

    def read_file(self, path: Path) -> Optional[bytes]:
        """A project file's bytes (None when unreadable), recorded as an input of the current check."""
        return self._read_recorded(path)

    def template(self, name: str) -> Optional[tuple[Path, bytes]]:
        """The project's file for a Django template name (`"shop/book_list.html"`) and its bytes, or None
        when no template folder of the project has it, or several have different files by that name (the
        one Django picks depends on `INSTALLED_APPS` order). The folders: every `templates/` folder of the
        project and the literal `TEMPLATES[...]["DIRS"]` of its settings (which win). Recorded (the lookup
        and the file's bytes), so an edited, added or removed template rechecks the views using it."""
        with self._lock:
            roots = self.model_roots()
            path = self.template_path(name, roots)
            self.deps.record("template", (name, tuple(str(root) for root in roots)), None if path is None else str(path))
            if path is None:
                return None
            data = self._read_recorded(path)
            return (path, data) if data is not None else None

    def template_path(self, name: str, roots: tuple[Path, ...]) -> Optional[Path]:
        """`template`'s lookup under `roots` (the folders the model index walks), unrecorded (the cache
        replays it)."""
        if not name or name.startswith("/") or ".." in name.split("/"):
            return None
        with self._lock:
            if roots not in self._template_dirs:
                settings_dirs = [d for root in roots for d in self._settings_template_dirs(root)]
                app_dirs = [d for root in roots for d in _template_dirs(root, settings_dirs)]
                self._template_dirs[roots] = (settings_dirs, app_dirs)
            settings_dirs, app_dirs = self._template_dirs[roots]
        for directory in settings_dirs:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        found: list[Path] = []
        contents: set[Optional[bytes]] = set()
        for directory in app_dirs:
            candidate = directory / name
            if candidate.is_file():
                found.append(candidate)
                contents.add(_read(candidate))
        return found[0] if len(contents) == 1 else None

    def _settings_template_dirs(self, root: Path) -> list[Path]:
        import ast

        found: list[Path] = []
        for path in _settings_files(root):
            data = _read(path)
            if data is None or b"TEMPLATES" not in data:
                continue
            try:
                tree = ast.parse(data)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for stmt in tree.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "TEMPLATES" for t in stmt.targets) \
                        and isinstance(stmt.value, (ast.List, ast.Tuple)):
                    for backend in stmt.value.elts:
                        if not isinstance(backend, ast.Dict):
                            continue
                        for key, value in zip(backend.keys, backend.values):
                            if isinstance(key, ast.Constant) and key.value == "DIRS" and isinstance(value, (ast.List, ast.Tuple)):
                                for element in value.elts:
                                    if isinstance(element, ast.Constant) and isinstance(element.value, str):
                                        directory = root / element.value
                                        if directory.is_dir():
                                            found.append(directory)
        return found

    def binds_logger(self, module: str, name: str) -> bool:
        """Does the project module `module` bind `name` to a logger at module level?"""
        if f"{module}.{name}" in self.logger_objects:
            return True
        return name in self.module_loggers(module)

    def module_loggers(self, module: str) -> frozenset[str]:
        with self._lock, self.deps.query("loggers", module):
            cached = self._loggers.get(module)
            if cached is not None:
                return cached
            if module in self._in_progress:
                return frozenset()
            self._in_progress.add(module)
            try:
                found = self._scan(module)
            finally:
                self._in_progress.discard(module)
            self._loggers[module] = found
            return found

    def _scan(self, module: str) -> frozenset[str]:
        from loglint.semantics.loggers import Kind

        found = self.resolver_for(module, hints=_LOGGER_HINTS)
        if found is None:
            return frozenset()
        resolver, chain = found
        with self.deps.query("resolver", module):  # the resolver's memo answers later questions too
            return frozenset(
                binding_name
                for binding_name in resolver.names.module_scope.bindings
                if resolver.name_kind(binding_name, chain) is Kind.LOGGER
            )

    def resolver_for(self, module: str, hints: tuple[bytes, ...] = ()) -> Optional[tuple["LoggerResolver", tuple]]:
        """The logger resolver of a project module (parsed once per process), or None when the module is
        not in the project, cannot be parsed, or its text mentions none of `hints`."""
        with self._lock, self.deps.query("resolver", module):
            if module in self._resolvers:
                return self._resolvers[module]
            found = self._build_resolver(module, hints)
            if found is not None or not hints:
                self._resolvers[module] = found
            return found

    def _build_resolver(self, module: str, hints: tuple[bytes, ...]) -> Optional[tuple["LoggerResolver", tuple]]:
        from loglint.semantics.loggers import LoggerResolver
        from loglint.semantics.names import NameTable

        path = self.find_module(module)
        if path is None:
            return None
        data = self._read_recorded(path)
        if data is None:
            return None
        if hints and not any(hint in data for hint in hints):
            return None
        parsed = parse_source(data, str(path))
        if parsed.module is None:
            return None
        name, is_package, _ = self._module_name_recorded(path)
        table = NameTable(parsed.module, name or module, is_package, walrus=b":=" in data)
        return LoggerResolver(table, self, self.logger_objects), (parsed.module,)

    def logging_config(self, module: str, name: str = "LOGGING") -> Optional["EvaluatedConfig"]:
        """What `name` holds at the end of project module `module` (split settings: the hook that
        `from .base import *` follows), evaluated statically; None when the module is not in the project,
        cannot be parsed or never binds `name`. Star imports are followed the same way; a cycle stops
        with None for the module already being evaluated."""
        from loglint.semantics.logging_config import module_logging_config
        from loglint.semantics.names import NameTable

        key = (module, name)
        with self._lock, self.deps.query("logging_config", module, name):
            if key in self._logging_configs:
                return self._logging_configs[key]
            if key in self._in_progress_configs:
                return None
            self._in_progress_configs.add(key)
            try:
                found = None
                path = self.find_module(module)
                data = self._read_recorded(path) if path is not None else None
                if data is not None and name.encode() in data:
                    parsed = parse_source(data, str(path))
                    if parsed.module is not None:
                        dotted, is_package, _ = self._module_name_recorded(path)
                        table = NameTable(parsed.module, dotted or module, is_package, walrus=b":=" in data)
                        found = module_logging_config(
                            parsed.module, table, lambda other: self.logging_config(other, name), name
                        )
            finally:
                self._in_progress_configs.discard(key)
            self._logging_configs[key] = found
            return found

    def dotted_path_exists(self, dotted: str) -> Optional[bool]:
        """What `logging.config`'s resolver makes of a dotted path into the project (`proj.log.JsonFormatter`):
        True when the module exists and binds the name (or the path names a module), False when the path
        is certainly broken (the module is missing, or it binds nothing by that name), None when it is not
        the project's (a third-party package is not guessed at) or cannot be told (star imports,
        module `__getattr__`, an unparsable module)."""
        parts = dotted.split(".")
        if not all(part.isidentifier() for part in parts) or self.find_module(parts[0]) is None:
            return None
        for length in range(len(parts), 0, -1):
            module = ".".join(parts[:length])
            path = self.find_module(module)
            if path is None:
                continue
            rest = parts[length:]
            if not rest:
                return True
            names = self._module_names(path)
            if names is None:
                return None
            return True if rest[0] in names else False
        return None

    def _module_names(self, path: Path) -> Optional[frozenset[str]]:
        """Names a module binds at its top level (any branch), or None when that cannot be told."""
        with self._lock, self.deps.query("names", str(path)):
            if path in self._top_level_names:
                return self._top_level_names[path]
            self._top_level_names[path] = found = _top_level_names(self._read_recorded(path))
            return found

    def python_floor(self) -> Optional[tuple[int, ...]]:
        """The oldest Python the project says it runs on (`requires-python` in the root `pyproject.toml`),
        or None when it does not say."""
        with self._lock, self.deps.query("python_floor"):
            if self._python_floor is None:
                self._python_floor = (_requires_python(self._read_recorded(self.root / "pyproject.toml")),)
            return self._python_floor[0]

    def mentions(self, token: bytes) -> bool:
        """Whether any Python file of the project contains `token` (a bounded text scan, cached per token):
        for facts a rule must not contradict wherever they are set, e.g. `setLogRecordFactory`."""
        with self._lock:
            found = self._mentions.get(token)
            if found is None:
                found = self._mentions[token] = _mentions(self.root, token)
            self.deps.record("mentions", token, found)
            return found

    def mentions_in_model_roots(self, token: bytes) -> bool:
        """`mentions` over the folders the model index walks (`model_roots()`: the project root, or the
        checked trees when the run is started elsewhere), cached per token and roots."""
        with self._lock:
            roots = self.model_roots()
            cache = self.__dict__.setdefault("_root_mentions", {})
            found = cache.get((roots, token))
            if found is None:
                found = cache[(roots, token)] = any(_mentions(root, token) for root in roots)
            return found

    def names_a_lookup(self, name: str) -> bool:
        """Whether the folders the model index walks contain `name__`, `__name`, `("name"`, `('name'`,
        `, "name"` or `, 'name'` (a lookup or a string argument naming a relation): the answer of
        `mentions_in_model_roots` for each of those tokens, from one read of the files (their identifiers
        holding `__`, their quoted identifiers) instead of one read per token."""
        if not name.isascii() or not name.isidentifier():
            tokens = (f"{name}__", f"__{name}", f'("{name}"', f"('{name}'", f', "{name}"', f", '{name}'")
            return any(self.mentions_in_model_roots(token.encode()) for token in tokens)
        with self._lock:
            roots = self.model_roots()
            cached = self.__dict__.get("_lookup_words")
            if cached is None or cached[0] != roots:
                cached = self.__dict__["_lookup_words"] = (roots, _lookup_words(roots))
            words = cached[1]
        if words is None:
            return True  # the scan was cut short: not known
        dunder_runs, quoted = words
        encoded = name.encode()
        return encoded in quoted or encoded + b"__" in dunder_runs or b"__" + encoded in dunder_runs

    def star_importers(self, path: Path) -> tuple[Path, ...]:
        """Modules of the same package folder that `from <this module> import *` (split settings:
        `production.py` star-importing `base.py`). Settings packages keep their parts side by side, so the
        folder is where they are looked for; the answer is cached per folder."""
        path = path.resolve()
        module, _, _ = self._module_name_recorded(path)
        with self._lock, self.deps.query("star_imports", str(path.parent)):
            table = self._star_imports.get(path.parent)
            if table is None:
                table = self._star_imports[path.parent] = _star_imports_in(path.parent, self)
        return tuple(other for other, targets in table.items() if other != path and module in targets)

    def settings_files(self) -> tuple[Path, ...]:
        """Every settings module of the project (the `is_settings` file kind: `settings.py`, the modules of
        a `settings/` package, `settings_*.py`, `*_settings.py`), found once per process by a bounded walk
        of the project root (hidden folders, virtualenvs and migrations skipped)."""
        with self._lock:
            if self._settings_files is None:
                self._settings_files = tuple(_settings_files(self.root))
            self.deps.record("settings_files", "", tuple(str(path) for path in self._settings_files))
            return self._settings_files

    def settings_mention(self, word: bytes) -> bool:
        """Some settings module of the project has `word` in its code, as a name or in a string (e.g.
        `SCOUT_MONITOR`): whether the project sets that setting anywhere, answered conservatively (a
        mention counts as setting it; a comment does not)."""
        with self._lock, self.deps.query("settings_mention", word):
            found = self._settings_mentions.get(word)
            if found is None:
                found = self._settings_mentions[word] = any(
                    _settings_file_mentions(self._read_recorded(path), word) for path in self.settings_files()
                )
            return found

    def class_attribute_kind(self, qualified_class: str, attr: str, depth: int) -> Optional["Kind"]:
        """What `self.<attr>` is for instances of the project class `qualified_class`, as that class (or
        its bases) sets it; None when the class is not in the project or does not set it."""
        from loglint.semantics.loggers import _MAX_DEPTH
        from loglint.semantics.names import BindingKind

        module, _, class_name = qualified_class.rpartition(".")
        if not module or depth > _MAX_DEPTH:
            return None
        found = self.resolver_for(module)
        if found is None:
            return None
        resolver, _ = found
        bindings = resolver.names.module_scope.bindings.get(class_name) or []
        if len(bindings) != 1:
            return None
        binding = bindings[0]
        if binding.kind is BindingKind.CLASS:
            with self.deps.query("resolver", module):  # the resolver's memo answers later questions too
                return resolver._class_attribute(binding.payload, attr, depth)  # type: ignore[arg-type]
        if binding.kind is BindingKind.IMPORT:
            return self.class_attribute_kind(str(binding.payload), attr, depth + 1)
        return None


def models_fingerprint(roots: Iterable[Path]) -> str:
    """Every Python file the model index's walk (`semantics.models.walk_modules`) may read under `roots`,
    with its size and modification time, and each root's own package name: while it is unchanged, so is
    the index (a conservative dependency: any module edit counts). A superset of that walk (the same
    folders pruned, every `.py` file counted, no bound), taken without importing the index."""
    import hashlib

    hasher = hashlib.blake2b(digest_size=16)
    for root in roots:
        root_text = str(root)
        if os.path.isfile(os.path.join(root_text, "__init__.py")):
            hasher.update(f"package\0{module_name_for(root / '__init__.py')[0]}\n".encode())
        for path in _python_files_under(root_text, MODEL_WALK_SKIP_DIRS):
            try:
                info = os.stat(path)
            except OSError:
                continue
            hasher.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def _python_files_under(root: str, skip: frozenset[str]) -> Iterator[str]:
    """The `.py` files under `root` (sorted, top-down), hidden folders and `skip` pruned, links not
    followed: `os.walk`'s order with less work per folder."""
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)
        except OSError:
            continue
        subdirs = []
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name not in skip:
                        subdirs.append(entry.path)
                elif name.endswith(".py"):
                    yield entry.path
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _read(path: Path) -> Optional[bytes]:
    return read_regular(str(path))


# A project module the index reads (settings, models, helpers) larger than this is generated data.
MAX_PROJECT_FILE = 8 * 1024 * 1024


def read_regular(path: str, limit: int = MAX_PROJECT_FILE) -> Optional[bytes]:
    """A regular file's bytes, at most `limit` of them; None for anything else. Opened without blocking
    and checked after opening: a FIFO named `x.py` in the tree (a whole-project scan meets every file)
    would block the read forever, and a link to `/dev/zero` never ends."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)  # it may have grown since the stat
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= limit else None


_STAR_IMPORT = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\*", re.M)
_MAX_FOLDER_FILES = 200


_SPECIFIER = re.compile(r"(>=|~=|==|>)\s*(\d+)\.(\d+)(?:\.(\d+))?")


def _requires_python(data: Optional[bytes]) -> Optional[tuple[int, ...]]:
    """The lower bound of `[project] requires-python` (`>=3.10`, `~=3.11`, `>3.9,<4`), or None."""
    if data is None:
        return None
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        spec = tomllib.loads(data.decode("utf-8")).get("project", {}).get("requires-python")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    if not isinstance(spec, str):
        return None
    floors = []
    for op, major, minor, micro in _SPECIFIER.findall(spec):
        version = (int(major), int(minor), int(micro or 0))
        floors.append((version[0], version[1], version[2] + 1) if op == ">" else version)
    return max(floors) if floors else None


_MAX_FILES_SCANNED = 50_000


def _project_dirs(root: Path, max_dirs: Optional[int] = None) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk` of the project, top-down, hidden folders and `_SKIP_DIRS` pruned (in sorted order, so
    every walk sees the same tree), links not followed, at most `max_dirs` folders. A caller may clear
    the yielded `subdirs` to prune further."""
    for seen, (directory, subdirs, files) in enumerate(os.walk(root), 1):
        if max_dirs is not None and seen > max_dirs:
            return
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in _SKIP_DIRS)
        yield directory, subdirs, files


def project_python_files(root: Path) -> Iterable[str]:
    """The project's Python files as `mentions` scans them (hidden and virtualenv folders skipped), at most
    `_MAX_FILES_SCANNED + 1` of them."""
    seen = 0
    for directory, _subdirs, files in _project_dirs(root):
        for name in files:
            if not name.endswith(".py"):
                continue
            seen += 1
            yield os.path.join(directory, name)
            if seen > _MAX_FILES_SCANNED:
                return


_DUNDER_RUN = re.compile(rb"\b\w*__\w*")
_QUOTED_NAME = re.compile(rb"""(?:\(|, )(?:"(\w+)"|'(\w+)')""")


def _lookup_words(roots: Iterable[Path]) -> Optional[tuple[bytes, frozenset[bytes]]]:
    """For `ProjectIndex.names_a_lookup`: every identifier run holding `__` in the Python files under
    `roots` (joined with spaces: a token made of identifier characters occurs in a file exactly when it
    occurs in one of them), and every identifier quoted right after `(` or `, `; None when the bounded
    scan is cut short."""
    runs: set[bytes] = set()
    quoted: set[bytes] = set()
    for root in roots:
        for seen, path in enumerate(project_python_files(root), 1):
            if seen > _MAX_FILES_SCANNED:
                return None
            data = _read(Path(path))
            if data is None:
                continue
            if b"__" in data:
                runs.update(_DUNDER_RUN.findall(data))
            for double, single in _QUOTED_NAME.findall(data):
                quoted.add(double or single)
    return b" ".join(sorted(runs)), frozenset(quoted)


def _mentions(root: Path, token: bytes) -> bool:
    """A text search of the project's Python files; True when the scan is cut short (not known)."""
    for seen, path in enumerate(project_python_files(root), 1):
        if seen > _MAX_FILES_SCANNED:
            return True
        data = _read(Path(path))
        if data is not None and token in data:
            return True
    return False


def _top_level_names(data: Optional[bytes]) -> Optional[frozenset[str]]:
    """Names bound by a module's top-level statements (in any branch of `if`/`try`), from CPython's
    parser; None when the module cannot be read or parsed, star-imports, or defines `__getattr__`."""
    import ast

    if data is None:
        return None
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    names: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                if alias.name == "*":
                    return None
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                names.update(node.id for node in ast.walk(target) if isinstance(node, ast.Name))
        elif isinstance(stmt, (ast.If, ast.Try, ast.With, ast.For, ast.While)) or type(stmt).__name__ == "TryStar":
            for field_name in ("body", "orelse", "finalbody"):
                stack.extend(getattr(stmt, field_name, []) or [])
            for handler in getattr(stmt, "handlers", []) or []:
                stack.extend(handler.body)
            if isinstance(stmt, (ast.For, ast.With)):
                target_nodes = [stmt.target] if isinstance(stmt, ast.For) else [i.optional_vars for i in stmt.items]
                for target in target_nodes:
                    if target is not None:
                        names.update(node.id for node in ast.walk(target) if isinstance(node, ast.Name))
        elif isinstance(stmt, ast.Expr) or isinstance(stmt, (ast.Pass, ast.Delete, ast.Return)):
            continue
        else:
            names.update(node.id for node in ast.walk(stmt) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
    # `globals()[...] = ...` or walrus bindings could add names the walk does not see: then nothing is certain.
    if b"globals()" in data or b":=" in data:
        return None
    if "__getattr__" in names:
        return None
    return frozenset(names)


def folder_modules(folder: Path) -> list[Path]:
    """The Python modules of one folder, as `star_importers` looks at them (sorted, bounded)."""
    try:
        return sorted(folder.glob("*.py"))[:_MAX_FOLDER_FILES]
    except OSError:
        return []


def _star_imports_in(folder: Path, index: ProjectIndex) -> dict[Path, frozenset[str]]:
    """For each module of `folder`, the absolute names of the modules it star-imports (a text scan:
    a star import the scan misreads only makes a base config look complete, which keeps its checks on)."""
    from loglint.semantics.names import resolve_relative  # LibCST: only when the folder is actually read

    table: dict[Path, frozenset[str]] = {}
    candidates = folder_modules(folder)
    index.deps.record("folder", str(folder), tuple(str(p) for p in candidates))
    for candidate in candidates:
        data = index._read_recorded(candidate)
        if data is None or b"import" not in data:
            continue
        module, is_package, _ = index._module_name_recorded(candidate)
        targets = set()
        for dots, name in _STAR_IMPORT.findall(data):
            target = resolve_relative(name.decode() or None, len(dots), module, is_package) if dots else name.decode()
            if target:
                targets.add(target)
        table[candidate.resolve()] = frozenset(targets)
    return table


_SKIP_DIRS = frozenset(
    {"node_modules", "venv", "site-packages", "__pycache__", "__pypackages__", "build", "dist", "migrations"}
)
_MAX_DIRS_SCANNED = 20_000
# What `models_fingerprint` prunes: at most what the model index's walk prunes (a test holds it to that).
MODEL_WALK_SKIP_DIRS = _SKIP_DIRS | {"tests"}


def _package_roots(root: Path) -> list[Path]:
    """Folders holding top-level packages (a package whose parent is not one), found by walking the
    project without following links; hidden folders and virtualenvs are skipped, and the walk is bounded."""
    roots: list[Path] = []
    for directory, subdirs, files in _project_dirs(root, _MAX_DIRS_SCANNED):
        here = Path(directory)
        if "__init__.py" in files and not (here.parent / "__init__.py").is_file() and here.parent not in roots:
            roots.append(here.parent)
            subdirs[:] = []  # everything below is inside this package
    return roots


def _settings_files(root: Path) -> list[Path]:
    from loglint.semantics.django import is_settings_file

    found: list[Path] = []
    for directory, _subdirs, files in _project_dirs(root, _MAX_DIRS_SCANNED):
        here = Path(directory)
        for name in sorted(files):
            if name.endswith(".py"):
                path = here / name
                if is_settings_file(path.relative_to(root).as_posix()):
                    found.append(path)
    return found


def _template_dirs(root: Path, settings_dirs: list[Path]) -> list[Path]:
    """Every `templates/` folder under `root` but the settings' ones, in walk order."""
    found: list[Path] = []
    for directory, subdirs, _files in _project_dirs(root, _MAX_DIRS_SCANNED):
        if "templates" in subdirs:
            path = Path(directory) / "templates"
            if path not in settings_dirs:
                found.append(path)
            subdirs.remove("templates")
    return found


def _settings_file_mentions(data: Optional[bytes], word: bytes) -> bool:
    return data is not None and mentions_in_code(data, word)


def mentions_in_code(data: bytes, word: bytes) -> bool:
    """`word` appears in the code of `data` as a name or inside a string literal (comments do not count);
    a file that cannot be tokenized counts when its bytes hold the word."""
    if word not in data:
        return False
    text = word.decode()
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            if token.type == tokenize.NAME and token.string == text:
                return True
            if token.type == tokenize.STRING and text in token.string:
                return True
            if token.type not in (tokenize.NAME, tokenize.STRING, tokenize.COMMENT) and text in token.string:
                return True  # f-string parts (3.12+) and anything else
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        return True
    return False
def _files_mentioning(root: Path, needle: bytes) -> Optional[tuple[Path, ...]]:
    """The files `mentions` would search that contain `needle`, sorted; None when the scan is cut short."""
    found: list[Path] = []
    for seen, path in enumerate(project_python_files(root), 1):
        if seen > _MAX_FILES_SCANNED:
            return None
        data = _read(Path(path))
        if data is not None and needle in data:
            found.append(Path(path))
    return tuple(sorted(found))


def _paths_key(paths: Optional[tuple[Path, ...]]) -> Optional[tuple[str, ...]]:
    return None if paths is None else tuple(str(path) for path in paths)
