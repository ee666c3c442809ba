"""LL703 query-in-loop and LL705 write-in-loop against the measured lab.

The shapes of `nplusone_lab/shapes_queries.py` are measured in a real Django (a subprocess: its settings
must not leak here) with 1 and 5 rows; each must grow exactly when labelled an N+1, by `per_row` queries
a row. Then every lab shape (these and shapes.py's) is linted with all the LL7 loop rules: an N+1 shape is
reported once, by its own rule only (no double report with LL701/LL702), a constant one by none.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from textwrap import dedent, indent

import pytest

from harness import default_config, run
from nplusone_lab.shapes import CONSTANT, NPLUSONE
from nplusone_lab.shapes import SHAPES as BASE_SHAPES
from nplusone_lab.shapes_queries import SHAPES

LAB = Path(__file__).parent / "nplusone_lab"
LAB_MODELS = LAB / "lab" / "models.py"
CODES = ("LL701", "LL702", "LL703", "LL705")
MEASURE = """
import json, run
run.setup()
import shapes_queries
print(json.dumps({s.name: {str(r): run.measure(run.shape_function(s.code, s.name), r) for r in run.ROWS}
                  for s in shapes_queries.SHAPES}))
"""


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run([sys.executable, "-c", MEASURE], capture_output=True, text=True, timeout=300, cwd=LAB)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_measured_growth_matches_the_label(measured, shape) -> None:
    one, five = measured[shape.name]["1"], measured[shape.name]["5"]
    if shape.label == NPLUSONE:
        assert five > one, f"{shape.name}: {one} queries at 1 row, {five} at 5"
    else:
        assert five == one, f"{shape.name}: {one} queries at 1 row, {five} at 5"
    assert five - one == 4 * shape.per_row, f"{shape.name}: {one} queries at 1 row, {five} at 5"


def test_shapes_are_well_formed() -> None:
    names = [shape.name for shape in SHAPES]
    assert len(set(names)) == len(names) and not set(names) & {s.name for s in BASE_SHAPES}
    for shape in SHAPES:
        compile(shape.code, shape.name, "exec")
        if shape.label == NPLUSONE:
            assert shape.rule in ("LL703", "LL705") and shape.per_row >= 1, shape.name
        else:
            assert shape.label == CONSTANT and shape.rule is None and shape.per_row == 0, shape.name
    owners = {shape.rule for shape in SHAPES + BASE_SHAPES if shape.label == NPLUSONE}
    assert {"LL703", "LL705"} <= owners


def shape_source(code: str) -> bytes:
    header = LAB_MODELS.read_text() + "\nfrom django.db.models import Count, Prefetch, prefetch_related_objects\n\n\n"
    return (header + "def shape():\n" + indent(code, "    ")).encode()


@pytest.mark.parametrize("shape", SHAPES + BASE_SHAPES, ids=lambda shape: shape.name)
def test_lab_shape(shape) -> None:
    result = run(shape_source(shape.code), CODES, filename="lab/views.py")
    assert not result.errors, result.errors
    codes = [finding.code for finding in result.findings]
    if shape.label == CONSTANT:
        assert codes == [], [f.message for f in result.findings]
    elif shape.rule in CODES:
        assert codes == [shape.rule], [f.message for f in result.findings]
    else:
        assert not set(codes) & {"LL703", "LL705"}, [f.message for f in result.findings]


def test_messages_say_what_to_do() -> None:
    found = run(shape_source(dedent("""
        for book in Book.objects.all():
            Tag.objects.count()
            Review.objects.filter(book=book).count()
            Profile.objects.get(author_id=book.editor_id)
    """)), ["LL703"], filename="lab/views.py").findings
    assert [f.line for f in found] == sorted(f.line for f in found) and len(found) == 3
    assert "does not depend on the row, evaluate it once before the loop" in found[0].message
    assert "annotate" in found[1].message and "Count" in found[1].message
    assert "in_bulk" in found[2].message and "Book loop" in found[2].message


def test_medium_confidence_is_filtered_by_min_confidence() -> None:
    src = shape_source(dedent("""
        books = Book.objects.all()
        if Tag.objects.exists():
            books = books.filter(title="x")
        for book in books:
            Review.objects.filter(book=book).count()
    """))
    found = run(src, ["LL703"], filename="lab/views.py").findings
    assert ["medium confidence" in f.message for f in found] == [True]
    config = default_config()
    config = dataclasses.replace(config, orm=dataclasses.replace(config.orm, min_confidence="high"))
    assert run(src, ["LL703"], filename="lab/views.py", config=config).findings == []


def test_ll705_is_opt_in() -> None:
    from loglint.registry import rule_by_code

    assert rule_by_code("LL705").default is False
    assert rule_by_code("LL703").default is True


def test_model_index_knows_save_and_delete_overrides() -> None:
    from loglint.semantics.models import ModelIndex

    source = dedent('''
        from django.db import models
        from mptt.models import MPTTModel


        class Mixin:
            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)


        class Base(models.Model):
            class Meta:
                abstract = True

            def delete(self, *args, **kwargs):
                return super().delete(*args, **kwargs)


        class Plain(models.Model):
            name = models.CharField(max_length=5)


        class Mixed(Mixin, models.Model):
            pass


        class Child(Base):
            pass


        class Grandchild(Plain):
            pass


        class Node(MPTTModel):
            name = models.CharField(max_length=5)
    ''').encode()
    index = ModelIndex.build([], sources={"shop.models": source})
    overrides = {
        name: (index.overrides(f"shop.{name}", "save"), index.overrides(f"shop.{name}", "delete"))
        for name in ("Plain", "Mixed", "Child", "Grandchild", "Node")
    }
    assert overrides == {
        "Plain": (False, False),
        "Mixed": (True, False),
        "Child": (False, True),
        "Grandchild": (False, False),
        "Node": (None, None),  # a library base: unknown
    }
    assert index.overrides("auth.User", "save") is None  # a stub: its methods are not written down


def test_project_models_and_mixins_in_other_modules(tmp_path: Path) -> None:
    """Models imported from the app's models module; a `save` override found in a mixin of another
    module (the model index reads it), a plain model reported."""
    from test_nplusone_rules import lint

    app = tmp_path / "shop" / "catalog"
    app.mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (app / "__init__.py").write_text("")
    (app / "mixins.py").write_text(
        "class Audited:\n    def save(self, *args, **kwargs):\n        super().save(*args, **kwargs)\n"
    )
    (app / "models.py").write_text(dedent('''
        from django.db import models

        from .mixins import Audited


        class Book(models.Model):
            title = models.CharField(max_length=50)


        class Ledger(Audited, models.Model):
            note = models.CharField(max_length=50)
    '''))
    (app / "views.py").write_text(dedent('''
        from shop.catalog import models as m


        def touch():
            for book in m.Book.objects.all():
                book.title = book.title.strip()
                book.save()
                m.Ledger.objects.create(note=book.title)
                print(m.Ledger.objects.filter(note=book.title).exists())
    '''))
    found = [f for f in lint(tmp_path) if f[2] in ("LL703", "LL705")]
    assert found == [("shop/catalog/views.py", 8, "LL705"), ("shop/catalog/views.py", 10, "LL703")]
