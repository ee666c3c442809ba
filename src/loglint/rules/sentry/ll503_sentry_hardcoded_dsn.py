from __future__ import annotations

from typing import Optional

import libcst as cst

from loglint.prefilter import SENTRY
from loglint.rule import Rule
from loglint.semantics.django import file_kinds
from loglint.semantics.sentry import dsn_has_secret, dsn_problem, literal, mentions_dsn, sentry_init

SECRET_MESSAGE = "Sentry DSN literal carries its secret key (`key:secret@`): a leaked credential"


class SentryHardcodedDsn(Rule):
    """## What it does
    Checks for a Sentry DSN written as a string literal: the `dsn` of `sentry_sdk.init(...)`, a name
    containing `DSN` assigned a DSN (`SENTRY_DSN = "https://...@o1.ingest.sentry.io/1"`, also
    `os.environ["SENTRY_DSN"] = ...` and `os.environ.setdefault("SENTRY_DSN", ...)`), or a `"dsn"` key
    of a dict literal (`RAVEN_CONFIG`, `SENTRY_CONFIG`). A string counts as a DSN when sentry-sdk
    would parse it: `http(s)://<public key>@<host>/<project id>`.

    A legacy DSN carrying the secret key (`https://public:secret@host/1`) is reported as a leaked
    secret: with it, anyone who reads the code can send events as the project.

    ## Why is this bad?
    The DSN then ships with the code: every developer's machine, every CI run and every staging copy
    reports into the production project, mixing their errors with real ones and spending its quota.
    Read it from the environment, where each deployment sets its own (or none).

    Test modules are not checked (their DSNs are fakes). In development settings (`dev-settings` globs)
    the DSN is the development project's on purpose: only a DSN carrying a secret is reported there.

    ## Example
    ```python
    import sentry_sdk

    sentry_sdk.init(dsn="https://abc123@o1.ingest.sentry.io/42")
    ```

    ## Use instead
    ```python
    import os

    import sentry_sdk

    sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
    ```

    ## Known limitations
    A DSN used as the fallback of an environment read (`os.environ.get("SENTRY_DSN", "https://...")`)
    is not reported: values read from the environment are never judged.
    """

    code = "LL503"
    name = "sentry-hardcoded-dsn"
    candidates = frozenset({SENTRY})
    message = "Sentry DSN hardcoded in code: every environment reports into the same project"

    def visit_Call(self, node: cst.Call) -> None:
        if file_kinds(self.context).is_test:
            return
        init = sentry_init(self.context, node)
        if init is not None:
            option = init.get("dsn")  # also the positional DSN, which need not spell "dsn"
            if option is not None:
                self._check(option.node, option.value)
            return
        if not mentions_dsn(self.context):
            return
        # `os.environ.setdefault("SENTRY_DSN", "https://...")`: a write, the literal is in the code
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "setdefault"
            and self.context.qualified_name(func.value) == "os.environ"
            and len(node.args) == 2
            and not any(arg.keyword or arg.star for arg in node.args)
        ):
            key = literal(node.args[0].value)
            if isinstance(key, str) and "DSN" in key.upper():
                self._check(node.args[1], node.args[1].value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if mentions_dsn(self.context) and any(_dsn_name(target.target) for target in node.targets) and not file_kinds(self.context).is_test:
            self._check(node.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if mentions_dsn(self.context) and node.value is not None and _dsn_name(node.target) and not file_kinds(self.context).is_test:
            self._check(node.value, node.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not mentions_dsn(self.context):
            return
        key = literal(node.key)
        if isinstance(key, str) and key.lower() == "dsn" and not file_kinds(self.context).is_test:
            if not self._in_init_kwargs(node):
                self._check(node, node.value)

    def _in_init_kwargs(self, node: cst.DictElement) -> bool:
        """A `**{"dsn": ...}` of an init call is reported once, by `visit_Call`."""
        statement = self.context.current_statement
        return statement is not None and _init_option_elements(self, statement).__contains__(node)

    def _check(self, where: cst.CSTNode, value: cst.BaseExpression) -> None:
        text = literal(value)
        if not isinstance(text, str) or text == "" or dsn_problem(text) is not None:
            return
        if dsn_has_secret(text):
            self.report(where, SECRET_MESSAGE)
        elif not file_kinds(self.context).is_dev_settings:
            self.report(where)


def _dsn_name(target: cst.BaseExpression) -> bool:
    """`SENTRY_DSN`, `self.sentry_dsn`, `os.environ["SENTRY_DSN"]`, `CONFIG["dsn"]`: a name holding a DSN."""
    name: Optional[str] = None
    if isinstance(target, cst.Name):
        name = target.value
    elif isinstance(target, cst.Attribute):
        name = target.attr.value
    elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        key = literal(index.value) if isinstance(index, cst.Index) else None
        name = key if isinstance(key, str) else None
    return name is not None and "DSN" in name.upper()


def _init_option_elements(rule: Rule, statement: cst.CSTNode) -> set[cst.CSTNode]:
    found: set[cst.CSTNode] = set()
    stack: list[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if isinstance(node, cst.Call):
            init = sentry_init(rule.context, node)
            if init is not None:
                found.update(option.node for option in init.options)
    return found
