"""semantics/handlers.py: what an `except` clause catches and does, and where an exception is handled."""

from __future__ import annotations

from textwrap import dedent

import libcst as cst

from harness import default_config
from loglint.engine import check_source
from loglint.rule import Rule
from loglint.semantics.handlers import (
    CaughtType,
    HandlerFacts,
    child_nodes,
    current_handler_facts,
    exception_may_be_active,
    handler_facts,
    walk,
)


def facts(src: str) -> list[HandlerFacts]:
    """The facts of every `except` clause of `src`, in source order."""
    found: list[HandlerFacts] = []

    class Collect(Rule):
        code, name, message = "LL999", "collect", "collect"

        def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
            found.append(handler_facts(self.context, node))

    result = check_source("app/module.py", dedent(src).encode(), [Collect], default_config())
    assert not result.errors, result.errors
    return found


def one(src: str) -> HandlerFacts:
    (only,) = facts(src)
    return only


def active(src: str) -> list[bool]:
    """For each `probe()` call of `src`: may an exception be handled there?"""
    found: list[bool] = []

    class Probe(Rule):
        code, name, message = "LL999", "probe", "probe"

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == "probe":
                found.append(exception_may_be_active(self.context, node))

    result = check_source("app/module.py", dedent(src).encode(), [Probe], default_config())
    assert not result.errors, result.errors
    return found


def handler(body: str, clause: str = "except Exception as exc:", prelude: str = "") -> str:
    indented = "\n".join("        " + line for line in dedent(body).strip().splitlines())
    head = f"import logging\n{prelude}\nlogger = logging.getLogger(__name__)\n"
    return f"{head}def f():\n    try:\n        run()\n    {clause}\n{indented}\n"


# -- what it catches -------------------------------------------------------------------------------------


def test_bare_except_is_broad():
    assert one(handler("pass", "except:")).is_broad


def test_exception_and_base_exception_are_broad():
    assert one(handler("pass", "except Exception:")).is_broad
    assert one(handler("pass", "except (KeyError, BaseException):")).is_broad


def test_specific_exception_is_not_broad():
    assert not one(handler("pass", "except ValueError:")).is_broad


def test_a_shadowed_exception_name_is_not_the_builtin():
    assert not one(handler("pass", "except Exception:", prelude="from app.errors import Exception")).is_broad


def test_caught_types_are_qualified_through_imports():
    facts_ = one(handler("pass", "except (models.User.DoesNotExist, KeyError):", prelude="from app import models"))
    assert facts_.types == (
        CaughtType("models.User.DoesNotExist", "app.models.User.DoesNotExist"),
        CaughtType("KeyError", None),
    )


def test_a_module_tuple_of_exceptions_is_followed():
    assert one(handler("pass", "except ERRORS:", prelude="ERRORS = (KeyError, Exception)")).is_broad


def test_an_exception_class_held_by_a_parameter_is_unknown():
    src = "def f(error_class):\n    try:\n        run()\n    except error_class:\n        pass\n"
    assert not one(src).types_known


def test_the_bound_name():
    assert one(handler("pass")).name == "exc"
    assert one(handler("pass", "except ValueError:")).name is None


# -- expected exceptions ---------------------------------------------------------------------------------


def test_a_dotted_pattern_matches_the_written_and_the_qualified_name():
    assert CaughtType("User.DoesNotExist", None).matches("*.DoesNotExist")
    assert CaughtType("User.DoesNotExist", "app.models.User.DoesNotExist").matches("app.models.*")


def test_a_plain_pattern_matches_the_class_name_from_any_module():
    assert CaughtType("exceptions.ValidationError", "django.core.exceptions.ValidationError").matches(
        "ValidationError"
    )
    assert not CaughtType("MyValidationError", None).matches("ValidationError")


def test_only_expected_exceptions_with_the_default_patterns():
    src = handler("pass", "except (User.DoesNotExist, KeyError):", prelude="from app.models import User")
    assert one(src).catches_only(("*.DoesNotExist", "KeyError"))


def test_one_unexpected_type_makes_the_handler_not_expected():
    assert not one(handler("pass", "except (KeyError, OSError):")).catches_only(("KeyError",))


def test_a_broad_handler_is_never_expected():
    assert not one(handler("pass", "except Exception:")).catches_only(("*",))


# -- raising ---------------------------------------------------------------------------------------------


def test_bare_raise_reraises():
    assert one(handler("raise")).reraises


def test_raise_of_the_bound_name_reraises():
    assert one(handler("raise exc")).reraises
    assert one(handler("raise exc.with_traceback(None)")).reraises


def test_raise_from_raises_another_exception():
    facts_ = one(handler("raise RuntimeError('x') from exc"))
    assert (facts_.reraises, facts_.raises_other) == (False, True)


def test_bare_raise_in_a_nested_handler_is_about_that_exception():
    facts_ = facts(handler("try:\n    undo()\nexcept OSError:\n    raise"))[0]
    assert (facts_.reraises, facts_.raises_other) == (False, True)


def test_raise_in_a_nested_function_does_not_count():
    assert not one(handler("def later():\n    raise\nreturn later")).raises


def test_sys_exit_ends_the_program():
    assert one(handler("sys.exit(2)", prelude="import sys")).exits
    assert one(handler("exit(1)")).exits


def test_a_method_called_exit_does_not():
    assert not one(handler("self.exit(1)")).exits


# -- logging ---------------------------------------------------------------------------------------------


def test_log_calls_with_levels_and_traceback():
    logs = one(handler("logger.info('x')\nlogger.exception('y')\nlogger.error('z', exc_info=True)")).logs
    assert [(log.level, log.with_traceback) for log in logs] == [(20, False), (40, True), (40, True)]


def test_exception_with_a_false_exc_info_logs_no_traceback():
    assert not one(handler("logger.exception('x', exc_info=False)")).logs_with_traceback


def test_a_log_call_that_uses_the_exception():
    logs = one(handler("logger.error('x %s', exc.code)\nlogger.error('y')")).logs
    assert [log.uses_exception for log in logs] == [True, False]


def test_logs_in_nested_handlers_are_marked_nested():
    facts_ = facts(handler("try:\n    undo()\nexcept OSError:\n    logger.exception('undo')"))[0]
    assert [log.nested for log in facts_.logs] == [True]
    assert not facts_.logs_with_traceback


def test_logs_in_lambdas_and_nested_functions_are_not_the_handlers():
    assert one(handler("cb = lambda: logger.exception('x')\ndef g():\n    logger.exception('y')")).logs == ()


def test_non_loggers_are_not_log_calls():
    assert one(handler("reporter.error('x')\nwarnings.warn('y')")).logs == ()


def test_max_level():
    assert one(handler("logger.debug('x')\nlogger.warning('y')")).max_level == 30
    assert one(handler("pass")).max_level is None


# -- use of the exception and trivial bodies -------------------------------------------------------------


def test_the_exception_is_used():
    assert one(handler("errors.append(exc)")).uses_exception
    assert one(handler("cb = lambda: str(exc)")).uses_exception


def test_an_attribute_with_the_same_name_is_not_a_use():
    assert not one(handler("self.exc = None")).uses_exception


def test_trivial_bodies():
    for body in ("pass", "continue", "...", "return None", "return -1", "return ()", "'''why'''\npass"):
        assert one(handler(body)).only_trivial, body


def test_non_trivial_bodies():
    for body in ("logger.info('x')", "return compute()", "raise", "x = 1"):
        assert not one(handler(body)).only_trivial, body


# -- caching and the current handler ---------------------------------------------------------------------


def test_facts_are_computed_once_per_handler():
    seen: list[HandlerFacts] = []

    class Twice(Rule):
        code, name, message = "LL999", "twice", "twice"

        def visit_Call(self, node: cst.Call) -> None:
            current = current_handler_facts(self.context)
            if current is not None:
                seen.append(current)

    check_source("app/module.py", dedent(handler("a()\nb()")).encode(), [Twice], default_config())
    assert len(seen) == 2 and seen[0] is seen[1]


# -- may an exception be handled here? -------------------------------------------------------------------


def test_active_inside_an_except_body_only():
    src = "try:\n    probe()\nexcept Exception:\n    probe()\nelse:\n    probe()\nfinally:\n    probe()\n"
    assert active(src) == [False, True, False, False]


def test_active_under_an_exc_info_test():
    assert active("import sys\nif sys.exc_info()[0]:\n    probe()\nelse:\n    probe()\n") == [True, False]


def test_active_in_exit_methods_and_django_hooks():
    src = """
    class Timer:
        def __exit__(self, *exc):
            probe()

    class Middleware:
        def process_exception(self, request, exception):
            probe()

    def __exit__():
        probe()
    """
    assert active(src) == [True, True, False]


def test_active_in_got_request_exception_receivers():
    src = """
    from django.core.signals import got_request_exception, request_finished
    from django.dispatch import receiver

    @receiver(got_request_exception)
    def on_error(sender, **kwargs):
        probe()

    @receiver(request_finished)
    def on_finished(sender, **kwargs):
        probe()

    def connected(sender, **kwargs):
        probe()

    got_request_exception.connect(connected)
    """
    assert active(src) == [True, False, True]


def test_functions_called_only_from_handlers():
    src = """
    def helper():
        probe()

    def deeper():
        probe()

    def via_helper():
        deeper()

    try:
        run()
    except Exception:
        helper()
        via_helper()
    """
    assert active(src) == [True, True]


def test_one_call_outside_a_handler_is_enough():
    src = """
    def helper():
        probe()

    try:
        run()
    except Exception:
        helper()
    helper()
    """
    assert active(src) == [False]


def test_functions_with_unknown_callers_are_not_active():
    src = """
    def callback():
        probe()

    @app.route("/")
    def view():
        probe()

    def never_called():
        probe()

    register(callback)
    try:
        run()
    except Exception:
        callback()
        view()
    """
    assert active(src) == [False, False, False]


def test_methods_called_through_self_from_handlers():
    src = """
    class Job:
        def run(self):
            try:
                self.step()
            except Exception:
                self.fail()

        def fail(self):
            probe()

        def step(self):
            probe()
    """
    assert active(src) == [True, False]


def test_recursion_needs_a_caller_from_outside():
    src = """
    def loop(n):
        probe()
        loop(n - 1)

    try:
        run()
    except Exception:
        loop(3)

    def alone(n):
        probe()
        alone(n - 1)
    """
    assert active(src) == [True, False]


# -- walking ---------------------------------------------------------------------------------------------


def test_walk_does_not_enter_nested_definitions():
    module = cst.parse_module("def f():\n    a()\n    def g():\n        b()\n    h = lambda: c()\n")
    body = module.body[0].body  # type: ignore[attr-defined]
    called = [n.func.value for n in walk(body) if isinstance(n, cst.Call)]  # type: ignore[attr-defined]
    assert called == ["a"]


def test_child_nodes_leave_whitespace_out():
    call = cst.parse_expression("f( a , b )")
    assert [type(n).__name__ for n in child_nodes(call)] == ["Name", "Arg", "Arg"]
