"""What `logging.config.dictConfig` will do with a configuration, known without importing the checked project.

Shared by the LL4 rules and `semantics/logging_config.py`. Everything about the standard library is derived
from the running interpreter when this module is imported (`logging._nameToLevel`, `inspect.signature` of
every Handler/Formatter/Filter class of `logging` and `logging.handlers`, the reference regexes of
`logging.config.BaseConfigurator`, a real `LogRecord`); Django's classes are a static table (Django need
not be installed), taken from Django `DJANGO_VERSION`.

Stable API:

- `PYTHON_VERSION`: the `(major, minor)` the tables below were derived on (the running interpreter);
  `DJANGO_VERSION`: the Django release the Django table was read from.
- Levels: `LEVEL_NAMES` (name -> int, exactly `logging._nameToLevel`: case-sensitive, `"info"` is not one);
  `check_level(value) -> LevelCheck` says what `logging._checkLevel` does with a literal: an `int` (a
  `bool` too: it is an int) is accepted as is; a `str` only when it is a level name (`"10"` is not); None
  is "not given" in dictConfig; anything else raises TypeError. Names added by the project with
  `logging.addLevelName` are not known: the caller decides whether such a call makes names unknown.
- Classes: `class_signature(dotted) -> Optional[ClassSignature]` for a dotted path as dictConfig resolves it
  (`BaseConfigurator.resolve`: import the first segment, then getattr each segment, importing
  `prefix.segment` when getattr fails). Only full paths resolve: `"StreamHandler"` is imported as a
  top-level *module* and fails (unless the project has such a module), `"logging.RotatingFileHandler"`
  fails (it lives in `logging.handlers`). `resolve_name(dotted) -> Resolution` gives the three outcomes:
  `KNOWN` (a class of the table: `.signature`), `MISSING` (under `logging` or `django.utils.log` and does
  not resolve: a certain startup crash), `UNKNOWN` (another module, or a name under `logging` that is not
  a Handler/Formatter/Filter class: not guessed at). `STDLIB_CLASSES` / `DJANGO_CLASSES` map the
  canonical dotted name to its `ClassSignature`.
- `ClassSignature`: `name` (canonical dotted), `kind` (`"handler"`, `"formatter"`, `"filter"`), `params`
  (`Param`s after `self`, in order), `var_positional`, `var_keyword`, `source` (`"stdlib"`/`"django"`),
  `forwards_to` (`*args, **kwargs` passed on to that class: Django's `ServerFormatter`); methods
  `required()`, `keyword_names()`, `accepts_keyword(name)`, `unknown_keywords(keys)`,
  `missing_required(keys)`, `accepts_positional(n)`; `effective()` follows `forwards_to`.
- Keys dictConfig consumes: `TOP_LEVEL_KEYS`, `LOGGER_KEYS`, `ROOT_KEYS`, `HANDLER_KEYS`,
  `FORMATTER_KEYS`, `FILTER_KEYS` (version-gated: `formatters.defaults` and the `QueueHandler` keys are
  3.12+ and present only when the running Python has them), `FACTORY_KEY` (`"()"`), `ATTRIBUTES_KEY`
  (`"."`), and `constructor_keys(section, config_keys, factory=...)`: which keys are passed to the
  constructor as keyword arguments. `is_valid_ident(key)`: dictConfig's own identifier test; a key passed
  to a constructor that fails it raises ValueError at startup (`valid_ident` raises, it does not filter).
  `FORMATTER_STYLES`: the valid `style` values (from `logging._STYLES`). `FORMATTER_POSITIONAL`: the arguments a formatter `class` receives positionally.
  `MEMORY_TARGET_CLASSES`, `TUPLE_CONVERTED`: dictConfig's special cases per handler class.
  `check_constructor(section, signature, keys, factory=False) -> ConstructorCheck` (`unknown`, `missing`,
  `invalid_keys`, `ok`): the whole constructor call, with dictConfig's retry renames (`RETRY_RENAMES`:
  `format` -> `fmt` for a formatter factory, `stream` -> `strm` for a handler).
- LogRecord: `LOG_RECORD_ATTRIBUTES`: the attributes a formatter field can name (a real `LogRecord`'s
  `__dict__` plus `message` and `asctime`; `taskName` is 3.12+).
- `LATER_PYTHON`: what newer Pythons add (`taskName`, formatter `defaults`, QueueHandler keys: 3.12) so a
  rule can stay quiet about them; `LOG_RECORD_ATTRIBUTES_ANY_VERSION` includes them.
- References: `parse_reference(text) -> Optional[Reference]` for `ext://` and `cfg://` strings, with
  dictConfig's own regexes; `Reference.prefix`, `.suffix`, `.path` (for `cfg://`: the steps
  `("handlers", "file")`, ints for digit indexes; None when dictConfig cannot parse it), `.valid`.
"""

from __future__ import annotations

import codecs
import difflib
import enum
import importlib
import inspect
import logging
import logging.config
import logging.handlers
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

PYTHON_VERSION: tuple[int, int] = sys.version_info[:2]
# The running interpreter, the Python assumed for a project that declares no `requires-python`.
RUNNING_PYTHON: tuple[int, int, int] = tuple(sys.version_info[:3])  # type: ignore[assignment]
DJANGO_VERSION: tuple[int, int, int] = (5, 2, 19)

# --------------------------------------------------------------------------------------------- levels

LEVEL_NAMES: dict[str, int] = dict(logging._nameToLevel)  # type: ignore[attr-defined]


class LevelVerdict(enum.Enum):
    OK = "ok"  # accepted by logging._checkLevel
    NOT_GIVEN = "not-given"  # None: dictConfig skips setLevel
    UNKNOWN_NAME = "unknown-name"  # a str that is not a level name: ValueError("Unknown level: ...")
    WRONG_TYPE = "wrong-type"  # neither int nor str: TypeError


@dataclass(frozen=True)
class LevelCheck:
    verdict: LevelVerdict
    value: Optional[int] = None  # the numeric level when OK
    suggestion: Optional[str] = None  # for UNKNOWN_NAME: the level name it was probably meant as


def check_level(value: Any) -> LevelCheck:
    """What `logging._checkLevel` (called by dictConfig for a handler, logger or root `level`) does."""
    if value is None:
        return LevelCheck(LevelVerdict.NOT_GIVEN)
    if isinstance(value, int):
        return LevelCheck(LevelVerdict.OK, int(value))
    if isinstance(value, str):
        if value in LEVEL_NAMES:
            return LevelCheck(LevelVerdict.OK, LEVEL_NAMES[value])
        stripped = value.strip().upper()
        suggestion = stripped if stripped in LEVEL_NAMES else None
        return LevelCheck(LevelVerdict.UNKNOWN_NAME, suggestion=suggestion)
    return LevelCheck(LevelVerdict.WRONG_TYPE)


# -------------------------------------------------------------------------------------------- classes

_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    keyword: bool  # can be passed by keyword (not positional-only)
    positional: bool  # can be passed positionally (not keyword-only)
    default: Any = None  # the default value when not required (the real object, e.g. `('localhost', 514)`)


@dataclass(frozen=True)
class ClassSignature:
    name: str
    kind: str  # "handler" | "formatter" | "filter"
    params: tuple[Param, ...]
    var_positional: bool = False
    var_keyword: bool = False
    source: str = "stdlib"
    forwards_to: Optional[str] = None

    def effective(self) -> "ClassSignature":
        """The signature that decides what is accepted: the forwarded-to class for `*args, **kwargs`."""
        if self.forwards_to is not None:
            target = STDLIB_CLASSES.get(self.forwards_to)
            if target is not None:
                return ClassSignature(self.name, self.kind, target.params, target.var_positional,
                                      target.var_keyword, self.source, None)
        return self

    def param(self, name: str) -> Optional[Param]:
        for p in self.params:
            if p.name == name:
                return p
        return None

    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.effective().params if p.required)

    def keyword_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.effective().params if p.keyword)

    def accepts_keyword(self, name: str) -> bool:
        sig = self.effective()
        return sig.var_keyword or name in sig.keyword_names()

    def unknown_keywords(self, keys: Iterable[str]) -> list[str]:
        """Keys passed as keyword arguments that the constructor rejects (TypeError)."""
        return [k for k in keys if not self.accepts_keyword(k)]

    def missing_required(self, keys: Iterable[str]) -> list[str]:
        """Required parameters not given by keyword (dictConfig passes constructor arguments by keyword)."""
        given = set(keys)
        return [p.name for p in self.effective().params if p.required and p.name not in given]

    def accepts_positional(self, count: int) -> bool:
        """`count` positional arguments (and nothing else) bind: how a formatter `class` is called."""
        sig = self.effective()
        positional = [p for p in sig.params if p.positional]
        if count > len(positional) and not sig.var_positional:
            return False
        rest = positional[count:] + [p for p in sig.params if not p.positional]
        return not any(p.required for p in rest)


def _kind(cls: type) -> Optional[str]:
    if issubclass(cls, logging.Handler):
        return "handler"
    if issubclass(cls, logging.Formatter):
        return "formatter"
    if issubclass(cls, logging.Filter):
        return "filter"
    return None


def _signature_of(name: str, kind: str, target: Any, source: str = "stdlib") -> Optional[ClassSignature]:
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    params = []
    var_positional = var_keyword = False
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            var_positional = True
        elif p.kind is p.VAR_KEYWORD:
            var_keyword = True
        else:
            params.append(Param(
                name=p.name,
                required=p.default is _EMPTY,
                keyword=p.kind is not p.POSITIONAL_ONLY,
                positional=p.kind is not p.KEYWORD_ONLY,
                default=None if p.default is _EMPTY else p.default,
            ))
    return ClassSignature(name, kind, tuple(params), var_positional, var_keyword, source)


def _derive_stdlib() -> tuple[dict[str, ClassSignature], dict[int, ClassSignature]]:
    by_name: dict[str, ClassSignature] = {}
    by_id: dict[int, ClassSignature] = {}
    for module in (logging, logging.handlers):
        for attr, obj in sorted(vars(module).items()):
            if not isinstance(obj, type) or obj.__module__ != module.__name__:
                continue  # defined elsewhere (logging.handlers re-exports nothing it defines itself)
            kind = _kind(obj)
            if kind is None:
                continue
            dotted = f"{module.__name__}.{attr}"
            signature = _signature_of(dotted, kind, obj)
            if signature is not None:
                by_name[dotted] = signature
                by_id[id(obj)] = signature
    return by_name, by_id


STDLIB_CLASSES, _STDLIB_BY_ID = _derive_stdlib()


def _django_table() -> dict[str, ClassSignature]:
    """django/utils/log.py of Django 5.2.19; the classes without their own `__init__` inherit the stdlib
    signature (derived above)."""
    p = lambda name, default=None, required=False: Param(name, required, True, True, default)  # noqa: E731
    filter_sig = STDLIB_CLASSES["logging.Filter"]
    table = [
        ClassSignature("django.utils.log.AdminEmailHandler", "handler",
                       (p("include_html", False), p("email_backend"), p("reporter_class")), source="django"),
        ClassSignature("django.utils.log.CallbackFilter", "filter", (p("callback", required=True),),
                       source="django"),
        ClassSignature("django.utils.log.RequireDebugFalse", "filter", filter_sig.params, source="django"),
        ClassSignature("django.utils.log.RequireDebugTrue", "filter", filter_sig.params, source="django"),
        ClassSignature("django.utils.log.ServerFormatter", "formatter", (), var_positional=True,
                       var_keyword=True, source="django", forwards_to="logging.Formatter"),
    ]
    return {sig.name: sig for sig in table}


DJANGO_CLASSES: dict[str, ClassSignature] = _django_table()

# Every module-level name of django/utils/log.py (5.2.19): `django.utils.log.X` for another X fails.
DJANGO_LOG_MODULE_NAMES = frozenset({
    "logging", "copy", "settings", "mail", "get_connection", "color_style", "import_string",
    "request_logger", "DEFAULT_LOGGING", "configure_logging", "AdminEmailHandler", "CallbackFilter",
    "RequireDebugFalse", "RequireDebugTrue", "ServerFormatter", "log_message", "log_response",
})
DJANGO_LOG_MODULE = "django.utils.log"


class ResolutionStatus(enum.Enum):
    KNOWN = "known"
    MISSING = "missing"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Resolution:
    status: ResolutionStatus
    signature: Optional[ClassSignature] = None


_STDLIB_SUBMODULES = frozenset({"logging", "logging.handlers", "logging.config"})


def _resolve_stdlib(parts: list[str]) -> Resolution:
    """`BaseConfigurator.resolve` on a path whose first segment is `logging`, walking the real modules
    (only the logging package itself is ever imported)."""
    used = parts[0]
    found: Any = logging
    for frag in parts[1:]:
        used += "." + frag
        if hasattr(found, frag):
            found = getattr(found, frag)
            continue
        if used not in _STDLIB_SUBMODULES:
            return Resolution(ResolutionStatus.MISSING)  # the import of `used` fails: ValueError
        importlib.import_module(used)
        if not hasattr(found, frag):
            return Resolution(ResolutionStatus.MISSING)
        found = getattr(found, frag)
    signature = _STDLIB_BY_ID.get(id(found))
    if signature is not None:
        return Resolution(ResolutionStatus.KNOWN, signature)
    return Resolution(ResolutionStatus.UNKNOWN)


def resolve_name(dotted: str) -> Resolution:
    """What dictConfig's `resolve` makes of a `class` / `()` string, as far as it is known statically."""
    if not isinstance(dotted, str) or not dotted:
        return Resolution(ResolutionStatus.UNKNOWN)
    parts = dotted.split(".")
    if parts[0] == "logging":
        return _resolve_stdlib(parts)
    prefix = DJANGO_LOG_MODULE.split(".")
    if parts[: len(prefix)] == prefix and len(parts) > len(prefix):
        rest = parts[len(prefix):]
        if rest[0] not in DJANGO_LOG_MODULE_NAMES:
            return Resolution(ResolutionStatus.MISSING)
        if rest[0] == "logging":
            return _resolve_stdlib(rest)
        if len(rest) == 1 and dotted in DJANGO_CLASSES:
            return Resolution(ResolutionStatus.KNOWN, DJANGO_CLASSES[dotted])
    return Resolution(ResolutionStatus.UNKNOWN)


def class_signature(dotted: str) -> Optional[ClassSignature]:
    """The constructor of the class dictConfig resolves `dotted` to, when it is a known one."""
    return resolve_name(dotted).signature


# ------------------------------------------------------------------------------------------ keys

FACTORY_KEY = "()"
ATTRIBUTES_KEY = "."

TOP_LEVEL_KEYS = frozenset({
    "version", "incremental", "disable_existing_loggers", "formatters", "filters", "handlers", "loggers",
    "root",
})
LOGGER_KEYS = frozenset({"level", "handlers", "filters", "propagate"})
ROOT_KEYS = frozenset({"level", "handlers", "filters"})  # `propagate` is read for named loggers only
# Popped by configure_handler before the rest goes to the constructor (`class` only without `()`).
HANDLER_KEYS = frozenset({"class", "level", "formatter", "filters", FACTORY_KEY, ATTRIBUTES_KEY})
FORMATTER_KEYS = frozenset(
    {"format", "datefmt", "style", "validate", "class", FACTORY_KEY}
    | ({"defaults"} if PYTHON_VERSION >= (3, 12) else set())
)
FILTER_KEYS = frozenset({"name", FACTORY_KEY})
# dictConfig 3.12+ configures a QueueHandler itself: these keys are consumed, not passed on.
QUEUE_HANDLER_KEYS = frozenset({"queue", "listener", "handlers"}) if PYTHON_VERSION >= (3, 12) else frozenset()

# The `style` values a Formatter accepts (anything else: ValueError "Style must be one of: ...").
FORMATTER_STYLES: tuple[str, ...] = tuple(logging._STYLES)  # type: ignore[attr-defined]
# A formatter `class` is called `cls(format, datefmt, style)` (and `validate` 4th when given).
FORMATTER_POSITIONAL = ("format", "datefmt", "style", "validate")
# Handler classes dictConfig treats specially (the subclasses too): `target` names another handler;
# a list `mailhost` / `address` is turned into a tuple.
MEMORY_TARGET_CLASSES = ("logging.handlers.MemoryHandler",)
TUPLE_CONVERTED = {"logging.handlers.SMTPHandler": "mailhost", "logging.handlers.SysLogHandler": "address"}

_IDENTIFIER: re.Pattern[str] = logging.config.IDENTIFIER  # type: ignore[attr-defined]


def is_valid_ident(key: str) -> bool:
    """dictConfig's `valid_ident`: a key that fails it, passed to a constructor, raises ValueError."""
    return bool(_IDENTIFIER.match(key))


def constructor_keys(section: str, keys: Iterable[str], factory: bool = False) -> list[str]:
    """The keys of a `handlers`/`formatters`/`filters` entry dictConfig passes to the constructor as
    keyword arguments. `factory`: the entry has a `()` key. A formatter or filter without `()` is built
    by dictConfig itself: nothing is passed on ([]). With `()`, every key but `()` and `.` is passed (a
    handler's `level`, `formatter`, `filters` are still consumed, `class` is not)."""
    keys = list(keys)
    if section == "handlers":
        consumed = {"level", "formatter", "filters", FACTORY_KEY, ATTRIBUTES_KEY}
        if not factory:
            consumed.add("class")
        return [k for k in keys if k not in consumed]
    if section in ("formatters", "filters"):
        if not factory:
            return []
        return [k for k in keys if k not in (FACTORY_KEY, ATTRIBUTES_KEY)]
    raise ValueError(f"not a constructed section: {section!r}")


# dictConfig retries a constructor once with a renamed keyword when the TypeError names the old one
# (kept for code written for older Pythons, e.g. by Django): `format` -> `fmt` for a formatter `()`
# factory, `stream` -> `strm` for any handler.
RETRY_RENAMES: dict[str, tuple[str, str]] = {"formatters": ("format", "fmt"), "handlers": ("stream", "strm")}


@dataclass(frozen=True)
class ConstructorCheck:
    unknown: tuple[str, ...]  # keyword arguments the constructor rejects: TypeError at startup
    missing: tuple[str, ...]  # required parameters no key gives: TypeError at startup
    invalid_keys: tuple[str, ...]  # keys passed on that are not identifiers: ValueError at startup

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing or self.invalid_keys)


def check_constructor(section: str, signature: ClassSignature, keys: Iterable[str],
                      factory: bool = False) -> ConstructorCheck:
    """What happens when dictConfig builds a `handlers`/`formatters`/`filters` entry with the given keys
    and a known class (`class`, or `()` when `factory`), retry renames included. A formatter or filter
    without `()` is built by dictConfig itself: see `FORMATTER_POSITIONAL` for a formatter `class`."""
    passed = constructor_keys(section, keys, factory)
    invalid = tuple(k for k in passed if not is_valid_ident(k))
    if invalid:
        return ConstructorCheck((), (), invalid)
    unknown = signature.unknown_keywords(passed)
    rename = RETRY_RENAMES.get(section)
    if rename is not None and (section == "handlers" or factory):
        old, new = rename
        if unknown == [old] and signature.accepts_keyword(new):  # the retry overwrites `new` if given
            passed = [k for k in passed if k != new] + [new]
            unknown = []
    missing = [] if unknown else signature.missing_required(passed)
    return ConstructorCheck(tuple(unknown), tuple(missing), ())


# ------------------------------------------------------------------------------- argument values

_ROLLOVER_WHEN = frozenset({"S", "M", "H", "D", "MIDNIGHT"} | {f"W{day}" for day in range(7)})


def _stdlib_class(dotted: str) -> Optional[type]:
    found: Any = None
    for module in (logging, logging.handlers):
        if dotted.startswith(module.__name__ + ".") and dotted.count(".") == module.__name__.count(".") + 1:
            found = getattr(module, dotted.rsplit(".", 1)[1], None)
    return found if isinstance(found, type) else None


def _file_mode_problem(mode: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
    if not isinstance(mode, str):
        return None
    if set(mode) - set("rwxabt+") or len(set(mode)) != len(mode) or sum(c in "rwxa" for c in mode) != 1:
        return f"mode {mode!r} is not a file mode: open() raises ValueError"
    return None


def _encoding_problem(encoding: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
    if not isinstance(encoding, str):
        return None
    try:
        codecs.lookup(encoding)
    except LookupError:
        return f"encoding {encoding!r} is unknown: LookupError"
    return None


def _number_problem(name: str) -> Any:
    def check(value: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
        if isinstance(value, str):
            return f"{name} {value!r} is a string, not a number: TypeError"
        return None
    return check


def _stream_problem(stream: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
    if isinstance(stream, str) and "://" not in stream:
        return (
            f"stream {stream!r} is a string, not a stream: every record fails when written "
            f"(use 'ext://{stream}')" if stream.startswith("sys.") else
            f"stream {stream!r} is a string, not a stream: every record fails when written"
        )
    return None


def _flush_level_problem(level: Any, target: tuple[int, ...]) -> Optional[str]:
    if isinstance(level, str) and "://" not in level and target < (3, 12, 4):
        return (
            f"flushLevel {level!r} is a string: before Python 3.12.4 MemoryHandler compares it with each "
            "record's level, and every log call raises TypeError"
        )
    return None


def _when_problem(when: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
    if isinstance(when, str) and when.upper() not in _ROLLOVER_WHEN:
        return f"when {when!r} is not a rollover interval (S, M, H, D, midnight, W0-W6): ValueError"
    return None


def _method_problem(method: Any, target: tuple[int, ...] = RUNNING_PYTHON) -> Optional[str]:
    if isinstance(method, str) and method.upper() not in ("GET", "POST"):
        return f"method {method!r} is not GET or POST: ValueError"
    return None


# (base class, parameter) -> what is wrong with a literal value for it, for the classes and subclasses;
# each entry was checked against the running interpreter (the constructor, or the first emit when the
# file is opened lazily, raises).
_VALUE_CHECKS: tuple[tuple[str, str, Any], ...] = (
    ("logging.FileHandler", "mode", _file_mode_problem),
    ("logging.FileHandler", "encoding", _encoding_problem),
    ("logging.handlers.RotatingFileHandler", "maxBytes", _number_problem("maxBytes")),
    ("logging.handlers.TimedRotatingFileHandler", "when", _when_problem),
    ("logging.handlers.TimedRotatingFileHandler", "interval", _number_problem("interval")),
    ("logging.handlers.HTTPHandler", "method", _method_problem),
    ("logging.StreamHandler", "stream", _stream_problem),
    ("logging.handlers.MemoryHandler", "flushLevel", _flush_level_problem),
)


def argument_value_problem(
    class_name: str, param: str, value: Any, target: tuple[int, ...] = RUNNING_PYTHON
) -> Optional[str]:
    """What is wrong with a literal `value` for `param` of the stdlib handler `class_name` (canonical
    dotted name), when the handler raises on it on Python `target` (the oldest the project runs on);
    None when it is fine or not known."""
    cls = _stdlib_class(class_name)
    if cls is None:
        return None
    for base_name, name, check in _VALUE_CHECKS:
        base = _stdlib_class(base_name)
        if name == param and base is not None and issubclass(cls, base):
            return check(value, target)
    return None


# ------------------------------------------------------------------------------ ext:// references

# Modules an `ext://` reference may name that are safe to look into here: already imported by loglint
# itself (nothing of the checked project is ever imported).
_EXT_SAFE_MODULES = {"sys": sys, "logging": logging, "logging.handlers": logging.handlers}


def ext_reference_problem(text: Any) -> Optional[str]:
    """Why an `ext://` string cannot resolve, for references into `sys` and `logging` (the only modules
    looked into); None when it resolves or is not such a reference."""
    reference = parse_reference(text) if isinstance(text, str) else None
    if reference is None or reference.prefix != "ext":
        return None
    parts = reference.suffix.split(".")
    for length in range(len(parts), 0, -1):
        module = _EXT_SAFE_MODULES.get(".".join(parts[:length]))
        if module is None:
            continue
        found: Any = module
        for attribute in parts[length:]:
            if not hasattr(found, attribute):
                close = difflib.get_close_matches(attribute, [n for n in dir(found) if not n.startswith("_")], n=1)
                hint = f"; did you mean {'.'.join(parts[:parts.index(attribute)] + [close[0]])!r}?" if close else ""
                return f"{text!r} cannot be resolved: {'.'.join(parts[:length])} has no {attribute!r}{hint}"
            found = getattr(found, attribute)
        return None
    return None


# ------------------------------------------------------------------------------------- LogRecord

def _record_attributes() -> frozenset[str]:
    record = logging.LogRecord("name", logging.INFO, __file__, 1, "msg", None, None)
    return frozenset(vars(record)) | {"message", "asctime"}


LOG_RECORD_ATTRIBUTES: frozenset[str] = _record_attributes()

# What later Pythons add over the tables derived here (the checked project may run on a newer one): a
# rule stays quiet about these whatever the running version. (section, key) -> the version adding it.
LATER_PYTHON: dict[tuple[str, str], tuple[int, int]] = {
    ("record", "taskName"): (3, 12),
    ("formatters", "defaults"): (3, 12),
    ("QueueHandler", "queue"): (3, 12),
    ("QueueHandler", "listener"): (3, 12),
    ("QueueHandler", "handlers"): (3, 12),
}
# The LogRecord fields a formatter may name on the running Python or a later one.
LOG_RECORD_ATTRIBUTES_ANY_VERSION: frozenset[str] = LOG_RECORD_ATTRIBUTES | {
    key for (section, key) in LATER_PYTHON if section == "record"
}

# ------------------------------------------------------------------------------------- references

_CONFIGURATOR = logging.config.BaseConfigurator
CONVERT_PATTERN: re.Pattern[str] = _CONFIGURATOR.CONVERT_PATTERN
WORD_PATTERN: re.Pattern[str] = _CONFIGURATOR.WORD_PATTERN
DOT_PATTERN: re.Pattern[str] = _CONFIGURATOR.DOT_PATTERN
INDEX_PATTERN: re.Pattern[str] = _CONFIGURATOR.INDEX_PATTERN
DIGIT_PATTERN: re.Pattern[str] = _CONFIGURATOR.DIGIT_PATTERN
REFERENCE_PREFIXES = frozenset(_CONFIGURATOR.value_converters)  # {"ext", "cfg"}


@dataclass(frozen=True)
class Reference:
    prefix: str  # "ext" | "cfg"
    suffix: str
    # cfg:// only: the lookup steps (str keys; int for an all-digit index, which dictConfig tries as an
    # int first, then as a str key); None when dictConfig raises "Unable to convert".
    path: Optional[tuple[Any, ...]] = field(default=None)

    @property
    def valid(self) -> bool:
        if self.prefix == "cfg":
            return self.path is not None
        return bool(self.suffix)


def _cfg_path(value: str) -> Optional[tuple[Any, ...]]:
    """The steps of `cfg_convert`, without a config to look them up in."""
    m = WORD_PATTERN.match(value)
    if m is None:
        return None
    steps: list[Any] = [m.group(1)]
    rest = value[m.end():]
    while rest:
        m = DOT_PATTERN.match(rest)
        if m:
            steps.append(m.group(1))
        else:
            m = INDEX_PATTERN.match(rest)
            if m is None:
                return None
            idx = m.group(1)
            steps.append(int(idx) if DIGIT_PATTERN.match(idx) else idx)
        rest = rest[m.end():]
    return tuple(steps)


def parse_reference(text: str) -> Optional[Reference]:
    """An `ext://` or `cfg://` string as dictConfig's `convert` sees it; None for any other string (other
    `xyz://` prefixes are left as plain strings by dictConfig)."""
    if not isinstance(text, str):
        return None
    m = CONVERT_PATTERN.match(text)
    if m is None or m.group("prefix") not in REFERENCE_PREFIXES:
        return None
    prefix, suffix = m.group("prefix"), m.group("suffix")
    return Reference(prefix, suffix, _cfg_path(suffix) if prefix == "cfg" else None)


__all__ = [
    "ATTRIBUTES_KEY", "argument_value_problem", "ext_reference_problem", "RUNNING_PYTHON", "ClassSignature", "DJANGO_CLASSES", "DJANGO_VERSION", "FACTORY_KEY", "FILTER_KEYS",
    "FORMATTER_KEYS", "FORMATTER_POSITIONAL", "FORMATTER_STYLES", "HANDLER_KEYS", "LEVEL_NAMES", "LOG_RECORD_ATTRIBUTES",
    "LATER_PYTHON", "LOG_RECORD_ATTRIBUTES_ANY_VERSION", "LOGGER_KEYS", "LevelCheck", "LevelVerdict", "MEMORY_TARGET_CLASSES", "PYTHON_VERSION", "Param",
    "QUEUE_HANDLER_KEYS", "ROOT_KEYS", "Reference", "Resolution", "ResolutionStatus", "STDLIB_CLASSES",
    "TOP_LEVEL_KEYS", "TUPLE_CONVERTED", "ConstructorCheck", "RETRY_RENAMES", "check_constructor", "check_level", "class_signature", "constructor_keys",
    "is_valid_ident", "parse_reference", "resolve_name",
]
