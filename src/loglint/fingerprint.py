"""Stable identities for findings: a hash of the flagged statement's normalised source.

A finding is identified by its file, its code and what the flagged statement says, not by where it is: the
statement's tokens joined by single spaces, without comments, blank lines, indentation or line breaks
between tokens (string literals are kept verbatim, so a changed message is a changed statement). Inserting
lines above it, re-indenting it or re-wrapping it keeps the hash; editing it changes it.

Baselines (`loglint.baseline`) key their entries on it; SARIF `partialFingerprints` and GitLab
`fingerprint` are built from it plus the file, the code and the occurrence (the k-th finding with the same
file, code and hash), so identical statements in one file stay distinct.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import tokenize
from typing import Iterable, Sequence

from loglint.findings import Finding

_SKIPPED = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)
_COMMENT = re.compile(r"#[^\n]*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The tokens of `text` separated by one space; comments and layout dropped. Text that does not
    tokenize (a statement cut by an unterminated string, say) falls back to dropping what looks like a
    comment and collapsing whitespace."""
    lines = text.splitlines(keepends=True)
    if lines:
        first = lines[0]
        lines[0] = first.lstrip(" \t\f")
    try:
        tokens = [
            tok.string
            for tok in tokenize.generate_tokens(io.StringIO("".join(lines)).readline)
            if tok.type not in _SKIPPED
        ]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return _SPACE.sub(" ", _COMMENT.sub("", text)).strip()
    return " ".join(tokens)


def statement_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def with_hashes(findings: Sequence[Finding], lines: Sequence[str]) -> list[Finding]:
    """`findings` with `statement_hash` set from the file's `lines` (its text split into lines)."""
    out = []
    for finding in findings:
        first, last = finding.statement_span
        text = "\n".join(lines[max(first, 1) - 1 : last]) + "\n"
        out.append(dataclasses.replace(finding, statement_hash=statement_hash(text)))
    return out


def occurrences(findings: Iterable[Finding], key=lambda f: (f.path, f.code, f.statement_hash)) -> list[int]:
    """For each finding (in the order given, which should be file order), how many findings with the same
    key came before it: 0 for the first."""
    seen: dict[tuple, int] = {}
    result = []
    for finding in findings:
        k = key(finding)
        result.append(seen.get(k, 0))
        seen[k] = result[-1] + 1
    return result


def fingerprint(path: str, finding: Finding, occurrence: int) -> str:
    """An identity for the finding that survives moving lines: file, code, statement hash, occurrence."""
    raw = "\0".join((path, finding.code, finding.statement_hash, str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]
