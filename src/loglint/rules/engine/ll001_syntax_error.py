from loglint.rule import Kind, Rule


class SyntaxErrorRule(Rule):
    """## What it does
    Reports a file that cannot be decoded or parsed, at the line and column CPython gives, with CPython's
    message. The rest of the run goes on.

    ## Why is this bad?
    A file Python cannot parse fails at import time, and no other rule can check it.

    ## Example
    ```python
    logger.info("unclosed"
    ```

    ## Use instead
    ```python
    logger.info("closed")
    ```

    ## Known limitations
    Not suppressible by `# noqa`. Files that LibCST parses differently from CPython (it drops a few
    characters in rare shapes) are checked without fixes, and the reason is reported in `--verbose`.
    """

    code = "LL001"
    candidates = frozenset()  # produced outside the traversal
    name = "syntax-error"
    message = "syntax error"
    kind = Kind.ERROR
