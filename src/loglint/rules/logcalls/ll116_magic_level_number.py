from __future__ import annotations

import logging
import logging.handlers
from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, ImportSpec, Rule
from loglint.semantics.names import BindingKind

# The running stdlib's own tables: `logging.ERROR` is 40 because logging says so, not because we typed it.
STANDARD_LEVELS: dict[int, str] = dict(logging._levelToName)  # noqa: SLF001 - the canonical name per value
KNOWN_LEVEL_NAMES: dict[str, int] = dict(logging._nameToLevel)  # noqa: SLF001 - every name setLevel accepts

STDLIB_HANDLER_CLASSES = frozenset(
    f"{module.__name__}.{name}"
    for module in (logging, logging.handlers)
    for name, value in vars(module).items()
    if isinstance(value, type) and issubclass(value, logging.Handler)
)


def logging_module_alias(context) -> Optional[str]:
    """A name bound to the `logging` module where the traversal is (`logging`, `lg`, ...), or None."""
    if context.qualified_name(cst.Name("logging")) == "logging":
        return "logging"
    for node in context.scope_chain:
        scope = context.names.scopes.get(node)
        if scope is None:
            continue
        for name in scope.bindings:
            if context.qualified_name(cst.Name(name)) == "logging":
                return name
    return None


def logging_constant(context, name: str) -> Optional[tuple[cst.BaseExpression, tuple[ImportSpec, ...]]]:
    """An expression meaning `logging.<name>` at the current node, and the import it needs; None when
    the file offers no clean way to spell it (`logging` bound to something else)."""
    if context.qualified_name(cst.Name(name)) == f"logging.{name}":
        return cst.Name(name), ()
    alias = logging_module_alias(context)
    if alias is not None:
        return cst.Attribute(cst.Name(alias), cst.Name(name)), ()
    if context.loggers.name_is_free("logging"):
        return cst.Attribute(cst.Name("logging"), cst.Name(name)), (ImportSpec("logging"),)
    return None


def is_handler(context, expr: cst.BaseExpression) -> bool:
    """`logging.StreamHandler(...)` (any stdlib handler class) inline, or a name bound only to one."""
    if isinstance(expr, cst.Call):
        return context.qualified_name(expr.func) in STDLIB_HANDLER_CLASSES
    if not isinstance(expr, cst.Name):
        return False
    bindings = context.names.lookup(expr.value, context.scope_chain)
    if not bindings:
        return False
    for binding in bindings:
        value = binding.payload
        if binding.kind is not BindingKind.VALUE or not isinstance(value, cst.Call):
            return False
        if context.names.qualified_name(value.func, binding.scopes) not in STDLIB_HANDLER_CLASSES:
            return False
    return True


def level_argument(context, call: cst.Call) -> Optional[tuple[cst.BaseExpression, str]]:
    """The level expression of a level-taking logging call and what takes it: `<logger>.log(L, ...)`,
    `logging.log(L, ...)` ("int": only an int is accepted), `<logger or handler>.setLevel(L)`,
    `logging.basicConfig(level=L)`, `logging.disable(L)` ("level": an int or a level name)."""
    func = call.func
    positional = [arg for arg in call.args if not arg.star and arg.keyword is None]
    keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
    if isinstance(func, cst.Attribute) and func.attr.value in ("log", "setLevel"):
        if any(arg.star for arg in call.args):
            return None
        if func.attr.value == "log":
            if context.log_call(call) is None:
                return None
            arg = positional[0] if positional else keywords.get("level")
            return (arg.value, "int") if arg is not None else None
        if context.is_logger(func.value) or is_handler(context, func.value):
            arg = positional[0] if positional else keywords.get("level")
            return (arg.value, "level") if arg is not None else None
        return None
    qualified = context.qualified_name(func)
    if qualified == "logging.basicConfig":
        arg = keywords.get("level")
        return (arg.value, "level") if arg is not None else None
    if qualified == "logging.disable":
        # `Manager.disable` is a property that runs `_checkLevel`: names are accepted
        arg = positional[0] if positional else keywords.get("level")
        return (arg.value, "level") if arg is not None else None
    return None


class MagicLevelNumber(Rule):
    """## What it does
    Flags a standard level written as a number where logging takes a level: `logger.log(40, ...)`,
    `logger.setLevel(10)`, `handler.setLevel(30)`, `logging.basicConfig(level=20)`,
    `logging.disable(50)`.

    ## Why is this bad?
    `40` means nothing to a reader and cannot be searched for; `logging.ERROR` says what it is.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.setLevel(10)
    logger.log(40, "disk full")
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.setLevel(logging.DEBUG)
    logger.log(logging.ERROR, "disk full")
    ```

    ## Fix safety
    Safe: the constant has the same value. The fix uses the module's name for `logging` (`import logging
    as lg` gives `lg.ERROR`, `from logging import ERROR` gives `ERROR`) and adds `import logging` when the
    module has none.

    ## Known limitations
    Only standard levels are reported (0, 10, 20, 30, 40, 50); a number of a custom level (`25`) is left
    alone. Handlers are recognised when built from a stdlib handler class in the same function or inline.
    """

    code = "LL116"
    candidates = frozenset({LOG})
    name = "magic-level-number"
    message = "magic number used as a logging level"
    fix_title = "Use the named level constant"
    fix_availability = FixAvailability.SAFE

    def visit_Call(self, node: cst.Call) -> None:
        found = level_argument(self.context, node)
        if found is None or not isinstance(found[0], cst.Integer):
            return
        expr = found[0]
        try:
            value = int(expr.value, 0)
        except ValueError:
            return
        name = STANDARD_LEVELS.get(value)
        if name is None:
            return
        message = f"magic level number `{expr.value}`"
        spelled = logging_constant(self.context, name)
        if spelled is None:
            self.report(node, message)
            return
        new, imports = spelled
        fix = self.make_fix([(expr, new)], safe=True, imports=imports, title=f"Use `logging.{name}`")
        self.report(node, message, fix=fix)
