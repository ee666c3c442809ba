"""The admin lab: every shape of nplusone_lab/shapes_admin.py is a ModelAdmin whose changelist is rendered
in a real Django admin (a subprocess, so its settings do not leak here) with 1 and 5 rows; it must grow
with the rows exactly when it is labelled an N+1, and LL706 must report exactly those shapes."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness import default_config, run
from nplusone_lab.shapes import CONSTANT, NPLUSONE
from nplusone_lab.shapes_admin import ADMIN_SHAPES

LAB = Path(__file__).parent / "nplusone_lab"
LAB_MODELS = LAB / "lab_admin" / "models.py"
HEADER = "\nfrom django.contrib import admin\n\nsite = admin.AdminSite()\n\n\n"


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(LAB / "run_admin.py")], capture_output=True, text=True, timeout=300, cwd=LAB
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("shape", ADMIN_SHAPES, ids=lambda shape: shape.name)
def test_measured_growth_matches_the_label(measured, shape):
    one, five = measured[shape.name]["1"], measured[shape.name]["5"]
    assert five - one == 4 * shape.per_row, f"{shape.name}: {one} queries at 1 row, {five} at 5"
    assert (five > one) == (shape.label == NPLUSONE)


def test_shapes_are_well_formed():
    names = [shape.name for shape in ADMIN_SHAPES]
    assert len(names) == len(set(names))
    assert {shape.label for shape in ADMIN_SHAPES} == {NPLUSONE, CONSTANT}
    assert sum(shape.label == CONSTANT for shape in ADMIN_SHAPES) >= 3
    for shape in ADMIN_SHAPES:
        compile(shape.code, shape.name, "exec")
        assert shape.rule == ("LL706" if shape.label == NPLUSONE else None), shape.name


def shape_source(code: str) -> bytes:
    return (LAB_MODELS.read_text() + HEADER + code).encode()


@pytest.mark.parametrize("shape", ADMIN_SHAPES, ids=lambda shape: shape.name)
def test_ll706_reports_exactly_the_nplusone_shapes(shape):
    result = run(shape_source(shape.code), ["LL706"], filename="lab_admin/admin.py")
    assert not result.errors, result.errors
    messages = [f.message for f in result.findings]
    assert len(messages) == (1 if shape.label == NPLUSONE else 0), messages


def test_message_names_the_column_the_relation_and_the_fix():
    shape = next(s for s in ADMIN_SHAPES if s.name == "admin_select_related_tuple_drops_auto")
    [finding] = run(shape_source(shape.code), ["LL706"], filename="lab_admin/admin.py").findings
    assert "column `writer` reads `obj.writer`" in finding.message
    assert 'list_select_related = ("editor", "writer")' in finding.message
    shape = next(s for s in ADMIN_SHAPES if s.name == "admin_method_m2m_manager")
    [finding] = run(shape_source(shape.code), ["LL706"], filename="lab_admin/admin.py").findings
    assert 'prefetch_related("labels") in get_queryset' in finding.message


def test_min_confidence_high_keeps_only_field_and_lookup_columns():
    config = default_config()
    config = dataclasses.replace(config, orm=dataclasses.replace(config.orm, min_confidence="high"))
    kept = {
        shape.name
        for shape in ADMIN_SHAPES
        if run(shape_source(shape.code), ["LL706"], filename="lab_admin/admin.py", config=config).findings
    }
    assert kept == {
        "admin_nullable_fk_column", "admin_lookup_column", "admin_two_hop_lookup",
        "admin_select_related_tuple_drops_auto", "admin_select_related_true_nullable",
        "admin_get_queryset_select_related_drops_auto", "admin_empty_list_select_related",
    }


@pytest.mark.parametrize("filename", ["lab_admin/tests/test_admin.py", "lab_admin/migrations/0002_x.py"])
def test_tests_and_migrations_are_skipped(filename):
    shape = next(s for s in ADMIN_SHAPES if s.name == "admin_method_reads_fk")
    assert run(shape_source(shape.code), ["LL706"], filename=filename).findings == []
