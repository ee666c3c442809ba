"""The registry: every rule class, registered explicitly (django-upgrade's way), in code order."""

from __future__ import annotations

from loglint.rule import Rule
from loglint.rules.engine.ll001_syntax_error import SyntaxErrorRule
from loglint.rules.engine.ll002_unused_suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxErrorRule,
    UnusedSuppression,
)
