"""Measure the shapes of shapes.py in a real Django (SQLite in memory) and print the counts as JSON.

Run as a script, in a process of its own (`tests/test_nplusone_lab.py` does): it configures Django's
settings, which must not leak into the test process. `python tests/nplusone_lab/run.py [NAME ...]`
prints `{"<shape>": {"1": <queries>, "5": <queries>}, ...}`.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = (1, 5)


def setup() -> None:
    sys.path.insert(0, HERE)
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["lab"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


def populate(rows: int) -> None:
    """`rows` authors (each with a profile) and `rows` books, all by `a0`, book i edited by author i, two
    tags on each book, one review per book."""
    from lab.models import Author, Book, Profile, Review, Tag

    for model in (Review, Book, Profile, Author, Tag):
        model.objects.all().delete()
    tags = [Tag.objects.create(label=f"t{i}") for i in range(2)]
    authors = [Author.objects.create(name=f"a{i}") for i in range(rows)]
    for i, author in enumerate(authors):
        Profile.objects.create(author=author, bio=f"bio {i}")
        book = Book.objects.create(title=f"b{i}", isbn=f"isbn{i}", author=authors[0], editor=author)
        book.tags.set(tags)
        Review.objects.create(book=book, stars=i % 5)


def measure(shape_fn: Callable[[], object], rows: int) -> int:
    """The number of queries `shape_fn` runs over a fresh set of `rows` rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    populate(rows)
    with CaptureQueriesContext(connection) as context:
        shape_fn()
    return len(context.captured_queries)


def shape_function(code: str, name: str) -> Callable[[], None]:
    from django.db.models import Count, Prefetch, prefetch_related_objects
    from lab import models

    compiled = compile(code, f"<shape {name}>", "exec")
    namespace = {name: getattr(models, name) for name in ("Author", "Book", "Profile", "Review", "Tag")}
    namespace.update(Count=Count, Prefetch=Prefetch, prefetch_related_objects=prefetch_related_objects)

    def run() -> None:
        exec(compiled, dict(namespace))  # noqa: S102 - the lab's own shapes

    return run


def main(names: list[str]) -> dict[str, dict[str, int]]:
    setup()
    from shapes import SHAPES

    results: dict[str, dict[str, int]] = {}
    for shape in SHAPES:
        if names and shape.name not in names:
            continue
        run = shape_function(shape.code, shape.name)
        results[shape.name] = {str(rows): measure(run, rows) for rows in ROWS}
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=1, sort_keys=True))
