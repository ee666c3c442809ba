"""The cache (`cache.py`): warm runs check nothing and print the same; an entry is dropped when the file,
a project module its check read, a module it found missing, or the config changes; damaged entries and
unwritable folders never stop a run; fixing runs and `--no-cache` leave no cache behind."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import loglint.engine
import loglint.project
import loglint.runner
from loglint import cache as cache_module
from loglint.cli import cli
from loglint.project import ProjectIndex

LOGGER_MODULE = "import logging\n\nlogger = logging.getLogger(__name__)\n"
USES_LOGGER = 'from app.log import logger\n\n\ndef f(x):\n    logger.info(f"x {x}")\n'
PLAIN = "def g():\n    return 1\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "log.py").write_text(LOGGER_MODULE)
    (root / "app" / "views.py").write_text(USES_LOGGER)
    (root / "app" / "more.py").write_text(USES_LOGGER.replace("f(x)", "h(x)"))
    (root / "app" / "plain.py").write_text(PLAIN)
    monkeypatch.chdir(root)
    monkeypatch.delenv(cache_module.ENV_VAR)  # the default place: .loglint_cache/ in the project root
    return root


class Counting:
    """Which files the engine checked and which project modules were parsed, during one run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checked: list[str] = []
        self.parsed: list[str] = []
        check_source = loglint.engine.check_source
        parse_source = loglint.project.parse_source

        def counting_check(path, *args, **kwargs):
            self.checked.append(Path(path).name)
            return check_source(path, *args, **kwargs)

        def counting_parse(data, path="", *args, **kwargs):
            self.parsed.append(Path(path).name)
            return parse_source(data, path, *args, **kwargs)

        monkeypatch.setattr(loglint.engine, "check_source", counting_check)
        monkeypatch.setattr(loglint.project, "parse_source", counting_parse)

    def run(self, *args: str) -> tuple[str, str, int]:
        self.checked.clear()
        self.parsed.clear()
        result = CliRunner().invoke(cli, ["check", "--isolated", "-j", "1", *args], catch_exceptions=False)
        return result.stdout, result.stderr, result.exit_code


def _write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _codes(stdout: str) -> set[tuple[str, str]]:
    return {(Path(item["filename"]).name, item["code"]) for item in json.loads(stdout)}


def test_a_warm_run_checks_nothing_and_prints_the_same(project, monkeypatch):
    runs = Counting(monkeypatch)
    cold = runs.run("--output-format", "json", ".")
    assert sorted(runs.checked) == ["__init__.py", "log.py", "more.py", "plain.py", "views.py"]
    assert runs.parsed == ["log.py"]  # the imported module, once for both importers
    warm = runs.run("--output-format", "json", ".")
    assert runs.checked == [] and runs.parsed == []
    assert warm == cold
    assert _codes(cold[0]) == {("views.py", "LL101"), ("more.py", "LL101")}
    # JSON output needs the fixes as edits: the entry holds them, so they come back identical.
    assert all(item["fix"] and item["fix"]["edits"] for item in json.loads(warm[0]))


def test_the_cache_folder_is_tagged_and_ignored_by_git(project, monkeypatch):
    Counting(monkeypatch).run(".")
    folder = project / ".loglint_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    written = {p.relative_to(project).parts[0] for p in project.rglob("*") if p.is_file()}
    assert written == {"app", ".loglint_cache"}  # nothing else written in the checked folders


def test_editing_a_file_rechecks_only_that_file(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run(".")
    (project / "app" / "plain.py").write_text(PLAIN + "\n\ndef k():\n    print('x')\n")
    runs.run(".")
    assert runs.checked == ["plain.py"]
    assert runs.parsed == []  # app/log.py did not change: its answer was not needed


def test_a_changed_imported_logger_rechecks_every_importer(project, monkeypatch):
    runs = Counting(monkeypatch)
    before = runs.run("--output-format", "json", ".")
    assert _codes(before[0]) == {("views.py", "LL101"), ("more.py", "LL101")}
    # `logger` is no longer a logger: both importers change, though neither file did. The second
    # importer was answered from the index's memo in the cold run; it recorded the dependency all the same.
    (project / "app" / "log.py").write_text("logger = object()\n")
    after = runs.run("--output-format", "json", ".")
    assert sorted(runs.checked) == ["log.py", "more.py", "views.py"]
    assert _codes(after[0]) == set()


def test_a_module_that_was_missing_and_appears_rechecks_the_importer(project, monkeypatch):
    runs = Counting(monkeypatch)
    (project / "app" / "views.py").write_text(USES_LOGGER.replace("app.log", "app.later"))
    before = runs.run("--output-format", "json", ".")
    assert ("views.py", "LL101") not in _codes(before[0])  # not known to be a logger
    (project / "app" / "later.py").write_text(LOGGER_MODULE)
    after = runs.run("--output-format", "json", ".")
    assert sorted(runs.checked) == ["later.py", "views.py"]
    assert ("views.py", "LL101") in _codes(after[0])


def test_a_run_on_a_few_files_uses_the_entries_of_a_full_run(project, monkeypatch):
    runs = Counting(monkeypatch)
    full = runs.run("--output-format", "json", ".")
    few = runs.run("--output-format", "json", "app/views.py", "app/plain.py")
    assert runs.checked == []
    assert _codes(few[0]) == {("views.py", "LL101")} and _codes(full[0]) >= _codes(few[0])


def test_another_config_is_another_entry(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run(".")
    ignored = runs.run("--output-format", "json", "--ignore", "LL101", ".")
    assert len(runs.checked) == 5 and _codes(ignored[0]) == set()
    pfi = runs.run("--output-format", "json", "--per-file-ignores", "app/views.py:LL101", ".")
    assert len(runs.checked) == 5 and _codes(pfi[0]) == {("more.py", "LL101")}
    runs.run(".")
    assert runs.checked == []  # the first config's entries are still there


def test_a_changed_config_file_invalidates(project, monkeypatch):
    runs = Counting(monkeypatch)
    config = project / "loglint.toml"
    config.write_text("ignore = []\n")
    args = ("--output-format", "json", "--config", "loglint.toml", ".")
    first = CliRunner().invoke(cli, ["check", "-j", "1", *args], catch_exceptions=False)
    assert _codes(first.stdout) == {("views.py", "LL101"), ("more.py", "LL101")}
    config.write_text('ignore = ["LL101"]\n')
    runs.checked.clear()
    second = CliRunner().invoke(cli, ["check", "-j", "1", *args], catch_exceptions=False)
    assert _codes(second.stdout) == set() and len(runs.checked) == 5


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_damaged_entries_are_misses(project, monkeypatch, damage):
    runs = Counting(monkeypatch)
    cold = runs.run("--output-format", "json", ".")
    entries = [p for p in (project / ".loglint_cache").rglob("*") if p.is_file() and p.parent.parent.name == "v1"]
    assert len(entries) == 5
    for entry in entries:
        entry.write_bytes(damage or entry.read_bytes()[: len(entry.read_bytes()) // 2])
    again = runs.run("--output-format", "json", ".")
    assert again == cold and len(runs.checked) == 5
    runs.run("--output-format", "json", ".")
    assert runs.checked == []  # rewritten


def test_no_cache_reads_and_writes_nothing(project, monkeypatch, tmp_path):
    runs = Counting(monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    runs.run("--no-cache", ".")
    runs.run("--no-cache", "--cache-dir", str(elsewhere), ".")
    assert not (project / ".loglint_cache").exists() and not elsewhere.exists()
    runs.run(".")
    runs.run("--no-cache", ".")
    assert len(runs.checked) == 5  # an existing cache is not read either


def test_cache_dir_flag_beats_the_environment(project, monkeypatch, tmp_path):
    runs = Counting(monkeypatch)
    monkeypatch.setenv(cache_module.ENV_VAR, str(tmp_path / "from-env"))
    runs.run(".")
    assert (tmp_path / "from-env" / "CACHEDIR.TAG").is_file()
    runs.run("--cache-dir", str(tmp_path / "from-flag"), ".")
    assert (tmp_path / "from-flag" / "CACHEDIR.TAG").is_file() and len(runs.checked) == 5
    assert not (project / ".loglint_cache").exists()


def test_an_unwritable_cache_dir_is_one_warning_and_the_run_goes_on(project, monkeypatch, tmp_path):
    runs = Counting(monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    stdout, stderr, code = runs.run("--output-format", "concise", "--cache-dir", str(blocker / "cache"), ".")
    assert code == 1 and "LL101" in stdout
    warnings = [line for line in stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1 and warnings[0].startswith("loglint: warning: cache directory")
    quiet = runs.run("-q", "--cache-dir", str(blocker / "cache"), ".")
    assert "cache" not in quiet[1]


def test_fixing_runs_do_not_use_the_cache(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run("--diff", ".")
    runs.run("--fix", ".")
    assert not (project / ".loglint_cache").exists()
    assert "logger.info(\"x %s\", x)" in (project / "app" / "views.py").read_text()


def test_workers_write_entries_the_parent_reads(project, monkeypatch):
    for number in range(25):
        (project / "app" / f"m{number}.py").write_text(USES_LOGGER.replace("f(x)", f"f{number}(x)"))
    runs = Counting(monkeypatch)
    result = CliRunner().invoke(cli, ["check", "--isolated", "-j", "2", "--output-format", "json", "."])
    assert runs.checked == []  # checked in the pool
    warm = CliRunner().invoke(cli, ["check", "--isolated", "-j", "2", "--output-format", "json", "."])
    assert runs.checked == [] and warm.stdout == result.stdout
    assert len(json.loads(warm.stdout)) == 27
    (project / "app" / "log.py").write_text("logger = object()\n")
    after = CliRunner().invoke(cli, ["check", "--isolated", "-j", "2", "--output-format", "json", "."])
    assert json.loads(after.stdout) == []


# -- the pieces ---------------------------------------------------------------------------------


def test_a_project_wide_scan_is_vouched_for_by_the_project_fingerprint(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    index = ProjectIndex(tmp_path)
    with index.deps.collect() as deps:
        assert index.mentions(b"setLogRecordFactory") is False
    assert deps == {("mentions", b"setLogRecordFactory"): False}
    fingerprint = cache_module.project_fingerprint(tmp_path)
    assert cache_module.Validator(ProjectIndex(tmp_path)).valid(deps, fingerprint)
    # Another file changed, not the token: the fingerprint differs, the replayed answer does not.
    (tmp_path / "b.py").write_text("y = 2\n")
    assert cache_module.Validator(ProjectIndex(tmp_path)).valid(deps, fingerprint)
    (tmp_path / "c.py").write_text("logging.setLogRecordFactory(f)\n")
    assert not cache_module.Validator(ProjectIndex(tmp_path)).valid(deps, fingerprint)


def test_a_memoised_answer_carries_its_inputs_to_every_file_it_serves(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "log.py").write_text(LOGGER_MODULE)
    index = ProjectIndex(tmp_path)
    with index.deps.collect() as first:
        assert index.binds_logger("pkg.log", "logger")
    with index.deps.collect() as second:
        assert index.binds_logger("pkg.log", "logger")  # served from the memo
    assert first == second
    assert second[("module", "pkg.log")] == str((tmp_path / "pkg" / "log.py").resolve())
    assert ("file", str((tmp_path / "pkg" / "log.py").resolve())) in second


def test_unknown_dependency_kinds_are_changes(tmp_path):
    validator = cache_module.Validator(ProjectIndex(tmp_path))
    assert not validator.valid({("no-such-kind", "x"): None}, None)
    assert validator.valid({("isfile", str(tmp_path / "nope")): False}, None)


def test_pruning_drops_old_entries_then_the_least_recently_used(tmp_path):
    entries = tmp_path / "v1" / "ab"
    entries.mkdir(parents=True)
    now = time.time()
    ages = {"old": 40 * 86400, "used-long-ago": 3 * 86400, "used-lately": 60, ".tmp-stale": 7200}
    for name, age in ages.items():
        (entries / name).write_bytes(b"x" * 1000)
        os.utime(entries / name, (now - age, now - age))
    cache_module._prune(tmp_path / "v1", now, max_bytes=1500)
    assert sorted(p.name for p in entries.iterdir()) == ["used-lately"]


def test_an_entry_that_would_run_code_is_a_miss(project, monkeypatch, tmp_path):
    """A `.loglint_cache/` committed to the checked repository must not run code when read."""
    import pickle

    runs = Counting(monkeypatch)
    runs.run(".")
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for entry in (project / ".loglint_cache").rglob("*"):
        if entry.is_file() and entry.parent.parent.name == "v1":
            entry.write_bytes(pickle.dumps({"format": cache_module.CACHE_FORMAT, "report": Evil()}))
    runs.run(".")
    assert not marker.exists() and len(runs.checked) == 5


def test_another_loglint_build_rechecks_and_replaces_the_entries(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run(".")
    monkeypatch.setattr(cache_module, "build_fingerprint", lambda: "another build")
    runs.run(".")
    assert len(runs.checked) == 5
    entries = [p for p in (project / ".loglint_cache").rglob("*") if p.is_file() and p.parent.parent.name == "v1"]
    assert len(entries) == 5  # overwritten, not added to


def test_rules_and_semantics_read_no_files_behind_the_index():
    """What a check reads outside its own file must go through the project index, which records it for
    the cache (CONTRIBUTING.md, "Project queries and the cache"); a direct read would make warm runs
    stale. The exceptions: whether the checked file itself is a file; the model index's own walk."""
    import ast

    import loglint

    package = Path(loglint.__file__).parent
    file_calls = {"read_bytes", "read_text", "is_file", "is_dir", "exists", "iterdir", "glob", "rglob", "stat",
                  "listdir", "scandir", "open", "lstat", "os.walk"}
    allowed = {
        ("semantics/logging_sites.py", "is_file"),
        # the model index walks and reads the project, built only by `ProjectIndex.models()`, which records
        # what the build read (`models_stat`, `models`); a saved index checks the same files (`from_state`)
        ("semantics/models.py", "os.walk"),
        ("semantics/models.py", "os.stat"),
        ("semantics/models.py", "open"),
    }
    found = set()
    for path in [*package.glob("rules/**/*.py"), *package.glob("semantics/*.py"), package / "engine.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "os":
                    name = f"os.{name}"
                if name in file_calls or (name.startswith("os.") and name[3:] in file_calls):
                    found.add((path.relative_to(package).as_posix(), name))
    assert found <= allowed, found - allowed


@pytest.mark.parametrize("where", ["shop/settings/production.py", "shop/settings/staging.py"])
def test_a_setting_added_in_another_settings_module_rechecks_the_file_that_needed_it(tmp_path, monkeypatch, where):
    """LL606 in base.py asks whether any settings module sets SCOUT_MONITOR (`settings_mention`): an edit
    of another settings module, or a new one, changes base.py's findings though base.py did not change."""
    import shutil

    shop = tmp_path / "apm_shop"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "apm_shop", shop)
    monkeypatch.chdir(shop)
    runs = Counting(monkeypatch)
    before = runs.run("--select", "LL6", "--output-format", "json", ".")
    assert ("base.py", "LL606") in _codes(before[0])
    target = shop / where
    old = target.read_text() if target.exists() else "import os\n"
    target.write_text(old + 'SCOUT_MONITOR = os.environ.get("SCOUT_MONITOR") == "1"\n')
    after = runs.run("--select", "LL6", "--output-format", "json", ".")
    assert ("base.py", "LL606") not in _codes(after[0])
    assert "base.py" in runs.checked and "wsgi.py" not in runs.checked


# -- cached equals uncached, through a sequence of edits that each change what another file's check reads --

BASE_SETTINGS = """\
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "proj.logs.JsonFormatter"},
        "rid": {"format": "%(request_id)s %(message)s"},
        "task": {"format": "%(taskName)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "rid"},
        "tasks": {"class": "logging.StreamHandler", "formatter": "task"},
    },
    "root": {"handlers": ["console", "tasks", "sentry"]},
}
"""
PRODUCTION_SETTINGS = """\
from .base import *

LOGGING["handlers"]["sentry"] = {"class": "logging.StreamHandler", "formatter": "json"}
"""
SCRIPT = "import logging\n\n\ndef setup():\n    logging.basicConfig(level=logging.INFO)\n"

EDITS = [
    ("manage.py", None),  # no longer a Django project
    ("proj/settings/production.py", "DEBUG = False\n"),  # base.py is whole: its 'sentry' is undefined
    ("proj/settings/staging.py", "from .base import *\n"),  # a new module completes base.py
    ("proj/logs.py", "import logging\n\nclass JsonFormater(logging.Formatter):\n    pass\n"),  # class renamed
    ("pyproject.toml", '[project]\nname = "p"\nrequires-python = ">=3.13"\n'),  # the oldest Python
    ("proj/apps.py", "import logging\nlogging.setLogRecordFactory(make_record)\n"),  # a record factory
    ("app/log.py", "logger = object()\n"),  # no longer a logger
    ("manage.py", "import sys\n"),  # a Django project again
    ("app/log.py", LOGGER_MODULE),
]


def test_cached_runs_print_what_uncached_runs_print_through_project_edits(tmp_path, monkeypatch):
    root = tmp_path / "site"
    files = {
        "manage.py": "import sys\n",
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": BASE_SETTINGS,
        "proj/settings/production.py": PRODUCTION_SETTINGS,
        "proj/logs.py": "import logging\n\nclass JsonFormatter(logging.Formatter):\n    pass\n",
        "app/__init__.py": "",
        "app/log.py": LOGGER_MODULE,
        "app/views.py": USES_LOGGER,
        "app/setup_logging.py": SCRIPT,
    }
    _write_files(root, files)
    monkeypatch.chdir(root)
    runs = Counting(monkeypatch)
    args = ("--select", "LL", "--output-format", "json", ".")
    outputs = [runs.run(*args)[0]]
    for name, text in EDITS:
        if text is None:
            (root / name).unlink()
        else:
            (root / name).write_text(text)
        cached = runs.run(*args)[0]
        rechecked = len(runs.checked)
        assert cached == runs.run("--no-cache", *args)[0], name
        assert 0 < rechecked < len(runs.checked), name  # the cache served some files, not all
        outputs.append(cached)
    changes = [before != after for before, after in zip(outputs, outputs[1:])]
    assert all(changes), changes  # every edit changed some other file's findings


def test_verbose_says_how_many_files_came_from_the_cache(project, monkeypatch):
    runs = Counting(monkeypatch)
    assert "loglint: cache: 0 of 5 files unchanged" in runs.run("-v", ".")[1]
    (project / "app" / "plain.py").write_text(PLAIN + "\n")
    assert "loglint: cache: 4 of 5 files unchanged" in runs.run("-v", ".")[1]
    assert "cache" not in runs.run("-v", "--no-cache", ".")[1]


def _shop(tmp_path: Path) -> Path:
    app = tmp_path / "shop"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text("from django.db import models\n\n\nclass Order(models.Model):\n    pass\n")
    (app / "views.py").write_text("def index(request):\n    return 1\n")
    (app / "helpers.py").write_text("from shop.models import Order as Renamed\n")
    return app


def _still_valid(tmp_path: Path, deps) -> bool:
    return cache_module.Validator(ProjectIndex(tmp_path)).valid(deps, None)


def test_the_model_index_is_a_dependency_of_every_file_that_used_it(tmp_path):
    """`ProjectIndex.models()` reads the whole project: a file whose check used it depends on what the
    index's build read (the modules walked, the bytes of those it parsed, the base names of the others'
    classes), replayed by building it again only when a module's size or time changed."""
    app = _shop(tmp_path)
    index = ProjectIndex(tmp_path)
    with index.deps.collect() as deps:
        assert index.models().by_label("shop.Order") is not None
    assert [kind for kind, _ in deps] == ["models_stat", "models"]
    assert _still_valid(tmp_path, deps)
    with index.deps.collect() as again:
        index.models()  # the same process: the index is not rebuilt, the dependency is recorded again
    assert again == deps

    # an edit to a module the build did not parse, which changes no base name: still valid, although
    # the sizes and times changed (the index is built again to tell)
    (app / "views.py").write_text("def index(request):\n    return 2  # edited\n")
    assert _still_valid(tmp_path, deps)
    # near misses: a class deriving from a model there, a new module, an edit to the models module
    (app / "views.py").write_text("from shop.models import Order\n\n\nclass Special(Order):\n    pass\n")
    assert not _still_valid(tmp_path, deps)
    (app / "views.py").write_text("def index(request):\n    return 2  # edited\n")
    assert _still_valid(tmp_path, deps)
    (app / "forms.py").write_text("x = 1\n")
    assert not _still_valid(tmp_path, deps)
    (app / "forms.py").unlink()
    assert _still_valid(tmp_path, deps)
    (app / "models.py").write_text("from django.db import models\n\n\nclass Order(models.Model):\n    n = 1\n")
    assert not _still_valid(tmp_path, deps)


def test_a_module_the_index_parses_later_for_a_file_is_that_files_dependency(tmp_path):
    """A name followed through a module the build did not parse (`shop.helpers`, a re-export) parses
    it on the file's behalf: its bytes join the dependencies of that file and of every file that reads
    it again, directly or through an answer memoised from it; not those of the other files."""
    app = _shop(tmp_path)
    index = ProjectIndex(tmp_path)
    models = index.models()
    helpers = ("file", str(app / "helpers.py"))
    with index.deps.collect() as first:
        assert models.canonical("shop.helpers.Renamed") == "shop.models.Order"
    assert first[helpers] is not None
    with index.deps.collect() as again:
        assert models.canonical("shop.helpers.Renamed") == "shop.models.Order"
    assert helpers in again
    with index.deps.collect() as other:
        index.models()
        assert models.canonical("shop.models.Order") == "shop.models.Order"
    assert helpers not in other  # near miss: the module was parsed for another file
    with index.deps.collect() as deps:
        index.models()
        models.canonical("shop.helpers.Renamed")
    assert _still_valid(tmp_path, deps)
    (app / "helpers.py").write_text("from shop.models import Order as Renamed  # edited\n")
    assert not _still_valid(tmp_path, deps)


def test_a_memoised_summary_records_the_modules_it_read_each_time_it_is_served(tmp_path):
    import types

    from loglint.semantics.summaries import class_mro

    app = _shop(tmp_path)
    (app / "querysets.py").write_text(
        "from django.db import models\n\n\nclass Base(models.QuerySet):\n    pass\n\n\nclass Books(Base):\n    pass\n"
    )
    index = ProjectIndex(tmp_path)
    models = index.models()
    resolver = types.SimpleNamespace(index=models)
    querysets = ("file", str(app / "querysets.py"))
    with index.deps.collect() as first:
        assert [node.name for _, node in class_mro(resolver, "shop.querysets.Books")] == ["Books", "Base"]
    assert querysets in first
    with index.deps.collect() as served:
        assert [node.name for _, node in class_mro(resolver, "shop.querysets.Books")] == ["Books", "Base"]
    assert served == {querysets: first[querysets]}  # from the memo, without parsing or following again
    with index.deps.collect() as other:
        assert class_mro(resolver, "shop.models.Order") is None
    assert querysets not in other


ORM_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\n\nfrom shop.querysets import BookQuerySet\n\n\n"
        "class Author(models.Model):\n    name = models.CharField(max_length=10)\n\n\n"
        "class Book(models.Model):\n    title = models.CharField(max_length=10)\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n\n"
        "    objects = BookQuerySet.as_manager()\n"
    ),
    # parsed by the index's build (the manager's queryset)
    "shop/querysets.py": (
        "from django.db import models\n\n\nclass BookQuerySet(models.QuerySet):\n"
        "    def listed(self):\n        return self.select_related(\"author\")\n"
    ),
    # parsed after the build, when a view follows `recent_books`
    "shop/helpers.py": (
        "from shop.models import Book\n\n\ndef recent_books():\n"
        "    return Book.objects.filter(title__startswith=\"a\")\n"
    ),
    "shop/views.py": (
        "from shop.helpers import recent_books\nfrom shop.models import Book\n\n\n"
        "def names(request):\n    return [book.author.name for book in recent_books()]\n\n\n"
        "def listed(request):\n    return [book.author.name for book in Book.objects.listed()]\n"
    ),
    "shop/views_more.py": (
        "from shop.helpers import recent_books\nfrom shop.models import Book\n\n\n"
        "def titles(request):\n    return [(b.title, b.author.name) for b in Book.objects.listed()]\n\n\n"
        "def more(request):\n    return [b.author.name for b in recent_books()]\n"
    ),
    "shop/plain.py": "def g():\n    return 1\n",
}

# (file, new text or None to delete it, the files the run after the edit checks again)
_USERS = ["models.py", "views.py", "views_more.py"]  # the files whose checks read the model index
ORM_EDITS = [
    ("shop/plain.py", "def g():\n    return 2\n", ["plain.py"]),  # the index never read it
    # parsed after the build for the views: they and itself
    ("shop/helpers.py", ORM_FILES["shop/helpers.py"].replace(")\n", ").select_related(\"author\")\n"), ["helpers.py", "views.py", "views_more.py"]),
    # read by the build: every file that used the index
    ("shop/querysets.py", ORM_FILES["shop/querysets.py"].replace('select_related("author")', "all()"), sorted(_USERS + ["querysets.py"])),
    ("shop/plain.py", "from shop.models import Book\n\n\nclass Special(Book):\n    pass\n", sorted(_USERS + ["plain.py"])),  # a model now
    ("shop/plain.py", None, _USERS),  # a module gone
    ("shop/models.py", ORM_FILES["shop/models.py"].replace("author = models.ForeignKey(Author, on_delete=models.CASCADE)", "author = None"), _USERS),
]


def test_cached_runs_print_what_uncached_runs_print_through_model_edits(tmp_path, monkeypatch):
    """The N+1 rules read the model index: after each edit, a cached run prints what an uncached one
    does, and checks again only the files whose answers the edit can change (an edit to a module the
    index never read, only that module; to one parsed after the build, the files that followed a name
    through it; to one the build read, every file that used the index)."""
    outputs = _through_edits(tmp_path / "site", monkeypatch, ORM_FILES, ORM_EDITS)
    # the helper's rows in both views, then select_related in the helper, then listed() without it
    assert [o.count("LL701") for o in outputs] == [2, 2, 0, 2, 2, 2, 0]


def test_the_model_index_is_saved_and_used_while_the_files_it_read_hold(tmp_path):
    """A pre-commit run on a few files loads the index an earlier run saved instead of parsing the
    project's models; an edit the build could see (a models module, a new module, a base name) makes
    it build again, an edit elsewhere does not."""
    app = _shop(tmp_path)
    store = tmp_path / ".loglint_cache"

    def models():
        index = ProjectIndex(tmp_path)
        index.index_store = store
        return index.models()

    first = models()
    assert not first.loaded
    again = models()
    assert again.loaded and again.inputs == first.inputs
    assert again.by_label("shop.Order") == first.by_label("shop.Order")
    assert again.canonical("shop.helpers.Renamed") == "shop.models.Order"  # parsed from the file, late
    (app / "views.py").write_text("def index(request):\n    return 3\n")
    assert models().loaded
    (app / "views.py").write_text("from shop.models import Order\n\n\nclass Special(Order):\n    pass\n")
    rebuilt = models()
    assert not rebuilt.loaded and rebuilt.by_label("shop.Special") is not None
    assert models().loaded  # saved again
    (app / "models.py").write_text("from django.db import models\n\n\nclass Order(models.Model):\n    n = 1\n")
    assert not models().loaded
    (app / "forms.py").write_text("x = 1\n")
    assert not models().loaded


def test_a_damaged_or_foreign_saved_index_is_built_again(tmp_path):
    import pickle

    _shop(tmp_path)
    store = tmp_path / ".loglint_cache"
    index = ProjectIndex(tmp_path)
    index.index_store = store
    built = index.models()
    saved = cache_module._index_path(store, built.roots)
    for damage in (b"", saved.read_bytes()[:100], pickle.dumps({"build": "x", "state": {}})):
        saved.write_bytes(damage)
        again = ProjectIndex(tmp_path)
        again.index_store = store
        assert not again.models().loaded
    # a file that would run code when loaded is not loaded (and the code does not run)
    saved.write_bytes(pickle.dumps({"build": cache_module.build_fingerprint(), "state": os.system}))
    again = ProjectIndex(tmp_path)
    again.index_store = store
    assert not again.models().loaded


def test_cached_runs_load_the_saved_index(tmp_path, monkeypatch):
    """The command line saves the index in the cache folder, and a run that checks a file again loads it
    (no module of the project is parsed for it) and prints what an uncached run prints."""
    import loglint.semantics.models as models_module

    root = tmp_path / "site"
    _write_files(root, ORM_FILES)
    monkeypatch.chdir(root)
    runs = Counting(monkeypatch)
    args = ("--select", "LL7", "--output-format", "concise", ".")
    first = runs.run(*args)[0]
    builds = []
    real = models_module.ModelIndex._build.__func__
    monkeypatch.setattr(models_module.ModelIndex, "_build", classmethod(lambda cls, *a: builds.append(a) or real(cls, *a)))
    (root / "shop/views.py").write_text(ORM_FILES["shop/views.py"] + "\n# edited\n")
    again = runs.run(*args)[0]
    assert runs.checked == ["views.py"] and not builds
    assert again == first == runs.run("--no-cache", *args)[0]
    assert len(builds) == 1  # --no-cache: built, not loaded


def _through_edits(root: Path, monkeypatch, files: dict[str, str], edits, *args: str) -> list[str]:
    """Write `files` under `root` and run the LL7 rules with the cache; then for each edit (file, new text
    or None to delete it, the files the run after it checks again, or None not to count them, as under
    `-j 2` where the workers check them), a cached run must print what a `--no-cache` run prints. The
    cached runs' outputs, the first one's included."""
    _write_files(root, files)
    monkeypatch.chdir(root)
    runs = Counting(monkeypatch)
    args = ("--select", "LL7", "--output-format", "concise", *args, ".")
    outputs = [runs.run(*args)[0]]
    for name, text, rechecked in edits:
        if text is None:
            (root / name).unlink()
        else:
            (root / name).write_text(text)
        cached = runs.run(*args)[0]
        if rechecked is not None:
            assert sorted(runs.checked) == rechecked, (name, sorted(runs.checked))
        assert cached == runs.run("--no-cache", *args)[0], name
        outputs.append(cached)
    return outputs


_BOOKS = (
    "from django.db import models\n\n\n"
    "class Author(models.Model):\n    name = models.CharField(max_length=10)\n\n\n"
    "class Book(models.Model):\n    title = models.CharField(max_length=10)\n"
    "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"
)
# A serializer whose base is in another module: neither is parsed by the index's build (their bases
# name no model), both are read after it for the views; the serializer's class is memoised for every
# file (`drf.SerializerReads`), and must record the base's module for each view it is served to.
DRF_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": _BOOKS,
    "shop/base_serializers.py": (
        "from rest_framework import serializers\n\nfrom shop.models import Author\n\n\n"
        "class AuthorSerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n        model = Author\n        fields = [\"name\"]\n\n\n"
        "class BaseBookSerializer(serializers.ModelSerializer):\n    pass\n"
    ),
    "shop/serializers.py": (
        "from shop.base_serializers import BaseBookSerializer\nfrom shop.models import Book\n\n\n"
        "class BookSerializer(BaseBookSerializer):\n"
        "    class Meta:\n        model = Book\n        fields = [\"title\", \"author\"]\n"
    ),
    "shop/views_a.py": (
        "from rest_framework import generics\n\nfrom shop.models import Book\n"
        "from shop.serializers import BookSerializer\n\n\n"
        "class BookList(generics.ListAPIView):\n    queryset = Book.objects.all()\n"
        "    serializer_class = BookSerializer\n"
    ),
}
DRF_FILES["shop/views_b.py"] = DRF_FILES["shop/views_a.py"].replace("BookList", "OtherBookList")
_NESTED = DRF_FILES["shop/base_serializers.py"].replace("    pass\n", "    author = AuthorSerializer()\n")
DRF_EDITS = [
    # the base declares a nested serializer: both views read it per row (the second one was served
    # the memoised class, and is checked again all the same; `serializers.py` follows its class's
    # base to tell whether it is a ModelAdmin)
    ("shop/base_serializers.py", _NESTED, ["base_serializers.py", "serializers.py", "views_a.py", "views_b.py"]),
    ("shop/views_a.py", DRF_FILES["shop/views_a.py"].replace("all()", "select_related(\"author\")"), ["views_a.py"]),
    ("shop/serializers.py", DRF_FILES["shop/serializers.py"].replace("\"author\"]", "\"author\"]\n        depth = 0"), ["serializers.py", "views_a.py", "views_b.py"]),
    ("shop/base_serializers.py", DRF_FILES["shop/base_serializers.py"], ["base_serializers.py", "serializers.py", "views_a.py", "views_b.py"]),
]


def test_a_served_serializer_records_the_modules_its_class_was_read_from(tmp_path, monkeypatch):
    outputs = _through_edits(tmp_path / "site", monkeypatch, DRF_FILES, DRF_EDITS)
    assert [o.count("LL707") for o in outputs] == [0, 2, 1, 1, 0]


# `apps.get_model("shop", "Book")` names the model by label. A module parsed after the build (`legacy`,
# followed for `views_a`) also defines a `Book` labelled `shop.Book` (a model the build never indexed:
# its base is an alias). Whether the label is ambiguous must not depend on which files were checked
# before in the run: a warm run checks `views_b` alone.
LABEL_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": _BOOKS,
    "shop/legacy.py": (
        "from django.db import models\nfrom django.db.models import Model as Base\n\n"
        "from shop.models import Book as Current\n\n\n"
        "class Book(Base):\n    title = models.CharField(max_length=10)\n\n\n"
        "def recent():\n    return Current.objects.filter(title=\"a\")\n"
    ),
    "shop/consts.py": "from django.apps import apps\n\nBookModel = apps.get_model(\"shop\", \"Book\")\n",
    "shop/views_a.py": "from shop.legacy import recent\n\n\ndef a(request):\n    return [b.title for b in recent()]\n",
    "shop/views_b.py": (
        "from shop.consts import BookModel\n\n\n"
        "def b(request):\n    return [b.author.name for b in BookModel.objects.all()]\n"
    ),
}
LABEL_EDITS = [
    ("shop/views_b.py", LABEL_FILES["shop/views_b.py"] + "# edited\n", ["views_b.py"]),
    # the views that followed a name through the module; not the one whose label lookup skipped it
    ("shop/legacy.py", LABEL_FILES["shop/legacy.py"] + "# edited\n", ["legacy.py", "views_a.py"]),
]


def test_a_label_names_the_same_model_whichever_files_were_checked_before(tmp_path, monkeypatch):
    outputs = _through_edits(tmp_path / "site", monkeypatch, LABEL_FILES, LABEL_EDITS)
    assert [o.count("LL701") for o in outputs] == [1, 1, 1]


# A manager built from a base manager in another module and a queryset with a mixin from a third: the
# build parses `models` and `managers` (the manager class is named there); the base manager's and the
# mixin's modules are read after it, for the views, into memoised answers (the manager's loaded set,
# the queryset's MRO) that the second view is served.
MANAGER_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": _BOOKS.replace("from django.db import models\n", "from django.db import models\n\nfrom shop.managers import BookManager\n")
    + "\n    objects = BookManager()\n",
    "shop/base_managers.py": (
        "from django.db import models\n\n\nclass BaseManager(models.Manager):\n"
        "    def get_queryset(self):\n        return super().get_queryset().select_related(\"author\")\n"
    ),
    "shop/managers.py": (
        "from django.db import models\n\nfrom shop.base_managers import BaseManager\nfrom shop.mixins import ListedMixin\n\n\n"
        "class BookQuerySet(ListedMixin, models.QuerySet):\n    pass\n\n\n"
        "class BookManager(BaseManager.from_queryset(BookQuerySet)):\n    pass\n"
    ),
    "shop/mixins.py": "class ListedMixin:\n    def listed(self):\n        return self.filter(title=\"a\")\n",
    "shop/views_a.py": (
        "from shop.models import Book\n\n\ndef every(request):\n    return [b.author.name for b in Book.objects.all()]\n\n\n"
        "def listed(request):\n    return [b.author.name for b in Book.objects.listed()]\n"
    ),
}
MANAGER_FILES["shop/views_b.py"] = MANAGER_FILES["shop/views_a.py"].replace("def ", "def other_")
# the files whose checks read the model index (`base_managers` through the gate: it names `get_queryset`)
_MANAGER_USERS = ["base_managers.py", "models.py", "views_a.py", "views_b.py"]
_MIXIN = MANAGER_FILES["shop/mixins.py"]
_BASE_MANAGER = MANAGER_FILES["shop/base_managers.py"]
MANAGER_EDITS = [
    # read after the build (the queryset's MRO): the views, not the module importing it (no loop)
    ("shop/mixins.py", _MIXIN.replace('title="a")', 'title="a").select_related(None)'), ["mixins.py", "views_a.py", "views_b.py"]),
    ("shop/mixins.py", _MIXIN, ["mixins.py", "views_a.py", "views_b.py"]),
    # read after the build (the manager's get_queryset): the views, every row loads the author now
    ("shop/base_managers.py", _BASE_MANAGER.replace('.select_related("author")', ""), ["base_managers.py", "views_a.py", "views_b.py"]),
    ("shop/mixins.py", _MIXIN.replace('title="a")', 'title="a").select_related("author")'), ["mixins.py", "views_a.py", "views_b.py"]),
    # read by the build: every file that used the index
    ("shop/managers.py", MANAGER_FILES["shop/managers.py"].replace("(ListedMixin, models.QuerySet)", "(models.QuerySet)"), sorted(_MANAGER_USERS + ["managers.py"])),
    ("shop/base_managers.py", _BASE_MANAGER, ["base_managers.py", "views_a.py", "views_b.py"]),
]


def test_cached_runs_print_what_uncached_runs_print_through_manager_and_queryset_edits(tmp_path, monkeypatch):
    outputs = _through_edits(tmp_path / "site", monkeypatch, MANAGER_FILES, MANAGER_EDITS)
    assert [o.count("LL701") for o in outputs] == [0, 2, 0, 4, 2, 2, 0]


@pytest.mark.parametrize(
    "files, edits, code, counts",
    [(MANAGER_FILES, MANAGER_EDITS, "LL701", [0, 2, 0, 4, 2, 2, 0]), (DRF_FILES, DRF_EDITS, "LL707", [0, 2, 1, 1, 0])],
    ids=["managers", "serializers"],
)
def test_forked_workers_record_what_one_process_records(tmp_path, monkeypatch, files, edits, code, counts):
    """Under `-j 2` each worker memoises its own answers from the index the parent built: a file a
    worker serves a memoised answer still records the modules it came from."""
    monkeypatch.setattr(loglint.runner, "PARALLEL_MIN_FILES", 0)  # a pool even for these few files
    edits = [(name, text, None) for name, text, _ in edits]  # checked in the workers: not counted here
    outputs = _through_edits(tmp_path / "site", monkeypatch, files, edits, "-j", "2")
    assert [o.count(code) for o in outputs] == counts


def _serializer_chain_files() -> dict[str, str]:
    """Serializers S0 <- S1 <- ... <- Sn, n one more than the bases `drf.SerializerReads` follows: asked
    for S0, the last base is too far and S0 unknown; asked for S3 directly, it is known."""
    from loglint.semantics.drf import _MAX_DEPTH

    last = _MAX_DEPTH + 1
    chain = DRF_FILES["shop/base_serializers.py"].replace("Author\n", "Author, Book\n").replace(
        "class BaseBookSerializer(serializers.ModelSerializer):\n    pass\n",
        f"class S{last}(serializers.ModelSerializer):\n    author = AuthorSerializer()\n",
    )
    for k in range(last - 1, -1, -1):
        chain += f"\n\nclass S{k}(S{k + 1}):\n    class Meta:\n        model = Book\n        fields = [\"title\", \"author\"]\n"
    view = DRF_FILES["shop/views_a.py"].replace("from shop.serializers import BookSerializer", "from shop.chain import S0")
    view = view.replace("BookSerializer", "S0")
    return {
        "manage.py": "import sys\n", "shop/__init__.py": "", "shop/models.py": _BOOKS, "shop/chain.py": chain,
        "shop/views_a.py": view, "shop/views_b.py": view.replace("S0", "S3"),
    }


def test_a_serializer_met_deep_in_another_ones_bases_is_what_it_is_asked_for_directly(tmp_path, monkeypatch):
    """The memoised class must not keep an answer cut short by the depth of the class that asked for it
    first (`views_a`'s S0): a warm run asking for S3 first, for `views_b` alone, would differ."""
    files = _serializer_chain_files()
    edits = [("shop/views_b.py", files["shop/views_b.py"] + "# edited\n", ["views_b.py"])]
    outputs = _through_edits(tmp_path / "site", monkeypatch, files, edits)
    assert [o.count("LL707") for o in outputs] == [1, 1]
    assert all(o.startswith("shop/views_b.py:") for o in outputs)  # S0 stays unknown: too deep


@pytest.mark.parametrize(
    "files, edits, code, counts",
    [(MANAGER_FILES, MANAGER_EDITS, "LL701", [0, 2, 0, 4, 2, 2, 0]), (DRF_FILES, DRF_EDITS, "LL707", [0, 2, 1, 1, 0])],
    ids=["managers", "serializers"],
)
def test_modules_whose_nodes_are_let_go_record_the_same(tmp_path, monkeypatch, files, edits, code, counts):
    """With no node kept (every module's nodes let go and parsed again from its packed bytes when asked
    for), the same files are checked again after each edit and print the same."""
    from loglint.semantics import models

    monkeypatch.setattr(models, "_NODES_BUDGET", 1)
    outputs = _through_edits(tmp_path / "site", monkeypatch, files, edits)
    assert [o.count(code) for o in outputs] == counts


# A template (and the one it includes) rendered by two views with the rows of `Book.objects.all()`.
TEMPLATE_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": _BOOKS,
    "shop/views_a.py": (
        "from django.shortcuts import render\n\nfrom shop.models import Book\n\n\n"
        "def books(request):\n    return render(request, \"shop/books.html\", {\"books\": Book.objects.all()})\n"
    ),
    "shop/templates/shop/books.html": "{% for book in books %}{% include \"shop/row.html\" %}{% endfor %}\n",
    "shop/templates/shop/row.html": "<p>{{ book.title }}</p>\n",
}
TEMPLATE_FILES["shop/views_b.py"] = TEMPLATE_FILES["shop/views_a.py"].replace("def books", "def other_books")
TEMPLATE_EDITS = [
    ("shop/templates/shop/row.html", "<p>{{ book.author.name }}</p>\n", ["views_a.py", "views_b.py"]),
    ("shop/templates/shop/row.html", "<p>{{ book.author_id }}</p>\n", ["views_a.py", "views_b.py"]),
    ("shop/templates/shop/books.html", "{% for book in books %}{{ book.author }}{% endfor %}\n", ["views_a.py", "views_b.py"]),
    # the included template is no longer read: its edit rechecks nothing
    ("shop/templates/shop/row.html", "<p>{{ book.author.name }}</p>\n", []),
    ("shop/templates/shop/books.html", None, ["views_a.py", "views_b.py"]),
]


def test_cached_runs_print_what_uncached_runs_print_through_template_edits(tmp_path, monkeypatch):
    outputs = _through_edits(tmp_path / "site", monkeypatch, TEMPLATE_FILES, TEMPLATE_EDITS)
    assert [o.count("LL708") for o in outputs] == [0, 2, 0, 2, 2, 0]


def test_a_memoised_serializer_records_the_modules_it_read_each_time_it_is_served(tmp_path):
    from loglint.semantics.drf import serializer_reads

    _write_files(tmp_path, DRF_FILES)
    index = ProjectIndex(tmp_path)
    reads = serializer_reads(index.models())
    base = ("file", str(tmp_path / "shop" / "base_serializers.py"))
    with index.deps.collect() as first:
        assert reads.serializer("shop.serializers.BookSerializer") is not None
    assert first[base] is not None
    with index.deps.collect() as served:
        assert reads.serializer("shop.serializers.BookSerializer") is not None
    assert served[base] == first[base]  # from the memo, the base's module recorded again
    with index.deps.collect() as other:
        assert reads.serializer("shop.models.Book") is None
    assert base not in other


def test_a_label_lookup_after_the_build_does_not_depend_on_the_modules_parsed_since(tmp_path):
    _write_files(tmp_path, LABEL_FILES)
    index = ProjectIndex(tmp_path)
    models = index.models()
    legacy = ("file", str(tmp_path / "shop" / "legacy.py"))
    assert models.canonical("shop.legacy.Book") == "shop.legacy.Book"  # parsed now, for some file
    with index.deps.collect() as deps:
        assert models.canonical("shop.consts.BookModel") == "shop.models.Book"
    assert legacy not in deps
    fresh = ProjectIndex(tmp_path)  # near miss: the same question before the module was parsed
    assert fresh.models().canonical("shop.consts.BookModel") == "shop.models.Book"


# A label the build looks up (a models module's FK target, `BookModel`) before it parses a second module
# defining a probable model of that label (`legacy`: an unresolved base named like a model). Asked after
# the build (a view's `BookModel.objects`), a built index and one loaded from the cache must agree.
LOADED_LABEL_FILES = {
    "manage.py": "import sys\n",
    "shop/__init__.py": "",
    "shop/models.py": _BOOKS.replace("from django.db import models\n", "from django.db import models\n\nfrom shop.consts import BookModel\n")
    + "\n\nclass Review(models.Model):\n    book = models.ForeignKey(BookModel, on_delete=models.CASCADE)\n",
    "shop/consts.py": LABEL_FILES["shop/consts.py"],
    "shop/legacy.py": (
        "from django.db import models\nfrom polymorphic.models import PolymorphicModel\n\n\n"
        "class Book(PolymorphicModel):\n    title = models.CharField(max_length=10)\n"
    ),
    "shop/views.py": LABEL_FILES["shop/views_b.py"],
}


@pytest.mark.parametrize("legacy_class, expected", [("Book", "shop.consts.BookModel"), ("OldBook", "shop.models.Book")])
def test_a_label_asked_after_the_build_is_answered_alike_by_a_built_and_a_loaded_index(tmp_path, legacy_class, expected):
    files = dict(LOADED_LABEL_FILES, **{"shop/legacy.py": LOADED_LABEL_FILES["shop/legacy.py"].replace("class Book(", f"class {legacy_class}(")})
    _write_files(tmp_path, files)
    answers = []
    for _ in range(2):
        index = ProjectIndex(tmp_path)
        index.index_store = tmp_path / ".loglint_cache"
        models = index.models()
        answers.append((models.loaded, models.canonical("shop.consts.BookModel")))
    # two candidates: ambiguous (near miss: one candidate, the model)
    assert answers == [(False, expected), (True, expected)]


def test_cached_runs_on_a_loaded_index_print_what_uncached_runs_print_for_a_label(tmp_path, monkeypatch):
    edits = [("shop/views.py", LOADED_LABEL_FILES["shop/views.py"] + "# edited\n", ["views.py"])]
    outputs = _through_edits(tmp_path / "site", monkeypatch, LOADED_LABEL_FILES, edits)
    assert outputs == ["", ""]  # an ambiguous label names no model: nothing to report, cold or warm


FIXTURE_PROJECTS = sorted(p for p in (Path(__file__).resolve().parent.parent / "fixtures" / "projects").iterdir() if p.is_dir())


@pytest.mark.parametrize("source", FIXTURE_PROJECTS, ids=[p.name for p in FIXTURE_PROJECTS])
def test_fixture_projects_print_the_same_on_a_loaded_index(source: Path, tmp_path: Path, monkeypatch) -> None:
    """Every file checked again (entries dropped) on the model index the first run saved: the findings
    of an uncached run, with no index built."""
    import shutil

    import loglint.semantics.models as models_module

    root = tmp_path / source.name
    shutil.copytree(source, root)
    monkeypatch.chdir(root)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    runs = Counting(monkeypatch)
    args = ("--select", "ALL", "--output-format", "concise", ".")
    uncached = runs.run("--no-cache", *args)[0]
    assert runs.run(*args)[0] == uncached
    entries = root / cache_module.DIR_NAME / "v1"
    for folder in entries.iterdir():
        if folder.is_dir() and folder.name != "index":
            shutil.rmtree(folder)
    builds = []
    real = models_module.ModelIndex._build.__func__
    monkeypatch.setattr(models_module.ModelIndex, "_build", classmethod(lambda cls, *a: builds.append(a) or real(cls, *a)))
    assert runs.run(*args)[0] == uncached
    assert runs.checked and not builds
