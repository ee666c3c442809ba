"""LL201/LL202 end to end: the fixed module logs, record by record, the text the original printed.

The main test runs a module of prints with stdout and stderr captured, fixes it with loglint
(`harness.fix`, unsafe fixes on), runs the fixed module with a handler that keeps `record.getMessage()`,
and compares: each printed line is one record, at `info` for stdout and `warning` for stderr.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from textwrap import dedent

from harness import assert_clean, assert_reports, fix

MODULE = dedent(
    '''\
    """A module that prints."""
    import sys
    from pprint import pprint


    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

        def __str__(self):
            return f"<{self.x}, {self.y}>"

        def __repr__(self):
            return "Point(%r, %r)" % (self.x, self.y)


    def report(name, count, ratio, point):
        print("report for", name)
        print("count:", count, "ratio:", ratio, None, True)
        print(name, count, ratio, sep=", ")
        print(name, count, sep="")
        print("a", "b", sep=None)
        print(count, ratio, sep=" | ", flush=True)
        print(point, [point], {"p": point})
        print({"only": "a dict"})
        print(("a", "tuple"))
        print(f"{point!r:>20} at {ratio:8.3f} / {count:05d} ({name=})")
        print(f"{name!r} is {ratio:.1%} done", "100%", count)
        print("100% done")
        print("100%% literally", "and %s too")
        print(f"100% {name}")
        print(r"raw\\text", 'quote"s', "tab\\tend")
        print("failed:", name, file=sys.stderr)
        print("explicit stdout", file=sys.stdout, end="\\n")
        print("multi\\nline", count)
        pprint({"b": [1, 2, 3], "a": point}, width=20)
        print("%d items, %s" % (count, name))
        print("{} / {!r} / {:>6}".format(name, count, ratio))
        print("eager %s" % name)
        print(
            "on several",
            "lines",
            point,
        )


    print("module level", 3, 4.5)
    report("orders", 42, 0.125, Point(1, 2))
    '''
)


def _printed(src: str) -> list[tuple[int, str]]:
    """(level the fix should use, text) for every print/pprint call the module makes, in order: the text
    each call wrote, without its final newline."""
    import builtins
    import pprint as pprint_module

    calls: list[tuple[int, str]] = []
    real_print, real_pprint = builtins.print, pprint_module.pprint

    def recording_print(*args, **kwargs):
        target = kwargs.pop("file", None)
        buffer = io.StringIO()
        real_print(*args, file=buffer, **kwargs)
        text = buffer.getvalue()
        assert text.endswith("\n")
        level = logging.WARNING if target is sys.stderr else logging.INFO
        calls.append((level, text[:-1]))
        real_print(*args, file=target, **kwargs)

    def recording_pprint(obj, *args, **kwargs):
        buffer = io.StringIO()
        real_pprint(obj, buffer, *args, **kwargs)
        calls.append((logging.DEBUG, buffer.getvalue()[:-1]))

    out, err = io.StringIO(), io.StringIO()
    builtins.print, pprint_module.pprint = recording_print, recording_pprint
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(src, "printdemo.py", "exec"), {"__name__": "printdemo"})
    finally:
        builtins.print, pprint_module.pprint = real_print, real_pprint
    stdout = "".join(text + "\n" for level, text in calls if level == logging.INFO)
    stderr = "".join(text + "\n" for level, text in calls if level == logging.WARNING)
    assert (out.getvalue(), err.getvalue()) == (stdout, stderr)
    return calls


def _logged(src: str) -> list[tuple[int, str]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("printdemo")
    handler = Keep(logging.DEBUG)
    logger.addHandler(handler)
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            exec(compile(src, "printdemo.py", "exec"), {"__name__": "printdemo"})
        assert out.getvalue() == "", "the fixed module still prints"
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return [(record.levelno, record.getMessage()) for record in records]


def test_fixed_module_logs_exactly_what_was_printed() -> None:
    fixed = fix(MODULE, ["LL201", "LL202"], filename="app/printdemo.py")
    assert "print(" not in fixed.replace("pprint", "")
    assert "pprint(" not in fixed
    assert "logger = logging.getLogger(__name__)" in fixed
    printed = _printed(MODULE)
    assert len(printed) == 24
    logged = _logged(fixed)
    for before, after in zip(printed, logged):
        assert after == before
    assert len(logged) == len(printed)


def test_fix_uses_lazy_arguments() -> None:
    fixed = fix('import sys\n\ndef f(a, x):\n    print("a", x)\n    print(a, file=sys.stderr)\n', ["LL201"])
    assert 'logger.info("a %s", x)' in fixed
    assert 'logger.warning("%s", a)' in fixed


def test_print_without_arguments_is_reported_without_fix() -> None:
    src = "def f():\n    print()\n"
    assert_reports(src, [(2, "LL201")])
    assert fix(src, ["LL201"]) == src


def test_other_end_is_not_fixed() -> None:
    src = 'def f(x):\n    print(x, end="")\n    print(x, end=" ")\n'
    assert fix(src, ["LL201"]) == src


def test_logger_name_taken_means_no_fix() -> None:
    src = "def f(logger, x):\n    print(x)\n"
    assert_reports(src, [(2, "LL201")])
    assert fix(src, ["LL201"]) == src


def test_print_to_a_file_is_not_reported() -> None:
    assert_clean("def f(fh, x):\n    print(x, file=fh)\n", ["LL201"])


def test_print_allowed_files_are_not_reported() -> None:
    for filename in ("manage.py", "setup.py", "scripts/load.py", "docs/conf.py", "app/tests/test_x.py", "conftest.py"):
        assert_clean("def f(x):\n    print(x)\n", ["LL201", "LL202"], filename=filename)


def test_pp_keeps_unsorted_dicts() -> None:
    fixed = fix("from pprint import pp\n\ndef f(x):\n    pp(x)\n", ["LL202"])
    assert 'logger.debug("%s", pformat(x, sort_dicts=False))' in fixed


def test_logging_bound_to_something_else_means_no_fix() -> None:
    src = "from django.utils import log as logging\n\n\ndef f(x):\n    print(x)\n"
    assert_reports(src, [(5, "LL201")])
    assert fix(src, ["LL201"]) == src


def test_command_line_modules_are_programs() -> None:
    assert_clean("import click\n\n\ndef main(x):\n    print(x)\n", ["LL201"])
    assert_clean("def main(x):\n    from argparse import ArgumentParser\n    print(x)\n", ["LL201"])
