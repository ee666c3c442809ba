"""The shapes of nplusone_lab/shapes_summaries.py: measured in a real Django (a subprocess) and linted.

Project managers, queryset methods and helpers are summarised one level deep (`semantics.summaries`);
LL704 reads `only()`/`defer()`. Each shape is linted with the lab's models and `lab_summaries`' classes
in the checked file: a shape measured as an N+1 must be reported by exactly its rule, once; a constant
one by none of LL701/LL702/LL704.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import indent

import pytest
from click.testing import CliRunner

from harness import run
from loglint.cli import cli
from nplusone_lab.shapes_summaries import SHAPES
from nplusone_lab.shapes import CONSTANT, NPLUSONE
from nplusone_lab.shapes import SHAPES as BASE_SHAPES
from test_nplusone_rules import shape_source as base_shape_source

LAB = Path(__file__).parent / "nplusone_lab"
CODES = ("LL701", "LL702", "LL704")


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(LAB / "run_summaries.py")], capture_output=True, text=True, timeout=300, cwd=LAB
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_measured_growth_matches_the_label(measured, shape):
    one, five = measured[shape.name]["1"], measured[shape.name]["5"]
    if shape.label == NPLUSONE:
        assert five > one, f"{shape.name}: {one} queries at 1 row, {five} at 5"
    else:
        assert five == one, f"{shape.name}: {one} queries at 1 row, {five} at 5"
    assert five - one == 4 * shape.per_row, f"{shape.name}: {one} queries at 1 row, {five} at 5"


def shape_source(code: str) -> bytes:
    models = (LAB / "lab" / "models.py").read_text()
    summaries = (LAB / "lab_summaries" / "models.py").read_text().replace("from lab.models import Book\n", "")
    return (models + "\n" + summaries + "\n\ndef shape():\n" + indent(code, "    ")).encode()


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_lab_shape(shape) -> None:
    result = run(shape_source(shape.code), CODES, filename="lab/views.py")
    assert not result.errors, result.errors
    codes = [finding.code for finding in result.findings]
    if shape.label == CONSTANT:
        assert codes == [], [f.message for f in result.findings]
    else:
        assert codes == [shape.rule], [f.message for f in result.findings]



@pytest.mark.parametrize("shape", BASE_SHAPES, ids=lambda shape: shape.name)
def test_ll704_on_the_base_lab_shapes(shape) -> None:
    """shapes.py's `only()`/`defer()` shapes are LL704's; no other shape of it is."""
    found = [f.code for f in run(base_shape_source(shape.code), ["LL704"], filename="lab/views.py").findings]
    assert found == (["LL704"] if shape.rule == "LL704" else []), shape.name


PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "orm_summaries"


def test_summaries_across_modules(tmp_path: Path) -> None:
    root = tmp_path / "orm_summaries"
    shutil.copytree(PROJECT, root)
    assert lint(root) == [
        ("shop/catalog/views.py", 11, "LL701"),  # summary_helper_plain, imported helper
        ("shop/catalog/views.py", 15, "LL701"),  # the same through `selectors.all_books()`
        ("shop/catalog/views.py", 19, "LL701"),  # summary_queryset_method_filters, queryset class in querysets.py
        ("shop/catalog/views.py", 31, "LL701"),  # second hop past the manager's select_related("book")
        ("shop/catalog/views.py", 35, "LL704"),  # deferred_by_summarised_method
    ]
    # pre-commit passes one file: the summaries still read the other modules
    assert lint(root, "shop/catalog/views.py") == lint(root)


def test_an_edited_helper_rechecks_the_loops_over_it(tmp_path: Path) -> None:
    """The summaries read other modules through the model index, whose fingerprint is a dependency of
    every file that used it: a warm run after an edit of the helper's module does not print stale
    findings (each run a process of its own, as from the command line)."""
    import loglint
    from loglint import cache as cache_module

    root = tmp_path / "orm_summaries"
    shutil.copytree(PROJECT, root)
    env = {k: v for k, v in os.environ.items() if k != cache_module.ENV_VAR}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(loglint.__file__).parent.parent), env.get("PYTHONPATH", "")])

    def codes() -> set[tuple[str, int]]:
        done = subprocess.run(
            [sys.executable, "-m", "loglint", "--isolated", "--select", "LL7", "-j", "1", "--output-format", "json", "."],
            capture_output=True, text=True, cwd=root, env=env, timeout=120,
        )
        assert done.returncode in (0, 1), done.stderr
        return {(Path(f["filename"]).name, f["location"]["row"]) for f in json.loads(done.stdout)}

    assert ("views.py", 11) in codes()
    assert (root / ".loglint_cache").is_dir()
    selectors = root / "shop" / "catalog" / "selectors.py"
    selectors.write_text(selectors.read_text().replace("Book.objects.all()", 'Book.objects.select_related("author")'))
    assert ("views.py", 11) not in codes()


def lint(root: Path, *paths: str, cache: bool = False) -> list[tuple[str, int, str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        args = ["--isolated", "--select", "LL7", "-j", "1", "--output-format", "json", *(() if cache else ("--no-cache",))]
        result = CliRunner().invoke(cli, [*args, *(paths or (".",))], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)
    return sorted((Path(f["filename"]).resolve().relative_to(root.resolve()).as_posix(), f["location"]["row"], f["code"]) for f in found)
