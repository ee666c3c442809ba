"""LL203's fix: the text `self.stdout.write(...)` writes (Django's OutputWrapper) equals what `print` wrote."""

from __future__ import annotations

import contextlib
import io
import sys
import types
from textwrap import dedent

from harness import default_config, fix, rules_for
from loglint.engine import check_source

COMMAND = '''
import sys
from django.core.management.base import BaseCommand


class Base(BaseCommand):
    pass


class Command(Base):
    def handle(self, count, name, items):
        print("starting")
        print()
        print("")
        print("orders:", count)
        print(f"synced {count} orders")
        print(count)
        print(name, items)
        print("a", count, "b", sep=", ")
        print("a", count, sep="")
        print("progress", end="")
        print(count, end="")
        print(" done", end=" ")
        print("", end="!")
        print("failed", count, file=sys.stderr)
        print(f"{count}", "{braces}", 'q"uote', "tab\\tnew\\nline")
        print("%d%%" % count, "{}!".format(name), sep="\\t")
        print(f"{name!r:>10}", f'{count}', items, end="\\n")
        print("x", None, sep=None, end=None)
'''


class OutputWrapper:
    """Django's `OutputWrapper.write`, without styles."""

    def __init__(self, out, ending="\n"):
        self._out, self.ending = out, ending

    def write(self, msg="", style_func=None, ending=None):
        ending = self.ending if ending is None else ending
        if ending and not msg.endswith(ending):
            msg += ending
        self._out.write(msg)


class BaseCommand:
    def __init__(self, out, err):
        self.stdout, self.stderr = OutputWrapper(out), OutputWrapper(err)


def _run(source: str) -> tuple[str, str]:
    base = types.ModuleType("django.core.management.base")
    base.BaseCommand = BaseCommand
    names = ["django", "django.core", "django.core.management"]
    saved = {name: sys.modules.get(name) for name in names + [base.__name__]}
    try:
        for name in names:
            sys.modules[name] = types.ModuleType(name)
        sys.modules[base.__name__] = base
        namespace: dict = {}
        exec(compile(source, "sync.py", "exec"), namespace)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            namespace["Command"](out, err).handle(3, "{name}", [1, "a"])
        return out.getvalue(), err.getvalue()
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def test_fixed_command_writes_the_same_text():  # every print, fixed, writes the same characters
    source = dedent(COMMAND)
    result = check_source("app/management/commands/sync.py", source.encode(), rules_for(["LL203"]), default_config())
    assert len(result.findings) == 18 and all(f.fix is not None for f in result.findings)
    fixed_text = fix(COMMAND, ["LL203"], True, "app/management/commands/sync.py")
    assert "print(" not in fixed_text
    assert _run(fixed_text) == _run(source)
