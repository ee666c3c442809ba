"""N+1 shapes as data: the ground truth the LL7 rules are held to.

Each shape is a loop written against the lab's models (`lab/models.py`: Author, Profile, Tag, Book with
`author` (FK), `editor` (nullable FK, `related_name="edited"`) and `tags` (M2M), Review with
`book` (FK, `related_name="reviews"`)). `run.py` executes each one with 1 and with 5 rows under
`CaptureQueriesContext`; a shape is an N+1 when the count at 5 rows exceeds the count at 1 row.
`tests/test_nplusone_lab.py` asserts that the measured growth matches `label`, and is exactly `per_row`
queries per added row.

The rows: authors `a0`..`a{n-1}`, each with a Profile; books `b0`..`b{n-1}`, all written by `a0` and
book `i` edited by author `i`; two tags on every book; one review per book.

LL7 fixture files refer to a shape by `name` (its `code` is the loop they show). `rule` is the code that
must report the shape (None for shapes no rule may report), `research` the row of the research note's
catalogue (`../shared/research/nplusone-shapes.md`, section 1.1) it measures.

This module is plain data: it imports nothing from Django, so rule tests can read it without Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

NPLUSONE = "nplusone"  # the query count grows with the rows
CONSTANT = "constant"  # it does not


@dataclass(frozen=True)
class Shape:
    name: str
    label: str
    rule: str | None
    code: str
    research: str
    note: str = ""
    per_row: int = 0  # queries each extra row adds (0 for a constant shape)


def _shape(
    name: str, label: str, rule: str | None, code: str, research: str, note: str = "", per_row: int | None = None
) -> Shape:
    if per_row is None:
        per_row = 1 if label == NPLUSONE else 0
    return Shape(name, label, rule, dedent(code).strip() + "\n", research, note, per_row)


SHAPES: tuple[Shape, ...] = (
    _shape(
        "forward_fk_in_loop",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.all():
            book.author.name
        """,
        "1",
        "fix: select_related('author')",
    ),
    _shape(
        "forward_fk_two_hops",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.all():
            book.author.profile.bio
        """,
        "1",
        "fix: select_related('author__profile'), one join for both hops",
        per_row=2,
    ),
    _shape(
        "forward_fk_select_related",
        CONSTANT,
        None,
        """
        for book in Book.objects.select_related("author"):
            book.author.name
        """,
        "1",
    ),
    _shape(
        "forward_fk_column",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            book.author_id
        """,
        "2",
        "the FK column is loaded with the row",
    ),
    _shape(
        "forward_fk_then_id",
        NPLUSONE,
        "LL701",
        """
        ids = [book.author.id for book in Book.objects.all()]
        """,
        "2",
        "fix: book.author_id (safe)",
    ),
    _shape(
        "noarg_select_related_nullable_fk",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.select_related():
            book.editor.name
        """,
        "4",
        "select_related() with no arguments follows non-null FKs only",
    ),
    _shape(
        "noarg_select_related_non_null_fk",
        CONSTANT,
        None,
        """
        for book in Book.objects.select_related():
            book.author.name
        """,
        "4",
    ),
    _shape(
        "reverse_o2o_in_loop",
        NPLUSONE,
        "LL701",
        """
        for author in Author.objects.all():
            author.profile.bio
        """,
        "9",
        "fix: select_related('profile')",
    ),
    _shape(
        "reverse_manager_all",
        NPLUSONE,
        "LL702",
        """
        for author in Author.objects.all():
            list(author.book_set.all())
        """,
        "7",
        "fix: prefetch_related('book_set')",
    ),
    _shape(
        "reverse_manager_prefetched",
        CONSTANT,
        None,
        """
        for author in Author.objects.prefetch_related("book_set"):
            list(author.book_set.all())
        """,
        "7",
    ),
    _shape(
        "related_name_manager_all",
        NPLUSONE,
        "LL702",
        """
        for book in Book.objects.all():
            [review.stars for review in book.reviews.all()]
        """,
        "8",
    ),
    _shape(
        "m2m_manager_all",
        NPLUSONE,
        "LL702",
        """
        for book in Book.objects.all():
            [tag.label for tag in book.tags.all()]
        """,
        "5",
        "fix: prefetch_related('tags')",
    ),
    _shape(
        "m2m_manager_prefetched",
        CONSTANT,
        None,
        """
        for book in Book.objects.prefetch_related("tags"):
            [tag.label for tag in book.tags.all()]
        """,
        "5",
    ),
    _shape(
        "prefetch_then_filter",
        NPLUSONE,
        "LL702",
        """
        for book in Book.objects.prefetch_related("tags"):
            list(book.tags.filter(label="t0"))
        """,
        "6",
        "a chained filter() queries again: filter in Python or use Prefetch(queryset=..., to_attr=...)",
    ),
    _shape(
        "prefetch_to_attr_read_through_manager",
        NPLUSONE,
        "LL702",
        """
        for book in Book.objects.prefetch_related(Prefetch("reviews", to_attr="loaded_reviews")):
            list(book.reviews.all())
        """,
        "8b",
        "with to_attr only the attribute is loaded: read book.loaded_reviews",
    ),
    _shape(
        "count_per_row",
        NPLUSONE,
        "LL702",
        """
        for author in Author.objects.all():
            author.book_set.count()
        """,
        "7",
        "fix: annotate(n=Count('book'))",
    ),
    _shape(
        "prefetched_count",
        CONSTANT,
        None,
        """
        for author in Author.objects.prefetch_related("book_set"):
            author.book_set.count()
        """,
        "6",
        "count() on a prefetched manager uses the cache",
    ),
    _shape(
        "annotated_count",
        CONSTANT,
        None,
        """
        for author in Author.objects.annotate(n=Count("book")):
            author.n
        """,
        "7",
    ),
    _shape(
        "only_then_deferred_field",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.only("title"):
            book.isbn
        """,
        "13",
        "fix: only('title', 'isbn')",
    ),
    _shape(
        "only_covers_field",
        CONSTANT,
        None,
        """
        for book in Book.objects.only("title", "isbn"):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "values_rows",
        CONSTANT,
        None,
        """
        names = [row["author__name"] for row in Book.objects.values("author__name")]
        """,
        "17",
        "rows are dicts: no relation access per row",
    ),
    _shape(
        "query_in_loop",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            Review.objects.filter(book=book).count()
        """,
        "11",
    ),
    _shape(
        "back_reference_of_iterated_manager",
        CONSTANT,
        None,
        """
        author = Author.objects.get(name="a0")
        for book in author.book_set.all():
            book.author.name
        """,
        "23",
        "Django caches the parent on rows of its related manager",
    ),
    _shape(
        "iterator_forward_fk",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.all().iterator():
            book.author.name
        """,
        "15",
    ),
    _shape(
        "iterator_select_related",
        CONSTANT,
        None,
        """
        for book in Book.objects.select_related("author").iterator():
            book.author.name
        """,
        "15",
        "select_related still works with iterator()",
    ),
    _shape(
        "str_reads_fk",
        NPLUSONE,
        "LL701",
        """
        labels = [str(book) for book in Book.objects.all()]
        """,
        "14",
        "Book.__str__ reads self.author: found through a summary of __str__",
    ),
    _shape(
        "filter_by_parent_then_fk",
        NPLUSONE,
        "LL701",
        """
        author = Author.objects.get(name="a0")
        for book in Book.objects.filter(author=author):
            book.author.name
        """,
        "23",
        "unlike iterating author.book_set, a filter() does not cache the parent",
    ),
    _shape(
        "guarded_by_column",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.all():
            book.editor.name if book.editor_id else None
        """,
        "22",
        "the _id guard does not load the relation",
    ),
    _shape(
        "same_relation_twice",
        NPLUSONE,
        "LL701",
        """
        for book in Book.objects.all():
            book.author.name
            book.author.name
        """,
        "21",
        "cached on the instance after the first read: one query per row, report once",
    ),
    _shape(
        "only_hides_fk_column",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.only("title"):
            book.author.name
        """,
        "13b",
        "two queries per row: the deferred author_id, then the author",
        per_row=2,
    ),
    _shape(
        "prefetched_exists",
        CONSTANT,
        None,
        """
        for book in Book.objects.prefetch_related("tags"):
            book.tags.exists()
        """,
        "6",
        "exists() on a prefetched manager uses the cache",
    ),
    _shape(
        "prefetched_first_unordered",
        NPLUSONE,
        "LL702",
        """
        for book in Book.objects.prefetch_related("tags"):
            book.tags.first()
        """,
        "6",
        "first() on a model without Meta.ordering orders by pk: a new query",
    ),
    _shape(
        "prefetch_to_attr_read_attr",
        CONSTANT,
        None,
        """
        for book in Book.objects.prefetch_related(Prefetch("reviews", to_attr="loaded_reviews")):
            book.loaded_reviews
        """,
        "8b",
    ),
    _shape(
        "prefetch_related_objects_on_list",
        CONSTANT,
        None,
        """
        books = list(Book.objects.all())
        prefetch_related_objects(books, "tags")
        for book in books:
            list(book.tags.all())
        """,
        "18",
    ),
    _shape(
        "refresh_per_row",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            book.refresh_from_db()
        """,
        "16",
    ),
    _shape(
        "save_per_row",
        NPLUSONE,
        "LL705",
        """
        for book in Book.objects.all():
            book.isbn = "x"
            book.save()
        """,
        "12",
        "fix: bulk_update(books, ['isbn']) or a queryset update()",
    ),
    _shape(
        "create_per_row",
        NPLUSONE,
        "LL705",
        """
        for author in Author.objects.all():
            Tag.objects.create(label=author.name)
        """,
        "12",
        "fix: bulk_create()",
    ),
    _shape(
        "slice_of_one",
        CONSTANT,
        None,
        """
        for book in Book.objects.all()[:1]:
            book.author.name
        """,
        "20",
    ),
)

BY_NAME = {shape.name: shape for shape in SHAPES}
