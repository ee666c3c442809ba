"""Measure the shapes of shapes_summaries.py (as run.py does for shapes.py), with the lab_summaries
app installed: `python tests/nplusone_lab/run_summaries.py` prints the counts as JSON."""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> dict[str, dict[str, int]]:
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.dirname(HERE))
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=["lab", "lab_summaries"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    from lab import models
    from lab_summaries import models as summaries
    from run import ROWS, measure

    from nplusone_lab.shapes_summaries import SHAPES

    namespace = {name: getattr(models, name) for name in ("Author", "Book", "Profile", "Review", "Tag")}
    namespace.update({name: getattr(summaries, name) for name in (
        "ShelfBook", "AuthoredBook", "PlainFirstBook", "NamedDefaultBook", "AllSelectsBook", "FromQuerySetBook", "authored_books", "plain_books",
    )})
    results: dict[str, dict[str, int]] = {}
    for shape in SHAPES:
        compiled = compile(shape.code, f"<shape {shape.name}>", "exec")

        def run(compiled=compiled) -> None:
            exec(compiled, dict(namespace))  # noqa: S102 - the lab's own shapes

        results[shape.name] = {str(rows): measure(run, rows) for rows in ROWS}
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=1, sort_keys=True))
