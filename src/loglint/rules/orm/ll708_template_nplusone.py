from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import TEMPLATE
from loglint.rules.orm.base import OrmRule
from loglint.rules.orm.ll701_nplusone_forward_relation import _str_relations
from loglint.semantics.names import BindingKind
from loglint.semantics.querysets import HIGH, Resolver, _with_chain
from loglint.semantics.templates import Read, Rows, compose, row_reads

# callable -> (position of the template name, position of the context, their keyword names)
_RENDER = {
    "django.shortcuts.render": (1, 2),
    "django.shortcuts.render_to_response": (0, 1),
    "django.template.response.TemplateResponse": (1, 2),
    "django.template.response.SimpleTemplateResponse": (0, 1),
    "django.template.loader.render_to_string": (0, 1),
}
_GET_TEMPLATE = frozenset({"django.template.loader.get_template", "django.template.loader.select_template"})
_LIST_VIEWS = frozenset({"django.views.generic.ListView", "django.views.generic.list.ListView"})
_VIEW_PREFIXES = ("django.views.", "django.contrib.auth.mixins.")


class TemplateNplusone(OrmRule):
    """## What it does
    Checks views that render a Django template with a queryset in the context (`render(request,
    "t.html", {"books": qs})`, `TemplateResponse`, `render_to_string`, `get_template(...).render(...)`,
    class-based views with `template_name`, a `ListView`'s `object_list`, `<model>_list` and
    `page_obj.object_list`, keys added in `get_context_data`) when the template, found in the project's
    template folders, walks a relation on each row of a `{% for %}` loop over that variable that the
    queryset does not load: `{{ b.author.name }}`, `{% if b.author %}`, `{% for t in b.tags.all %}`,
    `{{ b.reviews.count }}`, or `{{ b }}` / `{{ b.author|default:"" }}` when the model's `__str__` reads
    a relation. The finding is reported at the render call (or the view's `template_name`) and names the
    template file and line.

    ## Why is this bad?
    A template reads attributes lazily: each row's `b.author` runs a query, so a page of 50 books runs
    51 queries. The queryset the view passes decides what is loaded: `select_related("author")` joins the
    authors into the main query, `prefetch_related("tags")` loads every row's tags in one more query.

    ## Example
    ```python
    # file: shop/views.py
    from django.shortcuts import render

    from shop.models import Book


    def book_list(request):
        # templates/shop/book_list.html:
        # {% for book in books %}{{ book.title }} by {{ book.author.name }}{% endfor %}
        return render(request, "shop/book_list.html", {"books": Book.objects.all()})
    ```

    ## Use instead
    ```python
    # file: shop/views.py
    from django.shortcuts import render

    from shop.models import Book


    def book_list(request):
        books = Book.objects.select_related("author")
        return render(request, "shop/book_list.html", {"books": books})
    ```

    ## Options
    - `orm.min-confidence`: "high" reports only querysets written in the view function itself; "medium"
      (the default) also those of a class-based view (`queryset`, `model`, `get_queryset`).

    ## Known limitations
    Templates are read from the project's `templates/` folders and the literal `TEMPLATES[...]["DIRS"]`
    of its settings; a template name found in several folders with different contents, a name that is
    not a literal, templates of installed packages, Jinja2 templates and custom loaders are not followed.
    `{% include %}` is followed one level, `{% extends %}` up to six. Template tags and filters of the project
    are not read (a relation read inside a custom tag is missed; `|dictsort` and other filters on the loop
    source stop the check). Views whose bases are not Django's own generic views, contexts built by
    helpers, and `DetailView` objects are not checked. Test files and migrations are skipped.
    """

    code = "LL708"
    name = "template-nplusone"
    message = "template reads a relation once per row"
    candidates = frozenset({TEMPLATE})
    # the files the docstring's examples are checked in (tests/test_docs.py)
    example_project = {
        "shop/__init__.py": "",
        "shop/models.py": (
            "from django.db import models\n\n\nclass Author(models.Model):\n    name = models.CharField(max_length=50)\n\n\n"
            "class Book(models.Model):\n    title = models.CharField(max_length=50)\n"
            "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"
        ),
        "shop/templates/shop/book_list.html": (
            "{% for book in books %}{{ book.title }} by {{ book.author.name }}{% endfor %}\n"
        ),
    }

    requires_project = True  # templates are found through the project index

    def __init__(self, context) -> None:
        super().__init__(context)
        self._pending: dict[int, list[str]] = {}

    # -- function views ------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        found = self._render_call(node)
        if found is None or not self._applies():
            return
        name_expr, context_expr = found
        names = _template_names(name_expr)
        if not names or context_expr is None:
            return
        resolver = Resolver(self.context, self.index)
        roots: dict[str, Rows] = {}
        for key, value in self._context_entries(context_expr).items():
            loaded = resolver.queryset(value)
            if loaded is not None:
                roots[key] = Rows(loaded, key)
        self._check(node, names[0], roots)

    def _render_call(self, node: cst.Call) -> Optional[tuple[Optional[cst.BaseExpression], Optional[cst.BaseExpression]]]:
        qualified = self.context.qualified_name(node.func)
        if qualified in _RENDER:
            name_at, context_at = _RENDER[qualified]
            return _argument(node, name_at, "template_name"), _argument(node, context_at, "context")
        # get_template("t.html").render(context) / t = get_template(...); t.render(context)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "render":
            target = node.func.value
            if isinstance(target, cst.Name):
                bindings = self.context.names.lookup(target.value, self.context.scope_chain)
                if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
                    return None
                target = bindings[0].payload  # type: ignore[assignment]
            if isinstance(target, cst.Call) and self.context.qualified_name(target.func) in _GET_TEMPLATE:
                return _argument(target, 0, "template_name"), _argument(node, 0, "context")
        return None

    def _context_entries(self, expr: cst.BaseExpression) -> dict[str, cst.BaseExpression]:
        """The literal keys of a context: a dict display, `dict(k=v)`, or a local bound once to one and
        filled with `ctx["k"] = v` in the function (a key set twice, or before a `**` spread, is dropped)."""
        if isinstance(expr, cst.Name):
            bindings = self.context.names.lookup(expr.value, self.context.scope_chain)
            if not bindings or len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
                return {}
            entries = _display_entries(bindings[0].payload)  # type: ignore[arg-type]
            if entries is None:
                return {}
            function = self.context.current_function
            if function is not None:
                stores = _Stores(expr.value, function)
                function.visit(stores)
                if stores.opaque:
                    return {}
                for key, values in stores.found.items():
                    if key in entries or len(values) != 1:
                        entries.pop(key, None)
                        entries[key] = None  # type: ignore[assignment]
                    else:
                        entries[key] = values[0]
            return {k: v for k, v in entries.items() if v is not None}
        return _display_entries(expr) or {}

    # -- class-based views ---------------------------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if not node.bases:
            return
        qualified = [self.context.qualified_name(base.value) for base in node.bases]
        if any(q is None or not q.startswith(_VIEW_PREFIXES) for q in qualified) or not self._applies():
            return
        attributes, statements, methods = _class_body(node)
        if "get_template_names" in methods or "render_to_response" in methods:
            return
        chain = self.context.scope_chain
        resolver = Resolver(self.context, self.index)
        roots: dict[str, Rows] = {}
        template = _string(attributes.get("template_name"))
        is_list = any(q in _LIST_VIEWS for q in qualified)
        if is_list:
            loaded = _with_chain(self.context, chain, lambda: resolver.class_queryset(node))
            if loaded is not None:
                roots["object_list"] = Rows(loaded, "object_list")
                name = _string(attributes.get("context_object_name")) if "context_object_name" in attributes \
                    else f"{loaded.model.name.lower()}_list"
                if name:
                    roots[name] = Rows(loaded, name)
                paginated = attributes.get("paginate_by")
                if paginated is not None and not (isinstance(paginated, cst.Name) and paginated.value == "None"):
                    roots["page_obj"] = Rows(loaded, "page_obj", page=True)
                if template is None and "template_name" not in attributes:
                    suffix = _string(attributes.get("template_name_suffix")) if "template_name_suffix" in attributes else "_list"
                    if suffix is not None:
                        template = f"{loaded.model.app_label}/{loaded.model.name.lower()}{suffix}.html"
        if template is None:
            return
        method = methods.get("get_context_data")
        if method is not None:
            inner = (method, *chain)
            additions = _context_additions(method)
            if additions is None:
                return
            for key, value in additions.items():
                if value is None:
                    roots.pop(key, None)
                    continue
                loaded = _with_chain(self.context, inner, lambda value=value: resolver.queryset(value))
                if loaded is None:
                    roots.pop(key, None)
                else:
                    roots[key] = Rows(loaded, key)
        if not roots:
            return
        self._check(statements.get("template_name", node.name), template, roots)

    # -- the template ----------------------------------------------------------------------------------

    def _check(self, node: cst.CSTNode, name: str, roots: dict[str, Rows]) -> None:
        roots = {k: v for k, v in roots.items() if v.loaded.instances and not v.loaded.single}
        if not roots:
            return
        project = self.context.project
        folders = project.model_roots()

        def load(template: str) -> Optional[tuple[str, str]]:
            found = project.template(template)
            if found is None:
                return None
            path, data = found
            shown = next((path.relative_to(root).as_posix() for root in folders if root in path.parents), str(path))
            return shown, data.decode("utf-8", "replace")

        tokens = compose(name, load)
        if tokens is None:
            return
        index = self.index
        for read in row_reads(tokens, roots, index, lambda model: _str_relations(index, model)):
            confidence = roots[read.var].loaded.confidence
            if not self.confident(confidence):
                continue
            self.report(node, _message(read, confidence))


def _message(read: Read, confidence: str) -> str:
    where = f"`{read.text}` ({read.file}:{read.line})"
    if read.kind == "forward":
        fix = f'prefetch_related("{read.lookup}")' if read.nested else f'select_related("{read.lookup}")'
        hops = read.hops or (read.lookup.rpartition("__")[2],)
        what = f"reads `{hops[0]}`" if len(hops) == 1 else \
            "reads " + ", then ".join(f"`{hop}`" for hop in hops) + f" ({len(hops)} queries)"
    elif read.kind == "key":
        fix = f'select_related("{read.lookup}")' if not read.nested else f'prefetch_related("{read.lookup}")'
        what = f"loads `{read.lookup.rpartition('__')[2]}` to read its key (read `.{read.column}` instead)"
    elif read.kind == "str":
        fix = f'prefetch_related("{read.lookup}")' if read.nested else f'select_related("{read.lookup}")'
        what = f"renders a {read.model} whose `__str__` reads `{read.lookup.rpartition('__')[2]}`"
    elif read.kind == "count":
        fix = f'annotate(n=Count(...)) or prefetch_related("{read.lookup}")'
        what = f"counts `{read.lookup.rpartition('__')[2]}`"
    else:
        fix = f'prefetch_related("{read.lookup}")'
        what = f"queries `{read.lookup.rpartition('__')[2]}`"
    message = f"{where} {what} once per row of `{read.var}`: add {fix} to the queryset"
    return message if confidence == HIGH else f"{message} (medium confidence)"


def _argument(call: cst.Call, position: int, keyword: str) -> Optional[cst.BaseExpression]:
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if any(a.star for a in call.args[: position + 1]):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return positional[position].value if position < len(positional) else None


def _string(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _template_names(expr: Optional[cst.BaseExpression]) -> list[str]:
    """A literal template name, or the first of a literal list (`select_template` order)."""
    if expr is None:
        return []
    single = _string(expr)
    if single is not None:
        return [single]
    if isinstance(expr, (cst.List, cst.Tuple)) and expr.elements:
        first = _string(expr.elements[0].value)
        return [first] if first is not None else []
    return []


def _display_entries(expr: cst.BaseExpression) -> Optional[dict[str, Optional[cst.BaseExpression]]]:
    entries: dict[str, Optional[cst.BaseExpression]] = {}
    if isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.StarredDictElement):
                entries.clear()  # a spread may replace any key before it
                continue
            key = _string(element.key)
            if key is not None:
                entries[key] = element.value
        return entries
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "dict":
        for arg in expr.args:
            if arg.star:
                entries.clear()
            elif arg.keyword is not None:
                entries[arg.keyword.value] = arg.value
        return entries
    return None


class _Stores(cst.CSTVisitor):
    """`name["key"] = value` and `name.update(key=value / {...})` in a function."""

    def __init__(self, name: Optional[str], root: Optional[cst.CSTNode] = None) -> None:
        super().__init__()
        self.name = name
        self.root = root
        self.found: dict[str, list[Optional[cst.BaseExpression]]] = {}
        self.opaque = False  # an update whose keys are not known: it may replace any key

    def _matches(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Name) and (self.name is None or node.value == self.name)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            subscript = target.target
            if isinstance(subscript, cst.Subscript) and self._matches(subscript.value) and len(subscript.slice) == 1:
                element = subscript.slice[0].slice
                key = _string(element.value) if isinstance(element, cst.Index) else None
                if key is not None:
                    self.found.setdefault(key, []).append(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "update" and self._matches(func.value):
            for arg in node.args:
                entries = _display_entries(arg.value) if arg.keyword is None and not arg.star else None
                if arg.star or (arg.keyword is None and entries is None):
                    self.opaque = True
                if arg.keyword is not None:
                    self.found.setdefault(arg.keyword.value, []).append(arg.value)
                elif entries:
                    for key, value in entries.items():
                        self.found.setdefault(key, []).append(value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node is self.root

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _context_additions(method: cst.FunctionDef) -> Optional[dict[str, Optional[cst.BaseExpression]]]:
    """What a view's `get_context_data` puts in the context: `ctx["k"] = v`, `ctx.update(...)` on any
    local, `super().get_context_data(k=v, ...)` keywords and a returned dict display (None for a key set
    more than once: unknown); None when an `update(...)` of unknown keys may replace any of them."""
    stores = _Stores(None)
    method.body.visit(stores)
    if stores.opaque:
        return None
    found = stores.found

    class Extra(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "get_context_data":
                for arg in node.args:
                    if arg.keyword is not None:
                        found.setdefault(arg.keyword.value, []).append(arg.value)

        def visit_Return(self, node: cst.Return) -> None:
            entries = _display_entries(node.value) if node.value is not None else None
            for key, value in (entries or {}).items():
                found.setdefault(key, []).append(value)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    method.body.visit(Extra())
    return {key: values[0] if len(values) == 1 else None for key, values in found.items()}


def _class_body(node: cst.ClassDef) -> tuple[dict[str, cst.BaseExpression], dict[str, cst.CSTNode], dict[str, cst.FunctionDef]]:
    attributes: dict[str, cst.BaseExpression] = {}
    statements: dict[str, cst.CSTNode] = {}
    methods: dict[str, cst.FunctionDef] = {}
    for stmt in node.body.body:
        if isinstance(stmt, cst.FunctionDef):
            methods[stmt.name.value] = stmt
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                    attributes[small.targets[0].target.value] = small.value
                    statements[small.targets[0].target.value] = small
    return attributes, statements, methods
