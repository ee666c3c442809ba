"""The project index: what other modules of the project bind, without importing them.

Built lazily and cached once per process: a module is read and parsed only when a checked file imports a
name from it and asks whether that name is a logger. pre-commit passes a few files; the index still sees
the whole project because it looks modules up on disk by name.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from loglint.parsing import parse_source

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
        self._in_progress: set[str] = set()
        self._lock = threading.RLock()
        self._django: Optional[bool] = None

    def add_source_root(self, directory: Path) -> None:
        directory = directory.resolve()
        with self._lock:
            if directory not in self._source_roots:
                self._source_roots.append(directory)

    def is_django_project(self) -> bool:
        """A Django project: `manage.py` at the project root (checked once)."""
        with self._lock:
            if self._django is None:
                self._django = (self.root / "manage.py").is_file()
            return self._django

    def find_module(self, module: str) -> Optional[Path]:
        relative = Path(*module.split("."))
        for source_root in list(self._source_roots):
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
        from loglint.semantics.loggers import Kind, LoggerResolver
        from loglint.semantics.names import NameTable

        path = self.find_module(module)
        if path is None:
            return frozenset()
        try:
            data = path.read_bytes()
        except OSError:
            return frozenset()
        if not any(hint in data for hint in _LOGGER_HINTS):
            return frozenset()
        parsed = parse_source(data, str(path))
        if parsed.module is None:
            return frozenset()
        name, is_package, _ = module_name_for(path)
        table = NameTable(parsed.module, name or module, is_package, walrus=b":=" in data)
        resolver = LoggerResolver(table, self, self.logger_objects)
        chain = (parsed.module,)
        return frozenset(
            binding_name
            for binding_name in table.module_scope.bindings
            if resolver.name_kind(binding_name, chain) is Kind.LOGGER
        )
