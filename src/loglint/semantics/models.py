"""The project model index: every Django model of the project, its fields and relations, read statically.

Built once per process from the whole project (`ProjectIndex.models()`, on first use), never by importing
it: the project's Python files are walked once (hidden folders, virtualenvs, migrations and `tests`
folders skipped); `models.py` modules and `models/` packages are parsed with CPython's `ast` (the index
needs no LibCST nodes, and `ast` is several times faster), other modules only when one of their classes
names a model base (read from the text: a model found so far, a known model base, a name ending in
`Model`) or when a name has to be followed through them (re-exports, `from x import *`, module
constants). A module with syntax newer than the running Python is parsed without the statements CPython
rejects (LibCST gives their extent). Django's app labels come from `AppConfig.label`/`name` in `apps.py`
(else the package's last component), `AUTH_USER_MODEL` from the settings modules.

Stable API (for the LL7 rules):

- `ModelIndex.model_for(qualified)`: the model a class is, by qualified name, re-exports followed
  (`app.models.Book` when `Book` lives in `app/models/books.py`); abstract models included.
- `ModelIndex.by_label("app.Model")`: a concrete or proxy model by label (model name case-insensitive,
  as in `apps.get_model`).
- `ModelIndex.relation(model, attr)`: the relation a model instance exposes as `attr` (forward FK/O2O,
  M2M, reverse accessors, generic), looked up through proxies and multi-table parents; None when `attr` is
  not a relation the index knows.
- `ModelIndex.field(model, attr)`: the same for plain (non-relation) fields.
- `ModelIndex.reverse_relations(model)`: the reverse accessors on a model.
- `ModelIndex.models`, `ModelIndex.stats`, `ModelIndex.user_model`.
- `ModelIndex.class_def(qualified)`: (path, `ast.ClassDef`) of a project class, e.g. a manager or
  queryset class named in `ModelInfo.managers`, for method summaries.
- `project_models(context)`: the index of the project the checked file belongs to, or None when the check
  runs without a project index.

What is a model: a class deriving, through project classes, from `django.db.models.Model` or a known
third-party model base (treebeard, mptt, modelcluster, polymorphic, auto_prefetch, ...), or from a model
loaded by label (`X = get_model("app", "Model")`). A class with an unresolvable external base that
declares Django fields, or has a Meta with options only models take (or `abstract = False`), is a model
marked `probable`.

Relations follow Django's rules: a string target is `"app_label.Model"`, `"Model"` (the app of the model
that declares the field, for abstract bases the concrete subclass) or `"self"`; class references and
module constants are followed; `settings.AUTH_USER_MODEL` (and `get_user_model()`) is the project's
`AUTH_USER_MODEL` read from its settings modules (default `auth.User`). Reverse accessors are
`related_name` (`%(class)s`, `%(model_name)s`, `%(app_label)s` filled per concrete model), else
`Meta.default_related_name`, else `<model>_set` (`<model>` for a one-to-one); `related_name` ending in
`+` and symmetrical `"self"` M2Ms have none. Meta is inherited as Django does (by attribute lookup:
from the nearest abstract model, even through concrete parents; `abstract` never). Reverse accessors
live on the concrete target model (proxies see them through it). A multi-table child gets its
`<parent>_ptr` link and the parent a `<child>` reverse one-to-one. Django's contrib models (and
django-taggit's, when the project imports them) are known from small stubs (below) unless their source
is in the scanned tree, in which case it is indexed like the project. Managers are recorded with their
manager and queryset classes (`objects = M()`, `QS.as_manager()`, `M.from_queryset(QS)`, oscar's
`get_class(es)`), for the summaries of later rules.

Targets the index cannot resolve are kept as relations with `target=None` (the attribute still is a
relation) and counted in `stats.unresolved`; targets that resolve to a label no scanned model has are
kept and counted in `stats.unindexed`; a label two scanned models claim is left out and counted in
`stats.ambiguous_labels`. Nothing is guessed.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import os
import re
import time
import weakref
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence, Union

from loglint.cache import digest
from loglint.project import _SKIP_DIRS as PROJECT_SKIP_DIRS

if TYPE_CHECKING:
    import libcst as cst

    from loglint.cache import Recorder
    from loglint.engine import FileContext

FK, O2O, M2M = "fk", "o2o", "m2m"
REVERSE_FK, REVERSE_O2O, REVERSE_M2M = "reverse_fk", "reverse_o2o", "reverse_m2m"
GENERIC = "generic"  # a GenericForeignKey: one object of any model, loaded per row
GENERIC_RELATION = "generic_relation"  # a GenericRelation: a manager of the objects pointing back here
FORWARD_KINDS = frozenset({FK, O2O, M2M})
REVERSE_OF = {FK: REVERSE_FK, O2O: REVERSE_O2O, M2M: REVERSE_M2M}

USER = "settings.AUTH_USER_MODEL"
DEFAULT_USER_MODEL = "auth.User"

MODEL_BASES = frozenset(
    {
        "django.db.models.Model",
        "django.db.models.base.Model",
        "auto_prefetch.Model",
        "treebeard.mp_tree.MP_Node",
        "treebeard.ns_tree.NS_Node",
        "treebeard.al_tree.AL_Node",
        "treebeard.models.Node",
        "mptt.models.MPTTModel",
        "modelcluster.models.ClusterableModel",
        "polymorphic.models.PolymorphicModel",
        "model_utils.models.TimeStampedModel",
        "model_utils.models.StatusModel",
        "model_utils.models.SoftDeletableModel",
        "model_utils.models.UUIDModel",
        "django_extensions.db.models.TimeStampedModel",
        "django_extensions.db.models.TitleDescriptionModel",
        "django_extensions.db.models.TitleSlugDescriptionModel",
        "django_extensions.db.models.ActivatorModel",
        "ordered_model.models.OrderedModel",
        "safedelete.models.SafeDeleteModel",
    }
)

RELATION_FIELDS = {
    "django.db.models.ForeignKey": FK,
    "django.db.models.fields.related.ForeignKey": FK,
    "modelcluster.fields.ParentalKey": FK,
    "mptt.fields.TreeForeignKey": FK,
    "mptt.models.TreeForeignKey": FK,
    "auto_prefetch.ForeignKey": FK,
    "django.db.models.OneToOneField": O2O,
    "django.db.models.fields.related.OneToOneField": O2O,
    "mptt.fields.TreeOneToOneField": O2O,
    "auto_prefetch.OneToOneField": O2O,
    "django.db.models.ManyToManyField": M2M,
    "django.db.models.fields.related.ManyToManyField": M2M,
    "modelcluster.fields.ParentalManyToManyField": M2M,
    "mptt.fields.TreeManyToManyField": M2M,
    "sortedm2m.fields.SortedManyToManyField": M2M,
    "django.contrib.contenttypes.fields.GenericForeignKey": GENERIC,
    "django.contrib.contenttypes.fields.GenericRelation": GENERIC_RELATION,
}
# django-taggit managers: an M2M to the tag model (taggit.Tag unless `through` says otherwise), no reverse
# accessor on the tag model.
TAG_MANAGERS = frozenset({"taggit.managers.TaggableManager", "modelcluster.contrib.taggit.ClusterTaggableManager"})

MANAGER_BASES = frozenset(
    {
        "django.db.models.Manager",
        "django.db.models.manager.Manager",
        "django.db.models.manager.BaseManager",
    }
)
QUERYSET_BASES = frozenset({"django.db.models.QuerySet", "django.db.models.query.QuerySet"})

# The project index's skipped folders, and `tests` folders (LL7 does not check tests, and Django-style
# test trees hold hundreds of throwaway apps whose labels clash).
_SKIP_DIRS = PROJECT_SKIP_DIRS | {"tests"}
_MAX_FILES = 50_000
_MODEL_META_KEYS = frozenset(
    {"proxy", "db_table", "app_label", "unique_together", "index_together", "constraints", "indexes",
     "get_latest_by", "default_related_name", "managed", "permissions", "default_permissions", "swappable",
     "order_with_respect_to", "db_table_comment"}
)
_MAX_DEPTH = 24
_CLASS_BASES = re.compile(rb"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)", re.MULTILINE)
_MODEL_BASE_NAMES = frozenset(name.rpartition(".")[2].encode() for name in MODEL_BASES)


def _class_base_names(data: bytes) -> set[bytes]:
    """The last component of each base named in the module's class statements, read from the text."""
    names: set[bytes] = set()
    for match in _CLASS_BASES.finditer(data):
        for piece in match.group(1).split(b","):
            piece = piece.strip()
            if piece and b"=" not in piece:
                names.add(piece.rpartition(b".")[2].strip())
    return names


def _may_be_model_base(name: bytes, models: set[bytes]) -> bool:
    return name in models or name in _MODEL_BASE_NAMES or name.endswith(b"Model")


# -- data model ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A plain (non-relation) field. `field_class` is the qualified class name as resolved, or the
    dotted name as written when it cannot be resolved."""

    name: str
    field_class: str
    null: bool = False
    primary_key: bool = False


@dataclass(frozen=True)
class Relation:
    """A relation attribute of a model instance.

    `target` is the other model's label (`"app_label.Model"`), None when unresolved (and for a
    GenericForeignKey, which points at any model). `attname` is the column attribute of a forward FK/O2O
    (`author_id`). `remote_name` is the attribute on the other side: for a forward relation its reverse
    accessor (None when hidden by `related_name="+"` or computed), for a reverse one the forward field's
    name. `source` is the label of the model that owns the attribute. A reverse relation's `null`,
    `through` and `parent_link` are the forward field's. For a GenericForeignKey, `attname` is the
    object-id field and `through` the content-type FK.
    """

    name: str
    kind: str
    target: Optional[str]
    null: bool = False
    attname: Optional[str] = None
    source: str = ""
    field_class: str = ""
    remote_name: Optional[str] = None
    related_query_name: Optional[str] = None
    through: Optional[str] = None
    parent_link: bool = False

    @property
    def is_forward(self) -> bool:
        return self.kind in (FK, O2O, M2M, GENERIC)

    @property
    def is_manager(self) -> bool:
        """Reading it gives a related manager (a query per use unless prefetched)."""
        return self.kind in (M2M, REVERSE_FK, REVERSE_M2M, GENERIC_RELATION)


@dataclass(frozen=True)
class Manager:
    """A manager attribute of a model: `objects = BookManager()`, `QS.as_manager()`,
    `Manager.from_queryset(QS)()`. Classes are qualified names (re-exports followed) when known."""

    name: str
    manager_class: Optional[str]
    queryset_class: Optional[str] = None


@dataclass(frozen=True)
class ModelInfo:
    app_label: str
    name: str
    module: str
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...]
    managers: tuple[Manager, ...]
    is_abstract: bool = False
    is_proxy: bool = False
    parents: tuple[str, ...] = ()  # labels of concrete parents (multi-table, or the proxied model)
    abstract_bases: tuple[str, ...] = ()  # qualified names of abstract model bases, nearest first
    probable: bool = False  # derived from an unresolvable base: a model by its fields/Meta only
    swapped: bool = False  # a swappable model replaced by the project (auth.User under a custom user)
    methods: frozenset[str] = frozenset()  # methods and properties defined on the class itself
    path: str = ""
    line: int = 0

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.name}"

    @property
    def qualified_name(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def concrete_label(self) -> str:
        return self.parents[0] if self.is_proxy and self.parents else self.label


@dataclass
class IndexStats:
    modules: int = 0
    parsed: int = 0
    models: int = 0  # concrete and proxy models
    stubs: int = 0  # of which from the contrib/library stubs
    abstract: int = 0
    proxies: int = 0
    forward_relations: int = 0
    reverse_relations: int = 0
    unresolved: list[tuple[str, str, str]] = field(default_factory=list)  # (model label, field, why)
    unindexed: list[tuple[str, str, str]] = field(default_factory=list)  # (model label, field, target)
    ambiguous_labels: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # modules neither CPython nor LibCST parse
    partial: list[str] = field(default_factory=list)  # newer syntax: indexed without what CPython rejects
    deferred: list[str] = field(default_factory=list)  # newer syntax outside models, never needed
    seconds: float = 0.0
    error: str = ""  # why the index is empty, when building it failed

    def summary(self) -> str:
        return (
            f"{self.models} models ({self.proxies} proxies, {self.stubs} from stubs) + {self.abstract} abstract, "
            f"{self.forward_relations} forward / {self.reverse_relations} reverse relations, "
            f"{len(self.unresolved)} unresolved targets, {len(self.unindexed)} targets outside the index, "
            f"{self.parsed}/{self.modules} modules parsed ({len(self.partial)} with newer syntax, "
            f"{len(self.unparsed)} unparsable) in {self.seconds:.2f}s"
        )


# -- modules -------------------------------------------------------------------------------------------


class _Module:
    """What one module binds at its top level (statements under `if`/`try`/`with` included)."""

    def __init__(
        self,
        name: str,
        path: Optional[str],
        is_package: bool,
        source: Optional[bytes] = None,
        kept: Optional["_Kept"] = None,
    ) -> None:
        self.name = name
        # the index's modules whose nodes are kept (None: this one's always are); a weak reference, or
        # the modules and their nodes would outlive the index as a cycle left to the collector
        self._kept = weakref.ref(kept) if kept is not None else None
        self.path = path
        self.is_package = is_package
        self._source = source
        self.parsed = False
        self.ok = False
        self.partial = False  # parsed without the statements this Python rejects
        self.deferred = False  # newer syntax, left unparsed until a name is followed through it
        self.in_models = False
        self.keep_tree = False  # a settings module: `_read_settings` reads the whole tree once
        self.tree: Optional[ast.Module] = None
        self.imports: dict[str, str] = {}
        self.stars: list[str] = []
        # The names the module binds (in order); their `ast` nodes (`classes`, `defs`, `assigns`) are
        # kept only for the modules used last (`ModelIndex._kept`) and parsed again when asked for.
        self.class_names: dict[str, None] = {}
        self.def_names: dict[str, None] = {}
        self.assign_names: dict[str, None] = {}
        self.assign_labels: dict[str, str] = {}  # `X = apps.get_model("app", "Model")`: the label
        self.all_names: Optional[set[str]] = None
        self._nodes: Optional[tuple[dict[str, ast.ClassDef], dict[str, ast.stmt], dict[str, ast.expr]]] = None
        self._skipped: set[int] = set()  # top-level statements taken as django-oscar's dynamic imports
        self._packed: Optional[bytes] = None  # the source parsed, compressed
        self._size = 0  # its length (what its nodes count against `_NODES_BUDGET`)
        self.digest: Optional[str] = None  # the hash of the bytes read to parse it (`cache.digest`)
        self.late = False  # parsed after the index was built (`ModelIndex._read_late`)
        self.stat: Optional[tuple[int, int]] = None  # (size, mtime) when the build walked it
        self.bases: frozenset[bytes] = frozenset()  # not parsed by the build: the base names its classes use

    def source(self) -> Optional[bytes]:
        if self._source is None and self.path is not None:
            from loglint.project import read_regular

            self._source = read_regular(self.path)
        return self._source

    def parse(self, newer: bool = True) -> bool:
        """Parse once. A module with syntax newer than this Python goes through LibCST (slow) only when
        `newer` is set: when it is a models module or a name has to be followed through it."""
        if self.parsed and not (newer and self.deferred):
            return self.ok
        self.parsed = True
        data = self.source()
        self.digest = digest(data)
        if data is None:
            return False
        try:
            self.tree = ast.parse(data, filename=self.path or self.name)
        except SyntaxError:
            self.deferred = not newer
            if not newer:
                return False
            self.tree = _parse_newer_syntax(data)
            if self.tree is None:
                return False
            self.partial = True
        except (ValueError, RecursionError, MemoryError):
            return False
        if self.path is not None:
            # The bytes parsed, for parsing again the nodes let go: the file may have changed since (a
            # --fix run writes files), and the index answers from what it read. Compressed: a tenth
            # of the memory of the nodes.
            self._packed = zlib.compress(data, 1)
            self._size = len(data)
            self._source = None
        self.ok = True
        tree = self.tree
        if not self.keep_tree:
            self.tree = None
        all_values: Optional[set[str]] = set()
        all_exact = True
        for position, stmt in enumerate(_top_level(tree.body)):
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        first = alias.name.partition(".")[0]
                        self.imports[first] = first
            elif isinstance(stmt, ast.ImportFrom):
                base = self._absolute(stmt.module, stmt.level)
                if base is None:
                    continue
                for alias in stmt.names:
                    if alias.name == "*":
                        self.stars.append(base)
                    else:
                        self.imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if isinstance(stmt, ast.Assign) and self._oscar_classes(stmt):
                    self._skipped.add(position)
                    continue
                for target in targets:
                    if _is_name(target, "__all__") and stmt.value is not None:
                        names = _string_items(stmt.value)
                        if names is None:
                            all_exact = False
                        else:
                            all_values.update(names)
            elif isinstance(stmt, ast.AugAssign) and _is_name(stmt.target, "__all__"):
                names = _string_items(stmt.value)
                if names is None:
                    all_exact = False
                else:
                    all_values.update(names)
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                call = stmt.value
                func = call.func
                if isinstance(func, ast.Attribute) and _is_name(func.value, "__all__"):
                    items = [_const_str(arg) for arg in call.args]
                    if func.attr == "append" and len(items) == 1 and items[0] is not None:
                        all_values.add(items[0])
                    elif func.attr == "extend" and len(call.args) == 1 and _string_items(call.args[0]) is not None:
                        all_values.update(_string_items(call.args[0]) or ())
                    else:
                        all_exact = False
        classes, defs, assigns = _node_tables(tree, self._skipped)
        if "__all__" in assigns and all_exact:
            self.all_names = all_values
        self.class_names = dict.fromkeys(classes)
        self.def_names = dict.fromkeys(defs)
        self.assign_names = dict.fromkeys(assigns)
        for name, value in assigns.items():
            label = _get_model_label(value)
            if label:
                self.assign_labels[name] = label
        self._keep((classes, defs, assigns))
        return True

    # The `ast` nodes of the modules used last. A whole project's class bodies were most of a run's
    # memory (1.1 million nodes, about 290 MB, on the seven corpus projects at once), while the build
    # and the rules come back to few of them at a time; a module let go is parsed again, to the same
    # nodes, when asked for.
    def _keep(self, nodes: tuple[dict, dict, dict]) -> None:
        self._nodes = nodes
        kept = self._kept() if self._kept is not None else None
        if self.path is None or kept is None:
            return  # the stubs (and sources given as text) are small and stay
        if self not in kept:
            kept[self] = None
            kept.size += self._size
        kept.move_to_end(self)
        while kept.size > _NODES_BUDGET and len(kept) > 1:
            oldest = next(iter(kept))
            del kept[oldest]
            kept.size -= oldest._size
            oldest._nodes = None

    def _all_nodes(self) -> tuple[dict[str, ast.ClassDef], dict[str, ast.stmt], dict[str, ast.expr]]:
        nodes = self._nodes
        if nodes is not None:
            kept = self._kept() if self._kept is not None else None
            if self.path is not None and kept is not None and self in kept:
                kept.move_to_end(self)
            return nodes
        if not self.ok:
            return {}, {}, {}
        return self._reparse()

    def _reparse(self) -> tuple[dict[str, ast.ClassDef], dict[str, ast.stmt], dict[str, ast.expr]]:
        """The nodes again, as the first parse found them (same statements, same first bindings)."""
        empty: tuple[dict, dict, dict] = ({}, {}, {})
        if self._packed is None:
            return empty
        data = zlib.decompress(self._packed)
        try:
            tree = _parse_newer_syntax(data) if self.partial else ast.parse(data, filename=self.path or self.name)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return empty
        if tree is None:
            return empty
        classes, defs, assigns = _node_tables(tree, self._skipped)
        if list(classes) != list(self.class_names) or list(defs) != list(self.def_names) or list(assigns) != list(self.assign_names):
            return empty  # not expected (the same bytes): nothing rather than other nodes
        nodes = (classes, defs, assigns)
        self._keep(nodes)
        return nodes

    @property
    def classes(self) -> dict[str, ast.ClassDef]:
        return self._all_nodes()[0]

    @property
    def defs(self) -> dict[str, ast.stmt]:
        return self._all_nodes()[1]

    @property
    def assigns(self) -> dict[str, ast.expr]:
        return self._all_nodes()[2]

    def _oscar_classes(self, stmt: ast.Assign) -> bool:
        """django-oscar's dynamic loading, `X = get_class("catalogue.managers", "X")` and
        `A, B = get_classes("app.module", ["A", "B"])`: bound as imports from `oscar.apps.<module>` (the
        default when the app is not forked)."""
        value = stmt.value
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and len(stmt.targets) == 1):
            return False
        origin = self.imports.get(value.func.id, "")
        if origin not in ("oscar.core.loading.get_class", "oscar.core.loading.get_classes") or len(value.args) < 2:
            return False
        label = _const_str(value.args[0])
        target = stmt.targets[0]
        if label is None:
            return False
        if origin.endswith("get_class"):
            names = [_const_str(value.args[1])]
            targets = [target]
        else:
            names = _string_items(value.args[1]) or []  # type: ignore[assignment]
            targets = list(target.elts) if isinstance(target, (ast.Tuple, ast.List)) else []
        if not names or len(names) != len(targets) or any(n is None for n in names):
            return False
        for name, bound in zip(names, targets):
            if isinstance(bound, ast.Name):
                self.imports[bound.id] = f"oscar.apps.{label}.{name}"
        return True

    def _absolute(self, module: Optional[str], level: int) -> Optional[str]:
        # imported here: the cache replays `walk_modules` (the "models" dependency) without LibCST
        from loglint.semantics.names import resolve_relative

        return resolve_relative(module, level, self.name, self.is_package)

    def binds(self, name: str) -> bool:
        return name in self.class_names or name in self.imports or name in self.assign_names or name in self.def_names

    def exports(self, name: str) -> bool:
        """Whether `from <this module> import *` binds `name` directly (not through its own stars)."""
        if self.all_names is not None:
            return name in self.all_names
        return not name.startswith("_") and self.binds(name)


# How much source (bytes) the modules of an index that keep their nodes may add up to (`ModelIndex._kept`,
# least recently used first; the latest module always stays). A project's index parses 1-2 MB of its
# modules (Django's, netbox's, weblate's): under the budget, nothing is parsed twice. The seven corpus
# projects at once parse 8.5 MB (290 MB of nodes): beyond it, the modules used least recently are let go
# and parsed again when asked for (a count of 64 modules instead cost every project 5-10% of its run).
# Per index, not per process: the nodes go with the index (kept past it, they made the interpreter's
# exit a second slower).
_NODES_BUDGET = 3_000_000


_STATE_FORMAT = 1
# What a saved index keeps of each module (`ModelIndex.state`): what the build found, not the nodes.
_HEADER = (
    "parsed", "ok", "partial", "deferred", "in_models", "imports", "stars", "class_names", "def_names",
    "assign_names", "assign_labels", "all_names", "_skipped", "digest", "bases", "_size",
)


def _stat(path: str) -> Optional[tuple[int, int]]:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _read_module(path: str) -> Optional[bytes]:
    from loglint.project import read_regular

    return read_regular(path)


class _Kept(OrderedDict):
    """The modules of an index whose nodes are kept, least recently used first (weakly referenced), and
    the size of their sources."""

    size = 0


def _node_tables(
    tree: ast.Module, skipped: set[int]
) -> tuple[dict[str, ast.ClassDef], dict[str, ast.stmt], dict[str, ast.expr]]:
    """The first top-level binding of each name (statements under `if`/`try`/`with` included): classes,
    functions, and assigned values; the assignments at the `skipped` positions of `_top_level` (django-
    oscar's dynamic imports, bound as imports) are left out."""
    classes: dict[str, ast.ClassDef] = {}
    defs: dict[str, ast.stmt] = {}
    assigns: dict[str, ast.expr] = {}
    for position, stmt in enumerate(_top_level(tree.body)):
        if isinstance(stmt, ast.ClassDef):
            classes.setdefault(stmt.name, stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.setdefault(stmt.name, stmt)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and position not in skipped:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name) and stmt.value is not None:
                    assigns.setdefault(target.id, stmt.value)
    return classes, defs, assigns


def _parse_newer_syntax(data: bytes) -> Optional[ast.Module]:
    """A module that uses syntax of a newer Python than the running one (`type X = ...`, PEP 695
    generics, nested f-string quotes): LibCST parses it and gives the extent of each statement, and the
    statements CPython rejects (found from its error line, one at a time) become blank lines; inside a
    class, only the statement at fault goes, so a model keeps its fields when one method uses new syntax.
    Line numbers are kept. None when LibCST cannot parse the module either; what CPython rejects for
    size or nesting never reaches LibCST (`parsing.parse_source` guards it)."""
    from loglint.parsing import parse_source, run_deep

    parsed = parse_source(data, "<models>")
    if parsed.module is None:
        return None
    module = parsed.module
    try:
        return run_deep(lambda: _without_rejected(module, data.decode(module.encoding)))
    except (RecursionError, MemoryError, UnicodeDecodeError, LookupError):
        return None


def _without_rejected(module: "cst.Module", text: str) -> Optional[ast.Module]:
    import libcst as cst

    lines = text.splitlines(keepends=True)

    def extents(statements: Sequence[cst.CSTNode], first: int) -> list[tuple[int, int, cst.CSTNode]]:
        found = []
        for statement in statements:
            size = module.code_for_node(statement).count("\n")
            found.append((first, first + size, statement))
            first += size
        return found

    def blank(start: int, end: int, keep_pass: bool) -> None:
        """Lines [start, end) (0-based) emptied; in a class body one `pass` keeps the block valid."""
        placed = not keep_pass
        for number in range(start, min(end, len(lines))):
            content = lines[number].strip()
            if not placed and content and not content.startswith("#"):
                indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
                lines[number] = f"{indent}pass\n"
                placed = True
            else:
                lines[number] = "\n"

    top = extents(module.body, len(module.header))
    inner: dict[int, list[tuple[int, int, cst.CSTNode]]] = {}
    for _ in range(500):
        try:
            return ast.parse("".join(lines))
        except (ValueError, RecursionError, MemoryError):
            return None
        except SyntaxError as error:
            if not error.lineno:
                return None
            line = error.lineno - 1
        at_fault = next(((s, e, node) for s, e, node in top if s <= line < e), None)
        if at_fault is None:
            return None
        start, end, node = at_fault
        if isinstance(node, cst.ClassDef) and isinstance(node.body, cst.IndentedBlock):
            if id(node) not in inner:
                body_lines = sum(module.code_for_node(s).count("\n") for s in node.body.body)
                footer = len(node.body.footer)
                inner[id(node)] = extents(node.body.body, end - footer - body_lines)
            member = next(((s, e) for s, e, _ in inner[id(node)] if s <= line < e), None)
            if member is not None:
                blank(member[0], member[1], keep_pass=True)
                inner[id(node)] = [entry for entry in inner[id(node)] if entry[0] != member[0]]
                continue
        blank(start, end, keep_pass=False)
        top = [entry for entry in top if entry[0] != start]
    return None


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.If):
            yield from _top_level(stmt.body)
            yield from _top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            yield from _top_level(stmt.body)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                yield from _top_level(handler.body)
            yield from _top_level(stmt.orelse)  # type: ignore[attr-defined]
            yield from _top_level(stmt.finalbody)  # type: ignore[attr-defined]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            yield from _top_level(stmt.body)


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _const_str(node: Optional[ast.AST]) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _const_bool(node: Optional[ast.AST]) -> Optional[bool]:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return None


def _string_items(node: ast.AST) -> Optional[list[str]]:
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_const_str(element) for element in node.elts]
        if all(item is not None for item in items):
            return items  # type: ignore[return-value]
    return None


def _dotted(node: ast.AST) -> Optional[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _get_model_label(node: ast.AST) -> Optional[str]:
    """`get_model("app", "Model")` / `get_model("app.Model")` (apps.get_model, oscar's loader, swapper's
    get_model_name/load_model): the label, else None."""
    if not isinstance(node, ast.Call):
        return None
    func = _dotted(node.func) or ""
    if func.rpartition(".")[2] not in ("get_model", "get_model_name", "load_model"):
        return None
    strings = [_const_str(arg) for arg in node.args]
    if len(strings) == 2 and all(strings):
        return f"{strings[0]}.{strings[1]}"
    if len(strings) == 1 and strings[0] and strings[0].count(".") == 1:
        return strings[0]
    return None


def _external_manager(qualified: str) -> bool:
    last = qualified.rpartition(".")[2]
    return last.endswith("Manager") and qualified not in TAG_MANAGERS and not last.endswith("TaggableManager")


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:60]
    except (RecursionError, ValueError):
        return type(node).__name__


def _keyword(call: ast.Call, name: str) -> Optional[ast.expr]:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


# -- the walk ------------------------------------------------------------------------------------------


def walk_modules(root: Path) -> Iterator[tuple[str, str, bool]]:
    """(dotted module name, path, is a package `__init__`) for every Python file under `root`, named as
    `project.module_name_for` names them, except that a folder without `__init__.py` inside a package
    is a namespace package here; hidden folders, virtualenvs, migrations and `tests` folders are
    skipped, links are not followed, and the walk is bounded."""
    root_text = str(root)
    root_prefix: Optional[list[str]] = None
    if os.path.isfile(os.path.join(root_text, "__init__.py")):
        from loglint.project import module_name_for

        root_prefix = module_name_for(root / "__init__.py")[0].split(".")
    prefixes: dict[str, Optional[list[str]]] = {}
    count = 0
    for directory, subdirs, files in os.walk(root_text):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in _SKIP_DIRS)
        prefix: Optional[list[str]]
        if directory == root_text:
            prefix = root_prefix
        elif "__init__.py" in files:
            prefix = (prefixes.get(os.path.dirname(directory)) or []) + [os.path.basename(directory)]
        elif prefixes.get(os.path.dirname(directory)) is not None and os.path.basename(directory).isidentifier():
            # a folder without `__init__.py` inside a package is a namespace package (PEP 420): Django
            # imports apps from such folders (Wagtail's test apps)
            prefix = prefixes[os.path.dirname(directory)] + [os.path.basename(directory)]  # type: ignore[operator]
        else:
            prefix = None
        prefixes[directory] = prefix
        for filename in sorted(files):
            if not filename.endswith(".py"):
                continue
            count += 1
            if count > _MAX_FILES:
                return
            stem = filename[:-3]
            path = os.path.join(directory, filename)
            if prefix is None:
                if stem.isidentifier():
                    yield stem, path, False
            elif stem == "__init__":
                yield ".".join(prefix), path, True
            elif stem.isidentifier():
                yield ".".join(prefix + [stem]), path, False


# -- the index -----------------------------------------------------------------------------------------


@dataclass
class _Decl:
    """A field, relation or manager as written in one class body, materialised per concrete model."""

    name: str
    value: Optional[ast.expr]  # None: `name = None` removes an inherited field
    module: str


@dataclass
class _Meta:
    abstract: bool = False
    proxy: bool = False
    app_label: Optional[str] = None
    default_related_name: Optional[str] = None
    swappable: Optional[str] = None


class ModelIndex:
    def __init__(self) -> None:
        self._modules: dict[str, _Module] = {}
        self._apps: dict[str, str] = {}  # app module -> label
        self._is_model: dict[str, Optional[bool]] = {}
        self._by_qualified: dict[str, ModelInfo] = {}
        self._by_label: dict[tuple[str, str], ModelInfo] = {}
        self._reverse: dict[str, dict[str, Relation]] = {}
        self._why: dict[tuple[str, str], str] = {}
        self._label_lookups: set[str] = set()
        self._concrete_parents: dict[str, list[ModelInfo]] = {}
        self._settings_main: dict[str, set[Optional[str]]] = {}
        self._settings_other: dict[str, set[Optional[str]]] = {}
        self._label_classes: dict[str, tuple[int, Optional[str]]] = {}  # label -> (modules parsed, class)
        self._kept = _Kept()  # the modules whose nodes are kept
        # For the cache: a hash of what the build read (`_inputs_digest`); what is read after it is
        # recorded as it is read (`_read_late`).
        self.inputs = ""
        self.recorder: Optional["Recorder"] = None  # where a late read is recorded (`ProjectIndex.deps`)
        self._trails: list[set[_Module]] = []
        self.loaded = False  # from the cache (`from_state`), not built
        self._late_memos: dict[tuple[str, object], tuple[_Module, ...]] = {}
        self._built = False
        self.user_model: Optional[str] = DEFAULT_USER_MODEL
        self.stats = IndexStats()
        self.roots: tuple[Path, ...] = ()

    # -- building --

    @classmethod
    def build(
        cls,
        roots: Iterable[Path],
        contrib_stubs: bool = True,
        user_model: Optional[str] = None,
        sources: Optional[dict[str, bytes]] = None,
    ) -> "ModelIndex":
        """Index the Python files under `roots` (the first module of a name wins); `user_model` overrides
        the `AUTH_USER_MODEL` read from the settings modules. The cyclic garbage
        collector is paused meanwhile: it would rescan every live syntax tree at each collection, which
        more than doubles the time on large projects. `sources`: modules given as text (module name to
        source), indexed like models modules (the file checked without a project)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._build(roots, contrib_stubs, user_model, sources or {})
        except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            # a bug or a shape the index does not expect must not stop the run: the N+1 rules then see
            # no models (and stay quiet), and the reason is kept for --verbose and the tests
            empty = cls()
            empty.stats.error = f"{type(exc).__name__}: {exc}"
            return empty
        finally:
            if enabled:
                gc.enable()
            else:
                # the command line runs without automatic collection (`runner.tune_gc`) and collects
                # between files: the index lives as long as the run, so those collections need not
                # scan it (0.16 s for Django's)
                gc.freeze()

    @classmethod
    def _build(
        cls, roots: Iterable[Path], contrib_stubs: bool, user_model: Optional[str], sources: dict[str, bytes]
    ) -> "ModelIndex":
        start = time.perf_counter()
        index = cls()
        index.roots = tuple(roots)
        candidates: list[_Module] = []
        pending: list[tuple[_Module, set[bytes]]] = []  # other modules, with the base names their classes use
        settings: list[_Module] = []
        app_files: list[_Module] = []
        for root in index.roots:
            for name, path, is_package in walk_modules(root):
                if name in index._modules:
                    continue
                module = index._modules[name] = _Module(name, path, is_package, kept=index._kept)
                module.stat = _stat(path)  # before any read: a later edit shows as a change
                parts = name.split(".")
                stem = parts[-1]
                in_models = "models" in parts or stem.startswith("models")
                if stem == "apps":
                    app_files.append(module)
                if _is_settings_module(parts, is_package):
                    module.keep_tree = True
                    settings.append(module)
                if in_models:
                    module.in_models = True
                    candidates.append(module)
                    continue
                data = module.source()
                bases = _class_base_names(data) if data is not None and b"class" in data else set()
                if bases:
                    pending.append((module, bases))
                    module.bases = frozenset(bases)
                module._source = None  # read again when needed; keeps memory flat
        for name, data in sources.items():
            if name not in index._modules:
                module = index._modules[name] = _Module(name, None, False, data)
                module.in_models = True
                candidates.append(module)
        if contrib_stubs and "django.contrib.auth.models" not in index._modules:
            for name, (source, is_package) in CONTRIB_STUBS.items():
                if name not in index._modules:
                    module = index._modules[name] = _Module(name, None, is_package, source.encode())
                    candidates.append(module)
            for app in CONTRIB_APPS:
                index._apps.setdefault(app, app.rpartition(".")[2])
        lazy: list[_Module] = []
        for name, (source, is_package) in LIBRARY_STUBS.items():
            if name not in index._modules:
                module = index._modules[name] = _Module(name, None, is_package, source.encode())
                lazy.append(module)
                index._apps.setdefault(name.rpartition(".")[0], name.split(".")[0])
        for module in app_files:
            index._read_app_configs(module)
        index._read_settings(settings)
        index.user_model = user_model or index.setting("AUTH_USER_MODEL", DEFAULT_USER_MODEL)
        classes: list[str] = []
        for module in candidates:
            if module.parse(newer=module.in_models):
                classes.extend(f"{module.name}.{name}" for name in module.class_names)
        for qualified in classes:
            index._model(qualified)
        # Models outside models modules: a module is parsed when one of its classes names a base that
        # is a model class found so far, a known model base, or ends in "Model"; repeated until no more.
        # A library stub joins the index only when the project's code reached it (imports from it).
        while True:
            names = {q.rpartition(".")[2].encode() for q, info in index._by_qualified.items() if info is not None}
            ready = [m for m, bases in pending if any(_may_be_model_base(b, names) for b in bases)]
            reached = [module for module in lazy if module.ok]
            if not ready and not reached:
                break
            taken = {id(m) for m in ready}
            pending = [(m, bases) for m, bases in pending if id(m) not in taken]
            lazy = [module for module in lazy if not module.ok]
            found: list[str] = []
            for module in ready + reached:
                if module.parse(newer=False):
                    found.extend(f"{module.name}.{name}" for name in module.class_names)
            for qualified in found:
                index._model(qualified)
        index._link()
        index.stats.modules = len(index._modules)
        index.stats.parsed = sum(1 for module in index._modules.values() if module.ok)
        index.stats.unparsed = sorted(
            m.name for m in index._modules.values() if m.parsed and not m.ok and not m.deferred
        )
        index.stats.partial = sorted(m.name for m in index._modules.values() if m.partial)
        index.stats.deferred = sorted(m.name for m in index._modules.values() if m.deferred)
        for module in index._modules.values():
            module.tree = None  # only a settings module kept its tree, for `_read_settings`
        index.inputs = index._inputs_digest(sources)
        # A label looked up during the build was answered from the modules parsed by then; asked again
        # after it, the answer is the one from every module the build parsed, as a loaded index (which
        # keeps no such memo, `from_state`) gives it.
        index._label_classes.clear()
        index._built = True
        index.stats.seconds = time.perf_counter() - start
        return index

    def _read_app_configs(self, module: _Module) -> None:
        """App labels from the AppConfig classes of an `apps.py`: `label`, else the last component of
        `name`. Where one file configures an app several ways, the class marked `default = True` wins
        (as in Django when INSTALLED_APPS names the app module), else the first."""
        if not module.parse():
            return
        package = module.name if module.is_package else module.name.rpartition(".")[0]
        found: dict[str, tuple[bool, str]] = {}
        for cls in module.classes.values():
            values = _class_values(cls)
            name = _const_str(values.get("name"))
            label = _const_str(values.get("label"))
            if name is None and label is None:
                continue
            app = name or package
            if not app:
                continue
            default = _const_bool(values.get("default")) is True
            if app not in found or (default and not found[app][0]):
                found[app] = (default, label or app.rpartition(".")[2])
        for app, (_, label) in found.items():
            self._apps.setdefault(app, label)

    def _read_settings(self, settings: list[_Module]) -> None:
        """The names the settings modules assign at top level, with their literal string values ("" for a
        computed value, None where Django's default stays possible: an assignment under `if`/`try`).
        Development/test settings count only for names no other settings module sets."""
        for module in settings:
            if not module.parse() or module.tree is None:
                continue
            direct = {id(stmt) for stmt in module.tree.body}
            found = self._settings_other if any(_is_dev_name(p) for p in module.name.split(".")) else self._settings_main
            for stmt in _top_level(module.tree.body):
                if not isinstance(stmt, ast.Assign):
                    continue
                for target in stmt.targets:
                    if isinstance(target, ast.Name) and target.id.isupper():
                        values = found.setdefault(target.id, set())
                        value = _const_str(stmt.value)
                        values.add("" if value is None else value)
                        if id(stmt) not in direct:
                            values.add(None)
            module.keep_tree = False
            module.tree = None

    def setting(self, name: str, default: Optional[str]) -> Optional[str]:
        """A string setting as the project's settings modules set it: its one literal value, `default`
        when no settings module sets it, None when it is computed or the modules disagree."""
        values = self._settings_main.get(name) or self._settings_other.get(name)
        if not values:
            return default
        resolved = {default if value is None else value for value in values}
        if len(resolved) != 1 or "" in resolved:
            return None
        return next(iter(resolved))

    # -- names --

    def _module(self, name: str) -> Optional[_Module]:
        module = self._modules.get(name)
        if module is None:
            return None
        if self._built and module.path is not None and (not module.parsed or module.deferred):
            module.late = True
        ok = module.parse()
        if module.late:
            self._read_late(module)
        return module if ok else None

    # -- what the answers given after the build read --
    #
    # A module the build did not parse is parsed when a file's check follows a name through it; its
    # bytes are then an input of that file's result, and of every later answer computed from it. Each
    # read of such a module is recorded (`recorder`, the cache's `ProjectIndex.deps`) and added to the
    # trails open: those of the memoised computations running (`begin`/`end`), whose answers, served
    # again to another file (`served`), record the modules they read once more.

    def _read_late(self, module: _Module) -> None:
        for trail in self._trails:
            trail.add(module)
        if self.recorder is not None:
            self.recorder.record("file", module.path, module.digest)

    def begin(self) -> Optional[set[_Module]]:
        """Open a trail around a memoised computation (after the build only: the build's reads are all
        in `inputs`)."""
        if not self._built:
            return None
        trail: set[_Module] = set()
        self._trails.append(trail)
        return trail

    def end(self, memo: str, key: object, trail: Optional[set[_Module]]) -> None:
        """Close the trail `begin` opened; what it read goes with the answer memoised under (memo, key)."""
        if trail is None:
            return
        for position in range(len(self._trails) - 1, -1, -1):
            if self._trails[position] is trail:
                del self._trails[position]
                break
        if trail:
            self._late_memos[(memo, key)] = tuple(trail)

    def served(self, memo: str, key: object) -> None:
        """A memoised answer is used again: the modules its computation read after the build are read."""
        for module in self._late_memos.get((memo, key), ()):
            self._read_late(module)

    def _inputs_digest(self, sources: dict[str, bytes]) -> str:
        """A hash of everything the build read: the modules walked (name, path, package or not), the
        bytes of each module it parsed, and for each other module the base names its classes use
        (what decided it was not parsed). Equal hashes, equal index: the cache's `models` dependency,
        which an edit the index never read (a view, a template tag) leaves valid."""
        hasher = hashlib.blake2b(digest_size=16)
        for name, module in self._modules.items():
            if module.path is None:
                continue  # stubs: part of loglint's build
            hasher.update(f"{name}\0{module.path}\0{module.is_package:d}\0".encode("utf-8", "surrogateescape"))
            if module.parsed:
                hasher.update(f"p{module.digest}\n".encode())
            else:
                hasher.update(b"b" + b",".join(sorted(module.bases)) + b"\n")
        for name, data in sorted(sources.items()):
            hasher.update(f"{name}\0{digest(data)}\n".encode("utf-8", "surrogateescape"))
        return hasher.hexdigest()

    def _split(self, qualified: str) -> tuple[Optional[str], str]:
        """(longest project module prefix, the rest)."""
        parts = qualified.split(".")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            if head in self._modules:
                return head, ".".join(parts[cut:])
        return None, qualified

    def canonical(self, qualified: str, depth: int = 0) -> str:
        """Where a qualified name is defined, following project imports, re-exports and star imports."""
        if depth > _MAX_DEPTH:
            return qualified
        module_name, rest = self._split(qualified)
        if module_name is None or not rest:
            return qualified
        module = self._module(module_name)
        if module is None:
            return qualified
        first, _, tail = rest.partition(".")
        suffix = f".{tail}" if tail else ""
        if first in module.assign_names and not tail:
            label = module.assign_labels.get(first)
            found = self._class_for_label(label) if label else None
            return found or qualified
        if first in module.class_names or first in module.assign_names or first in module.def_names:
            return qualified
        if first in module.imports:
            target = module.imports[first]
            if target == qualified:
                return qualified
            return self.canonical(target + suffix, depth + 1)
        star = self._star_source(module, first, depth)
        if star is not None:
            return self.canonical(f"{star}.{rest}", depth + 1)
        return qualified

    def _class_for_label(self, label: str) -> Optional[str]:
        """The model class `apps.get_model(label)` returns, among the modules parsed so far (a module
        constant `X = get_model("app", "Model")` used as a base or a target). After the build, among
        the modules the build parsed only: one parsed later, to follow a name for some file, would make
        the answer depend on which files were checked before (a warm run checks fewer than a cold
        one), and a class only it defines is not an indexed model anyway."""
        if label in self._label_lookups:
            return None  # a cycle through labels and Metas
        parsed = sum(1 for module in self._modules.values() if module.ok and not module.late)
        cached = self._label_classes.get(label)
        if cached is not None and (cached[1] is not None or cached[0] == parsed):
            self.served("label", label)
            return cached[1]
        app_label, _, name = label.rpartition(".")
        self._label_lookups.add(label)
        trail = self.begin()
        try:
            found = [
                f"{module.name}.{cls}"
                for module in self._modules.values()
                if module.ok and not module.late
                for cls in module.class_names
                if cls.lower() == name.lower()
            ]
            found = [q for q in found if self._model_kind(q) is not False and self._label_of(q) == f"{app_label}.{q.rpartition('.')[2]}"]
        finally:
            self._label_lookups.discard(label)
            self.end("label", label, trail)
        result = found[0] if len(found) == 1 else None
        self._label_classes[label] = (parsed, result)
        return result

    def _star_source(self, module: _Module, name: str, depth: int) -> Optional[str]:
        """The module a star import of `module` takes `name` from, or None."""
        for star in module.stars:
            source = self._module(star)
            if source is None:
                continue
            if source.exports(name):
                return star
            if source.all_names is not None and name not in source.all_names:
                continue
            if depth < _MAX_DEPTH and self._star_source(source, name, depth + 1) is not None:
                return star
        return None

    def resolve(self, module: _Module, node: ast.AST) -> Optional[str]:
        """The canonical qualified name of a name or attribute chain written in `module`."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        first, _, rest = dotted.partition(".")
        suffix = f".{rest}" if rest else ""
        if first in module.class_names or first in module.assign_names or first in module.def_names:
            return self.canonical(f"{module.name}.{dotted}")
        if first in module.imports:
            return self.canonical(module.imports[first] + suffix)
        star = self._star_source(module, first, 0)
        if star is not None:
            return self.canonical(f"{star}.{dotted}")
        return None

    def _class_node(self, qualified: str) -> Optional[tuple[_Module, ast.ClassDef]]:
        module_name, rest = self._split(qualified)
        if module_name is None or not rest or "." in rest:
            return None
        module = self._module(module_name)
        found = module.classes.get(rest) if module is not None and rest in module.class_names else None
        return None if found is None else (module, found)

    def _bases(self, qualified: str) -> list[tuple[Optional[str], ast.expr]]:
        found = self._class_node(qualified)
        if found is None:
            return []
        module, node = found
        return [(self.resolve(module, base), base) for base in node.bases]

    # -- models --

    def _model_kind(self, qualified: str, depth: int = 0) -> Optional[bool]:
        """True: a model; None: a probable model (unresolvable external base, Django fields or Meta);
        False: not a model."""
        if qualified in self._is_model:
            self.served("kind", qualified)
            return self._is_model[qualified]
        self._is_model[qualified] = False  # a cycle of bases is not a model
        trail = self.begin()
        try:
            result = self._compute_model_kind(qualified, depth)
        finally:
            self.end("kind", qualified, trail)
        self._is_model[qualified] = result
        return result

    def _compute_model_kind(self, qualified: str, depth: int) -> Optional[bool]:
        result: Optional[bool] = False
        found = self._class_node(qualified)
        if found is not None and depth <= _MAX_DEPTH:
            module, node = found
            unknown_external = False
            for base in node.bases:
                resolved = self.resolve(module, base)
                if resolved is None:
                    continue
                if resolved in MODEL_BASES:
                    result = True
                    break
                if self._class_node(resolved) is not None:
                    kind = self._model_kind(resolved, depth + 1)
                    if kind is True:
                        result = True
                        break
                    if kind is None:
                        result = None
                elif not resolved.startswith(("django.", "builtins.")) and resolved not in ("object",):
                    unknown_external = True
            if result is False and unknown_external and self._looks_like_model(module, node):
                result = None
        return result

    def _looks_like_model(self, module: _Module, node: ast.ClassDef) -> bool:
        """Declares a Django model field, or has a Meta with options only models take, or
        `abstract = False` (serializers, forms, filter sets and factories have a Meta too, with
        `model`/`fields`, or `abstract = True` alone)."""
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                values = _class_values(stmt)
                keys = set(values)
                if "model" in keys:
                    continue  # a serializer's, form's or factory's Meta
                if keys & _MODEL_META_KEYS or _const_bool(values.get("abstract")) is False:
                    return True
            value = _assigned_value(stmt)
            if isinstance(value, ast.Call):
                resolved = self.resolve(module, value.func) or ""
                if resolved in RELATION_FIELDS or (resolved.startswith("django.db.models.") and resolved.endswith("Field")):
                    return True
        return False

    def _model(self, qualified: str) -> Optional[ModelInfo]:
        if qualified in self._by_qualified:
            return self._by_qualified[qualified]
        kind = self._model_kind(qualified)
        if kind is False:
            return None
        found = self._class_node(qualified)
        if found is None:
            return None
        module, node = found
        self._by_qualified[qualified] = None  # type: ignore[assignment]  # cycles
        meta = self._meta(qualified)
        abstract_bases: list[str] = []
        concrete_parents: list[ModelInfo] = []
        probable = kind is None
        for base in node.bases:
            resolved = self.resolve(module, base)
            if resolved is None or self._class_node(resolved) is None:
                continue
            parent = self._model(resolved)
            if parent is None:
                continue
            probable = probable or parent.probable
            if parent.is_abstract:
                abstract_bases.append(resolved)
                abstract_bases.extend(b for b in parent.abstract_bases if b not in abstract_bases)
                # an abstract model deriving from a concrete one passes the concrete parent down
                for above in self._concrete_parents.get(resolved, ()):
                    if all(p.label != above.label for p in concrete_parents):
                        concrete_parents.append(above)
            elif all(p.label != parent.label for p in concrete_parents):
                concrete_parents.append(parent)
        self._concrete_parents[qualified] = concrete_parents
        app_label = meta.app_label or self._label_for_module(module.name)
        name = node.name
        label = f"{app_label}.{name}"
        decls = self._declarations(qualified)
        fields: list[Field] = []
        relations: list[Relation] = []
        managers: list[Manager] = []
        seen: set[str] = set()
        for decl in decls:
            if decl.name in seen:
                continue
            seen.add(decl.name)
            if decl.value is None:
                continue
            self._materialise(decl, name, app_label, meta, fields, relations, managers)
        is_proxy = meta.proxy and bool(concrete_parents)
        parents = tuple(parent.concrete_label if is_proxy else parent.label for parent in concrete_parents[:1 if is_proxy else None])
        if is_proxy:
            fields, relations = [], []
        elif concrete_parents and not meta.abstract:
            for parent in concrete_parents:
                if not any(r.parent_link and r.target == parent.label for r in relations):
                    ptr = f"{parent.name.lower()}_ptr"
                    accessor = name.lower()
                    if meta.default_related_name:
                        accessor = _fill(meta.default_related_name, name, app_label)
                    relations.append(
                        Relation(ptr, O2O, parent.label, False, f"{ptr}_id", label, "django.db.models.OneToOneField",
                                 accessor, accessor, None, True)
                    )
        elif not meta.abstract and not any(f.primary_key for f in fields) and not any(r.parent_link for r in relations):
            # an FK/O2O with primary_key=True is the key too
            keyed = any(
                isinstance(d.value, ast.Call) and _const_bool(_keyword(d.value, "primary_key")) is True
                for d in decls
                if d.name in {r.name for r in relations}
            )
            if "id" not in seen and not keyed:
                fields.insert(0, Field("id", "django.db.models.AutoField", False, True))
        for parent in concrete_parents:
            for manager in parent.managers:
                if all(m.name != manager.name for m in managers):
                    managers.append(manager)
        if not managers and not meta.abstract:
            managers.append(Manager("objects", "django.db.models.Manager", None))
        swapped = bool(meta.swappable) and meta.swappable == "AUTH_USER_MODEL" and self.user_model not in (None, label)
        methods = frozenset(
            stmt.name for stmt in node.body if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        )
        info = ModelInfo(
            app_label=app_label,
            name=name,
            module=module.name,
            fields=tuple(fields),
            relations=tuple(relations),
            managers=tuple(managers),
            is_abstract=meta.abstract,
            is_proxy=is_proxy,
            parents=parents,
            abstract_bases=tuple(abstract_bases),
            probable=probable,
            swapped=swapped,
            methods=methods,
            path=module.path or "",
            line=node.lineno,
        )
        self._by_qualified[qualified] = info
        return info

    def _meta(self, qualified: str, depth: int = 0) -> _Meta:
        """The effective Meta: the class's own (merged over the Metas it subclasses), else the Meta an
        abstract base passes down. `abstract` is never inherited (Django resets it)."""
        found = self._class_node(qualified)
        meta = _Meta()
        if found is None or depth > _MAX_DEPTH:
            return meta
        module, node = found
        own = next((s for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
        inherited: Optional[_Meta] = None
        if own is not None:
            for base in own.bases:
                resolved = self.resolve(module, base)
                if resolved and resolved.endswith(".Meta"):
                    inherited = self._meta(resolved[: -len(".Meta")], depth + 1)
                    break
        else:
            inherited = self._visible_meta(qualified, depth + 1, own_class=True)
        if inherited is not None:
            meta.app_label = inherited.app_label
            meta.default_related_name = inherited.default_related_name
            meta.proxy = inherited.proxy
            meta.swappable = inherited.swappable
        if own is not None:
            values = _class_values(own)
            meta.abstract = _const_bool(values.get("abstract")) is True
            if "proxy" in values:
                meta.proxy = _const_bool(values["proxy"]) is True
            for key in ("app_label", "default_related_name", "swappable"):
                text = _const_str(values.get(key))
                if text is not None:
                    setattr(meta, key, text)
        return meta

    def _visible_meta(self, qualified: str, depth: int, own_class: bool = False) -> Optional[_Meta]:
        """What `cls.Meta` finds by attribute lookup: Django keeps `Meta` on abstract models only, so it
        is the Meta of the nearest abstract model up the bases, even through concrete parents."""
        if depth > _MAX_DEPTH:
            return None
        if not own_class and self._own_meta_abstract(qualified):
            return self._meta(qualified, depth + 1)
        for resolved, _ in self._bases(qualified):
            if resolved is not None and self._class_node(resolved) is not None:
                found = self._visible_meta(resolved, depth + 1)
                if found is not None:
                    return found
        return None

    def _own_meta_abstract(self, qualified: str) -> bool:
        found = self._class_node(qualified)
        if found is None:
            return False
        own = next((s for s in found[1].body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
        return own is not None and _const_bool(_class_values(own).get("abstract")) is True

    def _declarations(self, qualified: str, depth: int = 0) -> list[_Decl]:
        """Field, relation and manager declarations of a class and of its abstract model bases, nearest
        first (the first declaration of a name wins, as in Python's MRO for the simple cases)."""
        found = self._class_node(qualified)
        if found is None or depth > _MAX_DEPTH:
            return []
        module, node = found
        decls: list[_Decl] = []
        # statements under `if`/`try` in the class body count from every branch (Wagtail declares its
        # parent links under `if swapper.is_swapped(...)`): each may be the one Django runs
        for stmt in _top_level(node.body):
            targets: list[ast.expr] = []
            if isinstance(stmt, ast.Assign):
                targets = stmt.targets
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets = [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name) and not target.id.startswith("__"):
                    value = stmt.value  # type: ignore[union-attr]
                    if isinstance(value, ast.Constant) and value.value is None:
                        decls.append(_Decl(target.id, None, module.name))
                    elif isinstance(value, ast.Call):
                        decls.append(_Decl(target.id, value, module.name))
        for base in node.bases:
            resolved = self.resolve(module, base)
            if resolved is None or self._class_node(resolved) is None:
                continue
            # Django takes fields and managers from abstract model bases only (not from plain mixins).
            if self._model_kind(resolved) is not False and self._meta(resolved).abstract:
                decls.extend(self._declarations(resolved, depth + 1))
        return decls

    def _materialise(
        self,
        decl: _Decl,
        class_name: str,
        app_label: str,
        meta: _Meta,
        fields: list[Field],
        relations: list[Relation],
        managers: list[Manager],
    ) -> None:
        module = self._module(decl.module)
        call = decl.value
        if module is None or not isinstance(call, ast.Call):
            return
        field_class, kind = self._field_class(module, call.func)
        label = f"{app_label}.{class_name}"
        if kind in (FK, O2O, M2M):
            to = call.args[0] if call.args else _keyword(call, "to")
            target, why = self._target(module, to, class_name, app_label)
            null = _const_bool(_keyword(call, "null")) is True
            related_node = _keyword(call, "related_name")
            related_name = self._constant(module, related_node)
            query_name = self._constant(module, _keyword(call, "related_query_name"))
            default_related = meta.default_related_name
            through_node = _keyword(call, "through")
            through = None
            if through_node is not None:
                through, _ = self._target(module, through_node, class_name, app_label)
            symmetrical = _const_bool(_keyword(call, "symmetrical"))
            if kind == M2M and (
                (_const_str(to) == "self" and symmetrical is not False) or (symmetrical and target == label)
            ):
                related_name = f"{decl.name}_rel_+"
            # Django fills the placeholders when the field lands on a concrete model, never on an abstract one.
            fill = (lambda text: text) if meta.abstract else (lambda text: _fill(text, class_name, app_label))
            remote: Optional[str]
            if related_name is not None:
                related_name = fill(related_name)
                remote = None if related_name.endswith("+") else related_name
            elif related_node is not None:
                remote = None  # computed: the accessor is unknown, so none is recorded
            elif default_related is not None:
                remote = fill(default_related)
            else:
                remote = class_name.lower() if kind == O2O else f"{class_name.lower()}_set"
            if query_name is not None:
                query_name = fill(query_name)
            elif remote is not None:
                query_name = remote if (related_name or default_related) else class_name.lower()
            parent_link = kind == O2O and _const_bool(_keyword(call, "parent_link")) is True
            attname = f"{decl.name}_id" if kind in (FK, O2O) else None
            relations.append(
                Relation(decl.name, kind, target, null, attname, label, field_class, remote, query_name, through, parent_link)
            )
            if target is None:
                self._why[(label, decl.name)] = why
        elif kind == "tags":
            # django-taggit: an M2M to the tag model through `through` (default taggit.TaggedItem), with a
            # `<model>_set` accessor on the tag model unless `related_name` says otherwise
            through_node = _keyword(call, "through")
            target: Optional[str] = "taggit.Tag"
            through: Optional[str] = "taggit.TaggedItem"
            if through_node is not None:
                through, _ = self._target(module, through_node, class_name, app_label)
                target = None
            related_node = _keyword(call, "related_name")
            remote = self._constant(module, related_node) if related_node is not None else f"{class_name.lower()}_set"
            if remote is not None and remote.endswith("+"):
                remote = None
            self._reach_stub("taggit.Tag")
            relations.append(
                Relation(decl.name, M2M, target, False, None, label, field_class, remote, class_name.lower(), through)
            )
        elif kind == GENERIC:
            ct = _const_str(call.args[0] if call.args else _keyword(call, "ct_field")) or "content_type"
            fk = _const_str(call.args[1] if len(call.args) > 1 else _keyword(call, "fk_field")) or "object_id"
            relations.append(Relation(decl.name, GENERIC, None, True, fk, label, field_class, None, None, ct))
        elif kind == GENERIC_RELATION:
            to = call.args[0] if call.args else _keyword(call, "to")
            target, why = self._target(module, to, class_name, app_label)
            query_name = _const_str(_keyword(call, "related_query_name"))
            relations.append(Relation(decl.name, GENERIC_RELATION, target, False, None, label, field_class, None, query_name))
            if target is None:
                self._why[(label, decl.name)] = why
        elif kind == "field":
            fields.append(
                Field(
                    decl.name,
                    field_class,
                    _const_bool(_keyword(call, "null")) is True,
                    _const_bool(_keyword(call, "primary_key")) is True,
                )
            )
        else:
            manager = self._manager_of(module, call)
            if manager is not None:
                managers.append(Manager(decl.name, manager[0], manager[1]))

    def _field_class(self, module: _Module, func: ast.expr) -> tuple[str, Optional[str]]:
        """(qualified field class, kind): kind is fk/o2o/m2m/generic/generic_relation, "tags" (taggit),
        "field" (a plain field) or None (not a field)."""
        resolved = self.resolve(module, func)
        written = _dotted(func) or ""
        if resolved is None:
            return written, ("field" if written.endswith("Field") else None)
        return resolved, self._class_kind(resolved, 0)

    def _class_kind(self, resolved: str, depth: int) -> Optional[str]:
        if resolved in RELATION_FIELDS:
            return RELATION_FIELDS[resolved]
        if resolved in TAG_MANAGERS:
            return "tags"
        if resolved in ("django.db.models.Field", "django.db.models.fields.Field"):
            return "field"
        if depth > _MAX_DEPTH:
            return None
        if self._class_node(resolved) is not None:
            for base, _ in self._bases(resolved):
                if base is not None:
                    kind = self._class_kind(base, depth + 1)
                    if kind is not None:
                        return kind
            return None
        last = resolved.rpartition(".")[2]
        if resolved.startswith("django.") and last.endswith("Field") and ".forms." not in resolved:
            return "field"
        if not resolved.startswith("django.") and last.endswith("Field"):
            return "field"
        return None

    def _manager_of(self, module: _Module, call: ast.Call) -> Optional[tuple[Optional[str], Optional[str]]]:
        """(manager class, queryset class) when `call` builds a manager."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "as_manager":
            return "django.db.models.Manager", self.resolve(module, func.value)
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Attribute) and func.func.attr == "from_queryset":
            queryset = self.resolve(module, func.args[0]) if func.args else None
            return self.resolve(module, func.func.value), queryset
        resolved = self.resolve(module, func)
        if resolved is None:
            return None
        return self._manager_class(resolved)

    def _manager_class(self, resolved: str, depth: int = 0) -> Optional[tuple[Optional[str], Optional[str]]]:
        if resolved in MANAGER_BASES:
            return resolved, None
        found = self._class_node(resolved)
        if found is not None:
            module, node = found
            for base in node.bases:
                if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "from_queryset":
                    queryset = self.resolve(module, base.args[0]) if base.args else None
                    return resolved, queryset
            if self._derives_manager(resolved, depth):
                return resolved, None
            return None
        module_name, rest = self._split(resolved)
        if module_name is not None and rest and "." not in rest:
            module = self._module(module_name)
            value = module.assigns.get(rest) if module is not None and rest in module.assign_names else None
            if isinstance(value, ast.Call) and module is not None and depth < _MAX_DEPTH:
                made = self._manager_of(module, ast.Call(func=value, args=[], keywords=[]))
                if made is not None:
                    return resolved, made[1]
            return None
        if _external_manager(resolved):
            return resolved, None
        return None

    def _derives_manager(self, qualified: str, depth: int) -> bool:
        """A project class deriving from Django's Manager, or from a library class named like a manager
        (`MP_NodeManager`, `PolymorphicManager`), or from `X.from_queryset(Y)`."""
        if depth > _MAX_DEPTH:
            return False
        found = self._class_node(qualified)
        if found is None:
            return qualified in MANAGER_BASES or _external_manager(qualified)
        module, node = found
        for base in node.bases:
            if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "from_queryset":
                return True
            if isinstance(base, ast.Attribute) and base.attr == "__class__" and isinstance(base.value, ast.Call):
                base = base.value.func  # `ScopedManager(...).__class__` (django-scopes, pretix)
            resolved = self.resolve(module, base)
            if resolved is not None and self._derives_manager(resolved, depth + 1):
                return True
        return False

    def _target(
        self, module: _Module, node: Optional[ast.AST], class_name: str, app_label: str, depth: int = 0
    ) -> tuple[Optional[str], str]:
        """(label, why unresolved) of a relation target written in `module`."""
        if node is None:
            return None, "no target"
        text = _const_str(node)
        if text is not None:
            if text == "self":
                return f"{app_label}.{class_name}", ""
            label = text if "." in text else f"{app_label}.{text}"
            self._reach_stub(label)
            return label, ""
        if isinstance(node, ast.Call):
            func = self.resolve(module, node.func) or _dotted(node.func) or ""
            last = func.rpartition(".")[2]
            if func in ("django.contrib.auth.get_user_model",) or last == "get_user_model":
                return self._user(func)
            if last in ("get_model", "get_model_name", "load_model"):  # oscar, apps, swapper
                strings = [_const_str(arg) for arg in node.args]
                if len(strings) == 2 and all(strings):
                    return f"{strings[0]}.{strings[1]}", ""
                if len(strings) == 1 and strings[0] and "." in strings[0]:
                    return strings[0], ""
            if _dotted(node.func) == "getattr" and len(node.args) >= 2:
                owner = self.resolve(module, node.args[0]) or ""
                if owner == "django.conf.settings" and _const_str(node.args[1]) == "AUTH_USER_MODEL":
                    return self._user(owner)
                value = self._constant(module, node)
                if value is not None and value.count(".") == 1:
                    return value, ""  # a swappable model setting (`WAGTAILIMAGES_IMAGE_MODEL`) or its default
            returned = self._returned(module, node, depth)
            if returned is not None:
                return self._target(returned[0], returned[1], class_name, app_label, depth + 1)
            return None, f"call {_text(node)}"
        resolved = self.resolve(module, node)
        if resolved is None:
            return None, f"name {_text(node)}"
        if resolved == "django.conf.settings.AUTH_USER_MODEL":
            return self._user(resolved)
        if self._class_node(resolved) is not None:
            if self._model_kind(resolved) is False:
                return None, f"not a model {resolved}"
            return self._label_of(resolved), ""
        module_name, rest = self._split(resolved)
        if module_name is not None and rest and "." not in rest and depth < _MAX_DEPTH:
            owner = self._module(module_name)
            value = owner.assigns.get(rest) if owner is not None and rest in owner.assign_names else None
            if owner is not None and value is not None:
                return self._target(owner, value, class_name, app_label, depth + 1)
        stub = CONTRIB_LABELS.get(resolved)
        if stub is not None:
            return stub, ""
        return None, f"outside the project {resolved}"

    def _constant(self, module: _Module, node: Optional[ast.AST], depth: int = 0) -> Optional[str]:
        """A string the expression always has: a literal, a module constant (followed through imports),
        `getattr(settings, "NAME", default)` (the project's setting, else the default), or a call of a
        project function whose body is `return <one of those>`."""
        if node is None or depth > _MAX_DEPTH:
            return None
        text = _const_str(node)
        if text is not None:
            return text
        if isinstance(node, ast.Call):
            if _dotted(node.func) == "getattr" and len(node.args) == 3 and not node.keywords:
                owner = self.resolve(module, node.args[0])
                name = _const_str(node.args[1])
                if owner == "django.conf.settings" and name:
                    return self.setting(name, self._constant(module, node.args[2], depth + 1))
                return None
            found = self._returned(module, node, depth)
            return self._constant(found[0], found[1], depth + 1) if found else None
        if isinstance(node, (ast.Name, ast.Attribute)):
            resolved = self.resolve(module, node)
            if resolved is None:
                return None
            if resolved.startswith("django.conf.settings."):
                return self.setting(resolved.rpartition(".")[2], None)
            module_name, rest = self._split(resolved)
            owner = self._module(module_name) if module_name else None
            if owner is not None and rest in owner.assign_names:
                return self._constant(owner, owner.assigns.get(rest), depth + 1)
        return None

    def _returned(self, module: _Module, call: ast.Call, depth: int) -> Optional[tuple[_Module, ast.expr]]:
        """(module, expression) a call without arguments of a project function returns, when its body
        is one `return` (after a docstring)."""
        if call.args or call.keywords or depth > _MAX_DEPTH:
            return None
        resolved = self.resolve(module, call.func)
        module_name, rest = self._split(resolved) if resolved else (None, "")
        owner = self._module(module_name) if module_name else None
        function = owner.defs.get(rest) if owner is not None and rest in owner.def_names else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        body = [stmt for stmt in function.body if not (isinstance(stmt, ast.Expr) and _const_str(stmt.value) is not None)]
        if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            return owner, body[0].value  # type: ignore[return-value]
        return None

    def _reach_stub(self, label: str) -> None:
        """A label of a library with a stub (`taggit.Tag`) brings the stub into the index."""
        for name in LIBRARY_STUB_APPS.get(label.partition(".")[0], ()):
            module = self._modules.get(name)
            if module is not None and module.path is None:
                module.parse()

    def _label_of(self, qualified: str) -> str:
        """The label of a model class, without building it (relations may form cycles)."""
        module_name, name = self._split(qualified)
        app_label = self._meta(qualified).app_label or self._label_for_module(module_name or "")
        return f"{app_label}.{name}"

    def _user(self, _how: str) -> tuple[Optional[str], str]:
        if self.user_model is None:
            return None, "AUTH_USER_MODEL is not one literal in the settings"
        return self.user_model, ""

    def _label_for_module(self, module: str) -> str:
        """The app label of the app a module belongs to: the longest package prefix that is an app,
        either declared by an AppConfig in `apps.py` or a package with a `models` module (an app
        without `apps.py` gets Django's default config, labelled by its last component); an AppConfig
        wins over a models package of the same name."""
        parts = module.split(".")
        for cut in range(len(parts), 0, -1):
            app = ".".join(parts[:cut])
            if app in self._apps:
                return self._apps[app]
            if f"{app}.models" in self._modules and app != module and "models" not in parts[:cut]:
                return parts[cut - 1]  # (a `models` package holding a `models.py` is not an app)
        if "models" in parts[1:]:
            app_parts = parts[: parts.index("models", 1)]
        elif len(parts) > 1:
            app_parts = parts[:-1]
        else:
            app_parts = parts
        return app_parts[-1]

    def _link(self) -> None:
        """Register concrete models by label, spell targets as the target model does, and add reverse
        accessors."""
        labels: dict[tuple[str, str], list[ModelInfo]] = {}
        for info in self._by_qualified.values():
            if info is None or info.is_abstract:
                continue
            labels.setdefault((info.app_label, info.name.lower()), []).append(info)
        for key, infos in labels.items():
            kept = [info for info in infos if not info.probable] or infos
            if len({info.qualified_name for info in kept}) > 1:
                self.stats.ambiguous_labels.append(f"{key[0]}.{infos[0].name}")
                continue
            self._by_label[key] = kept[0]
        for qualified, info in list(self._by_qualified.items()):
            if info is None:
                continue
            relations = tuple(self._spelled(relation) for relation in info.relations)
            relations += self._tagged_items(info, relations)
            if relations != info.relations:
                info = replace(info, relations=relations)
                self._by_qualified[qualified] = info
                key = (info.app_label, info.name.lower())
                if key in self._by_label and self._by_label[key].qualified_name == qualified:
                    self._by_label[key] = info
        for info in self._by_label.values():
            if info.is_proxy or info.swapped:
                continue
            for relation in info.relations:
                if relation.kind in FORWARD_KINDS or relation.kind in (GENERIC, GENERIC_RELATION):
                    self.stats.forward_relations += 1
                if relation.target is None and relation.kind != GENERIC and info.path:
                    why = self._why.get((info.label, relation.name), "through model without a resolvable tag")
                    self.stats.unresolved.append((info.label, relation.name, why))
                if relation.kind not in FORWARD_KINDS or relation.target is None:
                    continue
                target = self.by_label(relation.target)
                if target is None:
                    if info.path:
                        self.stats.unindexed.append((info.label, relation.name, relation.target))
                    continue
                if relation.remote_name is None:
                    continue
                accessors = self._reverse.setdefault(target.concrete_label, {})
                if relation.remote_name in accessors:
                    continue
                accessors[relation.remote_name] = Relation(
                    relation.remote_name,
                    REVERSE_OF[relation.kind],
                    info.label,
                    relation.null,
                    None,
                    target.concrete_label,
                    relation.field_class,
                    relation.name,
                    relation.related_query_name,
                    relation.through,
                    relation.parent_link,
                )
                self.stats.reverse_relations += 1
        self.stats.models = len(self._by_label)
        self.stats.stubs = sum(1 for info in self._by_label.values() if not info.path)
        self.stats.proxies = sum(1 for info in self._by_label.values() if info.is_proxy)
        self.stats.abstract = sum(1 for info in self._by_qualified.values() if info is not None and info.is_abstract)

    def _tagged_items(self, info: ModelInfo, relations: tuple[Relation, ...]) -> tuple[Relation, ...]:
        """django-taggit adds a `tagged_items` generic relation to a model whose tag manager goes
        through a generic tagged-item model (one with a GenericForeignKey)."""
        if info.is_abstract or any(r.name == "tagged_items" for r in relations):
            return ()
        for relation in relations:
            if relation.kind != M2M or not relation.through or self._class_kind(relation.field_class, 0) != "tags":
                continue
            through = self.by_label(relation.through)
            if through is not None and any(r.kind == GENERIC for r in through.relations):
                return (Relation("tagged_items", GENERIC_RELATION, through.label, False, None, info.label,
                                 "django.contrib.contenttypes.fields.GenericRelation"),)
        return ()

    def _spelled(self, relation: Relation) -> Relation:
        """The relation with its target spelled as the target model's label (`app.model` -> `app.Model`),
        and a taggit manager's target read from its `through` model's `tag` FK."""
        if relation.target is None and relation.through and self._class_kind(relation.field_class, 0) == "tags":
            through = self.by_label(relation.through)
            tag = self.relation(through, "tag") if through is not None else None
            if tag is not None and tag.target is not None:
                relation = replace(relation, target=tag.target)
        for attr in ("target", "through"):
            value = getattr(relation, attr)
            if value is None or relation.kind == GENERIC:
                continue
            model = self.by_label(value)
            if model is not None and model.label != value:
                relation = replace(relation, **{attr: model.label})
        return relation

    # -- saved between runs (the cache) --
    #
    # What the build found, without the `ast` nodes (parsed again, module by module, when a rule asks;
    # unpickling them cost more than the build): the modules walked with what each binds, the models,
    # labels, reverse relations and settings. A saved index is used when every module walked is where
    # it was, every module the build parsed holds the same bytes, and every other one the same class
    # base names (`_build` decided from nothing else), so it answers as a new build would.

    def state(self) -> Optional[dict]:
        """What `from_state` restores: taken right after the build (None once a module was parsed after
        it, or when modules were given as text)."""
        if not self._built or self.loaded:
            return None
        modules = []
        for module in self._modules.values():
            if module.late or (module.path is None and module.name not in _STUB_NAMES):
                return None
            header = {attr: getattr(module, attr) for attr in _HEADER}
            modules.append((module.name, module.path, module.is_package, module.stat, header))
        return {
            "format": _STATE_FORMAT,
            "roots": tuple(str(root) for root in self.roots),
            "inputs": self.inputs,
            "modules": modules,
            "apps": self._apps,
            "by_qualified": self._by_qualified,
            "by_label": self._by_label,
            "reverse": self._reverse,
            "why": self._why,
            "concrete_parents": self._concrete_parents,
            "settings_main": self._settings_main,
            "settings_other": self._settings_other,
            "user_model": self.user_model,
            "stats": self.stats,
        }

    @classmethod
    def from_state(cls, state: dict, roots: tuple[Path, ...]) -> Optional["ModelIndex"]:
        """The saved index, when it still describes the project under `roots`; None otherwise."""
        start = time.perf_counter()
        if state.get("format") != _STATE_FORMAT or state.get("roots") != tuple(str(root) for root in roots):
            return None
        saved = state["modules"]
        project = [entry for entry in saved if entry[1] is not None]
        walked: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        for root in roots:
            for name, path, is_package in walk_modules(root):
                if name not in seen:
                    seen.add(name)
                    walked.append((name, path, is_package))
        if walked != [(name, path, is_package) for name, path, is_package, _, _ in project]:
            return None
        packed: dict[str, bytes] = {}
        for _name, path, _is_package, stat, header in project:
            if header["parsed"]:
                data = _read_module(path)
                if digest(data) != header["digest"]:
                    return None
                if data is not None and header["ok"]:
                    packed[path] = zlib.compress(data, 1)  # what the nodes are parsed from (`_reparse`)
            elif stat is None or _stat(path) != stat:
                data = _read_module(path)
                found = _class_base_names(data) if data is not None and b"class" in data else set()
                if frozenset(found) != header["bases"]:
                    return None
        index = cls()
        index.roots = roots
        for name, path, is_package, stat, header in saved:
            if path is None:
                source, stub_package = _STUB_NAMES[name]
                module = index._modules[name] = _Module(name, None, stub_package, source.encode())
                if header["parsed"]:
                    module.parse()
                continue
            module = index._modules[name] = _Module(name, path, is_package, kept=index._kept)
            module.stat = stat
            for attr in _HEADER:
                setattr(module, attr, header[attr])
            module._packed = packed.get(path)
        index._apps = state["apps"]
        index._by_qualified = state["by_qualified"]
        index._by_label = state["by_label"]
        index._reverse = state["reverse"]
        index._why = state["why"]
        index._concrete_parents = state["concrete_parents"]
        index._settings_main = state["settings_main"]
        index._settings_other = state["settings_other"]
        index.user_model = state["user_model"]
        index.stats = state["stats"]
        index.inputs = state["inputs"]
        index._built = True
        index.stats.seconds = time.perf_counter() - start
        index.loaded = True
        return index

    # -- lookups --

    @property
    def models(self) -> tuple[ModelInfo, ...]:
        """Every model the index knows (abstract ones included), in a stable order."""
        return tuple(sorted((i for i in self._by_qualified.values() if i is not None), key=lambda i: i.qualified_name))

    def class_def(self, qualified: str) -> Optional[tuple[str, ast.ClassDef]]:
        """(path, `ast` node) of a project class by qualified name, re-exports followed: the body of a
        manager, queryset or model class for the summaries the rules compute. The path is empty for
        the contrib/library stubs."""
        found = self._class_node(self.canonical(qualified))
        if found is None:
            return None
        return found[0].path or "", found[1]

    def project_class(self, qualified: str) -> Optional[tuple[str, ast.ClassDef]]:
        """(module name, `ast` node) of a project class by qualified name, re-exports followed: for the
        rules that read other project classes (DRF serializers and views) and resolve names where they
        are written (`resolve_in`)."""
        found = self._class_node(self.canonical(qualified))
        return (found[0].name, found[1]) if found is not None else None

    def resolve_in(self, module: str, node: ast.AST) -> Optional[str]:
        """The canonical qualified name of a name or attribute chain written at the top level of the
        project module `module` (imports, re-exports and the module's own classes followed)."""
        found = self._module(module)
        return self.resolve(found, node) if found is not None else None

    def definition(self, qualified: str) -> Optional[tuple[str, Union[ast.ClassDef, ast.FunctionDef]]]:
        """(module name, `ast` node) of a project class or module-level function by qualified name,
        re-exports followed: the bodies the queryset summaries read (manager and queryset methods,
        helpers returning querysets). A module parsed for it after the build is recorded as read
        (`_read_late`); a summary memoised from it records it again when served (`begin`/`served`)."""
        canonical = self.canonical(qualified)
        module_name, rest = self._split(canonical)
        if module_name is None or not rest or "." in rest:
            return None
        module = self._module(module_name)
        if module is None:
            return None
        cls = module.classes.get(rest) if rest in module.class_names else None
        if cls is not None:
            return module.name, cls
        found = module.defs.get(rest) if rest in module.def_names else None
        if isinstance(found, ast.FunctionDef):
            return module.name, found
        return None

    def model_for(self, qualified: str) -> Optional[ModelInfo]:
        info = self._by_qualified.get(qualified)
        if info is None:
            info = self._by_qualified.get(self.canonical(qualified))
        return info

    def by_label(self, label: str) -> Optional[ModelInfo]:
        app_label, _, name = label.rpartition(".")
        return self._by_label.get((app_label, name.lower()))

    def overrides(self, model: Union[ModelInfo, str], method: str) -> Optional[bool]:
        """Whether instances of `model` run their own `method` (`"save"`, `"delete"`) rather than Django's
        `Model.<method>`: True when a project class among its bases (mixins, abstract and concrete
        parents) defines it, False when every base is a project class without it or Django's `Model`,
        None when a base is not known (a library or contrib base, a stub: its methods are not read)."""
        info = self.by_label(model) if isinstance(model, str) else model
        if info is None:
            return None
        return self._defines(self.canonical(info.qualified_name), method, 0, set())

    def _defines(self, qualified: str, method: str, depth: int, seen: set[str]) -> Optional[bool]:
        if qualified in _PLAIN_BASES:
            return False
        if depth > _MAX_DEPTH or qualified in seen:
            return None
        seen.add(qualified)
        found = self._class_node(qualified)
        if found is None or (found[0].path is None and (found[0].name in CONTRIB_STUBS or found[0].name in LIBRARY_STUBS)):
            return None  # a stub's methods are not written down
        module, node = found
        for stmt in _top_level(node.body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == method:
                return True
            if isinstance(stmt, ast.Assign) and any(_is_name(t, method) for t in stmt.targets):
                return True
        result: Optional[bool] = False
        for base in node.bases:
            resolved = self.resolve(module, base)
            below = self._defines(resolved, method, depth + 1, seen) if resolved is not None else None
            if below is True:
                return True
            if below is None:
                result = None
        return result

    def reverse_relations(self, model: Union[ModelInfo, str]) -> tuple[Relation, ...]:
        info = self.by_label(model) if isinstance(model, str) else model
        if info is None:
            return ()
        return tuple(self._reverse.get(info.concrete_label, {}).values())

    def relation(self, model: Union[ModelInfo, str], attr: str) -> Optional[Relation]:
        """The relation `attr` of instances of `model`, through proxies and multi-table parents."""
        return self._lookup(model, attr, relations=True)  # type: ignore[return-value]

    def field(self, model: Union[ModelInfo, str], attr: str) -> Optional[Field]:
        """The plain field `attr` of instances of `model` (`author_id` is the FK's column, not a field)."""
        return self._lookup(model, attr, relations=False)  # type: ignore[return-value]

    def _lookup(self, model: Union[ModelInfo, str], attr: str, relations: bool, depth: int = 0) -> object:
        info = self.by_label(model) if isinstance(model, str) else model
        if info is None or depth > _MAX_DEPTH:
            return None
        if relations:
            for relation in info.relations:
                if relation.name == attr:
                    return relation
            if not info.is_abstract:
                reverse = self._reverse.get(info.concrete_label, {}).get(attr)
                if reverse is not None:
                    return reverse
        else:
            for plain in info.fields:
                if plain.name == attr:
                    return plain
        for parent in info.parents:
            found = self._lookup(parent, attr, relations, depth + 1)
            if found is not None:
                return found
        return None


# Bases whose `save`/`delete` are Django's own (`ModelIndex.overrides`).
_PLAIN_BASES = frozenset({"django.db.models.Model", "django.db.models.base.Model", "object", "builtins.object"})


def _assigned_value(stmt: ast.stmt) -> Optional[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return stmt.value
    if isinstance(stmt, ast.AnnAssign):
        return stmt.value
    return None


def _class_values(node: ast.ClassDef) -> dict[str, ast.expr]:
    values: dict[str, ast.expr] = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            values[stmt.target.id] = stmt.value
    return values


def _class_strings(node: ast.ClassDef) -> dict[str, str]:
    return {key: text for key, value in _class_values(node).items() if (text := _const_str(value)) is not None}


def _fill(template: str, class_name: str, app_label: str) -> str:
    if "%(" not in template:
        return template
    try:
        return template % {
            "class": class_name.lower(),
            "model_name": class_name.lower(),
            "app_label": app_label.lower(),
        }
    except (KeyError, ValueError, TypeError):
        return template


_DEV_STEMS = ("dev", "development", "local", "test", "testing", "ci")  # as the default dev-settings globs


def _is_dev_name(part: str) -> bool:
    return part in _DEV_STEMS or any(part.startswith(f"{s}_") or part.endswith(f"_{s}") for s in _DEV_STEMS)


def _is_settings_module(parts: list[str], is_package: bool) -> bool:
    stem = parts[-1]
    if stem == "settings" or stem.startswith("settings_") or stem.endswith("_settings"):
        return True
    return len(parts) > 1 and parts[-2] == "settings" and not is_package


LOCAL_MODULE = "__checked__"  # the module name of a file checked without a name (no project)


def local_module_name(context: "FileContext") -> str:
    """The module name of the checked file: the engine's, else one read from its path (`shop/views.py`
    is `shop.views`, so its models are in the app `shop`), else `LOCAL_MODULE`."""
    name = getattr(context, "module_name", "")
    if name:
        return name
    parts = Path(str(getattr(context, "path", ""))).with_suffix("").parts
    if parts and all(part.isidentifier() for part in parts):
        return ".".join(parts)
    return LOCAL_MODULE


def project_models(context: "FileContext") -> Optional[ModelIndex]:
    """The model index of the checked file's project. Without a project index (a file checked alone, the
    fixtures, the docs examples), the index of the models the file itself defines (Django's contrib
    models included), built once per file; None when the file has no source."""
    project = getattr(context, "project", None)
    if project is not None:
        return project.models()
    cached = getattr(context, "_local_models", None)
    if cached is None:
        source = getattr(context, "source", None)
        if source is None:
            return None
        cached = ModelIndex.build([], sources={local_module_name(context): source})
        context._local_models = cached  # type: ignore[attr-defined]
    return cached


# -- Django's contrib models ---------------------------------------------------------------------------
# Stubs of the models (and abstract bases) of django.contrib as in Django 5.2, indexed like project
# modules when Django's own source is not in the scanned tree. test_models_index checks them against
# Django's source.

CONTRIB_APPS = (
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sites",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.redirects",
    "django.contrib.flatpages",
)

CONTRIB_STUBS: dict[str, tuple[str, bool]] = {
    "django.contrib.auth.base_user": (
        """
from django.db import models
class AbstractBaseUser(models.Model):
    password = models.CharField(max_length=128)
    last_login = models.DateTimeField(blank=True, null=True)
    class Meta:
        abstract = True
class BaseUserManager(models.Manager): pass
""",
        False,
    ),
    "django.contrib.auth.models": (
        """
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
class PermissionManager(models.Manager): pass
class GroupManager(models.Manager): pass
class UserManager(BaseUserManager): pass
class Permission(models.Model):
    name = models.CharField(max_length=255)
    content_type = models.ForeignKey(ContentType, models.CASCADE)
    codename = models.CharField(max_length=100)
    objects = PermissionManager()
class Group(models.Model):
    name = models.CharField(max_length=150, unique=True)
    permissions = models.ManyToManyField(Permission, blank=True)
    objects = GroupManager()
class PermissionsMixin(models.Model):
    is_superuser = models.BooleanField(default=False)
    groups = models.ManyToManyField(Group, blank=True, related_name="user_set", related_query_name="user")
    user_permissions = models.ManyToManyField(Permission, blank=True, related_name="user_set", related_query_name="user")
    class Meta:
        abstract = True
class AbstractUser(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(max_length=150, unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField()
    objects = UserManager()
    class Meta:
        abstract = True
class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
""",
        False,
    ),
    "django.contrib.contenttypes.models": (
        """
from django.db import models
class ContentTypeManager(models.Manager): pass
class ContentType(models.Model):
    app_label = models.CharField(max_length=100)
    model = models.CharField(max_length=100)
    objects = ContentTypeManager()
""",
        False,
    ),
    "django.contrib.sites.models": (
        """
from django.db import models
class SiteManager(models.Manager): pass
class Site(models.Model):
    domain = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=50)
    objects = SiteManager()
""",
        False,
    ),
    "django.contrib.admin.models": (
        """
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
class LogEntryManager(models.Manager): pass
class LogEntry(models.Model):
    action_time = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)
    content_type = models.ForeignKey(ContentType, models.SET_NULL, blank=True, null=True)
    object_id = models.TextField(blank=True, null=True)
    object_repr = models.CharField(max_length=200)
    action_flag = models.PositiveSmallIntegerField()
    change_message = models.TextField(blank=True)
    objects = LogEntryManager()
""",
        False,
    ),
    "django.contrib.sessions.base_session": (
        """
from django.db import models
class BaseSessionManager(models.Manager): pass
class AbstractBaseSession(models.Model):
    session_key = models.CharField(max_length=40, primary_key=True)
    session_data = models.TextField()
    expire_date = models.DateTimeField(db_index=True)
    objects = BaseSessionManager()
    class Meta:
        abstract = True
""",
        False,
    ),
    "django.contrib.sessions.models": (
        """
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
class SessionManager(BaseSessionManager): pass
class Session(AbstractBaseSession):
    objects = SessionManager()
""",
        False,
    ),
    "django.contrib.redirects.models": (
        """
from django.contrib.sites.models import Site
from django.db import models
class Redirect(models.Model):
    site = models.ForeignKey(Site, models.CASCADE)
    old_path = models.CharField(max_length=200, db_index=True)
    new_path = models.CharField(max_length=200, blank=True)
""",
        False,
    ),
    "django.contrib.flatpages.models": (
        """
from django.contrib.sites.models import Site
from django.db import models
class FlatPage(models.Model):
    url = models.CharField(max_length=100, db_index=True)
    title = models.CharField(max_length=200)
    content = models.TextField(blank=True)
    enable_comments = models.BooleanField(default=False)
    template_name = models.CharField(max_length=70, blank=True)
    registration_required = models.BooleanField(default=False)
    sites = models.ManyToManyField(Site)
""",
        False,
    ),
}
# Third-party model libraries, indexed only when the project imports from them and their source is not
# scanned: django-taggit (its tag models and the abstract through-model bases), django-treebeard (the
# fields of its abstract node models).
LIBRARY_STUBS: dict[str, tuple[str, bool]] = {
    "treebeard.mp_tree": (
        """
from django.db import models
class MP_NodeQuerySet(models.query.QuerySet): pass
class MP_NodeManager(models.Manager): pass
class MP_Node(models.Model):
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveIntegerField()
    numchild = models.PositiveIntegerField(default=0)
    objects = MP_NodeManager()
    class Meta:
        abstract = True
""",
        False,
    ),
    "treebeard.ns_tree": (
        """
from django.db import models
class NS_NodeQuerySet(models.query.QuerySet): pass
class NS_NodeManager(models.Manager): pass
class NS_Node(models.Model):
    lft = models.PositiveIntegerField(db_index=True)
    rgt = models.PositiveIntegerField(db_index=True)
    tree_id = models.PositiveIntegerField(db_index=True)
    depth = models.PositiveIntegerField(db_index=True)
    objects = NS_NodeManager()
    class Meta:
        abstract = True
""",
        False,
    ),
    "treebeard.al_tree": (
        """
from django.db import models
class AL_NodeManager(models.Manager): pass
class AL_Node(models.Model):
    objects = AL_NodeManager()
    class Meta:
        abstract = True
""",
        False,
    ),
    "taggit.models": (
        """
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
class TagBase(models.Model):
    name = models.CharField(unique=True, max_length=100)
    slug = models.SlugField(unique=True, max_length=100)
    class Meta:
        abstract = True
class Tag(TagBase):
    class Meta:
        app_label = "taggit"
class ItemBase(models.Model):
    class Meta:
        abstract = True
class TaggedItemBase(ItemBase):
    tag = models.ForeignKey(Tag, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE)
    class Meta:
        abstract = True
class CommonGenericTaggedItemBase(ItemBase):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_tagged_items")
    content_object = GenericForeignKey()
    class Meta:
        abstract = True
class GenericTaggedItemBase(CommonGenericTaggedItemBase):
    object_id = models.IntegerField(db_index=True)
    class Meta:
        abstract = True
class GenericUUIDTaggedItemBase(CommonGenericTaggedItemBase):
    object_id = models.UUIDField(db_index=True)
    class Meta:
        abstract = True
class TaggedItem(GenericTaggedItemBase, TaggedItemBase):
    class Meta:
        app_label = "taggit"
""",
        False,
    ),
}

LIBRARY_STUB_APPS = {"taggit": ("taggit.models",)}

CONTRIB_LABELS = {
    "django.contrib.auth.models.User": "auth.User",
    "django.contrib.auth.models.Group": "auth.Group",
    "django.contrib.auth.models.Permission": "auth.Permission",
    "django.contrib.contenttypes.models.ContentType": "contenttypes.ContentType",
    "django.contrib.sites.models.Site": "sites.Site",
}


# -- method summaries -----------------------------------------------------------------------------------


def self_reads(index: ModelIndex, model: ModelInfo, method: str) -> Optional[list[tuple[str, ...]]]:
    """The attribute chains a model method (or property) reads from `self` (`self.author.name` is
    `("author", "name")`, outermost chains only), from the class that defines it (`model_method`). None
    when the method is not found in a class the index can read, or when it re-binds `self`."""
    node = model_method(index, model, method)
    if node is None or not node.args.args:
        return None
    return _self_chains(node, node.args.args[0].arg)


def model_method(index: ModelIndex, model: ModelInfo, method: str, depth: int = 0) -> Optional[ast.FunctionDef]:
    """The `ast` node of a model's method or property, from the class that defines it: the model itself,
    its abstract bases nearest first, then its concrete parents (multi-table, proxy); None when a class on
    the way is not one the index can read."""
    if depth > 6:
        return None
    for qualified in (model.qualified_name, *model.abstract_bases):
        found = index.class_def(qualified)
        if found is None:
            return None
        for stmt in found[1].body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == method:
                return stmt
    for parent in model.parents:
        info = index.by_label(parent)
        if info is not None:
            return model_method(index, info, method, depth + 1)
    return None


def _self_chains(fn: ast.AST, name: str) -> Optional[list[tuple[str, ...]]]:
    inner: set[int] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            return None
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
    chains: list[tuple[str, ...]] = []
    for node in ast.walk(fn):
        if not isinstance(node, ast.Attribute) or id(node) in inner or not isinstance(node.ctx, ast.Load):
            continue
        parts: list[str] = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if isinstance(current, ast.Name) and current.id == name:
            chain = tuple(reversed(parts))
            if chain not in chains:
                chains.append(chain)
    return chains


# The stubs by module name (source, package or not), for a saved index: they are parsed again from here.
_STUB_NAMES: dict[str, tuple[str, bool]] = {**CONTRIB_STUBS, **LIBRARY_STUBS}
