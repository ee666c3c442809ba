"""The shapes of nplusone_lab/shapes_summaries.py: measured in a real Django (a subprocess) and linted.

Project managers, queryset methods and helpers are summarised one level deep (`semantics.summaries`);
LL704 reads `only()`/`defer()`. Each shape is linted with the lab's models and `lab_summaries`' classes
in the checked file: a shape measured as an N+1 must be reported by exactly its rule, once; a constant
one by none of LL701/LL702/LL704.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from textwrap import indent

import pytest

from harness import run
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
