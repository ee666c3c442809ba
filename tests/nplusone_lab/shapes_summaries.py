"""N+1 shapes through the project's own managers, queryset methods and helpers, and `only()`/`defer()`
(LL704): plain data, as `shapes.py` (same `Shape`, same rows).

The managers and helpers are in `lab_summaries/models.py`: proxies of Book (ShelfBook:
`BookQuerySet.as_manager()`; AuthoredBook: a manager whose `get_queryset` selects the author;
PlainFirstBook: a plain `objects` first and an `authored` manager second; FromQuerySetBook:
`Manager.from_queryset(BookQuerySet)()`), and the helpers `authored_books()` (selects the author) and
`plain_books()` (does not). `run_summaries.py` measures them; `test_nplusone_summaries.py` holds the
measurements to the labels and lints each shape with the lab models and these classes in one file.
"""

from __future__ import annotations

from nplusone_lab.shapes import CONSTANT, NPLUSONE, _shape

SHAPES = (
    _shape(
        "summary_queryset_method_selects",
        CONSTANT,
        None,
        """
        for book in ShelfBook.objects.with_author():
            book.author.name
        """,
        "2.2",
        "as_manager(): the method's select_related applies",
    ),
    _shape(
        "summary_queryset_method_filters",
        NPLUSONE,
        "LL701",
        """
        for book in ShelfBook.objects.published():
            book.author.name
        """,
        "2.2",
        "a summarised filter loads nothing",
    ),
    _shape(
        "summary_chained_queryset_method",
        CONSTANT,
        None,
        """
        for book in ShelfBook.objects.filter(isbn__startswith="isbn").with_author():
            book.author.name
        """,
        "2.2",
    ),
    _shape(
        "summary_from_queryset_method_filters",
        NPLUSONE,
        "LL702",
        """
        for book in FromQuerySetBook.objects.published():
            list(book.tags.all())
        """,
        "2.2",
    ),
    _shape(
        "summary_manager_get_queryset_selects",
        CONSTANT,
        None,
        """
        for book in AuthoredBook.objects.filter(title__startswith="b"):
            book.author.name
        """,
        "2.2",
        "get_queryset's select_related applies to every chain on the manager",
    ),
    _shape(
        "summary_manager_get_queryset_other_relation",
        NPLUSONE,
        "LL701",
        """
        for book in AuthoredBook.objects.all():
            book.editor.name
        """,
        "2.2",
    ),
    _shape(
        "summary_default_manager_is_first",
        NPLUSONE,
        "LL701",
        """
        for book in PlainFirstBook._default_manager.all():
            book.author.name
        """,
        "2.2",
        "the first manager defined is the default: here the plain one",
    ),
    _shape(
        "summary_default_manager_by_name",
        CONSTANT,
        None,
        """
        for book in NamedDefaultBook._default_manager.all():
            book.author.name
        """,
        "2.2",
        "Meta.default_manager_name names the default manager",
    ),
    _shape(
        "summary_overridden_all_selects",
        CONSTANT,
        None,
        """
        for book in AllSelectsBook.objects.all():
            book.author.name
        """,
        "2.2",
    ),
    _shape(
        "summary_overridden_all_other_relation",
        NPLUSONE,
        "LL701",
        """
        for book in AllSelectsBook.objects.all():
            book.editor.name
        """,
        "2.2",
    ),
    _shape(
        "summary_filter_skips_overridden_all",
        NPLUSONE,
        "LL701",
        """
        for book in AllSelectsBook.objects.filter(editor__isnull=False):
            book.author.name
        """,
        "2.2",
        "Manager.filter() is get_queryset().filter(): an all() override does not run",
    ),
    _shape(
        "summary_second_manager_selects",
        CONSTANT,
        None,
        """
        for book in PlainFirstBook.authored.all():
            book.author.name
        """,
        "2.2",
    ),
    _shape(
        "summary_helper_selects",
        CONSTANT,
        None,
        """
        for book in authored_books():
            book.author.name
        """,
        "4.4",
    ),
    _shape(
        "summary_helper_plain",
        NPLUSONE,
        "LL701",
        """
        for book in plain_books():
            book.author.name
        """,
        "4.4",
    ),
    _shape(
        "deferred_defer_field",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.defer("isbn"):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_only_hides_fk_column",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.only("title"):
            book.author_id
        """,
        "13b",
    ),
    _shape(
        "deferred_by_summarised_method",
        NPLUSONE,
        "LL704",
        """
        for book in ShelfBook.objects.slim():
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_field_in_only",
        CONSTANT,
        None,
        """
        for book in Book.objects.only("title", "isbn"):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_only_related_with_select",
        CONSTANT,
        None,
        """
        for book in Book.objects.select_related("author").only("title", "author__name"):
            book.author.name
        """,
        "13b",
    ),
    _shape(
        "deferred_field_never_read",
        CONSTANT,
        None,
        """
        for book in Book.objects.defer("isbn"):
            book.title
        """,
        "13",
    ),
    _shape(
        "deferred_values_rows",
        CONSTANT,
        None,
        """
        for row in Book.objects.only("title").values("title", "isbn"):
            row["isbn"]
        """,
        "17",
    ),
    _shape(
        "deferred_assigned_before_read",
        CONSTANT,
        None,
        """
        for book in Book.objects.only("title"):
            book.isbn = "x"
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_only_after_defer",
        CONSTANT,
        None,
        """
        for book in Book.objects.defer("isbn").only("title", "isbn"):
            book.title
        """,
        "13",
        "only() after defer() drops the deferred names from the loaded ones",
    ),
    _shape(
        "deferred_pk",
        CONSTANT,
        None,
        """
        for book in Book.objects.only("title"):
            book.pk
            book.id
        """,
        "13",
    ),
    _shape(
        "deferred_later_only_replaces",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.only("isbn").only("title"):
            book.isbn
        """,
        "13",
        "a later only() replaces the earlier one",
    ),
    _shape(
        "deferred_defer_after_only",
        NPLUSONE,
        "LL704",
        """
        for book in Book.objects.only("title", "isbn").defer("isbn"):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_defer_cleared",
        CONSTANT,
        None,
        """
        for book in Book.objects.defer("isbn").defer(None):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_related_column_not_the_row",
        CONSTANT,
        None,
        """
        for book in Book.objects.select_related("author").defer("author__name"):
            book.isbn
        """,
        "13",
    ),
    _shape(
        "deferred_fk_in_only_by_attname",
        CONSTANT,
        None,
        """
        for book in Book.objects.only("title", "author_id"):
            book.author_id
        """,
        "13b",
    ),
)
