"""Sentry by meaning: `sentry_sdk.init` calls taken apart, integration classes, literal option values.

Stable API (the LL5 rules read it; nothing here imports sentry-sdk, its option table is the generated
data of `sentry_options.py`):

- `sentry_init(context, call) -> Optional[SentryInit]`: the call is `sentry_sdk.init(...)` (any alias,
  `from sentry_sdk import init as i`, `import sentry_sdk as s`) or `sentry_sdk.Client(...)`, which take
  the same options; computed once per call. `SentryInit.options` are the options passed by name: each
  keyword, the positional DSN, and the string keys of a `**{...}` dict literal; `open_kwargs` says that
  a `**mapping` the file cannot see may pass more.
- `literal(expr)`: the value of a literal (`"x"`, `0.5`, `-1`, `True`, `None`), else `UNKNOWN`. Names,
  calls, `os.environ[...]`, `env(...)`, settings names and conditional expressions are all `UNKNOWN`:
  the rules judge only what is written in the call.
- `integration_class(context, call) -> Optional[str]`: the qualified name of a `sentry_sdk.integrations`
  class the call constructs (`sentry_sdk.integrations.django.DjangoIntegration`), else None.
- `call_argument(call, keyword, position)`: an argument given by keyword or position.
- `is_capture_exception(context, call)`: `sentry_sdk.capture_exception(...)` by meaning.
- `dsn_problem(text)`: why sentry-sdk's `Dsn` rejects a DSN string (the same steps: scheme, host, port,
  public key, numeric project id), or None; `dsn_has_secret(text)`: a legacy `key:secret@` DSN.
- `production_only_skipped(context, node)`: development settings (`dev-settings` globs), a test module,
  or a branch that only runs in development (`if DEBUG:`): what the production-only rules (sampling,
  debug, PII) leave alone.
- `per_request_place(context)`: LL509's question: what runs the current function on every request/task.
- `logging_event_level(context)`, `ignored_loggers(context)`: the level from which the logging
  integration turns records into events, and the loggers `ignore_logger(...)` silences, as the file and
  the project's other modules say (see the functions).
- `double_reports(context, handler)`: LL512's question, see the function.
"""

from __future__ import annotations

import difflib
import os
import re
import weakref
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union
from urllib.parse import urlsplit

import libcst as cst

from loglint.semantics import sentry_options
from loglint.semantics.django import file_kinds
from loglint.semantics.loggers import LEVEL_NAMES
from loglint.semantics.names import optional_import_name

if TYPE_CHECKING:
    from loglint.engine import FileContext
    from loglint.project import ProjectIndex
    from loglint.semantics.loggers import LogCall
    from loglint.semantics.names import NameTable

INIT_NAMES = frozenset({"sentry_sdk.init", "sentry_sdk.api.init", "sentry_sdk._init_implementation.init"})
CLIENT_NAMES = frozenset({"sentry_sdk.Client", "sentry_sdk.client.Client", "sentry_sdk.client._Client"})
CAPTURE_EXCEPTION_NAMES = frozenset({"sentry_sdk.capture_exception", "sentry_sdk.api.capture_exception"})
INTEGRATIONS_PREFIX = "sentry_sdk.integrations."
LOGGING_INTEGRATION = "sentry_sdk.integrations.logging.LoggingIntegration"
SAMPLE_RATE_OPTIONS = ("sample_rate", "traces_sample_rate", "profiles_sample_rate", "profile_session_sample_rate")


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
LiteralValue = Union[str, int, float, bool, None, _Unknown]


@dataclass(frozen=True)
class Option:
    """One option passed to `init`: `node` is where findings point (the keyword argument, the positional
    DSN, or the `"key": value` element of a `**{...}` literal), `value` the expression passed."""

    name: str
    node: cst.CSTNode
    value: cst.BaseExpression
    keyword: Optional[cst.Arg] = None  # the `name=value` argument, when passed that way (fixes rename it)

    @property
    def literal(self) -> LiteralValue:
        return literal(self.value)


@dataclass(frozen=True)
class SentryInit:
    call: cst.Call
    is_init: bool  # `sentry_sdk.init` (False: `sentry_sdk.Client`)
    options: tuple[Option, ...]
    open_kwargs: bool  # a `**mapping` (or a non-literal positional) may pass options not seen here
    # A positional argument the SDK refuses ("Only single positional argument is expected"): a third one,
    # or a second after a dict literal.
    extra_positional: Optional[cst.Arg] = None

    def get(self, name: str) -> Optional[Option]:
        """The option as the SDK sees it: a keyword `dsn` wins over the positional one."""
        for option in reversed(self.options):
            if option.name == name:
                return option
        return None

    def literal(self, name: str) -> LiteralValue:
        """The literal value of an option; `UNKNOWN` when it is not a literal, or absent but possibly
        passed by an unseen `**mapping`; `None` when it is surely absent (the SDK's default then)."""
        option = self.get(name)
        if option is not None:
            return option.literal
        return UNKNOWN if self.open_kwargs else None

    def given(self, name: str) -> bool:
        """The option is passed with a value that is not a literal `None`."""
        option = self.get(name)
        return option is not None and option.literal is not None


class _FileState:
    def __init__(self, context: "FileContext") -> None:
        # Sentry names come from an import that spells `sentry_sdk`: a file without it has none.
        self.mentions_sdk = context.source is None or b"sentry_sdk" in context.source
        # A DSN literal LL503 reports sits under a name or key spelling "dsn" (any case).
        self.mentions_dsn = context.source is None or re.search(rb"(?i)dsn", context.source) is not None
        self.inits: dict[cst.Call, Optional[SentryInit]] = {}
        self.integration: Optional[tuple[object, object]] = None
        self.dev_nodes: Optional[set[int]] = None


_STATES: "weakref.WeakKeyDictionary[FileContext, _FileState]" = weakref.WeakKeyDictionary()


def _state(context: "FileContext") -> _FileState:
    state = _STATES.get(context)
    if state is None:
        state = _STATES[context] = _FileState(context)
    return state


# -- literals ----------------------------------------------------------------------------------------


def literal(expr: cst.BaseExpression) -> LiteralValue:
    """The value of a literal expression, else `UNKNOWN` (see the module docstring)."""
    if isinstance(expr, cst.Integer):
        try:
            return int(expr.value, 0)
        except ValueError:
            return UNKNOWN
    if isinstance(expr, cst.Float):
        try:
            return float(expr.value.replace("_", ""))
        except ValueError:
            return UNKNOWN
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else UNKNOWN
    if isinstance(expr, cst.Name) and expr.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[expr.value]
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        inner = literal(expr.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner if isinstance(expr.operator, cst.Minus) else inner
    return UNKNOWN


# -- calls ---------------------------------------------------------------------------------------------


def sentry_init(context: "FileContext", call: cst.Call) -> Optional[SentryInit]:
    """`sentry_sdk.init(...)` / `sentry_sdk.Client(...)` taken apart; None for any other call."""
    state = _state(context)
    if not state.mentions_sdk:
        return None
    cache = state.inits
    if call in cache:
        return cache[call]
    found = None
    if isinstance(call.func, (cst.Name, cst.Attribute)):
        qualified = optional_import_name(context, call.func)
        if qualified in INIT_NAMES or qualified in CLIENT_NAMES:
            found = _take_apart(call, qualified in INIT_NAMES)
    cache[call] = found
    return found


def mentions_sdk(context: "FileContext") -> bool:
    """The file spells `sentry_sdk` somewhere: without it, no name of the file can be Sentry's."""
    return _state(context).mentions_sdk


def mentions_dsn(context: "FileContext") -> bool:
    """The file spells "dsn" in some case somewhere (a DSN name, key, option or environment variable)."""
    return _state(context).mentions_dsn


def _take_apart(call: cst.Call, is_init: bool) -> SentryInit:
    options: list[Option] = []
    open_kwargs = False
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    for index, arg in enumerate(positional):
        if index == 0 and not isinstance(arg.value, cst.Dict):
            # The signature's first parameter is the DSN: a positional that is not a dict literal is
            # taken as one (`init(SENTRY_DSN, ...)`); its value is judged only when it is a literal.
            options.append(Option("dsn", arg, arg.value))
        elif isinstance(arg.value, cst.Dict) and index == len(positional) - 1:
            open_kwargs |= _dict_options(arg.value, options)
        else:
            open_kwargs = True
    for arg in call.args:
        if arg.keyword is not None:
            options.append(Option(arg.keyword.value, arg, arg.value, arg))
        elif arg.star == "**":
            if isinstance(arg.value, cst.Dict):
                open_kwargs |= _dict_options(arg.value, options)
            else:
                open_kwargs = True
        elif arg.star == "*":
            open_kwargs = True
    extra = None
    if not any(arg.star == "*" for arg in call.args):
        allowed = 1 if positional and isinstance(positional[0].value, cst.Dict) else 2
        if len(positional) > allowed:
            extra = positional[allowed]
    return SentryInit(call, is_init, tuple(options), open_kwargs, extra)


def _dict_options(node: cst.Dict, options: list[Option]) -> bool:
    """Options of a dict literal; True when some key is not a literal string (more may be passed)."""
    hidden = False
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            key = literal(element.key)
            if isinstance(key, str):
                options.append(Option(key, element, element.value))
                continue
        hidden = True
    return hidden


def integration_class(context: "FileContext", call: cst.Call) -> Optional[str]:
    """The qualified name of the `sentry_sdk.integrations` class `call` constructs, else None."""
    if not _state(context).mentions_sdk or not isinstance(call.func, (cst.Name, cst.Attribute)):
        return None
    qualified = optional_import_name(context, call.func)
    if qualified is not None and qualified.startswith(INTEGRATIONS_PREFIX):
        return qualified
    return None


def call_argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument passed as `keyword=`, or as the positional argument number `position` (0-based)."""
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif not arg.star:
            if index == position:
                return arg
            index += 1
    return None


def has_unpacking(call: cst.Call) -> bool:
    return any(arg.star for arg in call.args)


def is_capture_exception(context: "FileContext", call: cst.Call) -> bool:
    if not isinstance(call.func, (cst.Name, cst.Attribute)):
        return False
    return optional_import_name(context, call.func) in CAPTURE_EXCEPTION_NAMES


# -- DSN -----------------------------------------------------------------------------------------------


def dsn_problem(text: str) -> Optional[tuple[str, str]]:
    """Why `sentry_sdk.utils.Dsn(text)` raises, following its steps, as (reason, exception name), or None
    when it parses. The empty string is not a problem: it disables sending (the SDK creates no
    transport). A port that is not a number fails in `urllib` itself, with a plain `ValueError`."""
    if text == "":
        return None
    try:
        parts = urlsplit(text)
    except ValueError as error:
        return str(error), "ValueError"
    if parts.scheme not in sentry_options.DSN_SCHEMES:
        return (f"unsupported scheme {parts.scheme!r}" if parts.scheme else "no http(s) scheme"), "BadDsn"
    if parts.hostname is None:
        return "missing hostname", "BadDsn"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return str(error), "ValueError"
    if not parts.username:
        return "missing public key", "BadDsn"
    project = parts.path.rsplit("/", 1)[-1]
    try:
        int(project)
    except ValueError:
        return (f"invalid project id {project!r}" if project else "missing project id"), "BadDsn"
    return None


# -- data_collection (sentry-sdk 2.7x) -------------------------------------------------------------


@dataclass(frozen=True)
class ValueProblem:
    """A value sentry-sdk rejects (`exception`: the class it raises at startup) or ignores (None).
    `where` is the subscript path inside the option (`['cookies']['mode']`), `reason` what is wrong."""

    node: cst.CSTNode
    where: str
    reason: str
    exception: Optional[str]


_CONTAINERS = (cst.List, cst.Tuple, cst.Set)


def data_collection_problems(expr: cst.BaseExpression) -> list[ValueProblem]:
    """What sentry-sdk's `_resolve_explicit` does with a literal `data_collection` value, step by step:
    a value that is not a dict raises `TypeError`; `frame_context_lines` must be a bool or an int >= 0
    (`ValueError`); `cookies`, `url_query_params`, `http_headers["request"]` and a dict
    `stack_frame_variables` take a collection mode (`ValueError` for another) and `terms` it can make a
    list of (`TypeError`); `cookies`, `url_query_params`, `graphql`, `gen_ai` that are set but not dicts
    have no `.get` (`AttributeError`); `http_bodies` must be iterable (`TypeError`). Keys the SDK does
    not read are ignored. Only literals are judged; a dict with a `**` spread or a computed key is left
    alone, and a repeated key counts once (its last value), as in Python."""
    value = literal(expr)
    if value is None:
        return []
    if isinstance(expr, _CONTAINERS) or not (isinstance(expr, cst.Dict) or value is UNKNOWN):
        return [ValueProblem(expr, "", "is not a dict", "TypeError")]
    if not isinstance(expr, cst.Dict) or _has_spread(expr):
        return []
    problems: list[ValueProblem] = []
    entries: dict[object, cst.DictElement] = {}
    for element in expr.elements:
        if isinstance(element, cst.DictElement):
            entries[literal(element.key)] = element  # a repeated key: the last one counts, as in Python
    if any(not isinstance(key, str) for key in entries):
        return []  # a computed key may be any of them
    for key, element in entries.items():
        assert isinstance(key, str)
        if key not in sentry_options.DATA_COLLECTION_KEYS:
            close = difflib.get_close_matches(key, sentry_options.DATA_COLLECTION_KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(ValueProblem(element, "", f"key {key!r} is not one sentry-sdk reads{hint}", None))
            continue
        problems.extend(_data_collection_entry(key, element.value))
    return problems


def _data_collection_entry(key: str, expr: cst.BaseExpression) -> list[ValueProblem]:
    value = literal(expr)
    where = f"[{key!r}]"
    if key == "frame_context_lines":
        ok = value is None or isinstance(value, bool) or (isinstance(value, int) and value >= 0)
        if ok or (value is UNKNOWN and not isinstance(expr, (cst.Dict,) + _CONTAINERS)):
            return []
        return [ValueProblem(expr, where, "must be a bool or an int >= 0", "ValueError")]
    if key == "http_bodies":
        if isinstance(value, (int, float)) and not isinstance(value, str):  # bools are ints
            return [ValueProblem(expr, where, "must be a list of body types", "TypeError")]
        return []
    if key == "stack_frame_variables":
        return _collection_behaviour(where, expr) if isinstance(expr, cst.Dict) else []
    if key in ("cookies", "url_query_params", "graphql", "gen_ai", "http_headers"):
        if _falsy(expr):
            return []  # `d.get(key) or {}`
        if key == "http_headers" and not isinstance(expr, cst.Dict):
            # `"request" in value`, then `value["request"]`
            if isinstance(value, (int, float)):
                return [ValueProblem(expr, where, "must be a dict", "TypeError")]
            if isinstance(value, str):
                holds = "request" in value
            elif isinstance(expr, _CONTAINERS):
                items = [literal(element.value) for element in expr.elements]
                if any(item is UNKNOWN for item in items):
                    return []
                holds = "request" in items
            else:
                return []
            return [ValueProblem(expr, where, "must be a dict", "TypeError")] if holds else []
        if not isinstance(expr, cst.Dict):
            if value is UNKNOWN and not isinstance(expr, _CONTAINERS):
                return []
            return [ValueProblem(expr, where, "must be a dict (it has no `.get`)", "AttributeError")]
        if _has_spread(expr) or key in ("graphql", "gen_ai"):
            return []
        if key == "http_headers":
            request = _dict_value(expr, "request")
            if request is None:
                return []
            if isinstance(request, cst.Dict):
                return _collection_behaviour(f"{where}['request']", request)
            if literal(request) is UNKNOWN and not isinstance(request, _CONTAINERS):
                return []
            return [
                ValueProblem(request, f"{where}['request']", "must be a dict (it has no `.get`)", "AttributeError")
            ]
        return _collection_behaviour(where, expr)
    return []


def _collection_behaviour(where: str, expr: cst.Dict) -> list[ValueProblem]:
    """`_kvcb_from_value`: a known `mode`, and `terms` that `list()` accepts."""
    if _has_spread(expr):
        return []
    problems: list[ValueProblem] = []
    mode = _dict_value(expr, "mode")
    if mode is not None:
        value = literal(mode)
        if isinstance(mode, (cst.Dict,) + _CONTAINERS):
            value = mode.__class__.__name__.lower()  # a container is never one of the mode strings
        if value is not UNKNOWN and value not in sentry_options.DATA_COLLECTION_MODES:
            modes = ", ".join(repr(m) for m in sentry_options.DATA_COLLECTION_MODES)
            problems.append(ValueProblem(mode, f"{where}['mode']", f"{value!r} is not one of {modes}", "ValueError"))
    terms = _dict_value(expr, "terms")
    if terms is not None:
        value = literal(terms)
        if isinstance(value, (int, float)) and not isinstance(value, str):
            problems.append(ValueProblem(terms, f"{where}['terms']", "must be a list of names", "TypeError"))
    return problems


def _dict_value(node: cst.Dict, key: str) -> Optional[cst.BaseExpression]:
    found = None
    for element in node.elements:
        if isinstance(element, cst.DictElement) and literal(element.key) == key:
            found = element.value
    return found


def _has_spread(node: cst.Dict) -> bool:
    return any(not isinstance(element, cst.DictElement) for element in node.elements)


def _falsy(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, (cst.Dict,) + _CONTAINERS):
        return not expr.elements
    value = literal(expr)
    return value is not UNKNOWN and not value


def bytes_literal(expr: cst.BaseExpression) -> Optional[bytes]:
    """The value of a bytes literal (`b"..."`), else None."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        if isinstance(value, bytes):
            return value
    return None


def dsn_has_secret(text: str) -> bool:
    """A legacy DSN that carries the secret key (`https://public:secret@host/1`)."""
    try:
        return bool(urlsplit(text).password)
    except ValueError:
        return False


# -- file facts ----------------------------------------------------------------------------------------


def production_only_skipped(context: "FileContext", node: Optional[cst.CSTNode] = None) -> bool:
    """Not production configuration: development settings (the `dev-settings` globs), test modules, and
    code that only runs in development: the body of `if DEBUG:` / `if settings.DEBUG:` / `if ENV ==
    "local":` (and the `else` of `if not DEBUG:` / `if ENV == "production":`). `node`: the node to ask
    about (default: the statement being visited)."""
    kinds = file_kinds(context)
    if kinds.is_dev_settings or kinds.is_test:
        return True
    state = _state(context)
    if state.dev_nodes is None:
        state.dev_nodes = _development_nodes(context.module)
    target = node if node is not None else context.current_statement
    return target is not None and id(target) in state.dev_nodes


DEVELOPMENT_NAMES = frozenset({"dev", "develop", "development", "local", "test", "testing", "ci"})
PRODUCTION_NAMES = frozenset({"prod", "production", "live"})
DEVELOPMENT_WORDS = DEVELOPMENT_NAMES | {"runserver", "pytest"}


def _development_nodes(module: cst.Module) -> set[int]:
    """Ids of the nodes under a branch that runs only in development (see `production_only_skipped`)."""
    found: set[int] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.If):
            side = _environment_test(node.test)
            branch = node.body if side == "development" else node.orelse if side == "production" else None
            if branch is not None:
                inner: list[cst.CSTNode] = [branch]
                while inner:
                    child = inner.pop()
                    found.add(id(child))
                    inner.extend(child.children)
        stack.extend(node.children)
    return found


def _environment_test(test: cst.BaseExpression) -> Optional[str]:
    """"development" for `DEBUG`, `settings.DEBUG`, `DEBUG is True`, `ENV == "local"`, `ENV in ("dev",
    "test")`, `"test" in sys.argv`; "production" for `not DEBUG`, `DEBUG is False`, `ENV ==
    "production"`; None for anything else."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _environment_test(test.expression)
        return {"development": "production", "production": "development"}.get(inner or "")
    if isinstance(test, cst.BooleanOperation):
        sides = {_environment_test(test.left), _environment_test(test.right)}
        if isinstance(test.operator, cst.Or):
            return sides.pop() if len(sides) == 1 else None  # runs when either holds: both must agree
        return "development" if "development" in sides else None  # `and`: one development test suffices
    if isinstance(test, (cst.Name, cst.Attribute)):
        name = test.value if isinstance(test, cst.Name) else test.attr.value
        return "development" if name.upper() == "DEBUG" else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        flag = literal(target.comparator)
        if isinstance(target.operator, (cst.Is, cst.Equal)) and isinstance(flag, bool):
            side = _environment_test(test.left)
            if flag or side is None:
                return side
            return "production" if side == "development" else "development"
        word = literal(test.left)
        if isinstance(target.operator, cst.In) and isinstance(word, str) and word in DEVELOPMENT_WORDS:
            return "development"  # `"test" in sys.argv`, `"runserver" in sys.argv`
        values = _strings(target.comparator)
        if not values:
            return None
        lowered = {value.lower() for value in values}
        if isinstance(target.operator, (cst.Equal, cst.In)):
            if lowered <= DEVELOPMENT_NAMES:
                return "development"
            if isinstance(target.operator, cst.Equal) and lowered <= PRODUCTION_NAMES:
                return "production"
        if isinstance(target.operator, (cst.NotEqual, cst.NotIn)) and lowered <= PRODUCTION_NAMES:
            return "development"
    return None


def _strings(expr: cst.BaseExpression) -> list[str]:
    if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
        values = [literal(element.value) for element in expr.elements]
    else:
        values = [literal(expr)]
    return [value for value in values if isinstance(value, str)] if all(isinstance(v, str) for v in values) else []


def logging_event_level(context: "FileContext") -> Union[int, None, _Unknown]:
    """From which level a log record becomes a Sentry event: the integration's default (ERROR) unless
    the file, or another module of the project, constructs `LoggingIntegration(event_level=...)` (its
    literal level; None when it turns events off; `UNKNOWN` for a value that is not a literal or for
    several different ones) or calls `sentry_sdk.init(default_integrations=False)` without one (None: no
    integration). Other modules are read through the project index, only when a rule asks."""
    return _integration_facts(context)[0]  # type: ignore[return-value]


def ignored_loggers(context: "FileContext") -> Optional[frozenset[str]]:
    """The `fnmatch` patterns given to the logging integration's `ignore_logger(...)` in the file or the
    project (their records never become events); None when one of them is not a literal."""
    return _integration_facts(context)[1]  # type: ignore[return-value]


def _integration_facts(context: "FileContext") -> tuple[object, object]:
    state = _state(context)
    if state.integration is None:
        state.integration = _combined_facts(context)
    return state.integration


IGNORE_LOGGER = "sentry_sdk.integrations.logging.ignore_logger"


@dataclass(frozen=True)
class _ModuleFacts:
    event_level: object  # an int, None (no events), UNKNOWN, or _NOT_SET (the module says nothing)
    ignored: Optional[frozenset[str]]  # None: a pattern that is not a literal


def _combined_facts(context: "FileContext") -> tuple[object, object]:
    found = [_module_facts(context.names, context.module)]
    project = context.project
    if project is not None:
        here = os.path.realpath(context.path)
        tokens = (b"LoggingIntegration", b"default_integrations", b"ignore_logger")
        scans = [project.files_mentioning(token) for token in tokens]
        if any(scan is None for scan in scans):
            return UNKNOWN, None  # too large a project to read whole: not known
        for path in sorted({path for scan in scans for path in scan}):  # type: ignore[union-attr]
            if os.path.realpath(path) != here:
                found.append(_project_module_facts(project, path))
    levels = [facts.event_level for facts in found if facts.event_level is not _NOT_SET]
    if any(level is UNKNOWN for level in levels) or len(set(levels)) > 1:  # type: ignore[arg-type]
        level: object = UNKNOWN
    else:
        level = levels[0] if levels else sentry_options.LOGGING_DEFAULT_EVENT_LEVEL
    if any(facts.ignored is None for facts in found):
        return level, None
    return level, frozenset(pattern for facts in found for pattern in facts.ignored or ())


# Facts of other project modules, per project index and file content (a worker checks many files).
_PROJECT_FACTS: "weakref.WeakKeyDictionary[ProjectIndex, dict[tuple[str, bytes], _ModuleFacts]]" = (
    weakref.WeakKeyDictionary()
)


def _project_module_facts(project: "ProjectIndex", path: Path) -> _ModuleFacts:
    """The facts of another module of the project, read through the index (which records the read for
    the cache) and computed once per content."""
    from loglint.parsing import parse_source
    from loglint.semantics.names import NameTable

    data = project.read_file(path)
    if data is None:
        return _ModuleFacts(UNKNOWN, None)
    memo = _PROJECT_FACTS.setdefault(project, {})
    key = (str(path), data)
    if key not in memo:
        parsed = parse_source(data, str(path))
        if parsed.module is None:
            memo[key] = _ModuleFacts(UNKNOWN, None)
        else:
            # Relative imports are not followed (module name unknown): Sentry's names are absolute.
            memo[key] = _module_facts(NameTable(parsed.module, "", False, b":=" in data), parsed.module)
    return memo[key]


_NOT_SET = object()  # the module neither constructs the integration nor turns default integrations off


def _module_facts(names: "NameTable", module: cst.Module) -> _ModuleFacts:
    """What one module says about the logging integration (calls anywhere in it, names resolved from the
    module scope: imports inside functions are usually repeated at module level in settings)."""
    levels: set[object] = set()
    ignored: Optional[set[str]] = set()
    defaults_off = False
    unknown_defaults = False
    chain = (module,)
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if not isinstance(node, cst.Call) or not isinstance(node.func, (cst.Name, cst.Attribute)):
            continue
        qualified = names.qualified_name(node.func, chain)
        if qualified == LOGGING_INTEGRATION:
            arg = call_argument(node, "event_level", 1)
            if has_unpacking(node):
                levels.add(UNKNOWN)
            else:
                levels.add(sentry_options.LOGGING_DEFAULT_EVENT_LEVEL if arg is None else _level(names, arg.value, chain))
        elif qualified == IGNORE_LOGGER:
            arg = call_argument(node, "name", 0)
            pattern = literal(arg.value) if arg is not None and not has_unpacking(node) else UNKNOWN
            if isinstance(pattern, str) and ignored is not None:
                ignored.add(pattern)
            else:
                ignored = None
        elif qualified in INIT_NAMES:
            defaults = _take_apart(node, True).literal("default_integrations")
            if defaults is False:
                defaults_off = True
            elif defaults is not None and defaults is not True:
                unknown_defaults = True
    frozen = frozenset(ignored) if ignored is not None else None
    if unknown_defaults or len(levels) > 1 or UNKNOWN in levels:
        return _ModuleFacts(UNKNOWN, frozen)
    if levels:
        return _ModuleFacts(levels.pop(), frozen)
    return _ModuleFacts(None if defaults_off else _NOT_SET, frozen)


def _level(names: "NameTable", expr: cst.BaseExpression, chain: tuple) -> object:
    value = literal(expr)
    if value is None:
        return None
    if isinstance(value, str):
        return LEVEL_NAMES.get(value, UNKNOWN)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    qualified = names.qualified_name(expr, chain)
    if qualified and qualified.startswith("logging."):
        return LEVEL_NAMES.get(qualified[len("logging.") :], UNKNOWN)
    return UNKNOWN


def level_literal(
    context: "FileContext", expr: cst.BaseExpression, chain: Optional[tuple] = None
) -> Union[int, None, _Unknown]:
    """A logging level written as `logging.WARNING`, `30`, `"WARNING"` or `None`; else `UNKNOWN`."""
    value = literal(expr)
    if value is None:
        return None
    if isinstance(value, str):
        return LEVEL_NAMES.get(value, UNKNOWN)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    level = context.loggers.level_value(expr, chain if chain is not None else context.scope_chain)
    return UNKNOWN if level is None else level


# -- where an init runs (LL509) --------------------------------------------------------------------

MODEL_BASES = frozenset({"django.db.models.Model", "django.db.models.base.Model"})
VIEW_BASE_PREFIXES = ("django.views.", "rest_framework.views.", "rest_framework.viewsets.", "rest_framework.generics.")
MIDDLEWARE_METHODS = frozenset(
    {
        "__call__",
        "__acall__",
        "process_request",
        "process_view",
        "process_response",
        "process_exception",
        "process_template_response",
    }
)
TASK_DECORATORS = frozenset({"celery.shared_task", "celery.task", "celery.decorators.task"})


def per_request_place(context: "FileContext") -> Optional[str]:
    """What runs the function around the node being visited on every request or task: "a view" (a
    function of a views module taking `request` first, a method of a Django or DRF class-based view),
    "a middleware" (`__call__`/`process_*` of a `*Middleware` class or a class of a middleware module),
    "a model method", "a task" (`@shared_task`, `@app.task`); None when it is not known to
    (module level, settings, `AppConfig.ready`, `main()`, helpers called from anywhere)."""
    function = context.current_function
    if function is None:
        return None
    chain = context.scope_chain
    index = chain.index(function) if function in chain else -1
    owner = chain[index + 1] if 0 <= index < len(chain) - 1 else None
    outer = chain[index + 1 :] if index >= 0 else chain
    if any(_is_task_decorator(context, d.decorator, outer) for d in function.decorators):
        return "a task"
    if isinstance(owner, cst.ClassDef):
        bases = [context.names.qualified_name(b.value, outer[1:]) for b in owner.bases if b.keyword is None]
        if any(base in MODEL_BASES for base in bases):
            return "a model method"
        if any(base and base.startswith(VIEW_BASE_PREFIXES) for base in bases):
            return "a view"
        kinds = file_kinds(context)
        stem = kinds.relative_path.rsplit("/", 1)[-1]
        in_middleware = owner.name.value.endswith("Middleware") or stem == "middleware.py" or "/middleware/" in (
            "/" + kinds.relative_path
        )
        if in_middleware and function.name.value in MIDDLEWARE_METHODS:
            return "a middleware"
    if (
        file_kinds(context).is_views
        and not any(isinstance(node, cst.ClassDef) for node in outer)
        and _first_param(function) == "request"
    ):
        return "a view"
    return None


def _first_param(function: cst.FunctionDef) -> Optional[str]:
    params = list(function.params.posonly_params) + list(function.params.params)
    return params[0].name.value if params else None


def _is_task_decorator(context: "FileContext", decorator: cst.BaseExpression, chain: tuple) -> bool:
    func = decorator.func if isinstance(decorator, cst.Call) else decorator
    if not isinstance(func, (cst.Name, cst.Attribute)):
        return False
    if context.names.qualified_name(func, chain) in TASK_DECORATORS:
        return True
    # `@app.task` / `@celery_app.task(...)`: the Celery application's decorator
    return isinstance(func, cst.Attribute) and func.attr.value == "task" and isinstance(func.value, cst.Name)


# -- capture_exception next to an ERROR log (LL512) ----------------------------------------------------


def double_reports(context: "FileContext", handler: cst.CSTNode) -> list[cst.Call]:
    """The `sentry_sdk.capture_exception()` calls of an `except` body that run with a log call that
    becomes a second event: a record at or above the logging integration's event level
    (`logging_event_level`), without a traceback (a record with the same exception is dropped by the
    SDK's `DedupeIntegration`), on a path that can run with the capture (not the other branch of an `if`).
    Nested `except` clauses and definitions are not entered. Ask while the traversal is at the handler."""
    from loglint.semantics.handlers import handler_facts

    if not _state(context).mentions_sdk:
        return []
    facts = handler_facts(context, handler)  # type: ignore[arg-type]
    candidates = [
        log for log in facts.direct_logs if log.level is not None and not log.with_traceback
    ]
    if not candidates:
        return []
    captures: list[tuple[cst.Call, tuple]] = []
    records: list[tuple[cst.Call, tuple]] = []
    logs = {log.call.call: log.level for log in candidates}
    calls = {log.call.call: log.call for log in candidates}
    stack: list[tuple[cst.CSTNode, tuple]] = [(handler.body, ())]  # type: ignore[attr-defined]
    while stack:
        node, path = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ExceptHandler, cst.ExceptStarHandler)):
            continue
        if isinstance(node, cst.Call):
            if node in logs:
                records.append((node, path))
            elif _captures_handled(context, node, facts.name):
                captures.append((node, path))
        if isinstance(node, cst.If):
            stack.append((node.test, path))
            stack.append((node.body, path + ((node, "body"),)))
            if node.orelse is not None:
                stack.append((node.orelse, path + ((node, "else"),)))
            continue
        stack.extend((child, path) for child in node.children)
    if not captures or not records:
        return []
    level = logging_event_level(context)  # reads other modules: only for a real candidate
    ignored = ignored_loggers(context)
    if not isinstance(level, int) or ignored is None:
        return []
    records = [
        (call, path)
        for call, path in records
        if logs[call] >= level and not _logger_ignored(context, calls[call], ignored)
    ]
    return [call for call, path in captures if any(_may_run_together(path, other) for _, other in records)]


def _logger_ignored(context: "FileContext", call: "LogCall", ignored: frozenset[str]) -> bool:
    """The record's logger matches an `ignore_logger` pattern, or may (its name is not known)."""
    if not ignored:
        return False
    name = _logger_name(context, call)
    return name is None or any(fnmatch(name, pattern) for pattern in ignored)


def _logger_name(context: "FileContext", call: "LogCall") -> Optional[str]:
    """The name of the logger a log call uses: "root" for `logging.error(...)`, the literal or the
    module's `__name__` of a `logging.getLogger(...)` the receiver is bound to (once); else None."""
    from loglint.semantics.names import BindingKind

    if call.on_root:
        return "root"
    receiver = call.receiver
    if not isinstance(receiver, cst.Name):
        return None
    bindings = context.names.lookup(receiver.value, context.scope_chain) or []
    if len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
        return None
    value = bindings[0].payload
    if not isinstance(value, cst.Call) or not isinstance(value.func, (cst.Name, cst.Attribute)):
        return None
    if context.names.qualified_name(value.func, bindings[0].scopes) != "logging.getLogger":
        return None
    arg = call_argument(value, "name", 0)
    if arg is None:
        return "root"
    if isinstance(arg.value, cst.Name) and arg.value.value == "__name__":
        return context.module_name or None
    text = literal(arg.value)
    return text if isinstance(text, str) else None


def _captures_handled(context: "FileContext", call: cst.Call, name: Optional[str]) -> bool:
    """`capture_exception()` or `capture_exception(<the handler's name>)`."""
    if not is_capture_exception(context, call) or has_unpacking(call):
        return False
    arg = call_argument(call, "error", 0)
    if arg is None:
        return True
    return name is not None and isinstance(arg.value, cst.Name) and arg.value.value == name


def _may_run_together(first: tuple, second: tuple) -> bool:
    """Neither lies in the `if` branch the other's `else` excludes."""
    branches = dict(first)
    return all(branches.get(node, branch) == branch for node, branch in second)


def closest_option(name: str) -> Optional[str]:
    import difflib

    close = difflib.get_close_matches(name, sorted(sentry_options.OPTIONS), n=1, cutoff=0.6)
    return close[0] if close else None


__all__ = [
    "CAPTURE_EXCEPTION_NAMES",
    "CLIENT_NAMES",
    "INIT_NAMES",
    "LOGGING_INTEGRATION",
    "Option",
    "SAMPLE_RATE_OPTIONS",
    "SentryInit",
    "UNKNOWN",
    "bytes_literal",
    "call_argument",
    "closest_option",
    "double_reports",
    "ignored_loggers",
    "per_request_place",
    "dsn_has_secret",
    "data_collection_problems",
    "dsn_problem",
    "has_unpacking",
    "integration_class",
    "is_capture_exception",
    "level_literal",
    "literal",
    "logging_event_level",
    "mentions_dsn",
    "mentions_sdk",
    "production_only_skipped",
    "sentry_init",
]
