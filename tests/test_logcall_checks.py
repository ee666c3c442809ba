"""LL105/LL107/LL112/LL115 checked against what the running stdlib logging actually does."""

from __future__ import annotations

import ast
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness import reported
from loglint.rules.logcalls.ll112_extra_key_clash import RESERVED_KEYS

# The first parse raises the recursion limit once per process: do it before hypothesis watches.
reported("pass\n", ["LL105"])

_PIECES = ["%s", "%d", "%r", "%(a)s", "%(b)d", "%%", "%", "x", " ", "%*d", "%.*f", "%y", "% d", "%("]
_ARGS = ["1", "2", "{'a': 1}", "{'a': 1, 'b': 2}", "{}", "(1, 2)", "'t'"]


def _formatting_raises(message: str, args: tuple) -> bool:
    """What a handler would hit: `LogRecord.getMessage()` raising."""
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, args, None)
    try:
        record.getMessage()
    except (TypeError, ValueError, KeyError):
        return True
    return False


def _reports(message: str, args: list[str]) -> bool:
    src = "import logging\nlogger = logging.getLogger(__name__)\n"
    src += f"logger.info({', '.join([repr(message)] + args)})\n"
    return bool(reported(src, ["LL105", "LL107"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=5), st.lists(st.sampled_from(_ARGS), max_size=3))
def test_every_report_is_a_formatting_error(pieces, args):
    message = "".join(pieces)
    if _reports(message, args):
        assert _formatting_raises(message, tuple(ast.literal_eval(a) for a in args))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=5), st.lists(st.sampled_from(["1", "2"]), min_size=1, max_size=3))
def test_every_count_or_format_error_with_int_arguments_is_reported(pieces, args):
    message = "".join(pieces)
    if _formatting_raises(message, tuple(int(a) for a in args)):
        assert _reports(message, args)


@pytest.mark.parametrize("key", sorted(RESERVED_KEYS))
def test_reserved_extra_keys_are_refused_by_make_record(key):
    with pytest.raises(KeyError, match="Attempt to overwrite"):
        logging.getLogger("t").makeRecord("t", logging.INFO, "f", 1, "m", (), None, extra={key: 1})


def test_a_free_extra_key_is_accepted():
    record = logging.getLogger("t").makeRecord("t", logging.INFO, "f", 1, "m", (), None, extra={"user": 1})
    assert record.user == 1


@pytest.mark.parametrize("name", ["info", "INFO", "Warn", "WARN", "VERBOSE", "10", "fatal", "NOTSET"])
def test_set_level_reports_exactly_the_names_logging_refuses(name):
    src = f"import logging\nlogging.getLogger('t').setLevel({name!r})\n"
    try:
        logging.Logger("probe").setLevel(name)
        refused = False
    except ValueError:
        refused = True
    assert bool(reported(src, ["LL115"])) == refused


def test_log_with_a_string_level_raises_as_reported():
    with pytest.raises(TypeError, match="level must be an integer"):
        logging.Logger("probe").log("INFO", "m")
    assert reported("import logging\nlogging.getLogger('t').log('INFO', 'm')\n", ["LL115"]) == [(2, "LL115")]
