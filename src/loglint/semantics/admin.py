"""Django admin changelists: which relations each row of a `ModelAdmin`'s changelist reads, and which the
changelist's queryset loads (for LL706).

Stable API:

- `registrations(context, index)`: the `ModelAdmin`s the checked file registers, each as a
  `Registration` (the model, the admin `ClassDef` or None for the default `ModelAdmin`, the node that
  registers it): `@admin.register(Model, ..., site=...)`, `admin.site.register(Model, Admin)` (also a
  list of models), and `register(Model, Admin)` on any object when `Admin` is a `ModelAdmin` class of the
  file (a project `AdminSite`); `register(Model)` alone only on Django's `admin.site` or a module-level
  instance of an `AdminSite` subclass of the file.
- `changelist(context, index, registration)`: a `Changelist` (the columns' reads, the loaded set, what
  to add), or None when anything the answer depends on is unknown (precision first).

What Django 5.2 does (`ModelAdmin.get_changelist_instance`, `ChangeList.get_queryset` /
`apply_select_related` / `has_related_field_in_list_display`, `admin.utils.lookup_field`,
`templatetags.admin_list.items_for_result`; measured in `tests/nplusone_lab/shapes_admin.py`):

- The rows come from `ModelAdmin.get_queryset()` (the default manager). If that queryset has any
  `select_related` (`query.select_related` truthy), the changelist adds nothing. Otherwise
  `list_select_related = True` is `select_related()` (no arguments: non-null forward FKs, recursively),
  a tuple/list is `select_related(*it)` (and nothing automatic), and `False` (the default) is
  `select_related()` only when a `list_display` name is a forward FK/O2O field (not its `_id` column).
- A column is, in this order: a model field (a plain field reads nothing; an FK/O2O renders
  `str(related)`: the relation, then what the target's `__str__` reads); a callable; a ModelAdmin
  attribute (method) called with the row; a model attribute (method or property); a lookup
  `"a__b__c"` (Django >= 5.1), which follows each hop with `getattr`.
- When the admin has actions (the default: the site's `delete_selected`, unless `actions = None`),
  every row renders `str(obj)` in its checkbox label (Django >= 5.0); `list_display` defaults to
  `("__str__",)`.
- A reverse FK or M2M manager read in a column (`obj.tags.all()`, `.count()`, `.exists()`) queries per
  row unless prefetched by `get_queryset`; other manager methods (`filter`, `order_by`, ...) query
  per row anyway.

What is unknown (no answer): a base class other than Django's `ModelAdmin` (or a project class that
sets none of the attributes the changelist reads), `get_list_display`, `get_list_select_related`,
`get_changelist`, `get_changelist_instance`, a `get_queryset` override that is not a chain on
`super().get_queryset(request)` (through locals), `only()`/`defer()`, a default manager that selects by
itself, a `list_display` that is not a literal list/tuple.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional, Sequence, Union

import libcst as cst

from loglint.semantics.models import (
    FK, GENERIC, O2O, REVERSE_O2O, ModelIndex, ModelInfo, _self_chains, model_method, project_models, self_reads,
)
from loglint.semantics.names import BindingKind
from loglint.semantics.querysets import HIGH, MEDIUM, LoadedSet, Resolver, _get_model_label, covers_forward

MODEL_ADMIN = frozenset({"django.contrib.admin.ModelAdmin", "django.contrib.admin.options.ModelAdmin"})
ADMIN_SITE_CLASSES = frozenset({"django.contrib.admin.AdminSite", "django.contrib.admin.sites.AdminSite"})
DJANGO_SITE = frozenset({"django.contrib.admin.site", "django.contrib.admin.sites.site"})
REGISTER = frozenset({"django.contrib.admin.register", "django.contrib.admin.decorators.register"})
# Attributes and methods of a ModelAdmin the changelist's queries depend on: a project base class
# defining one of them makes the answer unknown.
CHANGELIST_MEMBERS = frozenset(
    {
        "list_display", "list_select_related", "get_queryset", "get_list_select_related", "get_list_display",
        "get_changelist", "get_changelist_instance", "actions", "get_actions", "has_delete_permission",
        "changelist_view",
    }
)
_UNKNOWN_MEMBERS = frozenset({"get_list_select_related", "get_changelist", "get_changelist_instance"})
_SINGLE = frozenset({FK, O2O, REVERSE_O2O})
# Manager methods a prefetch serves from its cache.
CACHED_METHODS = frozenset({"all", "count", "exists"})
_MAX_HOPS = 4


@dataclass(frozen=True)
class Registration:
    model: ModelInfo
    admin: Optional[cst.ClassDef]  # None: registered without a ModelAdmin (the default one)
    node: cst.CSTNode  # the decorator or the `register(...)` call


@dataclass(frozen=True)
class Read:
    """A relation a column reads per row: `path` from the row (`"writer"`, `"writer__publisher"`),
    `manager` when it is a reverse FK / M2M manager (`method` is what is called on it)."""

    column: str
    path: str
    via: str  # how the column reads it, for the message: `obj.writer.name`, `__str__`, ...
    manager: bool = False
    method: str = ""
    confidence: str = HIGH


@dataclass
class Changelist:
    model: ModelInfo
    loaded: LoadedSet
    reads: list[Read]
    report_at: cst.CSTNode
    get_queryset: bool  # the admin overrides get_queryset (the fix goes there)
    auto_paths: frozenset[str] = frozenset()  # FK columns the automatic select_related() joins now
    tuple_paths: tuple[str, ...] = ()  # the list_select_related tuple as written
    uncovered: list[Read] = field(default_factory=list)


# -- registrations -----------------------------------------------------------------------------------


def registrations(context, index: ModelIndex) -> list[Registration]:
    resolver = Resolver(context, index)
    classes: dict[str, cst.ClassDef] = {}
    sites: set[str] = set()
    found: list[Registration] = []
    for stmt in _statements(context.module.body):
        if isinstance(stmt, cst.ClassDef):
            classes[stmt.name.value] = stmt
            for decorator in stmt.decorators:
                call = decorator.decorator
                if isinstance(call, cst.Call) and context.qualified_name(call.func) in REGISTER:
                    if _is_model_admin(context, stmt, classes):
                        for arg in call.args:
                            if arg.keyword is None and not arg.star:
                                info = resolver.model(arg.value)
                                if info is not None:
                                    found.append(Registration(info, stmt, decorator))
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                    if _instantiates_site(context, small.value.func, classes):
                        for target in small.targets:
                            if isinstance(target.target, cst.Name):
                                sites.add(target.target.value)
                if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    found += _register_call(context, resolver, small.value, classes, sites)
    return found


def _statements(body: Sequence[cst.CSTNode]) -> Iterable[cst.CSTNode]:
    """Top-level statements, and those of top-level `if`/`try` blocks."""
    for stmt in body:
        if isinstance(stmt, cst.If):
            yield from _statements(stmt.body.body)
            if isinstance(stmt.orelse, cst.Else):
                yield from _statements(stmt.orelse.body.body)
        elif isinstance(stmt, cst.Try):
            yield from _statements(stmt.body.body)
        else:
            yield stmt


def _register_call(context, resolver: Resolver, call: cst.Call, classes: dict[str, cst.ClassDef], sites: set[str]) -> list[Registration]:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "register":
        return []
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    if len(positional) != len(call.args) or not 1 <= len(positional) <= 2:
        return []
    admin: Optional[cst.ClassDef] = None
    if len(positional) == 2:
        if not isinstance(positional[1], cst.Name):
            return []
        admin = classes.get(positional[1].value)
        if admin is None or not _is_model_admin(context, admin, classes):
            return []
    else:
        receiver = func.value
        django_site = context.qualified_name(receiver) in DJANGO_SITE
        if not django_site and not (isinstance(receiver, cst.Name) and receiver.value in sites):
            return []
    models = positional[0].elements if isinstance(positional[0], (cst.List, cst.Tuple)) else None
    targets = [e.value for e in models] if models is not None else [positional[0]]
    found = []
    for target in targets:
        info = resolver.model(target)
        if info is None and isinstance(target, cst.Call):
            label = _get_model_label(target)  # `get_model("app", "Model")` (Django's registry, oscar)
            labelled = resolver.index.by_label(label) if label is not None else None
            info = labelled if labelled is not None and not labelled.is_abstract else None
        if info is not None:
            found.append(Registration(info, admin, call))
    return found


def _instantiates_site(context, func: cst.BaseExpression, classes: dict[str, cst.ClassDef]) -> bool:
    if context.qualified_name(func) in ADMIN_SITE_CLASSES:
        return True
    if isinstance(func, cst.Name) and func.value in classes:
        return any(_instantiates_site(context, base.value, classes) for base in classes[func.value].bases)
    return False


def _is_model_admin(context, cls: cst.ClassDef, classes: dict[str, cst.ClassDef], depth: int = 0) -> bool:
    """`cls` derives from Django's ModelAdmin through classes of this file or of the project."""
    if depth > 10:
        return False
    for base in cls.bases:
        qualified = context.qualified_name(base.value)
        if qualified in MODEL_ADMIN:
            return True
        if isinstance(base.value, cst.Name) and base.value.value in classes and base.value.value != cls.name.value:
            if _is_model_admin(context, classes[base.value.value], classes, depth + 1):
                return True
        elif qualified is not None:
            index = project_models(context)
            if index is not None and _derives_model_admin(index, index.canonical(qualified)):
                return True
    return False


def _derives_model_admin(index: ModelIndex, qualified: str, depth: int = 0) -> bool:
    """A project class (read by the model index) deriving from Django's ModelAdmin."""
    if qualified in MODEL_ADMIN:
        return True
    found = index.class_def(qualified) if depth <= 10 else None
    if found is None:
        return False
    module = qualified.rpartition(".")[0]
    for base in found[1].bases:
        dotted = _ast_dotted(base)
        if dotted is not None and _derives_model_admin(index, index.canonical(f"{module}.{dotted}"), depth + 1):
            return True
    return False


# -- the changelist ----------------------------------------------------------------------------------


@dataclass
class _Members:
    values: dict[str, cst.BaseExpression] = field(default_factory=dict)
    value_nodes: dict[str, cst.CSTNode] = field(default_factory=dict)
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)


def _members(context, cls: cst.ClassDef, classes: dict[str, cst.ClassDef], index: ModelIndex, depth: int = 0) -> Optional[_Members]:
    """The class's members with those of its bases of this file under them; None when a base may set
    what the changelist reads (another file's class defining one of `CHANGELIST_MEMBERS`)."""
    if depth > 10:
        return None
    merged = _Members()
    for base in reversed(cls.bases):
        qualified = context.qualified_name(base.value)
        if qualified in MODEL_ADMIN:
            continue
        if isinstance(base.value, cst.Name) and base.value.value in classes and base.value.value != cls.name.value:
            inner = _members(context, classes[base.value.value], classes, index, depth + 1)
            if inner is None:
                return None
            merged.values.update(inner.values)
            merged.value_nodes.update(inner.value_nodes)
            merged.methods.update(inner.methods)
            continue
        if qualified is None or not _transparent(index, qualified):
            return None
    for stmt in cls.body.body:
        if isinstance(stmt, cst.FunctionDef):
            merged.methods[stmt.name.value] = stmt
            merged.values.pop(stmt.name.value, None)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                    for target in targets:
                        if isinstance(target, cst.Name):
                            merged.values[target.value] = small.value
                            merged.value_nodes[target.value] = small
                            merged.methods.pop(target.value, None)
    return merged


def _transparent(index: ModelIndex, qualified: str, depth: int = 0) -> bool:
    """A project class (read by the model index) that sets nothing the changelist reads, with bases that
    are Django's ModelAdmin, `object`, or transparent themselves."""
    if depth > 10:
        return False
    found = index.class_def(qualified)
    if found is None:
        return False
    node = found[1]
    for stmt in node.body:
        names: list[str] = []
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [stmt.name]
        elif isinstance(stmt, ast.Assign):
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names = [stmt.target.id]
        if any(name in CHANGELIST_MEMBERS for name in names):
            return False
    module = qualified.rpartition(".")[0]
    for base in node.bases:
        dotted = _ast_dotted(base)
        if dotted is None:
            return False
        if dotted in ("object", "ModelAdmin", "admin.ModelAdmin", "options.ModelAdmin"):
            continue
        resolved = index.canonical(f"{module}.{dotted}")
        if resolved in MODEL_ADMIN or not _transparent(index, resolved, depth + 1):
            if resolved not in MODEL_ADMIN:
                return False
    return True


def _ast_dotted(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _ast_dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def changelist(context, index: ModelIndex, registration: Registration) -> Optional[Changelist]:
    model = registration.model
    resolver = Resolver(context, index)
    if not resolver._manager(model, "_default_manager"):
        return None  # the default manager may select by itself
    classes = {stmt.name.value: stmt for stmt in context.module.body if isinstance(stmt, cst.ClassDef)}
    if registration.admin is None:
        members = _Members()
    else:
        members = _members(context, registration.admin, classes, index)
        if members is None or _UNKNOWN_MEMBERS & set(members.methods) or _UNKNOWN_MEMBERS & set(members.values):
            return None
        if "get_list_display" in members.methods:
            return None
    # the list_display
    columns: list[Union[str, cst.BaseExpression]]
    if "list_display" in members.values:
        items = _sequence(members.values["list_display"])
        if items is None:
            return None
        columns = [(_string(item) or item) for item in items]
        report_at = members.value_nodes["list_display"]
        if registration.admin is not None and not _within(report_at, registration.admin) and not _in_module(context, report_at):
            return None
    else:
        columns = ["__str__"]
        report_at = registration.admin.name if registration.admin is not None else registration.node
    # the actions checkbox renders str(obj) on every row
    actions = members.values.get("actions")
    if isinstance(actions, cst.Name) and actions.value == "None":
        checkbox: Optional[bool] = False
    elif "get_actions" in members.methods or "has_delete_permission" in members.methods:
        checkbox = None  # unknown: maybe no action
    else:
        checkbox = True
    # the queryset
    loaded = LoadedSet(model)
    overridden = "get_queryset" in members.methods
    if overridden:
        found = _get_queryset(context, resolver, members.methods["get_queryset"], loaded)
        if found is None:
            return None
        loaded = found
    if loaded.deferred or not loaded.instances:
        return None
    tuple_paths: tuple[str, ...] = ()
    auto: frozenset[str] = frozenset()
    if not (loaded.selected or loaded.select_all):
        setting = members.values.get("list_select_related")
        if setting is None or (isinstance(setting, cst.Name) and setting.value == "False"):
            auto = frozenset(
                column for column in columns
                if isinstance(column, str) and (rel := index.relation(model, column)) is not None
                and rel.kind in (FK, O2O) and rel.name == column
            )
            if auto:
                loaded = replace(loaded, select_all=True)
        elif isinstance(setting, cst.Name) and setting.value == "True":
            loaded = replace(loaded, select_all=True)
        else:
            items = _sequence(setting)
            paths = [_string(item) for item in items] if items is not None else None
            if paths is None or any(p is None for p in paths):
                return None
            tuple_paths = tuple(paths)  # type: ignore[arg-type]
            selected = set(loaded.selected)
            for path in tuple_paths:
                parts = path.split("__")
                selected |= {"__".join(parts[: i + 1]) for i in range(len(parts))}
            loaded = replace(loaded, selected=frozenset(selected))
    reads: list[Read] = []
    if checkbox and "action_checkbox" in members.methods:
        reads += _function_reads(context, index, model, members.methods["action_checkbox"], 1, "action_checkbox")
    elif checkbox:
        reads += _str_reads(index, model, "", "action_checkbox", MEDIUM)
    for column in columns:
        reads += _column_reads(context, index, model, column, members)
    result = Changelist(model, loaded, reads, report_at, overridden, auto, tuple_paths)
    result.uncovered = [read for read in reads if not _covered(index, loaded, read)]
    return result


def _within(node: cst.CSTNode, cls: cst.ClassDef) -> bool:
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine) and node in stmt.body:
            return True
    return False


def _in_module(context, node: cst.CSTNode) -> bool:
    for stmt in context.module.body:
        if isinstance(stmt, cst.ClassDef) and _within(node, stmt):
            return True
    return False


def _covered(index: ModelIndex, loaded: LoadedSet, read: Read) -> bool:
    if read.manager:
        return read.method in CACHED_METHODS and read.path in loaded.prefetched
    return covers_forward(index, loaded, read.path)


def _get_queryset(context, resolver: Resolver, fn: cst.FunctionDef, base: LoadedSet) -> Optional[LoadedSet]:
    """What an overridden `get_queryset(self, request)` returns: a chain on `super().get_queryset(...)`,
    through locals assigned in order; None for anything else."""
    if not isinstance(fn.body, cst.IndentedBlock):
        return None
    env: dict[str, Optional[LoadedSet]] = {}
    result: Optional[LoadedSet] = None
    statements = list(fn.body.body)
    for position, stmt in enumerate(statements):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            return None
        small = stmt.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)) and position == 0:
            continue
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            env[small.targets[0].target.value] = _chain(resolver, small.value, base, env)
            continue
        if isinstance(small, cst.Return) and small.value is not None and position == len(statements) - 1:
            result = _chain(resolver, small.value, base, env)
            continue
        return None
    return result


def _chain(resolver: Resolver, expr: cst.BaseExpression, base: LoadedSet, env: dict[str, Optional[LoadedSet]]) -> Optional[LoadedSet]:
    if isinstance(expr, cst.Name):
        return env.get(expr.value)
    if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Attribute):
        return None
    target = expr.func.value
    method = expr.func.attr.value
    if method == "get_queryset" and isinstance(target, cst.Call) and isinstance(target.func, cst.Name) and target.func.value == "super":
        return base
    inner = _chain(resolver, target, base, env)
    if inner is None:
        return None
    return resolver._apply(inner, method, expr.args)


def _sequence(node: cst.BaseExpression) -> Optional[list[cst.BaseExpression]]:
    if isinstance(node, (cst.List, cst.Tuple)):
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            return None
        return [e.value for e in node.elements]
    return None


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


# -- what a column reads -----------------------------------------------------------------------------


def _column_reads(context, index: ModelIndex, model: ModelInfo, column, members: _Members) -> list[Read]:
    if not isinstance(column, str):
        fn = _local_function(context, column)
        if fn is None:
            return []
        name = column.value if isinstance(column, cst.Name) else "<callable>"
        return _function_reads(context, index, model, fn, 0, name)
    if column == "__str__":
        return _str_reads(index, model, "", column, MEDIUM)
    if column == "action_checkbox":
        return []
    if index.field(model, column) is not None:
        return []
    relation = index.relation(model, column)
    if relation is not None and relation.name == column:
        if relation.kind in (FK, O2O) and relation.target is not None:
            target = index.by_label(relation.target)
            reads = [Read(column, column, f"the `{column}` column")]
            if target is not None:
                reads += _str_reads(index, target, column, column, MEDIUM)
            return reads
        return []  # M2M / reverse relations are rejected by the admin checks; generic: not followed
    if column in members.methods:
        method = members.methods[column]
        static = any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in method.decorators)
        return _function_reads(context, index, model, method, 0 if static else 1, column)
    if column in members.values:
        return []  # an attribute of the admin (a callable assigned to a name): not followed
    if column in model_methods(index, model):
        chains = self_reads(index, model, column)
        return _paths(index, model, column, chains or [], "", MEDIUM) if chains is not None else []
    if "__" in column:
        return _lookup_reads(index, model, column)
    return []


def model_methods(index: ModelIndex, model: ModelInfo, depth: int = 0) -> frozenset[str]:
    names = set(model.methods)
    for qualified in model.abstract_bases:
        base = index.model_for(qualified)
        if base is not None:
            names |= base.methods
    if depth < 6:
        for parent in model.parents:
            info = index.by_label(parent)
            if info is not None:
                names |= model_methods(index, info, depth + 1)
    return frozenset(names)


def _lookup_reads(index: ModelIndex, model: ModelInfo, column: str) -> list[Read]:
    parts = column.split("__")
    reads: list[Read] = []
    current: Optional[ModelInfo] = model
    for i, part in enumerate(parts):
        if current is None:
            return []
        relation = index.relation(current, part)
        if relation is None:
            if index.field(current, part) is None or i != len(parts) - 1:
                return []  # not a lookup Django can follow: the column shows the empty value
            return reads
        if relation.kind not in _SINGLE or relation.target is None:
            return []
        path = "__".join(parts[: i + 1])
        reads.append(Read(column, path, f"`{column}`"))
        current = index.by_label(relation.target)
    if current is not None:
        reads += _str_reads(index, current, column, column, MEDIUM)
    return reads


def _str_reads(
    index: ModelIndex, model: ModelInfo, prefix: str, column: str, confidence: str, depth: int = 0, outer: str = ""
) -> list[Read]:
    """What `str(row)` reads (`prefix`: the path from the changelist's row to `row`): the chains of the
    model's `__str__`, and for a relation it formats (`f"{self.fk}"`), that target's `__str__`, twice deep."""
    node = model_method(index, model, "__str__")
    if node is None or not node.args.args:
        return []
    me = node.args.args[0].arg
    chains = _self_chains(node, me)
    if not chains:
        return []
    via = f"{outer}`{model.name}.__str__`"
    reads = _paths(index, model, column, chains, prefix, confidence, via)
    if depth < 2:
        for chain, target in _formatted_targets(index, model, node, me):
            path = "__".join(([prefix] if prefix else []) + list(chain))
            reads += _str_reads(index, target, path, column, confidence, depth + 1, f"{via} → ")
    return reads


def _formatted_targets(index: ModelIndex, model: ModelInfo, fn: ast.AST, name: str) -> list[tuple[tuple[str, ...], ModelInfo]]:
    """The relations (chains of single relations, and their target models) a function formats as text."""
    found = []
    for chain in _formatted(fn, name):
        current: Optional[ModelInfo] = model
        for attr in chain:
            relation = index.relation(current, attr) if current is not None else None
            if relation is None or relation.kind not in _SINGLE or relation.target is None or relation.parent_link:
                current = None
                break
            current = index.by_label(relation.target)
        if current is not None and len(chain) <= _MAX_HOPS:
            found.append((chain, current))
    return found


def _paths(
    index: ModelIndex, model: ModelInfo, column: str, chains: list[tuple[str, ...]], prefix: str, confidence: str,
    via: Optional[str] = None,
) -> list[Read]:
    reads: list[Read] = []
    for chain in chains:
        current: Optional[ModelInfo] = model
        path_parts = [prefix] if prefix else []
        for i, attr in enumerate(chain[:_MAX_HOPS]):
            if current is None:
                break
            relation = index.relation(current, attr)
            if relation is None or relation.kind == GENERIC:
                break
            path = "__".join(path_parts + [attr])
            shown = via or f"`{'.'.join(('obj',) + chain[: i + 1])}`"
            if relation.is_manager:
                method = chain[i + 1] if i + 1 < len(chain) else ""
                if method:
                    reads.append(Read(column, path, shown, manager=True, method=method, confidence=confidence))
                break
            if relation.kind not in _SINGLE or relation.target is None:
                break
            if relation.parent_link:
                break  # a multi-table parent is built from the row's own columns, without a query
            reads.append(Read(column, path, shown, confidence=confidence))
            path_parts.append(attr)
            current = index.by_label(relation.target)
    return reads


def _local_function(context, expr: cst.BaseExpression) -> Optional[cst.FunctionDef]:
    if not isinstance(expr, cst.Name):
        return None
    bindings = context.names.lookup(expr.value, (context.module,))
    if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.OTHER:
        return None
    for stmt in context.module.body:
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == expr.value:
            return stmt
    return None


def _function_reads(context, index: ModelIndex, model: ModelInfo, fn: cst.FunctionDef, position: int, column: str) -> list[Read]:
    """The relations a column function reads on its row parameter (the first for a function, the second
    for a ModelAdmin method)."""
    params = list(fn.params.params)
    if fn.params.posonly_params:
        params = list(fn.params.posonly_params) + params
    if len(params) <= position:
        return []
    name = params[position].name.value
    try:
        tree = ast.parse(textwrap.dedent(context.module.code_for_node(fn)))
    except SyntaxError:
        return []
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    chains = chains_from(node, name)
    if chains is None:
        return []
    reads = _paths(index, model, column, chains, "", MEDIUM)
    for chain, target in _formatted_targets(index, model, node, name):
        # `str(obj.fk)`, `f"{obj.fk}"`, `format_html("{}", obj.fk)`: the target's `__str__` runs too
        reads += _str_reads(index, target, "__".join(chain), column, MEDIUM)
    return reads


_FORMATTERS = frozenset({"str", "format_html", "escape", "conditional_escape"})


def _formatted(fn: ast.AST, name: str) -> list[tuple[str, ...]]:
    """The chains on `name` a function formats as text: an f-string field without a format spec, a `%`
    or `str.format()` argument, the argument of `str()` / `format_html()` / `escape()`."""
    values: list[ast.AST] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.FormattedValue) and node.format_spec is None and node.conversion in (-1, 115):
            values.append(node.value)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in _FORMATTERS:
                values += node.args[1:] if called == "format_html" else node.args[:1]
            elif called == "format" and isinstance(func, ast.Attribute):
                values += node.args + [k.value for k in node.keywords]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, (ast.Constant, ast.Call)):
            # `"%s" % x`, `_("%(a)s") % {"a": x}`, `"%s %s" % (x, y)`
            right = node.right
            values += right.elts if isinstance(right, ast.Tuple) else right.values if isinstance(right, ast.Dict) else [right]
    chains: list[tuple[str, ...]] = []
    for value in values:
        parts: list[str] = []
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if parts and isinstance(value, ast.Name) and value.id == name:
            chain = tuple(reversed(parts))
            if chain not in chains:
                chains.append(chain)
    return chains


def chains_from(fn: Union[ast.FunctionDef, ast.AsyncFunctionDef], name: str) -> Optional[list[tuple[str, ...]]]:
    """The attribute chains read from parameter `name` in a function body (`obj.writer.name` is
    `("writer", "name")`), outermost only; None when the body re-binds the name."""
    return _self_chains(fn, name)


__all__ = ["CACHED_METHODS", "Changelist", "Read", "Registration", "changelist", "chains_from", "model_methods", "registrations"]
