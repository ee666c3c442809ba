"""The N+1 lab: every shape of nplusone_lab/shapes.py is measured in a real Django (a subprocess, so its
settings do not leak here) and must grow with the rows exactly when it is labelled an N+1."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from loglint.semantics.models import FK, M2M, O2O, REVERSE_FK, REVERSE_M2M, REVERSE_O2O, ModelIndex
from nplusone_lab.shapes import CONSTANT, NPLUSONE, SHAPES

LAB = Path(__file__).parent / "nplusone_lab"


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(LAB / "run.py")], capture_output=True, text=True, timeout=300, cwd=LAB
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


def test_shapes_are_well_formed():
    names = [shape.name for shape in SHAPES]
    assert len(names) == len(set(names))
    assert {shape.label for shape in SHAPES} == {NPLUSONE, CONSTANT}
    for shape in SHAPES:
        compile(shape.code, shape.name, "exec")
        if shape.label == NPLUSONE:
            assert re.fullmatch(r"LL70[1-5]", shape.rule or ""), shape.name
            assert shape.per_row >= 1, shape.name
        else:
            assert shape.rule is None and shape.per_row == 0, shape.name


def test_the_model_index_reads_the_lab_models():
    """The relations the shapes use, as the index sees the lab app (the rules will read the same)."""
    index = ModelIndex.build([LAB])
    relation = index.relation
    assert (relation("lab.Book", "author").kind, relation("lab.Book", "author").null) == (FK, False)
    assert (relation("lab.Book", "editor").kind, relation("lab.Book", "editor").null) == (FK, True)
    assert relation("lab.Book", "tags").kind == M2M
    assert relation("lab.Profile", "author").kind == O2O
    assert (relation("lab.Author", "profile").kind, relation("lab.Author", "profile").target) == (REVERSE_O2O, "lab.Profile")
    assert (relation("lab.Author", "book_set").kind, relation("lab.Author", "book_set").remote_name) == (REVERSE_FK, "author")
    assert relation("lab.Author", "edited").kind == REVERSE_FK
    assert relation("lab.Book", "reviews").kind == REVERSE_FK
    assert relation("lab.Tag", "book_set").kind == REVERSE_M2M
    assert index.field("lab.Book", "isbn") is not None and relation("lab.Book", "isbn") is None
    assert "__str__" in index.by_label("lab.Book").methods  # str_reads_fk needs its summary
