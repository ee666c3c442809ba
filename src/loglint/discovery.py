"""Turning the paths on the command line into the Python files to lint.

Directories are walked for `*.py` and `*.pyi`, pruning what `exclude`/`extend-exclude` and `.gitignore`
name, so that virtualenvs, build output and Django migrations are never linted by accident. A file named
on the command line is linted even when excluded (the user asked for it), unless `--force-exclude` is
given: pre-commit passes every changed file by name and relies on that flag to honour the excludes.

Symbolic links are followed only inside the project root, so a link to `/usr/lib` or to a home directory
never drags foreign code into the run; a link that loops is skipped, never followed forever. Files reached
both directly and through a link are linted once, under their direct path: real directories are walked
first and links afterwards.

`.gitignore` files apply from the top of the git work tree (or, outside git, from the project root) down
to each directory, with `.git/info/exclude` below them all, as git ranks them. Matching is delegated to
`pathspec`, whose `GitIgnoreSpec` implements git's negation, anchoring and directory-only rules.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, Union

from loglint.config import Config, display_path, matches_any

if TYPE_CHECKING:
    import pathspec  # imported where a .gitignore is read: most walks meet few or none

PYTHON_SUFFIXES: tuple[str, ...] = (".py", ".pyi")


class DiscoveryError(Exception):
    """A path named on the command line that cannot be linted at all (the CLI exits 2)."""

    def __init__(self, path: Union[str, Path], reason: str) -> None:
        super().__init__(path, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Discovery:
    """The files to lint, sorted and each once, as display paths (relative to the cwd when below it);
    and what was skipped for a reason the user may want to know (a link outside the root, a loop, an
    unreadable directory). Excluded and gitignored paths are skipped silently: that is what was asked."""

    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def discover(
    paths: Sequence[Union[str, Path]], config: Config, *, force_exclude: bool = False
) -> Discovery:
    """The Python files under `paths`; `force_exclude` (or `config.force_exclude`) applies the excludes
    and `.gitignore` to files and directories named explicitly too."""
    walker = _Walker(config, force_exclude or config.force_exclude)
    for path in paths:
        walker.add(Path(path))
    return walker.finish()


def is_python_file(name: str) -> bool:
    return name.endswith(PYTHON_SUFFIXES)


@dataclass(frozen=True)
class _Pending:
    """A symlinked directory or file, followed after every real directory has been walked."""

    display: Path
    real: Path
    boundary: Path


class _Walker:
    """One discovery run: the files found so far (keyed by real path, to dedupe), the directories
    visited (by real path, so that link cycles end), and the links still to follow."""

    def __init__(self, config: Config, force_exclude: bool) -> None:
        self.config = config
        self.root = config.root.resolve()
        self.force_exclude = force_exclude
        self.messages: list[str] = []
        self.gitignores = _GitIgnores(self.root, self.messages)
        self.files: dict[Path, Path] = {}
        self.visited: set[str] = set()  # real directory paths
        self.pending_dirs: list[_Pending] = []
        self.pending_files: list[_Pending] = []

    def add(self, path: Path) -> None:
        if not os.path.lexists(path):
            raise DiscoveryError(path, "no such file or directory")
        try:
            real = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            reason = "symlink loop" if error.errno == errno.ELOOP else "no such file or directory"
            raise DiscoveryError(path, reason) from None
        display = Path(display_path(path))
        is_dir = real.is_dir()
        if self.force_exclude and self._explicitly_excluded(_location(path), is_dir):
            return
        if not is_dir:
            self.files.setdefault(real, display)
            return
        boundary = self.root if _is_within(real, self.root) else real
        self.gitignores.add_stop(boundary)
        self._walk(display, real, boundary)

    def finish(self) -> Discovery:
        while self.pending_dirs:
            pending = self.pending_dirs.pop(0)
            self._walk(pending.display, pending.real, pending.boundary)
        for pending in self.pending_files:
            self.files.setdefault(pending.real, pending.display)
        return Discovery(files=sorted(set(self.files.values())), messages=self.messages)

    def _walk(self, display: Path, real: Path, boundary: Path) -> None:
        if str(real) in self.visited:
            return
        self.visited.add(str(real))
        # Paths are strings inside the walk (pathlib costs more than the listing). Each directory carries
        # its path relative to the config root as `Config.relative` spells it ("" for the root, "a/b/"
        # below it, the absolute path and "/" outside it), extended by one name per step: the walked
        # directories are real (links are queued, not walked), so no path needs resolving again.
        stack = [(str(display), str(real), self._prefix(real))]
        while stack:
            directory_display, directory, prefix = stack.pop()
            for name, is_dir in self._entries(directory_display, directory, boundary, prefix):
                child = os.path.join(directory, name)
                if is_dir:
                    if child not in self.visited:
                        self.visited.add(child)
                        stack.append((_join(directory_display, name), child, f"{prefix}{name}/"))
                else:
                    self.files.setdefault(Path(child), Path(_join(directory_display, name)))

    def _prefix(self, directory: Path) -> str:
        relative = self.config.relative(directory)
        return "" if relative in (".", "") else relative.rstrip("/") + "/"

    def _entries(self, display: str, directory: str, boundary: Path, prefix: str) -> list[tuple[str, bool]]:
        """The real subdirectories and Python files of `directory` that are not excluded; symlinks are
        queued for later rather than returned."""
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            self.messages.append(f"{display}: cannot read directory ({error.strerror}), skipped")
            return []
        folder = Path(directory)
        self.gitignores.listed(folder, entries)
        gitignored = bool(self.gitignores._chain(folder))  # any .gitignore rule applies here at all
        found = []
        excludes = self.config.all_excludes
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink():
                    self._queue_symlink(Path(display) / name, folder / name, boundary)
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and not (entry.is_file(follow_symlinks=False) and is_python_file(name)):
                    continue
            except OSError:
                continue
            # `_excluded`, with the relative path already known
            if matches_any(excludes, prefix + name, is_dir=is_dir, ancestors=False):
                continue
            if not (gitignored and self.gitignores.ignored(folder / name, is_dir)):
                found.append((name, is_dir))
        return found

    def _queue_symlink(self, display: Path, location: Path, boundary: Path) -> None:
        try:
            target = Path(os.path.realpath(location, strict=True))
        except OSError as error:
            if error.errno == errno.ELOOP:
                self.messages.append(f"{display}: symlink loop, skipped")
            elif is_python_file(location.name):
                self.messages.append(f"{display}: broken symlink, skipped")
            return
        is_dir = target.is_dir()
        if not is_dir and not (target.is_file() and is_python_file(location.name)):
            return
        if self._excluded(location, is_dir):
            return
        if not _is_within(target, boundary):
            self.messages.append(
                f"{display}: symlink to {target} outside the project root {boundary}, skipped"
            )
            return
        if is_dir and str(target) in self.visited:
            if _is_within(location.parent, target):
                self.messages.append(f"{display}: symlink loop (points to {target}), skipped")
            return
        pending = _Pending(display, target, boundary)
        (self.pending_dirs if is_dir else self.pending_files).append(pending)

    def _excluded(self, location: Path, is_dir: bool) -> bool:
        """One step of the walk: its directories were already tested on the way down."""
        if self.config.is_excluded(location, is_dir=is_dir, ancestors=False):
            return True
        return self.gitignores.ignored(location, is_dir)

    def _explicitly_excluded(self, location: Path, is_dir: bool) -> bool:
        """`--force-exclude` on a named path: the path and every directory above it up to the root."""
        if self.config.is_excluded(location, is_dir=is_dir):
            return True
        above = [parent for parent in location.parents if self.root in parent.parents]
        if any(self.gitignores.ignored(parent, True) for parent in reversed(above)):
            return True
        return self.gitignores.ignored(location, is_dir)


class _GitIgnores:
    """The `.gitignore` rules that apply in each directory, loaded once per directory.

    A directory's chain is its parent's chain plus its own `.gitignore`; the climb stops at the top of a
    git work tree (which adds `.git/info/exclude`), at a stop directory (the project root outside git),
    or at the filesystem root. The deepest file that has an opinion about a path decides, as in git.
    """

    def __init__(self, root: Path, messages: list[str]) -> None:
        self.messages = messages
        self.stops: set[Path] = set()
        self.chains: dict[Path, tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]] = {}
        self.listings: dict[Path, tuple[bool, bool]] = {}  # directory -> (has .gitignore, has .git)
        self.add_stop(root)

    def add_stop(self, directory: Path) -> None:
        """Outside a git work tree, `.gitignore` files above `directory` are not the project's."""
        if not any((parent / ".git").exists() for parent in (directory, *directory.parents)):
            self.stops.add(directory)

    def listed(self, directory: Path, entries: Sequence[os.DirEntry]) -> None:
        """What a walk's listing of `directory` says about its `.gitignore` and `.git` (spares the lookups)."""
        names = {entry.name for entry in entries if entry.name in (".gitignore", ".git")}
        self.listings[directory] = (".gitignore" in names, ".git" in names)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in reversed(self._chain(path.parent)):
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            result = spec.check_file(relative)
            if result.include is not None:
                return bool(result.include)
        return False

    def _chain(self, directory: Path) -> tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]:
        cached = self.chains.get(directory)
        if cached is not None:
            return cached
        has_gitignore, has_git = self.listings.get(directory, (True, True))
        own = self._load(directory / ".gitignore", directory) if has_gitignore else ()
        if has_git and (directory / ".git").is_dir():
            chain = self._load(directory / ".git" / "info" / "exclude", directory) + own
        elif (has_git and (directory / ".git").exists()) or directory in self.stops or directory.parent == directory:
            chain = own
        else:
            chain = self._chain(directory.parent) + own
        self.chains[directory] = chain
        return chain

    def _load(self, file: Path, base: Path) -> tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return ()
        except OSError as error:
            self.messages.append(f"{display_path(file)}: cannot read ({error.strerror}), not applied")
            return ()
        spec = _gitignore_spec(lines)
        has_rules = any(pattern.include is not None for pattern in spec.patterns)
        return ((base, spec),) if has_rules else ()


def _gitignore_spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """git skips a pattern it cannot parse and keeps the others; so do we."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        return pathspec.GitIgnoreSpec.from_lines(line for line in lines if _parses(line))


def _parses(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _location(path: Path) -> Path:
    """Where a named path sits, with its directories resolved but not the path itself, so that a named
    link is judged by its own place in the tree."""
    absolute = Path(os.path.abspath(path))
    return Path(os.path.realpath(absolute.parent)) / absolute.name


def _join(display: str, name: str) -> str:
    """`Path(display) / name` as a string (`.` / `x` is `x`)."""
    return name if display == "." else os.path.join(display, name)


def _is_within(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents
