"""What kind of Django file this is, and where in it the traversal is: decided once, shared by the rules.

Stable API (LL1, LL2, and later the LOGGING, Sentry and N+1 rules import it):

- `file_kinds(context) -> FileKinds`: the kinds of the file being checked, computed once per file (cached
  per `FileContext`). Fields:
  - `relative_path`: the POSIX path the globs match (relative to `config.root` when under it);
  - `is_settings`: `settings.py`, a module of a `settings/` package, `settings_*.py`, `*_settings.py`;
  - `is_dev_settings`: a file matching the `dev-settings` globs;
  - `is_models` / `is_views` / `is_admin`: `models.py` / `views.py` / `admin.py`, or a module of a
    `models/` / `views/` / `admin/` package;
  - `is_migration`: under a `migrations/` folder;
  - `is_command_module`: under a `management/commands/` folder (the class test is
    `management_command_class`);
  - `is_management_module`: under a `management/` folder (commands and the code that runs them: Django's
    `ManagementUtility`, a project's command helpers);
  - `is_test`: under a `tests/` folder, `test_*.py`, `*_test.py`, `tests.py`, `conftest.py`;
  - `is_print_allowed`: a file matching the `print.allowed` globs (scripts, tests, docs);
  - `is_entry_script`: `manage.py`, `wsgi.py`, `asgi.py`, `__main__.py`, `setup.py`;
  - `has_main_block`: the module has an `if __name__ == "__main__":` block at its top level.
- `in_main_block(context, node=None) -> bool`: the node being visited (or `node`) is lexically under an
  `if __name__ == "__main__":` block (at any depth, functions defined there included).
- `management_command_class(context) -> Optional[cst.ClassDef]`: the innermost class around the node
  being visited that derives from Django's `BaseCommand` (`LabelCommand`, `AppCommand`), directly or
  through project classes: same-module bases through the name table, bases imported from other project
  modules through the project index. None outside any.
- `is_command_class(context, cls) -> bool`: the same test for one class of the file.
- `is_settings_file(relative_path) -> bool`: the `is_settings` test on a path alone.
- `is_main_guard(stmt)`, `has_main_guard(module)`, `is_entry_file(context)`, `is_script(context)`: the
  script tests of LL113/LL120 (`is_entry_file`: `__main__.py` or a `print.allowed` file; `is_script`:
  that, or a module with a `__main__` block).
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence

import libcst as cst

from loglint.config import DEFAULT_DEV_SETTINGS, DEFAULT_PRINT_ALLOWED, matches_any
from loglint.semantics.names import BindingKind, NameTable, ScopeNode

if TYPE_CHECKING:
    from loglint.engine import FileContext
    from loglint.project import ProjectIndex

COMMAND_BASES = frozenset(
    {
        "django.core.management.base.BaseCommand",
        "django.core.management.BaseCommand",
        "django.core.management.base.LabelCommand",
        "django.core.management.LabelCommand",
        "django.core.management.base.AppCommand",
        "django.core.management.AppCommand",
    }
)

ENTRY_SCRIPTS = frozenset({"manage.py", "wsgi.py", "asgi.py", "__main__.py", "setup.py"})

_MAX_DEPTH = 12


@dataclass(frozen=True)
class FileKinds:
    relative_path: str
    is_settings: bool
    is_dev_settings: bool
    is_models: bool
    is_views: bool
    is_admin: bool
    is_migration: bool
    is_command_module: bool
    is_management_module: bool
    is_test: bool
    is_print_allowed: bool
    is_entry_script: bool
    has_main_block: bool


class _FileState:
    def __init__(self) -> None:
        self.kinds: Optional[FileKinds] = None
        self.main_nodes: Optional[set[int]] = None
        self.commands: dict[int, bool] = {}


_STATES: "weakref.WeakKeyDictionary[FileContext, _FileState]" = weakref.WeakKeyDictionary()


def _state(context: "FileContext") -> _FileState:
    state = _STATES.get(context)
    if state is None:
        state = _STATES[context] = _FileState()
    return state


# -- file kinds ----------------------------------------------------------------------------------------


def relative_path(context: "FileContext") -> str:
    """The file's POSIX path relative to `config.root` when under it, else as given."""
    path = context.path.replace("\\", "/")
    config = context.config
    if config is None:
        return path
    if os.path.isabs(context.path):
        return config.relative(context.path)
    relative = config.relative(context.path)
    return path if relative.startswith("/") else relative


def file_kinds(context: "FileContext") -> FileKinds:
    """The kinds of the file being checked (see the module docstring), computed once per file."""
    state = _state(context)
    if state.kinds is None:
        state.kinds = _compute_kinds(context)
    return state.kinds


def _compute_kinds(context: "FileContext") -> FileKinds:
    rel = relative_path(context)
    parts = [part for part in rel.split("/") if part]
    filename = parts[-1] if parts else ""
    folders = parts[:-1]
    stem = filename[:-3] if filename.endswith(".py") else filename
    config = context.config
    dev_globs = config.dev_settings if config is not None else DEFAULT_DEV_SETTINGS
    allowed = config.print.allowed if config is not None else DEFAULT_PRINT_ALLOWED

    def module_or_package(name: str) -> bool:
        return stem == name or (bool(folders) and folders[-1] == name)

    commands = any(folders[i : i + 2] == ["management", "commands"] for i in range(len(folders) - 1))
    return FileKinds(
        relative_path=rel,
        is_settings=is_settings_file(rel),
        is_dev_settings=matches_any(dev_globs, rel),
        is_models=module_or_package("models"),
        is_views=module_or_package("views"),
        is_admin=module_or_package("admin"),
        is_migration="migrations" in folders,
        is_command_module=commands,
        is_management_module="management" in folders,
        is_test=(
            "tests" in folders
            or (stem.startswith("test_") and filename.endswith(".py"))
            or stem.endswith("_test")
            or filename in ("tests.py", "conftest.py")
        ),
        is_print_allowed=matches_any(allowed, rel),
        is_entry_script=filename in ENTRY_SCRIPTS,
        has_main_block=has_main_guard(context.module),
    )


def is_settings_file(relative: str) -> bool:
    """A settings module by its POSIX path: `settings.py`, a module of a `settings/` package,
    `settings_*.py`, `*_settings.py` (the project index uses it to find every settings module)."""
    parts = [part for part in relative.replace("\\", "/").split("/") if part]
    if not parts:
        return False
    filename, folders = parts[-1], parts[:-1]
    stem = filename[:-3] if filename.endswith(".py") else filename
    return (
        stem == "settings"
        or (bool(folders) and folders[-1] == "settings")
        or stem.startswith("settings_")
        or stem.endswith("_settings")
    )


# -- `if __name__ == "__main__":` ----------------------------------------------------------------------


def is_main_guard(stmt: cst.CSTNode) -> bool:
    """`if __name__ == "__main__":` (either operand order)."""
    if not isinstance(stmt, cst.If) or not isinstance(stmt.test, cst.Comparison):
        return False
    test = stmt.test
    if len(test.comparisons) != 1 or not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    sides = [test.left, test.comparisons[0].comparator]
    names = [s for s in sides if isinstance(s, cst.Name) and s.value == "__name__"]
    strings = [s for s in sides if isinstance(s, cst.SimpleString) and s.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def has_main_guard(module: cst.Module) -> bool:
    """The module has an `if __name__ == "__main__":` block at its top level."""
    return any(is_main_guard(stmt) for stmt in module.body)


def in_main_block(context: "FileContext", node: Optional[cst.CSTNode] = None) -> bool:
    """`node` (default: the statement being visited) lies in the body of an `if __name__ == "__main__":`
    block, at any depth (a function defined there included)."""
    state = _state(context)
    if state.main_nodes is None:
        source = context.source
        # no guard without its string: most files are decided without walking their tree
        state.main_nodes = _main_block_nodes(context.module) if source is None or b"__main__" in source else set()
    if not state.main_nodes:
        return False
    target = node if node is not None else context.current_statement
    return target is not None and id(target) in state.main_nodes


def _main_block_nodes(module: cst.Module) -> set[int]:
    """Ids of every node inside the bodies of the module's `__main__` guards (found in any block, at any
    depth; only statements are walked to find them: an `if` is never inside an expression)."""
    found: set[int] = set()
    stack: list[cst.CSTNode] = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.If) and is_main_guard(node):
            inner: list[cst.CSTNode] = [node.body]
            while inner:
                child = inner.pop()
                found.add(id(child))
                inner.extend(child.children)
            if node.orelse is not None:
                stack.append(node.orelse)
            continue
        stack.extend(_blocks_statements(node))
    return found


def _blocks_statements(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The statements directly in the blocks of a compound statement (or an `else`/`except`/`case`
    clause); nothing for a simple statement line."""
    if isinstance(node, cst.SimpleStatementLine):
        return []
    statements: list[cst.CSTNode] = []
    for child in node.children:
        if isinstance(child, cst.IndentedBlock):
            statements.extend(child.body)
        elif isinstance(child, (cst.BaseCompoundStatement, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler,
                                cst.Finally, cst.MatchCase, cst.If)):
            statements.append(child)
    return statements


def is_entry_file(context: "FileContext") -> bool:
    """`__main__.py`, or a file matching `print.allowed` (scripts, tests, docs: not application code)."""
    path = context.path.replace("\\", "/")
    if path.rpartition("/")[2] == "__main__.py":
        return True
    config = context.config
    allowed = config.print.allowed if config is not None else DEFAULT_PRINT_ALLOWED
    relative = config.relative(context.path) if config is not None else path
    return matches_any(allowed, relative)


def is_script(context: "FileContext") -> bool:
    """A module run as a program rather than imported by the application."""
    return is_entry_file(context) or has_main_guard(context.module)


# -- management commands -------------------------------------------------------------------------------


def management_command_class(context: "FileContext") -> Optional[cst.ClassDef]:
    """The innermost class around the node being visited that is a Django management command."""
    for node in context.scope_chain:
        if isinstance(node, cst.ClassDef) and is_command_class(context, node):
            return node
    return None


def is_command_class(context: "FileContext", cls: cst.ClassDef) -> bool:
    """`cls` (a class of this file) derives from Django's `BaseCommand`, directly or through project
    classes; computed once per class."""
    cache = _state(context).commands
    key = id(cls)
    if key not in cache:
        cache[key] = _derives_from_command(context.names, context.project, cls, 0)
    return cache[key]


def _derives_from_command(names: NameTable, project: Optional["ProjectIndex"], cls: cst.ClassDef, depth: int) -> bool:
    if depth > _MAX_DEPTH:
        return False
    if names.module_name and f"{names.module_name}.{cls.name.value}" in COMMAND_BASES:
        return True  # Django's own `base.py`
    chain = _chain_of(names, cls)
    for base in cls.bases:
        if base.keyword is not None or base.star:
            continue
        local = _local_class(names, base.value, chain)
        if local is not None:
            if local is not cls and _derives_from_command(names, project, local, depth + 1):
                return True
            continue
        qualified = names.qualified_name(base.value, chain)
        if qualified is None:
            continue
        if qualified in COMMAND_BASES:
            return True
        if project is not None and _project_class_is_command(project, qualified, depth + 1):
            return True
    return False


def _project_class_is_command(project: "ProjectIndex", qualified: str, depth: int) -> bool:
    """The class `qualified` of another project module derives from `BaseCommand`."""
    module, _, class_name = qualified.rpartition(".")
    if not module or depth > _MAX_DEPTH or qualified.startswith("django."):
        return False
    found = project.resolver_for(module)
    if found is None:
        return False
    names = found[0].names
    bindings = names.module_scope.bindings.get(class_name) or []
    if len(bindings) != 1:
        return False
    binding = bindings[0]
    if binding.kind is BindingKind.CLASS:
        return _derives_from_command(names, project, binding.payload, depth + 1)  # type: ignore[arg-type]
    if binding.kind is BindingKind.IMPORT:
        target = str(binding.payload)
        return target in COMMAND_BASES or _project_class_is_command(project, target, depth + 1)
    return False


def _chain_of(names: NameTable, node: ScopeNode) -> tuple[ScopeNode, ...]:
    chain: list[ScopeNode] = []
    scope = names.scopes[node].parent if node in names.scopes else None
    while scope is not None:
        chain.append(scope.node)
        scope = scope.parent
    return tuple(chain)


def _local_class(names: NameTable, expr: cst.BaseExpression, chain: Sequence[ScopeNode]) -> Optional[cst.ClassDef]:
    if not isinstance(expr, cst.Name):
        return None
    bindings = names.lookup(expr.value, chain)
    if bindings and len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS:
        return bindings[0].payload  # type: ignore[return-value]
    return None


__all__ = [
    "COMMAND_BASES",
    "ENTRY_SCRIPTS",
    "FileKinds",
    "file_kinds",
    "has_main_guard",
    "in_main_block",
    "is_command_class",
    "is_entry_file",
    "is_main_guard",
    "is_script",
    "is_settings_file",
    "management_command_class",
    "relative_path",
]
