"""The logger resolver: what counts as a logger, by meaning (RULES.md, "What counts as a logger")."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import libcst as cst

from harness import fix
from loglint.engine import check_module
from loglint.project import ProjectIndex, module_name_for
from loglint.rule import Rule


class _Probe(Rule):
    """Reports every call the resolver sees as a log call (test-only)."""

    code = "LL999"
    name = "probe"
    message = "log call"

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is not None:
            handler = "handler" if self.context.current_handler is not None else "-"
            self.report(node, f"{call.method}:{'root' if call.on_root else 'logger'}:{call.level}:{handler}")


def probe(src: str, project: ProjectIndex | None = None, module_name: str = "app.views") -> dict[int, str]:
    module = cst.parse_module(dedent(src))
    result = check_module("app/views.py", module, [_Probe], None, project, module_name)
    assert not result.errors
    return {f.line: f.message for f in result.findings}


def lines(src: str, **kwargs) -> list[int]:
    return sorted(probe(src, **kwargs))


def test_logging_module_under_an_alias_is_the_root_logger():
    assert probe("import logging as lg\nlg.info('x')\n") == {2: "info:root:20:-"}


def test_getlogger_assignment_makes_a_logger():
    assert lines("import logging\nlog = logging.getLogger(__name__)\nlog.warning('x')\n") == [3]


def test_from_import_of_getlogger_with_alias():
    assert lines("from logging import getLogger as gl\nlogger = gl('a')\nlogger.error('x')\n") == [3]


def test_inline_getlogger_call_and_getchild():
    assert lines("import logging\nlogging.getLogger('a').getChild('b').debug('x')\n") == [2]


def test_logger_adapter_and_project_subclass():
    src = """
    import logging
    class Adapter(logging.LoggerAdapter):
        pass
    a = Adapter(logging.getLogger(), {})
    a.info('x')
    b = logging.LoggerAdapter(logging.getLogger(), {})
    b.info('y')
    """
    assert lines(src) == [6, 8]


def test_adapter_that_overrides_log_formats_its_own_way():
    src = """
    import logging
    class StyleAdapter(logging.LoggerAdapter):
        def log(self, level, msg, *args, **kwargs):
            self.logger.log(level, msg.format(*args), **kwargs)
    log = StyleAdapter(logging.getLogger(__name__), {})
    log.info("{} items", 3)
    """
    assert lines(src) == []


def test_self_logger_set_in_init_and_inherited_from_a_base_in_the_module():
    src = """
    import logging
    class Base:
        def __init__(self):
            self.log = logging.getLogger(__name__)
    class Child(Base):
        def run(self):
            self.log.info('x')
    """
    assert lines(src) == [8]


def test_class_attribute_logger_through_self_and_class_name():
    src = """
    import logging
    class Service:
        logger = logging.getLogger('svc')
        def run(self):
            self.logger.info('x')
            Service.logger.info('y')
    """
    assert lines(src) == [6, 7]


def test_annotated_parameter_is_a_logger():
    assert lines("import logging\ndef f(log: logging.Logger):\n    log.info('x')\n") == [3]


def test_unannotated_parameter_is_unknown():
    assert lines("import logging\ndef f(logger):\n    logger.info('x')\n") == []


def test_parameter_shadows_module_logger():
    src = "import logging\nlogger = logging.getLogger()\ndef f(logger):\n    logger.info('x')\n"
    assert lines(src) == []


def test_walrus_and_match_captures_shadow_module_logger():
    src = """
    import logging
    logger = logging.getLogger()
    def f(make):
        if (logger := make()):
            logger.info('x')
    def g(make, items):
        if any((logger := make(i)) for i in items):
            logger.info('x')
    def h(command):
        match command:
            case [logger] | {"k": [*logger]} | {**logger} | (_ as logger):
                logger.info('x')
    def k(command):
        match command:
            case logging.INFO:
                logger.info('x')
    """
    assert lines(src) == [17]


def test_root_logger_fix_does_not_take_a_name_a_walrus_binds():
    src = "import logging\ndef f(make):\n    if (logger := make()):\n        logger.go()\n    logging.info('x')\n"
    assert fix(src, ["LL113"]) == src


def test_a_method_or_property_hides_a_base_class_logger():
    src = """
    import logging
    class Base:
        log = logging.getLogger(__name__)
    class StructlogMixin:
        @property
        def log(self):
            return make_structlog_logger()
    class View(StructlogMixin, Base):
        def get(self):
            self.log.info('x')
    class Other(Base):
        def log(self, message): ...
        def get(self):
            self.log.info('x')
    class Plain(Base):
        def get(self):
            self.log.info('x')
    """
    assert lines(src) == [18]


def test_loguru_structlog_and_warnings_are_never_loggers():
    src = """
    from loguru import logger
    import structlog
    import warnings
    log = structlog.get_logger()
    logger.info('{}', 1)
    log.info('x')
    warnings.warn('x')
    """
    assert lines(src) == []


def test_conflicting_bindings_are_unknown():
    src = """
    import logging
    try:
        from loguru import logger
    except ImportError:
        logger = logging.getLogger()
    logger.info('x')
    """
    assert lines(src) == []


def test_object_with_info_method_is_not_a_logger():
    src = "class Report:\n    def info(self, x): ...\nr = Report()\nr.info('x')\n"
    assert lines(src) == []


def test_function_local_rebinding_of_logger_name():
    src = """
    import logging
    logger = logging.getLogger()
    def f():
        logger = make_something()
        logger.info('x')
    def g():
        logger.info('y')
    """
    assert lines(src) == [8]


def test_except_handler_tracking_stops_at_nested_function():
    src = """
    import logging
    log = logging.getLogger()
    try:
        pass
    except Exception:
        log.error('in handler')
        def later():
            log.error('not handling')
    """
    assert probe(src) == {7: "error:logger:40:handler", 9: "error:logger:40:-"}


def test_a_lambda_runs_later_and_its_parameters_shadow():
    src = """
    import logging
    log = logging.getLogger()
    try:
        pass
    except Exception:
        on_commit(lambda: log.error('not handling'))
        callbacks = [lambda log: log.error('not a logger')]
        log.error('in handler')
    """
    assert probe(src) == {7: "error:logger:40:-", 9: "error:logger:40:handler"}


def test_error_in_a_lambda_of_an_except_body_is_not_turned_into_exception():
    src = "import logging\nlog = logging.getLogger()\ntry:\n    pass\nexcept Exception:\n    on_commit(lambda: log.error('x'))\n"
    assert fix(src, ["LL109"]) == src


def test_log_level_resolved_through_alias():
    assert probe("import logging as l\nl.getLogger().log(l.ERROR, 'x')\n") == {2: "log:logger:40:-"}


def test_celery_task_logger_is_a_stdlib_logger():
    assert lines("from celery.utils.log import get_task_logger\nlogger = get_task_logger(__name__)\nlogger.info('x')\n") == [3]


def test_global_declaration_binds_at_module_level():
    src = """
    import logging
    logger = None
    def setup():
        global logger
        logger = logging.getLogger()
    def use():
        logger.info('x')
    """
    assert lines(src) == []  # module-level `logger` is bound to None and to a logger: unknown


def _project(tmp_path: Path, files: dict[str, str]) -> ProjectIndex:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    return ProjectIndex(tmp_path)


def test_logger_imported_from_a_project_module(tmp_path: Path):
    index = _project(
        tmp_path,
        {
            "myproj/__init__.py": "",
            "myproj/log.py": "import logging\nlogger = logging.getLogger('myproj')\nother = object()\n",
        },
    )
    src = "from myproj.log import logger, other\nlogger.info('x')\nother.info('y')\n"
    assert lines(src, project=index) == [2]


def test_logger_reexported_and_imported_relatively(tmp_path: Path):
    index = _project(
        tmp_path,
        {
            "pkg/__init__.py": "from .log import logger\n",
            "pkg/log.py": "from logging import getLogger\nlogger = getLogger(__name__)\n",
        },
    )
    src = "from . import logger\nimport pkg.log as plog\nlogger.info('x')\nplog.logger.info('y')\n"
    assert lines(src, project=index, module_name="pkg.views") == [3, 4]


def test_logger_objects_from_config(tmp_path: Path):
    index = ProjectIndex(tmp_path, logger_objects=["thirdparty.LOG"])
    assert lines("from thirdparty import LOG\nLOG.info('x')\n", project=index) == [2]


def test_module_name_from_init_files(tmp_path: Path):
    _project(tmp_path, {"a/__init__.py": "", "a/b/__init__.py": "", "a/b/c.py": ""})
    assert module_name_for(tmp_path / "a" / "b" / "c.py")[:2] == ("a.b.c", False)
    assert module_name_for(tmp_path / "a" / "b" / "__init__.py")[:2] == ("a.b", True)


class _AdapterProbe(Rule):
    """Reports what the resolver says about each log call's receiver being a LoggerAdapter (test-only)."""

    code = "LL999"
    name = "adapter-probe"
    message = "log call"

    def visit_Call(self, node: cst.Call) -> None:
        call = self.context.log_call(node)
        if call is not None:
            self.report(node, call.adapter.value)


def test_log_call_says_whether_the_receiver_is_a_logger_adapter(tmp_path: Path):
    index = _project(
        tmp_path, {"myproj/__init__.py": "", "myproj/log.py": "import logging\nlog = logging.getLogger('x')\n"}
    )
    src = """
    import logging
    from myproj.log import log
    logger = logging.getLogger(__name__)
    class Plain(logging.LoggerAdapter):
        pass
    class Custom(logging.LoggerAdapter):
        def process(self, msg, kwargs):
            return msg, kwargs
    class Job:
        def __init__(self):
            self.log = logging.LoggerAdapter(logger, {})
        def run(self, param: logging.LoggerAdapter, other: logging.Logger):
            self.log.info('a')
            param.info('b')
            other.info('c')
    logger.info('d')
    logging.info('e')
    logging.LoggerAdapter(logger, {}).info('f')
    logging.LoggerAdapter(logger, {}, merge_extra=True).info('g')
    logging.LoggerAdapter(logger, {}, merge_extra=False).info('h')
    logging.LoggerAdapter(logger, {}, True).info('i')
    logging.LoggerAdapter(logging.LoggerAdapter(logger, {}), {}, merge_extra=True).info('j')
    logging.LoggerAdapter(logger, {}, **options).info('k')
    Plain(logger, {}, merge_extra=True).info('l')
    Custom(logger, {}).info('m')
    log.info('n')
    logger.getChild('x').info('o')
    """
    module = cst.parse_module(dedent(src))
    result = check_module("app/views.py", module, [_AdapterProbe], None, index, "app.views")
    got = {f.line: f.message for f in result.findings}
    assert got == {
        14: "replaces",
        15: "maybe",
        16: "no",
        17: "no",
        18: "no",
        19: "replaces",
        20: "merges",
        21: "replaces",
        22: "merges",
        23: "replaces",
        24: "maybe",
        25: "merges",
        26: "maybe",
        27: "maybe",
        28: "no",
    }


def test_self_logger_set_by_a_base_class_in_another_project_module(tmp_path: Path):
    index = _project(
        tmp_path,
        {
            "proj/__init__.py": "",
            "proj/jobs.py": """
                import logging
                class JobRunner:
                    def __init__(self):
                        self.logger = logging.getLogger("jobs")
                        self.client = make_client()
                """,
            "proj/reexport.py": "from proj.jobs import JobRunner as Runner\n",
        },
    )
    src = """
    from proj.jobs import JobRunner
    from proj.reexport import Runner
    class Sync(JobRunner):
        def run(self):
            self.logger.info("x")
            self.client.info("not a logger")
    class Local(Runner):
        def run(self):
            self.logger.info("y")
    """
    assert lines(src, project=index, module_name="proj.sync") == [6, 10]


def test_base_class_outside_the_project_is_unknown(tmp_path: Path):
    index = _project(tmp_path, {"proj/__init__.py": ""})
    src = "from django.views import View\nclass V(View):\n    def get(self):\n        self.logger.info('x')\n"
    assert lines(src, project=index, module_name="proj.views") == []
