"""The loaded set of a queryset expression: which model its rows are and what each row already holds.

Stable API (for the LL7 rules):

- `LoadedSet`: the model of the rows (`ModelInfo`), the `select_related` paths (`selected`, prefixes
  included; `select_all` for the no-argument form), the `prefetch_related` lookups (`prefetched`, with
  the attributes of `Prefetch(..., to_attr=...)` in `to_attrs`), whether `only()`/`defer()` appear
  (`deferred`), whether the rows are model instances (`instances`: not after `values()`/`values_list()`),
  whether a literal slice bounds it to one row (`single`), the relation whose parent every row already
  caches (`back_reference`: iterating `author.book_set.all()` gives books whose `author` is cached), and
  the `confidence` ("high" or "medium"). Also: `only()`/`defer()` as Django keeps them (`load_names`,
  `load_defer`, `load_known`; `deferred_field(index, loaded, attr)` says whether reading `row.attr`
  loads a left-out column), `peers` (`fetch_mode(FETCH_PEERS)`/`RAISE`: forward relations and
  deferred fields are not loaded per row), and the project classes whose methods a call on the set
  runs (`manager_class`, `queryset_class`).
- `Resolver(context, index, rows)`: resolves expressions at the node being visited. `rows` maps a name to
  the `LoadedSet` of the loop it is the variable of (the rule keeps it). `queryset(expr)` is the loaded
  set of a queryset expression or None; `instance(expr)` the `(ModelInfo, LoadedSet | None)` of a
  single model instance (a loop variable, `Model.objects.get(...)` bound to a local) or None.
- `covers_forward(index, loaded, path)`: the relation path (`"author"`, `"author__publisher"`) is loaded
  by `select_related` (explicit or no-argument form) or a prefetch.

What is followed (anything else is unknown and gives None: the rules never guess):
- `Model.objects` / `Model._default_manager` (the model resolved by meaning: imports, or a class of the
  checked file) and the chain after it: the methods of `CHAIN_METHODS` keep the rows, `select_related`,
  `prefetch_related` (`Prefetch("x", queryset=..., to_attr=...)`; a `queryset=` with its own
  `select_related` adds `x__...` paths), `only`/`defer`, `values`/`values_list`, slices, `iterator()`,
  `fetch_mode()`. The project's managers, queryset methods and helpers are summarised one level deep
  (`semantics.summaries`): a manager's `get_queryset` override applies to every chain on it and to
  the related managers of its model (they derive from the default manager), a method of the
  manager's or queryset's project class applies its returned chain (medium confidence), and so does a
  call of a module-level function of the project returning a chain. A library manager, a method the
  chain does not know, a second level of summaries, non-literal arguments: unknown.
- A local name bound once to such an expression (high confidence); bound several times, each binding
  either a chain or a chain on the name itself (`qs = qs.filter(...)`): the union of what every binding
  loads (precision first: a `select_related` in one branch counts), medium confidence. A name passed to
  `prefetch_related_objects(...)` anywhere in the function: unknown.
- `self.get_queryset()` in a method of a class whose `queryset = ...` / `model = ...` class attribute is
  known and which defines no `get_queryset` of its own, or defines one returning a chain (on
  `super().get_queryset()` or the class's queryset): medium confidence.
- `enumerate(qs)` in a `for` target `(i, row)`, and `instance.<reverse FK or M2M manager>.<chain>`
  (the rows of a related manager; a reverse FK's rows cache the parent). An instance is a loop row (its
  prefetches below the manager carry over), a local bound once to `.get()`/`.first()`/`.last()` or
  `get_object_or_404(Model, ...)`, or `self` in a method of a model class of the file (an abstract model
  stands for its only concrete subclass; a manager of `self` named as a lookup anywhere in the
  project, `"lines__..."`, `("lines"`, `, 'lines'`, is unknown: a caller may prefetch it and below it).
- Models by meaning: an imported class (re-exports followed by the index), a class of the checked file,
  or a module-level name bound to `get_model("app", "Model")` (Django's registry, oscar's loader).
- `source(expr)` (for the query rules LL703/LL705): the model of any queryset expression whatever it
  loads: any manager of the model (custom ones), `values()`, `|`/`&`, `select_for_update()` (`locked`),
  and one-level summaries of the manager's project queryset/manager methods that return a chain on
  `self` (medium confidence).
- A `Prefetch("x", queryset=...)` whose queryset is unknown makes everything below `x` unknown
  (`x__*`): the rows of `x` are then not checked, and `row.x.y` counts as loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

import libcst as cst

from loglint.dispatch import walk
from loglint.semantics.models import (
    FK,
    M2M,
    O2O,
    REVERSE_FK,
    REVERSE_M2M,
    REVERSE_O2O,
    ModelIndex,
    ModelInfo,
    Relation,
    local_module_name,
)
from loglint.semantics import summaries
from loglint.semantics.names import BindingKind

HIGH, MEDIUM = "high", "medium"

# Queryset methods that return a queryset of the same rows and load nothing more.
CHAIN_METHODS = frozenset(
    {
        "all", "filter", "exclude", "order_by", "distinct", "reverse", "annotate", "alias", "using",
        "select_for_update", "iterator", "extra", "complex_filter", "none",
    }
)
# Methods that return one instance of the queryset's model.
INSTANCE_METHODS = frozenset({"get", "first", "last", "earliest", "latest"})
MANAGER_NAMES = frozenset({"objects", "_default_manager", "_base_manager"})
# Class-based view bases whose `get_queryset` is the class's `queryset`/`model` (Django, DRF).
VIEW_PREFIXES = ("django.views.", "django.contrib.admin.", "rest_framework.")
_GET_OBJECT = frozenset({"django.shortcuts.get_object_or_404"})
_PREFETCH_OBJECTS = "prefetch_related_objects"
OPAQUE = "*"  # `lookup__*`: a Prefetch whose queryset is unknown loads anything below `lookup`


@dataclass(frozen=True)
class LoadedSet:
    model: ModelInfo
    selected: frozenset[str] = frozenset()
    select_all: bool = False
    prefetched: frozenset[str] = frozenset()
    to_attrs: frozenset[str] = frozenset()
    to_attr_of: frozenset[tuple[str, str]] = frozenset()  # (lookup, to_attr) of each Prefetch(to_attr=)
    deferred: bool = False
    instances: bool = True
    single: bool = False
    back_reference: Optional[str] = None
    confidence: str = HIGH
    # only()/defer() as Django keeps them (`Query.deferred_loading`): the names and whether they are
    # deferred (True) or the only ones loaded (False); `load_known` is False after non-literal names
    load_names: frozenset[str] = frozenset()
    load_defer: bool = True
    load_known: bool = True
    peers: bool = False  # fetch_mode(FETCH_PEERS) (Django 6.1): relations and deferred fields load for all rows
    # the project classes whose methods a call on this set runs (summarised in `semantics.summaries`):
    # the manager's (before the first call) and the queryset's
    manager_class: Optional[str] = None
    queryset_class: Optional[str] = None

    def merge(self, other: "LoadedSet") -> "LoadedSet":
        """What two bindings of one name load together (union: precision first)."""
        return replace(
            self,
            selected=self.selected | other.selected,
            select_all=self.select_all or other.select_all,
            prefetched=self.prefetched | other.prefetched,
            to_attrs=self.to_attrs | other.to_attrs,
            to_attr_of=self.to_attr_of | other.to_attr_of,
            deferred=self.deferred or other.deferred,
            instances=self.instances and other.instances,
            single=self.single or other.single,
            confidence=MEDIUM,
            load_names=self.load_names if self._same_loading(other) else frozenset(),
            load_known=self.load_known and other.load_known and self._same_loading(other),
            peers=self.peers or other.peers,
            manager_class=self.manager_class if self.manager_class == other.manager_class else None,
            queryset_class=self.queryset_class if self.queryset_class == other.queryset_class else None,
        )

    def _same_loading(self, other: "LoadedSet") -> bool:
        return (self.load_names, self.load_defer) == (other.load_names, other.load_defer)

    def nested(self, prefix: str) -> Optional[tuple[frozenset[str], frozenset[str]]]:
        """The select/prefetch paths below `prefix` (for the rows of a prefetched manager); None when a
        `Prefetch(prefix, queryset=...)` has a queryset that is not known."""
        cut = prefix + "__"
        if cut + OPAQUE in self.prefetched:
            return None
        selected = frozenset(p[len(cut):] for p in self.selected | self.prefetched if p.startswith(cut))
        return selected, frozenset(p[len(cut):] for p in self.prefetched if p.startswith(cut))


# The lazy queryset methods `Resolver.source` follows (the rows stay those of the model).
SOURCE_METHODS = CHAIN_METHODS | frozenset(
    {"select_related", "prefetch_related", "only", "defer", "values", "values_list", "get_queryset"}
)
_RANK = [MEDIUM, HIGH]


@dataclass(frozen=True)
class Source:
    """What `Resolver.source` knows of a queryset expression: the model of its rows."""

    model: ModelInfo
    confidence: str = HIGH
    manager: bool = False  # the expression is `Model.<manager>` itself
    instances: bool = True  # not after values()/values_list()
    single: bool = False  # a literal slice of at most one row
    related: bool = False  # the rows of an instance's related manager
    locked: bool = False  # `select_for_update()` in the chain
    manager_name: Optional[str] = None  # the model's manager the chain starts at (`objects`)


def _one_row(element: cst.Slice) -> bool:
    if element.step is not None:
        return False
    start = _int(element.lower) if element.lower is not None else 0
    upper = _int(element.upper) if element.upper is not None else None
    return upper is not None and start is not None and upper - start <= 1


def _related_root(expr: cst.BaseExpression) -> bool:
    """The chain starts at an attribute (`instance.manager.filter(...)`), not a model's manager."""
    node = expr
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        node = node.func.value
    while isinstance(node, cst.Subscript):
        node = node.value
    return isinstance(node, cst.Attribute)


def _prefixes(path: str) -> set[str]:
    parts = path.split("__")
    return {"__".join(parts[: i + 1]) for i in range(len(parts))}


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def relation_chain(index: ModelIndex, model: Optional[ModelInfo], names: Sequence[str]) -> list[str]:
    """The leading `names` that are single-valued relations read one through the other from `model`
    (`event`, `organizer` of `.event.organizer.slug`): once the first is not loaded, each costs a query per
    row, and one `select_related("a__b")` joins them all. A key read (`.fk.id`, `.fk.pk`) ends the chain:
    the key is on the row already; so does django-auto-prefetch, which loads its fields itself."""
    found: list[str] = []
    for position, name in enumerate(names):
        relation = index.relation(model, name) if model is not None else None
        if relation is None or relation.target is None or relation.kind not in (FK, O2O, REVERSE_O2O) \
                or relation.field_class.startswith("auto_prefetch."):
            break
        following = names[position + 1] if position + 1 < len(names) else None
        if following in ("id", "pk") and relation.kind == FK and relation.attname:
            break
        found.append(name)
        model = index.by_label(relation.target)
    return found


def covers_forward(index: ModelIndex, loaded: LoadedSet, path: str) -> bool:
    """`path` (a relation path from the row) is loaded with the rows."""
    if path in loaded.selected or path in loaded.prefetched or loaded.peers:
        return True
    parts = path.split("__")
    if any("__".join(parts[:i] + [OPAQUE]) in loaded.prefetched for i in range(1, len(parts))):
        return True
    if loaded.select_all:
        # no-argument select_related(): non-null forward FK/O2O, recursively
        model: Optional[ModelInfo] = loaded.model
        for part in path.split("__"):
            relation = index.relation(model, part) if model is not None else None
            if relation is None or relation.kind not in (FK, O2O) or relation.null or relation.target is None:
                return False
            model = index.by_label(relation.target)
        return True
    return False


class Resolver:
    def __init__(self, context, index: ModelIndex, rows: Optional[dict[str, LoadedSet]] = None) -> None:
        self.context = context
        self.index = index
        self.rows = rows if rows is not None else {}
        self._summary_level = 0  # > 0 while a project method or helper is being summarised

    # -- models --------------------------------------------------------------------------------------

    def model(self, expr: cst.BaseExpression) -> Optional[ModelInfo]:
        """The model class an expression names (imported, or a class of the checked file)."""
        qualified = self.context.qualified_name(expr)
        if qualified is None and isinstance(expr, cst.Name):
            bindings = self.context.names.lookup(expr.value, self.context.scope_chain)
            if bindings and len(bindings) == 1 and len(bindings[0].scopes) == 1:  # bound once, at module level
                if bindings[0].kind is BindingKind.CLASS:
                    qualified = f"{local_module_name(self.context)}.{expr.value}"
                elif bindings[0].kind is BindingKind.VALUE:
                    label = _get_model_label(bindings[0].payload)
                    info = self.index.by_label(label) if label is not None else None
                    return info if info is not None and not info.is_abstract else None
        if qualified is None:
            return None
        info = self.index.model_for(qualified)
        if info is None or info.is_abstract:
            return None
        return info

    def _manager(self, info: ModelInfo, name: str) -> bool:
        """`info.<name>` is a manager whose querysets load nothing by themselves."""
        if name not in MANAGER_NAMES and not any(m.name == name for m in info.managers):
            return False
        if name == "_base_manager":
            return True
        managers = [m for m in info.managers if m.name == name] or list(info.managers[:1])
        for manager in managers:
            for qualified, is_manager in ((manager.manager_class, True), (manager.queryset_class, False)):
                if qualified is None or qualified.startswith("django."):
                    continue
                found = self.index.class_def(qualified)
                if found is None:
                    return False  # a library manager: its get_queryset is unknown
                if _loads_something(found[1]):
                    return False
                # a manager deriving from a project class may select in the base's get_queryset; a
                # queryset class only loads what its methods are asked for (unknown methods stop the chain)
                if is_manager and not _plain_bases(found[1]):
                    return False
        return True

    # -- querysets -----------------------------------------------------------------------------------

    def queryset(self, expr: cst.BaseExpression, depth: int = 0) -> Optional[LoadedSet]:
        if depth > 12:
            return None
        if isinstance(expr, cst.Attribute):
            info = self.model(expr.value)
            if info is not None:
                loaded = summaries.manager_set(self, info, expr.attr.value)
                if loaded is not None:
                    return loaded
            return self._related_manager(expr)
        if isinstance(expr, cst.Name):
            return self._local(expr, depth)
        if isinstance(expr, cst.Subscript):
            inner = self.queryset(expr.value, depth + 1)
            if inner is None or len(expr.slice) != 1:
                return None
            element = expr.slice[0].slice
            if not isinstance(element, cst.Slice):
                return None  # qs[0] is one instance
            if element.step is not None:
                return None
            start = _int(element.lower) if element.lower is not None else 0
            if element.upper is not None:
                upper = _int(element.upper)
                if upper is not None and start is not None and upper - start <= 1:
                    return replace(inner, single=True)
            return inner
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            method = expr.func.attr.value
            if method == "get_queryset" and not expr.args:
                target = expr.func.value
                if isinstance(target, cst.Name) and target.value == self._self_name():
                    return self._view_queryset()
            inner = self.queryset(expr.func.value, depth + 1)
            if inner is None:
                return self._helper(expr)
            return self._apply(inner, method, expr.args)
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name):
            return self._helper(expr)
        return None

    def source(self, expr: cst.BaseExpression, depth: int = 0) -> Optional[Source]:
        """The model a queryset expression yields rows of, whatever it loads with them (for the rules
        about queries, not relations): `Model.<any manager of the model>` (custom managers included),
        the lazy chain after it (`SOURCE_METHODS`), `|`/`&` of two querysets of one model, a local
        bound to one, and what `queryset()` resolves (related managers, a view's `get_queryset()`).
        None when unknown, and for anything that is not a queryset (a dict's `.get()`, a list)."""
        if depth > 12:
            return None
        if isinstance(expr, cst.Attribute):
            info = self.model(expr.value)
            if info is not None:
                name = expr.attr.value
                if name in MANAGER_NAMES or any(m.name == name for m in info.managers):
                    return Source(info, HIGH, manager=True, manager_name=name)
                return None
        elif isinstance(expr, cst.Name):
            bindings = self.context.names.lookup(expr.value, self.context.scope_chain)
            if not bindings or any(b.kind is not BindingKind.VALUE for b in bindings) or expr.value in self.rows:
                return None
            found: Optional[Source] = None
            for binding in bindings:
                value = binding.payload
                if _chain_root(value, expr.value):
                    continue  # `qs = qs.filter(...)`: the rows are the name's
                one = self.source(value, depth + 1)  # type: ignore[arg-type]
                if one is None or (found is not None and found.model.label != one.model.label):
                    return None
                found = one if found is None else replace(
                    found, single=found.single and one.single, instances=found.instances and one.instances,
                    locked=found.locked or one.locked,
                )
            if found is None:
                return None
            found = replace(found, manager=False)
            return found if len(bindings) == 1 else replace(found, confidence=MEDIUM, single=False)
        elif isinstance(expr, cst.Subscript):
            inner = self.source(expr.value, depth + 1)
            if inner is None or len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Slice):
                return None  # `qs[0]` is one instance
            loaded = self.queryset(expr)
            return replace(inner, manager=False, single=loaded is not None and loaded.single or _one_row(expr.slice[0].slice))
        elif isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.BitOr, cst.BitAnd)):
            left, right = self.source(expr.left, depth + 1), self.source(expr.right, depth + 1)
            if left is None or right is None or left.model.label != right.model.label:
                return None
            return replace(left, manager=False, single=False, confidence=min(left.confidence, right.confidence, key=_RANK.index))
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            method = expr.func.attr.value
            if method in SOURCE_METHODS:
                inner = self.source(expr.func.value, depth + 1)
                if inner is not None:
                    return replace(
                        inner, manager=False, instances=inner.instances and method not in ("values", "values_list"),
                        locked=inner.locked or method == "select_for_update",
                    )
            else:
                inner = self.source(expr.func.value, depth + 1)
                if inner is not None and self._own_rows_method(inner, method):
                    return replace(inner, manager=False, confidence=MEDIUM)
        loaded = self.queryset(expr)
        if loaded is None:
            return None
        return Source(loaded.model, loaded.confidence, instances=loaded.instances, single=loaded.single, related=loaded.back_reference is not None or isinstance(expr, cst.Attribute) or _related_root(expr))

    def _own_rows_method(self, inner: Source, method: str) -> bool:
        """`method` is defined on the project's manager or queryset class of the manager the chain starts
        at, and every `return` of it is a lazy chain on `self`, `self.get_queryset()` or
        `super().get_queryset()`: a queryset of the same model (a one-level summary)."""
        if inner.manager_name is None:
            return False
        import ast

        for manager in inner.model.managers:
            if manager.name != inner.manager_name:
                continue
            for qualified in (manager.queryset_class, manager.manager_class):
                if qualified is None or qualified.startswith("django."):
                    continue
                found = self.index.class_def(qualified)
                if found is None:
                    continue
                for stmt in found[1].body:
                    if isinstance(stmt, ast.FunctionDef) and stmt.name == method:
                        return _returns_own_rows(stmt)
        return False

    def _helper(self, call: cst.Call) -> Optional[LoadedSet]:
        """A call of a module-level function of the project (this file's or imported) that returns a
        queryset chain: its summary (medium confidence)."""
        func = call.func
        qualified = self.context.qualified_name(func)
        if qualified is None and isinstance(func, cst.Name):
            bindings = self.context.names.lookup(func.value, self.context.scope_chain)
            if bindings and len(bindings) == 1 and len(bindings[0].scopes) == 1 \
                    and isinstance(bindings[0].payload, cst.FunctionDef):
                qualified = f"{local_module_name(self.context)}.{func.value}"
        if qualified is None or self._summary_level > 0:
            return None
        return summaries.helper_set(self, qualified)

    def _apply(self, inner: LoadedSet, method: str, args: Sequence[cst.Arg]) -> Optional[LoadedSet]:
        """`inner.<method>(*args)`: a Django method, or one of the project's manager/queryset classes
        (summarised one level deep)."""
        if inner.manager_class is not None or inner.queryset_class is not None:
            found = summaries.find_method(self, (inner.manager_class, inner.queryset_class), method)
            if found is not None:
                if found == summaries.UNKNOWN or self._summary_level > 0:
                    return None
                return summaries.method_set(self, inner, found)  # type: ignore[arg-type]
        result = self._apply_known(inner, method, args)
        if result is not None and result.manager_class is not None:
            result = replace(result, manager_class=None)
        return result

    def _apply_known(self, inner: LoadedSet, method: str, args: Sequence[cst.Arg]) -> Optional[LoadedSet]:
        if method in CHAIN_METHODS:
            return inner
        if method == "select_related":
            if not args:
                return replace(inner, select_all=True)
            paths = [_string(a.value) if a.keyword is None and not a.star else None for a in args]
            if len(args) == 1 and isinstance(args[0].value, cst.Name) and args[0].value.value == "None":
                return replace(inner, selected=frozenset(), select_all=False)
            if any(p is None for p in paths):
                return None
            selected = set(inner.selected)
            for path in paths:
                selected |= _prefixes(path)  # type: ignore[arg-type]
            return replace(inner, selected=frozenset(selected))
        if method == "prefetch_related":
            if len(args) == 1 and isinstance(args[0].value, cst.Name) and args[0].value.value == "None":
                return replace(inner, prefetched=frozenset(), to_attrs=frozenset(), to_attr_of=frozenset())
            prefetched, to_attrs, pairs = set(inner.prefetched), set(inner.to_attrs), set(inner.to_attr_of)
            for arg in args:
                if arg.keyword is not None or arg.star:
                    return None
                path = _string(arg.value)
                if path is not None:
                    prefetched |= _prefixes(path)
                    continue
                found = self._prefetch_object(arg.value, inner.model)
                if found is None:
                    return None
                paths, attr = found
                if attr is not None:
                    to_attrs.add(attr)
                    pairs.add((paths[0], attr))
                    # the prefixes of a to_attr lookup are still prefetched (Django walks them)
                    prefetched |= {p for p in _prefixes(paths[0])} - {paths[0]}
                else:
                    for path in paths:
                        prefetched |= _prefixes(path)
            return replace(
                inner, prefetched=frozenset(prefetched), to_attrs=frozenset(to_attrs), to_attr_of=frozenset(pairs)
            )
        if method in ("only", "defer"):
            return _loading(inner, method, args)
        if method in ("values", "values_list"):
            return replace(inner, instances=False)
        if method == "fetch_mode" and len(args) == 1 and args[0].keyword is None and not args[0].star:
            mode = _last_name(args[0].value)
            if mode in ("FETCH_PEERS", "RAISE"):
                return replace(inner, peers=True)  # RAISE: a per-row load raises instead of querying
            if mode == "FETCH_ONE":
                return inner
        return None

    def _prefetch_object(self, node: cst.BaseExpression, model: ModelInfo) -> Optional[tuple[list[str], Optional[str]]]:
        """`Prefetch("x", queryset=..., to_attr="y")`: (the lookup and the paths its queryset selects, y)."""
        if not isinstance(node, cst.Call):
            return None
        if self.context.qualified_name(node.func) not in ("django.db.models.Prefetch", "django.db.models.query.Prefetch"):
            return None
        lookup: Optional[str] = None
        to_attr: Optional[str] = None
        inner_qs: Optional[cst.BaseExpression] = None
        for position, arg in enumerate(node.args):
            key = arg.keyword.value if arg.keyword is not None else ("lookup", "queryset", "to_attr")[min(position, 2)]
            if key == "lookup":
                lookup = _string(arg.value)
            elif key == "queryset":
                inner_qs = arg.value
            elif key == "to_attr":
                to_attr = _string(arg.value)
                if to_attr is None:
                    return None
        if lookup is None:
            return None
        paths = [lookup]
        if inner_qs is not None:
            loaded = self.queryset(inner_qs)
            if loaded is None or loaded.select_all:
                paths.append(f"{lookup}__{OPAQUE}")  # the rows may hold anything: unknown below
            else:
                paths += [f"{lookup}__{p}" for p in loaded.selected | loaded.prefetched]
        return paths, to_attr

    def _related_manager(self, expr: cst.Attribute) -> Optional[LoadedSet]:
        """`instance.<manager>`: the rows of a reverse FK / M2M manager of a known instance."""
        found = self.instance(expr.value)
        if found is None:
            return None
        info, parent_rows = found
        relation = self.index.relation(info, expr.attr.value)
        if relation is None or relation.kind not in (REVERSE_FK, M2M, REVERSE_M2M) or relation.target is None:
            return None
        target = self.index.by_label(relation.target)
        if target is None:
            return None
        back = relation.remote_name if relation.kind == REVERSE_FK else None
        # a related manager derives from the target's default manager: its get_queryset applies
        base = summaries.manager_set(self, target, "_default_manager")
        if base is None:
            return None
        loaded = replace(base, back_reference=back, manager_class=None)
        if parent_rows is None and isinstance(expr.value, cst.Name) and expr.value.value == self._self_name():
            # the callers may have prefetched the manager and what is below it: unknown when the project
            # names it as a lookup anywhere (`prefetch_related("lines__product")`, `Prefetch('lines', ...)`,
            # `prefetch_related_objects(objs, "lines")`; a `related_name="lines"` is not a lookup)
            if _named_in_project(self.context, relation.name):
                return None
            loaded = replace(loaded, confidence=MEDIUM)
        if parent_rows is not None:
            nested = parent_rows.nested(relation.name)
            if nested is None:
                return None
            selected, prefetched = nested
            selected = frozenset(set().union(*(_prefixes(p) for p in selected)) if selected else ())
            confidence = parent_rows.confidence if loaded.confidence == HIGH else MEDIUM
            loaded = replace(
                loaded, selected=loaded.selected | selected, prefetched=loaded.prefetched | prefetched,
                confidence=confidence,
            )
        return loaded

    def instance(self, expr: cst.BaseExpression) -> Optional[tuple[ModelInfo, Optional[LoadedSet]]]:
        """A model instance: a loop variable (with the loop's loaded set), or a local bound once to
        `<queryset>.get/first/last(...)` or `get_object_or_404(Model, ...)`."""
        if not isinstance(expr, cst.Name):
            return None
        if expr.value in self.rows:
            loaded = self.rows[expr.value]
            return loaded.model, loaded
        if expr.value == self._self_name():
            info = self._self_model()
            return (info, None) if info is not None else None
        value = self._single_value(expr)
        if value is None or not isinstance(value, cst.Call):
            return None
        if isinstance(value.func, cst.Attribute) and value.func.attr.value in INSTANCE_METHODS:
            loaded = self.queryset(value.func.value)
            if loaded is not None and loaded.instances:
                return loaded.model, None
            return None
        if self.context.qualified_name(value.func) in _GET_OBJECT and value.args:
            info = self.model(value.args[0].value)
            if info is not None:
                return info, None
        return None

    def _single_value(self, name: cst.Name) -> Optional[cst.BaseExpression]:
        bindings = self.context.names.lookup(name.value, self.context.scope_chain)
        if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
            return None
        return bindings[0].payload  # type: ignore[return-value]

    def _local(self, name: cst.Name, depth: int) -> Optional[LoadedSet]:
        bindings = self.context.names.lookup(name.value, self.context.scope_chain)
        if not bindings or any(b.kind is not BindingKind.VALUE for b in bindings):
            return None
        if self._passed_to_prefetch_objects(name.value):
            return None
        if len(bindings) == 1:
            return self.queryset(bindings[0].payload, depth + 1)  # type: ignore[arg-type]
        result: Optional[LoadedSet] = None
        for binding in bindings:
            value = binding.payload
            if _chain_root(value, name.value):
                continue  # `qs = qs.filter(...)`: its additions are counted below
            loaded = self.queryset(value, depth + 1)  # type: ignore[arg-type]
            if loaded is None:
                return None
            result = loaded if result is None else _merge_same(result, loaded)
            if result is None:
                return None
        if result is None:
            return None
        for binding in bindings:
            value = binding.payload
            if _chain_root(value, name.value):
                extended = self._replay(result, value, name.value)
                if extended is None:
                    return None
                result = result.merge(extended)
        return replace(result, confidence=MEDIUM)

    def _replay(self, base: LoadedSet, value: cst.BaseExpression, name: str) -> Optional[LoadedSet]:
        """`name.<chain>` applied to `base`."""
        if isinstance(value, cst.Name) and value.value == name:
            return base
        if isinstance(value, cst.Subscript):
            inner = self._replay(base, value.value, name)
            return inner  # a slice of a re-bound name: the rows are kept
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            inner = self._replay(base, value.func.value, name)
            if inner is None:
                return None
            return self._apply(inner, value.func.attr.value, value.args)
        return None

    def _passed_to_prefetch_objects(self, name: str) -> bool:
        source = self.context.source
        if source is not None and _PREFETCH_OBJECTS.encode() not in source:
            return False  # the call names the function: no such call in this file
        function = self.context.current_function
        root = function if function is not None else self.context.module
        finder = _PrefetchObjectsFinder(name)
        walk(root, finder)
        return finder.found

    # -- class-based views ---------------------------------------------------------------------------

    def _self_name(self) -> Optional[str]:
        found = self.context.names.enclosing_class(self.context.scope_chain)
        return found[1] if found is not None else None

    def _self_model(self) -> Optional[ModelInfo]:
        """In a method of a model class of this file: the model (for an abstract model, its only
        concrete subclass in the index), if `self` is not re-bound in the method."""
        found = self.context.names.enclosing_class(self.context.scope_chain)
        if found is None:
            return None
        scope, self_name = found
        cls = scope.node
        if not isinstance(cls, cst.ClassDef) or cls not in self.context.module.body:
            return None
        bindings = self.context.names.lookup(self_name, self.context.scope_chain)
        if not bindings or any(b.kind is not BindingKind.PARAM for b in bindings):
            return None
        info = self.index.model_for(f"{local_module_name(self.context)}.{cls.name.value}")
        if info is None:
            return None
        if info.is_abstract:
            concrete = [m for m in self.index.models if not m.is_abstract and info.qualified_name in m.abstract_bases]
            if len(concrete) != 1:
                return None
            info = concrete[0]
        return info

    def _view_queryset(self) -> Optional[LoadedSet]:
        found = self.context.names.enclosing_class(self.context.scope_chain)
        if found is None:
            return None
        scope, _ = found
        cls = scope.node
        assert isinstance(cls, cst.ClassDef)
        for base in cls.bases:
            qualified = self.context.qualified_name(base.value)
            if qualified is None or not qualified.startswith(VIEW_PREFIXES):
                return None  # a project mixin may override get_queryset
        return self.class_queryset(cls)

    def class_queryset(self, cls: cst.ClassDef, direct: bool = False) -> Optional[LoadedSet]:
        """The loaded set of a class-based view's `get_queryset()`, from its own `queryset =`/`model =`
        and `get_queryset` (the caller has checked that no base class overrides them), medium confidence.
        `direct`: a `get_queryset` may also return a chain of its own (`Model.objects.filter(...)`, a
        local bound to one), not only a chain on `super().get_queryset()`/`self.queryset`."""
        own_get = None
        attributes: dict[str, cst.BaseExpression] = {}
        for stmt in cls.body.body:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "get_queryset":
                own_get = stmt
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                        attributes[small.targets[0].target.value] = small.value
        base_set: Optional[LoadedSet] = None
        if "queryset" in attributes:
            base_set = self._at_class_level(attributes["queryset"], cls)
        elif "model" in attributes:
            info = self._at_class_level_model(attributes["model"], cls)
            base_set = summaries.manager_set(self, info, "_default_manager") if info is not None else None
        if own_get is not None:
            returns = [n for n in _returns(own_get)]
            if len(returns) != 1 or returns[0].value is None:
                return None
            value = returns[0].value
            result = None
            if base_set is not None:
                if direct:
                    chain = (own_get,) + self._class_chain(cls)
                    result = _with_chain(self.context, chain, lambda: self._replay_super(base_set, value))
                else:
                    result = self._replay_super(base_set, value)
            if result is None and direct:
                chain = (own_get,) + self._class_chain(cls)
                result = _with_chain(self.context, chain, lambda: self.queryset(value))
            return replace(result, confidence=MEDIUM) if result is not None else None
        return replace(base_set, confidence=MEDIUM) if base_set is not None else None

    def _class_chain(self, cls: cst.ClassDef) -> tuple:
        saved = self.context.scope_chain
        return tuple(saved[saved.index(cls):]) if cls in saved else (cls,) + tuple(saved)

    def _at_class_level(self, value: cst.BaseExpression, cls: cst.ClassDef) -> Optional[LoadedSet]:
        saved = self.context.scope_chain
        chain = saved[saved.index(cls):] if cls in saved else saved
        return _with_chain(self.context, chain, lambda: self.queryset(value))

    def _at_class_level_model(self, value: cst.BaseExpression, cls: cst.ClassDef) -> Optional[ModelInfo]:
        saved = self.context.scope_chain
        chain = saved[saved.index(cls):] if cls in saved else saved
        return _with_chain(self.context, chain, lambda: self.model(value))

    def _replay_super(self, base: LoadedSet, value: cst.BaseExpression) -> Optional[LoadedSet]:
        """The return value of a view's own `get_queryset`: a chain on `super().get_queryset()` or on
        `self.queryset`/`self.model.objects`."""
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
            method = value.func.attr.value
            target = value.func.value
            if method == "get_queryset" and isinstance(target, cst.Call) and isinstance(target.func, cst.Name) \
                    and target.func.value == "super":
                return base
            inner = self._replay_super(base, target)
            return self._apply(inner, method, value.args) if inner is not None else None
        if isinstance(value, cst.Attribute) and value.attr.value == "queryset" and isinstance(value.value, cst.Name) \
                and value.value.value == self._self_name():
            return base
        return None


def _returns_own_rows(fn) -> bool:
    """Every `return` of an `ast.FunctionDef` method is a chain of `SOURCE_METHODS` on `self` (or on
    `super().get_queryset()`), and there is at least one."""
    import ast

    if not fn.args.args or fn.decorator_list:
        return False
    me = fn.args.args[0].arg
    returns: list = []
    stack = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Return):
            returns.append(node.value)
        stack.extend(ast.iter_child_nodes(node))
    if not returns:
        return False
    for value in returns:
        node = value
        while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SOURCE_METHODS:
            node = node.func.value
        if isinstance(node, ast.Name) and node.id == me:
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super":
            continue
        return False
    return True


def _with_chain(context, chain, compute):
    """Resolve with the scope chain of a class body (class attributes are evaluated there)."""
    saved = context._chain
    context._chain = tuple(chain)
    try:
        return compute()
    finally:
        context._chain = saved


def _returns(fn: cst.FunctionDef) -> list[cst.Return]:
    finder = _ReturnFinder(fn)
    walk(fn, finder)
    return finder.found


class _ReturnFinder(cst.CSTVisitor):
    def __init__(self, fn: cst.FunctionDef) -> None:
        super().__init__()
        self.fn = fn
        self.found: list[cst.Return] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
        return node is self.fn

    def visit_Lambda(self, node: cst.Lambda) -> Optional[bool]:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        self.found.append(node)


class _PrefetchObjectsFinder(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.found = False

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        called = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if called == _PREFETCH_OBJECTS and any(
            isinstance(arg.value, cst.Name) and arg.value.value == self.name for arg in node.args
        ):
            self.found = True


def _loads_something(cls) -> bool:
    """An `ast.ClassDef` of a manager/queryset class that selects or prefetches by itself."""
    import ast

    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and node.attr in ("select_related", "prefetch_related", "fetch_mode"):
            return True
    return False


_PLAIN_BASES = frozenset({"Manager", "BaseManager", "QuerySet", "object"})


def _plain_bases(cls) -> bool:
    """The bases of an `ast.ClassDef` are Django's manager/queryset classes themselves (a project base
    class could select in its own `get_queryset`)."""
    import ast

    for base in cls.bases:
        if isinstance(base, ast.Attribute):
            name = base.attr
        elif isinstance(base, ast.Name):
            name = base.id
        else:
            return False
        if name not in _PLAIN_BASES:
            return False
    return True


def _chain_root(value: object, name: str) -> bool:
    node = value
    while True:
        if isinstance(node, cst.Name):
            return node.value == name
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        elif isinstance(node, cst.Subscript):
            node = node.value
        else:
            return False


def _merge_same(a: LoadedSet, b: LoadedSet) -> Optional[LoadedSet]:
    if a.model.label != b.model.label:
        return None
    return replace(a.merge(b), back_reference=a.back_reference if a.back_reference == b.back_reference else None)


def _named_in_project(context, name: str) -> bool:
    project = getattr(context, "project", None)
    if project is None:
        return False
    return project.names_a_lookup(name)


def _get_model_label(node: object) -> Optional[str]:
    """`get_model("app", "Model")` / `get_model("app.Model")` (Django's apps registry, oscar's loader)."""
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    if name != "get_model" or any(arg.keyword is not None or arg.star for arg in node.args):
        return None
    strings = [_string(arg.value) for arg in node.args]
    if len(strings) == 2 and all(strings):
        return f"{strings[0]}.{strings[1]}"
    if len(strings) == 1 and strings[0] and strings[0].count(".") == 1:
        return strings[0]
    return None


def _loading(inner: LoadedSet, method: str, args: Sequence[cst.Arg]) -> LoadedSet:
    """`only(...)` / `defer(...)` applied as Django's `Query.add_immediate_loading` /
    `add_deferred_loading` do."""
    names: list[str] = []
    for arg in args:
        value = _string(arg.value) if arg.keyword is None and not arg.star else None
        if method == "defer" and len(args) == 1 and isinstance(arg.value, cst.Name) and arg.value.value == "None":
            return replace(inner, deferred=False, load_names=frozenset(), load_defer=True)  # defer(None) clears
        if value is None:
            return replace(inner, deferred=True, load_known=False)
        names.append(value)
    existing, defer = inner.load_names, inner.load_defer
    new = frozenset(names)
    if method == "only":
        state = (new - existing, False) if defer else (new, False)
    elif defer:
        state = (existing | new, True)
    elif existing - new:
        state = (existing - new, False)
    else:
        state = (new - existing, True)
    return replace(inner, deferred=True, load_names=state[0], load_defer=state[1])


def deferred_field(index: ModelIndex, loaded: LoadedSet, attr: str) -> Optional[str]:
    """When reading `row.<attr>` loads a column that `only()`/`defer()` left out: the field's name (the
    relation's for an FK/O2O or its `_id` column), else None. The primary key is always loaded."""
    if not loaded.load_known or not loaded.deferred or loaded.peers:
        return None
    model = loaded.model
    name: Optional[str] = None
    field = index.field(model, attr)
    if field is not None:
        if field.primary_key:
            return None
        name = attr
    else:
        relation = index.relation(model, attr)
        if relation is None or relation.kind not in (FK, O2O):
            for candidate in model.relations:
                if candidate.kind in (FK, O2O) and candidate.attname == attr:
                    relation = candidate
                    break
            else:
                return None
        if relation.kind not in (FK, O2O) or relation.parent_link:
            return None
        if not any(f.primary_key for f in model.fields):
            return None  # the relation may be the primary key
        name = relation.name
    named = set()
    for entry in loaded.load_names:
        first, _, rest = entry.partition("__")
        if loaded.load_defer and rest:
            continue  # defer("author__name") defers a column of the author, not of the row
        named.add(_field_name(index, model, first))
    if loaded.load_defer:
        return name if name in named else None
    return None if name in named else name


def _field_name(index: ModelIndex, model: ModelInfo, name: str) -> str:
    """A name as only()/defer() take it: a field's name, or an FK's `_id` column for the FK."""
    if index.field(model, name) is not None or index.relation(model, name) is not None:
        return name
    for relation in model.relations:
        if relation.attname == name:
            return relation.name
    return name


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value.removeprefix("__fetch_")
    return None


def _int(node: Optional[cst.BaseExpression]) -> Optional[int]:
    if isinstance(node, cst.Integer):
        return int(node.evaluated_value)
    return None


__all__ = [
    "HIGH", "MEDIUM", "LoadedSet", "Resolver", "Source", "SOURCE_METHODS", "covers_forward", "deferred_field",
    "relation_chain",
    "REVERSE_O2O", "Relation",
]
