"""The warm path (issue 6): a run whose files are all cache hits imports neither LibCST nor a rule; what a
warm run trusts (file bytes, project inputs, config, the loglint build) each makes an entry miss when it
changes, and only then; the rule table it selects from is the registry's; the model index is built once
for a process pool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import loglint
import loglint.engine
from loglint import cache as cache_module
from loglint import project as project_module
from loglint import registry
from loglint.cli import cli

from test_cache import LOGGER_MODULE, USES_LOGGER, Counting, _codes

SRC = Path(loglint.__file__).resolve().parents[1]
ORM_SHOP = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "orm_shop"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "log.py").write_text(LOGGER_MODULE)
    (root / "app" / "views.py").write_text(USES_LOGGER)
    (root / "app" / "plain.py").write_text("def g():\n    return 1\n")
    monkeypatch.chdir(root)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    return root


# -- no LibCST on a full hit --------------------------------------------------------------------------

_PROBE = """
import json, sys
from loglint.cli import run
code = run(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m == "libcst" or m.startswith(("libcst.", "loglint.rules", "loglint.engine")))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _probe(root: Path, *args: str) -> tuple[int, list[str], str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop(cache_module.ENV_VAR, None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "check", "--isolated", "-j", "1", "--output-format", "concise", *args, "."],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["heavy"], done.stdout


@pytest.mark.parametrize(
    "extra",
    [(), ("--select", "LL1,LL7", "--ignore", "LL113"), ("--output-format", "json"), ("--output-format", "full")],
)
def test_a_full_warm_hit_imports_neither_libcst_nor_a_rule(project, extra):
    cold_code, cold_heavy, cold_out = _probe(project, *extra)
    assert "libcst" in cold_heavy and any(m.startswith("loglint.rules") for m in cold_heavy)  # the probe sees them
    warm_code, warm_heavy, warm_out = _probe(project, *extra)
    assert warm_heavy == []
    assert (warm_code, warm_out) == (cold_code, cold_out) and "LL101" in warm_out
    # one changed file: the engine is loaded for it alone
    (project / "app" / "plain.py").write_text("def g():\n    return 2\n")
    _, heavy, out = _probe(project, *extra)
    assert "libcst" in heavy and out == cold_out


# -- what makes an entry miss, and what does not ----------------------------------------------------


def test_a_touched_but_identical_file_hits(project, monkeypatch):
    runs = Counting(monkeypatch)
    cold = runs.run("--output-format", "json", ".")
    later = time.time() + 120
    for path in (project / "app").glob("*.py"):
        os.utime(path, (later, later))  # an editor's save, a checkout: new mtime, same bytes
    warm = runs.run("--output-format", "json", ".")
    assert runs.checked == [] and warm == cold


def test_same_size_and_mtime_but_other_bytes_misses(project, monkeypatch):
    """The content hash decides, not the stat: an edit that keeps the size and the mtime is still seen."""
    runs = Counting(monkeypatch)
    runs.run("--output-format", "json", ".")
    views = project / "app" / "views.py"
    before = views.stat()
    views.write_text(USES_LOGGER.replace('f"x {x}"', 'f"y {x}"'))
    os.utime(views, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert views.stat().st_size == before.st_size
    out, _, _ = runs.run("--output-format", "json", ".")
    assert runs.checked == ["views.py"]
    edits = [edit["content"] for item in json.loads(out) if item["fix"] for edit in item["fix"]["edits"]]
    assert any('"y %s"' in content for content in edits), edits


def test_a_changed_project_dependency_misses(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run("--output-format", "json", ".")
    (project / "app" / "log.py").write_text("logger = object()\n")
    out, _, _ = runs.run("--output-format", "json", ".")
    assert sorted(runs.checked) == ["log.py", "views.py"] and _codes(out) == set()


def test_a_changed_config_misses(project, monkeypatch):
    runs = Counting(monkeypatch)
    (project / "loglint.toml").write_text("extend-select = []\n")
    args = ("--config", "loglint.toml", "--output-format", "json", ".")
    runner = CliRunner()
    runner.invoke(cli, ["check", "-j", "1", *args], catch_exceptions=False)
    runs.checked.clear()
    runner.invoke(cli, ["check", "-j", "1", *args], catch_exceptions=False)
    assert runs.checked == []
    (project / "loglint.toml").write_text('extend-select = ["LL002"]\n')
    runner.invoke(cli, ["check", "-j", "1", *args], catch_exceptions=False)
    assert len(runs.checked) == 4


def test_another_loglint_version_misses(project, monkeypatch):
    runs = Counting(monkeypatch)
    runs.run(".")
    cache_module.build_fingerprint.cache_clear()
    monkeypatch.setattr(loglint, "__version__", loglint.__version__ + ".post1")
    try:
        runs.run(".")
        assert len(runs.checked) == 4
        runs.run(".")
        assert runs.checked == []
    finally:
        cache_module.build_fingerprint.cache_clear()


def test_an_edited_model_rechecks_the_files_that_used_the_model_index(tmp_path, monkeypatch):
    root = tmp_path / "orm_shop"
    shutil.copytree(ORM_SHOP, root)
    monkeypatch.chdir(root)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    runs = Counting(monkeypatch)
    cold = runs.run("--output-format", "json", ".")
    assert ("views.py", "LL702") in _codes(cold[0])
    runs.run("--output-format", "json", ".")
    assert runs.checked == []
    models = root / "shop" / "catalog" / "models.py"
    models.write_text(models.read_text().replace("    tags = models.ManyToManyField", "    labels = models.ManyToManyField"))
    warm = runs.run("--output-format", "json", ".")
    assert "views.py" in runs.checked and "settings.py" not in runs.checked
    fresh = runs.run("--output-format", "json", "--no-cache", ".")
    assert warm == fresh
    assert not any(item["code"] == "LL702" and "tags" in item["message"] for item in json.loads(warm[0]))


def test_the_models_fingerprint_covers_the_model_index_walk(tmp_path):
    """`models_fingerprint` walks without importing the model index: it must see every file the index's
    walk reads (a superset), so it prunes no folder that walk does not prune."""
    from loglint.semantics import models as models_module

    assert project_module.MODEL_WALK_SKIP_DIRS <= models_module._SKIP_DIRS
    root = tmp_path / "site"
    for name in ("a/__init__.py", "a/models.py", "a/tests/test_x.py", "a/ns/mod.py", "b/x.py", ".hidden/y.py",
                 "a/migrations/0001.py", "a/build/z.py", "a/not-a-module.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")
    walked = {path for _, path, _ in models_module.walk_modules(root)}
    covered = set(project_module._python_files_under(str(root), project_module.MODEL_WALK_SKIP_DIRS))
    assert walked and walked <= covered
    before = project_module.models_fingerprint([root])
    (root / "b" / "x.py").write_text("x = 2\n")  # same size: the mtime (or size) must show it
    os.utime(root / "b" / "x.py", ns=(0, 10**18))
    assert project_module.models_fingerprint([root]) != before


# -- the rule table -----------------------------------------------------------------------------------


def test_the_rule_table_is_the_registry():
    """`rule_table.py` is generated (`python -m loglint.docs .`); selection and cache keys come from it."""
    assert registry.rule_infos() == tuple(registry.info_of(rule) for rule in registry.all_rules())


@pytest.mark.parametrize(
    "select, ignore, extend",
    [
        (None, (), ()),
        (("ALL",), (), ()),
        (("LL",), ("LL1",), ("LL101",)),
        (("log-fstring", "LL7"), ("nplusone-related-manager",), ()),
        (None, ("LL6",), ("LL002", "LL606")),
    ],
)
def test_selection_from_the_table_picks_the_rule_classes(select, ignore, extend):
    codes = registry.select_codes(select, ignore, extend)
    rules = registry.select_rules(select, ignore, extend)
    assert codes == tuple(rule.code for rule in rules) and "LL001" in codes
    for code in codes:
        assert registry.rule_by_code(code).code == code
    if select is None:  # the defaults, by the classes' own flag
        assert set(codes) >= {rule.code for rule in registry.all_rules() if rule.default} - set(
            code for sel in ignore for code in registry.matching_codes(sel)
        )


# -- the process pool ----------------------------------------------------------------------------------


def test_workers_share_the_model_index_built_once(tmp_path, monkeypatch):
    """With a pool, the parent builds the model index once and the forked workers inherit it."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers inherit the index only when forked")
    from loglint.semantics.models import ModelIndex

    root = tmp_path / "orm_shop"
    shutil.copytree(ORM_SHOP, root)
    views = (root / "shop" / "catalog" / "views.py").read_text()
    for number in range(30):
        (root / "shop" / "catalog" / f"views_{number}.py").write_text(views)
    monkeypatch.chdir(root)
    log = tmp_path / "builds.log"
    build = ModelIndex.build.__func__

    def counting_build(cls, *args, **kwargs):
        with open(log, "a") as handle:  # from any process
            handle.write(f"{os.getpid()}\n")
        return build(cls, *args, **kwargs)

    monkeypatch.setattr(ModelIndex, "build", classmethod(counting_build))
    pooled = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-j", "2", "--output-format", "json", "."])
    assert log.read_text().splitlines() == [str(os.getpid())]  # once, in the parent
    log.unlink()
    serial = CliRunner().invoke(cli, ["check", "--isolated", "--no-cache", "-j", "1", "--output-format", "json", "."])
    assert pooled.stdout == serial.stdout
    assert sum(item["code"] == "LL702" for item in json.loads(pooled.stdout)) >= 31 * 2


def test_a_fifo_named_like_a_module_does_not_block_a_project_scan(tmp_path):
    """Whole-project scans (`mentions`, `files_mentioning`) read every `.py` file of the tree; a FIFO among
    them must be skipped, not opened for a read that waits forever for a writer."""
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (tmp_path / "a.py").write_text("setLogRecordFactory\n")
    os.mkfifo(tmp_path / "pipe.py")
    answers: list[object] = []
    index = project_module.ProjectIndex(tmp_path)
    scan = threading.Thread(
        target=lambda: answers.extend([index.mentions(b"nowhere"), index.files_mentioning(b"setLogRecordFactory")]),
        daemon=True,
    )
    scan.start()
    scan.join(timeout=30)
    assert answers == [False, (tmp_path / "a.py",)]
