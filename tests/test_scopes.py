"""Scopes the engine adds while walking: comprehensions, lambdas, `finally`, and `self.x` rebinding."""

from __future__ import annotations

from harness import assert_clean, assert_reports


def test_comprehension_variable_shadows_the_module_logger():
    src = """
    import logging
    logger = logging.getLogger(__name__)
    def f(items, loggers):
        return [logger.info(f"comp {x}") for logger in loggers for x in items]
    """
    assert_clean(src, ["LL101"])


def test_module_logger_used_inside_a_comprehension_is_still_a_logger():
    src = """
    import logging
    logger = logging.getLogger(__name__)
    def f(items):
        return [logger.info(f"item {x}") for x in items]
    """
    assert_reports(src, [(5, "LL101")])


def test_comprehension_inside_except_body_is_still_handling():
    src = """
    import logging
    logger = logging.getLogger(__name__)
    def f(items):
        try:
            pass
        except ValueError:
            [logger.exception("item %s", x) for x in items]
    """
    assert_clean(src, ["LL108"])


def test_self_attribute_rebound_by_tuple_unpacking_is_unknown():
    src = """
    import logging
    import structlog
    class Job:
        def __init__(self):
            self.log = logging.getLogger(__name__)
        def bind(self, run_id):
            self.log, self.run_id = structlog.get_logger().bind(run=run_id), run_id
        def run(self):
            self.log.info(f"running {self.run_id}")
    """
    assert_clean(src, ["LL101"])


def test_self_attribute_rebound_in_a_with_statement_is_unknown():
    src = """
    import logging
    class Job:
        def __init__(self):
            self.log = logging.getLogger(__name__)
        def run(self, ctx):
            with ctx as self.log:
                self.log.info(f"running {ctx}")
    """
    assert_clean(src, ["LL101"])
