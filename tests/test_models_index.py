"""semantics/models.py: the project model index, on small projects written per test and on real ones."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from textwrap import dedent

import pytest

from loglint.project import ProjectIndex
from loglint.semantics.models import (
    FK,
    GENERIC,
    GENERIC_RELATION,
    M2M,
    O2O,
    REVERSE_FK,
    REVERSE_M2M,
    REVERSE_O2O,
    ModelIndex,
)

CORPUS = Path.home() / ".cache" / "loglint-corpus"


@pytest.fixture(autouse=True, params=["built", "loaded"])
def index_source(request, monkeypatch, tmp_path_factory):
    """Every test here runs twice: on the index as built, and on the index saved by the cache and loaded
    again (`ModelIndex.state` / `from_state`), which must answer the same."""
    if request.param == "built":
        return
    from loglint import cache

    real = ModelIndex.build.__func__
    store = tmp_path_factory.mktemp("index-store")

    def build_save_load(cls, roots, *args, **kwargs):
        index = real(cls, roots, *args, **kwargs)
        if index.state() is None or args or kwargs.get("sources") or kwargs.get("contrib_stubs") is False:
            return index  # not saved: modules given as text
        cache.save_index(store, index)
        loaded = cache.load_index(store, index.roots)
        assert loaded is not None and loaded.loaded
        return loaded

    monkeypatch.setattr(ModelIndex, "build", classmethod(build_save_load))


def write(root: Path, files: dict[str, str]) -> Path:
    """Write `files` under `root`; every folder holding a module becomes a package."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
        directory = path.parent
        while directory != root:
            (directory / "__init__.py").touch(exist_ok=True)
            directory = directory.parent
    return root


def build(root: Path, files: dict[str, str]) -> ModelIndex:
    return ModelIndex.build([write(root, files)])


def rel(index: ModelIndex, model: str, attr: str) -> tuple:
    """(kind, target, null, attname, remote_name) of a relation, or None."""
    found = index.relation(model, attr)
    return None if found is None else (found.kind, found.target, found.null, found.attname, found.remote_name)


LIBRARY = {
    "library/models.py": """
        from django.db import models

        class Author(models.Model):
            name = models.CharField(max_length=50)

        class Profile(models.Model):
            author = models.OneToOneField(Author, on_delete=models.CASCADE)

        class Tag(models.Model):
            label = models.CharField(max_length=20)

        class Book(models.Model):
            title = models.CharField(max_length=50)
            author = models.ForeignKey(Author, on_delete=models.CASCADE)
            editor = models.ForeignKey("Author", null=True, on_delete=models.SET_NULL, related_name="edited")
            tags = models.ManyToManyField("library.Tag", related_query_name="tagged_book")
            sequel = models.ForeignKey("self", null=True, on_delete=models.SET_NULL, related_name="+")

        class Review(models.Model):
            book = models.ForeignKey(to=Book, on_delete=models.CASCADE, related_name="reviews")
    """,
}


def test_forward_relations_with_nullability_and_column(tmp_path):
    index = build(tmp_path, LIBRARY)
    assert rel(index, "library.Book", "author") == (FK, "library.Author", False, "author_id", "book_set")
    assert rel(index, "library.Book", "editor") == (FK, "library.Author", True, "editor_id", "edited")
    assert rel(index, "library.Book", "tags") == (M2M, "library.Tag", False, None, "book_set")
    assert rel(index, "library.Profile", "author") == (O2O, "library.Author", False, "author_id", "profile")
    assert rel(index, "library.Review", "book")[:2] == (FK, "library.Book")  # `to=` keyword
    assert index.relation("library.Book", "title") is None
    assert index.field("library.Book", "title").field_class == "django.db.models.CharField"
    assert index.field("library.Book", "id").primary_key  # the implicit primary key


def test_reverse_accessors_default_named_hidden_and_query_names(tmp_path):
    index = build(tmp_path, LIBRARY)
    assert rel(index, "library.Author", "book_set")[:2] == (REVERSE_FK, "library.Book")
    assert index.relation("library.Author", "book_set").remote_name == "author"
    assert index.relation("library.Author", "book_set").related_query_name == "book"
    assert rel(index, "library.Author", "edited")[:2] == (REVERSE_FK, "library.Book")
    assert index.relation("library.Author", "edited").related_query_name == "edited"
    assert rel(index, "library.Author", "profile")[:2] == (REVERSE_O2O, "library.Profile")
    assert rel(index, "library.Tag", "book_set")[:2] == (REVERSE_M2M, "library.Book")
    assert index.relation("library.Tag", "book_set").related_query_name == "tagged_book"
    assert rel(index, "library.Book", "reviews")[:2] == (REVERSE_FK, "library.Review")
    # related_name="+": the forward field exists, no accessor on the other side
    assert rel(index, "library.Book", "sequel") == (FK, "library.Book", True, "sequel_id", None)
    assert {r.name for r in index.reverse_relations("library.Book")} == {"reviews"}
    assert index.relation("library.Author", "review_set") is None


def test_lookups_by_label_are_case_insensitive_on_the_model_name(tmp_path):
    index = build(tmp_path, LIBRARY)
    assert index.by_label("library.book").label == "library.Book"
    assert index.by_label("Library.Book") is None  # app labels are case-sensitive in Django
    assert index.model_for("library.models.Book").label == "library.Book"
    assert index.model_for("library.models.Nope") is None


def test_abstract_base_fields_and_templated_related_names(tmp_path):
    index = build(
        tmp_path,
        {
            "core/base.py": """
                from django.conf import settings
                from django.db import models

                class Owned(models.Model):
                    owner = models.ForeignKey(
                        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                        related_name="%(app_label)s_%(class)s_owned", related_query_name="%(class)ss",
                    )
                    note = models.TextField()

                    class Meta:
                        abstract = True
            """,
            "shop/models.py": """
                from core.base import Owned
                from django.db import models

                class Cart(Owned):
                    pass

                class Order(Owned):
                    note = None  # removes the inherited field
            """,
        },
    )
    assert index.model_for("core.base.Owned").is_abstract
    assert index.by_label("core.Owned") is None  # abstract models have no label to look up
    assert rel(index, "shop.Cart", "owner") == (FK, "auth.User", False, "owner_id", "shop_cart_owned")
    assert rel(index, "auth.User", "shop_cart_owned")[:2] == (REVERSE_FK, "shop.Cart")
    assert rel(index, "auth.User", "shop_order_owned")[:2] == (REVERSE_FK, "shop.Order")
    assert index.relation("auth.User", "shop_cart_owned").related_query_name == "carts"
    assert index.field("shop.Cart", "note") is not None
    assert index.field("shop.Order", "note") is None
    assert index.by_label("shop.Cart").abstract_bases == ("core.base.Owned",)
    # on the abstract model itself the placeholders stay unfilled, as in Django
    assert index.model_for("core.base.Owned").relations[0].remote_name == "%(app_label)s_%(class)s_owned"


def test_abstract_base_strings_resolve_in_the_concrete_app(tmp_path):
    index = build(
        tmp_path,
        {
            "common/abstract.py": """
                from django.db import models

                class AbstractLine(models.Model):
                    order = models.ForeignKey("Order", on_delete=models.CASCADE, related_name="lines")
                    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)

                    class Meta:
                        abstract = True
                        default_related_name = "unused"
            """,
            "sales/models.py": """
                from django.db import models
                from common.abstract import AbstractLine

                class Order(models.Model):
                    pass

                class Line(AbstractLine):
                    pass
            """,
        },
    )
    assert rel(index, "sales.Line", "order")[:2] == (FK, "sales.Order")
    assert rel(index, "sales.Line", "parent") == (FK, "sales.Line", True, "parent_id", "unused")
    assert rel(index, "sales.Order", "lines")[:2] == (REVERSE_FK, "sales.Line")


def test_default_related_name_and_symmetrical_self_m2m(tmp_path):
    index = build(
        tmp_path,
        {
            "people/models.py": """
                from django.db import models

                class Person(models.Model):
                    friends = models.ManyToManyField("self")
                    follows = models.ManyToManyField("self", symmetrical=False)
                    mentor = models.ForeignKey("Person", null=True, on_delete=models.SET_NULL)

                class Pet(models.Model):
                    owner = models.ForeignKey(Person, on_delete=models.CASCADE)

                    class Meta:
                        default_related_name = "%(model_name)ss"
            """,
        },
    )
    assert rel(index, "people.Person", "friends")[4] is None  # friends_rel_+: no accessor
    assert rel(index, "people.Person", "follows")[4] == "person_set"
    assert rel(index, "people.Person", "person_set")[0] == REVERSE_M2M  # the first of two clashing accessors
    assert rel(index, "people.Person", "pets")[:2] == (REVERSE_FK, "people.Pet")


def test_proxy_models_see_the_concrete_models_relations(tmp_path):
    index = build(
        tmp_path,
        {
            "library/models.py": dedent(LIBRARY["library/models.py"])
            + dedent(
                """
                class PublishedBook(Book):
                    class Meta:
                        proxy = True

                class Shelf(models.Model):
                    book = models.ForeignKey(PublishedBook, on_delete=models.CASCADE)
                """
            ),
        },
    )
    proxy = index.by_label("library.PublishedBook")
    assert proxy.is_proxy and proxy.parents == ("library.Book",) and proxy.concrete_label == "library.Book"
    assert rel(index, "library.PublishedBook", "author")[:2] == (FK, "library.Author")
    assert rel(index, "library.PublishedBook", "reviews")[:2] == (REVERSE_FK, "library.Review")
    assert rel(index, "library.Shelf", "book")[:2] == (FK, "library.PublishedBook")
    # the reverse accessor of an FK to a proxy lives on the concrete model, visible from both
    assert rel(index, "library.Book", "shelf_set")[:2] == (REVERSE_FK, "library.Shelf")
    assert rel(index, "library.PublishedBook", "shelf_set")[:2] == (REVERSE_FK, "library.Shelf")


def test_multi_table_inheritance_links_both_ways(tmp_path):
    index = build(
        tmp_path,
        {
            "places/models.py": """
                from django.db import models

                class City(models.Model):
                    pass

                class Place(models.Model):
                    city = models.ForeignKey(City, on_delete=models.CASCADE)

                class Restaurant(Place):
                    chef = models.CharField(max_length=10)

                class Bar(Place):
                    place = models.OneToOneField(Place, parent_link=True, on_delete=models.CASCADE, related_name="bar_of")
            """,
        },
    )
    assert index.by_label("places.Restaurant").parents == ("places.Place",)
    ptr = index.relation("places.Restaurant", "place_ptr")
    assert (ptr.kind, ptr.target, ptr.attname, ptr.parent_link) == (O2O, "places.Place", "place_ptr_id", True)
    assert rel(index, "places.Place", "restaurant")[:2] == (REVERSE_O2O, "places.Restaurant")
    # the child reads the parent's fields and relations, and the parent's reverse accessors
    assert rel(index, "places.Restaurant", "city")[:2] == (FK, "places.City")
    assert rel(index, "places.City", "place_set")[:2] == (REVERSE_FK, "places.Place")
    # an explicit parent link replaces the automatic one
    assert index.relation("places.Bar", "place_ptr") is None
    assert rel(index, "places.Place", "bar_of")[:2] == (REVERSE_O2O, "places.Bar")
    # the child's pk is the parent link; `restaurant.id` is the parent's
    assert "id" not in {f.name for f in index.by_label("places.Restaurant").fields}
    assert index.field("places.Restaurant", "id") is index.field("places.Place", "id")


def test_auth_user_model_from_settings(tmp_path):
    index = build(
        tmp_path,
        {
            "proj/settings.py": 'AUTH_USER_MODEL = "accounts.Member"\n',
            "accounts/models.py": """
                from django.contrib.auth.models import AbstractUser

                class Member(AbstractUser):
                    pass
            """,
            "blog/models.py": """
                from django.conf import settings
                from django.contrib.auth import get_user_model
                from django.db import models

                User = get_user_model()

                class Post(models.Model):
                    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
                    editor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="edits")
            """,
        },
    )
    assert index.user_model == "accounts.Member"
    assert rel(index, "blog.Post", "author")[:2] == (FK, "accounts.Member")
    assert rel(index, "blog.Post", "editor")[:2] == (FK, "accounts.Member")
    assert rel(index, "accounts.Member", "post_set")[:2] == (REVERSE_FK, "blog.Post")
    # the custom user inherits PermissionsMixin's M2Ms; auth.User is swapped out and adds no accessors
    assert rel(index, "accounts.Member", "groups")[:2] == (M2M, "auth.Group")
    assert rel(index, "auth.Group", "user_set")[:2] == (REVERSE_M2M, "accounts.Member")
    assert index.by_label("auth.User").swapped
    assert rel(index, "accounts.Member", "logentry_set")[:2] == (REVERSE_FK, "admin.LogEntry")


def test_auth_user_model_defaults_and_ambiguity(tmp_path):
    plain = build(tmp_path / "a", {"blog/models.py": FK_TO_USER})
    assert plain.user_model == "auth.User"
    assert rel(plain, "blog.Post", "author")[:2] == (FK, "auth.User")
    dev_only_differs = build(
        tmp_path / "b",
        {
            "proj/settings/base.py": 'AUTH_USER_MODEL = "accounts.Member"\n',
            "proj/settings/test.py": 'AUTH_USER_MODEL = "auth.User"\n',
            "blog/models.py": FK_TO_USER,
        },
    )
    assert dev_only_differs.user_model == "accounts.Member"
    conditional = build(
        tmp_path / "c",
        {
            "proj/settings.py": 'import os\nif os.environ.get("X"):\n    AUTH_USER_MODEL = "accounts.Member"\n',
            "blog/models.py": FK_TO_USER,
        },
    )
    assert conditional.user_model is None
    assert rel(conditional, "blog.Post", "author")[:2] == (FK, None)  # still a relation, target unknown
    assert [u[:2] for u in conditional.stats.unresolved] == [("blog.Post", "author")]


FK_TO_USER = """
    from django.conf import settings
    from django.db import models

    class Post(models.Model):
        author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""


def test_app_labels_from_package_app_config_and_meta(tmp_path):
    index = build(
        tmp_path,
        {
            "vendor/shop/apps.py": """
                from django.apps import AppConfig

                class ShopOnlyConfig(AppConfig):
                    name = "vendor.shop"
                    label = "shop_only"

                class ShopConfig(AppConfig):
                    default = True
                    name = "vendor.shop"
                    label = "store"
            """,
            "vendor/shop/models/__init__.py": "from .items import Item\n",
            "vendor/shop/models/items.py": """
                from django.db import models

                class Item(models.Model):
                    pass

                class Other(models.Model):
                    class Meta:
                        app_label = "elsewhere"
            """,
            "vendor/shop/extras.py": """
                from django.db import models

                class Extra(models.Model):
                    item = models.ForeignKey("store.Item", on_delete=models.CASCADE)
            """,
            "misc/things/models.py": """
                from django.db import models

                class Thing(models.Model):
                    pass
            """,
        },
    )
    assert index.by_label("store.Item").module == "vendor.shop.models.items"
    assert index.by_label("elsewhere.Other") is not None
    assert index.by_label("store.Extra") is not None  # a model outside models.py belongs to its app
    assert rel(index, "store.Item", "extra_set")[:2] == (REVERSE_FK, "store.Extra")
    assert index.by_label("things.Thing") is not None  # default: the package's last component
    assert index.model_for("vendor.shop.models.Item").label == "store.Item"  # re-export followed


def test_star_imports_reexports_and_all(tmp_path):
    index = build(
        tmp_path,
        {
            "catalog/abstract_models.py": """
                from django.db import models

                __all__ = ["AbstractProduct"]

                class AbstractProduct(models.Model):
                    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE)

                    class Meta:
                        abstract = True
                        app_label = "catalog"

                class Hidden(models.Model):
                    pass
            """,
            "catalog/models.py": """
                from catalog.abstract_models import *
                from catalog.loading import is_model_registered
                from django.db import models

                class Category(models.Model):
                    pass

                if not is_model_registered("catalog", "Product"):
                    class Product(AbstractProduct):
                        pass
            """,
            "catalog/loading.py": "def is_model_registered(app, name):\n    return False\n",
            "orders/models.py": """
                from catalog.models import *
                from django.db import models

                class Line(models.Model):
                    product = models.ForeignKey(Product, on_delete=models.CASCADE)
                    hidden = models.ForeignKey(Hidden, on_delete=models.CASCADE)
            """,
        },
    )
    assert rel(index, "catalog.Product", "category")[:2] == (FK, "catalog.Category")
    assert rel(index, "orders.Line", "product")[:2] == (FK, "catalog.Product")
    # `Hidden` is not in abstract_models.__all__, so the chain of star imports does not bind it
    assert rel(index, "orders.Line", "hidden")[:2] == (FK, None)
    assert index.model_for("orders.models.Product").label == "catalog.Product"


def test_generic_relations(tmp_path):
    index = build(
        tmp_path,
        {
            "notes/models.py": """
                from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
                from django.contrib.contenttypes.models import ContentType
                from django.db import models

                class Note(models.Model):
                    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
                    object_id = models.PositiveIntegerField()
                    target = GenericForeignKey("content_type", "object_id")

                class Page(models.Model):
                    notes = GenericRelation(Note, related_query_name="page")
            """,
        },
    )
    target = index.relation("notes.Note", "target")
    assert (target.kind, target.target, target.attname, target.through) == (GENERIC, None, "object_id", "content_type")
    assert rel(index, "notes.Page", "notes")[:2] == (GENERIC_RELATION, "notes.Note")
    assert rel(index, "contenttypes.ContentType", "note_set")[:2] == (REVERSE_FK, "notes.Note")
    assert index.stats.unresolved == []  # a GenericForeignKey has no single target to resolve


def test_managers_and_querysets(tmp_path):
    index = build(
        tmp_path,
        {
            "library/managers.py": """
                from django.db import models
                from treebeard.mp_tree import MP_NodeManager

                class BookQuerySet(models.QuerySet):
                    def with_author(self):
                        return self.select_related("author")

                class BookManager(models.Manager):
                    pass

                PublishedManager = models.Manager.from_queryset(BookQuerySet)

                class CustomManager(models.Manager.from_queryset(BookQuerySet)):
                    pass

                class TreeManager(MP_NodeManager):
                    pass
            """,
            "library/models.py": """
                from django.db import models
                from library.managers import BookManager, BookQuerySet, CustomManager, PublishedManager, TreeManager

                class Base(models.Model):
                    objects = BookManager()

                    class Meta:
                        abstract = True

                class Book(Base):
                    published = PublishedManager()
                    as_qs = BookQuerySet.as_manager()
                    built = models.Manager.from_queryset(BookQuerySet)()
                    custom = CustomManager()
                    tree = TreeManager()

                class Plain(models.Model):
                    pass
            """,
        },
    )
    managers = {m.name: (m.manager_class, m.queryset_class) for m in index.by_label("library.Book").managers}
    qs = "library.managers.BookQuerySet"
    assert managers == {
        "objects": ("library.managers.BookManager", None),
        "published": ("library.managers.PublishedManager", qs),
        "as_qs": ("django.db.models.Manager", qs),
        "built": ("django.db.models.Manager", qs),
        "custom": ("library.managers.CustomManager", qs),
        "tree": ("library.managers.TreeManager", None),  # through a library manager
    }
    assert [m.name for m in index.by_label("library.Plain").managers] == ["objects"]
    path, node = index.class_def("library.models.BookQuerySet")  # re-exported name, followed
    assert path.endswith("managers.py") and [f.name for f in node.body] == ["with_author"]
    assert index.by_label("library.Book").relations == ()  # managers are not relations


def test_models_through_project_bases_and_probable_models(tmp_path):
    index = build(
        tmp_path,
        {
            "core/bases.py": """
                from django.db import models

                class Timestamped(models.Model):
                    class Meta:
                        abstract = True

                class Tracked(Timestamped):
                    class Meta:
                        abstract = True
            """,
            "core/serializers.py": """
                from rest_framework import serializers

                class ThingSerializer(serializers.ModelSerializer):
                    class Meta:
                        model = object
                        fields = ["id"]
            """,
            "things/records.py": """
                from core.bases import Tracked
                from django.db import models
                from treebeard.mp_tree import MP_Node
                from thirdparty.models import SomethingBase

                class Record(Tracked):
                    thing = models.ForeignKey("things.Thing", on_delete=models.CASCADE)

                class Thing(MP_Node):
                    pass

                class Guess(SomethingBase):
                    name = models.CharField(max_length=5)

                class NotAModel(SomethingBase):
                    name = "x"
            """,
        },
    )
    assert index.by_label("things.Record") is not None and not index.by_label("things.Record").probable
    assert index.by_label("things.Thing") is not None  # a known third-party model base
    assert index.by_label("things.Guess").probable
    assert index.by_label("things.NotAModel") is None
    assert index.by_label("core.ThingSerializer") is None  # a Meta with model/fields is a serializer's
    assert rel(index, "things.Thing", "record_set")[:2] == (REVERSE_FK, "things.Record")


def test_unresolvable_targets_are_counted_not_guessed(tmp_path):
    index = build(
        tmp_path,
        {
            "app/models.py": """
                from django.db import models
                from elsewhere import Unknown
                from app.helpers import make_target

                class Item(models.Model):
                    a = models.ForeignKey(Unknown, on_delete=models.CASCADE)
                    b = models.ForeignKey(make_target("Item"), on_delete=models.CASCADE)
                    c = models.ForeignKey("other.Missing", on_delete=models.CASCADE)
                    d = models.ForeignKey("self", related_name=NAME, on_delete=models.CASCADE)
            """,
            "app/helpers.py": "def make_target(name):\n    return 'app.' + name\n",
        },
    )
    assert rel(index, "app.Item", "a")[:2] == (FK, None)
    assert rel(index, "app.Item", "b")[:2] == (FK, None)
    assert rel(index, "app.Item", "c")[:2] == (FK, "other.Missing")  # a label, not a model the index has
    assert rel(index, "app.Item", "d")[1::3] == ("app.Item", None)  # a computed related_name: no accessor
    assert sorted(u[1] for u in index.stats.unresolved) == ["a", "b"]
    assert index.stats.unindexed == [("app.Item", "c", "other.Missing")]


def test_contrib_models_are_known_without_django_source(tmp_path):
    index = build(tmp_path, {"app/models.py": "x = 1\n"})
    assert rel(index, "auth.User", "groups")[:2] == (M2M, "auth.Group")
    assert rel(index, "auth.Group", "user_set")[:2] == (REVERSE_M2M, "auth.User")
    assert index.relation("auth.Group", "user_set").related_query_name == "user"
    assert rel(index, "auth.Permission", "content_type")[:2] == (FK, "contenttypes.ContentType")
    assert rel(index, "admin.LogEntry", "content_type")[2] is True
    assert rel(index, "sites.Site", "redirect_set")[:2] == (REVERSE_FK, "redirects.Redirect")
    assert index.by_label("taggit.Tag") is None  # library stubs join only when the project imports them


def test_taggit_managers_resolve_their_tag_model(tmp_path):
    index = build(
        tmp_path,
        {
            "blog/models.py": """
                from django.db import models
                from modelcluster.contrib.taggit import ClusterTaggableManager
                from modelcluster.fields import ParentalKey
                from taggit.managers import TaggableManager
                from taggit.models import TagBase, TaggedItemBase

                class Post(models.Model):
                    tags = TaggableManager()
                    labels = ClusterTaggableManager(through="blog.LabelledPost")

                class Label(TagBase):
                    pass

                class LabelledPost(TaggedItemBase):
                    tag = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="tagged_posts")
                    content_object = ParentalKey(Post, on_delete=models.CASCADE, related_name="labelled")
            """,
        },
    )
    assert rel(index, "blog.Post", "tags")[:2] == (M2M, "taggit.Tag")
    assert rel(index, "blog.Post", "labels")[:2] == (M2M, "blog.Label")
    assert rel(index, "blog.Post", "labelled")[:2] == (REVERSE_FK, "blog.LabelledPost")  # ParentalKey is an FK
    assert rel(index, "blog.Label", "tagged_posts")[:2] == (REVERSE_FK, "blog.LabelledPost")
    assert index.by_label("taggit.Tag") is not None


def test_syntax_errors_and_cycles_do_not_stop_the_index(tmp_path):
    index = build(
        tmp_path,
        {
            "app/models.py": """
                from django.db import models
                from app.models import *

                class A(B):
                    pass

                class B(A):
                    pass

                class C(models.Model):
                    pass
            """,
            "broken/models.py": "class (:\n",
        },
    )
    assert index.by_label("app.C") is not None
    assert index.by_label("app.A") is None
    assert index.stats.unparsed == ["broken.models"]


def test_project_index_builds_the_model_index_once_from_the_whole_project(tmp_path):
    write(tmp_path, LIBRARY)
    write(tmp_path, {"other/views.py": "x = 1\n"})
    project = ProjectIndex(tmp_path)
    project.add_source_root(tmp_path)  # the runner does this for `other/views.py` only
    models = project.models()
    assert models is project.models()
    assert models.by_label("library.Book") is not None


def test_project_index_walks_source_roots_outside_the_configured_root(tmp_path):
    write(tmp_path / "elsewhere", LIBRARY)
    write(tmp_path / "cwd", {"unrelated/models.py": "from django.db import models\nclass Z(models.Model):\n    pass\n"})
    project = ProjectIndex(tmp_path / "cwd")
    project.add_source_root(tmp_path / "elsewhere")
    assert project.model_roots() == ((tmp_path / "elsewhere").resolve(),)
    models = project.models()
    assert models.by_label("library.Book") is not None
    assert models.by_label("unrelated.Z") is None


# -- real model files ------------------------------------------------------------------------------------


def corpus_index(name: str) -> ModelIndex:
    root = CORPUS / name
    if not root.is_dir():
        pytest.skip(f"corpus project {name} not downloaded")
    started = time.perf_counter()
    index = ModelIndex.build([root])
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {index.stats.summary()} (wall {elapsed:.2f}s)")
    for model, attr, why in index.stats.unresolved[:10]:
        print(f"  unresolved {model}.{attr}: {why}")
    return index


@pytest.mark.slow
def test_django_contrib_from_source_matches_the_stubs(tmp_path):
    real = corpus_index("django-5.2.19")
    stubbed = build(tmp_path, {"app/models.py": "x = 1\n"})
    labels = ["auth.User", "auth.Group", "auth.Permission", "contenttypes.ContentType", "admin.LogEntry",
              "sites.Site", "sessions.Session", "redirects.Redirect", "flatpages.FlatPage"]
    for label in labels:
        model = real.by_label(label)
        assert model is not None, label
        assert not model.path.endswith("models.py") or "django/contrib" in model.path
        facts = lambda index, l: sorted(  # noqa: E731
            (r.name, r.kind, r.target, r.null, r.remote_name, r.related_query_name)
            for r in index.by_label(l).relations + index.reverse_relations(l)
        )
        assert facts(real, label) == facts(stubbed, label), label
        assert {f.name for f in real.by_label(label).fields} == {f.name for f in stubbed.by_label(label).fields}
    assert real.stats.unresolved == []
    assert real.stats.unparsed == []


@pytest.mark.slow
def test_wagtail_models():
    index = corpus_index("wagtail-8.0.1")
    page = index.by_label("wagtailcore.Page")
    assert not page.probable and "wagtail.models.pages.AbstractPage" in page.abstract_bases
    assert rel(index, "wagtailcore.Page", "content_type")[:2] == (FK, "contenttypes.ContentType")
    assert rel(index, "wagtailcore.Page", "locale")[:2] == (FK, "wagtailcore.Locale")
    assert rel(index, "wagtailcore.Page", "alias_of")[:2] == (FK, "wagtailcore.Page")
    assert rel(index, "wagtailcore.Page", "aliases")[:2] == (REVERSE_FK, "wagtailcore.Page")
    assert rel(index, "wagtailcore.Page", "sites_rooted_here")[:2] == (REVERSE_FK, "wagtailcore.Site")
    assert rel(index, "wagtailcore.Page", "group_permissions")[:2] == (REVERSE_FK, "wagtailcore.GroupPagePermission")
    assert rel(index, "wagtailimages.Image", "tags")[:2] == (M2M, "taggit.Tag")
    # a page type's parent link
    assert rel(index, "tests.EventPage", "page_ptr")[:2] == (O2O, "wagtailcore.Page")
    assert index.relation("tests.EventPage", "page_ptr").remote_name == "eventpage"
    # two apps of Wagtail's test tree define an EventPage: the first keeps the accessor (Django would
    # refuse the clash when both are installed)
    assert rel(index, "wagtailcore.Page", "eventpage")[0] == REVERSE_O2O
    # Wagtail's test settings pick AUTH_USER_MODEL from the environment: user FKs stay unresolved
    assert index.user_model is None
    assert {why for _, _, why in index.stats.unresolved} == {"AUTH_USER_MODEL is not one literal in the settings"}
    assert index.stats.models > 200


@pytest.mark.slow
def test_oscar_models():
    index = corpus_index("django-oscar-4.2.1")
    assert index.model_for("oscar.apps.catalogue.models.Product").abstract_bases == (
        "oscar.apps.catalogue.abstract_models.AbstractProduct",
    )
    assert rel(index, "catalogue.Product", "categories")[:2] == (M2M, "catalogue.Category")
    assert index.relation("catalogue.Product", "categories").through == "catalogue.ProductCategory"
    assert rel(index, "catalogue.Product", "parent")[:3] == (FK, "catalogue.Product", True)
    assert rel(index, "catalogue.Product", "children")[:2] == (REVERSE_FK, "catalogue.Product")
    assert rel(index, "catalogue.Product", "stockrecords")[:2] == (REVERSE_FK, "partner.StockRecord")
    assert rel(index, "catalogue.Product", "reviews")[:2] == (REVERSE_FK, "reviews.ProductReview")
    assert rel(index, "order.Order", "user")[:2] == (FK, "auth.User")  # oscar.core.compat.AUTH_USER_MODEL
    manager = index.by_label("catalogue.Product").managers[0]
    assert manager.queryset_class == "oscar.apps.catalogue.managers.ProductQuerySet"  # through get_classes
    assert index.stats.unresolved == []
    assert index.stats.models > 70


def test_oscar_style_dynamic_loading_and_user_constant(tmp_path):
    """Modelled on django-oscar: `get_classes` loading, `AUTH_USER_MODEL` re-read into a module constant,
    abstract models with their own app_label, concrete models declared under `is_model_registered`."""
    index = build(
        tmp_path,
        {
            "oscar/core/loading.py": "def get_class(a, b):\n    pass\ndef get_classes(a, b):\n    pass\n",
            "oscar/core/compat.py": """
                from django.conf import settings
                AUTH_USER_MODEL = getattr(settings, "AUTH_USER_MODEL", "auth.User")
            """,
            "oscar/apps/basket/managers.py": """
                from django.db import models
                class OpenBasketManager(models.Manager):
                    pass
                class SavedQuerySet(models.QuerySet):
                    pass
            """,
            "oscar/apps/basket/abstract_models.py": """
                from django.db import models
                from oscar.core.compat import AUTH_USER_MODEL
                from oscar.core.loading import get_class, get_classes

                OpenBasketManager, SavedQuerySet = get_classes("basket.managers", ["OpenBasketManager", "SavedQuerySet"])

                class AbstractBasket(models.Model):
                    owner = models.ForeignKey(AUTH_USER_MODEL, null=True, related_name="baskets", on_delete=models.CASCADE)
                    open = OpenBasketManager()
                    saved = SavedQuerySet.as_manager()

                    class Meta:
                        abstract = True
                        app_label = "basket"
            """,
            "oscar/apps/basket/models.py": """
                from oscar.apps.basket.abstract_models import *

                if not is_model_registered("basket", "Basket"):
                    class Basket(AbstractBasket):
                        pass
            """,
        },
    )
    assert rel(index, "basket.Basket", "owner")[:3] == (FK, "auth.User", True)
    assert rel(index, "auth.User", "baskets")[:2] == (REVERSE_FK, "basket.Basket")
    managers = {m.name: (m.manager_class, m.queryset_class) for m in index.by_label("basket.Basket").managers}
    assert managers == {
        "open": ("oscar.apps.basket.managers.OpenBasketManager", None),
        "saved": ("django.db.models.Manager", "oscar.apps.basket.managers.SavedQuerySet"),
    }


# -- differential: the index against Django's own `_meta` ----------------------------------------------

DIFF_PROJECT = {
    "accounts/models.py": """
        from django.contrib.auth.models import AbstractUser

        class Member(AbstractUser):
            pass
    """,
    "common/bases.py": """
        from django.conf import settings
        from django.db import models

        class Owned(models.Model):
            owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="%(app_label)s_%(class)s_set")
            watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

            class Meta:
                abstract = True

        class Dated(Owned):
            class Meta(Owned.Meta):
                abstract = True
                default_related_name = "%(model_name)s_dated"
    """,
    "shop/apps.py": """
        from django.apps import AppConfig

        class ShopConfig(AppConfig):
            name = "shop"
            label = "store"
    """,
    "shop/models/__init__.py": "from .catalog import *\nfrom .people import *\n",
    "shop/models/catalog.py": """
        from django.db import models
        from common.bases import Dated, Owned

        __all__ = ["Category", "Product", "Special", "Digital", "Bundle", "Cheap", "Extra", "Coded", "Limited"]

        class Category(Owned):
            parent = models.ForeignKey("self", models.CASCADE, null=True, related_name="children")
            related = models.ManyToManyField("self")
            follows = models.ManyToManyField("self", symmetrical=False, related_name="followers")

        class Product(Dated):
            category = models.ForeignKey(Category, models.SET_NULL, null=True)
            alternatives = models.ManyToManyField("store.Product")
            parts = models.ManyToManyField("Product", through="Bundle", related_name="used_in")

        class Bundle(models.Model):
            whole = models.ForeignKey(Product, models.CASCADE, related_name="+")
            part = models.ForeignKey(Product, models.CASCADE, related_name="bundle_parts")

        class Special(Product):
            discount = models.IntegerField()

        class Digital(Product):
            base = models.OneToOneField(Product, models.CASCADE, parent_link=True, related_name="digital_version")

        class Cheap(Product):
            class Meta:
                proxy = True

        class Extra(models.Model):
            product = models.OneToOneField(Product, models.CASCADE, primary_key=True)
            note = models.TextField(null=True)

        class Coded(models.Model):
            code = models.CharField(max_length=5, primary_key=True)

        class AbstractLimited(Product):
            class Meta:
                abstract = True

        class Limited(AbstractLimited):
            stock = models.IntegerField()
    """,
    "shop/models/people.py": """
        from django.conf import settings
        from django.db import models
        from .catalog import Cheap, Product

        class Profile(models.Model):
            user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE)
            favourite = models.ForeignKey(Cheap, models.SET_NULL, null=True, related_query_name="fan")
    """,
    "notes/models.py": """
        from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
        from django.contrib.contenttypes.models import ContentType
        from django.db import models

        class Note(models.Model):
            content_type = models.ForeignKey(ContentType, models.CASCADE)
            object_id = models.PositiveIntegerField()
            target = GenericForeignKey()

        class Board(models.Model):
            notes = GenericRelation(Note)
    """,
}
DIFF_APPS = "django.contrib.auth,django.contrib.contenttypes,django.contrib.admin,accounts,shop,notes"


def django_meta(root: Path, apps: str, user_model: str) -> dict[str, dict[str, list]]:
    if importlib.util.find_spec("django") is None:
        pytest.skip("django (a test dependency) is not installed")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "nplusone_lab" / "dump_meta.py"), str(root), user_model, apps],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_index_agrees_with_django_meta(tmp_path):
    """Every relation attribute Django's `_meta.get_fields()` reports, for every installed model, is the
    same relation in the index (name, kind, target), and the index reports none Django lacks."""
    root = write(tmp_path, DIFF_PROJECT)
    (root / "proj").mkdir()
    (root / "proj" / "settings.py").write_text('AUTH_USER_MODEL = "accounts.Member"\n')
    truth = django_meta(root, DIFF_APPS, "accounts.Member")
    index = ModelIndex.build([root])
    assert index.stats.unresolved == [] and index.stats.unindexed == []
    for label, facts in truth.items():
        model = index.by_label(label)
        assert model is not None, label
        for name, kind, target in facts["relations"]:
            found = index.relation(label, name)
            assert found is not None, f"{label}.{name}"
            assert (found.kind, found.target) == (kind, target), f"{label}.{name}"
        expected = {name for name, _, _ in facts["relations"]}
        own = {r.name for r in model.relations + index.reverse_relations(model)}
        assert own <= expected, f"{label}: the index adds {sorted(own - expected)}"
        for name, null in facts["fields"]:
            found_field = index.field(label, name)
            assert found_field is not None and found_field.null == null, f"{label}.{name}"
        if not model.is_proxy:
            assert {f.name for f in model.fields} == {name for name, _ in facts["fields"]}, label


def test_models_using_newer_python_syntax_keep_their_fields(tmp_path):
    """A module with syntax newer than the running Python (Weblate uses `type` aliases, generics and
    nested f-string quotes) is indexed without only the statements this Python rejects."""
    index = build(
        tmp_path,
        {
            "app/models.py": """
                from django.db import models

                type Pair = tuple[int, int]

                class Shelf(models.Model):
                    pass

                class Item(models.Model):
                    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)

                    def first[T](self, values: list[T]) -> T:
                        return values[0]

                    def label(self):
                        return f"{self.__dict__["shelf_id"]}"

                    name = models.CharField(max_length=5)

                    def keep(self):
                        return self.name
            """,
        },
    )
    assert rel(index, "app.Item", "shelf")[:2] == (FK, "app.Shelf")
    assert index.field("app.Item", "name") is not None
    assert "keep" in index.by_label("app.Item").methods
    assert index.stats.unparsed == []


def test_nesting_beyond_what_parsers_take_is_skipped_safely(tmp_path):
    """CPython rejects it for nesting: LibCST, whose native parser crashes on such input, never sees it."""
    index = build(
        tmp_path,
        {
            "app/models.py": "from django.db import models\nclass A(models.Model):\n    pass\n",
            "app/deep/models.py": "x = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
        },
    )
    assert index.by_label("app.A") is not None
    assert index.stats.unparsed == ["app.deep.models"]


def test_rules_reach_the_index_through_their_file_context(tmp_path):
    import libcst as cst

    from harness import default_config
    from loglint.engine import check_source
    from loglint.rule import Rule
    from loglint.semantics.models import project_models

    write(tmp_path, LIBRARY)
    seen = []

    class Probe(Rule):
        code, name, message = "LL999", "probe", "probe"

        def visit_Module(self, node: cst.Module) -> None:
            seen.append(project_models(self.context))

    project = ProjectIndex(tmp_path)
    check_source(str(tmp_path / "library" / "views.py"), b"x = 1\n", [Probe], default_config(), project)
    check_source("views.py", b"x = 1\n", [Probe], default_config())
    alone = b"from django.db import models\n\nclass Note(models.Model):\n    user = models.ForeignKey('auth.User', on_delete=models.CASCADE)\n"
    check_source("notes.py", alone, [Probe], default_config())
    assert seen[0] is project.models() and seen[0].by_label("library.Book") is not None
    # without a project: the models of the checked file itself (and Django's contrib models)
    assert seen[1] is not None and seen[1].by_label("library.Book") is None
    assert seen[2].relation("notes.Note", "user").target == "auth.User"


def test_bases_and_targets_loaded_by_label(tmp_path):
    """`X = get_model("app", "Model")` (Django's apps registry, oscar's loader) as a base or a target:
    Oscar's offer benefits and conditions are proxies of models loaded this way."""
    index = build(
        tmp_path,
        {
            "offer/models.py": """
                from django.db import models

                class Range(models.Model):
                    pass

                class Condition(models.Model):
                    range = models.ForeignKey(Range, null=True, on_delete=models.CASCADE)
            """,
            "offer/conditions.py": """
                from django.apps import apps

                Condition = apps.get_model("offer", "Condition")
                Range = apps.get_model("offer.Range")

                class CountCondition(Condition):
                    class Meta:
                        proxy = True
            """,
            "offer/factories.py": """
                import factory

                class ConditionFactory(factory.Factory):
                    class Meta:
                        abstract = True
            """,
        },
    )
    model = index.model_for("offer.conditions.CountCondition")
    assert (model.label, model.is_proxy, model.parents) == ("offer.CountCondition", True, ("offer.Condition",))
    assert rel(index, "offer.CountCondition", "range")[:2] == (FK, "offer.Range")
    assert index.model_for("offer.factories.ConditionFactory") is None  # a Meta with `abstract` alone


def test_contrib_stubs_agree_with_django_meta(tmp_path):
    """The stubs of Django's contrib models, against the installed Django's `_meta`."""
    root = write(tmp_path, {"app/models.py": FK_TO_USER})
    apps = ",".join(
        f"django.contrib.{name}"
        for name in ("auth", "contenttypes", "admin", "sessions", "sites", "redirects", "flatpages")
    ) + ",app"
    truth = django_meta(root, apps, "auth.User")
    index = ModelIndex.build([root])
    assert set(truth) == {m.label for m in index.models if not m.is_abstract}
    for label, facts in truth.items():
        model = index.by_label(label)
        relations = sorted([r.name, r.kind, r.target] for r in model.relations + index.reverse_relations(model))
        assert relations == sorted(facts["relations"]), label
        assert sorted([f.name, f.null] for f in model.fields) == facts["fields"], label


def test_model_roots_keep_only_the_outermost_folders(tmp_path):
    write(tmp_path / "elsewhere", LIBRARY)
    (tmp_path / "cwd").mkdir()
    project = ProjectIndex(tmp_path / "cwd")
    project.add_source_root(tmp_path / "elsewhere" / "library")  # a non-package folder's file
    project.add_source_root(tmp_path / "elsewhere")
    assert project.model_roots() == ((tmp_path / "elsewhere").resolve(),)
    project.add_source_root(tmp_path / "cwd")
    assert project.model_roots() == ((tmp_path / "cwd").resolve(), (tmp_path / "elsewhere").resolve())


def test_constants_settings_and_one_line_functions(tmp_path):
    """Modelled on Wagtail: a related_name from a module constant read from settings with a default,
    an FK target from `get_image_model_string()` (a function returning a swappable-model setting)."""
    index = build(
        tmp_path,
        {
            "proj/settings.py": 'MEDIA_IMAGE_MODEL = "media.CustomImage"\nDEBUG = True\n',
            "media/__init__.py": """
                from django.conf import settings

                def get_image_model_string():
                    \"\"\"The image model, as a label.\"\"\"
                    return getattr(settings, "MEDIA_IMAGE_MODEL", "media.Image")
            """,
            "media/models.py": """
                from django.db import models

                class Image(models.Model):
                    pass

                class CustomImage(models.Model):
                    pass
            """,
            "pages/models.py": """
                from django.conf import settings
                from django.db import models
                from media import get_image_model_string

                COMMENTS_RELATION_NAME = getattr(settings, "COMMENTS_RELATION_NAME", "page_comments")

                class Page(models.Model):
                    image = models.ForeignKey(get_image_model_string(), null=True, on_delete=models.SET_NULL)

                class Comment(models.Model):
                    page = models.ForeignKey(Page, related_name=COMMENTS_RELATION_NAME, on_delete=models.CASCADE)
            """,
        },
    )
    assert index.setting("MEDIA_IMAGE_MODEL", None) == "media.CustomImage"
    assert index.setting("COMMENTS_RELATION_NAME", "x") == "x"
    assert index.setting("DEBUG", None) is None  # not a string literal
    assert rel(index, "pages.Page", "image")[:2] == (FK, "media.CustomImage")
    assert rel(index, "pages.Page", "page_comments")[:2] == (REVERSE_FK, "pages.Comment")


def test_class_body_branches_and_namespace_package_apps(tmp_path):
    """Modelled on Wagtail's test apps: fields declared under `if swapper.is_swapped(...)` in a class
    body (every branch counts), and an app folder without `__init__.py` inside a package."""
    write(tmp_path, {"site/__init__.py": "", "site/core/models.py": "from django.db import models\nclass Page(models.Model):\n    pass\n"})
    app = tmp_path / "site" / "plugins"  # no __init__.py: a namespace package
    app.mkdir()
    (app / "apps.py").write_text(
        "from django.apps import AppConfig\nclass C(AppConfig):\n    name = 'site.plugins'\n    label = 'plugin_tests'\n"
    )
    (app / "models.py").write_text(dedent("""
        import swapper
        from django.db import models
        from site.core.models import Page

        class HomePage(Page):
            if swapper.is_swapped("core", "Page"):
                base_ptr = models.OneToOneField(Page, parent_link=True, related_name="+", on_delete=models.CASCADE)
            else:
                page_ptr = models.OneToOneField(Page, parent_link=True, related_name="+", on_delete=models.CASCADE)
    """))
    index = ModelIndex.build([tmp_path])
    home = index.by_label("plugin_tests.HomePage")
    assert home is not None and home.module == "site.plugins.models"
    assert {r.name for r in home.relations} == {"base_ptr", "page_ptr"}
    assert index.reverse_relations("core.Page") == ()  # explicit parent links with related_name="+"


def test_taggit_accessors_and_treebeard_fields(tmp_path):
    index = build(
        tmp_path,
        {
            "docs/models.py": """
                from django.db import models
                from taggit.managers import TaggableManager
                from treebeard.mp_tree import MP_Node

                class Folder(MP_Node):
                    pass

                class Document(models.Model):
                    tags = TaggableManager()
                    labels = TaggableManager(related_name="labelled_documents", through="docs.Labelled")

                class Labelled(models.Model):
                    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")
                    content_object = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
            """,
        },
    )
    assert rel(index, "taggit.Tag", "document_set")[:2] == (REVERSE_M2M, "docs.Document")
    assert rel(index, "taggit.Tag", "labelled_documents")[:2] == (REVERSE_M2M, "docs.Document")
    # the default through model is generic: taggit adds `tagged_items`
    assert rel(index, "docs.Document", "tagged_items")[:2] == (GENERIC_RELATION, "taggit.TaggedItem")
    assert {f.name for f in index.by_label("docs.Folder").fields} == {"id", "path", "depth", "numchild"}


def against_meta(root: Path, deps_variable: str, settings_module: str, extra_path: str = "") -> tuple:
    """Django's `_meta` of a corpus project loaded with `settings_module` (its dependencies from the
    folder named by the environment variable `deps_variable`, `pip install --target DIR <project>`), and
    the index of its source: (truth, index, relations checked, missing (name, target) pairs, wrong)."""
    import os

    deps = os.environ.get(deps_variable)
    if not deps or not root.is_dir():
        pytest.skip(f"set {deps_variable} to a folder with the project's dependencies")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "nplusone_lab" / "dump_meta.py"), "--settings", str(root),
         settings_module],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (deps, extra_path) if p)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    truth = json.loads(done.stdout)
    index = ModelIndex.build([root], user_model=truth["user"])
    checked, missing, wrong = 0, set(), []
    for label, facts in truth["models"].items():
        assert index.by_label(label) is not None, label
        for name, kind, target in facts["relations"]:
            checked += 1
            found = index.relation(label, name)
            if found is None:
                missing.add((name, target))
            elif (found.kind, found.target) != (kind, target):
                wrong.append((label, name, kind, target, found.kind, found.target))
    print(f"\n{root.name} against _meta: {len(truth['models'])} models, {checked} relations, "
          f"{len(missing)} kinds of relation missing, {len(wrong)} wrong")
    return truth, index, checked, missing, wrong


@pytest.mark.slow
def test_wagtail_against_django_meta():
    """Wagtail's models as Django loads them with Wagtail's test settings (the corpus copy of Wagtail
    imported first), against the index of Wagtail's source."""
    _, _, checked, missing, wrong = against_meta(CORPUS / "wagtail-8.0.1", "LOGLINT_WAGTAIL_DEPS", "wagtail.test.settings")
    assert checked > 2500 and wrong == []
    # what modelsearch (a library outside the scanned tree) adds at run time or through its abstract models
    assert missing <= {("index_entries", "wagtailsearch.IndexEntry"), ("content_object", None),
                       ("content_type", "contenttypes.ContentType")}


OSCAR_SETTINGS = """
from oscar import INSTALLED_APPS as OSCAR_APPS
from oscar.defaults import *  # noqa: F403
INSTALLED_APPS = list(dict.fromkeys([a for a in OSCAR_APPS if "sorl" not in a] + ["widget_tweaks", "haystack", "treebeard", "django_tables2"]))
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
SECRET_KEY = "x"
SITE_ID = 1
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""


@pytest.mark.slow
def test_oscar_against_django_meta(tmp_path):
    """django-oscar's models with its default INSTALLED_APPS (sorl-thumbnail left out), against the index."""
    (tmp_path / "oscar_lab_settings.py").write_text(OSCAR_SETTINGS)
    _, _, checked, missing, wrong = against_meta(
        CORPUS / "django-oscar-4.2.1", "LOGLINT_OSCAR_DEPS", "oscar_lab_settings", str(tmp_path)
    )
    assert checked > 250 and missing == set() and wrong == []


def test_a_models_package_holding_models_py_is_not_an_app(tmp_path):
    """Netbox: `extras/models/models.py` and `extras/models/tags.py` both belong to the `extras` app."""
    index = build(
        tmp_path,
        {
            "extras/models/__init__.py": "from .models import *\nfrom .tags import *\n",
            "extras/models/models.py": "from django.db import models\nclass Script(models.Model):\n    pass\n",
            "extras/models/tags.py": "from django.db import models\nclass Tag(models.Model):\n    pass\n",
        },
    )
    assert index.by_label("extras.Script") is not None and index.by_label("extras.Tag") is not None


def test_a_failure_while_building_leaves_an_empty_index(tmp_path, monkeypatch):
    write(tmp_path, LIBRARY)

    def broken(self, qualified):
        raise KeyError("boom")

    monkeypatch.setattr(ModelIndex, "_model", broken)
    index = ModelIndex.build([tmp_path])
    assert index.models == () and index.by_label("library.Book") is None
    assert index.stats.error == "KeyError: 'boom'"


def test_names_a_lookup_answers_as_a_scan_for_each_token_would(tmp_path):
    # `ProjectIndex.names_a_lookup` reads the files once; the answers must equal a text search for each
    # token it stands for (`name__`, `__name`, `("name"`, `('name'`, `, "name"`, `, 'name'`)
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "views.py").write_text(dedent('''
        qs = Order.objects.prefetch_related("lines__product", Prefetch('tags'))
        other = prevent__x
        rows = prefetch_related_objects(objs, "notes")
        both = f(a, 'extra', "quoted name")
        x.__dict__, self.__private
        café__menu = 1
    '''))
    (tmp_path / "shop" / "models.py").write_text('related_name="owners"\nclass A: pass\n')
    project = ProjectIndex(tmp_path)
    names = ["lines", "product", "tags", "notes", "extra", "event", "vent", "prevent", "x", "dict", "private",
             "owners", "menu", "caf", "quoted", "name", "objects", "A", "été"]
    for name in names:
        tokens = (f"{name}__", f"__{name}", f'("{name}"', f"('{name}'", f', "{name}"', f", '{name}'")
        expected = any(project.mentions_in_model_roots(token.encode()) for token in tokens)
        assert project.names_a_lookup(name) == expected, name
    assert [n for n in names if project.names_a_lookup(n)] == [
        "lines", "product", "tags", "notes", "extra", "event", "vent", "prevent", "x", "dict", "private", "menu",
    ]  # substrings count, as in a text search (`event__` is in `prevent__x`)


def _answers(index: ModelIndex) -> list:
    """Everything the index says about its models, and the class bodies and module names it hands out."""
    import ast

    found: list = []
    for info in index.models:
        found.append((info.qualified_name, info.fields, info.relations, info.managers, info.parents, info.methods))
        found.append(index.reverse_relations(info))
        node = index.class_def(info.qualified_name)
        found.append(None if node is None else (node[0], ast.dump(node[1])))
    for name in ("app.models.helper", "app.models.LIMIT", "app.views.OtherView", "app.views.Unknown"):
        definition = index.definition(name)
        found.append(None if definition is None else (definition[0], ast.dump(definition[1])))
    return found


def test_nodes_parsed_again_after_they_were_let_go(tmp_path, monkeypatch):
    """Only the nodes of the modules used last stay in memory; a module let go is parsed again from the
    bytes first read (the oscar-style `get_class` assignments skipped as the first parse skipped them):
    every answer is the same as with all nodes kept, even after the files changed on disk, and no more
    than the limit of modules keep their nodes."""
    from loglint.semantics import models

    files = {
        "app/models.py": """
            from django.db import models
            from oscar.core.loading import get_class, get_classes

            Manager, QuerySet = get_classes("basket.managers", ["Manager", "QuerySet"])
            Single = get_class("basket.managers", "Single")
            LIMIT = 10

            def helper():
                return Author.objects.all()

            class Author(models.Model):
                name = models.CharField(max_length=50)

                def __str__(self):
                    return self.name
        """,
        "app/views.py": "class OtherView:\n    def get(self):\n        return 1\n",
        "oscar/core/loading.py": "def get_class(a, b):\n    pass\ndef get_classes(a, b):\n    pass\n",
    }
    for number in range(12):
        files[f"app{number}/models.py"] = f"""
            from django.db import models
            from app.models import Author

            class Base{number}(models.Model):
                author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books{number}")

                class Meta:
                    abstract = True

            class Book{number}(Base{number}):
                title = models.CharField(max_length=50)
        """
    root = write(tmp_path, files)
    kept = _answers(ModelIndex.build([root]))
    monkeypatch.setattr(models, "_NODES_BUDGET", 1)
    index = ModelIndex.build([root])
    assert sum(1 for module in index._modules.values() if module._nodes is not None and module.path) <= 1
    # a --fix run writes files meanwhile: the index still answers from what it read
    for path in (root / "app" / "models.py", root / "app3" / "models.py"):
        path.write_text("import logging\nlogger = logging.getLogger(__name__)\n" + path.read_text())
    assert _answers(index) == kept
    assert len(kept) > 3 * 13
    app = index._modules["app.models"]
    assert list(app.assign_names) == ["LIMIT"] and app.imports["Single"] == "oscar.apps.basket.managers.Single"
