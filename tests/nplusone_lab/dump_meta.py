"""What Django itself says about a project's models, for the model index's differential tests.

`python dump_meta.py ROOT AUTH_USER_MODEL APP,APP,...` imports the apps from ROOT (in this process
only: tests run it as a subprocess) and prints, per installed model label, its relation attributes
(`[name, kind, target label]`, kinds as in `semantics.models`; hidden reverse accessors left out) and
its plain concrete fields with the `null` flag, as JSON. `python dump_meta.py --settings ROOT MODULE`
uses a project's own settings module instead, and adds the `AUTH_USER_MODEL` it chose.
"""

from __future__ import annotations

import json
import sys

REVERSE_KINDS = {"ManyToOneRel": "reverse_fk", "OneToOneRel": "reverse_o2o", "ManyToManyRel": "reverse_m2m"}


def describe() -> dict[str, dict[str, list]]:
    from django.apps import apps

    out: dict[str, dict[str, list]] = {}
    for model in apps.get_models():
        relations = []
        fields = []
        for field in model._meta.get_fields():  # hidden reverse relations are not included
            if not field.is_relation:
                if field.model is model or not model._meta.parents:
                    fields.append([field.name, bool(field.null)])
                continue
            if field.auto_created and not field.concrete:
                kind = REVERSE_KINDS.get(type(field).__name__)
                if kind is not None:
                    relations.append([field.get_accessor_name(), kind, field.related_model._meta.label])
                continue
            if type(field).__name__ == "GenericForeignKey":
                kind = "generic"
            elif field.many_to_many:
                kind = "m2m"
            elif field.one_to_one:
                kind = "o2o"
            elif field.many_to_one:
                kind = "fk"
            else:
                kind = "generic_relation"
            target = field.related_model._meta.label if field.related_model is not None else None
            relations.append([field.name, kind, target])
        out[model._meta.label] = {"relations": sorted(relations, key=str), "fields": sorted(fields)}
    return out


def main(root: str, user_model: str, installed: str) -> None:
    sys.path.insert(0, root)
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=installed.split(","),
        AUTH_USER_MODEL=user_model,
        DATABASES={},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    print(json.dumps(describe()))


def main_settings(root: str, settings_module: str) -> None:
    import os

    sys.path.insert(0, root)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django
    from django.conf import settings

    django.setup()
    print(json.dumps({"user": settings.AUTH_USER_MODEL, "models": describe()}))


if __name__ == "__main__":
    if sys.argv[1] == "--settings":
        main_settings(sys.argv[2], sys.argv[3])
    else:
        main(*sys.argv[1:4])
