"""Finding, reading and validating loglint's configuration.

One configuration applies to a run: the first of `pyproject.toml` (only with a `[tool.loglint]` table),
`loglint.toml` or `.loglint.toml` found walking up from the current directory, unless `--config` names a
file or `--isolated` ignores them all. A config that loglint cannot use is an error naming the file, the
key and the closest valid key: silently ignoring a typo would switch rules off without anyone noticing.

The result is a frozen `Config` of tuples and frozen sub-dataclasses, so it can be shared between worker
processes, hashed into cache keys and never changed behind a rule's back. The rule-setting sections are the
attributes `logging`, `print`, `sentry`, `levels` and `orm`, named exactly like their TOML tables (`print`
and `logging` shadow nothing outside the class).

Globs in the config (`exclude`, `extend-exclude`, `per-file-ignores`, `dev-settings`, `print.allowed`) are
matched with `glob_matches`/`matches_any` against paths relative to `Config.root`, the way ruff does: a
pattern without `/` matches any path component (`venv`, `test_*.py`), a pattern with `/` matches the path
from the root (`scripts/legacy/*`, `**/settings/dev*.py`), a trailing `/` limits it to directories, `*`
also matches `/` (as in ruff's globset, so `*/migrations/*` works at any depth), and `{a,b}` alternates.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Literal, Mapping, Optional, Sequence, Union, cast

from loglint import registry
from loglint.parsing import DEFAULT_MAX_FILE_BYTES

if TYPE_CHECKING:
    from loglint.rule import Rule


DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    "migrations",
    ".loglint_cache",
)

DEFAULT_DEV_SETTINGS: tuple[str, ...] = (
    "**/settings/{dev,development,local,test,testing,ci}*.py",
    "**/settings_{dev,development,local,test}*.py",
    "**/{dev,local,test}_settings.py",
)

DEFAULT_SENSITIVE_NAMES: tuple[str, ...] = (
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "authorization",
    "cookie",
    "session_key",
    "credit_card",
    "card_number",
    "cvv",
    "ssn",
    "private_key",
)

DEFAULT_PRINT_ALLOWED: tuple[str, ...] = (
    "manage.py",
    "setup.py",
    "conftest.py",
    "tests/",
    "test_*.py",
    "*_test.py",
    "scripts/",
    "bin/",
    "docs/",
    "examples/",
)

DEFAULT_EXPECTED_EXCEPTIONS: tuple[str, ...] = (
    "*.DoesNotExist",
    "ObjectDoesNotExist",
    "KeyError",
    "IndexError",
    "StopIteration",
    "StopAsyncIteration",
    "ImportError",
    "ModuleNotFoundError",
    "FileNotFoundError",
    "PermissionDenied",
    "Http404",
    "ValidationError",
)

# Larger files are skipped with a warning (generated data modules: LibCST needs ~700x a file's size in
# memory and seconds per megabyte).
DEFAULT_MAX_FILE_SIZE = DEFAULT_MAX_FILE_BYTES
DEFAULT_MAX_SAMPLE_RATE = 0.25
DEFAULT_MIN_CONFIDENCE: Literal["high", "medium"] = "medium"
MIN_CONFIDENCE_CHOICES: tuple[str, ...] = ("high", "medium")

CONFIG_FILENAMES: tuple[str, ...] = ("pyproject.toml", "loglint.toml", ".loglint.toml")

_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_FOREIGN_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*")

Table = Mapping[str, object]


class ConfigError(Exception):
    """A configuration loglint cannot use; the CLI reports `str(error)` and exits 2.

    `file` is the config file (None for command-line values), `key` the dotted key as the user would
    write it (`tool.loglint.logging.logger-objects`, or the option name such as `--select`), `hint` what
    to write instead.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Optional[Path] = None,
        key: Optional[str] = None,
        hint: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.key = key
        self.hint = hint

    def __str__(self) -> str:
        text = self.message if self.file is None else f"{display_path(self.file)}: {self.message}"
        return f"{text}: {self.hint}" if self.hint else text


@dataclass(frozen=True)
class LoggingSettings:
    """`[logging]`: loggers loglint cannot see, functions that make a value safe to log, secret names."""

    logger_objects: tuple[str, ...] = ()
    sanitizers: tuple[str, ...] = ()
    sensitive_names: tuple[str, ...] = DEFAULT_SENSITIVE_NAMES


@dataclass(frozen=True)
class PrintSettings:
    """`[print]`: globs of files where `print()` is the intended output (LL2)."""

    allowed: tuple[str, ...] = DEFAULT_PRINT_ALLOWED


@dataclass(frozen=True)
class SentrySettings:
    """`[sentry]`: the highest sample rate accepted without a finding."""

    max_sample_rate: float = DEFAULT_MAX_SAMPLE_RATE


@dataclass(frozen=True)
class LevelsSettings:
    """`[levels]`: exceptions that may be logged at a low level (`*` matches any dotted prefix)."""

    expected_exceptions: tuple[str, ...] = DEFAULT_EXPECTED_EXCEPTIONS


@dataclass(frozen=True)
class OrmSettings:
    """`[orm]`: the lowest confidence an LL7 finding needs to be reported."""

    min_confidence: Literal["high", "medium"] = DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True)
class Config:
    """The effective configuration of a run.

    `select` is None when neither the file nor the command line chose rules: the registry's default set
    applies. `per_file_ignores` keeps the file's order as (glob, selectors) pairs. `baseline` is absolute
    (a relative value is taken from `root`). `path` is the config file used, `root` the directory that
    relative globs start from: the config file's directory, or the start directory without one.
    """

    select: Optional[tuple[str, ...]] = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    external: tuple[str, ...] = ()
    baseline: Optional[Path] = None
    dev_settings: tuple[str, ...] = DEFAULT_DEV_SETTINGS
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; larger files are skipped with a warning
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    print: PrintSettings = field(default_factory=PrintSettings)
    sentry: SentrySettings = field(default_factory=SentrySettings)
    levels: LevelsSettings = field(default_factory=LevelsSettings)
    orm: OrmSettings = field(default_factory=OrmSettings)
    path: Optional[Path] = None
    root: Path = field(default_factory=lambda: Path.cwd().resolve())

    @property
    def all_excludes(self) -> tuple[str, ...]:
        """`exclude` (the defaults unless replaced) followed by `extend-exclude`."""
        return self.exclude + self.extend_exclude

    def relative(self, path: Union[str, Path]) -> str:
        """The POSIX path relative to `root` that globs match, or the absolute one outside the root.

        `root` is resolved, so a path spelled through a symlinked directory is tried resolved too.
        """
        absolute = Path(os.path.abspath(path))
        for candidate in (absolute, Path(os.path.realpath(absolute.parent)) / absolute.name):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        return absolute.as_posix()

    def is_excluded(self, path: Union[str, Path], *, is_dir: bool = False, ancestors: bool = True) -> bool:
        """Whether `exclude`/`extend-exclude` match the path (with `ancestors`, or a directory above it)."""
        return matches_any(self.all_excludes, self.relative(path), is_dir=is_dir, ancestors=ancestors)

    def ignores_for(self, path: Union[str, Path]) -> tuple[str, ...]:
        """The selectors `per-file-ignores` switch off for this file."""
        rel = self.relative(path)
        matched = (codes for glob, codes in self.per_file_ignores if glob_matches(glob, rel))
        return tuple(code for codes in matched for code in codes)

    def selected_rules(self) -> tuple[type[Rule], ...]:
        """The rule classes this configuration turns on (before per-file ignores)."""
        return registry.select_rules(self.select, self.ignore, self.extend_select)

    def with_overrides(
        self,
        *,
        select: Optional[Sequence[str]] = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        exclude: Optional[Sequence[str]] = None,
        extend_exclude: Sequence[str] = (),
        per_file_ignores: Union[Mapping[str, Sequence[str]], Sequence[str]] = (),
        external: Sequence[str] = (),
        baseline: Optional[Union[str, Path]] = None,
        force_exclude: Optional[bool] = None,
    ) -> Config:
        """Apply command-line values, ruff's way: `select`, `exclude` and `baseline` replace the file's
        value; `ignore`, `extend_select`, `extend_exclude`, `per_file_ignores` and `external` add to it;
        `force_exclude=True` turns it on. None or empty means "not given".

        Selector values may be comma-separated (`--select LL1,LL2`); `per_file_ignores` takes a mapping or
        `GLOB:CODES` strings. A bad code raises ConfigError naming the option. A relative `baseline` is
        taken from the current directory, as any path typed on the command line.
        """
        changes: dict[str, object] = {}
        if select is not None:
            changes["select"] = _cli_selectors(select, "--select")
        if ignore:
            changes["ignore"] = self.ignore + _cli_selectors(ignore, "--ignore")
        if extend_select:
            changes["extend_select"] = self.extend_select + _cli_selectors(extend_select, "--extend-select")
        if exclude is not None:
            changes["exclude"] = tuple(exclude)
        if extend_exclude:
            changes["extend_exclude"] = self.extend_exclude + tuple(extend_exclude)
        if per_file_ignores:
            changes["per_file_ignores"] = self.per_file_ignores + _cli_per_file_ignores(per_file_ignores)
        if external:
            changes["external"] = self.external + tuple(external)
        if baseline is not None:
            changes["baseline"] = Path(os.path.abspath(baseline))
        if force_exclude is not None:
            changes["force_exclude"] = force_exclude
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def load_config(start: Path, explicit: Optional[Path] = None, isolated: bool = False) -> Config:
    """The configuration for a run started in `start` (normally the cwd).

    `explicit` (`--config`) names the file to use; a `pyproject.toml` given that way without a
    `[tool.loglint]` table means "no settings", not an error, so a shared pyproject can always be passed.
    `isolated` ignores every config file and cannot be combined with `explicit`.
    """
    start = Path(start).resolve()
    if isolated:
        if explicit is not None:
            raise ConfigError("--config cannot be used with --isolated", key="--config")
        return Config(root=start)
    if explicit is not None:
        return _load_explicit(Path(explicit))
    found = _find_config(start)
    if found is None:
        return Config(root=start)
    path, table, prefix = found
    return _build_config(table, path, prefix)


def find_config_file(start: Path) -> Optional[Path]:
    """The config file `load_config` would use from `start`, for `--show-settings` and `--verbose`."""
    found = _find_config(Path(start).resolve())
    return found[0] if found else None


def display_path(path: Union[str, Path]) -> str:
    """`path` relative to the cwd when it is below it (as users typed it), else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def _load_explicit(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError("no such config file", file=path, key="--config")
    path = path.resolve()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = _pyproject_table(data, path)
        return _build_config(table or {}, path, "tool.loglint.")
    return _build_config(data, path, "")


def _find_config(start: Path) -> Optional[tuple[Path, Table, str]]:
    """Walk up from `start`; in each directory the first usable file wins, in CONFIG_FILENAMES order."""
    for directory in (start, *start.parents):
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _pyproject_table(_read_toml(pyproject), pyproject)
            if table is not None:
                return pyproject, table, "tool.loglint."
        for name in CONFIG_FILENAMES[1:]:
            candidate = directory / name
            if candidate.is_file():
                return candidate, _read_toml(candidate), ""
    return None


def _read_toml(path: Path) -> Table:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", file=path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8: {error.reason}", file=path) from None
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", file=path) from None


def _pyproject_table(data: Table, path: Path) -> Optional[Table]:
    """`[tool.loglint]`, or None when the pyproject has none (it then belongs to other tools only)."""
    tool = data.get("tool")
    if not isinstance(tool, dict) or "loglint" not in tool:
        return None
    table = tool["loglint"]
    if not isinstance(table, dict):
        raise ConfigError(
            f"'tool.loglint' must be a table, got {_toml_type(table)}", file=path, key="tool.loglint"
        )
    return table


class _Where:
    """Where a value came from, so that every error can name the file and the full key."""

    def __init__(self, file: Optional[Path], prefix: str) -> None:
        self.file = file
        self.prefix = prefix

    def key(self, *parts: str) -> str:
        return self.prefix + ".".join(parts)

    def error(self, key: str, message: str, hint: Optional[str] = None) -> ConfigError:
        return ConfigError(message, file=self.file, key=key, hint=hint)


_Validator = Callable[[object, str, _Where], object]


def _build_config(table: Table, path: Path, prefix: str) -> Config:
    where = _Where(path, prefix)
    _check_keys(table, TOP_LEVEL_KEYS + tuple(SECTION_KEYS), (), where)
    root = path.parent
    values: dict[str, object] = {"path": path, "root": root}
    for key in TOP_LEVEL_KEYS:
        if key in table:
            values[key.replace("-", "_")] = _TOP_LEVEL_VALIDATORS[key](table[key], where.key(key), where)
    if "baseline" in values:
        values["baseline"] = root / str(values["baseline"])
    for section in _SECTION_VALIDATORS:
        if section in table:
            sub = table[section]
            if not isinstance(sub, dict):
                raise where.error(
                    where.key(section), f"'{where.key(section)}' must be a table, got {_toml_type(sub)}"
                )
            _check_keys(sub, SECTION_KEYS[section], (section,), where)
            values[section] = _build_section(section, sub, where)
    return Config(**values)  # type: ignore[arg-type]


def _check_keys(table: Table, valid: Sequence[str], section: tuple[str, ...], where: _Where) -> None:
    for key in table:
        if key not in valid:
            full = where.key(*section, key)
            raise where.error(full, f"unknown key '{full}'", _key_hint(key, valid, section, where))


def _key_hint(key: str, valid: Sequence[str], section: tuple[str, ...], where: _Where) -> str:
    """Prefer a near spelling in the same table; else the key (or a near one) in the table it belongs to."""
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    leaves = {name.rsplit(".", 1)[-1]: name for name in _qualified_keys()}
    close = [key] if key in leaves else difflib.get_close_matches(key, list(leaves), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{where.key(leaves[close[0]])}'?"
    table = where.key(*section).rstrip(".") or "the top level"
    return f"valid keys in {table}: {', '.join(valid)}"


def _qualified_keys() -> list[str]:
    nested = [f"{section}.{key}" for section, keys in SECTION_KEYS.items() for key in keys]
    return list(TOP_LEVEL_KEYS) + nested


_TOML_TYPE_NAMES: Mapping[type, str] = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _toml_type(value: object) -> str:
    """The TOML name of a parsed value's type, as the user wrote it."""
    return _TOML_TYPE_NAMES.get(type(value), f"a {type(value).__name__}")


def _describe(value: object) -> str:
    shown = repr(value)
    return f"{_toml_type(value)} ({shown if len(shown) <= 40 else shown[:37] + '...'})"


def _strings(value: object, key: str, where: _Where) -> tuple[str, ...]:
    if isinstance(value, str):
        raise where.error(
            key, f"'{key}' must be an array of strings, got {_describe(value)}", f"write [{_quote(value)}]"
        )
    if not isinstance(value, list):
        raise where.error(key, f"'{key}' must be an array of strings, got {_describe(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise where.error(key, f"'{key}' item {index + 1} must be a string, got {_describe(item)}")
        if not item.strip():
            raise where.error(key, f"'{key}' item {index + 1} is empty")
    return tuple(item.strip() for item in value)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _selectors(value: object, key: str, where: _Where) -> tuple[str, ...]:
    selectors = _strings(value, key, where)
    for selector in selectors:
        _check_selector(selector, key, where)
    return selectors


def _check_selector(selector: str, key: str, where: _Where) -> None:
    if registry.is_valid_selector(selector):
        return
    closest = registry.closest_selector(selector)
    hint = f"did you mean '{closest}'?" if closest else "'loglint rules' lists the codes"
    raise where.error(key, f"unknown rule selector '{selector}' in '{key}'", hint)


def _globs(value: object, key: str, where: _Where) -> tuple[str, ...]:
    return _strings(value, key, where)


def _foreign_codes(value: object, key: str, where: _Where) -> tuple[str, ...]:
    codes = _strings(value, key, where)
    for code in codes:
        if not _FOREIGN_CODE.fullmatch(code):
            message = f"'{key}' item '{code}' is not a noqa code"
            raise where.error(key, message, "codes look like 'E501' or 'G004'")
    return codes


def _dotted_names(value: object, key: str, where: _Where) -> tuple[str, ...]:
    names = _strings(value, key, where)
    for name in names:
        if not _DOTTED_NAME.fullmatch(name):
            message = f"'{key}' item '{name}' is not a dotted name"
            raise where.error(key, message, "write a Python path like 'myproj.log.logger'")
    return names


def _bool(value: object, key: str, where: _Where) -> bool:
    if not isinstance(value, bool):
        raise where.error(key, f"'{key}' must be a boolean, got {_describe(value)}", "write true or false")
    return value


def _string(value: object, key: str, where: _Where) -> str:
    if not isinstance(value, str):
        raise where.error(key, f"'{key}' must be a string, got {_describe(value)}")
    if not value.strip():
        raise where.error(key, f"'{key}' is empty")
    return value


def _byte_count(value: object, key: str, where: _Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise where.error(key, f"'{key}' must be a number of bytes, got {_describe(value)}", "write e.g. 10485760 for 10 MiB")
    if value <= 0:
        raise where.error(key, f"'{key}' must be a positive number of bytes, got {value}")
    return value


def _per_file_ignores(value: object, key: str, where: _Where) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        message = f"'{key}' must be a table of glob = [codes], got {_describe(value)}"
        raise where.error(key, message, 'write "tests/*" = ["LL2"]')
    pairs = []
    for glob, codes in value.items():
        if not glob.strip():
            raise where.error(key, f"'{key}' has an empty glob")
        pairs.append((glob, _selectors(codes, f"{key}.{_toml_key(glob)}", where)))
    return tuple(pairs)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _quote(key)


def _rate(value: object, key: str, where: _Where) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise where.error(key, f"'{key}' must be a number between 0 and 1, got {_describe(value)}")
    if not 0 <= value <= 1:
        raise where.error(key, f"'{key}' must be between 0 and 1, got {value}")
    return float(value)


def _choice(choices: tuple[str, ...]) -> Callable[[object, str, _Where], str]:
    def validate(value: object, key: str, where: _Where) -> str:
        text = _string(value, key, where)
        if text not in choices:
            close = difflib.get_close_matches(text.lower(), choices, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(choices)}"
            raise where.error(key, f"'{key}' must be one of {', '.join(choices)}, got '{text}'", hint)
        return text

    return validate


_TOP_LEVEL_VALIDATORS: Mapping[str, _Validator] = {
    "select": _selectors,
    "ignore": _selectors,
    "extend-select": _selectors,
    "exclude": _globs,
    "extend-exclude": _globs,
    "per-file-ignores": _per_file_ignores,
    "baseline": _string,
    "external": _foreign_codes,
    "force-exclude": _bool,
    "dev-settings": _globs,
    "max-file-size": _byte_count,
}


def _choice_of_confidence(value: object, key: str, where: _Where) -> str:
    return _choice(MIN_CONFIDENCE_CHOICES)(value, key, where)


_SECTION_VALIDATORS: Mapping[str, Mapping[str, _Validator]] = {
    "logging": {
        "logger-objects": _dotted_names,
        "sanitizers": _dotted_names,
        "sensitive-names": _strings,
        "extend-sensitive-names": _strings,
    },
    "print": {"allowed": _globs},
    "sentry": {"max-sample-rate": _rate},
    "levels": {"expected-exceptions": _strings},
    "orm": {"min-confidence": _choice_of_confidence},
}

_SECTION_CLASSES: Mapping[str, type] = {
    "logging": LoggingSettings,
    "print": PrintSettings,
    "sentry": SentrySettings,
    "levels": LevelsSettings,
    "orm": OrmSettings,
}

TOP_LEVEL_KEYS: tuple[str, ...] = tuple(_TOP_LEVEL_VALIDATORS)
SECTION_KEYS: Mapping[str, tuple[str, ...]] = {
    name: tuple(validators) for name, validators in _SECTION_VALIDATORS.items()
}


def _build_section(section: str, table: Table, where: _Where) -> object:
    values = {
        key.replace("-", "_"): validate(table[key], where.key(section, key), where)
        for key, validate in _SECTION_VALIDATORS[section].items()
        if key in table
    }
    if section == "logging":
        _merge_sensitive_names(values)
    return _SECTION_CLASSES[section](**values)


def _merge_sensitive_names(values: dict[str, object]) -> None:
    """`sensitive-names` replaces the defaults; `extend-sensitive-names` adds to them (or to it)."""
    extra = cast("tuple[str, ...]", values.pop("extend_sensitive_names", ()))
    names = cast("tuple[str, ...]", values.get("sensitive_names", DEFAULT_SENSITIVE_NAMES))
    values["sensitive_names"] = names + tuple(name for name in extra if name not in names)


def _cli_selectors(values: Iterable[str], option: str) -> tuple[str, ...]:
    where = _Where(None, "")
    selectors = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for selector in selectors:
        _check_selector(selector, option, where)
    return selectors


def _cli_per_file_ignores(
    values: Union[Mapping[str, Sequence[str]], Sequence[str]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`GLOB:CODES` strings (or a mapping, for callers that parsed them) as (glob, selectors) pairs."""
    if isinstance(values, Mapping):
        items = [(glob, ",".join(codes)) for glob, codes in values.items()]
    else:
        items = [_split_per_file_ignore(value) for value in values]
    return tuple((glob, _cli_selectors([codes], "--per-file-ignores")) for glob, codes in items)


def _split_per_file_ignore(value: str) -> tuple[str, str]:
    glob, sep, codes = value.rpartition(":")
    if not sep or not glob.strip() or not codes.strip():
        raise ConfigError(
            f"'--per-file-ignores' value '{value}' is not GLOB:CODES",
            key="--per-file-ignores",
            hint="write e.g. 'tests/*:LL2,LL101'",
        )
    return glob.strip(), codes


def matches_any(
    patterns: Iterable[str], rel_path: str, *, is_dir: bool = False, ancestors: bool = True
) -> bool:
    """Whether any glob matches `rel_path` (POSIX, relative to the config root), see `glob_matches`.
    The globs are tried together: one regex per kind (anchored or not, directory-only or not)."""
    groups = _glob_groups(tuple(patterns))
    parts = [part for part in rel_path.split("/") if part]
    if not parts:
        return False
    start = 0 if ancestors else len(parts) - 1
    prefix = "/" if rel_path.startswith("/") else ""
    for (anchored, dir_only), regex in groups:
        stop = len(parts) if is_dir or not dir_only else len(parts) - 1
        if not anchored:
            if any(regex.fullmatch(part) for part in parts[start:stop]):
                return True
        elif any(regex.fullmatch(prefix + "/".join(parts[: end + 1])) for end in range(start, stop)):
            return True
    return False


@lru_cache(maxsize=256)
def _glob_groups(patterns: tuple[str, ...]) -> tuple[tuple[tuple[bool, bool], re.Pattern[str]], ...]:
    """The globs compiled into one alternation per (anchored, directory-only) kind."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for pattern in patterns:
        anchored, dir_only, regex = _compile_glob(pattern)
        groups.setdefault((anchored, dir_only), []).append(regex.pattern)
    return tuple((kind, re.compile("|".join(f"(?:{p})" for p in regexes))) for kind, regexes in groups.items())


def glob_matches(pattern: str, rel_path: str, *, is_dir: bool = False, ancestors: bool = True) -> bool:
    """One config glob against a path, with the semantics described in the module docstring.

    With `ancestors`, the path's directories count too, so excluding `scripts/legacy` excludes what is
    inside it. A directory walk passes `ancestors=False`: it has already tested every directory on its
    way down, and a directory named on the command line is walked even when its own name is excluded.
    """
    anchored, dir_only, regex = _compile_glob(pattern)
    parts = [part for part in rel_path.split("/") if part]
    if not parts:
        return False
    stop = len(parts) if is_dir or not dir_only else len(parts) - 1
    start = 0 if ancestors else len(parts) - 1
    if not anchored:
        return any(regex.fullmatch(part) for part in parts[start:stop])
    prefix = "/" if rel_path.startswith("/") else ""
    return any(regex.fullmatch(prefix + "/".join(parts[: end + 1])) for end in range(start, stop))


@lru_cache(maxsize=1024)
def _compile_glob(pattern: str) -> tuple[bool, bool, re.Pattern[str]]:
    """(anchored, directory-only, regex) for a glob; anchored means it contains a `/` before its end."""
    text = pattern.strip()
    if text.startswith("./"):
        text = text[2:]
    dir_only = text.endswith("/")
    text = text.rstrip("/")
    anchored = "/" in text
    text = text.lstrip("/")
    try:
        return anchored, dir_only, re.compile(_translate(text, braces=True))
    except re.error:
        return anchored, dir_only, re.compile(_translate(text, braces=False))


def _translate(glob: str, *, braces: bool) -> str:
    """Glob to regex: `**/` any directories, `*` anything (including `/`), `?` one non-`/` character,
    `[...]` a class, `{a,b}` alternatives (taken literally when unbalanced), `\\x` a literal."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            body = glob[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end
        elif char == "{" and braces:
            depth += 1
            out.append("(?:")
        elif char == "," and braces and depth:
            out.append("|")
        elif char == "}" and braces and depth:
            depth -= 1
            out.append(")")
        elif char == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(char))
        i += 1
    if depth:
        raise re.error("unbalanced braces")
    return "".join(out)
