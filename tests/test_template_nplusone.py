"""LL708 (template-nplusone) against the measured template lab and the `tmpl_shop` fixture project.

The template shapes of `nplusone_lab/shapes_templates.py` are rendered by Django in a subprocess (1 and 5
rows): each labelled N+1 grows by `per_row` queries a row, each near miss does not. The same shapes, as a
view `render(request, <template>, <context>)` in a small project holding the templates, must be reported
by LL708 exactly when they are N+1s. The fixture project is linted through the CLI, and an edited template
rechecks the view that renders it when the cache is on.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from loglint import cache as cache_module
from loglint.cli import cli
from loglint.semantics.templates import compose, tokenize
from nplusone_lab.shapes import CONSTANT, NPLUSONE
from nplusone_lab.shapes_templates import TEMPLATE_SHAPES

LAB = Path(__file__).parent / "nplusone_lab"
PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "tmpl_shop"


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, int]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(LAB / "run_templates.py")], capture_output=True, text=True, timeout=300, cwd=LAB
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("shape", TEMPLATE_SHAPES, ids=lambda shape: shape.name)
def test_measured_growth_matches_the_label(measured, shape):
    one, five = measured[shape.name]["1"], measured[shape.name]["5"]
    assert (five > one) == (shape.label == NPLUSONE), f"{shape.name}: {one} queries at 1 row, {five} at 5"
    assert five - one == 4 * shape.per_row, f"{shape.name}: {one} queries at 1 row, {five} at 5"


def test_template_shapes_are_well_formed():
    names = [shape.name for shape in TEMPLATE_SHAPES]
    assert len(names) == len(set(names))
    assert {shape.label for shape in TEMPLATE_SHAPES} == {NPLUSONE, CONSTANT}
    for shape in TEMPLATE_SHAPES:
        compile(shape.code, shape.name, "eval")
        assert shape.templates and all(file.startswith("lab/") for file, _ in shape.templates)


def lint(root: Path, *args: str) -> list[tuple[str, int, str, str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            cli, ["--isolated", "--select", "LL708", "-j", "1", "--output-format", "json", *args, "."],
            catch_exceptions=False,
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)
    return sorted(
        (Path(f["filename"]).resolve().relative_to(root.resolve()).as_posix(), f["location"]["row"], f["code"], f["message"])
        for f in found
    )


def shape_project(root: Path, shape) -> Path:
    (root / "lab" / "templates").mkdir(parents=True)
    (root / "manage.py").write_text("")
    (root / "lab" / "__init__.py").write_text("")
    shutil.copy(LAB / "lab" / "models.py", root / "lab" / "models.py")
    (root / "lab" / "views.py").write_text(
        "from django.db.models import Count, Prefetch\nfrom django.shortcuts import render\n\n"
        "from lab.models import Author, Book, Profile, Review, Tag\n\n\n"
        f"def view(request):\n    return render(request, {shape.template_name!r}, {shape.code})\n"
    )
    for file, text in shape.templates:
        (root / "lab" / "templates" / file).parent.mkdir(parents=True, exist_ok=True)
        (root / "lab" / "templates" / file).write_text(text)
    return root


@pytest.mark.parametrize("shape", TEMPLATE_SHAPES, ids=lambda shape: shape.name)
def test_lab_shape(tmp_path, shape):
    found = lint(shape_project(tmp_path / "proj", shape), "--no-cache")
    if shape.label == NPLUSONE:
        assert [(f[0], f[1], f[2]) for f in found] == [("lab/views.py", 8, "LL708")], found
    else:
        assert found == [], found


EXPECTED = [
    ("shop/catalog/views.py", 15, "LL708", "books.html:5"),  # book.author.name in the block of a child
    ("shop/catalog/views.py", 21, "LL708", "tags.html:3"),  # book.tags.all
    ("shop/catalog/views.py", 26, "LL708", "counts.html:4"),  # book.reviews.count (not the comments)
    ("shop/catalog/views.py", 31, "LL708", "titles.html:1"),  # {{ book }}: Book.__str__
    ("shop/catalog/views.py", 37, "LL708", "_row.html:2"),  # include ... with, {% with %} alias
    ("shop/catalog/views.py", 40, "LL708", "book_list.html:2"),  # ListView default template, page_obj
    ("shop/catalog/views.py", 47, "LL708", "home.html:1"),  # get_context_data's "latest"
]


def test_fixture_project_through_the_cli(tmp_path):
    root = tmp_path / "tmpl_shop"
    shutil.copytree(PROJECT, root)
    found = lint(root, "--no-cache")
    assert [(f[0], f[1], f[2]) for f in found] == [e[:3] for e in EXPECTED]
    for finding, expected in zip(found, EXPECTED):
        assert f"catalog/{expected[3]})" in finding[3], finding


def test_an_edited_template_rechecks_the_view(tmp_path, monkeypatch):
    root = tmp_path / "tmpl_shop"
    shutil.copytree(PROJECT, root)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    cold = lint(root)
    assert lint(root) == cold  # warm
    titles = root / "shop" / "catalog" / "templates" / "catalog" / "titles.html"
    titles.write_text("{% for book in books %}{{ book.title }}{% endfor %}\n")
    assert [f[1] for f in lint(root)] == [f[1] for f in cold if f[1] != 31]
    titles.write_text("{% for book in books %}{{ book.author.name }}{% endfor %}\n")
    assert 31 in [f[1] for f in lint(root)]
    # a template that appears in a settings DIRS folder wins over the app's: the view is rechecked
    (root / "templates" / "catalog").mkdir()
    (root / "templates" / "catalog" / "titles.html").write_text("{{ books|length }}\n")
    assert 31 not in [f[1] for f in lint(root)]
    assert (root / ".loglint_cache").is_dir()


def test_tokenizer_lines_comments_and_verbatim():
    text = "a {{ x }}\n{# {{ y }} #}\n{% comment %}\n{{ z }}\n{% endcomment %}{% verbatim %}{{ w }}{% endverbatim %}\n{% if x %}\n"
    assert [(t.kind, t.contents, t.line) for t in tokenize(text, "t.html")] == [("var", "x", 1), ("block", "if x", 6)]


def test_compose_substitutes_child_blocks_and_inlines_includes():
    files = {
        "child.html": '{% extends "base.html" %}{% block a %}{{ child }}{% include "inc.html" %}{% endblock %}',
        "base.html": "{% block a %}{{ parent_a }}{% endblock %}{% block b %}{{ parent_b }}{% endblock %}",
        "inc.html": "{{ included }}",
    }
    tokens = compose("child.html", lambda name: (name, files[name]) if name in files else None)
    assert tokens is not None
    assert [t.contents for t in tokens if t.kind == "var"] == ["child", "included", "parent_b"]
    assert [(t.file, t.contents) for t in tokens if t.contents == "included"] == [("inc.html", "included")]
    # a chain: the child's block lands where the grandparent renders it
    files.update({"mid.html": '{% extends "top.html" %}{% block a %}{{ mid }}{% endblock %}',
                  "top.html": "{{ top }}<div>{% block a %}{% endblock %}</div>",
                  "leaf.html": '{% extends "mid.html" %}{% block a %}{{ leaf }}{% endblock %}'})
    tokens = compose("leaf.html", lambda name: (name, files[name]) if name in files else None)
    assert [t.contents for t in tokens if t.kind == "var"] == ["top", "leaf"]
    # an unknown parent: nothing is known about what renders
    assert compose("x.html", lambda name: ("x.html", '{% extends "missing.html" %}') if name == "x.html" else None) is None


def test_messages_say_what_to_load(tmp_path):
    by_name = {shape.name: shape for shape in TEMPLATE_SHAPES}
    expected = {
        "tmpl_fk_dot_id": "read `.author_id` instead",
        "tmpl_second_hop": 'select_related("author__profile")',
        "tmpl_two_hops_unloaded": 'reads `author`, then `profile` (2 queries) once per row of `books`: add select_related("author__profile")',
        "tmpl_m2m_all": 'prefetch_related("tags")',
        "tmpl_include_with": "(lab/templates/lab/row.html:1)",
    }
    for name, text in expected.items():
        [finding] = lint(shape_project(tmp_path / name, by_name[name]), "--no-cache")
        assert text in finding[3], finding
