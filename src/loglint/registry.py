"""Looking rules up by code, prefix or name, and resolving `select`/`ignore` into the selected set."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Iterable, Optional

from loglint.rule import Rule


@lru_cache(maxsize=None)
def all_rules() -> tuple[type[Rule], ...]:
    from loglint.rules import ALL_RULES

    return tuple(sorted(ALL_RULES, key=lambda r: r.code))


def rule_by_code(code: str) -> Optional[type[Rule]]:
    code = code.upper()
    for rule in all_rules():
        if rule.code == code:
            return rule
    return None


def lookup(selector: str) -> Optional[type[Rule]]:
    """One rule by exact code or kebab name."""
    for rule in all_rules():
        if selector.upper() == rule.code or selector.lower() == rule.name:
            return rule
    return None


def matches(selector: str) -> list[type[Rule]]:
    """The rules a selector names: `ALL`, a code, a code prefix (`LL`, `LL1`, `LL10`) or a kebab name."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return list(all_rules())
    if sel.upper().startswith("LL"):
        return [r for r in all_rules() if r.code.startswith(sel.upper())]
    return [r for r in all_rules() if r.name == sel.lower()]


def is_valid_selector(selector: str) -> bool:
    return bool(matches(selector))


def closest_selector(selector: str) -> Optional[str]:
    """The closest valid code or name, for 'did you mean' messages."""
    candidates = [r.code for r in all_rules()] + [r.name for r in all_rules()]
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


def select_rules(
    select: Optional[Iterable[str]] = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> tuple[type[Rule], ...]:
    """ruff's semantics: `select` replaces the default set (rules with `default = True`), `extend_select`
    adds to it, `ignore` removes. A more specific selector wins over a less specific one: `--select LL
    --ignore LL1 --extend-select LL101` keeps LL101."""
    chosen: dict[str, tuple[int, bool]] = {}

    def apply(selectors: Iterable[str], on: bool) -> None:
        for sel in selectors:
            spec = _specificity(sel)
            for rule in matches(sel):
                prev = chosen.get(rule.code)
                if prev is None or spec >= prev[0]:
                    chosen[rule.code] = (spec, on)

    if select is None:
        for rule in all_rules():
            if rule.default:
                chosen[rule.code] = (0, True)
    else:
        apply(select, True)
    apply(extend_select, True)
    apply(ignore, False)
    # LL001 is always on: a file that cannot be parsed must be said.
    chosen["LL001"] = (99, True)
    return tuple(r for r in all_rules() if chosen.get(r.code, (0, False))[1])


def _specificity(selector: str) -> int:
    sel = selector.strip().upper()
    if sel == "ALL":
        return 0
    if sel.startswith("LL"):
        return len(sel)
    return 5  # a kebab name is as specific as a full code
