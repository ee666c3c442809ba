"""The candidate gate: from CPython's tree (already built by the parsing front-end), what LibCST must parse.

Each rule declares `candidates`: the facts a file must have for the rule to be able to fire (`"log"`: a
call of a logging method or function name; `"print"`; `"broad-except"`; `"logconfig"`...), or None when it
cannot say (then every file is parsed whole). Facts are computed per top-level statement, from names only
(an over-approximation: `x.info()` counts as `"log"` whatever `x` is), so the gate never decides what a
rule would: it only skips code no selected rule could look at.

- A file where no top-level statement has a needed fact skips LibCST entirely (no finding is possible).
- Otherwise only the rules with one of their candidate facts in some statement of the file run on it
  (`Plan.facts`): the APM rules do not visit every call of a file whose only facts are log calls.
- Top-level `def`/`class` statements and methods without a needed fact are blanked (their lines kept as
  empty lines, so every position is unchanged) before LibCST parses the file, unless they are connected to
  a kept statement through the names they define and use (a base class, a caller of a kept function that
  may log the exception being handled, a user of a kept class or of a name a kept statement binds):
  module-wide summaries (call sites for LL108/LL110, same-module bases for commands and `self.logger`,
  helpers naming a model for the LL7 summaries) then see everything they would see in the whole file. Module-level simple
  statements, `if`/`try`/`with`/`for` blocks are always kept (imports and bindings live there).

A blanked parse is never used for fixing or for text edits: the caller asks for it only in read-only runs.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

LOG = "log"
PRINT = "print"
BROAD_EXCEPT = "broad-except"
LOGCONFIG = "logconfig"
APM = "apm"
SENTRY = "sentry"
ORM = "orm"
DRF = "drf"  # a DRF view naming its serializer (LL707)
ADMIN = "admin"  # a ModelAdmin or an admin registration (LL706)
TEMPLATE = "template"  # a render call or a class-based view's template context (LL708)

# Attribute names through which the LL7 rules can see a queryset (a manager, a chain, a view's
# `get_queryset`), or a related manager used per row. A statement has the ORM fact when it holds a loop
# (`for` or a comprehension) and one of these names (or the name `queryset`).
ORM_NAMES = frozenset(
    {
        "objects", "_default_manager", "_base_manager", "all", "filter", "exclude", "select_related",
        "prefetch_related", "only", "defer", "values", "values_list", "get_queryset", "order_by", "annotate",
        "distinct", "iterator", "alias", "using", "reverse", "extra", "none", "queryset", "get", "first",
        "last", "earliest", "latest", "count", "exists",
        # LL703/LL705: queries and writes per row
        "aggregate", "get_or_create", "update_or_create", "in_bulk", "refresh_from_db", "save", "delete",
        "create",
    }
)
# Names through which LL708 sees a view rendering a template.
TEMPLATE_NAMES = frozenset(
    {
        "render", "render_to_response", "TemplateResponse", "SimpleTemplateResponse", "render_to_string",
        "get_template", "select_template", "template_name", "ListView",
    }
)
# Besides a model's or manager's name, the words through which a statement reaches a queryset of the
# project's models: a view's `queryset`/`get_queryset()` (`model = Book` names the model), models looked up by label, the user
# model, the default managers. A file naming none of them nor any model (`ProjectIndex.orm_words`) and
# looping over no helper of its own or imported has no loop the LL7 rules check.
ORM_ANCHORS = frozenset(
    {
        "objects", "_default_manager", "_base_manager", "queryset", "get_queryset", "get_model",
        "get_user_model", "AUTH_USER_MODEL", "object_list", "prefetch_related_objects",
    }
)
_LOOPS = (ast.For, ast.AsyncFor, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

# Method and function names through which the LL1/LL3 rules can see a logging call or constant.
LOG_NAMES = frozenset(
    {
        "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
        "setLevel", "getLogger", "getLoggerClass", "basicConfig", "Logger", "LoggerAdapter", "addLevelName",
        "isEnabledFor", "get_task_logger", "WARN", "FATAL",
    }
)
PRINT_NAMES = frozenset(
    {"print", "pprint", "pp", "print_exc", "print_exception", "print_stack", "print_tb", "print_last", "write"}
)
_BROAD = frozenset({"Exception", "BaseException"})
# Text facts: a statement whose source mentions one of these (comments and strings included: harmless).
_TEXT_FACTS = (
    (LOGCONFIG, re.compile(rb"LOGGING|dictConfig")),
    (APM, re.compile(rb"ddtrace|newrelic|scout|SCOUT_|DD_|DATADOG|datadog|NEW_RELIC|SENTRY_AUTH_TOKEN|INSTALLED_APPS")),
    # Sentry's names come from an import spelling `sentry_sdk`; the others are names such an import may
    # bind inside a `try` (which the name closure does not follow), and DSN literals (LL503) need no import.
    (SENTRY, re.compile(rb"sentry_sdk|capture_exception|ignore_logger|Integration|(?i:dsn)")),
    # a DRF view and the methods that change what its list serializes (kept whole when it is kept)
    (DRF, re.compile(rb"serializer_class|get_queryset|def (?:list|get_serializer|filter_queryset|paginate_queryset|initial)\b")),
    (ADMIN, re.compile(rb"ModelAdmin|list_display|\bregister\(")),
)
# For each text fact, words one of which every match of its pattern contains: a file holding none of
# them needs no regex search per statement (`in` is a memchr; the alternations are not). A test checks
# that every match holds one.
_TEXT_LITERALS: dict[str, tuple[bytes, ...]] = {
    LOGCONFIG: (b"LOGGING", b"dictConfig"),
    APM: (b"ddtrace", b"newrelic", b"scout", b"SCOUT_", b"DD_", b"DATADOG", b"datadog", b"NEW_RELIC",
          b"SENTRY_AUTH_TOKEN", b"INSTALLED_APPS"),
    SENTRY: (b"sentry_sdk", b"capture_exception", b"ignore_logger", b"Integration", b"dsn", b"dsN", b"dSn",
             b"dSN", b"Dsn", b"DsN", b"DSn", b"DSN"),
    DRF: (b"serializer_class", b"get_queryset", b"def list", b"def get_serializer", b"def filter_queryset",
          b"def paginate_queryset", b"def initial"),
    ADMIN: (b"ModelAdmin", b"list_display", b"register("),
}
# The word "dsn" (any case) is a Sentry fact only in a file that may hold a DSN literal (LL503 reports a
# string Sentry would parse as a DSN, which has a scheme: `https://key@host/1`) or names Sentry (`dsn=`
# of an `init` imported from it): elsewhere it is an airport code, a database DSN built from parts, a word.
_SENTRY_WITHOUT_DSN = re.compile(rb"sentry_sdk|capture_exception|ignore_logger|Integration")


def _dsn_may_matter(data: bytes) -> bool:
    return b"://" in data or b"sentry" in data.lower()
_COMPOUND_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)




@dataclass
class Plan:
    """What to parse: nothing (`skip`), the whole file (`blank` empty), or the file with the given
    1-based inclusive line ranges blanked."""

    skip: bool = False
    # (first line, last line, indentation): 1-based inclusive; indentation -1 for a top-level statement
    # (blanked), else the column where `pass` replaces it.
    blank: list[tuple[int, int, int]] = field(default_factory=list)
    kept_bytes: int = 0
    # the depth of CPython's tree as the scan counted it (the module 1; expression contexts and operators,
    # leaves the scan skips, not counted: `parsing._ast_depth` may say one more); None: not scanned
    depth: Optional[int] = None
    # the needed facts some statement of the file has: a rule whose candidates are not among them cannot
    # fire here and is not run (None: not known, every rule runs)
    facts: Optional[frozenset[str]] = None


@dataclass
class _Info:
    """What one statement (or method) holds, from one walk of its tree."""

    facts: set[str] = field(default_factory=set)  # name-based facts (BROAD_EXCEPT decided later)
    used: set[str] = field(default_factory=set)  # names loaded
    attribute_bases: set[str] = field(default_factory=set)  # `name` of `name.attr`
    attributes: set[str] = field(default_factory=set)  # `attr` of `x.attr`
    stores: set[str] = field(default_factory=set)  # names stored anywhere inside
    broad: bool = False  # a bare except, or one naming Exception/BaseException or calling something
    handler_names: set[str] = field(default_factory=set)  # plain names in except clauses
    loop: bool = False  # a for statement or a comprehension inside
    loop_helpers: set[str] = field(default_factory=set)  # `f`/`m` of loops over `f(...)`/`m.f(...)`
    defined: set[str] = field(default_factory=set)  # names of classes defined and names imported
    depth: int = 0  # levels of the scanned tree (its root counts 1)
    # a call that may log the exception being handled (`.exception`, `exception(...)`, `exc_info=`): where
    # its function is called from matters (LL108, LL110), so its callers are kept
    handles: bool = False

    def merge(self, other: "_Info") -> None:
        self.facts |= other.facts
        self.used |= other.used
        self.attribute_bases |= other.attribute_bases
        self.attributes |= other.attributes
        self.stores |= other.stores
        self.broad = self.broad or other.broad
        self.handler_names |= other.handler_names
        self.loop = self.loop or other.loop
        self.loop_helpers |= other.loop_helpers
        self.defined |= other.defined
        self.handles = self.handles or other.handles


# Calls a loop iterates that are not the project's helpers returning querysets.
_NOT_HELPERS = frozenset(
    {
        "range", "enumerate", "zip", "sorted", "reversed", "list", "tuple", "set", "frozenset", "dict", "map",
        "filter", "iter", "len", "str", "open", "getattr", "vars", "dir", "super", "type", "next", "any", "all",
        "items", "keys", "values", "split", "splitlines", "rsplit", "strip", "format", "join", "copy", "get",
        "walk", "listdir", "glob", "rglob", "iterdir", "finditer", "findall", "readlines", "groupby",
        "chain", "product", "combinations", "permutations", "lower", "upper", "replace", "append",
    }
)


def _loop_iterables(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.iter]
    return [generator.iter for generator in getattr(node, "generators", ())]


def _helper_root(node: ast.expr) -> Optional[str]:
    """The name a helper call starts at: `helper` of `helper(...)`, `module` of `module.helper(...)` (also
    inside `enumerate(...)`); the module decides whether it is one of its functions or imports."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "enumerate" and node.args:
        node = node.args[0]
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name):
        return func.id if func.id not in _NOT_HELPERS else None
    if isinstance(func, ast.Attribute) and func.attr not in _NOT_HELPERS:
        value = func.value
        while isinstance(value, ast.Attribute):  # `package.module.helper(...)`
            value = value.value
        return value.id if isinstance(value, ast.Name) else None
    return None


def _module_helpers(body: list[ast.stmt]) -> frozenset[str]:
    """Names a helper call can be summarised through (`semantics.summaries`): the module's own functions
    and the names it imports (a function, or a module holding one), at module level or in its `try`/`if`
    blocks. `self.method()` and `obj.method()` are not helpers."""
    names: set[str] = set()
    stack = list(body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Import):
            names.update((alias.asname or alias.name).partition(".")[0] for alias in stmt.names)
        elif isinstance(stmt, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in stmt.names)
        elif isinstance(stmt, (ast.If, ast.Try, ast.With)):
            stack.extend(stmt.body)
            stack.extend(getattr(stmt, "orelse", ()))
            stack.extend(getattr(stmt, "finalbody", ()))
            for handler in getattr(stmt, "handlers", ()):
                stack.extend(handler.body)
    return frozenset(names)


# For each node class, the fields that can hold nodes the scan looks at: names, attributes, loops,
# handlers, classes, functions and import aliases. Identifiers, operators, expression contexts and
# constants are leaves; `ast.iter_child_nodes` (a generator over every field of every node) cost
# three quarters of the gate.
_LEAF_FIELDS = frozenset(
    {"ctx", "op", "id", "attr", "arg", "asname", "module", "level", "kind", "type_comment", "is_async",
     "conversion", "name", "lineno", "col_offset", "end_lineno", "end_col_offset", "tag"}
)
_NO_CHILDREN = frozenset({"Constant", "Global", "Nonlocal", "MatchSingleton", "Pass", "Break", "Continue"})


def _child_fields() -> dict[type, tuple[str, ...]]:
    table: dict[type, tuple[str, ...]] = {}
    for name in dir(ast):
        cls = getattr(ast, name)
        if isinstance(cls, type) and issubclass(cls, ast.AST) and cls._fields is not None:
            fields = () if name in _NO_CHILDREN else tuple(f for f in cls._fields if f not in _LEAF_FIELDS)
            table[cls] = fields
    return table


_CHILD_FIELDS = _child_fields()
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _scan(root: ast.AST, members: Optional[dict[int, _Info]] = None) -> _Info:
    """One walk of `root`, level by level (so the depth comes for free: `_Info.depth`, `root` counting
    1). With `members` (a class), each method directly in its body is scanned into its own `_Info`
    (stored there by id) and merged into the result."""
    info = _Info()
    facts = info.facts
    used, stores, attributes, bases = info.used, info.stores, info.attributes, info.attribute_bases
    direct = {id(stmt) for stmt in root.body} if members is not None else ()  # type: ignore[attr-defined]
    fields_of = _CHILD_FIELDS
    level: list[ast.AST] = [root]
    depth = 0
    while level:
        depth += 1
        below: list[ast.AST] = []
        push = below.append
        for node in level:
            kind = type(node)
            if kind is ast.Name:
                ident = node.id  # type: ignore[attr-defined]
                if type(node.ctx) is ast.Load:  # type: ignore[attr-defined]
                    used.add(ident)
                else:
                    stores.add(ident)
                if ident == "exception":
                    info.handles = True
                if ident in LOG_NAMES:
                    facts.add(LOG)
                if ident in PRINT_NAMES:
                    facts.add(PRINT)
                if ident in TEMPLATE_NAMES:
                    facts.add(TEMPLATE)
                continue
            if kind is ast.Attribute:
                attr = node.attr  # type: ignore[attr-defined]
                attributes.add(attr)
                if attr == "exception":
                    info.handles = True
                if attr in TEMPLATE_NAMES:
                    facts.add(TEMPLATE)
                if attr in LOG_NAMES:
                    facts.add(LOG)
                if attr in PRINT_NAMES:
                    facts.add(PRINT)
                value = node.value  # type: ignore[attr-defined]
                if type(value) is ast.Name:
                    bases.add(value.id)
                push(value)
                continue
            if kind is ast.Constant:
                continue
            if kind is ast.keyword and node.arg == "exc_info":  # type: ignore[attr-defined]
                info.handles = True
            if kind in _FUNCTIONS:
                if id(node) in direct:
                    member = members[id(node)] = _scan(node)  # type: ignore[index]
                    info.merge(member)
                    info.depth = max(info.depth, member.depth + 1)
                    continue
                if node.name == "get_queryset":  # type: ignore[attr-defined]
                    facts.add(ORM)  # what a view's `self.get_queryset()` returns
                    facts.add(TEMPLATE)
                elif node.name == "get_context_data":  # type: ignore[attr-defined]
                    facts.add(TEMPLATE)  # what a class-based view puts in its template's context
            elif kind in _LOOPS:
                info.loop = True
                for iterable in _loop_iterables(node):
                    root_name = _helper_root(iterable)
                    if root_name is not None:
                        info.loop_helpers.add(root_name)  # a loop over what a helper returns: maybe a queryset
            elif kind is ast.ClassDef:
                info.defined.add(node.name)  # type: ignore[attr-defined]
                if _may_be_model(node):  # type: ignore[arg-type]
                    facts.add(ORM)  # a model of the checked file: loops elsewhere in it name the class
            elif kind is ast.alias:
                full = node.name.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
                base = (node.asname or node.name).rsplit(".", 1)[-1]  # type: ignore[attr-defined]
                info.defined.add(base)
                info.defined.add(full)
                if base in LOG_NAMES or full in LOG_NAMES:
                    facts.add(LOG)
                if base in PRINT_NAMES:
                    facts.add(PRINT)
                if full in TEMPLATE_NAMES:
                    facts.add(TEMPLATE)
                continue
            elif kind is ast.ExceptHandler:
                if node.type is None:  # type: ignore[attr-defined]
                    info.broad = True
                else:
                    for part in ast.walk(node.type):  # type: ignore[attr-defined]
                        if isinstance(part, ast.Name):
                            info.handler_names.add(part.id)
                        elif isinstance(part, ast.Call) or (isinstance(part, ast.Attribute) and part.attr in _BROAD):
                            info.broad = True
            for name in fields_of.get(kind, ()):
                value = getattr(node, name)
                if type(value) is list:
                    below.extend(value)
                elif value is not None:
                    push(value)
        level = [node for node in below if node is not None]
    info.depth = max(info.depth, depth)
    return info


def _may_be_model(node: ast.ClassDef) -> bool:
    """A class that may be a Django model: a base whose name ends in `Model`, an inner `Meta`, or a
    field or manager assigned in its body."""
    for base in node.bases:
        name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
        if name.endswith("Model"):
            return True
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            return True
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name.endswith(("Field", "ForeignKey", "Key", "Manager")):
                return True
    return False


def _facts(
    info: _Info,
    text: bytes,
    assigned: set[str],
    helpers: Optional[frozenset[str]] = None,
    text_facts: tuple[tuple[str, "re.Pattern[bytes]"], ...] = _TEXT_FACTS,
) -> set[str]:
    """The facts of a scanned statement. `assigned`: names the module stores anywhere (an
    `except ERRORS:` may name a tuple holding `Exception`). `helpers`: the module's functions and
    imported names (`_module_helpers`); None counts every called name as one. `text_facts`: the text
    patterns to try (those the whole file matches)."""
    facts = set(info.facts)
    if info.broad or info.handler_names & (_BROAD | assigned):
        facts.add(BROAD_EXCEPT)
    if info.loop and (info.attributes & ORM_NAMES or "queryset" in info.used or "queryset" in info.stores):
        facts.add(ORM)
    if info.loop_helpers and (helpers is None or info.loop_helpers & helpers):
        facts.add(ORM)  # a loop over a project helper's queryset (summarised by the LL7 rules)
    for fact, pattern in text_facts:
        if pattern.search(text):
            facts.add(fact)
    return facts


def statement_facts(stmt: ast.AST, lines: list[bytes], assigned: frozenset[str] = frozenset()) -> set[str]:
    """The facts of one statement (a convenience for tests and tools)."""
    start, end = _span(stmt)
    return _facts(_scan(stmt), b"".join(lines[start - 1 : end]), set(assigned))


def _naming_orm(
    body: list[ast.stmt], infos: list[_Info], helpers: frozenset[str], orm_words: frozenset[str]
) -> list[bool]:
    """For each top-level statement, whether a loop in it can reach a queryset the LL7 rules know: it
    loops over a helper, names a model, a manager or an ORM anchor, or uses a name bound by a statement
    that does (a module-level queryset, a function or base class naming a model), to a fixed point."""
    naming = [
        bool(info.loop_helpers & helpers)
        or bool(orm_words & (info.used | info.stores | info.attributes | info.attribute_bases | info.defined))
        for info in infos
    ]
    if not any(naming):
        return naming
    bound_by = [_bound_names(stmt) for stmt in body]
    changed = True
    while changed:
        changed = False
        bound = set().union(*(names for names, named in zip(bound_by, naming) if named))
        for index, info in enumerate(infos):
            if not naming[index] and info.used & bound:
                naming[index] = changed = True
    return naming


def _span(stmt: ast.AST) -> tuple[int, int]:
    start = stmt.lineno  # type: ignore[attr-defined]
    for decorator in getattr(stmt, "decorator_list", ()):
        start = min(start, decorator.lineno)
    return start, stmt.end_lineno or start  # type: ignore[attr-defined]


def plan(
    tree: ast.Module,
    data: bytes,
    needed: Optional[Iterable[str]],
    blank: bool = True,
    orm_words: Optional[Callable[[], frozenset[str]]] = None,
) -> Plan:
    """The gate's decision for one file. `needed`: the union of the selected rules' candidates, None when
    some selected rule needs every file. `blank`: False to decide only between skipping and a whole parse.
    `orm_words` (`ProjectIndex.orm_words`): the ORM fact holds only in a statement that names one of the
    words it returns, loops over a helper, or uses a name bound by a statement that does (`_naming_orm`);
    asked only when some statement has the fact (the LL7 rules would read the model index there anyway,
    so the cache dependency it records is no new one); None: no such condition."""
    if needed is None:
        return Plan()
    needed = frozenset(needed)
    lines = data.splitlines(keepends=True)
    body = tree.body
    members: dict[int, _Info] = {}
    infos = [_scan(stmt, members if isinstance(stmt, ast.ClassDef) else None) for stmt in body]
    assigned: set[str] = set().union(*(info.stores for info in infos))
    texts = [b"".join(lines[start - 1 : end]) for start, end in map(_span, body)]
    helpers = _module_helpers(body) if ORM in needed else frozenset()
    if ADMIN in needed and b"list_display" not in data and b"admin" not in data.lower():
        # an admin registration LL706 reads names Django's admin (`admin.site.register`, `@admin.register`,
        # a `ModelAdmin` subclass or an `AdminSite`) somewhere in its file, or sets `list_display`; this
        # `register(...)` is one of checks, signals or template tags
        needed = needed - {ADMIN}
    text_facts = tuple(
        (fact, pattern if fact != SENTRY or _dsn_may_matter(data) else _SENTRY_WITHOUT_DSN)
        for fact, pattern in _TEXT_FACTS
        if fact in needed and any(word in data for word in _TEXT_LITERALS[fact])
    )
    facts = [_facts(info, text, assigned, helpers, text_facts) & needed for info, text in zip(infos, texts)]
    orm_quiet: set[int] = set()  # ids of classes whose methods' ORM facts no model name backs
    if orm_words is not None and any(ORM in f for f in facts):
        naming = _naming_orm(body, infos, helpers, orm_words())
        if not any(naming):
            needed = needed - {ORM}
        for index, named in enumerate(naming):
            if not named and ORM in facts[index]:
                facts[index] = facts[index] - {ORM}
                orm_quiet.add(id(body[index]))
    if not any(facts):
        return Plan(skip=True)
    depth = 1 + max((info.depth for info in infos), default=0)
    present = frozenset().union(*facts)
    if not blank or ADMIN in present:
        # LL706 reads the module's models, admin classes, their methods and column functions: whole
        return Plan(depth=depth, facts=present)
    anchors = [bool(f) for f in facts]
    callers_matter = _close_over_names(body, infos, anchors)
    # Names a kept method must not lose sight of: kept top-level functions whose callers matter (their
    # callers, as above) and names bound by kept simple statements (their users), and every method with
    # a fact whose callers matter (`Other.m(...)`).
    called: set[str] = set()
    bound: set[str] = set()
    for stmt, anchor, matter in zip(body, anchors, callers_matter):
        if anchor and matter and isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            called.add(stmt.name)
        elif anchor and not isinstance(stmt, _COMPOUND_DEFS):
            bound |= _bound_names(stmt)
    method_facts: dict[int, bool] = {}
    for stmt, anchor in zip(body, anchors):
        if anchor and isinstance(stmt, ast.ClassDef):
            for member in stmt.body:
                if id(member) in members:
                    start, end = _span(member)
                    text = b"".join(lines[start - 1 : end])
                    member_facts = _facts(members[id(member)], text, assigned, helpers, text_facts)
                    if id(stmt) in orm_quiet:
                        member_facts.discard(ORM)
                    method_facts[id(member)] = bool(member_facts & needed)
    method_names = {
        member.name for stmt in body if isinstance(stmt, ast.ClassDef) for member in stmt.body
        if method_facts.get(id(member)) and members[id(member)].handles
    }
    ranges: list[tuple[int, int, int]] = []
    for stmt, anchor in zip(body, anchors):
        if not anchor and isinstance(stmt, _COMPOUND_DEFS):
            ranges.append((*_span(stmt), -1))
        elif anchor and isinstance(stmt, ast.ClassDef):
            ranges += _blank_methods(stmt, members, method_facts, called, bound, method_names)
    kept_bytes = len(data) - sum(len(b"".join(lines[s - 1 : e])) for s, e, _ in ranges)
    return Plan(blank=ranges, kept_bytes=kept_bytes, depth=depth, facts=present)


# Methods kept in every kept class: they set the attributes other methods read (`self.logger`).
_KEPT_METHODS = frozenset({"__init__", "__new__", "__init_subclass__", "__post_init__", "setUp", "setUpClass"})


def _blank_methods(
    cls: ast.ClassDef,
    members: dict[int, _Info],
    method_facts: dict[int, bool],
    called: set[str],
    bound: set[str],
    method_names: set[str],
) -> list[tuple[int, int, int]]:
    """In a kept class, the methods no rule can look at: no needed fact, not an initialiser, not using a
    `called` or `bound` name, and not naming (as `.attr`) a kept method whose callers matter to LL108 and
    LL110 (`method_names`, and those of this class), to a fixed point. Each is replaced by `pass` at its
    indentation, so the class body is never empty."""
    methods = [m for m in cls.body if id(m) in members]
    if not methods:
        return []
    keep = {
        id(m) for m in methods
        if m.name in _KEPT_METHODS or method_facts.get(id(m)) or members[id(m)].used & (called | bound)
    }
    # kept methods whose callers matter: they may log the exception being handled, or call one that may
    callers = set(method_names)
    callers.update(
        m.name for m in methods if id(m) in keep and (members[id(m)].handles or members[id(m)].used & called)
    )
    changed = True
    while changed:
        changed = False
        for method in methods:
            if id(method) not in keep and members[id(method)].attributes & callers:
                keep.add(id(method))
                callers.add(method.name)
                changed = True
    return [(*_span(m), m.col_offset) for m in methods if id(m) not in keep]  # type: ignore[attr-defined]


def _close_over_names(body: list[ast.stmt], infos: list[_Info], anchors: list[bool]) -> list[bool]:
    """Extend the statements with facts (`anchors`) to those whose view a module-wide summary needs, to a
    fixed point:
    - callers of a kept function whose callers matter, and any statement naming it (LL108 and LL110 follow
      the callers of a function that may log the exception being handled, `_Info.handles`, and a
      function passed on as a value has unknown callers); a caller's own callers then matter too;
    - statements using `Class.attr` of a kept class (`Class.method(...)` calls, `Model.objects` in a
      helper the LL7 summaries read);
    - statements using a name bound by a kept simple statement (`echo = print`, `log = logger`);
    - the same-module base classes of a kept class (management commands, `self.logger` set in a base).
    Returns, for each statement, whether its callers matter."""
    bound_by = [_bound_names(stmt) for stmt in body]
    bases_of = [
        {base.id for base in stmt.bases if isinstance(base, ast.Name)} if isinstance(stmt, ast.ClassDef) else set()
        for stmt in body
    ]
    matter = [info.handles for info in infos]
    changed = True
    while changed:
        changed = False
        functions: set[str] = set()
        classes: set[str] = set()
        handling_classes: set[str] = set()
        bound: set[str] = set()
        bases: set[str] = set()
        for index, stmt in enumerate(body):
            if not anchors[index]:
                continue
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if matter[index]:
                    functions.add(stmt.name)
            elif isinstance(stmt, ast.ClassDef):
                classes.add(stmt.name)
                if matter[index]:
                    handling_classes.add(stmt.name)
                bases |= bases_of[index]
            else:
                bound |= bound_by[index]
        for index, (stmt, info) in enumerate(zip(body, infos)):
            if anchors[index] and matter[index]:
                continue
            name = getattr(stmt, "name", None)
            calls = bool(info.used & functions or info.attribute_bases & handling_classes)
            if calls and not matter[index]:
                matter[index] = True  # a caller's callers matter too
                changed = True
            uses = calls or info.used & bound or info.attribute_bases & classes
            if not anchors[index] and (uses or (name is not None and name in bases)):
                anchors[index] = True
                changed = True
    return matter


def _bound_names(stmt: ast.stmt) -> set[str]:
    """Top-level names a statement binds: a def/class name, assignment targets, imports."""
    if isinstance(stmt, _COMPOUND_DEFS):
        return {stmt.name}
    names: set[str] = set()
    for node in ast.walk(stmt):  # imports inside `try`/`if` bind too (`try: from x import y as z`)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def blanked(data: bytes, ranges: list[tuple[int, int, int]]) -> bytes:
    """`data` with the given line ranges emptied, each line's ending kept (so positions do not move); a
    BOM at the very start is kept. A range with an indentation (>= 0) gets `pass` on its first line, at
    that indentation (a blanked method leaves its class body valid)."""
    if not ranges:
        return data
    lines = data.splitlines(keepends=True)
    for start, end, indent in ranges:
        for index in range(start - 1, min(end, len(lines))):
            line = lines[index]
            stripped = line.rstrip(b"\r\n")
            ending = line[len(stripped):]
            prefix = b"\xef\xbb\xbf" if index == 0 and line.startswith(b"\xef\xbb\xbf") else b""
            if indent >= 0 and index == start - 1:
                prefix = line[:indent] + b"pass"
            lines[index] = prefix + ending
    return b"".join(lines)


__all__ = [
    "ADMIN", "APM", "BROAD_EXCEPT", "DRF", "LOG", "LOGCONFIG", "ORM", "PRINT", "SENTRY", "TEMPLATE", "Plan",
    "blanked", "plan", "statement_facts",
]
