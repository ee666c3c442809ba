"""Datadog (`ddtrace`), New Relic and Scout APM, resolved by meaning: shared by the LL6 rules.

Stable API:

- `skipped(context) -> bool`: the file is a development settings module (`dev-settings` globs): LL6 rules,
  which only matter in production, leave it alone.
- `instrumentation(context, node) -> Optional[str]`: what a statement or call does to ddtrace's
  instrumentation: `"auto"` (`import ddtrace.auto`, `from ddtrace import auto`), `"patch_all"`
  (`ddtrace.patch_all(...)` under any alias) or `"patch_django"` (`ddtrace.patch(django=True)`).
- `imported_modules(context, node) -> list[tuple[str, int]]`: the modules an `import` statement imports,
  as (absolute dotted name, relative level).
- `is_django_or_app(context, module, level) -> bool`: the import brings in Django or the project's own code
  (a relative import, the checked module's own top package, or a package the project index finds).
- `tracer_configure(context, call) -> bool`: `ddtrace.tracer.configure(...)` (`from ddtrace import tracer`,
  `from ddtrace.trace import tracer`, aliases).
- `REMOVED_CONFIGURE_ARGUMENTS`: the `tracer.configure` keywords ddtrace 3.0 removed, with what replaces
  them; `REMOVED_ENVIRONMENT`: environment variables ddtrace 3 no longer reads.
- `is_newrelic_initialize(context, call) -> bool`: `newrelic.agent.initialize(...)`;
  `is_newrelic_early_import(module, level)`: the imports New Relic allows before it.
- `qualified_name(context, expr)`: `context.qualified_name`, also through an optional import
  (`try: import newrelic.agent` / `except ImportError: newrelic = None`).
- `env_writes(context, node) -> list[EnvWrite]`: environment variables a statement or call sets from
  Python: `os.environ[KEY] = v`, `os.environ.setdefault(KEY, v)`, `os.environ.update({KEY: v}, KEY=v)`,
  `os.putenv(KEY, v)` (only string-literal keys).
- `SECRET_SETTINGS`, `secret_key_arguments(context, call)`, `looks_like_secret(text) -> bool`: the names
  that hold APM credentials, the API calls taking one, and whether a literal is shaped like a real key.
- `scout_entries(context) -> dict[int, ScoutEntry]`: in a (non-development) settings module, every
  `"scout_apm.django"` string that goes into `INSTALLED_APPS`, keyed by `id(node)`, with whether it ends up
  first and, when it does not and `INSTALLED_APPS` is a list literal, the fix that moves it first.
- `project_sets(context, setting) -> bool`: some settings module of the project mentions `setting`
  (the project index; without one, the checked file alone).

Sources (read when this module was written, 2026-11):
- ddtrace 3.0 removed these `Tracer.configure` parameters: the "Upgrading to v3" migration guide in the
  Datadog documentation (DataDog/documentation, `content/en/tracing/trace_collection/
  automatic_instrumentation/dd_libraries/python.md`, "Legacy Interfaces": the v2 signature against the v3
  one `configure(context_provider, compute_stats_enabled, appsec_enabled, iast_enabled,
  apm_tracing_disabled, trace_processors)`); DataDog/dd-trace-py#11973 (deprecated in 2.20) and #12199
  ("Removes deprecated parameters from `Tracer.configure(...)`", 3.0). A removed keyword raises
  `TypeError: configure() got an unexpected keyword argument`. The same guide lists `DD_TRACE_SAMPLE_RATE`
  as removed in v3 ("Use `DD_TRACE_SAMPLING_RULES`").
  Checked against the ddtrace 4.16.0 wheel (PyPI's newest, 2026-10): `_trace/tracer.py` `configure` takes
  `context_provider, compute_stats_enabled, appsec_enabled, appsec_enabled_origin, iast_enabled,
  apm_tracing_disabled, trace_processors` (none of the removed keywords, no `**kwargs`);
  `DD_TRACE_SAMPLE_RATE` appears only in the generated list of known variable names, never read;
  `ddtrace.patch`, `ddtrace.patch_all` and `ddtrace.trace.tracer` exist. `tests/test_apm_ddtrace_differential.py`
  executes every keyword against the installed ddtrace (4.16.0: each removed one raises `TypeError`, each
  kept one does not); `patch_all()` there emits `DDTraceDeprecationWarning`.
- `datadog.initialize(api_key=, app_key=)` (datadog 0.56.0), `scout_apm.api.Config.set(**kwargs)` with
  `key` (scout_apm 4.0.0): the API calls taking a credential.
- `patch_all` is deprecated "in favor of `import ddtrace.auto` and `DD_PATCH_MODULES`"
  (`DDTraceDeprecationWarning`, `ddtrace/_monkey.py`).
- New Relic: `newrelic.agent.initialize()` must run before the other imports of the program, except
  `sys`/`os` (docs.newrelic.com, Python agent API, `initialize`).
- Scout: `"scout_apm.django"` should be first in `INSTALLED_APPS` (it instruments in `AppConfig.ready()`);
  `monitor` defaults to False, so without `SCOUT_MONITOR` the agent does not start (scout_apm 4.0.0,
  `core/config.py`).
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional, Sequence, Union

import libcst as cst

from loglint.semantics.django import file_kinds
from loglint.semantics.names import BindingKind, _child_blocks, dotted_name, optional_import_name

if TYPE_CHECKING:
    from loglint.engine import FileContext

# -- ddtrace -------------------------------------------------------------------------------------------

PATCH_ALL = frozenset({"ddtrace.patch_all", "ddtrace._monkey.patch_all", "ddtrace.monkey.patch_all"})
PATCH = frozenset({"ddtrace.patch", "ddtrace._monkey.patch", "ddtrace.monkey.patch"})
TRACERS = frozenset({"ddtrace.tracer", "ddtrace.trace.tracer"})

# keyword -> what replaces it in ddtrace 3 (sources in the module docstring).
REMOVED_CONFIGURE_ARGUMENTS: dict[str, str] = {
    "enabled": "the `DD_TRACE_ENABLED` environment variable",
    "hostname": "the `DD_AGENT_HOST` (or `DD_TRACE_AGENT_URL`) environment variable",
    "port": "the `DD_TRACE_AGENT_PORT` (or `DD_TRACE_AGENT_URL`) environment variable",
    "uds_path": "`DD_TRACE_AGENT_URL=unix:///path/to/apm.socket`",
    "https": "`DD_TRACE_AGENT_URL=https://...`",
    "sampler": "the `DD_TRACE_SAMPLING_RULES` environment variable",
    "priority_sampling": "nothing (priority sampling is always on)",
    "settings": "the `trace_processors=` argument (for `settings={'FILTERS': [...]}`)",
    "dogstatsd_url": "the `DD_DOGSTATSD_URL` environment variable",
    "writer": "nothing (the writer is internal)",
    "partial_flush_enabled": "the `DD_TRACE_PARTIAL_FLUSH_ENABLED` environment variable",
    "partial_flush_min_spans": "the `DD_TRACE_PARTIAL_FLUSH_MIN_SPANS` environment variable",
    "api_version": "the `DD_TRACE_API_VERSION` environment variable",
    "wrap_executor": "nothing (removed)",
    "appsec_standalone_enabled": "the `apm_tracing_disabled=` argument",
}

REMOVED_ENVIRONMENT: dict[str, str] = {
    "DD_TRACE_SAMPLE_RATE": "`DD_TRACE_SAMPLING_RULES`",
}


def skipped(context: "FileContext") -> bool:
    """A development settings module: LL6 does not apply."""
    return file_kinds(context).is_dev_settings


qualified_name = optional_import_name


def instrumentation(context: "FileContext", node: cst.CSTNode) -> Optional[str]:
    """`"auto"`, `"patch_all"`, `"patch_django"` or None (see the module docstring)."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            if dotted_name(alias.name) == "ddtrace.auto":
                return "auto"
        return None
    if isinstance(node, cst.ImportFrom):
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return None
        if dotted_name(node.module) == "ddtrace" and any(
            isinstance(alias.name, cst.Name) and alias.name.value == "auto" for alias in node.names
        ):
            return "auto"
        return None
    if isinstance(node, cst.Call):
        name = qualified_name(context, node.func)
        if name in PATCH_ALL:
            return "patch_all"
        if name in PATCH and any(
            arg.keyword is not None and arg.keyword.value == "django" and _is_true(arg.value) for arg in node.args
        ):
            return "patch_django"
    return None


def _is_true(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "True"


def imported_modules(context: "FileContext", node: Union[cst.Import, cst.ImportFrom]) -> list[tuple[str, int]]:
    """(dotted module, relative level) for each module the statement imports (`from x import y`: `x`)."""
    if isinstance(node, cst.Import):
        found = []
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is not None:
                found.append((name, 0))
        return found
    module = dotted_name(node.module) if node.module is not None else ""
    return [(module or "", len(node.relative))]


def is_django_or_app(context: "FileContext", module: str, level: int) -> bool:
    """The import brings in Django or the project's own code (see the module docstring)."""
    if level:
        return True
    top = module.split(".")[0]
    if not top:
        return False
    if top == "django":
        return True
    # The checked module's own top package (`shop` for `shop/celery.py`); a top-level module (`celery.py`
    # beside `manage.py`) is no package, and `from celery import Celery` there is the library.
    name = context.module_name
    own = name.split(".")[0] if "." in name or context.is_package else ""
    if own and top == own:
        return True
    project = context.project
    if project is None or top in _NOT_APP:
        return False
    found = project.find_module(top)
    if found is None:
        return False
    try:
        return found.resolve() != Path(context.path).resolve()  # the module itself shadows nothing it imports
    except OSError:
        return True


# Packages never taken for the project's own code even when a folder of that name is found in the project.
_NOT_APP = frozenset({"os", "sys", "ddtrace", "newrelic", "scout_apm", "sentry_sdk", "logging", "__future__"})


def tracer_configure(context: "FileContext", call: cst.Call) -> bool:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "configure":
        return False
    return qualified_name(context, func.value) in TRACERS


# -- New Relic -----------------------------------------------------------------------------------------

NEWRELIC_INITIALIZE = "newrelic.agent.initialize"
# Modules New Relic allows before `initialize()`: `sys`/`os` (for `sys.path`, the environment) and its own
# packages (`newrelic`, `newrelic_lambda`, ...: `is_newrelic_early_import`).
NEWRELIC_EARLY_IMPORTS = frozenset({"sys", "os", "__future__"})


def is_newrelic_early_import(module: str, level: int) -> bool:
    """An import New Relic allows before `initialize()`."""
    top = module.split(".")[0]
    return not level and (top in NEWRELIC_EARLY_IMPORTS or top == "newrelic" or top.startswith("newrelic_"))


def is_newrelic_initialize(context: "FileContext", call: cst.Call) -> bool:
    return qualified_name(context, call.func) == NEWRELIC_INITIALIZE


# -- environment writes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvWrite:
    key: str
    key_node: cst.CSTNode  # the key's string literal (or keyword name)
    value: Optional[cst.BaseExpression]  # None when the value is not a single expression


def env_writes(context: "FileContext", node: cst.CSTNode) -> list[EnvWrite]:
    """Environment variables set from Python by an `Assign` or a `Call` (see the module docstring)."""
    found: list[EnvWrite] = []
    if isinstance(node, cst.Assign):
        for target in node.targets:
            sub = target.target
            if isinstance(sub, cst.Subscript) and qualified_name(context, sub.value) == "os.environ":
                key = _subscript_key(sub)
                if key is not None:
                    found.append(EnvWrite(key[0], key[1], node.value))
        return found
    if not isinstance(node, cst.Call):
        return found
    func = node.func
    name = qualified_name(context, func)
    positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
    if name in ("os.putenv", "os.environ.setdefault") and len(positional) >= 1:
        key = _string(positional[0].value)
        if key is not None:
            found.append(EnvWrite(key, positional[0].value, positional[1].value if len(positional) > 1 else None))
    elif name == "os.environ.update":
        for arg in node.args:
            if arg.keyword is not None:
                found.append(EnvWrite(arg.keyword.value, arg.keyword, arg.value))
            elif not arg.star and isinstance(arg.value, cst.Dict):
                for element in arg.value.elements:
                    if isinstance(element, cst.DictElement):
                        key = _string(element.key)
                        if key is not None:
                            found.append(EnvWrite(key, element.key, element.value))
    return found


def _subscript_key(sub: cst.Subscript) -> Optional[tuple[str, cst.CSTNode]]:
    if len(sub.slice) != 1 or not isinstance(sub.slice[0].slice, cst.Index):
        return None
    expr = sub.slice[0].slice.value
    text = _string(expr)
    return (text, expr) if text is not None else None


def _string(expr: cst.BaseExpression) -> Optional[str]:
    """The value of a plain string literal (implicit concatenation included), else None."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


# -- secrets -------------------------------------------------------------------------------------------

# Settings / environment names that hold an APM credential (RULES.md LL601).
SECRET_SETTINGS = frozenset(
    {"SCOUT_KEY", "DD_API_KEY", "DD_APP_KEY", "DATADOG_API_KEY", "NEW_RELIC_LICENSE_KEY", "SENTRY_AUTH_TOKEN"}
)

# API calls that take a credential: qualified name -> keyword arguments holding it.
SECRET_ARGUMENTS: dict[str, frozenset[str]] = {
    "datadog.initialize": frozenset({"api_key", "app_key"}),
    "scout_apm.api.Config.set": frozenset({"key"}),
}

_PLACEHOLDER_WORDS = re.compile(
    r"your|example|change.?me|replace|placeholder|dummy|fake|test|xxxx|redacted|insert|todo|secret|sample",
    re.I,
)
_TEMPLATE_CHARS = frozenset("{}<>$%")


def looks_like_secret(text: str) -> bool:
    """A literal shaped like a real credential: at least 16 characters, no whitespace or template
    characters, letters and digits both, and no placeholder word (`your`, `example`, `changeme`, `xxxx`,
    `dummy`, `test`, ...). Datadog keys are 32/40 hex digits, New Relic license keys 40 characters, Scout
    keys 20, Sentry auth tokens 64 hex digits or `sntrys_...`: all pass; `""`, `"YOUR_DD_API_KEY"`,
    `"<scout key>"`, `"${DD_API_KEY}"` do not."""
    if len(text) < 16 or any(ch.isspace() for ch in text) or _TEMPLATE_CHARS.intersection(text):
        return False
    if not any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text):
        return False
    if len(set(text.lower())) < 6:
        return False
    return _PLACEHOLDER_WORDS.search(text) is None


def secret_key_arguments(context: "FileContext", call: cst.Call) -> list[cst.Arg]:
    """The keyword arguments of `call` that take an APM credential (`datadog.initialize(api_key=...)`,
    `scout_apm.api.Config.set(key=...)`)."""
    names = SECRET_ARGUMENTS.get(qualified_name(context, call.func) or "")
    if not names:
        return []
    return [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in names]


def literal_secret(expr: Optional[cst.BaseExpression]) -> bool:
    """`expr` is a string literal shaped like a credential (values from the environment never are)."""
    if expr is None:
        return False
    text = _string(expr)
    return text is not None and looks_like_secret(text)


# -- Scout: INSTALLED_APPS -----------------------------------------------------------------------------

SCOUT_APP = "scout_apm.django"
# The app and its AppConfig class spelled out (both load the same `ready()`).
SCOUT_APPS = frozenset({SCOUT_APP, "scout_apm.django.apps.ScoutApmDjangoConfig"})
SCOUT_MONITOR = "SCOUT_MONITOR"


@dataclass(frozen=True)
class ScoutEntry:
    node: cst.CSTNode  # the `"scout_apm.django"` string
    first: bool  # it ends up first in INSTALLED_APPS (or nothing known is before it)
    fix: Optional[tuple[cst.CSTNode, cst.CSTNode]]  # (list literal, same list with the entry first)


_SCOUT_CACHE: "weakref.WeakKeyDictionary[FileContext, dict[int, ScoutEntry]]" = weakref.WeakKeyDictionary()


def scout_entries(context: "FileContext") -> dict[int, ScoutEntry]:
    """`"scout_apm.django"` strings that go into `INSTALLED_APPS` in this settings module, by node id."""
    found = _SCOUT_CACHE.get(context)
    if found is None:
        found = _SCOUT_CACHE[context] = _scout_entries(context)
    return found


def _scout_entries(context: "FileContext") -> dict[int, ScoutEntry]:
    kinds = file_kinds(context)
    if not kinds.is_settings or kinds.is_dev_settings:
        return {}
    if context.source is not None and SCOUT_APP.encode() not in context.source:
        return {}
    entries: dict[int, ScoutEntry] = {}
    for small in _module_small_statements(context.module):
        if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            if any(isinstance(t, cst.Name) and t.value == "INSTALLED_APPS" for t in targets):
                _collect_assignment(context, small.value, entries)
        elif isinstance(small, cst.AugAssign) and _is_installed_apps(small.target):
            if isinstance(small.operator, cst.AddAssign):
                for node in _scout_strings(small.value):
                    entries[id(node)] = ScoutEntry(node, False, None)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            _collect_method_call(small.value, entries)
    return entries


def _module_small_statements(module: cst.Module) -> Iterator[cst.BaseSmallStatement]:
    """Small statements at module level, including those in module-level `if`/`try`/`with` blocks."""
    stack: list[cst.CSTNode] = list(reversed(module.body))
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
        elif not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            blocks = list(_child_blocks(stmt))
            for block in reversed(blocks):
                stack.extend(reversed(block))


def _is_installed_apps(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "INSTALLED_APPS"


def _is_scout(expr: cst.BaseExpression) -> bool:
    return _string(expr) in SCOUT_APPS


def _scout_strings(expr: cst.BaseExpression) -> list[cst.CSTNode]:
    """The `"scout_apm.django"` elements of a list/tuple literal (or the string itself)."""
    if _is_scout(expr):
        return [expr]
    if isinstance(expr, (cst.List, cst.Tuple)):
        return [el.value for el in expr.elements if isinstance(el, cst.Element) and _is_scout(el.value)]
    return []


def _collect_method_call(call: cst.Call, entries: dict[int, ScoutEntry]) -> None:
    """`INSTALLED_APPS.append("scout_apm.django")`, `.extend([...])`: after the apps already listed;
    `.insert(0, "scout_apm.django")`: first."""
    func = call.func
    if not isinstance(func, cst.Attribute) or not _is_installed_apps(func.value):
        return
    args = [arg for arg in call.args if arg.keyword is None and not arg.star]
    method = func.attr.value
    if method in ("append", "extend") and len(args) == 1:
        for node in _scout_strings(args[0].value):
            entries[id(node)] = ScoutEntry(node, False, None)
    elif method == "insert" and len(args) == 2:
        index = args[0].value
        first = isinstance(index, cst.Integer) and index.evaluated_value == 0
        for node in _scout_strings(args[1].value):
            entries[id(node)] = ScoutEntry(node, first, None)


def _collect_assignment(context: "FileContext", value: cst.BaseExpression, entries: dict[int, ScoutEntry]) -> None:
    """`INSTALLED_APPS = [...]`, `= BASE + [...]`, `= DJANGO_APPS + THIRD_PARTY_APPS` (names bound once in
    the module to a list literal), `= [*BASE, ...]`."""
    if isinstance(value, (cst.List, cst.Tuple)):
        for index, element in enumerate(value.elements):
            if isinstance(element, cst.Element) and _is_scout(element.value):
                late = _known_before(context, value.elements[:index])
                entries[id(element.value)] = ScoutEntry(element.value, not late, _move_first(value, index) if late else None)
        return
    operands = _sum_operands(value)
    if operands is None:
        return
    late = False  # something is known to come before
    for operand in operands:
        items = _list_items(context, operand)
        if items is None:
            late = late or _is_installed_apps(operand)  # the apps set before (a base settings module's)
            continue
        for index, item in enumerate(items):
            if isinstance(item, cst.Element) and _is_scout(item.value):
                before = late or _known_before(context, items[:index])
                entries[id(item.value)] = ScoutEntry(item.value, not before, None)
        late = late or _known_before(context, items)


def _known_before(context: "FileContext", elements: Sequence[cst.BaseElement], depth: int = 0) -> bool:
    """Some app is known to be among `elements`: a plain element, or the spread of a list known not to
    be empty (the spread of an unknown list may be empty: not counted)."""
    for element in elements:
        if isinstance(element, cst.Element):
            return True
        items = _list_items(context, element.value)
        if items and depth < 8 and _known_before(context, items, depth + 1):
            return True
    return False


def _sum_operands(expr: cst.BaseExpression) -> Optional[list[cst.BaseExpression]]:
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        left = _sum_operands(expr.left)
        right = _sum_operands(expr.right)
        if left is None or right is None:
            return None
        return left + right
    if isinstance(expr, (cst.List, cst.Tuple, cst.Name)):
        return [expr]
    return None


def _list_items(context: "FileContext", expr: cst.BaseExpression) -> Optional[Sequence[cst.BaseElement]]:
    """The elements of a list/tuple literal, or of a module-level name bound once to one; else None."""
    if isinstance(expr, (cst.List, cst.Tuple)):
        return expr.elements
    if isinstance(expr, cst.Name) and expr.value != "INSTALLED_APPS":
        bindings = context.names.module_scope.bindings.get(expr.value) or []
        if len(bindings) == 1 and bindings[0].kind is BindingKind.VALUE:
            value = bindings[0].payload
            if isinstance(value, (cst.List, cst.Tuple)):
                return value.elements
    return None


# -- the fix: move an element first, its comments with it ----------------------------------------------

Whitespace = Union[cst.BaseParenthesizableWhitespace, cst.SimpleWhitespace]


def _move_first(literal: Union[cst.List, cst.Tuple], index: int) -> Optional[tuple[cst.CSTNode, cst.CSTNode]]:
    """(literal, the literal with element `index` moved first), keeping each element's own comments (the
    comment lines above it and the comment after it on its line) with it, and the layout (commas,
    indentation, a trailing comma) in place. None when the literal's layout is mixed or it has no
    brackets."""
    if isinstance(literal, cst.Tuple) and (not literal.lpar or not literal.rpar):
        return None
    elements = list(literal.elements)
    count = len(elements)
    if count < 2 or sum(1 for el in elements if isinstance(el, cst.Element) and _is_scout(el.value)) != 1:
        return None
    opening = literal.lbracket.whitespace_after if isinstance(literal, cst.List) else literal.lpar[0].whitespace_after
    last_comma = elements[-1].comma
    # After a trailing comma the line break is the comma's (when it has a comment) or the bracket's.
    closing_on_bracket = not (
        isinstance(last_comma, cst.Comma) and isinstance(last_comma.whitespace_after, cst.ParenthesizedWhitespace)
    )
    closing = (
        (literal.rbracket.whitespace_before if isinstance(literal, cst.List) else literal.rpar[-1].whitespace_before)
        if closing_on_bracket
        else last_comma.whitespace_after  # type: ignore[union-attr]
    )
    slots: list[Whitespace] = [opening]
    for element in elements[:-1]:
        comma = element.comma
        if not isinstance(comma, cst.Comma):
            return None
        slots.append(comma.whitespace_after)
    slots.append(closing)
    order = [index] + [i for i in range(count) if i != index]
    multiline = all(isinstance(slot, cst.ParenthesizedWhitespace) for slot in slots)
    if multiline:
        new_slots: list[Whitespace] = []
        for position in range(count + 1):
            slot = slots[position]
            assert isinstance(slot, cst.ParenthesizedWhitespace)
            leading = slots[order[position]].empty_lines if position < count else slot.empty_lines  # type: ignore[union-attr]
            first_line = slot.first_line if position == 0 else slots[order[position - 1] + 1].first_line  # type: ignore[union-attr]
            new_slots.append(slot.with_changes(empty_lines=leading, first_line=first_line))
    elif all(isinstance(slot, cst.SimpleWhitespace) for slot in slots[1:-1]):
        last = slots[-1]
        if isinstance(last, cst.ParenthesizedWhitespace) and last.first_line.comment is not None and index == count - 1:
            return None  # the comment after the moved last element would stay behind
        if isinstance(slots[0], cst.ParenthesizedWhitespace) and slots[0].empty_lines:
            return None  # comment lines above the first element would end up above the moved one
        new_slots = list(slots)
    else:
        return None
    new_elements = []
    for position in range(count):
        moved = elements[order[position]]
        comma = elements[position].comma
        if isinstance(comma, cst.Comma) and not (position == count - 1 and closing_on_bracket):
            comma = comma.with_changes(whitespace_after=new_slots[position + 1])
        new_elements.append(moved.with_changes(comma=comma))
    if isinstance(literal, cst.List):
        changes: dict[str, object] = {"lbracket": literal.lbracket.with_changes(whitespace_after=new_slots[0])}
        if closing_on_bracket:
            changes["rbracket"] = literal.rbracket.with_changes(whitespace_before=new_slots[-1])
    else:
        lpar = [literal.lpar[0].with_changes(whitespace_after=new_slots[0]), *literal.lpar[1:]]
        changes = {"lpar": lpar}
        if closing_on_bracket:
            changes["rpar"] = [*literal.rpar[:-1], literal.rpar[-1].with_changes(whitespace_before=new_slots[-1])]
    return literal, literal.with_changes(elements=new_elements, **changes)


# -- project-wide settings -----------------------------------------------------------------------------


def project_sets(context: "FileContext", setting: str) -> bool:
    """The checked file or some settings module of the project mentions `setting` in its code (a name or
    a string: a mention counts as setting it, a comment does not); without a project index, the checked
    file alone."""
    from loglint.project import mentions_in_code

    word = setting.encode()
    data = context.source if context.source is not None else context.module.code.encode()
    if mentions_in_code(data, word):
        return True
    project = context.project
    return project is not None and project.settings_mention(word)


__all__ = [
    "EnvWrite",
    "NEWRELIC_EARLY_IMPORTS",
    "REMOVED_CONFIGURE_ARGUMENTS",
    "REMOVED_ENVIRONMENT",
    "SCOUT_APP",
    "SCOUT_APPS",
    "SCOUT_MONITOR",
    "SECRET_ARGUMENTS",
    "SECRET_SETTINGS",
    "ScoutEntry",
    "env_writes",
    "imported_modules",
    "instrumentation",
    "is_django_or_app",
    "is_newrelic_early_import",
    "is_newrelic_initialize",
    "qualified_name",
    "literal_secret",
    "looks_like_secret",
    "project_sets",
    "scout_entries",
    "secret_key_arguments",
    "skipped",
    "tracer_configure",
]
