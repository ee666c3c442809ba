"""Django REST framework by meaning: list views and what their serializers read per row (LL707).

Read from DRF 3.x's source (`rest_framework/fields.py` `get_attribute`, `relations.py`,
`serializers.py` `build_field`), and measured in `tests/nplusone_lab/shapes_drf.py`:

- A field reads `instance.<source parts>` (`fields.get_attribute`): every forward FK/O2O (or reverse
  O2O) on the way is loaded, and the last one too when the field renders the object itself (a nested
  serializer, `StringRelatedField`, `SlugRelatedField`, a plain field whose source is a relation).
- `PrimaryKeyRelatedField` and a `HyperlinkedRelatedField` whose `lookup_field` is `pk` take the
  "pk only" path (`RelatedField.get_attribute`): the parents of the last part are loaded, the last part
  is read with `serializable_value()`, i.e. the FK column (`author_id`, no query). A reverse one-to-one
  has no column: it is loaded.
- `many=True` related fields (`ManyRelatedField`) and nested `many=True` serializers (`ListSerializer`)
  call `.all()` on the related manager of each row: a query per row unless the lookup is prefetched.
- `ModelSerializer` builds its undeclared fields from `Meta.fields`/`exclude` (`"__all__"`: the
  model's fields and forward relations; reverse relations only when named): FK/O2O become pk-only
  fields (no query), M2M and named reverse relations `many=True` ones (a query per row); with
  `Meta.depth >= 1` every relation is a nested serializer of the target with `fields = "__all__"` and
  `depth - 1`.
- A `SerializerMethodField`'s method (`get_<name>` or `method_name=`) runs per row: `obj.<fk>` and
  `obj.<fk>.<fk>` load, `obj.<manager>.all()/count()/exists()` and iterating it query unless prefetched.

Stable API:

- `DRF_LIST_VIEWS`: the DRF classes whose GET lists a queryset.
- `drf_name(qualified)`: `Foo` for a qualified name inside `rest_framework`, else None.
- `SerializerReads(index)`: `reads(serializer, model)` is the list of `Read`s a serializer class (a
  project class, by qualified name) makes on each instance of `model`, or None when the class is not
  known to be a serializer. Declared fields of project base serializers are followed (other modules
  through the model index's module table); names resolve by meaning where they are written.
- `Read`: `field` (as the user wrote it: `BookSerializer.author`), `what` (a short description),
  `path` (the relation lookup from the row: `author`, `author__profile`, `tags`), `many` (whether the
  path crosses a to-many relation: `prefetch_related` then, else `select_related`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from loglint.semantics.models import FK, M2M, O2O, REVERSE_FK, REVERSE_M2M, REVERSE_O2O, ModelIndex, ModelInfo

DRF = "rest_framework."

DRF_LIST_VIEWS = frozenset(
    {"ListAPIView", "ListCreateAPIView", "ModelViewSet", "ReadOnlyModelViewSet", "ListModelMixin"}
)
SERIALIZER_BASES = frozenset({"Serializer", "ModelSerializer", "HyperlinkedModelSerializer"})
# serializer bases of other libraries that only change the field mapping of a plain field type
EXTERNAL_SERIALIZERS = {
    "i18nfield.rest_framework.I18nAwareModelSerializer": "ModelSerializer",  # django-i18nfield 1.12: `pass`
}
_MODEL_SERIALIZERS = frozenset({"ModelSerializer", "HyperlinkedModelSerializer"})
# related fields that render the related object itself (a query unless loaded)
_OBJECT_FIELDS = frozenset({"StringRelatedField", "SlugRelatedField"})
# related fields that read only the key when not many (`use_pk_only_optimization`)
_PK_FIELDS = frozenset({"PrimaryKeyRelatedField", "HyperlinkedRelatedField"})
_NOT_READ = frozenset({"HyperlinkedIdentityField", "HiddenField", "SerializerMethodField"})
_SINGLE = frozenset({FK, O2O, REVERSE_O2O})
_MANY = frozenset({M2M, REVERSE_FK, REVERSE_M2M})
_MANAGER_READS = frozenset({"all", "count", "exists"})
_MAX_DEPTH = 6


def drf_name(qualified: Optional[str]) -> Optional[str]:
    if qualified is None or not qualified.startswith(DRF):
        return None
    return qualified.rpartition(".")[2]


@dataclass(frozen=True)
class Read:
    field: str
    what: str
    path: str
    many: bool


@dataclass
class _Serializer:
    module: str
    node: ast.ClassDef
    kind: str  # the DRF base it reaches: Serializer, ModelSerializer, HyperlinkedModelSerializer
    declared: dict[str, tuple[str, ast.expr]]  # name -> (module it is written in, value)
    methods: dict[str, ast.FunctionDef]
    meta: dict[str, tuple[str, ast.expr]]  # Meta attributes (nearest class defining Meta)


class SerializerReads:
    def __init__(self, index: ModelIndex) -> None:
        self.index = index
        self._classes: dict[str, Optional[_Serializer]] = {}
        self._cuts = 0  # how many times a base was beyond `_MAX_DEPTH` (`serializer`)

    # -- serializer classes ------------------------------------------------------------------------

    def serializer(self, qualified: str, depth: int = 0) -> Optional[_Serializer]:
        # Shared by every file checked with the index: a class read after the index was built (a
        # serializers module, its bases' modules) is an input of each file it is served to, so the
        # modules its computation read are recorded again when it is served (`ModelIndex.served`).
        if qualified in self._classes:
            self.index.served("serializer", qualified)
            return self._classes[qualified]
        self._classes[qualified] = None  # cycles
        cuts = self._cuts
        trail = self.index.begin()
        try:
            found = self._build(qualified, depth)
        finally:
            self.index.end("serializer", qualified, trail)
        if self._cuts == cuts:
            self._classes[qualified] = found
        else:
            # a base lay beyond `_MAX_DEPTH` counted from where the class was asked for: another file
            # asking for it directly gets another answer, so this one is not kept for it
            del self._classes[qualified]
        return found

    def _build(self, qualified: str, depth: int) -> Optional[_Serializer]:
        if depth > _MAX_DEPTH:
            self._cuts += 1
            return None
        located = self.index.project_class(qualified)
        if located is None:
            return None
        module, node = located
        kind: Optional[str] = None
        declared: dict[str, tuple[str, ast.expr]] = {}
        methods: dict[str, ast.FunctionDef] = {}
        meta: dict[str, tuple[str, ast.expr]] = {}
        for base in reversed(node.bases):  # later bases first: earlier ones win, as in the MRO
            name = self.index.resolve_in(module, base)
            drf = drf_name(name)
            if drf is not None:
                if drf in SERIALIZER_BASES:
                    kind = drf if kind is None or kind == "Serializer" else kind
                    continue
                return None  # another DRF base (a field, a mixin): unknown
            if name in EXTERNAL_SERIALIZERS:
                external = EXTERNAL_SERIALIZERS[name]
                kind = external if kind is None or kind == "Serializer" else kind
                continue
            if name is None:
                return None
            parent = self.serializer(name, depth + 1)
            if parent is None:
                return None
            kind = parent.kind if kind is None or kind == "Serializer" else kind
            declared.update(parent.declared)
            methods.update(parent.methods)
            meta = dict(parent.meta) or meta
        if kind is None:
            return None
        own_meta: Optional[ast.ClassDef] = None
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
                own_meta = stmt
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[stmt.name] = stmt  # type: ignore[assignment]
                declared.pop(stmt.name, None)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        declared[target.id] = (module, stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                declared[stmt.target.id] = (module, stmt.value)
        if own_meta is not None:
            meta = {}
            for stmt in own_meta.body:
                if isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            meta[target.id] = (module, stmt.value)
        # only values that are field instances are fields (DRF collects `Field` instances)
        declared = {k: v for k, v in declared.items() if isinstance(v[1], ast.Call)}
        return _Serializer(module, node, kind, declared, methods, meta)

    # -- what a serializer reads ---------------------------------------------------------------------

    def reads(self, qualified: str, model: ModelInfo) -> Optional[list[Read]]:
        found = self.serializer(qualified)
        if found is None:
            return None
        if "model" in found.meta:
            module, node = found.meta["model"]
            name = self.index.resolve_in(module, node)
            meta_model = self.index.model_for(name) if name is not None else None
            if meta_model is None or meta_model.concrete_label != model.concrete_label:
                return None  # a serializer of another model (or one not known): its names are not the rows'
        out: list[Read] = []
        self._reads(found, model, "", False, out, 0)
        return out

    def _reads(self, ser: _Serializer, model: ModelInfo, prefix: str, many: bool, out: list[Read], depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if "to_representation" in ser.methods:
            return  # what it renders is its own
        name = ser.node.name
        for field_name, (module, value) in ser.declared.items():
            assert isinstance(value, ast.Call)
            self._declared(ser, name, field_name, module, value, model, prefix, many, out, depth)
        if ser.kind in _MODEL_SERIALIZERS:
            names = self._meta_field_names(ser, model)
            if names is not None:
                meta_depth = _int(ser.meta.get("depth", ("", None))[1]) or 0
                for field_name in names:
                    if field_name not in ser.declared:
                        self._generated(name, field_name, model, meta_depth, prefix, many, out, depth)

    def _declared(
        self, ser: _Serializer, ser_name: str, field_name: str, module: str, call: ast.Call, model: ModelInfo,
        prefix: str, many: bool, out: list[Read], depth: int,
    ) -> None:
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        if any(k.arg is None for k in call.keywords):
            return  # **kwargs: unknown
        source = _str(keywords.get("source")) if "source" in keywords else field_name
        if source is None:
            return
        is_many = _true(keywords.get("many"))
        label = f"{ser_name}.{field_name}"
        qualified = self.index.resolve_in(module, call.func)
        drf = drf_name(qualified)
        if drf == "SerializerMethodField":
            method = _str(keywords.get("method_name")) if "method_name" in keywords else f"get_{field_name}"
            if method is not None and method in ser.methods:
                self._method(ser.methods[method], label, model, prefix, many, out)
            return
        if drf in _NOT_READ:
            return
        nested = None
        if drf is None and qualified is not None:
            nested = self.serializer(qualified)
            if nested is None:
                return  # a project field class: unknown
        if source == "*":
            if nested is not None and not is_many:
                self._reads(nested, model, prefix, many, out, depth + 1)
            return
        parts = source.split(".")
        walked = self._walk(model, parts)
        if walked is None:
            return
        singles, last, target = walked  # relations before the last part, the last part's relation
        path = list(singles)
        if drf is not None and drf.endswith("RelatedField") or drf == "ManyRelatedField" or nested is not None:
            if last is None:
                if singles:
                    _add(out, label, _describe(drf, nested, is_many), prefix, path, many)
                return
            if is_many or drf == "ManyRelatedField":
                if last.kind not in _MANY:
                    return
                lookup = path + [last.name]
                _add(out, label, _describe(drf, nested, True), prefix, lookup, True)
                if nested is not None and target is not None:
                    self._reads(nested, target, _join(prefix, lookup), True, out, depth + 1)
                return
            if last.kind not in _SINGLE:
                return
            pk_only = drf in _PK_FIELDS and last.kind != REVERSE_O2O and _pk_lookup(drf, keywords)
            if pk_only:
                if singles:
                    _add(out, label, _describe(drf, nested, False), prefix, path, many)
                return
            if drf is not None and drf not in _OBJECT_FIELDS and drf not in _PK_FIELDS:
                return  # another related field: what it reads is not known
            lookup = path + [last.name]
            _add(out, label, _describe(drf, nested, False), prefix, lookup, many)
            if nested is not None and target is not None:
                self._reads(nested, target, _join(prefix, lookup), many, out, depth + 1)
            return
        if drf is None:
            return
        # a plain field: it reads every relation on its source, the last one included
        if last is not None:
            if last.kind not in _SINGLE:
                return
            path.append(last.name)
        if path:
            _add(out, label, f"source=\"{source}\"", prefix, path, many)

    def _walk(self, model: ModelInfo, parts: list[str]):
        """(forward single relations read before the last part, the last part's relation or None, its
        target model), or None when the source cannot be followed."""
        singles: list[str] = []
        current: Optional[ModelInfo] = model
        for i, part in enumerate(parts):
            if current is None:
                return None
            relation = self.index.relation(current, part)
            last = i == len(parts) - 1
            if relation is None:
                return singles, None, None  # a plain field or a property: the rest reads its value
            if relation.target is None or relation.parent_link:
                return None
            target = self.index.by_label(relation.target)
            if last:
                return singles, relation, target
            if relation.kind not in _SINGLE:
                return None
            singles.append(part)
            current = target
        return None

    def _meta_field_names(self, ser: _Serializer, model: ModelInfo) -> Optional[list[str]]:
        fields = ser.meta.get("fields")
        exclude = ser.meta.get("exclude")
        if fields is not None:
            if _str(fields[1]) == "__all__":
                return self._all_names(model)
            names = _strings(fields[1])
            return names
        if exclude is not None:
            excluded = _strings(exclude[1])
            if excluded is None:
                return None
            return [n for n in self._all_names(model) if n not in excluded]
        return None

    def _all_names(self, model: ModelInfo) -> list[str]:
        """The relations `fields = "__all__"` includes: forward relations (inherited ones too)."""
        names: list[str] = []
        seen: set[str] = set()
        stack = [model]
        while stack:
            info = stack.pop()
            for relation in info.relations:
                if relation.kind in (FK, O2O, M2M) and not relation.parent_link and relation.name not in seen:
                    seen.add(relation.name)
                    names.append(relation.name)
            for parent in info.parents:
                found = self.index.by_label(parent)
                if found is not None:
                    stack.append(found)
        return names

    def _generated(
        self, ser_name: str, field_name: str, model: ModelInfo, meta_depth: int, prefix: str, many: bool,
        out: list[Read], depth: int,
    ) -> None:
        relation = self.index.relation(model, field_name)
        if relation is None or relation.target is None or relation.parent_link:
            return
        if relation.kind not in _SINGLE and relation.kind not in _MANY:
            return
        label = f"{ser_name}.{field_name}"
        to_many = relation.kind in _MANY
        if meta_depth < 1:
            if to_many:
                _add(out, label, "a many=True primary key field (Meta.fields)", prefix, [field_name], True)
            elif relation.kind == REVERSE_O2O:
                _add(out, label, "a primary key field of a reverse one-to-one (Meta.fields)", prefix, [field_name], many)
            return
        what = f"nested by Meta.depth = {meta_depth}"
        _add(out, label, what, prefix, [field_name], many or to_many)
        target = self.index.by_label(relation.target)
        if target is None or meta_depth < 2 or depth > _MAX_DEPTH:
            return
        for name in self._all_names(target):
            self._generated(f"{ser_name}.{field_name}", name, target, meta_depth - 1, _join(prefix, [field_name]),
                            many or to_many, out, depth + 1)

    def _method(self, fn: ast.FunctionDef, label: str, model: ModelInfo, prefix: str, many: bool, out: list[Read]) -> None:
        args = fn.args.posonlyargs + fn.args.args
        if len(args) < 2:
            return
        obj = args[1].arg
        for node in ast.walk(fn):
            if isinstance(node, (ast.Name,)) and node.id == obj and isinstance(node.ctx, ast.Store):
                return  # re-bound: unknown
        parents: dict[int, ast.AST] = {}
        for node in ast.walk(fn):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
        what = f"SerializerMethodField {fn.name}()"
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == obj):
                continue
            if not isinstance(node.ctx, ast.Load):
                continue
            relation = self.index.relation(model, node.attr)
            if relation is None or relation.target is None or relation.parent_link:
                continue
            parent = parents.get(id(node))
            if relation.kind in _SINGLE:
                path = [node.attr]
                target = self.index.by_label(relation.target)
                if target is not None and isinstance(parent, ast.Attribute) and isinstance(parent.ctx, ast.Load):
                    second = self.index.relation(target, parent.attr)
                    if second is not None and second.kind in _SINGLE and second.target is not None:
                        path.append(parent.attr)
                _add(out, label, f"{what} reads `{obj}.{'.'.join(path)}`", prefix, path, many)
            elif relation.kind in _MANY:
                call = parents.get(id(parent)) if isinstance(parent, ast.Attribute) else None
                if isinstance(parent, ast.Attribute) and parent.attr in _MANAGER_READS and isinstance(call, ast.Call) \
                        and call.func is parent and not call.args and not call.keywords:
                    _add(out, label, f"{what} calls `{obj}.{node.attr}.{parent.attr}()`", prefix, [node.attr], True)


def serializer_reads(index: ModelIndex) -> SerializerReads:
    """One `SerializerReads` per model index (its memo is shared by every file checked with it)."""
    found = getattr(index, "_drf_reads", None)
    if found is None:
        found = SerializerReads(index)
        index._drf_reads = found  # type: ignore[attr-defined]
    return found


def _add(out: list[Read], label: str, what: str, prefix: str, parts: list[str], many: bool) -> None:
    out.append(Read(label, what, _join(prefix, parts), many))


def _join(prefix: str, parts: list[str]) -> str:
    tail = "__".join(parts)
    return f"{prefix}__{tail}" if prefix else tail


def _describe(drf: Optional[str], nested: Optional[_Serializer], many: bool) -> str:
    kind = f"nested {nested.node.name}" if nested is not None else (drf or "field")
    return f"{kind}(many=True)" if many else kind


def _pk_lookup(drf: Optional[str], keywords: dict) -> bool:
    if drf == "PrimaryKeyRelatedField":
        return True
    lookup = keywords.get("lookup_field")
    return lookup is None or _str(lookup) == "pk"


def _str(node: Optional[ast.AST]) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _true(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _int(node: Optional[ast.AST]) -> Optional[int]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, int) else None


def _strings(node: ast.AST) -> Optional[list[str]]:
    if isinstance(node, (ast.List, ast.Tuple)):
        found = [_str(e) for e in node.elts]
        if all(s is not None for s in found):
            return found  # type: ignore[return-value]
    return None


__all__ = ["DRF_LIST_VIEWS", "Read", "SerializerReads", "drf_name", "serializer_reads"]
