"""Django templates read without Django: a small tokenizer and what a template reads per row of a loop.

Stable API (for LL708):

- `tokenize(text, file)`: the `{{ }}` / `{% %}` tokens of a template (`{# #}` comments, `{% comment %}`
  and `{% verbatim %}` blocks dropped), each with its file and line. Tags do not span lines (Django's
  own lexer: `{%.*?%}` without DOTALL).
- `compose(name, load)`: the tokens Django would render for the template `name`, `load(name)` giving
  `(file, text)` or None: the `{% extends "literal" %}` chain followed (each parent's tokens with the
  child's blocks put in place of the parent's; up to 6 levels: where a child's block renders depends on
  every ancestor), `{% include "literal" [with a=b] [only] %}` inlined one level (between `push`/`pop`
  marker tokens). None when the template or a parent is not found, or a parent's name is not a literal.
- `row_reads(tokens, roots, index, str_reads)`: what the template reads per row of a loop over a context
  variable whose queryset is known (`roots`: name -> `Rows`): `Read`s of a forward relation the loaded
  set does not cover (`{{ b.author.name }}`, `{% if b.author %}`), of a related manager that is not
  prefetched (`{% for t in b.tags.all %}`, `{{ b.reviews.count }}`), and of the relations a model's
  `__str__` reads when an instance is rendered (`{{ b }}`, `{{ b.author|default:"" }}`; `str_reads`
  gives the `self.<attr>` names a model's `__str__` reads). `{% with %}` and `{% blocktranslate with %}`
  aliases, nested loops over prefetched managers, `page_obj.object_list`, `{% regroup %}` are followed.

Precision first: a name that is not a known row, a segment that is not a known field or relation (a
method, a property, a template filter with unknown effects), an unpacking `for`, a loop over a filtered
value: nothing is read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Optional, Union

from loglint.semantics.models import FK, GENERIC_RELATION, M2M, O2O, REVERSE_FK, REVERSE_M2M, REVERSE_O2O, ModelIndex, ModelInfo
from loglint.semantics.querysets import OPAQUE, LoadedSet, covers_forward, relation_chain

_TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")
_SINGLE = frozenset({FK, O2O, REVERSE_O2O})
_MANAGERS = frozenset({M2M, REVERSE_FK, REVERSE_M2M, GENERIC_RELATION})
# Filters after which the value is still rendered with str() (or returned as it is).
_STR_FILTERS = frozenset(
    {
        "default", "default_if_none", "escape", "force_escape", "safe", "upper", "lower", "title", "capfirst",
        "truncatechars", "truncatewords", "striptags", "linebreaksbr", "linebreaks", "urlize", "cut", "center",
        "ljust", "rjust", "wordwrap", "addslashes", "escapejs", "slugify", "stringformat",
    }
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "is", "as", "with", "only", "by", "reversed", "None", "True", "False"})
_VAR = re.compile(r"(?<![\w.\"'])([A-Za-z_]\w*(?:\.\w+)*)")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")


@dataclass(frozen=True)
class Token:
    kind: str  # "var", "block", "push" (an include starts: contents are its `with` bits), "pop"
    contents: str
    file: str
    line: int


def tokenize(text: str, file: str) -> list[Token]:
    tokens: list[Token] = []
    line = 1
    position = 0
    skip_until: Optional[str] = None
    for match in _TAG.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        raw = match.group(0)
        inner = raw[2:-2].strip()
        if skip_until is not None:
            if raw.startswith("{%") and inner == skip_until:
                skip_until = None
            continue
        if raw.startswith("{#"):
            continue
        if raw.startswith("{%"):
            word = inner.split(None, 1)[0] if inner else ""
            if word == "comment":
                skip_until = "endcomment"
                continue
            if word == "verbatim":
                skip_until = "end" + inner  # `{% verbatim x %}` ends at `{% endverbatim x %}`
                continue
            tokens.append(Token("block", inner, file, line))
        else:
            tokens.append(Token("var", inner, file, line))
    return tokens


def _split_bits(contents: str) -> list[str]:
    """Django's `smart_split`: whitespace-separated, quoted strings kept whole."""
    return re.findall(r"(?:[^\s\"']+|\"[^\"]*\"|'[^']*')+", contents)


def _literal(bit: str) -> Optional[str]:
    if len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "\"'":
        return bit[1:-1]
    return None


Loader = Callable[[str], Optional[tuple[str, str]]]


_MAX_EXTENDS = 6


def compose(name: str, load: Loader) -> Optional[list[Token]]:
    tokens = _extended(name, load, ())
    return _inline_includes(tokens, load) if tokens is not None else None


def _extended(name: str, load: Loader, seen: tuple[str, ...]) -> Optional[list[Token]]:
    """The template's tokens with its `{% extends %}` chain applied (block tags kept, so a child can
    still replace them); None when a template of the chain is missing or named by a variable."""
    if name in seen or len(seen) > _MAX_EXTENDS:
        return None
    found = load(name)
    if found is None:
        return None
    file, text = found
    tokens = tokenize(text, file)
    first = next((t for t in tokens if t.kind == "block" and not t.contents.startswith("load ")), None)
    if first is not None and first.contents.split(None, 1)[0] == "extends":
        bits = _split_bits(first.contents)
        parent_name = _literal(bits[1]) if len(bits) == 2 else None
        if parent_name is None:
            return None
        parent = _extended(parent_name, load, (*seen, name))
        if parent is None:
            return None
        tokens = _substitute(parent, _blocks(tokens))
    return tokens


def _block_name(token: Token) -> Optional[str]:
    if token.kind != "block":
        return None
    bits = token.contents.split()
    return bits[1] if len(bits) >= 2 and bits[0] == "block" else None


def _is_endblock(token: Token) -> bool:
    return token.kind == "block" and token.contents.split(None, 1)[0] == "endblock"


def _blocks(tokens: list[Token]) -> dict[str, list[Token]]:
    """The content of each `{% block %}` of a child template (nested blocks' tags kept inside)."""
    blocks: dict[str, list[Token]] = {}
    open_blocks: list[str] = []
    for token in tokens:
        name = _block_name(token)
        if name is not None:
            for outer in open_blocks:
                blocks[outer].append(token)
            open_blocks.append(name)
            blocks.setdefault(name, [])
            continue
        if _is_endblock(token):
            if open_blocks:
                open_blocks.pop()
            for outer in open_blocks:
                blocks[outer].append(token)
            continue
        for outer in open_blocks:
            blocks[outer].append(token)
    return blocks


def _substitute(parent: list[Token], child: dict[str, list[Token]]) -> list[Token]:
    result: list[Token] = []
    skipping = 0  # depth of blocks inside an overridden parent block
    for token in parent:
        name = _block_name(token)
        if skipping:
            if name is not None:
                skipping += 1
            elif _is_endblock(token):
                skipping -= 1
            continue
        if name is not None and name in child:
            result.append(token)
            result.extend(child[name])
            result.append(Token("block", "endblock", token.file, token.line))
            skipping = 1
            continue
        result.append(token)
    return result


def _inline_includes(tokens: list[Token], load: Loader) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        bits = _split_bits(token.contents) if token.kind == "block" else []
        if bits and bits[0] == "include" and len(bits) >= 2:
            name = _literal(bits[1])
            found = load(name) if name is not None else None
            if found is None:
                continue
            included = tokenize(found[1], found[0])
            if any(t.kind == "block" and t.contents.split(None, 1)[0] == "extends" for t in included):
                continue
            result.append(Token("push", " ".join(bits[2:]), token.file, token.line))
            result.extend(t for t in included if not (t.kind == "block" and t.contents.startswith("include ")))
            result.append(Token("pop", "", token.file, token.line))
            continue
        result.append(token)
    return result


# -- values --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """A queryset (the context variable `var`, or a prefetched manager below `base`)."""

    loaded: LoadedSet
    var: str
    base: str = ""  # the lookup path of these rows from the context queryset's rows ("" at the top)
    page: bool = False  # a paginator page: `page_obj.object_list` and iterating it give the rows


@dataclass(frozen=True)
class Row:
    loaded: LoadedSet
    model: ModelInfo
    var: str
    base: str
    path: str = ""  # the relation path from the row (covered so far)


Value = Union[Rows, Row]


@dataclass(frozen=True)
class Read:
    var: str  # the context variable whose rows are walked
    model: str  # the rows' model name
    kind: str  # "forward", "key" (`x.fk.id`), "manager", "count", "str"
    lookup: str  # the lookup path from the context rows (`author`, `tags`, `tags__owner`)
    nested: bool  # below a prefetched manager: a nested lookup
    file: str
    line: int
    text: str  # the token as written
    column: Optional[str] = None  # kind "key": the FK column that holds the key read (`author_id`)
    # kind "forward": the single-valued relations read in a row from the first one not loaded (`order`,
    # `event`, `organizer` of `item.order.event.organizer.slug`): `lookup` joins them all, one query each
    hops: tuple[str, ...] = ()


def _join(a: str, b: str) -> str:
    return f"{a}__{b}" if a else b


def _prefetch_covers(loaded: LoadedSet, path: str) -> bool:
    if path in loaded.prefetched:
        return True
    parts = path.split("__")
    return any("__".join(parts[:i] + [OPAQUE]) in loaded.prefetched for i in range(1, len(parts)))


class _Walker:
    def __init__(self, roots: dict[str, Rows], index: ModelIndex, str_reads: Callable[[ModelInfo], list[str]]) -> None:
        self.index = index
        self.str_reads = str_reads
        # frames of name -> Value | None (None: a name bound to something unknown, shadowing outer ones);
        # a frame marked `only` hides the frames below it
        self.frames: list[tuple[str, dict[str, Optional[Value]], bool]] = [("root", dict(roots), False)]
        self.reads: list[Read] = []
        self._seen: dict[tuple[str, str, str], int] = {}  # a read's key -> its place in `reads`
        self.token: Optional[Token] = None

    def lookup(self, name: str) -> Optional[Value]:
        for _kind, names, only in reversed(self.frames):
            if name in names:
                return names[name]
            if only:
                return None
        return None

    def emit(self, row: Row, kind: str, path: str, column: Optional[str] = None, further: tuple[str, ...] = ()) -> None:
        """One read per row variable, kind and first relation not loaded; `further`: the single-valued
        relations read through it (the longest chain seen is kept, so the fix joins them all)."""
        assert self.token is not None
        lookup = _join(row.base, path)
        key = (row.var, kind, lookup)
        seen = self._seen.get(key)
        if seen is not None:
            read = self.reads[seen]
            if kind == "forward" and len(further) + 1 > len(read.hops):
                self.reads[seen] = replace(read, lookup="__".join([lookup, *further]), hops=(read.hops[0], *further))
            return
        self._seen[key] = len(self.reads)
        text = "{{ %s }}" % self.token.contents if self.token.kind == "var" else "{%% %s %%}" % self.token.contents
        hops = (path.rpartition("__")[2], *further) if kind == "forward" else ()
        self.reads.append(Read(row.var, row.loaded.model.name, kind, "__".join([lookup, *further]),
                               bool(row.base), self.token.file, self.token.line, text, column, hops))

    # -- expressions ---------------------------------------------------------------------------------

    def resolve(self, expr: str) -> Optional[Value]:
        parts = expr.split(".")
        if not all(p.isidentifier() or p.isdigit() for p in parts):
            return None
        value = self.lookup(parts[0])
        return self.follow(value, parts[1:]) if value is not None else None

    def follow(self, value: Optional[Value], parts: list[str]) -> Optional[Value]:
        i = 0
        while value is not None and i < len(parts):
            seg = parts[i]
            if isinstance(value, Rows):
                if seg == "all" and not value.page:
                    i += 1
                    continue
                if seg == "object_list" and value.page:
                    value = replace(value, page=False)
                    i += 1
                    continue
                return None
            row = value
            relation = self.index.relation(row.model, seg)
            if relation is None or relation.target is None or relation.field_class.startswith("auto_prefetch."):
                return None  # a field, a method, a property: nothing known is loaded
            path = _join(row.path, seg)
            target = self.index.by_label(relation.target)
            if relation.kind in _SINGLE:
                if not (row.path == "" and seg == row.loaded.back_reference) and seg not in row.loaded.to_attrs \
                        and not covers_forward(self.index, row.loaded, path):
                    following = parts[i + 1] if i + 1 < len(parts) else None
                    key_only = following in ("id", "pk") and relation.kind == FK and relation.attname
                    if key_only:
                        self.emit(row, "key", path, relation.attname)
                    else:
                        self.emit(row, "forward", path, further=tuple(relation_chain(self.index, target, parts[i + 1 :])))
                    return None
                if target is None:
                    return None
                value = replace(row, model=target, path=path)
                i += 1
                continue
            if relation.kind not in _MANAGERS or target is None:
                return None
            following = parts[i + 1] if i + 1 < len(parts) else None
            prefetched = _prefetch_covers(row.loaded, path)
            if following in ("count", "exists"):
                if not prefetched:
                    self.emit(row, "count", path)
                return None
            if following != "all":
                return None  # the manager itself (renders its repr), `first`, ...: not followed
            if not prefetched:
                self.emit(row, "manager", path)
                return None
            nested = row.loaded.nested(path)
            if nested is None:
                return None
            selected, prefetched_below = nested
            back = relation.remote_name if relation.kind == REVERSE_FK else None
            loaded = LoadedSet(target, selected=selected, prefetched=prefetched_below, back_reference=back,
                               confidence=row.loaded.confidence)
            value = Rows(loaded, row.var, _join(row.base, path))
            i += 2
        return value

    def filter_expression(self, text: str, rendered: bool) -> Optional[Value]:
        """`var|filter:arg|...`: the variable resolved (its reads noted); with `rendered`, an instance
        rendered with str() has its `__str__` reads noted."""
        pieces = _split_filters(text)
        if not pieces:
            return None
        head, filters = pieces[0], pieces[1:]
        for piece in filters:
            _, _, arg = piece.partition(":")
            if arg and _literal(arg) is None:
                self.resolve(arg)
        if _literal(head) is not None:
            return None
        value = self.resolve(head)
        names = [f.partition(":")[0].strip() for f in filters]
        if rendered and isinstance(value, Row) and all(n in _STR_FILTERS for n in names):
            self.rendered(value)
        if names and not all(n == "slice" for n in names):
            return None
        return value

    def rendered(self, row: Row) -> None:
        for attr in self.str_reads(row.model):
            relation = self.index.relation(row.model, attr)
            if relation is None or relation.kind not in _SINGLE or relation.target is None:
                continue
            if relation.field_class.startswith("auto_prefetch."):
                continue
            path = _join(row.path, attr)
            if (row.path == "" and attr == row.loaded.back_reference) or covers_forward(self.index, row.loaded, path):
                continue
            self.emit(row, "str", path)
            return

    def reads_in(self, text: str) -> None:
        """Variables read by a tag's arguments (no rendering)."""
        for bit in _split_bits(text):
            if _literal(bit) is not None or bit in _KEYWORDS:
                continue
            _, _, value = bit.rpartition("=")
            self.filter_expression(value, rendered=False)

    def aliases(self, bits: list[str]) -> dict[str, Optional[Value]]:
        """`a=expr b=expr` or `expr as a` (`with`, `include ... with`, `blocktranslate with`)."""
        names: dict[str, Optional[Value]] = {}
        if len(bits) == 3 and bits[1] == "as":
            names[bits[2]] = self.filter_expression(bits[0], rendered=False)
            return names
        for bit in bits:
            key, eq, value = bit.partition("=")
            if eq and key.isidentifier():
                names[key] = self.filter_expression(value, rendered=False)
        return names

    # -- tags ----------------------------------------------------------------------------------------

    def walk(self, tokens: Iterable[Token]) -> list[Read]:
        for token in tokens:
            self.token = token
            if token.kind == "var":
                self.filter_expression(token.contents, rendered=True)
            elif token.kind == "push":
                bits = _split_bits(token.contents)
                only = "only" in bits
                if bits and bits[0] == "with":
                    bits = bits[1:]
                names = self.aliases([b for b in bits if b != "only"])
                self.frames.append(("include", names, only))
            elif token.kind == "pop":
                self._pop("include")
            else:
                self.tag(token)
        return self.reads

    def _pop(self, kind: str) -> None:
        for index in range(len(self.frames) - 1, 0, -1):
            if self.frames[index][0] == kind:
                del self.frames[index:]
                return

    def tag(self, token: Token) -> None:
        bits = _split_bits(token.contents)
        if not bits:
            return
        word = bits[0]
        if word == "for":
            self.for_tag(bits)
        elif word == "endfor":
            self._pop("for")
        elif word == "with":
            self.frames.append(("with", self.aliases(bits[1:]), False))
        elif word == "endwith":
            self._pop("with")
        elif word in ("blocktrans", "blocktranslate"):
            rest = bits[1:]
            names: dict[str, Optional[Value]] = {}
            if "with" in rest or "count" in rest:
                names = self.aliases([b for b in rest if b not in ("with", "count", "trimmed", "asvar", "context")])
            self.frames.append(("blocktrans", names, False))
        elif word in ("endblocktrans", "endblocktranslate"):
            self._pop("blocktrans")
        elif word == "regroup":
            self.regroup(bits)
        elif word in ("load", "extends", "include", "block", "endblock", "empty", "csrf_token", "trans",
                      "translate", "plural", "static", "else", "endif", "now", "spaceless", "endspaceless",
                      "autoescape", "endautoescape", "templatetag", "widthratio", "lorem"):
            return
        else:
            self.reads_in(" ".join(bits[1:]) if "as" not in bits[1:] else " ".join(bits[1:bits.index("as")]))

    def for_tag(self, bits: list[str]) -> None:
        # {% for x in expr [reversed] %}
        names: dict[str, Optional[Value]] = {}
        if "in" in bits:
            position = bits.index("in")
            targets = [t for part in bits[1:position] for t in part.split(",") if t]
            source = bits[position + 1] if position + 1 < len(bits) else ""
            value = self.filter_expression(source, rendered=False) if source else None
            for target in targets:
                names[target] = None
            if len(targets) == 1 and isinstance(value, Rows) and value.loaded.instances and not value.loaded.single:
                names[targets[0]] = Row(value.loaded, value.loaded.model, value.var, value.base)
        self.frames.append(("for", names, False))

    def regroup(self, bits: list[str]) -> None:
        # {% regroup rows by attr.path as groups %}: `attr.path` is read on every row
        if len(bits) != 6 or bits[2] != "by" or bits[4] != "as":
            return
        value = self.filter_expression(bits[1], rendered=False)
        if isinstance(value, Rows) and value.loaded.instances and not value.loaded.single:
            parts = bits[3].split(".")
            if all(p.isidentifier() for p in parts):
                self.follow(Row(value.loaded, value.loaded.model, value.var, value.base), parts)
        self.frames[-1][1][bits[5]] = None  # the groups: not followed


def _split_filters(text: str) -> list[str]:
    """`a.b|f:"x|y"|g` -> ["a.b", 'f:"x|y"', "g"] (quotes kept whole)."""
    pieces: list[str] = []
    current = ""
    quote = ""
    for char in text.strip():
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current += char
        elif char == "|":
            pieces.append(current.strip())
            current = ""
        else:
            current += char
    pieces.append(current.strip())
    return [p for p in pieces if p] if pieces and pieces[0] else []


def row_reads(
    tokens: Iterable[Token], roots: dict[str, Rows], index: ModelIndex, str_reads: Callable[[ModelInfo], list[str]]
) -> list[Read]:
    return _Walker(roots, index, str_reads).walk(tokens)


__all__ = ["Read", "Row", "Rows", "Token", "compose", "row_reads", "tokenize"]
