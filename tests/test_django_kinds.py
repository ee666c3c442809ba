"""semantics/django.py: file kinds, `__main__` blocks and management command classes."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import libcst as cst

from harness import default_config
from loglint.engine import check_source
from loglint.project import ProjectIndex
from loglint.rule import Rule
from loglint.semantics.django import FileKinds, file_kinds, in_main_block, management_command_class


def kinds(path: str, src: str = "x = 1\n") -> FileKinds:
    found: list[FileKinds] = []

    class Probe(Rule):
        code, name, message = "LL999", "probe", "probe"

        def visit_Module(self, node: cst.Module) -> None:
            found.append(file_kinds(self.context))
            assert file_kinds(self.context) is found[0]  # cached

    result = check_source(path, src.encode(), [Probe], default_config())
    assert not result.errors, result.errors
    return found[0]


def probe_calls(src: str, path: str = "app/management/commands/sync.py", project=None, module_name="app.x") -> dict[str, tuple]:
    """For each call `f_<tag>()`: (in_main_block, name of the command class around it or None)."""
    found: dict[str, tuple] = {}

    class Probe(Rule):
        code, name, message = "LL999", "probe", "probe"

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value.startswith("f_"):
                cls = management_command_class(self.context)
                main = in_main_block(self.context)
                assert in_main_block(self.context, node) == main or node.func.value == "f_header"
                found[node.func.value[2:]] = (in_main_block(self.context, node), cls.name.value if cls else None)

    result = check_source(path, dedent(src).encode(), [Probe], default_config(), project, module_name)
    assert not result.errors, result.errors
    return found


def test_settings_kinds():  # settings.py, settings/ packages, settings_*.py and *_settings.py are settings
    assert kinds("proj/settings.py").is_settings
    assert kinds("proj/settings/base.py").is_settings
    assert kinds("proj/settings_prod.py").is_settings
    assert kinds("proj/local_settings.py").is_settings
    assert not kinds("proj/settingsview.py").is_settings


def test_dev_settings_from_config_globs():  # dev-settings globs decide development settings
    assert kinds("proj/settings/dev.py").is_dev_settings
    assert kinds("proj/settings_local.py").is_dev_settings
    assert not kinds("proj/settings/production.py").is_dev_settings


def test_app_module_kinds():  # models/views/admin modules or packages, migrations, command modules
    assert kinds("shop/models.py").is_models and kinds("shop/models/order.py").is_models
    assert kinds("shop/views.py").is_views and kinds("shop/views/api.py").is_views
    assert kinds("shop/admin.py").is_admin
    assert kinds("shop/migrations/0001_initial.py").is_migration
    assert kinds("shop/management/commands/sync.py").is_command_module
    assert kinds("shop/management/utility.py").is_management_module
    assert not kinds("shop/management/utility.py").is_command_module
    assert not kinds("shop/modelsutil.py").is_models


def test_test_kinds():  # tests/ folders, test_*.py, *_test.py, tests.py and conftest.py are tests
    for path in ("shop/tests/helpers.py", "shop/test_views.py", "shop/views_test.py", "shop/tests.py", "conftest.py"):
        assert kinds(path).is_test, path
    assert not kinds("shop/testing.py").is_test and not kinds("shop/contest.py").is_test


def test_print_allowed_and_entry_scripts():  # print.allowed globs and entry scripts
    assert kinds("scripts/load.py").is_print_allowed and kinds("manage.py").is_print_allowed
    assert not kinds("shop/views.py").is_print_allowed
    for name in ("manage.py", "proj/wsgi.py", "proj/asgi.py", "pkg/__main__.py", "setup.py"):
        assert kinds(name).is_entry_script, name
    assert not kinds("shop/views.py").is_entry_script


def test_has_main_block():  # a top-level `if __name__ == "__main__":` (either operand order)
    assert kinds("a.py", "if '__main__' == __name__:\n    pass\n").has_main_block
    assert not kinds("a.py", "if __name__ == 'app':\n    pass\n").has_main_block


def test_absolute_path_is_made_relative_to_root():  # an absolute path under config.root matches relative globs
    root = default_config().root
    assert kinds(str(Path(root) / "scripts" / "x.py")).is_print_allowed


def test_in_main_block():  # lexically under the guard (a given node: compound headers too), functions there included; not its else
    src = """
    f_top()
    def helper():
        f_helper()
    if __name__ == "__main__":
        f_main()
        def inner():
            f_inner()
        if True:
            f_nested()
        for x in f_header():
            pass
    else:
        f_else()
    """
    found = probe_calls(src)
    assert {tag for tag, (main, _) in found.items() if main} == {"main", "inner", "nested", "header"}


def test_command_class_direct_and_two_levels_down():  # BaseCommand through any depth and any alias
    src = """
    from django.core import management
    from django.core.management.base import BaseCommand as BC

    class Base(BC):
        pass

    class Middle(Base):
        def handle(self):
            f_middle()

    class Sync(Middle):
        def handle(self):
            f_sync()
            class Inner:
                def x(self):
                    f_inner()

    class Other(management.BaseCommand):
        def handle(self):
            f_other()

    class Command:
        def handle(self):
            f_fake()

    def helper():
        f_helper()
    """
    found = probe_calls(src)
    assert {tag: cls for tag, (_, cls) in found.items()} == {
        "middle": "Middle", "sync": "Sync", "inner": "Sync", "other": "Other", "fake": None, "helper": None,
    }


def test_command_class_through_project_module(tmp_path: Path):  # a base imported from another project module
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "commands.py").write_text(
        "from django.core.management.base import BaseCommand\n\nclass ProjectCommand(BaseCommand):\n    pass\n"
    )
    (tmp_path / "core" / "notcommands.py").write_text("class ProjectCommand:\n    pass\n")
    src = """
    from core.commands import ProjectCommand
    from core.notcommands import ProjectCommand as Plain

    class Command(ProjectCommand):
        def handle(self):
            f_cmd()

    class NotCommand(Plain):
        def handle(self):
            f_plain()
    """
    found = probe_calls(src, project=ProjectIndex(tmp_path))
    assert found == {"cmd": (False, "Command"), "plain": (False, None)}
