from __future__ import annotations

import ast
from typing import Optional

import libcst as cst

from loglint.prefilter import DRF, ORM
from loglint.rules.orm.base import OrmRule
from loglint.semantics.drf import DRF_LIST_VIEWS, Read, drf_name, serializer_reads
from loglint.semantics.models import ModelIndex, local_module_name
from loglint.semantics.names import BindingKind
from loglint.semantics.querysets import MEDIUM, Resolver, covers_forward

# Methods that, defined on the view or a project base, change what the list serializes: unknown then.
_OVERRIDES = frozenset(
    {"list", "get_serializer", "filter_queryset", "paginate_queryset", "initial", "get_queryset", "get_serializer_class"}
)


class SerializerNplusone(OrmRule):
    """## What it does
    Checks for Django REST framework list views and viewsets (`ListAPIView`, `ListCreateAPIView`,
    `ModelViewSet`, `ReadOnlyModelViewSet`, `ListModelMixin`) whose serializer reads a relation on each
    row that the view's queryset (`queryset = ...` or its own `get_queryset()`) does not load: nested
    serializers (`author = AuthorSerializer()`, `many=True` ones), `source="author.name"`,
    `StringRelatedField`/`SlugRelatedField` (and `HyperlinkedRelatedField` with a `lookup_field`),
    `many=True` related fields (including the `many=True` primary key fields a `ModelSerializer` makes
    for the many-to-many fields and reverse relations its `Meta.fields` names), `SerializerMethodField`
    methods reading `obj.author.name` or `obj.tags.all()`, and `Meta.depth`.

    The serializer is `serializer_class = ...` or the one class `get_serializer_class()` returns; its
    declared fields, its `Meta`, its methods and nested serializers are read from the project, through
    project base serializers in other modules; DRF names are resolved by meaning
    (`from rest_framework import serializers as s`).

    ## Why is this bad?
    DRF renders each row with the serializer: a relation the queryset did not load costs one query per
    row, so a page of 100 books with a nested author makes 101 queries. `PrimaryKeyRelatedField` on a
    foreign key reads only the key column (no query), but a `many=True` field calls `.all()` on each
    row's related manager unless `prefetch_related` loaded it.

    ## Example
    ```python
    from django.db import models
    from rest_framework import generics, serializers


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    class AuthorSerializer(serializers.ModelSerializer):
        class Meta:
            model = Author
            fields = ["name"]


    class BookSerializer(serializers.ModelSerializer):
        author = AuthorSerializer()

        class Meta:
            model = Book
            fields = ["title", "author"]


    class BookList(generics.ListAPIView):
        queryset = Book.objects.all()
        serializer_class = BookSerializer
    ```

    ## Use instead
    ```python
    from django.db import models
    from rest_framework import generics, serializers


    class Author(models.Model):
        name = models.CharField(max_length=50)


    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)


    class AuthorSerializer(serializers.ModelSerializer):
        class Meta:
            model = Author
            fields = ["name"]


    class BookSerializer(serializers.ModelSerializer):
        author = AuthorSerializer()

        class Meta:
            model = Book
            fields = ["title", "author"]


    class BookList(generics.ListAPIView):
        queryset = Book.objects.select_related("author")
        serializer_class = BookSerializer
    ```

    ## Options
    - `orm.min-confidence`: findings of this rule are medium confidence (the queryset is a class
      attribute); "high" turns them off.

    ## Known limitations
    Silent (never a guess) when the view's queryset is not known (a project base view or mixin that
    defines `get_queryset`, `list`, `get_serializer`, `filter_queryset`, `paginate_queryset` or
    `initial`, a base from another library, a `get_queryset` that is not one chain), when
    `get_serializer_class()` has several returns; a serializer overriding `to_representation` is not
    read. Not followed: serializer fields of project field classes, model properties listed in
    `Meta.fields`, a `StringRelatedField`'s `__str__`, `SerializerMethodField` bodies that pass `obj` to
    helpers or filter a related manager (`obj.tags.filter(...)` queries per row whatever is
    prefetched), generic foreign keys. Detail views (one object) are not checked. Test files and
    migrations are skipped.
    """

    code = "LL707"
    name = "serializer-nplusone"
    message = "serializer reads a relation per row"
    candidates = frozenset({DRF, ORM})  # ORM keeps the models of the checked file in the parse

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases or not self._applies():
            return
        if self.min_confidence() != MEDIUM:
            return  # every finding is medium
        index = self.index
        if not self._list_view(node, index):
            return
        serializer, anchor = self._parts(node)
        if serializer is None or anchor is None:
            return
        loaded = Resolver(self.context, index).class_queryset(node, direct=True)
        if loaded is None or not loaded.instances or loaded.deferred or loaded.single:
            return
        reads = serializer_reads(index).reads(serializer, loaded.model)
        if not reads:
            return
        missing = [read for read in reads if not covers_forward(index, loaded, read.path)]
        if missing:
            self.report(anchor, _message(missing))

    # -- the view --------------------------------------------------------------------------------

    def _list_view(self, node: cst.ClassDef, index: ModelIndex) -> bool:
        lists = False
        for base in node.bases:
            if base.keyword is not None:
                return False
            qualified = self._qualified(base.value)
            if qualified is None:
                return False
            verdict = _base_kind(index, qualified, 0)
            if verdict is None:
                return False
            lists = lists or verdict
        if not lists:
            return False
        for stmt in node.body.body:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value in _OVERRIDES - {"get_queryset", "get_serializer_class"}:
                return False
        return True

    def _qualified(self, expr: cst.BaseExpression) -> Optional[str]:
        qualified = self.context.qualified_name(expr)
        if qualified is not None:
            return qualified
        if isinstance(expr, cst.Name):
            bindings = self.context.names.lookup(expr.value, self.context.scope_chain)
            if bindings and len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS and len(bindings[0].scopes) == 1:
                return f"{local_module_name(self.context)}.{expr.value}"
            if not bindings and self._index is not None:
                # a class of this module the candidate gate left out of the parse: the index reads the file
                return self._index.resolve_in(local_module_name(self.context), ast.Name(expr.value))
        return None

    def _parts(self, node: cst.ClassDef) -> tuple[Optional[str], Optional[cst.CSTNode]]:
        """(the serializer class, where to report: `queryset = ...` or `def get_queryset`)."""
        serializer: Optional[str] = None
        anchor: Optional[cst.CSTNode] = None
        get_queryset: Optional[cst.FunctionDef] = None
        for stmt in node.body.body:
            if isinstance(stmt, cst.FunctionDef):
                if stmt.name.value == "get_queryset":
                    get_queryset = stmt
                elif stmt.name.value == "get_serializer_class":
                    returns = _returns(stmt)
                    if len(returns) != 1 or returns[0] is None:
                        return None, None
                    serializer = self._class_value(returns[0])
                    if serializer is None:
                        return None, None
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                        name = small.targets[0].target.value
                        if name == "serializer_class" and serializer is None:
                            serializer = self._class_value(small.value)
                        elif name == "queryset":
                            anchor = small
        if get_queryset is not None:
            anchor = get_queryset
        return serializer, anchor

    def _class_value(self, expr: cst.BaseExpression) -> Optional[str]:
        if not isinstance(expr, (cst.Name, cst.Attribute)):
            return None
        return self._qualified(expr)


def _base_kind(index: ModelIndex, qualified: str, depth: int) -> Optional[bool]:
    """True: a DRF list view (or a project class deriving from one without overriding what the list
    serializes); False: a neutral base (another DRF view class or mixin, a Django mixin); None: unknown."""
    drf = drf_name(qualified)
    if drf is not None:
        return drf in DRF_LIST_VIEWS
    if qualified.startswith("django.") or qualified in ("object", "builtins.object"):
        return False
    found = index.project_class(qualified)
    if found is None or depth > 6:
        return None
    module, node = found
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in _OVERRIDES:
            return None
    lists = False
    for base in node.bases:
        name = index.resolve_in(module, base)
        if name is None:
            return None
        verdict = _base_kind(index, name, depth + 1)
        if verdict is None:
            return None
        lists = lists or verdict
    return lists


def _returns(fn: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
    found: list[Optional[cst.BaseExpression]] = []

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> Optional[bool]:
            return node is fn

        def visit_Lambda(self, node: cst.Lambda) -> Optional[bool]:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node.value)

    fn.visit(Finder())
    return found


def _message(missing: list[Read]) -> str:
    selects: list[str] = []
    prefetches: list[str] = []
    for read in missing:
        (prefetches if read.many else selects).append(read.path)
    selects = _minimal(selects)
    prefetches = _minimal(prefetches)
    fixes = []
    if selects:
        fixes.append("select_related(" + ", ".join(f'"{p}"' for p in selects) + ")")
    if prefetches:
        fixes.append("prefetch_related(" + ", ".join(f'"{p}"' for p in prefetches) + ")")
    first = missing[0]
    more = len({read.field for read in missing}) - 1
    others = f" and {more} more field{'s' if more > 1 else ''}" if more else ""
    verb = "read relations" if more else "reads a relation"
    return (
        f"`{first.field}` ({first.what}){others} {verb} the view's queryset does not load, "
        f"a query per row: add {' and '.join(fixes)} to the queryset (medium confidence)"
    )


def _minimal(paths: list[str]) -> list[str]:
    """Drop paths another path extends (`author` when `author__profile` is there), keep order."""
    unique = list(dict.fromkeys(paths))
    return [p for p in unique if not any(other != p and other.startswith(p + "__") for other in unique)]


__all__ = ["SerializerNplusone"]

