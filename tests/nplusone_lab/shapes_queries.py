"""Query and write shapes (LL703 query-in-loop, LL705 write-in-loop) as data, measured like shapes.py.

`tests/test_nplusone_queries.py` runs each one in a real Django (`run.py`'s lab, SQLite in memory) with
1 and 5 rows and asserts the growth matches `label` and `per_row`, then lints each one: an N+1 shape is
reported by exactly its `rule` (once), a constant shape by no LL7 rule. The fixtures
`fixtures/orm/LL703.py` and `LL705.py` name these shapes in their comments.

The rows are those of shapes.py: authors `a0`..`a{n-1}` (each with a Profile), books `b0`..`b{n-1}`
(all by `a0`, book `i` edited by author `i`), tags `t0`, `t1` on every book, one review per book.
"""

from __future__ import annotations

try:
    from nplusone_lab.shapes import CONSTANT, NPLUSONE, _shape
except ImportError:  # run.py's process: the lab folder is on sys.path
    from shapes import CONSTANT, NPLUSONE, _shape  # type: ignore[no-redef]

SHAPES = (
    # -- LL703: a query per row ----------------------------------------------------------------------
    _shape(
        "get_per_row",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            Profile.objects.get(author_id=book.editor_id)
        """,
        "11",
        "fix: Profile.objects.in_bulk(...) or a dict keyed by author_id, fetched once",
    ),
    _shape(
        "first_per_row",
        NPLUSONE,
        "LL703",
        """
        for author in Author.objects.all():
            Book.objects.filter(editor=author).first()
        """,
        "11",
    ),
    _shape(
        "exists_per_row",
        NPLUSONE,
        "LL703",
        """
        flagged = [book for book in Book.objects.all() if Review.objects.filter(book=book, stars=4).exists()]
        """,
        "11",
        "fix: annotate(flag=Exists(...))",
    ),
    _shape(
        "aggregate_per_row",
        NPLUSONE,
        "LL703",
        """
        totals = {book.pk: Review.objects.filter(book=book).aggregate(n=Count("id"))["n"] for book in Book.objects.all()}
        """,
        "11",
        "fix: annotate(n=Count('reviews'))",
    ),
    _shape(
        "get_or_create_per_row",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            Tag.objects.get_or_create(label="t0")
        """,
        "11",
        "an existing row: one SELECT per call; the lookup does not depend on the row, it still runs per row",
    ),
    _shape(
        "list_per_row",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            list(Review.objects.filter(book=book))
        """,
        "11",
    ),
    _shape(
        "nested_iteration",
        NPLUSONE,
        "LL703",
        """
        for author in Author.objects.all():
            for book in Book.objects.filter(editor=author):
                book.title
        """,
        "11",
        "fix: prefetch_related('edited') on the authors",
    ),
    _shape(
        "row_independent_count",
        NPLUSONE,
        "LL703",
        """
        for book in Book.objects.all():
            Tag.objects.count()
        """,
        "11",
        "does not depend on the row, yet runs once per row: hoist it",
    ),
    _shape(
        "query_over_values_rows",
        NPLUSONE,
        "LL703",
        """
        for row in Book.objects.values("id"):
            Review.objects.filter(book_id=row["id"]).count()
        """,
        "11",
        "values() rows are still rows of a queryset",
    ),
    _shape(
        "query_over_listed_queryset",
        NPLUSONE,
        "LL703",
        """
        books = list(Book.objects.all())
        for book in books:
            Review.objects.filter(book=book).exists()
        """,
        "11",
    ),
    # -- LL703 near misses -----------------------------------------------------------------------
    _shape(
        "lazy_filter_in_loop",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            reviews = Review.objects.filter(book=book)
        """,
        "11",
        "filter() builds a queryset and runs nothing",
    ),
    _shape(
        "lazy_union_in_loop",
        CONSTANT,
        None,
        """
        found = Review.objects.none()
        for book in Book.objects.all():
            found = found | Review.objects.filter(book=book)
        """,
        "11",
        "| of querysets is lazy",
    ),
    _shape(
        "query_in_range_loop",
        CONSTANT,
        None,
        """
        for i in range(3):
            Tag.objects.count()
        """,
        "11",
        "three queries whatever the rows",
    ),
    _shape(
        "query_in_literal_loop",
        CONSTANT,
        None,
        """
        for label in ["t0", "t1"]:
            Tag.objects.filter(label=label).exists()
        """,
        "11",
    ),
    _shape(
        "query_in_break_always_body",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            Review.objects.filter(book=book).count()
            break
        """,
        "11",
        "the body runs for the first row only",
    ),
    _shape(
        "query_in_for_else",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            book.title
        else:
            Tag.objects.count()
        """,
        "11",
        "else: runs once, after the loop",
    ),
    _shape(
        "dict_get_in_loop",
        CONSTANT,
        None,
        """
        profiles = {p.author_id: p for p in Profile.objects.all()}
        for book in Book.objects.all():
            profiles.get(book.editor_id)
        """,
        "11",
        "the fix of get_per_row: a dict's get() is no query",
    ),
    _shape(
        "outer_queryset_reused_in_loop",
        CONSTANT,
        None,
        """
        books = Book.objects.all()
        for book in books:
            len(books)
            books.count()
            books.exists()
        """,
        "11",
        "the loop filled the queryset's result cache: len/count/exists read it",
    ),
    _shape(
        "queryset_bound_before_loop_iterated",
        CONSTANT,
        None,
        """
        tags = Tag.objects.all()
        for book in Book.objects.all():
            for tag in tags:
                tag.label
        """,
        "11",
        "a queryset evaluated once is iterated from its cache afterwards",
    ),
    _shape(
        "memoised_by_key",
        CONSTANT,
        None,
        """
        last = None
        for book in Book.objects.order_by("author_id"):
            if book.author_id != last:
                last = book.author_id
                author = Author.objects.get(pk=last)
        """,
        "11",
        "queried when the key changes (every book is by a0): once, whatever the rows",
    ),
    _shape(
        "query_then_break_in_if",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            if book.title.startswith("b"):
                Review.objects.filter(book=book).count()
                break
        """,
        "11",
        "the block that queries leaves the loop: once",
    ),
    _shape(
        "query_in_uncalled_function",
        CONSTANT,
        None,
        """
        for book in Book.objects.all():
            def later(book=book):
                return Review.objects.filter(book=book).count()
        """,
        "11",
        "the function is defined per row, never called",
    ),
    # -- LL705: a write per row ----------------------------------------------------------------------
    _shape(
        "delete_per_row",
        NPLUSONE,
        "LL705",
        """
        for review in Review.objects.all():
            review.delete()
        """,
        "12",
        "fix: Review.objects.all().delete()",
    ),
    _shape(
        "save_update_fields_per_row",
        NPLUSONE,
        "LL705",
        """
        for book in Book.objects.all():
            book.title = book.title.upper()
            book.save(update_fields=["title"])
        """,
        "12",
        "fix: bulk_update(books, ['title'])",
    ),
    _shape(
        "create_per_item_of_list",
        NPLUSONE,
        "LL705",
        """
        names = [author.name for author in Author.objects.all()]
        for name in names:
            Tag.objects.create(label=name)
        """,
        "12",
        "fix: Tag.objects.bulk_create([Tag(label=name) for name in names])",
    ),
    # -- LL705 near misses -----------------------------------------------------------------------
    _shape(
        "create_in_range_loop",
        CONSTANT,
        None,
        """
        for i in range(3):
            Tag.objects.create(label=f"x{i}")
        """,
        "12",
        "three inserts whatever the rows",
    ),
    _shape(
        "create_then_return",
        CONSTANT,
        None,
        """
        def first_tag():
            for author in Author.objects.all():
                if author.name:
                    tag = Tag.objects.create(label=author.name)
                    return tag
        first_tag()
        """,
        "12",
        "the block that creates returns: one insert",
    ),
    _shape(
        "bulk_update_after_loop",
        CONSTANT,
        None,
        """
        books = list(Book.objects.all())
        for book in books:
            book.isbn = "x"
        Book.objects.bulk_update(books, ["isbn"])
        """,
        "12",
        "the fix of save_per_row (one SELECT, one UPDATE)",
    ),
    _shape(
        "bulk_create_after_loop",
        CONSTANT,
        None,
        """
        Tag.objects.bulk_create([Tag(label=author.name) for author in Author.objects.all()])
        """,
        "12",
        "the fix of create_per_row",
    ),
    _shape(
        "queryset_delete",
        CONSTANT,
        None,
        """
        Review.objects.filter(stars__gte=0).delete()
        """,
        "12",
        "the fix of delete_per_row",
    ),
)

BY_NAME = {shape.name: shape for shape in SHAPES}
