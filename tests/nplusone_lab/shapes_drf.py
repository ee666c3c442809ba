"""N+1 shapes of Django REST framework serializers: the ground truth LL707 is held to.

Each shape is module code against the lab's models (`lab/models.py`) with `serializers`, `generics`,
`viewsets` (from `rest_framework`) and `Prefetch` in scope: serializers and one list view (a
`ListAPIView` or a `ModelViewSet`). `run_drf.py` calls the view's list action (GET) with 1 and 5 rows
under `CaptureQueriesContext` (`rest_framework` installed in that subprocess only); a shape is an N+1
when the count at 5 rows exceeds the count at 1 row. `tests/test_nplusone_lab_drf.py` asserts the
measured growth (`per_row` queries per added row) and that LL707 reports exactly the N+1 shapes.

The rows (as in `run.py`): authors `a0`..`a{n-1}`, each with a Profile; books `b0`..`b{n-1}`, all
written by `a0` and book `i` edited by author `i`; two tags on every book; one review per book.
"""

from __future__ import annotations

try:
    from .shapes import CONSTANT, NPLUSONE, Shape, _shape
except ImportError:  # run_drf.py imports it as a top-level module
    from shapes import CONSTANT, NPLUSONE, Shape, _shape  # type: ignore[no-redef]

_AUTHOR = """
class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name"]
"""


def _drf(name: str, label: str, code: str, note: str = "", per_row: int | None = None, with_author: bool = True) -> Shape:
    from textwrap import dedent

    code = (dedent(_AUTHOR) if with_author else "") + "\n" + dedent(code).strip() + "\n"
    return _shape(name, label, "LL707" if label == NPLUSONE else None, code, "drf", note, per_row)


SHAPES_DRF: tuple[Shape, ...] = (
    # -- N+1 ---------------------------------------------------------------------------------------
    _drf(
        "nested_fk_serializer",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author = AuthorSerializer()

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
        "fix: select_related('author')",
    ),
    _drf(
        "nested_nullable_fk_serializer",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            editor = AuthorSerializer(read_only=True)

            class Meta:
                model = Book
                fields = ["title", "editor"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related()  # expect: LL707
            serializer_class = BookSerializer
        """,
        "select_related() with no arguments skips the nullable editor",
    ),
    _drf(
        "nested_reverse_many",
        NPLUSONE,
        """
        class BookTitleSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title"]


        class AuthorBooksSerializer(serializers.ModelSerializer):
            edited = BookTitleSerializer(many=True, read_only=True)

            class Meta:
                model = Author
                fields = ["name", "edited"]


        class AuthorList(generics.ListAPIView):
            queryset = Author.objects.all()  # expect: LL707
            serializer_class = AuthorBooksSerializer
        """,
        "fix: prefetch_related('edited')",
    ),
    _drf(
        "nested_second_hop",
        NPLUSONE,
        """
        class ProfileSerializer(serializers.ModelSerializer):
            class Meta:
                model = Profile
                fields = ["bio"]


        class AuthorProfileSerializer(serializers.ModelSerializer):
            profile = ProfileSerializer(read_only=True)

            class Meta:
                model = Author
                fields = ["name", "profile"]


        class BookSerializer(serializers.ModelSerializer):
            editor = AuthorProfileSerializer(read_only=True)

            class Meta:
                model = Book
                fields = ["title", "editor"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related("editor")  # expect: LL707
            serializer_class = BookSerializer
        """,
        "fix: select_related('editor__profile')",
    ),
    _drf(
        "source_dotted_fk",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author_name = serializers.CharField(source="author.name", read_only=True)

            class Meta:
                model = Book
                fields = ["title", "author_name"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.filter(title__startswith="b")  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "slug_related_fk",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author = serializers.SlugRelatedField(slug_field="name", read_only=True)

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "string_related_many",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            tags = serializers.StringRelatedField(many=True)

            class Meta:
                model = Book
                fields = ["title", "tags"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "pk_related_many",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            tags = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

            class Meta:
                model = Book
                fields = ["title", "tags"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related("author")  # expect: LL707
            serializer_class = BookSerializer
        """,
        "many=True calls .all() on each row's manager",
    ),
    _drf(
        "model_serializer_all_m2m",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = "__all__"


        class BookViewSet(viewsets.ModelViewSet):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
        "__all__: author/editor are pk-only fields (no query), tags a many=True pk field (a query per row)",
    ),
    _drf(
        "model_serializer_reverse_named",
        NPLUSONE,
        """
        class AuthorSerializer2(serializers.ModelSerializer):
            class Meta:
                model = Author
                fields = ["name", "book_set"]


        class AuthorList(generics.ListAPIView):
            queryset = Author.objects.all()  # expect: LL707
            serializer_class = AuthorSerializer2
        """,
        "a reverse relation named in Meta.fields is a many=True pk field",
    ),
    _drf(
        "pk_related_reverse_o2o",
        NPLUSONE,
        """
        class AuthorSerializer2(serializers.ModelSerializer):
            profile = serializers.PrimaryKeyRelatedField(read_only=True)

            class Meta:
                model = Author
                fields = ["name", "profile"]


        class AuthorList(generics.ListAPIView):
            queryset = Author.objects.all()  # expect: LL707
            serializer_class = AuthorSerializer2
        """,
        "a reverse one-to-one has no column: serializable_value() fails and DRF loads the object",
    ),
    _drf(
        "method_field_fk",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author_name = serializers.SerializerMethodField()

            class Meta:
                model = Book
                fields = ["title", "author_name"]

            def get_author_name(self, obj):
                return obj.author.name.upper()


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "method_field_manager_count",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            tag_count = serializers.SerializerMethodField(method_name="count_tags")

            class Meta:
                model = Book
                fields = ["title", "tag_count"]

            def count_tags(self, book):
                return book.tags.count()


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "meta_depth",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title", "author"]
                depth = 1


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "viewset_get_queryset",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author = AuthorSerializer(read_only=True)

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookViewSet(viewsets.ReadOnlyModelViewSet):
            serializer_class = BookSerializer

            def get_queryset(self):  # expect: LL707
                return Book.objects.filter(title__startswith="b").order_by("title")
        """,
    ),
    _drf(
        "hyperlinked_fk_by_name",
        NPLUSONE,
        """
        class BookSerializer(serializers.ModelSerializer):
            author = serializers.HyperlinkedRelatedField(
                view_name="author-by-name", lookup_field="name", read_only=True
            )

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()  # expect: LL707
            serializer_class = BookSerializer
        """,
        "a lookup_field other than pk reads the related object",
    ),
    # -- near misses ---------------------------------------------------------------------------------
    _drf(
        "nested_fk_select_related",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            author = AuthorSerializer()

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related("author")
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "nested_second_hop_selected",
        CONSTANT,
        """
        class ProfileSerializer(serializers.ModelSerializer):
            class Meta:
                model = Profile
                fields = ["bio"]


        class AuthorProfileSerializer(serializers.ModelSerializer):
            profile = ProfileSerializer(read_only=True)

            class Meta:
                model = Author
                fields = ["name", "profile"]


        class BookSerializer(serializers.ModelSerializer):
            editor = AuthorProfileSerializer(read_only=True)

            class Meta:
                model = Book
                fields = ["title", "editor"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related("editor__profile")
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "many_prefetched",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            tags = serializers.StringRelatedField(many=True)
            tag_ids = serializers.PrimaryKeyRelatedField(source="tags", many=True, read_only=True)

            class Meta:
                model = Book
                fields = ["title", "tags", "tag_ids"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.prefetch_related("tags")
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "nested_many_prefetch_object",
        CONSTANT,
        """
        class BookTitleSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title"]


        class AuthorBooksSerializer(serializers.ModelSerializer):
            edited = BookTitleSerializer(many=True, read_only=True)

            class Meta:
                model = Author
                fields = ["name", "edited"]


        class AuthorList(generics.ListAPIView):
            queryset = Author.objects.prefetch_related(Prefetch("edited", queryset=Book.objects.order_by("title")))
            serializer_class = AuthorBooksSerializer
        """,
    ),
    _drf(
        "pk_related_fk",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            writer = serializers.PrimaryKeyRelatedField(source="author", read_only=True)

            class Meta:
                model = Book
                fields = ["title", "writer", "author", "editor"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
        """,
        "pk-only: DRF reads author_id with serializable_value(); Meta FK fields are the same field",
    ),
    _drf(
        "hyperlinked_fk_by_pk",
        CONSTANT,
        """
        class BookSerializer(serializers.HyperlinkedModelSerializer):
            author = serializers.HyperlinkedRelatedField(view_name="author-detail", read_only=True)

            class Meta:
                model = Book
                fields = ["title", "author"]


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
        """,
        "lookup_field pk: pk-only, like PrimaryKeyRelatedField",
    ),
    _drf(
        "plain_fields_only",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            name = serializers.CharField(source="title")

            class Meta:
                model = Book
                fields = ["id", "title", "isbn", "name"]


        class BookViewSet(viewsets.ModelViewSet):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "method_field_own_fields",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            label = serializers.SerializerMethodField()

            class Meta:
                model = Book
                fields = ["label"]

            def get_label(self, obj):
                return f"{obj.title.upper()} ({obj.author_id})"


        class BookList(generics.ListAPIView):
            queryset = Book.objects.all()
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "method_field_count_prefetched",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            tag_count = serializers.SerializerMethodField()

            class Meta:
                model = Book
                fields = ["title", "tag_count"]

            def get_tag_count(self, obj):
                return obj.tags.count()


        class BookList(generics.ListAPIView):
            queryset = Book.objects.prefetch_related("tags")
            serializer_class = BookSerializer
        """,
        "count() on a prefetched manager uses the cache",
    ),
    _drf(
        "meta_depth_selected",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            class Meta:
                model = Book
                fields = ["title", "author"]
                depth = 1


        class BookList(generics.ListAPIView):
            queryset = Book.objects.select_related("author")
            serializer_class = BookSerializer
        """,
    ),
    _drf(
        "viewset_get_queryset_selected",
        CONSTANT,
        """
        class BookSerializer(serializers.ModelSerializer):
            author_name = serializers.ReadOnlyField(source="author.name")

            class Meta:
                model = Book
                fields = ["title", "author_name"]


        class BookViewSet(viewsets.ReadOnlyModelViewSet):
            queryset = Book.objects.all()
            serializer_class = BookSerializer

            def get_queryset(self):
                return super().get_queryset().select_related("author")
        """,
    ),
)
