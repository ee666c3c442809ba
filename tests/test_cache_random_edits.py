"""Random edit sequences over one small project holding every shape the LL7 rules follow into other
modules (managers built from base managers, queryset mixins re-exported with a star, helpers re-exported
by another module, a model named by label, a module defining a class of the same name and label,
serializers with bases elsewhere, an admin base class, templates with includes, a model subclass coming
and going): after each edit, a cached run prints what a `--no-cache` run prints (`cache.py`; the model
index's late reads and memoised answers, `ModelIndex.begin`/`served`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

from loglint.cli import cli

# Each file's versions (None: the file is absent); the project starts with the first of each.
BOOKS = '''from django.db import models
{imp}

class Author(models.Model):
    name = models.CharField(max_length=10)


class Book(models.Model):
    title = models.CharField(max_length=10)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
{mgr}'''
VERSIONS = {
    "shop/models.py": [BOOKS.format(imp="from shop.managers import BookManager\n", mgr="\n    objects = BookManager()\n"),
                       BOOKS.format(imp="", mgr=""),
                       BOOKS.format(imp="from shop.managers import BookQuerySet\n", mgr="\n    objects = BookQuerySet.as_manager()\n")],
    "shop/managers.py": ['''from django.db import models

from shop.base_managers import BaseManager
from shop.mixins import ListedMixin


class BookQuerySet(ListedMixin, models.QuerySet):
    pass


class BookManager(BaseManager.from_queryset(BookQuerySet)):
    pass
''', '''from django.db import models

from shop.mixins import ListedMixin


class BookQuerySet(ListedMixin, models.QuerySet):
    pass


class BookManager(models.Manager.from_queryset(BookQuerySet)):
    pass
''', '''from django.db import models

from shop.base_managers import BaseManager
from shop.mixins import *


class BookQuerySet(ListedMixin, models.QuerySet):
    def listed(self):
        return self.select_related("author")


class BookManager(BaseManager):
    def get_queryset(self):
        return BookQuerySet(self.model, using=self._db)
'''],
    "shop/base_managers.py": ['''from django.db import models


class BaseManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")
''', '''from django.db import models


class BaseManager(models.Manager):
    pass
''', '''from shop.more_managers import Deep as BaseManager
'''],
    "shop/more_managers.py": ['''from django.db import models


class Deep(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")
''', '''from django.db import models


class Deep(models.Manager):
    pass
''', None],
    "shop/mixins.py": ['class ListedMixin:\n    def listed(self):\n        return self.filter(title="a")\n',
                       'class ListedMixin:\n    def listed(self):\n        return self.filter(title="a").select_related("author")\n',
                       'from shop.mixin_base import ListedMixin\n__all__ = ["ListedMixin"]\n',
                       'class ListedMixin:\n    pass\n'],
    "shop/mixin_base.py": ['class ListedMixin:\n    def listed(self):\n        return self.select_related("author")\n',
                           'class ListedMixin:\n    def listed(self):\n        return self.all()\n', None],
    "shop/helpers.py": ['from shop.models import Book\n\n\ndef recent_books():\n    return Book.objects.filter(title="a")\n',
                        'from shop.models import Book\n\n\ndef recent_books():\n    return Book.objects.select_related("author")\n',
                        'def recent_books():\n    return []\n',
                        'from shop.consts import BookModel\n\n\ndef recent_books():\n    return BookModel.objects.all()\n'],
    "shop/api.py": ['from shop.helpers import recent_books\n', 'from shop.helpers import *\n',
                    'from shop.models import Book\n\n\ndef recent_books():\n    return Book.objects.listed()\n', None],
    "shop/consts.py": ['from django.apps import apps\n\nBookModel = apps.get_model("shop", "Book")\n',
                       'from shop.models import Book as BookModel\n', 'BookModel = None\n'],
    "shop/legacy.py": ['from django.db import models\nfrom django.db.models import Model as Base\n\n\nclass Book(Base):\n    title = models.CharField(max_length=10)\n',
                       'x = 1\n', None],
    "shop/base_serializers.py": ['''from rest_framework import serializers

from shop.models import Author


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["name"]


class BaseBookSerializer(serializers.ModelSerializer):
    pass
''', '''from rest_framework import serializers

from shop.models import Author


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["name"]


class BaseBookSerializer(serializers.ModelSerializer):
    author = AuthorSerializer()
''', '''from rest_framework import serializers


class BaseBookSerializer(serializers.ModelSerializer):
    writer = serializers.StringRelatedField(source="author")
'''],
    "shop/serializers.py": ['''from shop.base_serializers import BaseBookSerializer
from shop.models import Book


class BookSerializer(BaseBookSerializer):
    class Meta:
        model = Book
        fields = ["title", "author"]
''', '''from shop.base_serializers import *
from shop.models import Book


class BookSerializer(BaseBookSerializer):
    class Meta:
        model = Book
        fields = "__all__"
'''],
    "shop/admin_base.py": ['from django.contrib import admin\n\n\nclass BaseAdmin(admin.ModelAdmin):\n    save_on_top = True\n',
                           'from django.contrib import admin\n\n\nclass BaseAdmin(admin.ModelAdmin):\n    list_select_related = ["author"]\n'],
    "shop/admin.py": ['''from django.contrib import admin

from shop.admin_base import BaseAdmin
from shop.models import Book


@admin.register(Book)
class BookAdmin(BaseAdmin):
    list_display = ["title", "author_name"]

    def author_name(self, obj):
        return obj.author.name
'''],
    "shop/views_a.py": ['''from rest_framework import generics

from shop.api import recent_books
from shop.consts import BookModel
from shop.models import Book
from shop.serializers import BookSerializer


class BookList(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer


def a1(request):
    return [b.author.name for b in recent_books()]


def a2(request):
    return [b.author.name for b in BookModel.objects.all()]


def a3(request):
    return [b.author.name for b in Book.objects.listed()]
''', '''from shop.helpers import recent_books
from shop.models import Book


def a1(request):
    return [b.author.name for b in recent_books()]


def a3(request):
    return [b.author.name for b in Book.objects.all()]
'''],
    "shop/views_b.py": ['''from django.shortcuts import render
from rest_framework import generics

from shop.api import recent_books
from shop.consts import BookModel
from shop.models import Book
from shop.serializers import BookSerializer


class OtherList(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer


def b1(request):
    return [b.author.name for b in recent_books()]


def b2(request):
    return render(request, "shop/books.html", {"books": BookModel.objects.all()})


def b3(request):
    return [b.author.name for b in Book.objects.listed()]
'''],
    "shop/views_c.py": ['''from shop.legacy import Book as Old
from shop.consts import BookModel


def c1(request):
    return [b.author.name for b in BookModel.objects.all()]
''', None],
    "shop/templates/shop/books.html": ['{% for book in books %}{% include "shop/row.html" %}{% endfor %}\n',
                                       '{% for book in books %}{{ book.title }}{% endfor %}\n'],
    "shop/templates/shop/row.html": ['<p>{{ book.author.name }}</p>\n', '<p>{{ book.author_id }}</p>\n'],
    "shop/extra.py": [None, 'from shop.models import Book\n\n\nclass Special(Book):\n    pass\n', 'x = 2\n'],
}


def _write(root: Path, name: str, text: Optional[str]) -> None:
    path = root / name
    if text is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _run(*args: str) -> str:
    result = CliRunner().invoke(
        cli, ["check", "--isolated", "-j", "1", "--select", "LL7", "--output-format", "concise", *args, "."],
        catch_exceptions=False,
    )
    return result.stdout


# Seeds 0 and 10 made cached runs print stale findings before the serializer memo recorded what it read
# and label lookups searched only the build's modules (at their 13th and 24th edit).
@pytest.mark.parametrize("seed", [0, 10])
def test_random_edits_print_the_same_cached_and_uncached(tmp_path, monkeypatch, seed):
    root = tmp_path / "site"
    _write(root, "manage.py", "import sys\n")
    _write(root, "shop/__init__.py", "")
    for name, versions in VERSIONS.items():
        _write(root, name, versions[0])
    monkeypatch.chdir(root)
    chosen = random.Random(seed)
    edits: list[tuple[str, int]] = []
    counts = {_run().count("LL7")}
    for _ in range(25):
        name = chosen.choice([n for n, versions in VERSIONS.items() if len(versions) > 1])
        version = chosen.randrange(len(VERSIONS[name]))
        edits.append((name, version))
        _write(root, name, VERSIONS[name][version])
        cached = _run()
        assert cached == _run("--no-cache"), edits
        counts.add(cached.count("LL7"))
    assert len(counts) > 1  # the edits change what is reported
