"""Suppression comments: which findings the user has silenced, and which silencers silence nothing.

Line level, on any line of `Finding.noqa_lines` (the flagged node's first and last line and its statement's):

    logger.info(f"x {y}")  # noqa                      every code
    logger.info(f"x {y}")  # noqa: LL101, LL105        the codes listed (also `noqa:LL101`, `noqa: LL101 LL105`)
    logger.info(f"x {y}")  # loglint: ignore[LL101]    codes, prefixes or rule names

A `# loglint: ignore[...]` alone on its line applies to the next line of code (the statement below it).
File level, alone on its line anywhere in the file: `# loglint: noqa` (every code) or
`# loglint: noqa: LL4, LL101` (codes or prefixes).

A noqa that lists codes suppresses only the codes it lists, so `# noqa: E501` written for another tool never
silences loglint; foreign codes are left alone in every respect. LL001 (the file cannot be parsed) is never
suppressed. Comments are read with `tokenize`, so `"# noqa"` inside a string literal is not a comment.

Each directive remembers which of its codes suppressed something, for LL002 (unused-suppression): an LL
code (or prefix, or rule name) that suppressed nothing is reported, with a safe fix that removes the code
or, when nothing else is left, the whole directive. A blanket `# noqa` is never reported: other tools may
be the reason it is there.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from loglint.findings import Applicability, Edit, Finding, Fix, Kind

UNSUPPRESSIBLE = frozenset({"LL001"})
UNUSED_CODE = "LL002"
UNUSED_NAME = "unused-suppression"

_CODE = r"[A-Za-z]+[0-9]+"
_NOQA = re.compile(rf"#\s*noqa\b(?:\s*:\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*)?)?", re.I)
_LOGLINT_IGNORE = re.compile(r"#\s*loglint\s*:\s*ignore\b(?:\s*\[(?P<items>[^\]]*)\])?", re.I)
_LOGLINT_NOQA = re.compile(
    r"#\s*loglint\s*:\s*noqa\b(?:\s*:\s*(?P<codes>[A-Za-z][A-Za-z0-9-]*(?:[\s,]+[A-Za-z][A-Za-z0-9-]*)*)?)?", re.I
)
_ITEM_SPLIT = re.compile(r"[\s,]+")
_NOT_CODE_TOKENS = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


@dataclass
class Directive:
    """One suppression directive. Columns are 0-based character offsets on the comment's line."""

    line: int
    start: int  # where the directive (its `#`) starts
    end: int  # where the directive ends (after its codes)
    comment: "_Comment"
    syntax: str  # "noqa", "loglint-noqa" or "loglint-ignore"
    file_level: bool
    codes: Optional[tuple[str, ...]]  # None: every code
    applies_to: tuple[int, ...] = ()
    used: set[str] = field(default_factory=set)  # the listed items that suppressed something
    used_blanket: bool = False

    def matches(self, code: str, name: str) -> list[str]:
        """The listed items that cover `code` ([""] for a blanket directive)."""
        if self.codes is None:
            return [""]
        return [item for item in self.codes if _item_covers(item, code, name)]


def _item_covers(item: str, code: str, name: str) -> bool:
    upper = item.upper()
    if upper.startswith("LL") and upper[2:].isdigit():
        return code.startswith(upper)
    return upper == "LL" or item.lower() == name


def mentions_suppression(data: bytes) -> bool:
    """Cheap test before tokenizing: can this file contain a directive at all? (A case-insensitive regex
    over the whole file cost more than lowering it and two `in` tests.)"""
    lowered = data.lower()
    return b"noqa" in lowered or b"loglint" in lowered


class Suppressions:
    """The directives of one file, and what they suppressed during one check."""

    def __init__(self, directives: Sequence[Directive]) -> None:
        self.directives = list(directives)
        self.file_level = [d for d in self.directives if d.file_level]
        self.by_line: dict[int, list[Directive]] = {}
        self.on_line: dict[int, list[Directive]] = {}
        for directive in self.directives:
            self.on_line.setdefault(directive.line, []).append(directive)
            for line in directive.applies_to:
                self.by_line.setdefault(line, []).append(directive)

    @classmethod
    def scan(cls, data: bytes) -> "Suppressions":
        return cls([d for comment in _comments(data) for d in _parse_comment(comment)])

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """The findings no directive covers, and how many were suppressed. Marks the directives used."""
        kept: list[Finding] = []
        suppressed = 0
        for finding in findings:
            if self.suppresses(finding):
                suppressed += 1
            else:
                kept.append(finding)
        return kept, suppressed

    def suppresses(self, finding: Finding) -> bool:
        """Whether a directive covers `finding`; every covering directive counts as used."""
        if finding.code in UNSUPPRESSIBLE:
            return False
        candidates = list(self.file_level)
        for line in finding.noqa_lines or (finding.line,):
            candidates.extend(self.by_line.get(line, ()))
        hit = False
        for directive in candidates:
            items = directive.matches(finding.code, finding.name)
            if not items:
                continue
            hit = True
            if directive.codes is None:
                directive.used_blanket = True
            else:
                directive.used.update(items)
        return hit

    def unused(self, enabled: Iterable[str], external: Sequence[str] = ()) -> list[Finding]:
        """LL002 findings (path left empty for the caller) for the LL codes that suppressed nothing.

        `enabled` are the codes checked on this file: a listed code whose rule is off is reported as
        "non-enabled", an LL code no rule has as "unknown" (ruff's RUF100 wording)."""
        from loglint.registry import lookup

        enabled = set(enabled)
        findings: list[Finding] = []
        for directive in self.directives:
            if directive.codes is None:
                if directive.syntax == "noqa" or directive.used_blanket:
                    continue
                unused_items: list[tuple[str, str]] = [("", "unused")]
            else:
                unused_items = []
                for item in directive.codes:
                    if item in directive.used or not _is_ours(item) or _is_external(item, external):
                        continue
                    if _covers_unused_code(item):
                        continue  # `# noqa: LL002` is what silences LL002 here, not a stale code
                    rule = None if _is_prefix(item) else lookup(item)
                    if _is_prefix(item) or rule is not None:
                        status = "unused" if _enabled(item, rule, enabled) else "non-enabled"
                    else:
                        status = "unknown"
                    unused_items.append((item, status))
                if not unused_items:
                    continue
            if self._silenced(directive):
                continue
            findings.append(_unused_finding(directive, unused_items))
        return findings

    def _silenced(self, directive: Directive) -> bool:
        """LL002 honours suppression too: a blanket directive or one naming LL002 on the same line, or a
        file-level one."""
        for other in self.file_level + self.on_line.get(directive.line, []):
            if other.codes is None:
                if other is not directive:
                    return True
            elif any(_covers_unused_code(item) for item in other.codes):
                return True
        return False


def _covers_unused_code(item: str) -> bool:
    return _item_covers(item, UNUSED_CODE, UNUSED_NAME)


def _is_ours(item: str) -> bool:
    """An LL code or prefix, or the name of a loglint rule; anything else belongs to another tool (or is
    the reason text after the codes)."""
    from loglint.registry import lookup

    upper = item.upper()
    if upper.startswith("LL") and (upper == "LL" or upper[2:].isdigit()):
        return True
    return lookup(item) is not None


def _is_prefix(item: str) -> bool:
    upper = item.upper()
    return upper == "LL" or (upper.startswith("LL") and len(upper) < 5 and upper[2:].isdigit())


def _is_external(item: str, external: Sequence[str]) -> bool:
    return any(item.upper().startswith(prefix.upper()) for prefix in external)


def _enabled(item: str, rule, enabled: set[str]) -> bool:
    if rule is not None:
        return rule.code in enabled
    return any(code.startswith(item.upper()) for code in enabled)


def _unused_finding(directive: Directive, items: list[tuple[str, str]]) -> Finding:
    if items == [("", "unused")]:
        message = "unused suppression: it suppresses nothing"
    else:
        groups: dict[str, list[str]] = {}
        for item, status in items:
            groups.setdefault(status, []).append(item)
        details = "; ".join(f"{status}: {', '.join(codes)}" for status, codes in groups.items())
        message = f"unused suppression ({details})"
    fix = Fix(title="Remove the unused suppression", applicability=Applicability.SAFE, replacements=())
    return Finding(
        code=UNUSED_CODE,
        name=UNUSED_NAME,
        message=message,
        path="",
        line=directive.line,
        column=directive.start + 1,
        end_line=directive.line,
        end_column=directive.end + 1,
        kind=Kind.WARNING,
        fix=fix,
        noqa_lines=(directive.line,),
        edits=(_removal_edit(directive, {item for item, _ in items}),),
    )


# -- the fix -------------------------------------------------------------------------------------


def _removal_edit(directive: Directive, unused: set[str]) -> Edit:
    """Remove the unused codes; when none of the listed codes is left, the directive itself."""
    line = directive.line
    remaining = [code for code in directive.codes or () if code not in unused]
    if remaining:
        return Edit(line, directive.start + 1, line, directive.end + 1, _rewrite(directive, remaining))
    comment = directive.comment
    text = comment.text
    rest = text[directive.end - comment.column :]
    before = text[: directive.start - comment.column]
    next_comment = rest.find("#")
    if next_comment >= 0:
        # `# noqa: LL101  # type: ignore`: keep the comment that follows (the text between is a reason).
        return Edit(line, directive.start + 1, line, directive.end + next_comment + 1, "")
    if before.strip():
        # `# type: ignore  # noqa: LL101`: keep the comment before it.
        cut = comment.column + len(before.rstrip())
        return Edit(line, cut + 1, line, comment.column + len(text) + 1, "")
    if comment.own_line:
        return Edit(line, 1, line + 1, 1, "")
    return Edit(line, comment.code_end + 1, line, comment.column + len(text) + 1, "")


def _rewrite(directive: Directive, remaining: list[str]) -> str:
    joined = ", ".join(remaining)
    if directive.syntax == "loglint-ignore":
        return f"# loglint: ignore[{joined}]"
    if directive.syntax == "loglint-noqa":
        return f"# loglint: noqa: {joined}"
    return f"# noqa: {joined}"


def apply_edits(data: bytes, edits: Sequence[Edit]) -> Optional[bytes]:
    """The bytes with the non-overlapping `edits` applied (1-based, end exclusive, character columns), in
    the file's own encoding, BOM and line endings; None when the file cannot be decoded or re-encoded.
    An edit overlapping one already taken is left for the next pass."""
    decoded = decode(data)
    if decoded is None:
        return None
    text, encoding = decoded
    starts = _line_starts(text)

    def offset(row: int, column: int) -> int:
        if row - 1 >= len(starts):
            return len(text)
        line_end = starts[row] if row < len(starts) else len(text)
        return min(starts[row - 1] + column - 1, line_end)

    spans = sorted((offset(e.row, e.column), offset(e.end_row, e.end_column), e.content) for e in edits)
    taken: list[tuple[int, int, str]] = []
    for start, end, content in spans:
        if taken and start < taken[-1][1]:
            continue
        taken.append((start, end, content))
    for start, end, content in reversed(taken):
        text = text[:start] + content + text[end:]
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def decode(data: bytes) -> Optional[tuple[str, str]]:
    """(text, encoding) as Python reads the file: coding cookie or BOM (`utf-8-sig` keeps the BOM when
    the text is encoded again)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


# -- reading the comments ------------------------------------------------------------------------


@dataclass
class _Comment:
    line: int
    column: int
    text: str
    own_line: bool
    code_end: int  # end of the code before the comment (rstripped), for trailing comments
    next_code_line: Optional[int] = None


def _comments(data: bytes) -> list[_Comment]:
    decoded = decode(data)
    if decoded is None:
        return []
    text = decoded[0].lstrip("\ufeff")
    # Python reads \r\n and a lone \r as line breaks; tokenize's readline splits on \n only.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    comments: list[_Comment] = []
    waiting: list[_Comment] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                line_text = token.line.split("\n")[0] if token.line else ""
                before = line_text[: token.start[1]]
                comment = _Comment(token.start[0], token.start[1], token.string, not before.strip(), len(before.rstrip()))
                comments.append(comment)
                if comment.own_line:
                    waiting.append(comment)
            elif token.type not in _NOT_CODE_TOKENS:
                for comment in waiting:
                    comment.next_code_line = token.start[0]
                waiting.clear()
    except (tokenize.TokenError, SyntaxError, ValueError):
        return _comments_by_regex(text)
    return comments


def _comments_by_regex(text: str) -> list[_Comment]:
    """Fallback for text `tokenize` rejects (syntax newer than this Python): a `#` outside quotes."""
    found: list[_Comment] = []
    for number, line in enumerate(text.split("\n"), start=1):
        column = _comment_column(line)
        if column is None:
            continue
        before = line[:column]
        found.append(_Comment(number, column, line[column:], not before.strip(), len(before.rstrip())))
    for index, comment in enumerate(found):
        if comment.own_line:
            comment.next_code_line = comment.line + 1
    return found


def _comment_column(line: str) -> Optional[int]:
    quote: Optional[str] = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return index
        index += 1
    return None


def _parse_comment(comment: _Comment) -> list[Directive]:
    """Every directive in one comment (`# noqa: E501  # loglint: ignore[LL101]` holds two)."""
    found: list[Directive] = []
    text = comment.text
    for match in _LOGLINT_NOQA.finditer(text):
        codes = _split(match.group("codes"))
        if comment.own_line:
            found.append(_directive(comment, match, "loglint-noqa", codes, file_level=True, applies_to=()))
        else:
            found.append(_directive(comment, match, "loglint-noqa", codes, applies_to=(comment.line,)))
    for match in _LOGLINT_IGNORE.finditer(text):
        target = comment.next_code_line if comment.own_line and comment.next_code_line else comment.line
        codes = _split(match.group("items"))
        found.append(_directive(comment, match, "loglint-ignore", codes, applies_to=(target,)))
    for match in _NOQA.finditer(text):
        found.append(_directive(comment, match, "noqa", _split(match.group("codes")), applies_to=(comment.line,)))
    return sorted(found, key=lambda d: d.start)


def _split(items: Optional[str]) -> Optional[tuple[str, ...]]:
    """Listed items, codes upper-cased and names lower-cased; None (every code) when nothing is listed."""
    if items is None:
        return None
    parts = [part for part in _ITEM_SPLIT.split(items.strip()) if part]
    return tuple(part.upper() if re.fullmatch(_CODE, part) else part.lower() for part in parts) or None


def _directive(
    comment: _Comment,
    match: re.Match,
    syntax: str,
    codes: Optional[tuple[str, ...]],
    *,
    applies_to: tuple[int, ...],
    file_level: bool = False,
) -> Directive:
    return Directive(
        line=comment.line,
        start=comment.column + match.start(),
        end=comment.column + match.end(),
        comment=comment,
        syntax=syntax,
        file_level=file_level,
        codes=codes,
        applies_to=applies_to,
    )
