"""Generate `src/loglint/semantics/sentry_options.py`: what `sentry_sdk.init` accepts, as plain data.

Run with the sentry-sdk version to describe installed (loglint itself never imports sentry-sdk):

    python tools/gen_sentry_options.py            # rewrite the module
    python tools/gen_sentry_options.py --check    # exit 1 when the checked-in module differs

What comes from where:
- accepted options: `sentry_sdk.consts.DEFAULT_OPTIONS` (the keys `_get_options` accepts; any other
  keyword raises `TypeError: Unknown option`), and the positional `dsn`;
- `max_request_body_size` values: the tuple `Client._init_impl` checks (read from `client.py` source);
- `data_collection`: the keys `_resolve_explicit` reads and the collection modes it accepts;
- transaction styles: `TRANSACTION_STYLE_VALUES` of each integration module whose class `__init__`
  raises for another value (read from the integration sources, so that no framework needs installing);
- `_experiments` keys that became options: the keys of `consts.Experiments` that are also options, plus
  the keys the SDK warns about by name (`_experiments['profiler_mode'] is deprecated`);
- removed and deprecated options: curated below from the SDK's migration guide and its warnings; every
  entry is checked against the installed SDK (a removed option must not be accepted, its replacement
  must be; a deprecated option's warning text must still be in the source), so that regenerating for a
  newer SDK fails loudly instead of describing it wrongly.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "loglint" / "semantics" / "sentry_options.py"

# sentry-sdk 2.0 migration guide, "Removed": top-level options that now raise `Unknown option`.
REMOVED = {
    "with_locals": "include_local_variables",
    "request_bodies": "max_request_body_size",
}

# option -> (what to use instead, the text of the SDK's warning that proves the deprecation, the value
# that does not warn). None of these is a rename: the `_experiments` keys that became options are.
DEPRECATED = {
    "enable_tracing": {
        "instead": "`traces_sample_rate`",
        "evidence": "The `enable_tracing` parameter is deprecated",
        "quiet_value": None,
    },
    "propagate_traces": {
        "instead": "`trace_propagation_targets`",
        "evidence": "The `propagate_traces` parameter is deprecated",
        "quiet_value": None,
    },
    "send_default_pii": {
        "instead": "`data_collection`",
        "evidence": "The send_default_pii option is deprecated",
        "quiet_value": None,
    },
    "profiles_sample_rate": {
        "instead": "continuous profiling (`profile_session_sample_rate` with `profile_lifecycle=\"trace\"`)",
        "evidence": "Transaction-based profiling is deprecated",
        "quiet_value": 0,
    },
    "profiles_sampler": {
        "instead": "continuous profiling (`profile_session_sample_rate` with `profile_lifecycle=\"trace\"`)",
        "evidence": "Transaction-based profiling is deprecated",
        "quiet_value": None,
    },
}


def _source(module) -> str:
    return Path(module.__file__).read_text(encoding="utf-8")


def _max_request_body_sizes(client_source: str) -> tuple[str, ...]:
    for node in ast.walk(ast.parse(client_source)):
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["max_request_body_size"]
            and isinstance(node.value, ast.Tuple)
        ):
            return tuple(sorted(ast.literal_eval(node.value)))
    raise SystemExit("client.py no longer checks max_request_body_size against a tuple: update the generator")


def _dsn_schemes(utils_source: str) -> tuple[str, ...]:
    """The schemes `Dsn.__init__` accepts: the tuple in `if parts.scheme not in (...)`."""
    for node in ast.walk(ast.parse(utils_source)):
        if (
            isinstance(node, ast.Compare)
            and ast.unparse(node.left) == "parts.scheme"
            and isinstance(node.ops[0], ast.NotIn)
            and isinstance(node.comparators[0], ast.Tuple)
        ):
            return tuple(ast.literal_eval(node.comparators[0]))
    raise SystemExit("sentry_sdk.utils.Dsn no longer checks the scheme against a tuple: update the generator")


def _data_collection_keys(source: str) -> tuple[str, ...]:
    """The keys `_resolve_explicit(d)` reads from a user's `data_collection` dict (`d.get("key")`)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "_resolve_explicit":
            keys = {
                call.args[0].value
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and ast.unparse(call.func) == "d.get"
                and call.args
                and isinstance(call.args[0], ast.Constant)
            }
            return tuple(sorted(keys))
    raise SystemExit("sentry_sdk.data_collection has no _resolve_explicit any more: update the generator")


def _experiment_keys(consts_source: str) -> list[str]:
    for node in ast.walk(ast.parse(consts_source)):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "TypedDict"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == "Experiments"
        ):
            return [key.value for key in node.args[1].keys]
    raise SystemExit("sentry_sdk.consts has no Experiments TypedDict any more: update the generator")


def _transaction_styles(package: Path) -> dict[str, tuple[str, ...]]:
    """`sentry_sdk.integrations.<module>.<Class>` -> the values its `transaction_style` accepts."""
    found: dict[str, tuple[str, ...]] = {}
    bases: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package.parent.parent).with_suffix("").parts)
        if module.endswith(".__init__"):
            module = module[: -len(".__init__")]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        values = None
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
                "TRANSACTION_STYLE_VALUES"
            ]:
                values = tuple(ast.literal_eval(node.value))
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            name = f"{module}.{node.name}"
            init = next(
                (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
            )
            if init is None:
                bases[name] = [
                    imported.get(b.id, f"{module}.{b.id}") for b in node.bases if isinstance(b, ast.Name)
                ]
                continue
            params = [a.arg for a in init.args.args + init.args.kwonlyargs]
            checks = "TRANSACTION_STYLE_VALUES" in ast.unparse(init) and "raise ValueError" in ast.unparse(init)
            if values and "transaction_style" in params and checks:
                found[name] = values
    for name, parents in bases.items():  # a subclass without its own __init__ (FastApiIntegration)
        for parent in parents:
            if parent in found:
                found[name] = found[parent]
    return dict(sorted(found.items()))


def _format(value: object, indent: str = "") -> str:
    """One item per line, so that a regeneration's diff shows what the SDK changed."""
    inner = indent + "    "
    if isinstance(value, dict):
        items = "".join(f"{inner}{k!r}: {_format(v, inner)},\n" for k, v in value.items())
        return "{\n" + items + indent + "}" if value else "{}"
    if isinstance(value, list):
        items = "".join(f"{inner}{v!r},\n" for v in value)
        return "frozenset({\n" + items + indent + "})"
    if isinstance(value, tuple) and len(repr(value)) > 80:
        items = "".join(f"{inner}{v!r},\n" for v in value)
        return "(\n" + items + indent + ")"
    return repr(value)


def generate() -> str:
    import sentry_sdk
    import sentry_sdk.client
    import sentry_sdk.data_collection
    import sentry_sdk.consts
    import sentry_sdk.integrations
    import sentry_sdk.utils
    from sentry_sdk.consts import DEFAULT_OPTIONS

    options = sorted(DEFAULT_OPTIONS)
    for old, new in REMOVED.items():
        assert old not in DEFAULT_OPTIONS and new in DEFAULT_OPTIONS, (old, new)
    package = Path(sentry_sdk.__file__).parent
    everything = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    for name, entry in DEPRECATED.items():
        assert name in DEFAULT_OPTIONS, name
        assert entry["evidence"] in everything, f"the SDK no longer says {entry['evidence']!r}"
    consts_source = _source(sentry_sdk.consts)
    promoted = {key: key for key in _experiment_keys(consts_source) if key in DEFAULT_OPTIONS}
    for key in sorted(set(re.findall(r"_experiments\['(\w+)'\] is deprecated", everything))):
        assert key in DEFAULT_OPTIONS, key
        promoted[key] = key
    styles = _transaction_styles(Path(sentry_sdk.integrations.__file__).parent)
    assert "sentry_sdk.integrations.django.DjangoIntegration" in styles
    from sentry_sdk.integrations.logging import DEFAULT_EVENT_LEVEL

    data = {
        "SENTRY_SDK_VERSION": sentry_sdk.VERSION,
        "OPTIONS": options,
        "REMOVED": REMOVED,
        "DEPRECATED": {
            name: {"instead": e["instead"], "quiet_value": e["quiet_value"]}
            for name, e in DEPRECATED.items()
        },
        "EXPERIMENTS_PROMOTED": dict(sorted(promoted.items())),
        "MAX_REQUEST_BODY_SIZES": _max_request_body_sizes(_source(sentry_sdk.client)),
        "TRANSACTION_STYLES": styles,
        "DSN_SCHEMES": _dsn_schemes(_source(sentry_sdk.utils)),
        "DATA_COLLECTION_KEYS": _data_collection_keys(_source(sentry_sdk.data_collection)),
        "DATA_COLLECTION_MODES": tuple(sentry_sdk.data_collection._VALID_KEY_VALUE_COLLECTION_BEHAVIOUR_MODES),
        "LOGGING_DEFAULT_EVENT_LEVEL": DEFAULT_EVENT_LEVEL,
    }
    lines = [
        f'"""What `sentry_sdk.init` accepts, generated from sentry-sdk {sentry_sdk.VERSION} by',
        "`tools/gen_sentry_options.py` (do not edit: rerun it). Plain data: loglint never imports sentry-sdk.",
        '"""',
        "",
        "# fmt: off",
    ]
    for name, value in data.items():
        lines.append(f"{name} = {_format(value)}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the checked-in module is stale")
    args = parser.parse_args()
    text = generate()
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run tools/gen_sentry_options.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
