"""Looking rules up by code, prefix or name, and resolving `select`/`ignore` into the selected set.

Selection works on `rule_table.RULES`, every rule's metadata as plain data (generated from the rule
classes by `python -m loglint.docs .`; a test fails when it drifts), so that resolving `--select`,
validating a config and keying the cache import no rule and no LibCST: a warm run whose every file is a
cache hit loads neither. The rule classes are imported only when a file is actually checked
(`all_rules`, `select_rules`).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, NamedTuple, Optional

if TYPE_CHECKING:
    from loglint.rule import Rule


# A rule's documentation page (`docs.rule_url`; the JSON output names it for each finding).
DOCS_URL = "https://github.com/loglint/loglint/blob/main/docs/rules/{code}.md"


class RuleInfo(NamedTuple):
    """What the registry knows of a rule without importing it (one row of `rule_table.RULES`)."""

    code: str
    name: str
    default: bool
    kind: str  # `Kind` value
    fix: str  # `FixAvailability` value
    candidates: Optional[frozenset[str]]  # the prefilter facts (`Rule.candidates`)


def info_of(rule: type["Rule"]) -> RuleInfo:
    """A rule class's row of the table."""
    return RuleInfo(rule.code, rule.name, rule.default, rule.kind.value, rule.fix_availability.value, rule.candidates)


@lru_cache(maxsize=None)
def rule_infos() -> tuple[RuleInfo, ...]:
    from loglint.rule_table import RULES

    return tuple(sorted((RuleInfo(*row) for row in RULES), key=lambda r: r.code))


@lru_cache(maxsize=None)
def all_rules() -> tuple[type[Rule], ...]:
    from loglint.rules import ALL_RULES

    return tuple(sorted(ALL_RULES, key=lambda r: r.code))


@lru_cache(maxsize=None)
def _classes() -> dict[str, type["Rule"]]:
    return {rule.code: rule for rule in all_rules()}


def rule_by_code(code: str) -> Optional[type[Rule]]:
    return _classes().get(code.upper())


def info_by_code(code: str) -> Optional[RuleInfo]:
    code = code.upper()
    for info in rule_infos():
        if info.code == code:
            return info
    return None


def lookup(selector: str) -> Optional[type[Rule]]:
    """One rule by exact code or kebab name."""
    for info in rule_infos():
        if selector.upper() == info.code or selector.lower() == info.name:
            return rule_by_code(info.code)
    return None


def matching_codes(selector: str) -> list[str]:
    """The codes a selector names: `ALL`, a code, a code prefix (`LL`, `LL1`, `LL10`) or a kebab name."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return [r.code for r in rule_infos()]
    if sel.upper().startswith("LL"):
        return [r.code for r in rule_infos() if r.code.startswith(sel.upper())]
    return [r.code for r in rule_infos() if r.name == sel.lower()]


def matches(selector: str) -> list[type[Rule]]:
    """The rule classes a selector names (see `matching_codes`)."""
    return [_classes()[code] for code in matching_codes(selector)]


def is_valid_selector(selector: str) -> bool:
    return bool(matching_codes(selector))


def closest_selector(selector: str) -> Optional[str]:
    """The closest valid code or name, for 'did you mean' messages."""
    candidates = [r.code for r in rule_infos()] + [r.name for r in rule_infos()]
    upper = selector.upper()
    pool = [c for c in candidates if c.upper().startswith("LL")] if upper.startswith("LL") else candidates
    word = selector if not upper.startswith("LL") else upper
    # difflib.get_close_matches breaks ties by the larger string; the first in code order reads better
    # (`LL01` is as close to LL101 as to LL001, and LL001 is the one people mistype).
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: Optional[tuple[float, str]] = None
    for candidate in pool or candidates:
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


@lru_cache(maxsize=256)
def select_codes(
    select: Optional[tuple[str, ...]] = None,
    ignore: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The selected codes, in code order. ruff's semantics: `select` replaces the default set (rules with
    `default = True`), `extend_select` adds to it, `ignore` removes. A more specific selector wins over a
    less specific one: `--select LL --ignore LL1 --extend-select LL101` keeps LL101."""
    chosen: dict[str, tuple[int, bool]] = {}

    def apply(selectors: Iterable[str], on: bool) -> None:
        for sel in selectors:
            spec = _specificity(sel)
            for code in matching_codes(sel):
                prev = chosen.get(code)
                if prev is None or spec >= prev[0]:
                    chosen[code] = (spec, on)

    if select is None:
        for info in rule_infos():
            if info.default:
                chosen[info.code] = (0, True)
    else:
        apply(select, True)
    apply(extend_select, True)
    apply(ignore, False)
    # LL001 is always on: a file that cannot be parsed must be said.
    chosen["LL001"] = (99, True)
    return tuple(r.code for r in rule_infos() if chosen.get(r.code, (0, False))[1])


def select_rules(
    select: Optional[Iterable[str]] = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> tuple[type[Rule], ...]:
    """The selected rule classes (see `select_codes`)."""
    codes = select_codes(None if select is None else tuple(select), tuple(ignore), tuple(extend_select))
    classes = _classes()
    return tuple(classes[code] for code in codes)


def _specificity(selector: str) -> int:
    sel = selector.strip().upper()
    if sel == "ALL":
        return 0
    if sel.startswith("LL"):
        return len(sel)
    return 5  # a kebab name is as specific as a full code
