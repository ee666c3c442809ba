"""The candidate gate (prefilter.py): it skips or blanks only code no selected rule could look at."""

from __future__ import annotations

import ast
from pathlib import Path
from textwrap import dedent

import pytest

from harness import default_config, fixture_path
from loglint import prefilter, registry
from loglint.engine import check_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p for p in FIXTURES.rglob("LL*.py") if not p.name.endswith(".fixed.py") and "projects" not in p.parts)
ALL = registry.select_rules(("ALL",), (), ())


def findings(data: bytes, filename: str, gate: str, rules=ALL) -> list[tuple]:
    result = check_source(filename, data, rules, default_config(), gate=gate)
    assert not result.errors, result.errors
    return sorted((f.line, f.column, f.code, f.message, f.fix is not None) for f in result.findings)


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_every_fixture_has_the_same_findings_with_the_gate(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    filename = fixture_path(text, f"app/{path.stem}.py")
    data = path.read_bytes()
    assert findings(data, filename, "statements") == findings(data, filename, "off")


def test_a_file_no_rule_can_fire_in_skips_libcst() -> None:
    src = b"import os\n\n\ndef add(a, b):\n    return a + b\n"
    result = check_source("app/m.py", src, ALL, default_config(), gate="file")
    assert result.parsed is not None and result.parsed.gated == "skipped" and result.findings == []


def test_blanking_keeps_every_line_and_ending() -> None:
    data = b"\xef\xbb\xbfdef a():\r\n    x = 1\r\n\r\nclass B:\n    def m(self):\n        return 2\n"
    out = prefilter.blanked(data, [(1, 2, -1), (5, 6, 4)])
    assert out == b"\xef\xbb\xbf\r\n\r\n\r\nclass B:\n    pass\n\n"
    assert out.count(b"\n") == data.count(b"\n")
    ast.parse(out)


def plan_of(src: str) -> prefilter.Plan:
    source = dedent(src).encode()
    needed = set().union(*(rule.candidates for rule in ALL))
    return prefilter.plan(ast.parse(source), source, needed)


def blanked_names(src: str) -> set[str]:
    """The top-level functions/classes and methods the gate blanks."""
    source = dedent(src).encode()
    plan = plan_of(src)
    lines = source.decode().splitlines()
    return {lines[start - 1].strip().split()[1].split("(")[0].rstrip(":") for start, _, _ in plan.blank}


def test_unrelated_functions_are_blanked_and_candidates_kept() -> None:
    src = """
        import logging
        logger = logging.getLogger(__name__)

        def helper(x):
            return x * 2

        def work(x):
            logger.info(f"x={x}")
    """
    assert blanked_names(src) == {"helper"}


def test_callers_of_a_kept_function_are_kept() -> None:
    # LL108 asks whether `report` is only called inside except bodies: its callers must stay visible.
    src = """
        import logging
        logger = logging.getLogger(__name__)

        def report():
            logger.exception("failed")

        def caller():
            report()

        def unrelated():
            return 1
    """
    assert blanked_names(src) == {"unrelated"}


def test_callers_matter_only_where_the_exception_being_handled_may_be_logged() -> None:
    # LL108/LL110 follow the callers of a function logging `.exception()` or `exc_info=`, and then the
    # callers of those callers; a function calling one that only logs `.info()` can go.
    src = """
        import logging
        logger = logging.getLogger(__name__)

        def report():
            logger.error("failed", exc_info=True)

        def caller():
            report()

        def callers_caller():
            caller()

        def note():
            logger.info("done")

        def calls_note():
            note()

        class Service:
            def fail(self):
                logger.exception("failed")

            def run(self):
                self.fail()

            def done(self):
                logger.info("ok")

            def finish(self):
                self.done()
    """
    assert blanked_names(src) == {"calls_note", "finish"}


def test_an_alias_of_print_keeps_its_users() -> None:
    src = """
        echo = print

        def shout(x):
            echo(x)
    """
    assert blanked_names(src) == set()


def test_base_classes_of_a_kept_class_are_kept() -> None:
    src = """
        from django.core.management.base import BaseCommand

        class Base(BaseCommand):
            def helper(self):
                return 1

        class Command(Base):
            def handle(self, *args, **options):
                print("done")
    """
    assert blanked_names(src) == {"helper"}


def test_methods_calling_a_kept_method_are_kept() -> None:
    src = """
        import logging
        logger = logging.getLogger(__name__)

        class Service:
            def __init__(self):
                self.ready = True

            def fail(self):
                logger.exception("failed")

            def run(self):
                self.fail()

            def size(self):
                return 3
    """
    assert blanked_names(src) == {"size"}


def test_except_of_a_name_the_module_binds_may_be_broad() -> None:
    src = """
        ERRORS = (Exception,)

        def f():
            try:
                g()
            except ERRORS:
                pass
    """
    assert not plan_of(src).skip and blanked_names(src) == set()


def test_every_rule_declares_its_candidates() -> None:
    # A rule without `candidates` turns the gate off for every run selecting it (see CONTRIBUTING.md).
    assert [rule.code for rule in registry.all_rules() if rule.candidates is None] == []


# -- the ORM words: a file that names no model of the project has no loop the LL7 rules check -----------


def _orm_plan(src: str, words: frozenset[str]) -> prefilter.Plan:
    data = dedent(src).encode()
    needed = {prefilter.ORM}
    return prefilter.plan(ast.parse(data), data, needed, orm_words=lambda: words)


def test_a_loop_in_a_file_naming_no_model_is_skipped() -> None:
    src = """
        def titles(items):
            return [item.author.name for item in items.all()]
        """
    assert _orm_plan(src, frozenset({"Book", "objects"})).skip
    assert not _orm_plan(src, frozenset({"items"})).skip  # a model (or manager) named `items`


@pytest.mark.parametrize(
    "src",
    [
        "from shop.models import Book\n\n\ndef f():\n    return [b.author for b in Book.objects.all()]\n",
        "from shop import models\n\n\ndef f():\n    return [b.author for b in models.Book.objects.all()]\n",
        "def f(view):\n    return [b.author for b in view.get_queryset()]\n",
        "from shop.queries import recent\n\n\ndef f():\n    return [b.author for b in recent()]\n",
        "import shop.queries\n\n\ndef f():\n    return [b.author for b in shop.queries.recent()]\n",
        "def recent():\n    pass\n\n\ndef f():\n    return [b.author for b in recent()]\n",
    ],
)
def test_a_file_naming_a_model_an_anchor_or_looping_over_a_helper_keeps_its_loops(src: str) -> None:
    plan = _orm_plan(src, frozenset({"Book"}) | prefilter.ORM_ANCHORS)
    assert not plan.skip


def test_a_loop_backed_by_no_model_name_is_blanked_in_a_file_that_names_one() -> None:
    # per statement: a loop reaches a queryset the LL7 rules know only through a model, a manager, an
    # anchor, a helper, or a name bound by a statement naming one (a module-level queryset, a function,
    # a base class)
    src = """
        from shop.models import Book

        RECENT = Book.objects.order_by("-id")

        def latest():
            return Book.objects.all()

        class Base:
            model = Book

        def counts(items):
            return [item.get("n") for item in items.values()]

        def recent_authors():
            return [b.author for b in RECENT.all()]

        def via_function():
            books = latest()
            return [b.author for b in books.all()]

        class Sub(Base):
            def rows(self):
                return [b.author for b in self.books.all()]

        class Unrelated:
            def rows(self, data):
                return [row.get("x") for row in data.values()]
        """
    plan = _orm_plan(src, frozenset({"Book"}) | prefilter.ORM_ANCHORS)
    lines = dedent(src).splitlines()
    blanked = {lines[start - 1].strip() for start, _, _ in plan.blank}
    # `latest` has no loop (the LL7 summaries read helpers from the model index's own parse)
    assert blanked == {"def counts(items):", "def latest():", "class Unrelated:"}


def test_a_method_call_is_not_a_helper() -> None:
    src = """
        class Report:
            def rows(self):
                return [row.author for row in self.lines()]
        """
    assert _orm_plan(src, frozenset({"Book"}) | prefilter.ORM_ANCHORS).skip


def test_a_project_without_models_has_no_orm_candidates() -> None:
    src = "def f(qs):\n    return [b.author for b in qs.all()]\n"
    assert _orm_plan(src, frozenset()).skip


def test_the_words_are_asked_only_where_a_statement_has_the_orm_fact() -> None:
    """Asking builds the model index and records it as the file's dependency (the cache): a file without
    a loop must not depend on every module of the project."""
    asked = []

    def words() -> frozenset[str]:
        asked.append(1)
        return frozenset({"Book"})

    data = b"def add(a, b):\n    return a + b\n"
    prefilter.plan(ast.parse(data), data, {prefilter.ORM}, orm_words=words)
    assert asked == []


def test_an_admin_register_needs_a_file_that_names_the_admin() -> None:
    needed = {prefilter.ADMIN}
    checks = b"from django.core import checks\n\n\ndef check_x(**kwargs):\n    return []\n\n\nchecks.register(check_x)\n"
    assert prefilter.plan(ast.parse(checks), checks, needed).skip
    registered = b"from django.contrib import admin\nfrom shop.models import Book\n\nadmin.site.register(Book)\n"
    assert not prefilter.plan(ast.parse(registered), registered, needed).skip


PROJECTS = sorted(p for p in (FIXTURES / "projects").iterdir() if p.is_dir())


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_fixture_projects_have_the_same_findings_with_the_gate(project: Path, tmp_path: Path) -> None:
    """With a project index (the model index, the ORM words), which the single-file tests above lack."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    root = tmp_path / project.name
    shutil.copytree(project, root)
    out = {}
    for gate in ("statements", "off"):
        done = subprocess.run(
            [sys.executable, "-m", "loglint", "check", ".", "--select", "ALL", "--isolated", "--no-cache", "-j", "1",
             "--output-format", "json"],
            cwd=root, capture_output=True, text=True, timeout=120, env=dict(os.environ, LOGLINT_GATE=gate),
        )
        assert done.returncode in (0, 1), done.stderr
        out[gate] = sorted((f["filename"], f["location"]["row"], f["code"], f["message"]) for f in json.loads(done.stdout))
    assert out["statements"] == out["off"]
    assert out["off"], "a fixture project with no finding tests nothing"


def _python_sources() -> list[bytes]:
    """Every fixture and every loglint module: text facts' words and scan depths are checked on them."""
    src = Path(prefilter.__file__).resolve().parent
    return [p.read_bytes() for p in [*CASES, *sorted(src.rglob("*.py"))]]


@pytest.mark.parametrize("fact", sorted(prefilter._TEXT_LITERALS))
def test_every_text_fact_match_holds_one_of_its_words(fact: str) -> None:
    # the file-level test (any word in the file) must never skip a file the pattern would match
    pattern = dict(prefilter._TEXT_FACTS)[fact]
    words = prefilter._TEXT_LITERALS[fact]
    samples = [
        b"LOGGING = {}", b"logging.config.dictConfig(x)", b"import ddtrace", b"DD_ENV", b"newrelic.agent",
        b"SCOUT_KEY", b"scout_apm", b"INSTALLED_APPS = []", b"NEW_RELIC_LICENSE_KEY", b"SENTRY_AUTH_TOKEN",
        b"DATADOG_HOST", b"datadog", b"import sentry_sdk", b"capture_exception(e)", b"ignore_logger('x')",
        b"DjangoIntegration()", b"SENTRY_DSN", b"dsn=", b"Dsn", b"dSn", b"serializer_class = S",
        b"def get_queryset(self):", b"def list(self, request):", b"def get_serializer(self)",
        b"def filter_queryset(self, qs)", b"def paginate_queryset(self, qs)", b"def initial(self)",
        b"class A(admin.ModelAdmin):", b"list_display = ()", b"admin.site.register(Book)", b"register(x)",
    ]
    matched = 0
    for text in samples + _python_sources():
        for match in pattern.finditer(text):
            matched += 1
            assert any(word in match.group(0) for word in words), (fact, match.group(0))
    assert matched > 0


@pytest.mark.parametrize(
    "source, kept",
    [
        # a data table whose strings spell "DSN" (netbox's IATA airport codes): no Sentry fact
        (b"AIRPORTS = [\n    ('DSN', 'DSN (Ordos)'),\n    ('LHR', 'LHR (London)'),\n]\n", False),
        (b"def connect(dsn):\n    return dsn.split(';')\n", False),
        # near misses: a DSN literal, or a file naming Sentry
        (b"SENTRY_DSN = 'https://abc@o1.ingest.sentry.io/42'\n", True),
        (b"CONFIG = {'dsn': 'https://abc@o1.ingest.sentry.io/42'}\n", True),
        (b"try:\n    from sentry_sdk import init\nexcept ImportError:\n    init = None\n\n\ndef setup():\n    init(dsn=DSN)\n", True),
    ],
)
def test_the_word_dsn_is_a_sentry_fact_only_where_a_dsn_may_be(source: bytes, kept: bool) -> None:
    decision = prefilter.plan(ast.parse(source), source, {prefilter.SENTRY})
    assert decision.skip is not kept


def test_the_scan_measures_the_depth_parsing_checks() -> None:
    # the scan skips expression contexts and operators, leaves of CPython's tree: one level short at most
    from loglint.parsing import _ast_depth

    deep = b"x = " + b"(" * 120 + b"-a" + b")" * 120 + b"\nclass C:\n    def m(self):\n        return [[[1]]]\n"
    for data in [deep, *_python_sources()]:
        tree = ast.parse(data)
        infos = [prefilter._scan(s, {} if isinstance(s, ast.ClassDef) else None) for s in tree.body]
        scanned = 1 + max((info.depth for info in infos), default=0)
        assert scanned <= _ast_depth(tree) <= scanned + 1


def test_a_rule_without_its_facts_in_the_file_is_not_run() -> None:
    # The gate's premise, per rule: a rule fires only in a file with one of its candidate facts. The
    # engine runs each file's rules accordingly (the APM rule below would report on every module).
    import libcst as cst

    from loglint.rule import Rule

    ran: list[str] = []

    class _Probe(Rule):
        name = "probe"
        message = "probe"

        def visit_Module(self, node: cst.Module) -> None:
            ran.append(self.code)
            self.report(node)

    class LogProbe(_Probe):
        code = "LL998"
        candidates = frozenset({prefilter.LOG})

    class ApmProbe(_Probe):
        code = "LL999"
        candidates = frozenset({prefilter.APM})

    src = b"import logging\nlogging.getLogger(__name__).info('x')\n"
    for gate in ("file", "statements"):
        ran.clear()
        result = check_source("app/m.py", src, [LogProbe, ApmProbe], default_config(), gate=gate)
        assert ran == ["LL998"] and [f.code for f in result.findings] == ["LL998"]
        assert result.parsed is not None and result.parsed.facts == frozenset({prefilter.LOG})
    ran.clear()
    assert [f.code for f in check_source("app/m.py", src, [LogProbe, ApmProbe], default_config()).findings] == [
        "LL998", "LL999"
    ]  # without the gate every rule runs
