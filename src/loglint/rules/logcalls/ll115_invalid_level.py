from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Kind, Rule
from loglint.rules.logcalls.ll116_magic_level_number import (
    KNOWN_LEVEL_NAMES,
    STANDARD_LEVELS,
    level_argument,
    logging_constant,
)
from loglint.semantics.loggers import string_value


class InvalidLevel(Rule):
    """## What it does
    Flags a string level that logging does not know, including the wrong case
    (`logger.setLevel("info")`, `logging.basicConfig(level="VERBOSE")`, `handler.setLevel("Debug")`), and
    any string passed to `.log()`, which only takes an int: `logger.log("ERROR", ...)`.

    ## Why is this bad?
    Level names are case-sensitive: `setLevel("info")` raises `ValueError: Unknown level: 'info'`, usually
    at startup. `logger.log("ERROR", ...)` raises `TypeError: level must be an integer` on the line that
    meant to report a problem.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.setLevel("info")
    logger.log("ERROR", "disk full")
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.setLevel("INFO")
    logger.log(logging.ERROR, "disk full")
    ```

    ## Fix safety
    Safe. A wrong-case name is upper-cased when that makes it a level name; a string passed to `.log()`
    becomes the constant (`logging.ERROR`), adding `import logging` when needed. Names that are not
    levels in any case are reported without a fix.

    ## Known limitations
    Level names come from the running Python's `logging`. In a file that calls `addLevelName`, unknown
    names are not reported (the file may register them); a custom level registered in another module is
    not seen, so `setLevel("TRACE")` is reported there.
    Handlers are recognised when built from a stdlib handler class in the same function or inline.
    """

    code = "LL115"
    candidates = frozenset({LOG})
    name = "invalid-level"
    message = "invalid logging level"
    fix_title = "Use a valid level"
    fix_availability = FixAvailability.SAFE
    kind = Kind.ERROR

    def __init__(self, context) -> None:
        super().__init__(context)
        self._registers_levels: Optional[bool] = None

    def visit_Call(self, node: cst.Call) -> None:
        found = level_argument(self.context, node)
        if found is None:
            return
        expr, takes = found
        text = string_value(expr)
        if text is None:
            return
        upper = text.upper()
        if takes == "int":
            self._string_for_int(node, expr, text, upper)
        elif text not in KNOWN_LEVEL_NAMES:
            self._unknown_name(node, expr, text, upper)

    def _string_for_int(self, node: cst.Call, expr: cst.BaseExpression, text: str, upper: str) -> None:
        message = f"string level {text!r} where logging needs an int"
        level = KNOWN_LEVEL_NAMES.get(upper)
        spelled = logging_constant(self.context, STANDARD_LEVELS[level]) if level is not None else None
        if spelled is None:
            self.report(node, message)
            return
        new, imports = spelled
        title = f"Use `logging.{STANDARD_LEVELS[level]}`"  # type: ignore[index]
        self.report(node, message, fix=self.make_fix([(expr, new)], safe=True, imports=imports, title=title))

    def _unknown_name(self, node: cst.Call, expr: cst.BaseExpression, text: str, upper: str) -> None:
        message = f"unknown level name {text!r}"
        if upper not in KNOWN_LEVEL_NAMES:
            if self._file_registers_levels():
                return
            self.report(node, message)
            return
        if isinstance(expr, cst.SimpleString):
            new = cst.SimpleString(f"{expr.prefix}{expr.quote}{upper}{expr.quote}")
        else:
            new = cst.SimpleString(f'"{upper}"')
        self.report(node, message, fix=self.make_fix([(expr, new)], safe=True, title=f"Use {upper!r}"))

    def _file_registers_levels(self) -> bool:
        if self._registers_levels is None:
            self._registers_levels = _mentions(self.context, "addLevelName")
        return self._registers_levels


def _mentions(context, word: str) -> bool:
    """A text test on the file's bytes (the tree's code only when the engine was not given them)."""
    source = context.source
    return word.encode() in source if source is not None else word in context.module.code
