"""LL707 against the DRF lab: every shape of `nplusone_lab/shapes_drf.py` is measured in a real Django
with DRF (a subprocess: `run_drf.py`, `rest_framework` installed there only) and linted as a view module
next to the lab's models; the shapes that grow are reported on the marked line, the others are not."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness import default_config, expected_markers, run
from nplusone_lab.shapes import CONSTANT, NPLUSONE
from nplusone_lab.shapes_drf import SHAPES_DRF

LAB = Path(__file__).parent / "nplusone_lab"
HEADER = (
    (LAB / "lab" / "models.py").read_text()
    + "\nfrom django.db.models import Prefetch\nfrom rest_framework import generics, serializers, viewsets\n\n"
)


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None or importlib.util.find_spec("rest_framework") is None:
        pytest.skip("django and djangorestframework (test dependencies) are not installed")
    done = subprocess.run(
        [sys.executable, str(LAB / "run_drf.py")], capture_output=True, text=True, timeout=300, cwd=LAB
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("shape", SHAPES_DRF, ids=lambda shape: shape.name)
def test_measured_growth_matches_the_label(measured, shape):
    one, five = measured[shape.name]["1"], measured[shape.name]["5"]
    assert (five > one) == (shape.label == NPLUSONE), f"{shape.name}: {one} queries at 1 row, {five} at 5"
    assert five - one == 4 * shape.per_row, f"{shape.name}: {one} queries at 1 row, {five} at 5"


def test_drf_shapes_are_well_formed():
    names = [shape.name for shape in SHAPES_DRF]
    assert len(names) == len(set(names))
    for shape in SHAPES_DRF:
        marked = "# expect: LL707" in shape.code
        assert marked == (shape.label == NPLUSONE), shape.name
        assert shape.rule == ("LL707" if shape.label == NPLUSONE else None)
    near_misses = [shape for shape in SHAPES_DRF if shape.label == CONSTANT]
    assert len(near_misses) >= 3


@pytest.mark.parametrize("shape", SHAPES_DRF, ids=lambda shape: shape.name)
def test_ll707_reports_exactly_the_growing_shapes(shape):
    src = HEADER + shape.code
    result = run(src, ["LL707"], filename="lab/views.py")
    assert not result.errors, result.errors
    got = sorted((f.line, f.code) for f in result.findings)
    assert got == sorted(expected_markers(src)), [f.message for f in result.findings]


def test_ll707_is_medium_confidence():
    shape = next(s for s in SHAPES_DRF if s.name == "nested_fk_serializer")
    config = default_config()
    config = dataclasses.replace(config, orm=dataclasses.replace(config.orm, min_confidence="high"))
    assert run(HEADER + shape.code, ["LL707"], filename="lab/views.py", config=config).findings == []
    assert run(HEADER + shape.code, ["LL707"], filename="lab/tests/test_views.py").findings == []
