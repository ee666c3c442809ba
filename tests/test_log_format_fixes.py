"""LL101-LL104 and LL106 end to end: the fixed module logs the same bytes as the eager one.

The main test writes a module of eager log calls, runs it with a handler that keeps `record.getMessage()`,
fixes it with loglint (`harness.fix`), runs the fixed module, and compares the records byte for byte.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from textwrap import dedent

from harness import assert_clean, assert_fixed, assert_reports, fix, reported, run
from loglint.config import load_config
from loglint.engine import check_source
from loglint.project import ProjectIndex
from loglint.rule import Applicability
from loglint.rules.logcalls.ll101_log_fstring import LogFstring

CODES = ("LL101", "LL102", "LL103", "LL104", "LL106")

# Values the module logs: numbers, text with `%` and quotes, a datetime, containers (a tuple and a dict
# exercise `%`'s unpacking and logging's single-mapping convention), an object with attributes.
PRELUDE = """\
import datetime
import logging
import types

logger = logging.getLogger("loglint.fixcheck")
x = 42
n = 3.14159
neg = -7
name = "bob's \\"50%\\" deal"
when = datetime.datetime(2024, 3, 9, 14, 5, 7)
items = [1, "two", 3.0]
pair = (1, "a")
data = {"k": "v", "a": 1}
empty = {}
user = types.SimpleNamespace(name="ann", email="ann@example.com", tags=["a", "b"])
"""

EAGER_CALLS = """\
logger.info(f"x={x} name={name}")
logger.info(f"repr {name!r} ascii {name!a} str {name!s}")
logger.info(f"spec {n:.2f} | {name:>8} | {x:>8} | {when:%Y-%m-%d} | {x:05d} | {n:+.3e} | {x:#x}")
logger.info(f"debug {x=} {n = :.1f} {name=!s}")
logger.info(f"literal 100% and %s and %(key)s with {x}")
logger.info(f"containers {items} {pair} {data} {empty} {pair!r}")
logger.info(f"one mapping {data}")
logger.info(f"one tuple {pair}")
logger.info(f"accessors {user.name} {user.tags[0]} {data['k']} {items[-1]}")
logger.info(f"len {len(items):3d} and {len(items) * 1.5:.1f} and {-x:+d}")
logger.info(
    f"implicit concatenation {x} "
    "with a plain piece at 50% "
    f"and {name!r}"
)
logger.info(rf"raw \\d+ {x} \\n")
logger.info(f'''triple "quoted" {name}''')
logger.info(f"braces {{x}} {x}")
logger.warning(f"level {x}", exc_info=False)
logger.log(logging.ERROR, f"log() level first {x}")
logger.info(msg=f"keyword message {x}", stacklevel=1)
logger.info("positional {} and {}".format(x, name))
logger.info("numbered {1} then {0}".format(x, name))
logger.info("keywords {who} has {count}".format(who=name, count=x))
logger.info("repeated {0} and {0!r} and {0}".format(name))
logger.info("attrs {0.name} <{0.email}> {0.tags[1]}".format(user))
logger.info("specs {:.3f} {:>6} {:%H:%M}".format(n, x, when))
logger.info("percent 100% {} {{braces}}".format(x))
logger.info("mapping {}".format(data))
logger.info("percent tuple %s and %r" % (x, name))
logger.info("percent dict %(k)s and %(a)d" % {"k": name, "a": x})
logger.info("percent single %s" % name)
logger.info("percent number %.2f%%" % n)
logger.info("percent nothing 100%%" % ())
logger.info("percent mapping %s" % (data,))
logger.info("concat " + name + " and " + str(x) + " and " + repr(name))
logger.info("concat f " + f"{x:>4}" + " end 100%")
"""


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def handleError(self, record: logging.LogRecord) -> None:  # a lost record must fail the test
        raise


def _log_output(source: str, level: int = logging.DEBUG) -> list[str]:
    """Run `source` as a module; the messages its logger emitted."""
    logger = logging.getLogger("loglint.fixcheck")
    handler = _Capture()
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(level)
    try:
        exec(compile(source, "app/fixcheck.py", "exec"), {"__name__": "app.fixcheck"})
    finally:
        logger.removeHandler(handler)
    return handler.messages


def test_fixed_module_logs_the_same_bytes():
    eager = PRELUDE + EAGER_CALLS
    fixed = fix(eager, CODES, unsafe=True)
    before, after = _log_output(eager), _log_output(fixed)
    assert len(before) == EAGER_CALLS.count("logger.")
    assert [m.encode() for m in after] == [m.encode() for m in before]
    # Every call was rewritten: each message is now a plain literal, and nothing is left to report.
    assert reported(fixed, CODES) == []
    calls = [node for node in ast.walk(ast.parse(fixed)) if isinstance(node, ast.Call) and _is_log(node)]
    messages = [call.args[1] if call.func.attr == "log" else (call.args or [k.value for k in call.keywords])[0] for call in calls]
    assert len(messages) == len(before)
    assert all(isinstance(m, ast.Constant) and isinstance(m.value, str) for m in messages)


def _is_log(node: ast.Call) -> bool:
    func = node.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "logger"


def test_fixed_calls_do_not_format_when_the_level_is_off():
    prelude = PRELUDE + dedent("""\
        calls = []
        class Loud:
            def __str__(self):
                calls.append(1)
                return "loud"
            __repr__ = __format__ = lambda self, *a: self.__str__()
        loud = Loud()
    """)
    eager = prelude + 'logger.debug(f"{loud} {loud!r}")\nlogger.debug("{}".format(loud))\nlogger.debug("%s" % (loud,))\n'
    fixed = fix(eager, CODES)
    assert _str_calls(eager) == 4
    assert _str_calls(fixed) == 0


def _str_calls(source: str) -> int:
    """How many times the module's `Loud` value was turned into text, with DEBUG disabled."""
    logging.getLogger("loglint.fixcheck").setLevel(logging.INFO)
    namespace: dict = {"__name__": "app.fixcheck"}
    exec(compile(source, "app/fixcheck.py", "exec"), namespace)
    return len(namespace["calls"])


def test_brace_placeholder_fix_prints_what_str_format_meant():
    source = PRELUDE + 'logger.info("synced {} of {} files", x, name)\n'
    fixed = fix(source, ["LL106"])
    assert _log_output(fixed) == ["synced {} of {} files".format(42, "bob's \"50%\" deal")]


def test_comments_keywords_and_layout_are_kept():
    assert_fixed(
        """\
        import logging
        logger = logging.getLogger(__name__)
        logger.error(
            f"payment {pid} failed",  # why it matters
            exc_info=True,
            extra={"pid": pid},
        )
        """,
        """\
        import logging
        logger = logging.getLogger(__name__)
        logger.error(
            "payment %s failed",
            pid,  # why it matters
            exc_info=True,
            extra={"pid": pid},
        )
        """,
        CODES,
    )


def test_implicit_concatenation_over_several_lines_keeps_its_lines():
    assert_fixed(
        """\
        import logging
        logging.warning(
            f"retrying {url} "  # the reason
            "after 50% of "
            f"{total!r}"
        )
        logging.info(
            "sent {} "
            "of {}".format(done, total)
        )
        """,
        """\
        import logging
        logging.warning(
            "retrying %s "  # the reason
            "after 50%% of "
            "%r",
            url,
            total,
        )
        logging.info(
            "sent %s "
            "of %s",
            done,
            total,
        )
        """,
        CODES,
    )


def test_msg_keyword_becomes_positional_only_when_arguments_follow():
    assert_fixed(
        'import logging\nlogging.info(msg=f"{a}", stacklevel=2)\nlogging.info(msg="%s" % (a,))\n',
        'import logging\nlogging.info("%s", a, stacklevel=2)\nlogging.info("%s", a)\n',
        CODES,
    )


def _applicability(source: str, code: str) -> list:
    result = run(source, [code])
    return [f.fix.applicability if f.fix else None for f in result.findings]


def test_fix_safety_follows_the_conversion():
    logger = "import logging\nlogger = logging.getLogger(__name__)\n"
    assert _applicability(logger + 'logger.info("%s" % (a,))\n', "LL103") == [Applicability.SAFE]
    assert _applicability(logger + 'logger.info("%s" % a)\n', "LL103") == [Applicability.UNSAFE]
    assert _applicability(logger + 'logger.info("{}".format(a, b))\n', "LL102") == [Applicability.UNSAFE]
    assert _applicability(logger + 'logger.info("a " + b)\n', "LL104") == [Applicability.UNSAFE]
    assert _applicability(logger + 'logger.info(f"{a:.2f}")\n', "LL101") == [Applicability.SAFE]


def test_unsafe_concatenation_fix_needs_unsafe_fixes():
    source = 'import logging\nlogging.info("a " + b)\n'
    assert fix(source, ["LL104"], unsafe=False) == source


def test_fstring_without_fields_is_not_reported():
    assert_clean('import logging\nlogging.info(f"done")\nlogging.info(f"{{x}}")\n', CODES)


def test_eager_message_with_its_own_arguments_is_reported_without_a_fix():
    source = 'import logging\nlogging.info(f"{a} %s", b)\n'
    assert_reports(source, [(2, "LL101")])
    assert fix(source, ["LL101"]) == source


def test_loguru_and_unknown_objects_are_left_alone():
    assert_clean(
        """\
        from loguru import logger
        logger.info(f"{a}")
        logger.info("{}", a)
        logger.info("%s" % a)

        def f(log):
            log.info("a " + b)
            log.info("{}".format(b))
        """,
        CODES,
    )


def test_logger_imported_from_another_project_module(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "log.py").write_text("import logging\nlogger = logging.getLogger('app')\n")
    source = b'from app.log import logger\nlogger.info(f"user {user}")\n'
    config = load_config(Path.cwd(), isolated=True)
    result = check_source("app/views.py", source, [LogFstring], config, ProjectIndex(tmp_path), "app.views")
    assert [(f.line, f.code) for f in result.findings] == [(2, "LL101")]
    assert reported(source, ["LL101"]) == []  # without the project, the import is unknown
