from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import libcst as cst

from loglint.prefilter import LOG
from loglint.config import DEFAULT_SENSITIVE_NAMES
from loglint.rule import Rule
from loglint.semantics.loggers import string_value
from loglint.semantics.names import dotted_name

# Django/DRF request attributes that hold a whole request payload (form fields, body, headers, cookies).
REQUEST_PAYLOADS = frozenset({"POST", "body", "data", "headers", "META", "COOKIES"})
# Words that may follow the secret's name and still name the secret itself: `secret_key`, `token_value`,
# `authorization_header`, `password1`. Anything else names something about it: `password_hash`,
# `token_count`, `csrf_token_name`, `password_reset_url`.
VALUE_SUFFIXES = frozenset(
    {"key", "value", "val", "str", "string", "text", "plain", "plaintext", "raw", "bytes", "b64", "base64",
     "hex", "header", "encoded"}
)
# First words of names that hold a flag or a count about the secret: `has_password`, `num_tokens`.
FLAG_PREFIXES = frozenset(
    {"is", "has", "have", "had", "use", "uses", "using", "need", "needs", "require", "requires", "required",
     "should", "can", "must", "no", "num", "n", "len", "count", "max", "min", "total", "allow", "enable",
     "enabled", "disable", "disabled", "show", "with", "without", "check", "missing", "empty"}
)
# Words right before `token` that make it something else than a credential: pagination and parser
# tokens, semaphore tokens, idempotency tokens (`next_token`, `starting_token`, `lexer_token`, `client_token`).
NON_CREDENTIAL_TOKENS = frozenset(
    {"next", "start", "starting", "continuation", "page", "pagination", "paging", "cursor", "sync", "resume",
     "marker", "acquire", "cancel", "cancellation", "lexer", "parser", "parse", "eof", "end", "last", "first",
     "prev", "previous", "current", "client", "idempotency"}
)
# Builtins whose result is the text (or the same data) of their first argument.
_TEXT_BUILTINS = frozenset({"str", "repr", "format", "ascii", "dict", "list", "tuple"})
_TEXT_FUNCTIONS = frozenset({"json.dumps", "pprint.pformat", "pprint.saferepr"})
# Methods whose result still holds the value they are called on.
_SAME_VALUE_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "lower", "upper", "decode", "encode", "hex", "dict", "items", "copy",
     "values", "lists", "urlencode"}
)
# Methods that read one key: `data.get("password")`.
_KEY_METHODS = frozenset({"get", "pop", "getlist", "setdefault"})
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# Keywords of a log call that are not logged.
_NOT_LOGGED = frozenset({"exc_info", "stack_info", "stacklevel"})


def words(identifier: str) -> tuple[str, ...]:
    """`user_password` -> (user, password); `passwordHash` -> (password, hash); `X-Api-Key` -> (x, api,
    key); `password1` -> (password, 1)."""
    return tuple(word.lower() for word in _WORD.findall(identifier))


@lru_cache(maxsize=4096)
def sensitive_match(identifier: str, names: tuple[str, ...]) -> bool:
    """Whether `identifier` names a secret: one of `names` (as whole words, snake_case or camelCase)
    ends it, followed at most by value suffixes and digits, and it does not start with a flag or count
    word."""
    found = words(identifier)
    if not found or (len(found) > 1 and found[0] in FLAG_PREFIXES):
        return False
    for name in names:
        target = words(name)
        if not target:
            continue
        joined = "".join(target)
        for start in range(len(found)):
            if found[start : start + len(target)] == target:
                end = start + len(target)
            elif len(target) > 1 and found[start] == joined:
                end = start + 1
            else:
                continue
            if target[-1] == "token" and start > 0 and found[start - 1] in NON_CREDENTIAL_TOKENS:
                continue
            if all(word in VALUE_SUFFIXES or word.isdigit() for word in found[end:]):
                return True
    return False


class SensitiveDataLogged(Rule):
    """## What it does
    Checks for log calls that log a value whose name or key says it is a secret (`password`, `token`,
    `api_key`, `authorization`, `cookie`, `ssn`, ...: `logging.sensitive-names`), or a whole request
    payload (`request.POST`, `request.body`, `request.data`, `request.headers`, `request.META`,
    `request.COOKIES`), in the message, the arguments or `extra` (CWE-532).

    ## Why is this bad?
    Logs are copied to aggregators, Sentry, backups and laptops, kept for months and read by many people:
    a password or token written there is leaked. Request payloads carry passwords, tokens, session
    cookies and personal data.

    How names are matched: the sensitive name must be whole words at the end of the identifier
    (snake_case and camelCase are split into words): `password`, `user_password`, `newPassword`,
    `access_token`, `SECRET_KEY`, `password1` and `HTTP_AUTHORIZATION` match; `password_hash`,
    `token_count`, `max_tokens`, `csrf_token_name`, `password_reset_url`, `has_password`, `tokens` do
    not (they name something about the secret, a flag, a count, or a list), and neither do the tokens
    that are not credentials: `next_token`, `starting_token`, `page_token`, `lexer_token`,
    `client_token`. Only values are looked at: identifiers, attribute names, dictionary and subscript
    keys, `.get("key")`; the text of the message (`"password changed for %s"`) is fine.

    Not reported when the value goes through a function (`len(password)`, `mask(token)`, a configured
    sanitizer), a comparison (`token is None`, `bool(...)`) or a slice (`token[:4]`). Text conversions
    are followed: `str()`, `repr()`, `format()`, `dict()`, `json.dumps()`, `pprint.pformat()`, f-strings,
    `%`, `+`, and methods such as `.strip()`, `.decode()`, `.dict()`.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def login(username, password):
        logger.info("login attempt %s / %s", username, password)
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)


    def login(username, password):
        logger.info("login attempt %s", username)
    ```

    ## Options
    - `logging.sensitive-names` (replaces the defaults) / `logging.extend-sensitive-names` (adds to them)
    - `logging.sanitizers`: dotted names of functions whose result is safe to log; their arguments are
      never looked into, even when they share a name with a text conversion

    ## Known limitations
    A value whose name does not say what it holds (`value`, `args`) is not recognised, and neither is a
    secret passed through a function that is not a text conversion. A variable named just `token` is
    reported even when it is a parser's token (drop `token` with `logging.sensitive-names` in such a
    project). `request.data` is assumed to be a Django/DRF request whenever the object is named
    `request`.
    """

    code = "LL118"
    candidates = frozenset({LOG})
    name = "sensitive-data-logged"
    message = "sensitive data is logged"

    def __init__(self, context) -> None:
        super().__init__(context)
        config = context.config
        self.names = tuple(config.logging.sensitive_names) if config is not None else DEFAULT_SENSITIVE_NAMES
        self.sanitizers = frozenset(config.logging.sanitizers) if config is not None else frozenset()

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is None:
            return
        values: list[cst.BaseExpression] = []
        if call.msg is not None:
            values.append(call.msg.value)
        values += [arg.value for arg in call.args]
        values += [arg.value for key, arg in call.keywords.items() if key not in _NOT_LOGGED and key != "msg"]
        for value in values:
            found = self._find(value)
            if found is not None:
                self.report(node, found)
                return

    def _find(self, expr: cst.BaseExpression) -> Optional[str]:
        """The message for the first sensitive value logged by `expr`, following text conversions."""
        stack: list[cst.BaseExpression] = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Name):
                if self._sensitive(node.value):
                    return self._message(node.value)
            elif isinstance(node, cst.Attribute):
                payload = self._payload(node)
                if payload is not None:
                    return f"the whole request payload `{payload}` is logged"
                if self._sensitive(node.attr.value):
                    return self._message(node.attr.value)
            elif isinstance(node, cst.Subscript):
                key = _single_key(node)
                if key is not None and self._sensitive(key):
                    return self._message(key)
            elif isinstance(node, cst.FormattedString):
                stack.extend(
                    part.expression for part in node.parts if isinstance(part, cst.FormattedStringExpression)
                )
            elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
                stack.extend([node.left, node.right])
            elif isinstance(node, (cst.Tuple, cst.List, cst.Set)):
                stack.extend(e.value for e in node.elements)
            elif isinstance(node, cst.Dict):
                for element in node.elements:
                    if isinstance(element, cst.DictElement):
                        key = string_value(element.key)
                        if key is not None and self._sensitive(key) and not _is_literal(element.value):
                            return self._message(key)
                    stack.append(element.value)
            elif isinstance(node, cst.IfExp):
                stack.extend([node.body, node.orelse])
            elif isinstance(node, cst.BooleanOperation):
                stack.extend([node.left, node.right])
            elif isinstance(node, cst.Call):
                found = self._call(node, stack)
                if found is not None:
                    return found
        return None

    def _call(self, node: cst.Call, stack: list[cst.BaseExpression]) -> Optional[str]:
        func = node.func
        if self._is_sanitizer(func):
            return None
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _KEY_METHODS and node.args:
                key = string_value(node.args[0].value)
                if key is not None and self._sensitive(key):
                    return self._message(key)
                return None
            if method in _SAME_VALUE_METHODS:
                stack.append(func.value)
                return None
            if method in ("format", "join") and isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString)):
                return self._arguments(node, stack)
        if self._is_text_conversion(func):
            return self._arguments(node, stack)
        return None

    def _arguments(self, node: cst.Call, stack: list[cst.BaseExpression]) -> Optional[str]:
        """Follow the arguments of a text conversion; a keyword name is a key (`dict(password=pw)`)."""
        for arg in node.args:
            if arg.keyword is not None and self._sensitive(arg.keyword.value) and not _is_literal(arg.value):
                return self._message(arg.keyword.value)
            stack.append(arg.value)
        return None

    def _is_text_conversion(self, func: cst.BaseExpression) -> bool:
        if isinstance(func, cst.Name) and func.value in _TEXT_BUILTINS:
            return self.context.names.lookup(func.value, self.context.scope_chain) is None
        return self.context.qualified_name(func) in _TEXT_FUNCTIONS

    def _is_sanitizer(self, func: cst.BaseExpression) -> bool:
        if not self.sanitizers:
            return False
        return (self.context.qualified_name(func) or dotted_name(func)) in self.sanitizers

    def _payload(self, node: cst.Attribute) -> Optional[str]:
        """`request.POST`, `self.request.data`: a whole request payload."""
        if node.attr.value not in REQUEST_PAYLOADS:
            return None
        base = node.value
        if (isinstance(base, cst.Name) and base.value == "request") or (
            isinstance(base, cst.Attribute) and base.attr.value == "request"
        ):
            return dotted_name(node) or f"request.{node.attr.value}"
        return None

    def _sensitive(self, identifier: str) -> bool:
        return sensitive_match(identifier, self.names)

    @staticmethod
    def _message(name: str) -> str:
        return f"`{name}` looks like a secret and is logged"


def _single_key(node: cst.Subscript) -> Optional[str]:
    """`"password"` for `data["password"]`."""
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    return string_value(index.value)


def _is_literal(expr: cst.BaseExpression) -> bool:
    """A value written in the code (`"***"`, `None`, `True`): not a secret being leaked."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)):
        return True
    return isinstance(expr, cst.Name) and expr.value in ("None", "True", "False")
