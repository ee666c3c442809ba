"""The project index: what other modules of the project bind, without importing them.

Built lazily and cached once per process: a module is read and parsed only when a checked file imports a
name from it and asks whether that name is a logger. pre-commit passes a few files; the index still sees
the whole project because it looks modules up on disk by name.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from loglint.parsing import parse_source

if TYPE_CHECKING:
    from loglint.semantics.loggers import Kind, LoggerResolver

# Modules whose text mentions none of these cannot bind a logger at module level.
_LOGGER_HINTS = (b"getLogger", b"LoggerAdapter", b"logger", b"Logger", b"log")


@lru_cache(maxsize=4096)
def module_name_for(path: Path) -> tuple[str, bool, Path]:
    """(dotted module name, is a package `__init__`, source root) from the `__init__.py` files above it."""
    path = path.resolve()
    is_package = path.stem == "__init__"
    parts: list[str] = [] if is_package else [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.append(directory.name)
        directory = directory.parent
    return ".".join(reversed(parts)), is_package, directory


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

    def add_source_root(self, directory: Path) -> None:
        directory = directory.resolve()
        with self._lock:
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
                if found:
                    return True
            return False

    def find_module(self, module: str) -> Optional[Path]:
        found = self._find_in(self._source_roots, module)
        if found is None and not self._scanned:
            # A miss: the module may live under a source root no checked file is in (pre-commit passes
            # `scripts/x.py`, which imports `app.log` from `backend/`). Find every package of the project
            # once, so the answer never depends on which files a run checks.
            with self._lock:
                if not self._scanned:
                    for directory in _package_roots(self.root):
                        self.add_source_root(directory)
                    self._scanned = True
            found = self._find_in(self._source_roots, module)
        return found

    @staticmethod
    def _find_in(source_roots: list[Path], module: str) -> Optional[Path]:
        relative = Path(*module.split("."))
        for source_root in list(source_roots):
            for candidate in (source_root / relative.with_suffix(".py"), source_root / relative / "__init__.py"):
                if candidate.is_file():
                    return candidate
        return None

    def binds_logger(self, module: str, name: str) -> bool:
        """Does the project module `module` bind `name` to a logger at module level?"""
        if f"{module}.{name}" in self.logger_objects:
            return True
        return name in self.module_loggers(module)

    def module_loggers(self, module: str) -> frozenset[str]:
        with self._lock:
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
        return frozenset(
            binding_name
            for binding_name in resolver.names.module_scope.bindings
            if resolver.name_kind(binding_name, chain) is Kind.LOGGER
        )

    def resolver_for(self, module: str, hints: tuple[bytes, ...] = ()) -> Optional[tuple["LoggerResolver", tuple]]:
        """The logger resolver of a project module (parsed once per process), or None when the module is
        not in the project, cannot be parsed, or its text mentions none of `hints`."""
        with self._lock:
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
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hints and not any(hint in data for hint in hints):
            return None
        parsed = parse_source(data, str(path))
        if parsed.module is None:
            return None
        name, is_package, _ = module_name_for(path)
        table = NameTable(parsed.module, name or module, is_package, walrus=b":=" in data)
        return LoggerResolver(table, self, self.logger_objects), (parsed.module,)

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
            return resolver._class_attribute(binding.payload, attr, depth)  # type: ignore[arg-type]
        if binding.kind is BindingKind.IMPORT:
            return self.class_attribute_kind(str(binding.payload), attr, depth + 1)
        return None


_SKIP_DIRS = frozenset(
    {"node_modules", "venv", "site-packages", "__pycache__", "__pypackages__", "build", "dist", "migrations"}
)
_MAX_DIRS_SCANNED = 20_000


def _package_roots(root: Path) -> list[Path]:
    """Folders holding top-level packages (a package whose parent is not one), found by walking the
    project without following links; hidden folders and virtualenvs are skipped, and the walk is bounded."""
    roots: list[Path] = []
    seen = 0
    for directory, subdirs, files in os.walk(root):
        seen += 1
        if seen > _MAX_DIRS_SCANNED:
            break
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in _SKIP_DIRS)
        here = Path(directory)
        if "__init__.py" in files and not (here.parent / "__init__.py").is_file() and here.parent not in roots:
            roots.append(here.parent)
            subdirs[:] = []  # everything below is inside this package
    return roots
