"""LL701/LL702 against the measured lab and a small project.

Every shape of `tests/nplusone_lab/shapes.py` is written as code against the lab's models (the models in
the checked file: the rules then read the file's own model index) and linted: a shape measured as an N+1
and owned by LL701/LL702 must be reported by exactly that rule, and a shape measured constant must not be
reported by either (`test_nplusone_lab.py` holds the measurements themselves, in a subprocess).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path
from textwrap import indent

import pytest
from click.testing import CliRunner

from harness import default_config, run
from loglint.cli import cli
from nplusone_lab.shapes import CONSTANT, NPLUSONE, SHAPES

LAB_MODELS = Path(__file__).resolve().parent / "nplusone_lab" / "lab" / "models.py"
PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "orm_shop"
CODES = ("LL701", "LL702")


def shape_source(code: str) -> bytes:
    header = LAB_MODELS.read_text() + "\nfrom django.db.models import Count, Prefetch, prefetch_related_objects\n\n\n"
    return (header + "def shape():\n" + indent(code, "    ")).encode()


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_lab_shape(shape) -> None:
    result = run(shape_source(shape.code), CODES, filename="lab/views.py")
    assert not result.errors, result.errors
    codes = sorted({finding.code for finding in result.findings})
    if shape.label == CONSTANT:
        assert codes == [], [f.message for f in result.findings]
    elif shape.rule in CODES:
        assert codes == [shape.rule], [f.message for f in result.findings]
        # one finding per shape: a relation read twice in one row is one query
        assert len(result.findings) == 1
    else:
        assert shape.label == NPLUSONE  # another rule's shape (LL703-LL705): not reported as LL701/LL702
        assert codes == []


def test_lab_shapes_cover_both_rules() -> None:
    owners = {shape.rule for shape in SHAPES if shape.label == NPLUSONE}
    assert set(CODES) <= owners


def test_module_level_loop_and_medium_confidence_filter() -> None:
    src = shape_source(
        """
        for book in Book.objects.select_related("author"):
            book.author.name
            book.author.profile.bio
        """
    )
    found = run(src, CODES, filename="lab/views.py").findings
    assert [(f.code, "medium confidence" in f.message) for f in found] == [("LL701", True)]
    config = default_config()
    config = dataclasses.replace(config, orm=dataclasses.replace(config.orm, min_confidence="high"))
    assert run(src, CODES, filename="lab/views.py", config=config).findings == []


@pytest.mark.parametrize("filename", ["lab/tests/test_views.py", "lab/migrations/0002_data.py", "lab/test_x.py"])
def test_tests_and_migrations_are_skipped(filename) -> None:
    src = shape_source("for book in Book.objects.all():\n    book.author.name\n")
    assert run(src, CODES, filename=filename).findings == []
    assert [f.code for f in run(src, CODES, filename="lab/views.py").findings] == ["LL701"]


def test_fix_reads_the_column_only_without_to_field() -> None:
    src = b'''from django.db import models


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True)


class City(models.Model):
    country = models.ForeignKey(Country, to_field="code", on_delete=models.CASCADE)


def ids():
    return [city.country.pk for city in City.objects.all()]
'''
    found = run(src, ["LL701"], filename="geo/views.py").findings
    assert [f.code for f in found] == ["LL701"]
    assert found[0].fix is None


def lint(root: Path, *paths: str) -> list[tuple[str, int, str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            cli, ["--isolated", "--select", "LL7", "-j", "1", "--output-format", "json", *(paths or (".",))], catch_exceptions=False
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)
    return sorted((Path(f["filename"]).resolve().relative_to(root.resolve()).as_posix(), f["location"]["row"], f["code"]) for f in found)


def test_project_through_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "orm_shop"
    shutil.copytree(PROJECT, root)
    assert lint(root) == [
        ("shop/catalog/models.py", 17, "LL701"),  # forward_fk_in_loop over self.books.all() (medium)
        ("shop/catalog/views.py", 8, "LL701"),  # forward_fk_in_loop, model imported under an alias
        ("shop/catalog/views.py", 13, "LL702"),  # count_per_row, related_name="books"
        ("shop/catalog/views.py", 22, "LL702"),  # m2m_manager_all, through `models as m`
        ("shop/catalog/views.py", 31, "LL702"),  # m2m_manager_all via the view's queryset (medium)
    ]
    # pre-commit passes one file: the model index still covers the project
    assert lint(root, "shop/catalog/views.py") == [f for f in lint(root) if f[0] == "shop/catalog/views.py"]


def test_managers_of_self_named_elsewhere_may_be_prefetched_by_callers(tmp_path: Path) -> None:
    root = tmp_path / "orm_shop"
    shutil.copytree(PROJECT, root)
    (root / "shop" / "catalog" / "api.py").write_text(
        'from shop.catalog.models import Tag\n\nTAGS = Tag.objects.prefetch_related("books__author")\n'
    )
    assert ("shop/catalog/models.py", 17, "LL701") not in lint(root)


def test_a_chain_of_relations_not_loaded_is_one_finding_whose_fix_joins_them_all() -> None:
    # measured in the lab (`forward_fk_two_hops`): 2 queries per row, one select_related joins both
    src = shape_source(
        """
        for book in Book.objects.all():
            book.author.profile.bio
            book.editor.id
        """
    )
    found = run(src, CODES, filename="lab/views.py").findings
    assert [f.message for f in found] == [
        '`book.author.profile` runs 2 queries per row of the Book loop: add select_related("author__profile") '
        "to the queryset",
        "`book.editor.id` loads the related object once per row to read its key: read `book.editor_id`",
    ]
