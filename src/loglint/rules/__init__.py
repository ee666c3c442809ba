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
from loglint.rules.logcalls.ll108_exception_outside_handler import ExceptionOutsideHandler
from loglint.rules.logcalls.ll109_error_without_traceback import ErrorWithoutTraceback
from loglint.rules.logcalls.ll110_redundant_exc_info import RedundantExcInfo
from loglint.rules.logcalls.ll111_exception_in_message import ExceptionInMessage
from loglint.rules.logcalls.ll112_extra_key_clash import ExtraKeyClash
from loglint.rules.logcalls.ll113_root_logger_call import RootLoggerCall
from loglint.rules.logcalls.ll114_bad_logger_construction import BadLoggerConstruction
from loglint.rules.logcalls.ll115_invalid_level import InvalidLevel
from loglint.rules.logcalls.ll116_magic_level_number import MagicLevelNumber
from loglint.rules.logcalls.ll117_deprecated_logging_api import DeprecatedLoggingApi
from loglint.rules.logcalls.ll118_sensitive_data_logged import SensitiveDataLogged
from loglint.rules.logcalls.ll119_expensive_debug_argument import ExpensiveDebugArgument
from loglint.rules.logcalls.ll120_basicconfig_in_django import BasicConfigInDjango
from loglint.rules.print.ll201_print_call import PrintCall
from loglint.rules.print.ll202_pprint_call import PprintCall
from loglint.rules.print.ll203_print_in_management_command import PrintInManagementCommand
from loglint.rules.print.ll204_traceback_print import TracebackPrint
from loglint.rules.print.ll205_stdout_write import StdoutWrite
from loglint.rules.levels.ll301_swallowed_exception_low_level import SwallowedExceptionLowLevel
from loglint.rules.levels.ll302_log_and_reraise import LogAndReraise
from loglint.rules.levels.ll303_silent_broad_except import SilentBroadExcept
from loglint.rules.levels.ll304_exception_logged_below_warning import ExceptionLoggedBelowWarning
from loglint.rules.logconfig.ll401_logging_config_version import LoggingConfigVersion
from loglint.rules.logconfig.ll402_logging_config_undefined_reference import LoggingConfigUndefinedReference
from loglint.rules.logconfig.ll403_logging_config_invalid_level import LoggingConfigInvalidLevel
from loglint.rules.logconfig.ll404_logging_config_unresolvable_class import LoggingConfigUnresolvableClass
from loglint.rules.logconfig.ll405_logging_config_handler_arguments import LoggingConfigHandlerArguments
from loglint.rules.logconfig.ll406_logging_config_format_style import LoggingConfigFormatStyle
from loglint.rules.logconfig.ll407_logging_config_unknown_key import LoggingConfigUnknownKey
from loglint.rules.logconfig.ll408_logging_config_disables_existing_loggers import LoggingConfigDisablesExistingLoggers
from loglint.rules.logconfig.ll409_mail_admins_unsafe import MailAdminsUnsafe
from loglint.rules.logconfig.ll410_logging_config_file_path import LoggingConfigFilePath
from loglint.rules.logconfig.ll411_logging_config_unused import LoggingConfigUnused
from loglint.rules.logconfig.ll412_logging_config_duplicate_output import LoggingConfigDuplicateOutput
from loglint.rules.logconfig.ll413_logging_config_root_conflict import LoggingConfigRootConflict
from loglint.rules.logconfig.ll414_logging_config_wrong_type import LoggingConfigWrongType
from loglint.rules.logconfig.ll415_sql_debug_logging import SqlDebugLogging
from loglint.rules.logconfig.ll416_unbounded_file_handler import UnboundedFileHandler
from loglint.rules.sentry.ll501_sentry_send_default_pii import SentrySendDefaultPii
from loglint.rules.sentry.ll502_sentry_full_sampling import SentryFullSampling
from loglint.rules.sentry.ll503_sentry_hardcoded_dsn import SentryHardcodedDsn
from loglint.rules.sentry.ll504_sentry_debug import SentryDebug
from loglint.rules.sentry.ll505_sentry_unknown_option import SentryUnknownOption
from loglint.rules.sentry.ll506_sentry_deprecated_option import SentryDeprecatedOption
from loglint.rules.sentry.ll507_sentry_invalid_option_value import SentryInvalidOptionValue
from loglint.rules.sentry.ll508_sentry_request_bodies_always import SentryRequestBodiesAlways
from loglint.rules.sentry.ll509_sentry_init_misplaced import SentryInitMisplaced
from loglint.rules.sentry.ll510_sentry_logging_event_level import SentryLoggingEventLevel
from loglint.rules.sentry.ll511_sentry_sampler_conflict import SentrySamplerConflict
from loglint.rules.sentry.ll512_sentry_double_report import SentryDoubleReport
from loglint.rules.apm.ll601_apm_hardcoded_secret import ApmHardcodedSecret
from loglint.rules.apm.ll602_ddtrace_late_instrumentation import DdtraceLateInstrumentation
from loglint.rules.apm.ll603_ddtrace_removed_api import DdtraceRemovedApi
from loglint.rules.apm.ll604_newrelic_late_initialize import NewrelicLateInitialize
from loglint.rules.apm.ll605_scout_not_first_app import ScoutNotFirstApp
from loglint.rules.apm.ll606_scout_monitor_missing import ScoutMonitorMissing
from loglint.rules.orm.ll701_nplusone_forward_relation import NplusoneForwardRelation
from loglint.rules.orm.ll702_nplusone_related_manager import NplusoneRelatedManager
from loglint.rules.orm.ll703_query_in_loop import QueryInLoop
from loglint.rules.orm.ll704_deferred_field_in_loop import DeferredFieldInLoop
from loglint.rules.orm.ll705_write_in_loop import WriteInLoop
from loglint.rules.orm.ll706_admin_list_nplusone import AdminListNplusone
from loglint.rules.orm.ll707_serializer_nplusone import SerializerNplusone
from loglint.rules.orm.ll708_template_nplusone import TemplateNplusone

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
    ExceptionOutsideHandler,
    ErrorWithoutTraceback,
    RedundantExcInfo,
    ExceptionInMessage,
    ExtraKeyClash,
    RootLoggerCall,
    BadLoggerConstruction,
    InvalidLevel,
    MagicLevelNumber,
    DeprecatedLoggingApi,
    SensitiveDataLogged,
    ExpensiveDebugArgument,
    BasicConfigInDjango,
    PrintCall,
    PprintCall,
    PrintInManagementCommand,
    TracebackPrint,
    StdoutWrite,
    SwallowedExceptionLowLevel,
    LogAndReraise,
    SilentBroadExcept,
    ExceptionLoggedBelowWarning,
    LoggingConfigVersion,
    LoggingConfigUndefinedReference,
    LoggingConfigInvalidLevel,
    LoggingConfigUnresolvableClass,
    LoggingConfigHandlerArguments,
    LoggingConfigFormatStyle,
    LoggingConfigUnknownKey,
    LoggingConfigDisablesExistingLoggers,
    MailAdminsUnsafe,
    LoggingConfigFilePath,
    LoggingConfigUnused,
    LoggingConfigDuplicateOutput,
    LoggingConfigRootConflict,
    LoggingConfigWrongType,
    SqlDebugLogging,
    UnboundedFileHandler,
    SentrySendDefaultPii,
    SentryFullSampling,
    SentryHardcodedDsn,
    SentryDebug,
    SentryUnknownOption,
    SentryDeprecatedOption,
    SentryInvalidOptionValue,
    SentryRequestBodiesAlways,
    SentryInitMisplaced,
    SentryLoggingEventLevel,
    SentrySamplerConflict,
    SentryDoubleReport,
    ApmHardcodedSecret,
    DdtraceLateInstrumentation,
    DdtraceRemovedApi,
    NewrelicLateInitialize,
    ScoutNotFirstApp,
    ScoutMonitorMissing,
    NplusoneForwardRelation,
    NplusoneRelatedManager,
    QueryInLoop,
    DeferredFieldInLoop,
    WriteInLoop,
    AdminListNplusone,
    SerializerNplusone,
    TemplateNplusone,
)
