"""Differential test of LL4: every LOGGING variant in tests/data/logging_variants/ is run through the real
`logging.config.dictConfig` in a fresh interpreter (tests/logging_oracle.py), and loglint's error-kind
findings must agree with what really happened.

Each variant's first line declares what it covers and what it should do:

    # expect: startup-error; rules: LL402; covers: a logger's handlers names an undefined handler

`expect` is `ok`, `startup-error` (dictConfig raises) or `emit-error` (configures, then records fail);
an optional `python: >=3.12` (or `<3.12`, or both) limits a variant to the Pythons whose behaviour
was declared (dictConfig changed between versions); `rules` names the LL4
rules the variant is about (`-` for none: a working realistic config). The declared outcome is checked
against the real one, so the data set cannot drift from CPython's behaviour.

The comparison: no error-kind finding on a variant that works; at least 95% of the breaking ones
(startup-error or emit-error) have at least one error-kind finding. A table of every variant is printed
on failure (and with `-s`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pytest

from loglint.engine import check_source
from loglint.project import ProjectIndex
from loglint.registry import all_rules
from loglint.rule import Kind
from harness import default_config
from logging_oracle import Outcome, real_outcome

DATA = Path(__file__).resolve().parent / "data" / "logging_variants"
HEADER = re.compile(r"^#\s*expect:\s*(?P<fields>.*)$")
OUTCOMES = ("ok", "startup-error", "emit-error")

# RULES.md, LL4: the rules whose findings mean "fails at startup or on every record", and the warnings
# for configurations that work but misbehave silently.
ERROR_RULES = ("LL401", "LL402", "LL403", "LL404", "LL405", "LL406", "LL414")
FOOTGUN_RULES = ("LL407", "LL408", "LL409", "LL410", "LL411", "LL412", "LL413", "LL415", "LL416")
MIN_VARIANTS = 40
MIN_RECALL = 0.95


@dataclass(frozen=True)
class Variant:
    path: Path
    expect: str
    rules: tuple[str, ...]
    covers: str
    min_python: Optional[tuple[int, int]]
    below_python: Optional[tuple[int, int]]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def breaking(self) -> bool:
        return self.expect != "ok"

    @property
    def applicable(self) -> bool:
        version = sys.version_info[:2]
        return (self.min_python is None or version >= self.min_python) and (
            self.below_python is None or version < self.below_python
        )

    @property
    def python(self) -> str:
        parts = [f">={'.'.join(map(str, self.min_python))}"] if self.min_python else []
        parts += [f"<{'.'.join(map(str, self.below_python))}"] if self.below_python else []
        return ",".join(parts)


def parse_variant(path: Path) -> Variant:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = HEADER.match(first)
    assert match, f"{path.name}: the first line must be '# expect: ...; rules: ...; covers: ...'"
    fields: dict[str, str] = {}
    expect, _, rest = match.group("fields").partition(";")
    for part in rest.split(";"):
        key, _, value = part.partition(":")
        if key.strip() == "covers":  # the description may itself contain ';' or ':'
            fields["covers"] = rest[rest.index("covers:") + len("covers:"):].strip()
            break
        fields[key.strip()] = value.strip()
    expect = expect.strip()
    assert expect in OUTCOMES, f"{path.name}: unknown expectation {expect!r}"
    rules = tuple(code.strip() for code in fields.get("rules", "-").split(",") if code.strip() not in ("", "-"))
    bounds: dict[str, tuple[int, int]] = {}
    for bound in filter(None, (b.strip() for b in fields.get("python", "").split(","))):
        version = re.fullmatch(r"(>=|<)\s*(\d+)\.(\d+)", bound)
        assert version, f"{path.name}: python must read '>=X.Y', '<X.Y' or both, comma-separated"
        bounds[version.group(1)] = (int(version.group(2)), int(version.group(3)))
    assert fields.get("covers"), f"{path.name}: say what the variant covers"
    return Variant(path, expect, rules, fields["covers"], bounds.get(">="), bounds.get("<"))


VARIANTS = [parse_variant(path) for path in sorted(DATA.glob("*.py"))]
APPLICABLE = [v for v in VARIANTS if v.applicable]


@lru_cache(maxsize=None)
def outcome_of(path: Path, workdir: Path) -> Outcome:
    return real_outcome(path, workdir)


@pytest.fixture(scope="module")
def workdirs(tmp_path_factory: pytest.TempPathFactory):
    made: dict[str, Path] = {}

    def get(variant: Variant) -> Path:
        if variant.name not in made:
            made[variant.name] = tmp_path_factory.mktemp(variant.name)
        return made[variant.name]

    return get


@lru_cache(maxsize=None)
def project_index() -> ProjectIndex:
    return ProjectIndex(DATA)


def lint_error_codes(variant: Variant) -> list[str]:
    """loglint's error-kind LL4 findings on the variant's source (in-process, as the engine runs it)."""
    rules = [rule for rule in all_rules() if rule.code.startswith("LL4")]
    data = variant.path.read_bytes()
    # The variants' folder is the project: "diffproj.logs.X" paths resolve (or not) in it, as in the child.
    result = check_source(str(variant.path), data, rules, default_config(), project=project_index(), module_name=variant.name)
    assert not result.errors, f"{variant.name}: a rule failed: {result.errors}"
    kinds = {rule.code: rule.kind for rule in rules}
    return sorted({f.code for f in result.findings if kinds.get(f.code) == Kind.ERROR})


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("variant", "expected", "real outcome", "loglint errors")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(3)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(r[:3], widths)) + " | " + r[3] for r in [head, *rows]]
    return "\n".join(lines)


def test_data_set_covers_every_ll4_rule() -> None:
    assert len(APPLICABLE) >= MIN_VARIANTS, f"only {len(APPLICABLE)} variants apply on this Python"
    broken_rules = {code for v in APPLICABLE if v.breaking for code in v.rules}
    working_rules = {code for v in APPLICABLE if not v.breaking for code in v.rules}
    assert set(ERROR_RULES) <= broken_rules, f"no breaking variant for {sorted(set(ERROR_RULES) - broken_rules)}"
    assert set(FOOTGUN_RULES) <= working_rules, f"no working variant for {sorted(set(FOOTGUN_RULES) - working_rules)}"
    assert {v.expect for v in APPLICABLE} == set(OUTCOMES)
    assert any(not v.breaking and not v.rules for v in APPLICABLE), "no plain working configuration"
    # Every breaking variant is about an error-kind rule, every warning variant works.
    for v in VARIANTS:
        unknown = set(v.rules) - set(ERROR_RULES) - set(FOOTGUN_RULES)
        assert not unknown, f"{v.name}: not an LL4 rule: {sorted(unknown)}"
        if v.breaking:
            assert set(v.rules) & set(ERROR_RULES), f"{v.name}: a breaking variant names no error-kind rule"
        assert not (v.breaking and set(v.rules) & set(FOOTGUN_RULES)), f"{v.name}: footguns must work"


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_real_outcome_matches_declaration(variant: Variant, workdirs) -> None:
    if not variant.applicable:
        pytest.skip(f"the declared outcome holds for Python {variant.python}")
    outcome = outcome_of(variant.path, workdirs(variant))
    assert outcome.outcome == variant.expect, f"{variant.name}: declared {variant.expect}, really {outcome}"


def test_loglint_error_findings_match_real_outcomes(workdirs) -> None:
    ll4 = [rule for rule in all_rules() if rule.code.startswith("LL4")]
    if not ll4:
        pytest.skip("no LL4 rules registered yet: only the real-outcome half of the differential runs")
    kinds = {rule.code: rule.kind for rule in ll4}
    wrong_kind = [code for code in ERROR_RULES if code in kinds and kinds[code] != Kind.ERROR]
    wrong_kind += [code for code in FOOTGUN_RULES if code in kinds and kinds[code] != Kind.WARNING]

    rows: list[tuple[str, str, str, str]] = []
    false_alarms: list[str] = []
    caught: list[str] = []
    missed: list[str] = []
    for variant in APPLICABLE:
        outcome = outcome_of(variant.path, workdirs(variant))
        codes = lint_error_codes(variant)
        rows.append((variant.name, variant.expect, str(outcome)[:90], ",".join(codes) or "-"))
        if outcome.outcome == "ok" and codes:
            false_alarms.append(f"{variant.name} ({','.join(codes)})")
        elif outcome.outcome != "ok":
            (caught if codes else missed).append(variant.name)
    breaking = len(caught) + len(missed)
    recall = len(caught) / breaking if breaking else 1.0
    summary = f"caught {len(caught)} of {breaking} breaking variants ({recall:.1%}); missed: {missed or 'none'}"
    report = table(rows) + "\n" + summary
    print("\n" + report)
    problems = []
    if wrong_kind:
        problems.append(f"rules whose kind differs from RULES.md: {wrong_kind}")
    if false_alarms:
        problems.append(f"error-kind findings on working variants: {false_alarms}")
    if recall < MIN_RECALL:
        problems.append(f"recall below {MIN_RECALL:.0%}: {summary}")
    assert not problems, "\n".join(problems) + "\n" + report


def test_variants_write_nothing_beside_themselves() -> None:
    """Runs after the variants (file order): file handlers must write under the child's cwd (a temp
    dir), never next to the variant sources."""
    stray = [p.relative_to(DATA) for p in DATA.rglob("*") if p.is_file() and p.suffix != ".py"]
    assert not stray, f"variants wrote into the source tree: {stray}"
