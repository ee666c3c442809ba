"""Proxies of the lab's Book with the custom managers and queryset classes of shapes_summaries.py (a
proxy shares Book's table, so run.py's rows serve them) and helpers returning querysets."""

from django.db import models
from lab.models import Book


class BookQuerySet(models.QuerySet):
    def with_author(self):
        return self.select_related("author")

    def published(self):
        return self.filter(title__startswith="b")

    def slim(self):
        return self.only("title")


class ShelfBook(Book):
    """`QuerySet.as_manager()`: the queryset's methods on the manager."""

    objects = BookQuerySet.as_manager()

    class Meta:
        proxy = True
        app_label = "lab_summaries"


class AuthoredManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")


class AuthoredBook(Book):
    """A manager whose get_queryset selects the author: every chain on `objects` loads it."""

    objects = AuthoredManager()

    class Meta:
        proxy = True
        app_label = "lab_summaries"


class PlainFirstBook(Book):
    """Two managers: the first one defined is the default; `authored` selects, `objects` does not."""

    objects = models.Manager()
    authored = AuthoredManager()

    class Meta:
        proxy = True
        app_label = "lab_summaries"


class NamedDefaultBook(Book):
    """`Meta.default_manager_name` picks the default manager: here the second one, which selects."""

    objects = models.Manager()
    authored = AuthoredManager()

    class Meta:
        proxy = True
        app_label = "lab_summaries"
        default_manager_name = "authored"


class AllSelectsManager(models.Manager):
    def all(self):
        return super().all().select_related("author")


class AllSelectsBook(Book):
    """A manager overriding `all()` only: `filter()` does not go through it."""

    objects = AllSelectsManager()

    class Meta:
        proxy = True
        app_label = "lab_summaries"


class FromQuerySetBook(Book):
    """`Manager.from_queryset(QS)()`."""

    objects = models.Manager.from_queryset(BookQuerySet)()

    class Meta:
        proxy = True
        app_label = "lab_summaries"


def authored_books():
    return Book.objects.select_related("author")


def plain_books():
    qs = Book.objects.all()
    return qs.order_by("title")
