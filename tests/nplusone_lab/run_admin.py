"""Measure the admin shapes of shapes_admin.py: render each changelist in a real Django admin (SQLite in
memory, the test client, a superuser) and print the query counts as JSON.

Run as a script, in a process of its own (`tests/test_nplusone_lab_admin.py` does): it configures
Django's settings. `python tests/nplusone_lab/run_admin.py [NAME ...]` prints
`{"<shape>": {"1": <queries>, "5": <queries>}, ...}`. Each shape registers its ModelAdmin on a fresh
`AdminSite` served at /admin/.
"""

from __future__ import annotations

import json
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = (1, 5)
URLS = "lab_admin_urls"


def setup() -> None:
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.dirname(HERE))
    sys.modules[URLS] = types.ModuleType(URLS)
    sys.modules[URLS].urlpatterns = []  # type: ignore[attr-defined]
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "lab_admin",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        ROOT_URLCONF=URLS,
        SECRET_KEY="lab",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


def populate(rows: int) -> None:
    from lab_admin.models import Article, Comment, Label, Note, Pin, Publisher, Writer

    for model in (Pin, Comment, Note, Article, Label, Writer, Publisher):
        model.objects.all().delete()
    publisher = Publisher.objects.create(name="p")
    labels = [Label.objects.create(name=f"l{i}") for i in range(2)]
    for i in range(rows):
        writer = Writer.objects.create(name=f"w{i}", publisher=publisher)
        article = Article.objects.create(title=f"a{i}", writer=writer, editor=writer)
        article.labels.set(labels)
        note = Note.objects.create(text=f"n{i}", article=article)
        Comment.objects.create(body=f"c{i}", note=note)
        Pin.objects.create(note=note)


def measure(code: str, name: str, client) -> dict[str, int]:
    from django.contrib import admin
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path
    from lab_admin import models

    site = admin.AdminSite(name="admin")
    namespace = {"admin": admin, "site": site}
    namespace.update({n: getattr(models, n) for n in ("Publisher", "Writer", "Label", "Article", "Note", "Comment", "Pin")})
    exec(compile(code, f"<shape {name}>", "exec"), namespace)  # noqa: S102 - the lab's own shapes
    assert len(site._registry) == 1, name
    model = next(iter(site._registry))
    sys.modules[URLS].urlpatterns = [path("admin/", site.urls)]  # type: ignore[attr-defined]
    clear_url_caches()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    counts: dict[str, int] = {}
    for rows in ROWS:
        populate(rows)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert response.content.count(b'class="action-select"') == (0 if "actions = None" in code else rows), name
        counts[str(rows)] = len(context.captured_queries)
    return counts


def main(names: list[str]) -> dict[str, dict[str, int]]:
    setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from nplusone_lab.shapes_admin import ADMIN_SHAPES

    user = User.objects.create_superuser("lab", "lab@example.com", "lab")
    client = Client()
    client.force_login(user)
    results: dict[str, dict[str, int]] = {}
    for shape in ADMIN_SHAPES:
        if names and shape.name not in names:
            continue
        results[shape.name] = measure(shape.code, shape.name, client)
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=1, sort_keys=True))
