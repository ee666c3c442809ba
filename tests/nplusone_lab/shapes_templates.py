"""Template N+1 shapes (LL708) as data: a view's context and the templates it renders.

Each shape is a `TemplateShape`: `code` is the context the view passes (a Python dict expression over the
lab's models, `lab/models.py`), `templates` the template files by name, the first one rendered. `run_templates.py`
renders the first template with Django's template engine (locmem loader, no settings needed) under
`CaptureQueriesContext` with 1 and 5 rows, as `run.py` does for loops; `tests/test_template_nplusone.py`
asserts the measured growth matches `label` and `per_row`, and that LL708 reports exactly the N+1 shapes
when the context is passed to `render(request, <first template>, <code>)` in a project holding the
templates.

Plain data: nothing from Django is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

if __package__:
    from .shapes import CONSTANT, NPLUSONE, Shape
else:  # run_templates.py runs in the lab folder
    from shapes import CONSTANT, NPLUSONE, Shape


@dataclass(frozen=True)
class TemplateShape(Shape):
    templates: tuple[tuple[str, str], ...] = ()

    @property
    def template_name(self) -> str:
        return self.templates[0][0]


def _shape(
    name: str, label: str, code: str, *templates: tuple[str, str], note: str = "", per_row: int = 1
) -> TemplateShape:
    return TemplateShape(
        name=name,
        label=label,
        rule="LL708" if label == NPLUSONE else None,
        code=dedent(code).strip(),
        research="templates",
        note=note,
        per_row=per_row if label == NPLUSONE else 0,
        templates=tuple((file, dedent(text).strip() + "\n") for file, text in templates),
    )


def _one(text: str) -> tuple[str, str]:
    return ("lab/shape.html", text)


TEMPLATE_SHAPES: tuple[TemplateShape, ...] = (
    # -- N+1 -----------------------------------------------------------------------------------------
    _shape("tmpl_forward_fk", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.title }} by {{ b.author.name }}{% endfor %}"),
           note="fix: select_related('author')"),
    _shape("tmpl_m2m_all", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{% for t in b.tags.all %}{{ t.label }}{% endfor %}{% endfor %}"),
           note="fix: prefetch_related('tags')"),
    _shape("tmpl_reverse_count", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.reviews.count }}{% endfor %}"),
           note="fix: annotate(Count('reviews')) or prefetch_related('reviews')"),
    _shape("tmpl_str_reads_fk", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b }}{% endfor %}"),
           note="Book.__str__ reads self.author.name"),
    _shape("tmpl_filter_default_fk", NPLUSONE, '{"books": Book.objects.all()}',
           _one('{% for b in books %}{{ b.author|default:"" }}{% endfor %}'),
           note="the filter renders str(author): the author is loaded"),
    _shape("tmpl_if_nullable_fk", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{% if b.editor %}edited{% endif %}{% endfor %}"),
           note="every book has an editor here; {% if %} loads it"),
    _shape("tmpl_with_alias", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{% with a=b.author %}{{ a.name }}{% endwith %}{% endfor %}")),
    _shape("tmpl_include_with", NPLUSONE, '{"books": Book.objects.order_by("id")}',
           ("lab/table.html", '{% for b in books %}{% include "lab/row.html" with item=b %}{% endfor %}'),
           ("lab/row.html", "<tr><td>{{ item.title }}</td><td>{{ item.author.name }}</td></tr>")),
    _shape("tmpl_extends_block", NPLUSONE, '{"books": Book.objects.all()}',
           ("lab/child.html", '{% extends "lab/base.html" %}{% block main %}{% for b in books %}{{ b.author.name }}{% endfor %}{% endblock %}'),
           ("lab/base.html", "<main>{% block main %}{% endblock %}</main>")),
    _shape("tmpl_two_hops_unloaded", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.author.profile.bio }}{% endfor %}"),
           note="fix: select_related('author__profile'), which joins both", per_row=2),
    _shape("tmpl_second_hop", NPLUSONE, '{"books": Book.objects.select_related("author")}',
           _one("{% for b in books %}{{ b.author.profile.bio }}{% endfor %}"),
           note="fix: select_related('author__profile')"),
    _shape("tmpl_fk_dot_id", NPLUSONE, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.author.id }}{% endfor %}"),
           note="fix: b.author_id"),
    _shape("tmpl_regroup_fk", NPLUSONE, '{"books": Book.objects.order_by("id")}',
           _one("{% regroup books by author as groups %}{% for g in groups %}{{ g.list|length }}{% endfor %}"),
           note="regroup reads `author` on every row"),
    # -- near misses -----------------------------------------------------------------------------------
    _shape("tmpl_select_related_covers", CONSTANT, '{"books": Book.objects.select_related("author")}',
           _one("{% for b in books %}{{ b.title }} by {{ b.author.name }}{{ b }}{% endfor %}")),
    _shape("tmpl_prefetch_covers_tags", CONSTANT, '{"books": Book.objects.prefetch_related("tags")}',
           _one("{% for b in books %}{% for t in b.tags.all %}{{ t.label }}{% endfor %}{% endfor %}")),
    _shape("tmpl_prefetch_covers_count", CONSTANT, '{"books": Book.objects.prefetch_related("reviews")}',
           _one("{% for b in books %}{{ b.reviews.count }}{% endfor %}")),
    _shape("tmpl_plain_fields", CONSTANT, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.title }} {{ b.isbn }} {{ b.pk }}{% endfor %}")),
    _shape("tmpl_fk_id", CONSTANT, '{"books": Book.objects.all()}',
           _one("{% for b in books %}{{ b.author_id }}{% endfor %}")),
    _shape("tmpl_not_a_queryset", CONSTANT, '{"books": [{"title": "x", "author": {"name": "y"}}] * 3, "all": Book.objects.all()}',
           _one("{{ all|length }}{% for b in books %}{{ b.author.name }}{% endfor %}"),
           note="a loop over a list of dicts"),
    _shape("tmpl_prefetched_back_reference", CONSTANT, '{"books": Book.objects.prefetch_related("reviews")}',
           _one("{% for b in books %}{% for r in b.reviews.all %}{{ r.book.title }}{% endfor %}{% endfor %}"),
           note="a prefetched reverse FK caches the parent on each child"),
    _shape("tmpl_sliced_to_one", CONSTANT, '{"books": Book.objects.order_by("id")[:1]}',
           _one("{% for b in books %}{{ b.author.name }}{% endfor %}")),
    _shape("tmpl_comment", CONSTANT, '{"books": Book.objects.all()}',
           _one("{# {{ b.author.name }} #}{% comment %}{% for b in books %}{{ b.author.name }}{% endfor %}{% endcomment %}"
                "{% for b in books %}{{ b.title }}{% endfor %}")),
)
