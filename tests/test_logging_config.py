"""The static evaluator of logging configuration (semantics/logging_config.py): values, mutations, positions."""

from __future__ import annotations

from textwrap import dedent
from typing import Optional

import libcst as cst

from loglint.semantics.logging_config import (
    DEFAULT_LOGGING,
    ConfigDict,
    EvaluatedConfig,
    Known,
    Unknown,
    dictconfig_calls,
    module_logging_config,
    to_plain,
)
from loglint.semantics.names import NameTable


def parse(src: str, module_name: str = "proj.settings", is_package: bool = False) -> tuple[cst.Module, NameTable]:
    module = cst.parse_module(dedent(src))
    return module, NameTable(module, module_name, is_package)


def logging_of(src: str, **kwargs: object) -> Optional[EvaluatedConfig]:
    module, names = parse(src)
    return module_logging_config(module, names, **kwargs)  # type: ignore[arg-type]


def plain(src: str, **kwargs: object) -> object:
    config = logging_of(src, **kwargs)
    assert config is not None
    return to_plain(config.value)


def test_literal_dict_is_known() -> None:
    assert plain('LOGGING = {"version": 1, "disable_existing_loggers": False, "x": None, "n": -2.5}') == {
        "version": 1,
        "disable_existing_loggers": False,
        "x": None,
        "n": -2.5,
    }


def test_nested_dicts_and_lists() -> None:
    src = 'LOGGING = {"loggers": {"app": {"handlers": ["console", "file"], "level": "INFO"}}, "t": ("a",)}'
    assert plain(src) == {"loggers": {"app": {"handlers": ["console", "file"], "level": "INFO"}}, "t": ("a",)}


def test_spread_of_a_base_dict_merges_in_order() -> None:
    src = """
    BASE = {"version": 1, "root": {"level": "INFO"}}
    LOGGING = {"root": {"level": "DEBUG"}, **BASE, "extra": 1}
    """
    value = plain(src)
    assert value == {"root": {"level": "INFO"}, "version": 1, "extra": 1}
    assert list(value) == ["root", "version", "extra"]  # type: ignore[arg-type]


def test_dict_call_with_keywords_and_spread() -> None:
    src = """
    BASE = {"version": 1}
    LOGGING = dict(BASE, disable_existing_loggers=False, handlers=dict(console={"class": "logging.StreamHandler"}))
    """
    assert plain(src) == {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
    }


def test_dict_call_when_dict_is_shadowed_is_unknown() -> None:
    src = """
    def dict(**kw): return kw
    LOGGING = dict(version=1)
    """
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Unknown)


def test_default_logging_deepcopy_then_mutation() -> None:
    src = """
    import copy
    from django.utils.log import DEFAULT_LOGGING
    LOGGING = copy.deepcopy(DEFAULT_LOGGING)
    LOGGING["handlers"]["console"]["filters"] = []
    LOGGING["loggers"]["django"]["level"] = "WARNING"
    """
    value = plain(src)
    assert value["handlers"]["console"]["filters"] == []  # type: ignore[index]
    assert value["loggers"]["django"]["level"] == "WARNING"  # type: ignore[index]
    assert value["formatters"] == DEFAULT_LOGGING["formatters"]  # type: ignore[index]
    assert DEFAULT_LOGGING["loggers"]["django"]["level"] == "INFO"  # type: ignore[index]  # table not mutated


def test_default_logging_spread_through_module_alias() -> None:
    src = """
    from django.utils import log
    LOGGING = {**log.DEFAULT_LOGGING, "disable_existing_loggers": True}
    """
    value = plain(src)
    assert value["version"] == 1 and value["disable_existing_loggers"] is True  # type: ignore[index]


def test_update_merges_keys() -> None:
    src = """
    LOGGING = {"version": 1, "root": {"level": "INFO"}}
    LOGGING.update({"root": {"level": "DEBUG"}}, disable_existing_loggers=False)
    LOGGING["loggers"] = {}
    LOGGING["loggers"].update(app={"level": "INFO"})
    """
    assert plain(src) == {
        "version": 1,
        "root": {"level": "DEBUG"},
        "disable_existing_loggers": False,
        "loggers": {"app": {"level": "INFO"}},
    }


def test_subscript_assignment_two_levels_deep_points_at_new_key() -> None:
    src = """
    LOGGING = {"handlers": {"console": {"class": "logging.StreamHandler"}}}
    LOGGING["handlers"]["file"] = {"class": "logging.FileHandler", "filename": "x.log"}
    """
    module, names = parse(src)
    config = module_logging_config(module, names)
    assert config is not None and len(config.statements) == 2
    handlers = config.value.value.get("handlers")  # type: ignore[union-attr]
    entry = handlers.value.entries["file"]
    assert isinstance(entry.key_node, cst.SimpleString) and entry.key_node.value == '"file"'
    assert to_plain(entry.value) == {"class": "logging.FileHandler", "filename": "x.log"}


def test_unknown_values_stay_local() -> None:
    src = """
    import os
    LOGGING = {
        "version": 1,
        "root": {"level": os.environ.get("LEVEL", "INFO"), "handlers": ["console"]},
        "a": "x" if DEBUG else "y",
        "b": make_handlers(),
        "c": f"{BASE_DIR}/x.log",
    }
    """
    value = plain(src)
    assert value["version"] == 1  # type: ignore[index]
    assert value["root"]["handlers"] == ["console"]  # type: ignore[index]
    for unknown in (value["root"]["level"], value["a"], value["b"], value["c"]):  # type: ignore[index]
        assert isinstance(unknown, Unknown)


def test_unknown_spread_makes_dict_incomplete_and_earlier_keys_unknown() -> None:
    src = 'LOGGING = {"version": 1, **get_base(), "root": {}}'
    config = logging_of(src)
    assert config is not None
    cfg = config.value.value  # type: ignore[union-attr]
    assert isinstance(cfg, ConfigDict) and not cfg.complete
    assert isinstance(cfg.get("version"), Unknown) and isinstance(cfg.get("root"), Known)


def test_spread_of_an_incomplete_dict_keeps_its_own_known_keys() -> None:
    src = """
    BASE = {**extra(), "version": 1}
    LOGGING = {"root": {}, "disable_existing_loggers": True, **BASE, "loggers": {}}
    """
    config = logging_of(src)
    assert config is not None
    cfg = config.value.value  # type: ignore[union-attr]
    assert not cfg.complete and cfg.get("version").value == 1 and cfg.get("loggers").is_dict
    assert isinstance(cfg.get("root"), Unknown) and isinstance(cfg.get("disable_existing_loggers"), Unknown)


def test_computed_key_keeps_earlier_keys_as_unknown() -> None:
    config = logging_of('LOGGING = {"version": 1, KEY: 2, "root": {}}')
    assert config is not None
    cfg = config.value.value  # type: ignore[union-attr]
    assert not cfg.complete and isinstance(cfg.get("version"), Unknown) and cfg.get("root").is_dict


def test_name_rebound_in_a_branch_is_unknown() -> None:
    src = """
    LEVEL = "INFO"
    if DEBUG:
        LEVEL = "DEBUG"
    LOGGING = {"root": {"level": LEVEL}}
    """
    assert isinstance(plain(src)["root"]["level"], Unknown)  # type: ignore[index]


def test_name_rebound_by_global_in_a_function_is_unknown() -> None:
    src = """
    LOGGING = {"version": 1}
    def reset():
        global LOGGING
        LOGGING = {}
    """
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Unknown)


def test_sequential_top_level_rebinding_follows_python_order() -> None:
    src = """
    LEVEL = "INFO"
    LOGGING = {"root": {"level": LEVEL}}
    LEVEL = "DEBUG"
    """
    assert plain(src) == {"root": {"level": "INFO"}}


def test_conditional_mutation_marks_only_the_touched_key() -> None:
    src = """
    LOGGING = {"version": 1, "root": {"level": "INFO"}}
    if DEBUG:
        LOGGING["root"]["level"] = "DEBUG"
    """
    value = plain(src)
    assert value["version"] == 1 and isinstance(value["root"]["level"], Unknown)  # type: ignore[index]


def test_setdefault_append_del_pop() -> None:
    src = """
    LOGGING = {"version": 1, "root": {"handlers": ["console"]}, "x": 1, "y": 2}
    LOGGING.setdefault("disable_existing_loggers", False)
    LOGGING.setdefault("version", 2)
    LOGGING["root"]["handlers"].append("sentry")
    del LOGGING["x"]
    LOGGING.pop("y")
    """
    assert plain(src) == {"version": 1, "root": {"handlers": ["console", "sentry"]}, "disable_existing_loggers": False}


def test_conditional_append_keeps_items_and_marks_the_list_incomplete() -> None:
    src = """
    HANDLERS = ["console"]
    LOGGING = {"root": {"handlers": HANDLERS}, "loggers": {"app": {"handlers": HANDLERS}}}
    if SENTRY:
        HANDLERS.append("sentry")
    """
    config = logging_of(src)
    assert config is not None
    for path in (("root",), ("loggers", "app")):
        node = config.value
        for key in path:
            node = node.value.get(key)  # type: ignore[union-attr]
        handlers = node.value.get("handlers").value  # type: ignore[union-attr]
        assert not handlers.complete and to_plain(Known(handlers, None)) == ["console"]


def test_unmodelled_method_makes_the_receiver_unknown_in_place() -> None:
    src = """
    LOGGING = {"version": 1, "loggers": {"app": {}}}
    LOGGERS = LOGGING["loggers"]
    LOGGERS.popitem()
    """
    config = logging_of(src)
    assert config is not None
    loggers = config.value.value.get("loggers").value  # type: ignore[union-attr]
    assert config.value.value.get("version").value == 1  # type: ignore[union-attr]
    assert not loggers.complete and isinstance(loggers.get("app"), Unknown)


def test_alias_mutation_is_seen_through_the_original() -> None:
    src = """
    BASE = {"version": 1, "handlers": {}}
    LOGGING = BASE
    HANDLERS = LOGGING["handlers"]
    HANDLERS["console"] = {"class": "logging.StreamHandler"}
    BASE["root"] = {"level": "INFO"}
    """
    assert plain(src) == {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"level": "INFO"},
    }


def test_shallow_copy_shares_nested_dicts_deepcopy_does_not() -> None:
    src = """
    import copy
    BASE = {"root": {"level": "INFO"}}
    LOGGING = copy.copy(BASE)
    OTHER = copy.deepcopy(BASE)
    BASE["root"]["level"] = "DEBUG"
    OTHER["root"]["level"] = "ERROR"
    """
    assert plain(src) == {"root": {"level": "DEBUG"}}


def test_container_passed_to_an_unknown_call_becomes_unknown_in_place() -> None:
    src = """
    import logging.config
    LOGGING = {"version": 1, "handlers": {"console": {}}}
    patch_handlers(LOGGING["handlers"])
    logging.config.dictConfig(LOGGING)
    print(LOGGING)
    """
    config = logging_of(src)
    assert config is not None
    handlers = config.value.value.get("handlers")  # type: ignore[union-attr]
    assert config.value.value.get("version").value == 1  # type: ignore[union-attr]
    assert not handlers.value.complete and isinstance(handlers.value.get("console"), Unknown)  # type: ignore[union-attr]


def test_locals_handed_to_a_call_makes_logging_unknown() -> None:
    src = """
    import django_heroku
    LOGGING = {"version": 1}
    django_heroku.settings(locals())
    """
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Unknown)


def test_reading_globals_does_not_make_logging_unknown() -> None:
    src = """
    LOGGING = {"version": 1}
    URL = globals().get("URL")
    globals()["OTHER"] = 1
    """
    assert plain(src) == {"version": 1}


def test_globals_store_with_a_computed_key_makes_logging_unknown() -> None:
    src = """
    LOGGING = {"version": 1}
    for name in names:
        globals()[name] = 1
    """
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Unknown)


def test_loop_and_with_targets_rebind() -> None:
    src = """
    LEVEL = "INFO"
    for LEVEL in levels():
        pass
    LOGGING = {"root": {"level": LEVEL}, "x": [n for n in range(3)]}
    """
    value = plain(src)
    assert isinstance(value["root"]["level"], Unknown) and isinstance(value["x"], Unknown)  # type: ignore[index]


def test_split_settings_through_the_hook() -> None:
    base_module, base_names = parse('LOGGING = {"version": 1, "root": {"level": "INFO"}}', "proj.settings.base")
    base_config = module_logging_config(base_module, base_names)
    seen: list[str] = []

    def imported(name: str) -> Optional[EvaluatedConfig]:
        seen.append(name)
        return base_config if name == "proj.settings.base" else None

    module, names = parse(
        """
        from .base import *
        LOGGING["root"]["level"] = "WARNING"
        """,
        "proj.settings.production",
    )
    config = module_logging_config(module, names, imported)
    assert seen == ["proj.settings.base"]
    assert config is not None and to_plain(config.value) == {"version": 1, "root": {"level": "WARNING"}}
    assert len(config.statements) == 3  # base assignment, star import, mutation
    assert to_plain(base_config.value)["root"]["level"] == "INFO"  # type: ignore[union-attr,index]


def test_star_import_without_hook_makes_followed_names_unknown() -> None:
    src = """
    LOGGING = {"version": 1}
    from .local import *
    """
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Unknown)


def test_star_import_of_a_module_without_logging_keeps_it_and_forgets_other_names() -> None:
    src = """
    LEVEL = "INFO"
    LOGGING = {"version": 1}
    from .local import *
    LOGGING["root"] = {"level": LEVEL}
    """
    value = plain(src, imported_config=lambda name: None)
    assert value["version"] == 1 and isinstance(value["root"]["level"], Unknown)  # type: ignore[index]


def test_conditional_star_import_of_a_module_with_logging_is_unknown() -> None:
    base = EvaluatedConfig(Known(ConfigDict(), None), [])
    src = """
    LOGGING = {"version": 1}
    try:
        from .local import *
    except ImportError:
        pass
    """
    config = logging_of(src, imported_config=lambda name: base)
    assert config is not None and isinstance(config.value, Unknown)


def test_module_without_logging_gives_none() -> None:
    assert logging_of("DEBUG = True") is None


def test_dictconfig_call_through_an_alias() -> None:
    src = """
    import logging.config as lc
    CONFIG = {"version": 1}
    CONFIG["root"] = {"level": "INFO"}
    lc.dictConfig(CONFIG)
    def setup():
        lc.dictConfig({"version": 1, "incremental": True})
    """
    module, names = parse(src)
    calls = dictconfig_calls(module, names)
    assert len(calls) == 2
    assert to_plain(calls[0][1].value) == {"version": 1, "root": {"level": "INFO"}}
    assert len(calls[0][1].statements) == 2
    assert to_plain(calls[1][1].value) == {"version": 1, "incremental": True}


def test_dictconfig_of_a_local_name_is_unknown_not_the_module_value() -> None:
    src = """
    import logging.config
    CONFIG = {"version": 1}
    def setup():
        CONFIG = load()
        logging.config.dictConfig(CONFIG)
    def setup2():
        from logging import config
        config.dictConfig(CONFIG)
    """
    module, names = parse(src)
    calls = dictconfig_calls(module, names)
    assert len(calls) == 2
    assert isinstance(calls[0][1].value, Unknown)
    assert to_plain(calls[1][1].value) == {"version": 1}


def test_dictconfig_from_import_and_unrelated_call() -> None:
    src = """
    from logging.config import dictConfig as configure
    import other
    other.dictConfig({"version": 1})
    configure({"version": 1})
    """
    module, names = parse(src)
    calls = dictconfig_calls(module, names)
    assert len(calls) == 1 and to_plain(calls[0][1].value) == {"version": 1}


def test_positions_are_exact_cst_nodes() -> None:
    src = 'LOGGING = {"root": {"level": "info"}}\n'
    module, names = parse(src)
    config = module_logging_config(module, names)
    assert config is not None
    literal = module.body[0].body[0].value  # type: ignore[attr-defined]
    assert config.value.node is literal  # type: ignore[union-attr]
    root_element = literal.elements[0]
    root = config.value.value.entries["root"]  # type: ignore[union-attr]
    assert root.key_node is root_element.key and root.value.node is root_element.value  # type: ignore[union-attr]
    level = root.value.value.entries["level"]  # type: ignore[union-attr]
    assert level.value.node is root_element.value.elements[0].value  # type: ignore[union-attr]
    assert module.code_for_node(level.value.node) == '"info"'  # type: ignore[union-attr,arg-type]


def test_deep_nesting_does_not_overflow() -> None:
    src = "LOGGING = " + "{'a': " * 300 + "1" + "}" * 300
    config = logging_of(src)
    assert config is not None and isinstance(config.value, Known)


def test_setdefault_step_inserts_then_assigns_into_the_shared_dict() -> None:
    config = plain("""
        LOGGING = {"version": 1}
        LOGGING.setdefault("filters", {})["only_app"] = {"name": "app"}
        LOGGING.setdefault("filters", {})["other"] = {"name": "x"}
    """)
    assert config == {"version": 1, "filters": {"only_app": {"name": "app"}, "other": {"name": "x"}}}


def test_setdefault_result_is_an_alias_of_the_stored_dict() -> None:
    config = plain("""
        LOGGING = {"version": 1}
        filters = LOGGING.setdefault("filters", {})
        filters["f"] = {"name": "app"}
    """)
    assert config == {"version": 1, "filters": {"f": {"name": "app"}}}


def test_a_store_through_get_is_not_followed_and_makes_the_root_unknown() -> None:
    # `get` may return the stored dict (shared) or a temporary default: the store is not modelled as a
    # path, so nothing under LOGGING is claimed known afterwards.
    evaluated = logging_of("""
        LOGGING = {"version": 1, "handlers": {}}
        LOGGING.get("handlers")["console"] = {"class": "logging.StreamHandler"}
    """)
    root = evaluated.value.value
    assert root.complete is False
    assert all(isinstance(entry.value, Unknown) for entry in root.entries.values())


def test_a_change_through_an_unfollowed_chain_makes_the_root_unknown() -> None:
    evaluated = logging_of("""
        LOGGING = {"version": 1, "handlers": {"a": {}}}
        helpers()[0]
        LOGGING.pop("handlers").clear()
        LOGGING.items().mapping["x"] = 1
    """)
    root = evaluated.value.value
    assert root.complete is False
