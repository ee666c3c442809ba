from __future__ import annotations

import logging
from typing import Iterator, Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import Kind, Rule
from loglint.semantics.loggers import Adapter, string_value


def _reserved_keys() -> frozenset[str]:
    """What `Logger.makeRecord` refuses in `extra`: the keys of a fresh LogRecord's `__dict__`, plus
    "message" and "asctime" (set later by `Formatter.format`), read from the running stdlib."""
    record = logging.LogRecord("name", logging.INFO, "path", 1, "msg", None, None)
    return frozenset(record.__dict__) | {"message", "asctime"}


RESERVED_KEYS = _reserved_keys()


class ExtraKeyClash(Rule):
    """## What it does
    Flags `extra=` keys that are attributes of `LogRecord` (`message`, `asctime`, `msg`, `args`, `name`,
    `levelname`, `module`, `filename`, `lineno`, ...), in a log call or in a `LoggerAdapter`'s extra.

    ## Why is this bad?
    `Logger.makeRecord` raises `KeyError: "Attempt to overwrite 'name' in LogRecord"`: the log call
    itself crashes, usually on the error path it was meant to report.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user logged in", extra={"name": "alice"})
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user logged in", extra={"username": "alice"})
    ```

    ## Known limitations
    Only keys loglint can read are checked: a dict display or `dict(key=...)`, with string-literal keys.
    The reserved names are those of the running Python (`taskName` is reserved from Python 3.12 on).
    A call through a `LoggerAdapter` is not checked: the adapter's `process()` puts its own `extra` in
    place of the call's, so a clashing key there is dropped, not raised. An adapter seen made with
    `merge_extra=True` (Python 3.13+) passes the call's keys on and is checked; a logger that may be an
    adapter (imported from another module, a subclass with its own `process()`) is not.
    """

    code = "LL112"
    candidates = frozenset({LOG})
    name = "extra-key-clash"
    message = "`extra` key clashes with a LogRecord attribute"
    kind = Kind.ERROR

    def visit_Call(self, node: cst.Call) -> None:
        extra = self._extra(node)
        if extra is None:
            return
        clashes = sorted({key for key in self._literal_keys(extra) if key in RESERVED_KEYS})
        if len(clashes) == 1:
            self.report(node, f"`extra` key {clashes[0]!r} clashes with a LogRecord attribute")
        elif clashes:
            names = ", ".join(repr(key) for key in clashes)
            self.report(node, f"`extra` keys {names} clash with LogRecord attributes")

    def _extra(self, node: cst.Call) -> Optional[cst.BaseExpression]:
        call = self.context.log_call(node)
        if call is not None:
            if call.adapter not in (Adapter.NO, Adapter.MERGES_EXTRA):
                return None  # the adapter's process() drops the call's extra for its own
            return call.keyword("extra")
        if self.context.qualified_name(node.func) == "logging.LoggerAdapter":
            for index, arg in enumerate(node.args):
                if arg.star:
                    return None
                if (arg.keyword is None and index == 1) or (arg.keyword is not None and arg.keyword.value == "extra"):
                    return arg.value
        return None

    def _literal_keys(self, expr: cst.BaseExpression) -> Iterator[str]:
        """String keys of a dict display or of a call of the builtin `dict` (keywords, a display)."""
        if isinstance(expr, cst.Dict):
            for element in expr.elements:
                if isinstance(element, cst.DictElement):
                    key = string_value(element.key)
                    if key is not None:
                        yield key
        elif isinstance(expr, cst.Call) and self._is_builtin_dict(expr.func):
            for arg in expr.args:
                if arg.keyword is not None:
                    yield arg.keyword.value
                elif not arg.star:
                    yield from self._literal_keys(arg.value)

    def _is_builtin_dict(self, expr: cst.BaseExpression) -> bool:
        return (
            isinstance(expr, cst.Name)
            and expr.value == "dict"
            and self.context.names.lookup("dict", self.context.scope_chain) is None
        )
