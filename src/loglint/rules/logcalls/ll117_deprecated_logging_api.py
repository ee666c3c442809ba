from __future__ import annotations

from functools import cached_property

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Rule
from loglint.rules.logcalls.ll116_magic_level_number import logging_constant
from loglint.semantics.names import BindingKind

# old name -> (replacement, message)
_METHODS = {
    "warn": ("warning", "deprecated `warn()` call"),
    "fatal": ("critical", "obsolete `fatal()` alias"),
}
_CONSTANTS = {
    "logging.WARN": ("WARNING", "undocumented `logging.WARN` constant"),
    "logging.FATAL": ("CRITICAL", "undocumented `logging.FATAL` constant"),
}
_CONSTANT_ATTRS = frozenset(name.rpartition(".")[2] for name in _CONSTANTS)
_FUNCTIONS = frozenset(f"logging.{old}" for old in _METHODS)


class DeprecatedLoggingApi(Rule):
    """## What it does
    Flags the deprecated and undocumented aliases of the logging API: `.warn()` on a logger or on the
    `logging` module, `.fatal()`, and the constants `logging.WARN` and `logging.FATAL`.

    ## Why is this bad?
    `Logger.warn()` has been deprecated since Python 3.3 and emits a `DeprecationWarning`; `fatal()`,
    `WARN` and `FATAL` are undocumented aliases kept for old code. Readers and tools know `warning()`,
    `critical()`, `WARNING` and `CRITICAL`.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.warn("disk almost full")
    logger.setLevel(logging.WARN)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.warning("disk almost full")
    logger.setLevel(logging.WARNING)
    ```

    ## Fix safety
    Safe: the aliases are the same functions and values.

    ## Known limitations
    Only loggers loglint can resolve are checked: `warnings.warn()`, `self.warn()` on an unknown object,
    `distutils.log.warn()` are left alone. A reference to `logger.warn` that is not called is not
    reported. After fixing a name imported with `from logging import WARN`, the import is left in place
    (unused when nothing else reads it).
    """

    code = "LL117"
    candidates = frozenset({LOG})
    name = "deprecated-logging-api"
    message = "deprecated logging API"
    fix_title = "Use the documented name"
    fix_availability = FixAvailability.SAFE

    def __init__(self, context) -> None:
        super().__init__(context)
        self._in_import = 0
        self._not_references: set[int] = set()  # ids of Name nodes that are attribute or keyword names

    @cached_property
    def _constant_aliases(self) -> frozenset[str]:
        """Local names any scope binds by `from logging import WARN` (as anything): the only bare names
        worth resolving."""
        return frozenset(
            name
            for scope in self.context.names.scopes.values()
            for name, bindings in scope.bindings.items()
            if any(b.kind is BindingKind.IMPORT and b.payload in _CONSTANTS for b in bindings)
        )

    def visit_Import(self, node: cst.Import) -> None:
        self._in_import += 1

    def leave_Import(self, original_node: cst.Import) -> None:
        self._in_import -= 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._in_import += 1

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self._in_import -= 1

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None and node.keyword.value in self._constant_aliases:
            self._not_references.add(id(node.keyword))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            call = self.context.log_call(node)
            if call is None or call.method not in _METHODS:
                return
            new_name, message = _METHODS[call.method]
            fix = self.make_fix([(func.attr, cst.Name(new_name))], safe=True, title=f"Use `{new_name}()`")
            self.report(node, message, fix=fix)
        elif isinstance(func, cst.Name):
            # `from logging import warn`
            qualified = self.context.qualified_name(func) or ""
            if qualified not in _FUNCTIONS:
                return
            new_name, message = _METHODS[qualified[len("logging.") :]]
            self._report_with(node, func, new_name, message, f"Use `{new_name}()`")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in self._constant_aliases:
            self._not_references.add(id(node.attr))
        if self._in_import or node.attr.value not in _CONSTANT_ATTRS:
            return
        found = _CONSTANTS.get(self.context.qualified_name(node) or "")
        if found is None:
            return
        new_name, message = found
        fix = self.make_fix([(node.attr, cst.Name(new_name))], safe=True, title=f"Use `{new_name}`")
        self.report(node, message, fix=fix)

    def visit_Name(self, node: cst.Name) -> None:
        if self._in_import or node.value not in self._constant_aliases or id(node) in self._not_references:
            return
        # `from logging import WARN`
        found = _CONSTANTS.get(self.context.qualified_name(node) or "")
        if found is None:
            return
        new_name, message = found
        self._report_with(node, node, new_name, message, f"Use `{new_name}`")

    def _report_with(self, node: cst.CSTNode, old: cst.CSTNode, new_name: str, message: str, title: str) -> None:
        spelled = logging_constant(self.context, new_name)
        if spelled is None:
            self.report(node, message)
            return
        new, imports = spelled
        self.report(node, message, fix=self.make_fix([(old, new)], safe=True, imports=imports, title=title))
