from loglint.rule import FixAvailability, Kind, Rule


class UnusedSuppression(Rule):
    """## What it does
    Reports a suppression comment (`# noqa: LL101`, `# loglint: ignore[LL101]`, a file-level
    `# loglint: noqa: LL4`) that names a loglint code which suppresses nothing on that line or file: the
    finding it was written for is gone, the rule is not enabled, or the code does not exist.

    ## Why is this bad?
    A stale suppression hides the next real problem on that line: when someone later writes an f-string
    into that log call, nothing is reported.

    ## Example
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user logged in")  # noqa: LL101
    ```

    ## Use instead
    ```python
    import logging

    logger = logging.getLogger(__name__)
    logger.info("user logged in")
    ```

    ## Fix safety
    Safe: the fix removes the unused codes from the comment, or the whole directive when none of its codes
    is left. Text after the codes is taken as the reason and removed with them; a following comment
    (`# noqa: LL101  # type: ignore`) is kept.

    ## Known limitations
    Only loglint's own codes, prefixes and rule names are considered: `# noqa: E501` and other tools'
    codes are never reported, and neither is a blanket `# noqa` (another tool may need it). A code listed
    for a rule that is not enabled is reported as "non-enabled", as ruff's RUF100 does. Suppressions are
    applied after the rules run, so this rule is computed by `loglint.suppression`, not by a visitor;
    files with an internal error in any rule are not checked for it.
    """

    code = "LL002"
    candidates = frozenset()  # produced outside the traversal
    name = "unused-suppression"
    message = "unused suppression"
    fix_title = "Remove the unused suppression"
    fix_availability = FixAvailability.SAFE
    kind = Kind.WARNING
    default = False
