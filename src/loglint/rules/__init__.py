"""The registry: every rule class, registered explicitly (django-upgrade's way), in code order."""

from __future__ import annotations

from loglint.rule import Rule
from loglint.rules.engine.ll001_syntax_error import SyntaxErrorRule
from loglint.rules.engine.ll002_unused_suppression import UnusedSuppression
from loglint.rules.logcalls.ll101_log_fstring import LogFstring
from loglint.rules.logcalls.ll102_log_str_format import LogStrFormat
from loglint.rules.logcalls.ll103_log_percent_format import LogPercentFormat
from loglint.rules.logcalls.ll104_log_concatenation import LogConcatenation
from loglint.rules.logcalls.ll105_log_args_mismatch import LogArgsMismatch
from loglint.rules.logcalls.ll106_log_brace_placeholder import LogBracePlaceholder
from loglint.rules.logcalls.ll107_log_bad_format_string import LogBadFormatString
from loglint.rules.logcalls.ll112_extra_key_clash import ExtraKeyClash
from loglint.rules.logcalls.ll114_bad_logger_construction import BadLoggerConstruction
from loglint.rules.logcalls.ll115_invalid_level import InvalidLevel
from loglint.rules.logcalls.ll116_magic_level_number import MagicLevelNumber
from loglint.rules.logcalls.ll117_deprecated_logging_api import DeprecatedLoggingApi

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxErrorRule,
    UnusedSuppression,
    LogFstring,
    LogStrFormat,
    LogPercentFormat,
    LogConcatenation,
    LogArgsMismatch,
    LogBracePlaceholder,
    LogBadFormatString,
    ExtraKeyClash,
    BadLoggerConstruction,
    InvalidLevel,
    MagicLevelNumber,
    DeprecatedLoggingApi,
)
