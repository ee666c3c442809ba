"""The registry: every rule class, registered explicitly (django-upgrade's way), in code order."""

from __future__ import annotations

from loglint.rule import Rule
from loglint.rules.engine.ll001_syntax_error import SyntaxErrorRule

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxErrorRule,
)
