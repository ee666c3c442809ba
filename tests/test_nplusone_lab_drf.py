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


PROJECT = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
    "shop/__init__.py": "",
    "shop/settings.py": "INSTALLED_APPS = ['shop', 'rest_framework']\n",
    "shop/models.py": (
        "from django.db import models\n\n\n"
        "class Author(models.Model):\n    name = models.CharField(max_length=50)\n\n\n"
        "class Book(models.Model):\n    title = models.CharField(max_length=50)\n"
        "    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"
    ),
    "shop/api/__init__.py": "",
    "shop/api/base.py": (
        "from rest_framework import generics\nfrom rest_framework import serializers as drf\n\n"
        "from shop.models import Author\n\n\n"
        "class AuthorSerializer(drf.ModelSerializer):\n    class Meta:\n        model = Author\n        fields = ['name']\n\n\n"
        "class WithAuthor(drf.ModelSerializer):\n    author = AuthorSerializer()\n\n\n"
        "class BaseList(generics.ListAPIView):\n    pagination_class = None\n\n\n"
        "class ScopedList(generics.ListAPIView):\n"
        "    def get_queryset(self):\n        return super().get_queryset().select_related('author')\n"
    ),
    "shop/api/serializers.py": (
        "from shop.api.base import WithAuthor\nfrom shop.models import Book\n\n\n"
        "class BookSerializer(WithAuthor):\n    class Meta:\n        model = Book\n        fields = ['title', 'author']\n"
    ),
    "shop/api/views.py": (
        "from shop.api.base import BaseList, ScopedList\nfrom shop.api.serializers import BookSerializer\n"
        "from shop.models import Book\n\n\n"
        "class Books(BaseList):\n    queryset = Book.objects.all()\n    serializer_class = BookSerializer\n\n\n"
        "class ScopedBooks(ScopedList):\n    queryset = Book.objects.all()\n    serializer_class = BookSerializer\n"
    ),
}


def test_project_bases_in_other_modules(tmp_path, monkeypatch):
    """A project base view and a base serializer (with the nested field) in other modules are followed; a
    project base defining get_queryset makes the view unknown; editing the base serializer rechecks the
    view (the cache records the project index)."""
    import os

    from click.testing import CliRunner

    from loglint.cli import cli

    for name, text in PROJECT.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)

    def lint():
        result = CliRunner().invoke(cli, ["--select", "LL707", "-j", "1", "--output-format", "json", "."], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        return sorted((f["filename"].replace(os.sep, "/").rsplit("shop/", 1)[1], f["location"]["row"]) for f in json.loads(result.stdout))

    assert lint() == [("api/views.py", 7)]
    base = tmp_path / "shop" / "api" / "base.py"
    base.write_text(base.read_text().replace("author = AuthorSerializer()", "author = drf.PrimaryKeyRelatedField(read_only=True)"))
    assert lint() == []


def test_the_candidate_gate_keeps_what_ll707_reads():
    """Selected alone, LL707's gate keeps the view classes whole (get_queryset, list overrides) and the
    serializers it leaves out are read through the index: same findings with and without it."""
    from harness import rules_for
    from loglint.engine import check_source

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "orm" / "LL707.py"
    data = fixture.read_bytes()
    findings = {}
    for gate in ("off", "statements"):
        result = check_source("shop/api.py", data, rules_for(["LL707"]), default_config(), gate=gate)
        findings[gate] = sorted((f.line, f.message) for f in result.findings)
    assert findings["off"] == findings["statements"]
    assert len(findings["off"]) == len(expected_markers(data.decode()))
