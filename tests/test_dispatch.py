"""Our traversal (`dispatch.py`) against LibCST's own, call for call.

The strongest check: visitors that record every hook call (hook name and node identity) run once through
`dispatch.run_batched` and once through LibCST's `visit_batched` (and `dispatch.walk` against
`node.visit`), and the two sequences must be equal, on every fixture file, on hypothesmith's programs
and on hand-written odd shapes. Three sets of hooks:

- the hooks of the real rule set (every rule, plus the engine's trackers): what the engine needs,
  including the pruning of fields no hook can see;
- every `visit_<Type>`/`leave_<Type>` and every `visit_<Type>_<field>`/`leave_<Type>_<field>`: the full
  order, attribute hooks of None/sentinel/empty fields included;
- the real hook set with some `visit_*` returning False (ignored by batched traversals, honoured by
  single-visitor walks).

Then the engine itself, with `LOGLINT_DISPATCH=libcst` as the reference: the same findings and the same
internal errors, also when a rule raises in the middle of a file.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from harness import default_config
from loglint import dispatch, engine
from loglint.parsing import run_deep
from loglint.registry import all_rules
from loglint.rule import Rule

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.py"))
RULES = tuple(all_rules())
LONG = int(os.environ.get("LOGLINT_FUZZ_EXAMPLES", "0"))
CONFIG = default_config()
run_deep(lambda: None)  # raise the recursion limit before Hypothesis records it

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

ODD_SHAPES = [
    # format_spec: None (no attribute hooks in LibCST) and nested
    "x = f'{a}{b!r:>{width}}{c=}'\n",
    # ImportFrom names: ImportStar (a node) or a sequence; relative dots
    "from .. import *\nfrom ...a.b import (c as d, e,)\nimport a.b as c, d\n",
    # decorators before the name; type parameters; async
    "@dec\n@dec2(x)\nasync def f[T: int, *Ts, **P](a, /, b=1, *c, d: int = 2, **e) -> T:\n    return await a\n",
    "class C[T](B, metaclass=M):\n    x: int = 1\n    def m(self): ...\n",
    # statements with optional parts
    "try:\n    pass\nexcept* (A, B) as e:\n    raise\nelse:\n    pass\nfinally:\n    pass\n",
    "for x in y:\n    continue\nelse:\n    break\nwhile x:\n    pass\nelse:\n    pass\n",
    "with (a as b, c):\n    del a, b\nif a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
    "match p:\n    case [1, *rest] | {'k': v, **kw} if v:\n        pass\n    case C(a, b=c) as d:\n        pass\n    case _:\n        pass\n",
    "type X[T] = list[T]\nglobal g\nnonlocal_ = lambda a, *, b=1: (yield from a)\n",
    # comments, blank lines, semicolons, parentheses everywhere
    "# head\n\n\n(a) = ((b));  c = [d for e in f if g for h in i]  # tail\n\n# foot\n",
    "x = {**a, 'b': c, **{d: e for d, e in f}}\ny = {a, *b}\nz = (yield)\n",
    "assert x, (\n    'message'  # comment\n    'continued'\n)\nx = a if b else c\nx = not -~a ** b @ c\n",
    "print(*a, sep='', **k)\nx[1:2, ::3, ...] = y\nx.y.z += 1\nx: 'T'\n",
]


# -- recording visitors ------------------------------------------------------------------------------


def _recorder(name: str, answer: Any = None) -> Callable:
    def hook(self, node):
        self.log.append((self.slot, name, id(node)))
        return answer

    hook.__name__ = name
    return hook


@functools.lru_cache(maxsize=None)
def spy_classes(hook_sets: tuple[tuple[str, ...], ...], false_for: frozenset[str] = frozenset()) -> list[type]:
    """One BatchableCSTVisitor class per hook set; its instances record their calls into `self.log`."""
    classes = []
    for slot, names in enumerate(hook_sets):
        methods: dict[str, Any] = {name: _recorder(name, False if name in false_for else None) for name in names}
        methods["slot"] = slot
        classes.append(type(f"Spy{slot}", (cst.BatchableCSTVisitor,), methods))
    return classes


@functools.lru_cache(maxsize=None)
def single_class(names: tuple[str, ...], false_for: frozenset[str] = frozenset()) -> type:
    (cls,) = spy_classes((names,), false_for)
    return type("SingleSpy", (cls, cst.CSTVisitor), {})


def spies(classes, log: list) -> list:
    visitors = [cls() for cls in classes]
    for visitor in visitors:
        visitor.log = log
    return visitors


def real_hook_sets() -> tuple[tuple[str, ...], ...]:
    return tuple(dispatch.hook_names(cls) for cls in (engine._Enter, *RULES, engine._Leave))


def every_hook() -> tuple[str, ...]:
    names = []
    for type_name, cls in dispatch.node_classes().items():
        names += [f"visit_{type_name}", f"leave_{type_name}"]
        for field in dataclasses.fields(cls):
            names += [f"visit_{type_name}_{field.name}", f"leave_{type_name}_{field.name}"]
    return tuple(names)


REAL = real_hook_sets()
EVERY = (every_hook(),)
FALSE_FOR = frozenset({"visit_FunctionDef", "visit_Call", "visit_ClassDef", "visit_SimpleStatementLine", "visit_If"})


def batched_calls(module: cst.Module, hook_sets, reference: bool, false_for=frozenset()) -> list:
    log: list = []
    visitors = spies(spy_classes(hook_sets, false_for), log)
    if reference:
        run_deep(lambda: cst.visit_batched(module, visitors))
    else:
        dispatch.run_batched(module, visitors)
    return log


def single_calls(module: cst.Module, names, reference: bool, false_for=frozenset()) -> list:
    log: list = []
    (visitor,) = spies([single_class(names, false_for)], log)
    if reference:
        run_deep(lambda: module.visit(visitor))
    else:
        dispatch.walk(module, visitor)
    return log


def assert_same_calls(module: cst.Module, every: bool = True) -> None:
    for hook_sets in (REAL, EVERY) if every else (REAL,):
        expected = batched_calls(module, hook_sets, reference=True)
        assert expected, "the spies saw nothing"
        assert batched_calls(module, hook_sets, reference=False) == expected
    if not every:
        return
    # visit_* returning False: batched traversals ignore it
    expected = batched_calls(module, REAL, reference=True, false_for=FALSE_FOR)
    assert batched_calls(module, REAL, reference=False, false_for=FALSE_FOR) == expected
    # single visitors honour it
    merged = tuple(sorted({name for names in REAL for name in names}))
    for names in (merged, EVERY[0]):
        for false_for in (frozenset(), FALSE_FOR):
            expected = single_calls(module, names, reference=True, false_for=false_for)
            assert single_calls(module, names, reference=False, false_for=false_for) == expected


def parse(source: str | bytes) -> cst.Module:
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    return run_deep(lambda: cst.parse_module(data))


# -- call sequences ----------------------------------------------------------------------------------


def test_fixture_files() -> None:
    """The real hook set on a sixth of the fixture files, every hook on a few (LibCST's side is slow:
    the slow tier runs all of them)."""
    for index, path in enumerate(FIXTURES[::6]):
        assert_same_calls(parse(path.read_bytes()), every=index % 10 == 0)


@pytest.mark.slow
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_every_fixture_file(path: Path) -> None:
    assert_same_calls(parse(path.read_bytes()))


@pytest.mark.parametrize("source", ODD_SHAPES)
def test_odd_shapes(source: str) -> None:
    assert_same_calls(parse(source))


GENERATED = settings(max_examples=LONG or 6, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@GENERATED
@given(hypothesmith.from_grammar())
def test_grammar_programs(source: str) -> None:
    assert_same_calls(parse(source))


@settings(GENERATED, max_examples=LONG or 3)
@given(hypothesmith.from_node())
def test_libcst_node_programs(source: str) -> None:
    assert_same_calls(parse(source))


def test_a_subtree_and_a_deep_tree() -> None:
    """A walk may start at any node; a tree deeper than the recursion limit is walked without recursion."""
    module = parse("def f():\n    return g(h(1), k=[x for x in y])\n")
    call = module.body[0].body.body[0].body[0].value
    assert single_calls(call, EVERY[0], False) == single_calls(call, EVERY[0], True)
    deep = parse("x = " + "-" * 400 + "1\n")
    log: list = []
    visitors = spies(spy_classes((("visit_Minus", "leave_UnaryOperation"),)), log)
    dispatch.run_batched(parse("x = -1\n"), visitors)  # the plan is built outside the low limit
    del log[:]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + 50)
    try:
        dispatch.run_batched(deep, visitors)
    finally:
        sys.setrecursionlimit(limit)
    assert sum(1 for _, name, _ in log if name == "visit_Minus") == 400
    assert sum(1 for _, name, _ in log if name == "leave_UnaryOperation") == 400


def test_every_class_has_a_field_order() -> None:
    """The slow path (walking through LibCST's own `_visit_and_replace_children`) is for classes of a
    future LibCST only: every class of this one is read from its source."""
    missing = [name for name, cls in dispatch.node_classes().items() if dispatch.fields_of(cls) is None]
    assert missing == []
    names = [name for name, _, _ in dispatch.fields_of(cst.FunctionDef)]
    assert names.index("decorators") < names.index("name") < names.index("params") < names.index("body")


def test_slow_path_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no field order known, the walk goes through LibCST's own method: the same calls."""
    monkeypatch.setattr(dispatch, "_fields", {cls: None for cls in dispatch.node_classes().values()})
    monkeypatch.setattr(dispatch, "_plans", {})
    for source in ODD_SHAPES[:4]:
        module = parse(source)
        assert batched_calls(module, EVERY, reference=False) == batched_calls(module, EVERY, reference=True)


def test_children_types_match_the_hints() -> None:
    """Pruning trusts the type hints of each field: every child met in the fixtures is of a class its
    field's hint admits."""
    for path in FIXTURES[::4]:
        stack: list[cst.CSTNode] = [parse(path.read_bytes())]
        while stack:
            node = stack.pop()
            cls = type(node)
            for name, _, _ in dispatch.fields_of(cls):
                value = getattr(node, name)
                children = [value] if isinstance(value, cst.CSTNode) else list(value) if isinstance(value, (tuple, list)) else []
                allowed = dispatch.field_types(cls, name)
                for child in children:
                    assert allowed is None or type(child) in allowed, (cls.__name__, name, type(child).__name__)
                    stack.append(child)


# -- the engine, both ways ---------------------------------------------------------------------------


def engine_result(path: str, data: bytes, rules, mode: str, monkeypatch: pytest.MonkeyPatch):
    if mode == "libcst":
        monkeypatch.setenv("LOGLINT_DISPATCH", "libcst")
    else:
        monkeypatch.delenv("LOGLINT_DISPATCH", raising=False)
    result = run_deep(lambda: engine.check_source(path, data, rules, CONFIG))
    findings = [(f.code, f.line, f.column, f.end_line, f.end_column, f.message) for f in result.findings]
    return findings, result.errors


def test_engine_findings_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in FIXTURES[1::6]:
        data = path.read_bytes()
        name = str(path.relative_to(ROOT))
        ours = engine_result(name, data, RULES, "ours", monkeypatch)
        assert ours == engine_result(name, data, RULES, "libcst", monkeypatch), name


class _Raises(Rule):
    """Raises on the third call it sees, and records what it saw before."""

    code = "LL999"
    name = "raises"
    message = "seen"
    candidates = None

    def __init__(self, context) -> None:
        super().__init__(context)
        self.calls = 0

    def visit_Call(self, node: cst.Call) -> None:
        self.calls += 1
        if self.calls == 3:
            raise ValueError("boom")
        self.report(node)

    def leave_Call(self, node: cst.Call) -> None:
        if self.calls >= 3:
            raise AssertionError("a dead rule must stay silent")


def test_a_rule_that_raises_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"import logging\nlogger = logging.getLogger(__name__)\n" + b"logger.info(f'{x}')\n" * 5
    rules = (*RULES, _Raises)
    ours = engine_result("app/m.py", data, rules, "ours", monkeypatch)
    reference = engine_result("app/m.py", data, rules, "libcst", monkeypatch)
    assert ours == reference
    findings, errors = ours
    assert [code for code, *_ in findings].count("LL999") == 2
    assert [code for code, _ in errors] == ["LL999"]
    assert "ValueError: boom" in errors[0][1]


def test_positions_without_the_empty_traversal() -> None:
    """`engine._positions` (the provider's own `_gen`) gives the mapping `MetadataWrapper.resolve` gives."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    for path in FIXTURES[::20]:
        module = parse(path.read_bytes())
        expected = run_deep(lambda: MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
        assert dict(run_deep(lambda: engine._positions(module, None))) == dict(expected)
