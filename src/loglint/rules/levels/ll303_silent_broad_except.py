from __future__ import annotations

import re

import libcst as cst

from loglint.prefilter import BROAD_EXCEPT
from loglint.rule import Rule
from loglint.semantics.handlers import handler_facts, header_comments

# Another linter's suppression of the same finding (ruff's S110/S112/BLE001, flake8-blind-except,
# pylint's broad-except): the author already decided that this handler swallows on purpose.
_ACKNOWLEDGED = re.compile(
    r"\b(S110|S112|BLE001|W0703|W0718|try-except-pass|try-except-continue|blind-except|broad-except"
    r"|broad-exception-caught)\b"
)

_TEMPLATE_DECORATORS = frozenset({"filter", "simple_tag", "inclusion_tag", "tag"})
_LIBRARY = frozenset({"django.template.Library", "django.template.library.Library", "django.template.base.Library"})


class SilentBroadExcept(Rule):
    """## What it does
    Checks for broad `except` handlers (`except:`, `except Exception`, `except BaseException`, or a tuple
    holding one) whose body only `pass`es, `continue`s, is `...`, or returns a constant (`None`, `True`,
    `False`, a number, a string, an empty container).

    ## Why is this bad?
    Every failure of the `try` block, a `TypeError` from a typo or a lost database connection included,
    is thrown away without a trace: nothing is logged, nothing is raised, and the code goes on with
    whatever state the failure left behind. Catch the exceptions you expect, or log what happened
    (`logger.warning(..., exc_info=True)` keeps it visible without stopping the program).

    A body that does anything else is not reported: it returns a computed value, records the exception
    (`errors.append(exc)`), logs, raises, or calls anything. Specific handlers (`except ImportError:
    pass`) are a decision about one known failure and are not reported; neither is
    `contextlib.suppress(...)`. A comment explaining the handler does not silence the rule (ruff's S110
    reports it too): use `# noqa: LL303` for the deliberate cases. A handler that another linter's
    suppression already marks as deliberate, on the `except` line or just above it (`# noqa: S110`,
    `# noqa: BLE001`, `# ruff: ignore[try-except-pass]`, `# pylint: disable=broad-except`), is not
    reported either; `# noqa: E722` (bare `except:` style) does not count. Neither are handlers in
    Django template filters and tags (`@register.filter` on a `template.Library()`): Django asks them
    never to raise, and an empty result is the documented way to fail.

    Reported at the `except` clause.

    ## Example
    ```python
    def cleanup(path, storage):
        try:
            storage.delete(path)
        except Exception:
            pass
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def cleanup(path, storage):
        try:
            storage.delete(path)
        except Exception:
            logger.warning("could not delete %s", path, exc_info=True)
    ```

    ## Known limitations
    Test files are checked like application code (a bare `except: pass` in a test helper hides a broken
    fixture just as well); mark deliberate ones with `# noqa: LL303`.
    """

    code = "LL303"
    candidates = frozenset({BROAD_EXCEPT})
    name = "silent-broad-except"
    message = "broad `except` silently discards every exception"

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)

    def _check(self, node) -> None:
        facts = handler_facts(self.context, node)
        if not facts.is_broad or not facts.only_trivial:
            return
        if facts.logs or facts.raises or facts.exits or facts.uses_exception:
            return
        if any(_ACKNOWLEDGED.search(comment) for comment in header_comments(node)):
            return
        function = self.context.current_function
        if function is not None and self._is_template_filter(function):
            return
        self.report(node)

    def _is_template_filter(self, function: cst.FunctionDef) -> bool:
        """`@register.filter` / `@register.simple_tag` / `@register.inclusion_tag` / `@register.tag` (with
        or without arguments) on a `register = template.Library()` of the file."""
        for decorator in function.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call):
                expr = expr.func
            if not (
                isinstance(expr, cst.Attribute)
                and expr.attr.value in _TEMPLATE_DECORATORS
                and isinstance(expr.value, cst.Name)
            ):
                continue
            bindings = self.context.names.lookup(expr.value.value, self.context.scope_chain)
            if not bindings or len(bindings) != 1:
                continue
            value = bindings[0].payload
            if isinstance(value, cst.Call) and self.context.qualified_name(value.func) in _LIBRARY:
                return True
        return False
