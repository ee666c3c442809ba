"""Admin changelist N+1 shapes as data: the ground truth of LL706.

Each shape registers one `ModelAdmin` (or a model alone) on `site`, a fresh `AdminSite`, for a model of
the admin lab (`lab_admin/models.py`): Publisher; Writer with `publisher` (nullable FK); Label; Article
with `writer` (FK), `editor` (nullable FK, `related_name="edited"`), `labels` (M2M) and a `writer_label`
property reading `self.writer`; Note with `article` (FK) and a `__str__` reading `self.article.title`;
Comment with `note` (FK); Pin with `note` (FK) and a `__str__` formatting `self.note`. Every other
`__str__` reads the row's own fields only.

`run_admin.py` renders the changelist of the registered model with Django's test client as a superuser
(so the default `delete_selected` action is there and every row renders `str(obj)` for its checkbox),
with 1 and with 5 rows, and counts the queries; `tests/test_nplusone_lab_admin.py` asserts the growth
matches `label` and is exactly `per_row` queries per added row, and that LL706 reports exactly the
N+1 shapes.

The rows (n of each): one publisher; writers `w0`..`w{n-1}` of that publisher; article `i` written and
edited by writer `i`, with two labels; note `i` on article `i`; comment `i` and pin `i` on note `i`.

The shapes' names in scope: `admin` (django.contrib.admin), `site`, and the lab_admin models. Plain
data: nothing here imports Django.
"""

from __future__ import annotations

from nplusone_lab.shapes import CONSTANT, NPLUSONE, Shape, _shape


def _admin(name: str, label: str, code: str, note: str = "", per_row: int | None = None) -> Shape:
    return _shape(name, label, "LL706" if label == NPLUSONE else None, code, "1.3", note, per_row)


ADMIN_SHAPES: tuple[Shape, ...] = (
    # -- N+1 --------------------------------------------------------------------------------------------
    _admin(
        "admin_method_reads_fk",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_name"]

            def writer_name(self, obj):
                return obj.writer.name
        """,
        "a ModelAdmin method is not a field: no automatic select_related",
    ),
    _admin(
        "admin_nullable_fk_column",
        NPLUSONE,
        """
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "editor"]

        site.register(Article, ArticleAdmin)
        """,
        "the automatic select_related() has no arguments: it skips nullable FKs",
    ),
    _admin(
        "admin_lookup_column",
        NPLUSONE,
        """
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ("title", "writer__name")

        site.register(Article, ArticleAdmin)
        """,
        "Django >= 5.1 lookups in list_display: get_field('writer__name') fails, so no automatic join",
    ),
    _admin(
        "admin_two_hop_lookup",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer__publisher__name"]
        """,
        "one query per hop",
        per_row=2,
    ),
    _admin(
        "admin_default_list_display_str",
        NPLUSONE,
        """
        site.register(Note)
        """,
        "list_display defaults to ('__str__',) and Note.__str__ reads self.article",
    ),
    _admin(
        "admin_str_in_action_checkbox",
        NPLUSONE,
        """
        @admin.register(Note, site=site)
        class NoteAdmin(admin.ModelAdmin):
            list_display = ["text"]
        """,
        "Django >= 5.0 renders str(obj) in every row's action checkbox label",
    ),
    _admin(
        "admin_model_property_reads_fk",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_label"]
        """,
        "a model property is read per row; properties are not fields",
    ),
    _admin(
        "admin_select_related_tuple_drops_auto",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer", "editor"]
            list_select_related = ("editor",)
        """,
        "a list_select_related tuple replaces the automatic select_related(): writer is not joined",
    ),
    _admin(
        "admin_fk_column_target_str_reads_fk",
        NPLUSONE,
        """
        @admin.register(Comment, site=site)
        class CommentAdmin(admin.ModelAdmin):
            list_display = ["body", "note"]
            list_select_related = ["note"]
        """,
        "an FK column renders str(comment.note), and Note.__str__ reads note.article",
    ),
    _admin(
        "admin_function_column_reads_fk",
        NPLUSONE,
        """
        @admin.display(description="writer")
        def writer_of(obj):
            return obj.writer.name


        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", writer_of]
        """,
    ),
    _admin(
        "admin_method_m2m_manager",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "label_names"]

            def label_names(self, obj):
                return ", ".join(label.name for label in obj.labels.all())
        """,
        "fix: prefetch_related('labels') in get_queryset",
    ),
    _admin(
        "admin_select_related_true_nullable",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "editor"]
            list_select_related = True
        """,
        "list_select_related = True is select_related() with no arguments: nullable FKs are not followed",
    ),
    _admin(
        "admin_get_queryset_prefetch_only",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_name"]

            def get_queryset(self, request):
                return super().get_queryset(request).prefetch_related("labels")

            def writer_name(self, obj):
                return obj.writer.name
        """,
    ),
    _admin(
        "admin_get_queryset_select_related_drops_auto",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer", "editor"]

            def get_queryset(self, request):
                return super().get_queryset(request).select_related("editor")
        """,
        "a queryset that already selects gets nothing from the changelist: the writer column is not joined",
    ),
    _admin(
        "admin_empty_list_select_related",
        NPLUSONE,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer"]
            list_select_related = []
        """,
        "an empty list is neither True nor False: apply_select_related adds nothing",
    ),
    _admin(
        "admin_method_formats_fk_target_str",
        NPLUSONE,
        """
        from django.utils.html import format_html


        @admin.register(Comment, site=site)
        class CommentAdmin(admin.ModelAdmin):
            list_display = ["body", "note_label"]
            list_select_related = ("note",)

            def note_label(self, obj):
                return format_html("<b>{}</b>", obj.note)
        """,
        "format_html renders str(obj.note), and Note.__str__ reads note.article",
    ),
    _admin(
        "admin_str_formats_fk_whose_str_reads_fk",
        NPLUSONE,
        """
        @admin.register(Pin, site=site)
        class PinAdmin(admin.ModelAdmin):
            list_display = ["id"]
            list_select_related = ("note",)
        """,
        "the checkbox renders str(pin), which formats pin.note, whose __str__ reads note.article",
    ),
    # -- constant ---------------------------------------------------------------------------------------
    _admin(
        "admin_method_list_select_related",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_name"]
            list_select_related = ("writer",)

            def writer_name(self, obj):
                return obj.writer.name
        """,
    ),
    _admin(
        "admin_method_get_queryset_select_related",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_name"]

            def get_queryset(self, request):
                qs = super().get_queryset(request)
                return qs.select_related("writer")

            def writer_name(self, obj):
                return obj.writer.name
        """,
    ),
    _admin(
        "admin_fk_column_auto_select_related",
        CONSTANT,
        """
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer"]

        site.register(Article, ArticleAdmin)
        """,
        "a non-null FK name in list_display makes the changelist call select_related()",
    ),
    _admin(
        "admin_plain_fields",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "id"]
        """,
        "Article.__str__ reads own fields only",
    ),
    _admin(
        "admin_fk_id_column",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_id", "editor_id"]

            def writer_key(self, obj):
                return obj.writer_id
        """,
        "the FK columns are loaded with the row",
    ),
    _admin(
        "admin_fk_column_auto_follows_target_str",
        CONSTANT,
        """
        @admin.register(Comment, site=site)
        class CommentAdmin(admin.ModelAdmin):
            list_display = ["body", "note"]
        """,
        "select_related() with no arguments follows non-null FKs recursively: note and note.article",
    ),
    _admin(
        "admin_str_actions_none",
        CONSTANT,
        """
        @admin.register(Note, site=site)
        class NoteAdmin(admin.ModelAdmin):
            list_display = ["text"]
            actions = None
        """,
        "no actions: no checkbox, str(obj) is not rendered",
    ),
    _admin(
        "admin_str_covered",
        CONSTANT,
        """
        @admin.register(Note, site=site)
        class NoteAdmin(admin.ModelAdmin):
            list_select_related = ["article"]
        """,
    ),
    _admin(
        "admin_m2m_prefetched",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "label_names"]

            def get_queryset(self, request):
                return super().get_queryset(request).prefetch_related("labels")

            def label_names(self, obj):
                return ", ".join(label.name for label in obj.labels.all())
        """,
    ),
    _admin(
        "admin_nullable_fk_listed",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "editor", "editor__name"]
            list_select_related = ("editor",)
        """,
    ),
    _admin(
        "admin_lookup_beside_fk_column",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer", "writer__name"]
        """,
        "the writer column makes the changelist join writer for the lookup too",
    ),
    _admin(
        "admin_method_formats_fk_covered",
        CONSTANT,
        """
        from django.utils.html import format_html


        @admin.register(Comment, site=site)
        class CommentAdmin(admin.ModelAdmin):
            list_display = ["body", "note_label"]
            list_select_related = ("note__article",)

            def note_label(self, obj):
                return format_html("<b>{}</b>", obj.note)
        """,
    ),
    _admin(
        "admin_str_formats_fk_covered",
        CONSTANT,
        """
        @admin.register(Pin, site=site)
        class PinAdmin(admin.ModelAdmin):
            list_display = ["id", "note"]
        """,
        "the note column makes the changelist call select_related(): note and note.article are joined",
    ),
    _admin(
        "admin_method_reads_fk_column",
        CONSTANT,
        """
        @admin.register(Article, site=site)
        class ArticleAdmin(admin.ModelAdmin):
            list_display = ["title", "writer_key"]

            def writer_key(self, obj):
                return obj.writer_id
        """,
    ),
)
