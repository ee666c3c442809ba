"""Measure the DRF shapes of shapes_drf.py: each shape's list view called (GET) with 1 and 5 rows.

Run as a script, in a process of its own (`tests/test_nplusone_lab_drf.py` does), like `run.py`, with
`rest_framework` added to the lab's INSTALLED_APPS here only. Prints `{"<shape>": {"1": n, "5": n}}`.
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def setup() -> None:
    sys.path.insert(0, HERE)
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["lab", "rest_framework"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["testserver"],
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": [],
            "DEFAULT_PERMISSION_CLASSES": [],
            "UNAUTHENTICATED_USER": None,
        },
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


def _urls() -> list:
    """The routes the hyperlinked shapes reverse (`author-detail` by pk, `author-by-name` by name)."""
    from django.http import HttpResponse
    from django.urls import path

    def view(request, **kwargs):
        return HttpResponse()

    return [
        path("authors/<int:pk>/", view, name="author-detail"),
        path("authors/by-name/<str:name>/", view, name="author-by-name"),
        path("tags/<int:pk>/", view, name="tag-detail"),
    ]


def __getattr__(name: str):  # ROOT_URLCONF is this module: its urlpatterns are built after setup()
    if name == "urlpatterns":
        return _urls()
    raise AttributeError(name)


def shape_view(code: str, name: str):
    """The list action of the one view class the shape defines, as a callable taking no argument."""
    from django.db.models import Prefetch
    from rest_framework import generics, serializers, viewsets
    from rest_framework.test import APIRequestFactory

    from lab import models

    namespace = {n: getattr(models, n) for n in ("Author", "Book", "Profile", "Review", "Tag")}
    namespace.update(Prefetch=Prefetch, serializers=serializers, generics=generics, viewsets=viewsets)
    exec(compile(code, f"<shape {name}>", "exec"), namespace)  # noqa: S102 - the lab's own shapes
    views = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, generics.GenericAPIView)
             and v.__module__ != generics.__name__ and v.__module__ != viewsets.__name__]
    assert len(views) == 1, (name, views)
    view = views[0]
    if issubclass(view, viewsets.ViewSetMixin):
        handler = view.as_view({"get": "list"})
    else:
        handler = view.as_view()
    factory = APIRequestFactory()

    def run() -> None:
        response = handler(factory.get("/"))
        assert response.status_code == 200, (name, response.status_code, getattr(response, "data", None))

    return run


def main(names: list[str]) -> dict[str, dict[str, int]]:
    setup()
    from run import ROWS, measure
    from shapes_drf import SHAPES_DRF

    results: dict[str, dict[str, int]] = {}
    for shape in SHAPES_DRF:
        if names and shape.name not in names:
            continue
        run = shape_view(shape.code, shape.name)
        results[shape.name] = {str(rows): measure(run, rows) for rows in ROWS}
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=1, sort_keys=True))
