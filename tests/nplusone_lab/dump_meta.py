import json, sys
sys.path.insert(0, sys.argv[1])
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=sys.argv[3].split(","), AUTH_USER_MODEL=sys.argv[2], DATABASES={}, DEFAULT_AUTO_FIELD="django.db.models.AutoField")
django.setup()
from django.apps import apps
out = {}
for model in apps.get_models():
    facts = []
    for f in model._meta.get_fields():
        if not f.is_relation:
            continue
        if f.auto_created and not f.concrete:
            name = f.get_accessor_name()
            if not name or f.hidden if hasattr(f, "hidden") else False:
                continue
            kind = {"ManyToOneRel": "reverse_fk", "OneToOneRel": "reverse_o2o", "ManyToManyRel": "reverse_m2m"}.get(type(f).__name__)
            if kind is None: continue
            facts.append([name, kind, f.related_model._meta.label])
        else:
            if f.many_to_many: kind = "m2m"
            elif f.one_to_one: kind = "o2o"
            elif f.many_to_one: kind = "fk" if f.related_model is not None or f.concrete else "generic"
            else: kind = "generic_relation"
            target = f.related_model._meta.label if f.related_model is not None else None
            if type(f).__name__ == "GenericForeignKey": kind = "generic"
            facts.append([f.name, kind, target])
    out[model._meta.label] = sorted(facts, key=str)
print(json.dumps(out))
