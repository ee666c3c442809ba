"""A read-only, iterative traversal of LibCST trees that calls visitors exactly as LibCST would.

LibCST's `visit_batched` (and `node.visit(visitor)`) rebuilds every node of the tree through
`_visit_and_replace_children`, looks up `visit_<Type>`/`leave_<Type>` by string for every node, and
calls `on_visit_attribute`/`on_leave_attribute` around every field: about half of a cold run. This module
walks the same tree with an explicit stack (no recursion limit) and the same call sequence:

- the children of a node, field by field, in the order of the node's `_visit_and_replace_children`
  (read once per class from LibCST's source: it differs from the dataclass field order, e.g. a
  `FunctionDef` visits its decorators before its name), a sequence's items in order;
- per node: every visitor's `visit_<Type>` in visitor order, the children, every `leave_<Type>`;
- `visit_<Type>_<field>`/`leave_<Type>_<field>` around that field's children (also when the field is
  None or a `MaybeSentinel`, as LibCST does; not for a conditional field LibCST skips when None);
- batched (`run_batched`): a `visit_<Type>` return value is ignored (LibCST's batched visitor always
  visits the children); single (`walk`, like `node.visit(visitor)`): False skips the children, the
  `leave_<Type>` still runs.

What LibCST visits but no visitor can see is skipped: a field whose possible node types (from the
node's type hints) can hold no node with a hook, e.g. the whitespace and parentheses of most nodes.

Classes whose `_visit_and_replace_children` does not have the expected shape (a future LibCST) are
walked through that method itself with a recording visitor: slower, still exact.

`LOGLINT_DISPATCH=libcst` makes the engine use LibCST's `visit_batched` instead (the differential test
compares both).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import linecache
import textwrap
import threading
import traceback
import typing
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import libcst as cst
from libcst._nodes.base import CSTNode

# Field kinds, from the LibCST helper that visits the field.
REQUIRED, OPTIONAL, SEQUENCE, ANY = 0, 1, 2, 3
_HELPERS = {
    "visit_required": REQUIRED,
    "visit_optional": OPTIONAL,
    "visit_sentinel": OPTIONAL,
    "visit_sequence": SEQUENCE,
    "visit_iterable": SEQUENCE,
    "visit_body_sequence": SEQUENCE,
    "visit_body_iterable": SEQUENCE,
}

_lock = threading.Lock()
_classes: Optional[dict[str, type]] = None
_fields: dict[type, Optional[tuple[tuple[str, int, bool], ...]]] = {}
_reach: Optional[dict[type, frozenset[type]]] = None
_plans: dict[tuple[type, ...], "_Plan"] = {}
_field_types: dict[tuple[type, str], Optional[frozenset[type]]] = {}
_hints: dict[type, dict[str, Any]] = {}
_below: dict[type, frozenset[type]] = {}


def node_classes() -> dict[str, type]:
    """The concrete node classes LibCST exports, by name (names are unique; LibCST dispatches by them)."""
    global _classes
    if _classes is None:
        found = {}
        for name in dir(cst):
            value = getattr(cst, name)
            # `in __mro__`, not issubclass: an ABC subclass check of an unrelated class walks every
            # subclass of CSTNode (seconds for LibCST's namespace)
            if isinstance(value, type) and CSTNode in value.__mro__ and not inspect.isabstract(value):
                found[value.__name__] = value
        _classes = found
    return _classes


def fields_of(cls: type) -> Optional[tuple[tuple[str, int, bool], ...]]:
    """(field, kind, conditional) in the order `cls._visit_and_replace_children` visits them; None when
    its source does not have the expected shape. `conditional`: LibCST visits the field only when it is
    not None (no attribute hooks either)."""
    try:
        return _fields[cls]
    except KeyError:
        pass
    with _lock:
        if cls not in _fields:
            _fields[cls] = _read_fields(cls)
    return _fields[cls]


def _parsed_function(function: Any) -> ast.AST:
    """A function's tree, from the lines its code spans (`inspect.getsource` tokenizes: slower)."""
    code = function.__code__
    lines = linecache.getlines(code.co_filename)
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    try:
        return ast.parse(textwrap.dedent("".join(lines[code.co_firstlineno - 1 : last]))).body[0]
    except (SyntaxError, IndexError):
        return ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]


def _read_fields(cls: type) -> Optional[tuple[tuple[str, int, bool], ...]]:
    try:
        function = _parsed_function(cls._visit_and_replace_children)
    except (OSError, TypeError, SyntaxError, IndexError, AttributeError):
        return None
    if not isinstance(function, ast.FunctionDef) or len(function.args.args) != 2:
        return None
    visitor = function.args.args[1].arg
    found: list[tuple[int, int, str, int, bool]] = []
    helper_calls: set[int] = set()
    conditional_calls: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.IfExp):
            for inner in ast.walk(node):
                conditional_calls.add(id(inner))
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        kind = _HELPERS.get(node.func.id)
        if kind is None:
            continue
        args = node.args
        if (
            len(args) != 4
            or node.keywords
            or not (isinstance(args[0], ast.Name) and args[0].id == "self")
            or not (isinstance(args[1], ast.Constant) and isinstance(args[1].value, str))
            or not (isinstance(args[3], ast.Name) and args[3].id == visitor)
        ):
            return None
        helper_calls.add(id(args[3]))
        found.append((node.lineno, node.col_offset, args[1].value, kind, id(node) in conditional_calls))
    # The visitor must reach the children only through those helpers.
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == visitor and id(node) not in helper_calls:
            if not isinstance(node.ctx, ast.Param):
                return None
    found.sort()
    fields: list[tuple[str, int, bool]] = []
    for _, _, name, kind, conditional in found:
        if fields and fields[-1][0] == name:  # `names` of ImportFrom: required or a sequence
            previous = fields[-1]
            fields[-1] = (name, previous[1] if previous[1] == kind else ANY, previous[2] and conditional)
            continue
        if any(name == seen for seen, _, _ in fields):
            return None
        fields.append((name, kind, conditional))
    # `conditional` only when every visit of the field is under a conditional expression whose other
    # branch visits nothing (format_spec): ImportFrom's `names` is visited by both branches.
    result = []
    for name, kind, conditional in fields:
        if conditional and kind == ANY:
            conditional = False
        result.append((name, kind, conditional))
    return tuple(result)


# -- which node types a field can hold, transitively ----------------------------------------------


def _expand(hint: Any, classes: Sequence[type]) -> Optional[set[type]]:
    """The concrete node classes a type hint admits; None when it cannot tell (then: any)."""
    if hint is None or hint is type(None):
        return set()
    origin = typing.get_origin(hint)
    if origin is not None:
        if origin is typing.Literal or origin is typing.ClassVar:
            return set()
        out: set[type] = set()
        for arg in typing.get_args(hint):
            if arg is Ellipsis:
                continue
            found = _expand(arg, classes)
            if found is None:
                return None
            out |= found
        return out
    if isinstance(hint, type):
        if CSTNode in hint.__mro__:
            if hint not in _below:
                _below[hint] = frozenset(cls for cls in classes if hint in cls.__mro__)
            return set(_below[hint])
        if any(base in hint.__mro__ for base in (str, bytes, bool, int, float, cst.MaybeSentinel)):
            return set()
    return None


def _dataclass_fields(cls: type) -> list[str]:
    return [field.name for field in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []


def reach() -> dict[type, frozenset[type]]:
    """For each node class, the node classes that can appear anywhere below it."""
    global _reach
    if _reach is not None:
        return _reach
    classes = list(node_classes().values())
    everything = frozenset(classes)
    direct: dict[type, frozenset[type]] = {}
    for cls in classes:
        below: set[type] = set()
        for name in _dataclass_fields(cls):  # a superset of the visited fields, in no order
            found = field_types(cls, name)
            below |= everything if found is None else found
        direct[cls] = frozenset(below)
    closure: dict[type, frozenset[type]] = {}
    for cls in classes:
        seen: set[type] = set()
        stack = list(direct[cls])
        while stack:
            item = stack.pop()
            if item in seen:
                continue
            seen.add(item)
            if item in closure:
                seen |= closure[item]
                continue
            stack.extend(direct.get(item, everything))
        closure[cls] = frozenset(seen)
    _reach = closure
    return closure


def field_types(cls: type, name: str) -> Optional[frozenset[type]]:
    """The node classes field `name` of `cls` can hold directly (None: unknown)."""
    key = (cls, name)
    if key not in _field_types:
        if cls not in _hints:
            try:
                _hints[cls] = typing.get_type_hints(cls)
            except Exception:  # noqa: BLE001 - unreadable hints: unknown
                _hints[cls] = {}
        hints = _hints[cls]
        found = _expand(hints[name], list(node_classes().values())) if name in hints else None
        _field_types[key] = None if found is None else frozenset(found)
    return _field_types[key]


# -- the hooks of a set of visitor classes -----------------------------------------------------------


def hook_names(cls: type) -> tuple[str, ...]:
    """The `visit_*`/`leave_*` methods a visitor class defines, LibCST's no-op stubs excluded (read from
    the classes' own dictionaries: `dir()` and `getattr` on the ~1,600 stub names cost milliseconds a
    class)."""
    mro = cls.__mro__
    found: list[str] = []
    for position, klass in enumerate(mro):
        for name in _own_hooks(klass):
            if any(name in vars(earlier) for earlier in mro[:position]):
                continue  # an earlier class decides (it may define a stub)
            value = getattr(cls, name)
            if callable(value) and not getattr(value, "_is_no_op", False):
                found.append(name)
    return tuple(sorted(found))


_own: dict[type, tuple[str, ...]] = {}


def _own_hooks(klass: type) -> tuple[str, ...]:
    """The hook names a class's own dictionary defines, other than no-op stubs."""
    names = _own.get(klass)
    if names is None:
        names = _own[klass] = tuple(
            name
            for name, raw in vars(klass).items()
            if name.startswith(("visit_", "leave_")) and not getattr(raw, "_is_no_op", False)
        )
    return names


class _Plan:
    """What a set of visitor classes needs, per node class: computed once per set and process."""

    def __init__(self, visitor_classes: tuple[type, ...], names: Sequence[Sequence[str]]) -> None:
        classes = node_classes()
        # name of node class -> [(visitor index, method name)] for visit / leave; (class, field) -> ...
        self.visit: dict[str, list[tuple[int, str]]] = {}
        self.leave: dict[str, list[tuple[int, str]]] = {}
        self.attr_visit: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self.attr_leave: dict[tuple[str, str], list[tuple[int, str]]] = {}
        hooked: set[type] = set()
        for index, methods in enumerate(names):
            for method in methods:
                prefix, _, rest = method.partition("_")
                type_name, _, field = rest.partition("_")
                if field:
                    table = self.attr_visit if prefix == "visit" else self.attr_leave
                    table.setdefault((type_name, field), []).append((index, method))
                else:
                    table = self.visit if prefix == "visit" else self.leave
                    table.setdefault(type_name, []).append((index, method))
                if type_name in classes:  # other names never fire on a tree LibCST parsed
                    hooked.add(classes[type_name])
        below = reach()
        self.needed = frozenset(cls for cls in classes.values() if cls in hooked or below[cls] & hooked)
        self.hooked = frozenset(hooked)
        self.static: dict[type, tuple] = {}

    def fields(self, cls: type) -> Optional[tuple[tuple[str, int, bool, bool], ...]]:
        """The fields of `cls` to walk, in visit order: (name, kind, conditional, has attribute hooks).
        None: walk through LibCST itself (unknown class or shape)."""
        try:
            return self.static[cls]
        except KeyError:
            pass
        spec = fields_of(cls) if node_classes().get(cls.__name__) is cls else None
        if spec is None:
            result = None
        elif cls not in self.needed:
            result = ()
        else:
            kept = []
            for name, kind, conditional in spec:
                hooks = (cls.__name__, name) in self.attr_visit or (cls.__name__, name) in self.attr_leave
                types = field_types(cls, name)
                if hooks or types is None or types & self.needed:
                    kept.append((name, kind, conditional, hooks))
            result = tuple(kept)
        self.static[cls] = result
        return result


def _plan_for(visitors: Sequence[Any]) -> _Plan:
    key = tuple(type(v) for v in visitors)
    plan = _plans.get(key)
    if plan is None:
        with _lock:
            plan = _plans.get(key)
        if plan is None:
            plan = _Plan(key, [hook_names(cls) for cls in key])
            with _lock:
                _plans[key] = plan
    return plan


# -- the walk ---------------------------------------------------------------------------------------

_LEAVE, _ATTR_VISIT, _ATTR_LEAVE = 0, 1, 2


class _Recorder(cst.CSTVisitor):
    """The exact event sequence of one node's `_visit_and_replace_children` (the slow, safe path)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[int, Any]] = []

    def on_visit(self, node: CSTNode) -> bool:
        self.events.append((0, node))
        return False

    def on_leave(self, original_node: CSTNode) -> None:
        pass

    def on_visit_attribute(self, node: CSTNode, attribute: str) -> None:
        self.events.append((1, attribute))

    def on_leave_attribute(self, original_node: CSTNode, attribute: str) -> None:
        self.events.append((2, attribute))


class Walker:
    """One traversal of one tree by `visitors` (instances), in order.

    `guards[i]`: for a guarded visitor, the code its errors are reported under (a hook that raises is
    recorded in `errors` and that visitor is silent for the rest of the walk, while the others go on);
    None: exceptions propagate. `batched`: ignore `visit_*` return values (LibCST's `visit_batched`);
    otherwise there is one visitor and a False return skips the children (`node.visit(visitor)`).
    """

    def __init__(
        self,
        visitors: Sequence[Any],
        guards: Optional[Sequence[Optional[str]]] = None,
        errors: Optional[list[tuple[str, str]]] = None,
        batched: bool = True,
    ) -> None:
        self.visitors = list(visitors)
        self.guards = list(guards) if guards is not None else [None] * len(self.visitors)
        self.errors = errors if errors is not None else []
        self.batched = batched
        self.plan = _plan_for(self.visitors)
        self.index = {id(visitor): i for i, visitor in enumerate(self.visitors)}
        self.dead: set[int] = set()
        self.table: dict[type, tuple] = {}

    def _bind(self, hooks: Optional[list[tuple[int, str]]]) -> tuple:
        if not hooks:
            return ()
        return tuple(getattr(self.visitors[i], name) for i, name in hooks if i not in self.dead)

    def _owner(self, fn: Callable) -> Optional[int]:
        return self.index.get(id(getattr(fn, "__self__", None)))

    def _entry(self, cls: type) -> tuple:
        """(visit hooks, leave hooks, fields) for `cls`, bound to the live visitors; fields reversed, as
        (name, kind, conditional, has attribute hooks), or None for the slow path."""
        plan = self.plan
        fields = plan.fields(cls)
        entry = (
            self._bind(plan.visit.get(cls.__name__)),
            self._bind(plan.leave.get(cls.__name__)),
            None if fields is None else tuple(reversed(fields)),
        )
        self.table[cls] = entry
        return entry

    def _call_deferred(self, what: int, node: CSTNode, field: Optional[str]) -> None:
        """A leave or attribute hook, bound when it is due (a visitor may have died since)."""
        if what == _LEAVE:
            hooks = (self.table.get(node.__class__) or self._entry(node.__class__))[1]
        else:
            table = self.plan.attr_leave if what == _ATTR_LEAVE else self.plan.attr_visit
            hooks = self._bind(table.get((node.__class__.__name__, field)))  # type: ignore[arg-type]
        for fn in hooks:
            try:
                fn(node)
            except Exception as exc:  # noqa: BLE001 - see _failed
                self._failed(hooks, fn, node, exc)
                break

    def _failed(self, hooks: tuple, fn: Callable, node: CSTNode, exc: Exception) -> Any:
        """A hook raised: record it (or re-raise for an unguarded visitor), silence its visitor, run the
        hooks after it; returns what the last one returned (for the single-visitor mode)."""
        index = self._owner(fn)
        code = self.guards[index] if index is not None else None
        if code is None:
            raise exc
        if isinstance(exc, RecursionError):
            self.errors.append((code, "recursion limit reached on this file"))
        else:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.errors.append((code, f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"))
        self.dead.add(index)  # type: ignore[arg-type]
        self.table.clear()  # bound again lazily, without the dead visitor's hooks
        position = next(i for i, hook in enumerate(hooks) if hook is fn)
        result = None
        for later in hooks[position + 1 :]:
            if self._owner(later) in self.dead:
                continue
            try:
                result = later(node)
            except Exception as inner:  # noqa: BLE001 - the same handling, one hook at a time
                self._failed((later,), later, node, inner)
        return result

    def run(self, root: CSTNode) -> None:
        table = self.table
        entry_for = self._entry
        deferred = self._call_deferred
        batched = self.batched
        default = cst.MaybeSentinel.DEFAULT
        stack: list[Any] = [root]
        pop = stack.pop
        push = stack.append
        extend = stack.extend
        while stack:
            node = pop()
            if node.__class__ is tuple:
                deferred(*node)
                continue
            entry = table.get(node.__class__)
            if entry is None:
                entry = entry_for(node.__class__)
            visits, leaves, fields = entry
            if visits:
                skip = False
                for fn in visits:
                    try:
                        result = fn(node)
                    except Exception as exc:  # noqa: BLE001 - see _failed
                        result = self._failed(visits, fn, node, exc)
                        skip = result is False and not batched
                        break
                    if result is False and not batched:
                        skip = True
                if skip:
                    if leaves:
                        push((_LEAVE, node, None))
                    continue
            if leaves:
                push((_LEAVE, node, None))
            if fields is None:
                self._push_slow(node, push)
                continue
            for name, kind, conditional, hooks in fields:
                value = getattr(node, name)
                if hooks:
                    if conditional and value is None:
                        continue
                    push((_ATTR_LEAVE, node, name))
                    if isinstance(value, CSTNode):
                        push(value)
                    elif value is not None and value is not default:
                        extend(reversed(value))
                    push((_ATTR_VISIT, node, name))
                elif kind == SEQUENCE:
                    if value:
                        extend(reversed(value))
                elif kind == REQUIRED:
                    push(value)
                elif kind == OPTIONAL:
                    if value is not None and value is not default:
                        push(value)
                elif isinstance(value, CSTNode):
                    push(value)
                elif value is not None and value is not default:
                    extend(reversed(value))

    def _push_slow(self, node: CSTNode, push: Callable[[Any], None]) -> None:
        recorder = _Recorder()
        node._visit_and_replace_children(recorder)
        for what, value in reversed(recorder.events):
            if what == 0:
                push(value)
            else:
                push((_ATTR_VISIT if what == 1 else _ATTR_LEAVE, node, value))


def run_batched(
    root: CSTNode,
    visitors: Sequence[Any],
    guards: Optional[Sequence[Optional[str]]] = None,
    errors: Optional[list[tuple[str, str]]] = None,
) -> None:
    """Like LibCST's `visit_batched(root, visitors)` (metadata is the caller's business)."""
    Walker(visitors, guards, errors, batched=True).run(root)


def walk(root: CSTNode, visitor: cst.CSTVisitor) -> None:
    """Like `root.visit(visitor)` for a read-only `CSTVisitor` that only defines `visit_*`/`leave_*`
    methods (no `on_visit` override): False from a `visit_*` skips the node's children."""
    Walker([visitor], batched=False).run(root)
