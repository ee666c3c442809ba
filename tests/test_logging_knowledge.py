"""semantics/logging_knowledge.py: what dictConfig does, checked against the real standard library."""

from __future__ import annotations

import ast
import inspect
import logging
import logging.config
import logging.handlers
import queue
from pathlib import Path
from typing import Any

import pytest

from loglint.semantics import logging_knowledge as lk
from loglint.semantics.logging_knowledge import (
    LevelVerdict,
    ResolutionStatus,
    check_level,
    class_signature,
    constructor_keys,
    parse_reference,
    resolve_name,
)

DJANGO_LOG = Path.home() / ".cache/loglint-corpus/django-5.2.19/django/utils/log.py"


def real_check_level(value: Any) -> str:
    try:
        logging._checkLevel(value)  # type: ignore[attr-defined]
    except ValueError:
        return "ValueError"
    except TypeError:
        return "TypeError"
    return "ok"


def real_resolve(name: str) -> Any:
    return logging.config.BaseConfigurator({}).resolve(name)


def argument_for(name: str, tmp_path: Path) -> Any:
    values = {
        "filename": str(tmp_path / "x.log"), "mode": "a", "host": "127.0.0.1", "port": 9, "url": "/log",
        "capacity": 10, "queue": queue.Queue(), "mailhost": ("127.0.0.1", 25), "fromaddr": "a@example.com",
        "toaddrs": ["b@example.com"], "subject": "s",
    }
    return values[name]  # a KeyError here: a new required parameter the test must learn about


# Classes whose construction needs the platform or a live resource.
SKIP_CONSTRUCT = {"logging.handlers.NTEventLogHandler", "logging.handlers.SysLogHandler"}


def test_level_names_are_the_running_stdlib_table():  # derived, not typed
    assert lk.LEVEL_NAMES == logging._nameToLevel  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["INFO", "info", "WARN", "10", 10, 0, True, 5.0, None, [], "Info", " INFO"])
def test_check_level_agrees_with_checklevel(value):  # differential against logging._checkLevel
    verdict = check_level(value).verdict
    if value is None:
        assert verdict is LevelVerdict.NOT_GIVEN
        return
    expected = {"ok": LevelVerdict.OK, "ValueError": LevelVerdict.UNKNOWN_NAME,
                "TypeError": LevelVerdict.WRONG_TYPE}[real_check_level(value)]
    assert verdict is expected


def test_check_level_suggests_the_upper_case_name():  # the LL403 fix
    assert check_level("info").suggestion == "INFO"
    assert check_level("verbose").suggestion is None


def test_table_covers_every_handler_formatter_filter_class():  # nothing hand-listed, nothing left out
    expected = set()
    for module in (logging, logging.handlers):
        for attr, obj in vars(module).items():
            if (isinstance(obj, type) and obj.__module__ == module.__name__
                    and issubclass(obj, (logging.Handler, logging.Formatter, logging.Filter))):
                expected.add(f"{module.__name__}.{attr}")
    assert set(lk.STDLIB_CLASSES) == expected
    assert {"logging.StreamHandler", "logging.handlers.RotatingFileHandler", "logging.Formatter"} <= expected


@pytest.mark.parametrize("name", sorted(n for n, s in lk.STDLIB_CLASSES.items() if n not in SKIP_CONSTRUCT))
def test_required_arguments_construct_and_unknown_keyword_raises(name, tmp_path):  # differential per class
    signature = lk.STDLIB_CLASSES[name]
    cls = real_resolve(name)
    kwargs = {p: argument_for(p, tmp_path) for p in signature.required()}
    if "delay" in signature.keyword_names():
        kwargs["delay"] = True
    obj = cls(**kwargs)
    if isinstance(obj, logging.Handler):
        obj.close()
    assert not signature.var_keyword
    with pytest.raises(TypeError):
        cls(**kwargs, bogus_keyword=1)


@pytest.mark.parametrize("name", sorted(n for n, s in lk.STDLIB_CLASSES.items() if s.required()))
def test_missing_required_argument_raises(name, tmp_path):  # required() is really required
    signature = lk.STDLIB_CLASSES[name]
    kwargs = {p: argument_for(p, tmp_path) for p in signature.required()[1:]}
    assert signature.missing_required(kwargs) == [signature.required()[0]]
    with pytest.raises(TypeError):
        real_resolve(name)(**kwargs)


def test_signature_details():  # names, defaults and the SMTP four
    smtp = class_signature("logging.handlers.SMTPHandler")
    assert smtp.required() == ("mailhost", "fromaddr", "toaddrs", "subject")
    rotating = class_signature("logging.handlers.RotatingFileHandler")
    assert rotating.param("maxBytes").default == 0 and rotating.required() == ("filename",)
    assert class_signature("logging.StreamHandler").unknown_keywords(["filename", "stream"]) == ["filename"]
    assert class_signature("logging.Formatter").accepts_positional(4)
    assert not class_signature("logging.Filter").accepts_positional(3)


@pytest.mark.parametrize("name", [
    "logging.StreamHandler", "logging.handlers.RotatingFileHandler", "logging.handlers.logging.FileHandler",
    "logging.RotatingFileHandler", "logging.handlers.Nope", "logging.StreamHandler.nope", "logging.nope.x",
    "logging.config.nope",
])
def test_resolve_name_agrees_with_dictconfig_resolve(name):  # KNOWN resolves to that class, MISSING raises
    resolution = resolve_name(name)
    if resolution.status is ResolutionStatus.KNOWN:
        assert real_resolve(name) is real_resolve(resolution.signature.name)
    else:
        assert resolution.status is ResolutionStatus.MISSING
        with pytest.raises(ValueError):
            real_resolve(name)


def test_short_names_do_not_resolve():  # "StreamHandler" is imported as a top-level module by dictConfig
    assert class_signature("StreamHandler") is None
    with pytest.raises(ValueError):
        real_resolve("StreamHandler")
    assert resolve_name("myproject.log.Handler").status is ResolutionStatus.UNKNOWN


def test_non_handler_objects_under_logging_are_unknown():  # a callable like getLogger is not guessed at
    assert resolve_name("logging.getLogger").status is ResolutionStatus.UNKNOWN


def test_django_table():  # AdminEmailHandler, filters and ServerFormatter as Django 5.2 defines them
    admin = class_signature("django.utils.log.AdminEmailHandler")
    assert admin.kind == "handler" and admin.required() == ()
    assert admin.unknown_keywords(["include_html", "reporter_class", "level_x"]) == ["level_x"]
    assert class_signature("django.utils.log.CallbackFilter").required() == ("callback",)
    assert class_signature("django.utils.log.RequireDebugFalse").keyword_names() == ("name",)
    server = class_signature("django.utils.log.ServerFormatter")
    assert server.unknown_keywords(["fmt", "datefmt", "bogus"]) == ["bogus"]
    assert resolve_name("django.utils.log.NullHandler").status is ResolutionStatus.MISSING
    assert resolve_name("django.utils.log.logging.StreamHandler").signature.name == "logging.StreamHandler"


@pytest.mark.skipif(not DJANGO_LOG.exists(), reason="corpus copy of Django not present")
def test_django_table_matches_django_source():  # the static table against django/utils/log.py
    tree = ast.parse(DJANGO_LOG.read_text())
    top = set()
    inits = {}
    for node in tree.body:
        for target in getattr(node, "targets", []):
            top.add(getattr(target, "id", None))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top.update((a.asname or a.name).split(".")[0] for a in node.names)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    inits[node.name] = [a.arg for a in item.args.args[1:]], bool(item.args.kwarg)
    assert top - {None} == lk.DJANGO_LOG_MODULE_NAMES
    for name in ("AdminEmailHandler", "CallbackFilter"):
        sig = lk.DJANGO_CLASSES[f"django.utils.log.{name}"]
        assert inits[name] == ([p.name for p in sig.params], sig.var_keyword)
    assert inits["ServerFormatter"] == ([], True)
    assert "RequireDebugFalse" not in inits and "RequireDebugTrue" not in inits


def _recorded_kwargs(section: str, entry: dict) -> dict:
    seen: dict = {}

    def factory(**kwargs):
        seen.update(kwargs)
        return {"handlers": logging.NullHandler, "formatters": logging.Formatter,
                "filters": logging.Filter}[section]()

    config: dict = {"version": 1, "disable_existing_loggers": False, section: {"x": {"()": factory, **entry}}}
    logging.config.dictConfig(config)
    return seen


@pytest.mark.parametrize("section,entry", [
    ("handlers", {"level": "INFO", "filters": [], "extra": 1, ".": {"a": 1}}),
    ("handlers", {"class": "logging.StreamHandler", "extra": 1}),
    ("formatters", {"format": "%(message)s", "datefmt": "%H", "style": "%", "other": 2}),
    ("filters", {"name": "a", "other": 3, ".": {"b": 1}}),
])
def test_constructor_keys_agree_with_dictconfig(section, entry):  # what reaches the factory, recorded
    assert sorted(constructor_keys(section, entry, factory=True)) == sorted(_recorded_kwargs(section, entry))


def test_constructor_keys_without_factory():  # class handlers lose class/level/formatter/filters
    keys = ["class", "level", "formatter", "filters", "filename", "."]
    assert constructor_keys("handlers", keys) == ["filename"]
    assert constructor_keys("formatters", ["format", "bogus"]) == []


def test_invalid_identifier_key_raises_at_startup():  # valid_ident raises instead of filtering
    assert not lk.is_valid_ident("max-bytes") and lk.is_valid_ident("maxBytes")
    config = {"version": 1, "handlers": {"x": {"class": "logging.NullHandler", "max-bytes": 1}}}
    with pytest.raises(ValueError):
        logging.config.dictConfig(config)


@pytest.mark.parametrize("section,keys,method", [
    ("handler", lk.HANDLER_KEYS - {"()", "."}, "configure_handler"),
    ("formatter", lk.FORMATTER_KEYS - {"()"}, "configure_formatter"),
    ("filter", lk.FILTER_KEYS - {"()"}, "configure_filter"),
    ("logger", lk.LOGGER_KEYS, "configure_logger"),
    ("top", lk.TOP_LEVEL_KEYS, "configure"),
])
def test_consumed_keys_are_read_by_dictconfig(section, keys, method):  # each key appears in the source
    source = inspect.getsource(getattr(logging.config.DictConfigurator, method))
    source += inspect.getsource(logging.config.DictConfigurator.common_logger_config)
    for key in keys:
        assert f"'{key}'" in source, (section, key)


def test_version_gated_keys():  # `defaults` (formatters) and QueueHandler keys only where Python has them
    source = inspect.getsource(logging.config.DictConfigurator.configure_formatter)
    assert ("defaults" in lk.FORMATTER_KEYS) == ("'defaults'" in source)
    assert lk.PYTHON_VERSION == __import__("sys").version_info[:2]


def test_log_record_attributes_format():  # every listed field formats; a made-up one fails
    record = logging.LogRecord("n", logging.INFO, __file__, 1, "m", None, None)
    fmt = " ".join(f"%({name})s" for name in sorted(lk.LOG_RECORD_ATTRIBUTES))
    logging.Formatter(fmt).format(record)
    assert {"levelname", "message", "asctime", "name"} <= lk.LOG_RECORD_ATTRIBUTES
    assert "level" not in lk.LOG_RECORD_ATTRIBUTES
    with pytest.raises(ValueError):
        logging.Formatter("%(level)s").format(record)


CFG_CONFIG = {"handlers": {"file": {"args": [10, 20]}, "0": "str-key"}, "root": {"level": "INFO"}}


@pytest.mark.parametrize("text", [
    "cfg://handlers.file", "cfg://handlers.file.args[1]", "cfg://handlers[file]", "cfg://handlers[ 0 ]",
    "cfg:// root . level", "cfg://handlers..file", "cfg://", "cfg://handlers.file]", "cfg://-x",
])
def test_cfg_reference_parses_like_cfg_convert(text):  # the path walks to what cfg_convert returns
    reference = parse_reference(text)
    configurator = logging.config.DictConfigurator(dict(CFG_CONFIG))
    try:
        real: Any = configurator.cfg_convert(reference.suffix)
    except ValueError as exc:
        assert "Unable to convert" in str(exc) and reference.path is None and not reference.valid
        return
    except KeyError:  # a digit index is an int key: `handlers[0]` misses the "0" key, as dictConfig does
        real = KeyError
    value: Any = CFG_CONFIG
    try:
        for step in reference.path:
            value = value[step]
    except KeyError:
        value = KeyError
    assert value == real


@pytest.mark.parametrize("text,prefix", [
    ("ext://sys.stderr", "ext"), ("cfg://a", "cfg"), ("http://x", None), ("EXT://sys.stderr", None),
    ("sys.stderr", None), (" ext://sys.stderr", None),
])
def test_parse_reference_prefixes(text, prefix):  # only what dictConfig's CONVERT_PATTERN converts
    reference = parse_reference(text)
    assert (reference.prefix if reference else None) == prefix


def test_ext_reference_resolves_like_dictconfig():  # ext:// goes through resolve
    reference = parse_reference("ext://sys.stderr")
    assert reference.valid and reference.suffix == "sys.stderr"
    assert logging.config.BaseConfigurator({}).convert("ext://sys.stderr") is __import__("sys").stderr


def real_dictconfig_ok(section: str, entry: dict, tmp_path: Path) -> bool:
    config = {"version": 1, "disable_existing_loggers": False, section: {"x": entry}}
    try:
        logging.config.dictConfig(config)
    except (ValueError, TypeError):
        return False
    finally:
        for handler in logging._handlerList:  # type: ignore[attr-defined]
            if handler() is not None:
                handler().close()
    return True


@pytest.mark.parametrize("section,entry", [
    ("handlers", {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "level": "INFO"}),
    ("handlers", {"class": "logging.StreamHandler", "filename": "x.log"}),
    ("handlers", {"class": "logging.FileHandler", "delay": True}),
    ("handlers", {"class": "logging.FileHandler", "filename": "{tmp}", "delay": True, "formatter": None}),
    ("handlers", {"class": "logging.handlers.RotatingFileHandler", "filename": "{tmp}", "maxBytes": 10}),
    ("handlers", {"class": "logging.handlers.RotatingFileHandler", "filename": "{tmp}", "max_bytes": 10}),
    ("handlers", {"class": "logging.NullHandler", "max-bytes": 1}),
    ("handlers", {"()": "logging.NullHandler", "class": "logging.NullHandler"}),
    ("handlers", {"()": "logging.StreamHandler", "level": "DEBUG"}),
    ("formatters", {"()": "logging.Formatter", "format": "%(message)s", "datefmt": "%H"}),
    ("formatters", {"()": "logging.Formatter", "format": "%(message)s", "bogus": 1}),
    ("formatters", {"()": "logging.Formatter", "fmt": "%(message)s", "format": "%(message)s"}),
    ("formatters", {"()": "django.utils.log.ServerFormatter", "format": "%(message)s"}),
    ("filters", {"()": "logging.Filter", "name": "a"}),
    ("filters", {"()": "logging.Filter", "nam": "a"}),
])
def test_check_constructor_agrees_with_dictconfig(section, entry, tmp_path):  # differential, real classes
    entry = {k: (str(tmp_path / "x.log") if v == "{tmp}" else v) for k, v in entry.items()}
    name = entry.get("()") or entry.get("class")
    signature = class_signature(name)
    check = lk.check_constructor(section, signature, entry, factory="()" in entry)
    if name.startswith("django."):  # Django is not installed: ServerFormatter passes **kwargs to Formatter,
        assert check.ok  # whose TypeError names 'format', so dictConfig retries with fmt
        return
    assert check.ok == real_dictconfig_ok(section, entry, tmp_path)


def test_later_python_fields_are_known_whatever_the_running_version():  # taskName is 3.12+
    assert "taskName" in lk.LOG_RECORD_ATTRIBUTES_ANY_VERSION
    assert lk.LOG_RECORD_ATTRIBUTES <= lk.LOG_RECORD_ATTRIBUTES_ANY_VERSION
    if lk.PYTHON_VERSION >= (3, 12):
        assert "taskName" in lk.LOG_RECORD_ATTRIBUTES and "defaults" in lk.FORMATTER_KEYS


@pytest.mark.parametrize("style", ["%", "{", "$", "#", "%s"])
def test_formatter_styles_agree_with_formatter(style):  # valid styles construct, others raise ValueError
    if style in lk.FORMATTER_STYLES:
        logging.Formatter(None, None, style)
    else:
        with pytest.raises(ValueError):
            logging.Formatter(None, None, style)


def test_syslog_handler_on_loopback():  # the skipped class, constructed on a UDP loopback address
    signature = class_signature("logging.handlers.SysLogHandler")
    assert signature.required() == () and signature.param("address").default == ("localhost", 514)
    handler = logging.handlers.SysLogHandler(address=("127.0.0.1", 9))
    handler.close()
    with pytest.raises(TypeError):
        logging.handlers.SysLogHandler(address=("127.0.0.1", 9), bogus_keyword=1)
