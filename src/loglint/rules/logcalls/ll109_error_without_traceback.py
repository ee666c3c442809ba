from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.rule import FixAvailability, Rule
from loglint.semantics.handlers import current_handler_facts, shows_exception
from loglint.semantics.loggers import LogCall


class ErrorWithoutTraceback(Rule):
    """## What it does
    Checks for `.error(...)` calls in an `except` body that log no traceback.

    ## Why is this bad?
    The handler knows which exception happened and where, and the record throws that away: the log (and
    Sentry, which groups on the traceback) shows the message, at best `str(exc)`, and nothing says which
    line failed. `.exception()` logs the same message at the same level with the traceback.

    Reported in broad handlers (`except:`, `except Exception`), where the failure is unknown and the
    traceback is the only clue, and in any handler when the message formats the exception itself
    (`"failed: %s", exc`, `str(exc)`, `f"{exc}"`): the author wanted the error and got only its text.
    A specific exception described in words (`except OSError: logger.error("could not delete %s",
    path)`) is a deliberate, terse message and is left alone.

    Not reported either when the handler raises (the exception goes on, and whoever handles it logs it)
    or exits (`sys.exit()`: a command reporting a failure to its user), when it already logs with
    `.exception()` or `exc_info`, when it only catches expected exceptions (`levels.expected-exceptions`:
    `*.DoesNotExist`, `KeyError`, `ValidationError`, ...), and when the call passes `exc_info` itself
    (even `exc_info=False`: a deliberate choice).

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception as exc:
            logger.error("sync failed: %s", exc)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def sync(client):
        try:
            client.push()
        except Exception:
            logger.exception("sync failed")
    ```

    ## Fix safety
    The fix renames `.error(` to `.exception(` and keeps the arguments: same level, same message, plus
    the traceback. It is safe. It is offered only when the message does not show the exception: with
    `"sync failed: %s", exc` the renamed call would print the exception twice (LL111), and whether to
    drop it from the message is the author's choice, so that call is reported without a fix.

    ## Options
    - `levels.expected-exceptions`

    ## Known limitations
    A handler that raises on some path only is treated as one that raises. A specific exception
    described in words is never reported, even where its traceback would have helped.
    """

    code = "LL109"
    candidates = frozenset({LOG})
    name = "error-without-traceback"
    message = "`.error()` in an `except` body drops the traceback"
    fix_title = "Use `.exception()`"
    fix_availability = FixAvailability.SAFE

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.current_handler is None:
            return
        call = self.context.log_call(node)
        if call is None or call.method != "error" or "exc_info" in call.keywords or call.has_unpacking:
            return
        facts = current_handler_facts(self.context)
        if facts is None or facts.raises or facts.exits or facts.logs_with_traceback:
            return
        if facts.catches_only_expected(self.context):
            return
        formats_exception = self._formats_exception(call, facts.name)
        if not facts.is_broad and not formats_exception:
            return  # a specific exception described in words: deliberately terse
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        if formats_exception:
            # `.exception("failed: %s", exc)` would print the exception twice (LL111): which of the
            # two the author wants gone is theirs to say
            self.report(node)
            return
        new = func.attr.with_changes(value="exception")
        self.report(node, fix=self.make_fix([(func.attr, new)], safe=True))

    def _formats_exception(self, call: LogCall, name: Optional[str]) -> bool:
        if name is None:
            return False
        values = [arg.value for arg in call.args] + ([call.msg.value] if call.msg is not None else [])
        return any(shows_exception(self.context, value, name) for value in values)
