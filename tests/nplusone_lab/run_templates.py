"""Measure the template shapes of shapes_templates.py (as run.py measures the loops) and print JSON.

`python tests/nplusone_lab/run_templates.py [NAME ...]` renders each shape's first template with Django's
template engine (a locmem loader holding the shape's templates) over its context, with 1 and 5 rows.
"""

from __future__ import annotations

import json
import sys

from run import ROWS, measure, setup


def main(names: list[str]) -> dict[str, dict[str, int]]:
    setup()
    from django.db.models import Count, Prefetch
    from django.template import Context, Engine
    from lab import models
    from shapes_templates import TEMPLATE_SHAPES

    results: dict[str, dict[str, int]] = {}
    for shape in TEMPLATE_SHAPES:
        if names and shape.name not in names:
            continue
        engine = Engine(loaders=[("django.template.loaders.locmem.Loader", dict(shape.templates))])
        namespace = {name: getattr(models, name) for name in ("Author", "Book", "Profile", "Review", "Tag")}
        namespace.update(Count=Count, Prefetch=Prefetch)

        def render(shape=shape, engine=engine, namespace=namespace) -> None:
            context = eval(shape.code, dict(namespace))  # noqa: S307 - the lab's own shapes
            engine.get_template(shape.template_name).render(Context(context))

        results[shape.name] = {str(rows): measure(render, rows) for rows in ROWS}
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=1, sort_keys=True))
