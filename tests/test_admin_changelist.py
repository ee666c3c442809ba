"""LL706 across a project: admins deriving from a project base class of another module, models loaded by
label, and the cache rechecking an admin module when the base class changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import loglint
from loglint import cache as cache_module

SRC = str(Path(loglint.__file__).resolve().parent.parent)

MODELS = '''from django.db import models


class Writer(models.Model):
    name = models.CharField(max_length=50)


class Article(models.Model):
    title = models.CharField(max_length=50)
    writer = models.ForeignKey(Writer, on_delete=models.CASCADE)
    editor = models.ForeignKey(Writer, null=True, on_delete=models.SET_NULL, related_name="edited")

    def __str__(self):
        return f"{self.title} by {self.writer.name}"
'''
BASE = '''from django.contrib import admin


class ShopAdmin(admin.ModelAdmin):
    list_per_page = 50
'''
ADMIN = '''from django.contrib import admin
from oscar.core.loading import get_model

from shop.base import ShopAdmin


class ArticleAdmin(ShopAdmin):
    list_display = ["title", "editor"]


admin.site.register(get_model("shop", "Article"), ArticleAdmin)
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")  # the project root: the model index walks only this project
    for name, text in {"__init__.py": "", "models.py": MODELS, "base.py": BASE, "admin.py": ADMIN}.items():
        (root / "shop" / name).write_text(text)
    monkeypatch.chdir(root)
    monkeypatch.delenv(cache_module.ENV_VAR, raising=False)
    return root


def findings(*args: str) -> list[tuple[str, int, str]]:
    """A run in a process of its own, as pre-commit starts it (one project per process)."""
    done = subprocess.run(
        [sys.executable, "-m", "loglint", "check", "--isolated", "-j", "1", "--select", "LL706",
         "--output-format", "json", *args, "."],
        capture_output=True, text=True, timeout=120, cwd=Path.cwd(), env={**os.environ, "PYTHONPATH": SRC},
    )
    return [(Path(f["filename"]).name, f["location"]["row"], f["message"]) for f in json.loads(done.stdout)]


def test_a_base_admin_of_another_module_that_sets_nothing_the_changelist_reads_is_seen_through(project):
    [(name, line, message)] = findings("--no-cache")
    assert (name, line) == ("admin.py", 8)
    assert "column `editor` reads `obj.editor`" in message
    assert 'list_select_related = ("editor",)' in message


@pytest.mark.parametrize(
    "member", ["list_select_related = True", "def get_queryset(self, request):\n        return super().get_queryset(request)"]
)
def test_a_base_admin_that_sets_what_the_changelist_reads_makes_it_unknown(project, member):
    (project / "shop" / "base.py").write_text(BASE + f"    {member}\n")
    assert findings("--no-cache") == []


def test_the_cache_rechecks_the_admin_when_its_base_module_changes(project):
    assert len(findings()) == 1
    assert len(findings()) == 1  # warm
    base = project / "shop" / "base.py"
    base.write_text(BASE + "    list_select_related = ('editor',)\n")
    later = time.time() + 5
    os.utime(base, (later, later))
    assert findings() == []


def test_the_action_checkbox_reads_str_unless_the_admin_overrides_it(project):
    admin = ADMIN.replace('["title", "editor"]', '["title"]')
    (project / "shop" / "admin.py").write_text(admin)
    [(_, _, message)] = findings("--no-cache")
    assert "action checkbox renders `Article.__str__`, which reads `obj.writer`" in message
    override = admin.replace(
        '    list_display = ["title"]\n',
        '    list_display = ["title"]\n\n    def action_checkbox(self, obj):\n        return obj.title\n',
    )
    (project / "shop" / "admin.py").write_text(override)
    assert findings("--no-cache") == []
