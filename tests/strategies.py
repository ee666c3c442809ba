"""Hypothesis strategies that build logging-shaped Python programs (hypothesmith's grammar-driven programs
almost never contain a log call, a `print`, an `except` clause that logs or a LOGGING dict).

- `logging_programs()`: whole modules for the fuzz tests: imports and loggers under several spellings, log
  calls whose message is an f-string, a `%` expression, a `.format()` call, a concatenation or a template
  with arguments, prints, try/except blocks, LOGGING dicts and `dictConfig` calls, nested in functions,
  classes and `if` blocks; paired with a file name (Django file kinds switch rules on and off).
- `value_exprs()`, `format_specs()`, `percent_specs()`: the pieces of the executable fix audit
  (test_fix_audit.py): source text of values of many types and of format specs, including ones that raise.
"""

from __future__ import annotations

from hypothesis import strategies as st

# -- text inside string literals ----------------------------------------------------------------------

_CHARS = list("ab xyz%{}()sdr-_.:!=*<>^#0123'\"\\\t") + ["\n", "é", "€", "\u200b", "😀"]
literal_text = st.text(alphabet=st.sampled_from(_CHARS), max_size=10)


def str_literal(text: str) -> str:
    return repr(text)


def fstring_literal_part(text: str, quote: str = '"') -> str:
    """`text` as the literal part of an f-string delimited by `quote` (braces doubled, escapes written)."""
    body = repr(text)[1:-1]  # escapes with repr's choice of quote
    if repr(text)[0] != quote:
        body = body.replace("\\'", "'").replace(quote, "\\" + quote)
    return body.replace("{", "{{").replace("}", "}}")


# -- values -----------------------------------------------------------------------------------------

NAMES = ("v0", "v1", "v2", "v3")


def value_exprs() -> st.SearchStrategy[str]:
    """Source text of a value: ints, floats (nan, inf, -0.0), text with `%` and braces, None, booleans,
    tuples (empty, one, several), lists, dicts (empty and not), objects whose str and repr differ, a
    Decimal."""
    scalar = st.one_of(
        st.integers(-10**6, 10**6).map(repr),
        st.integers(-(2**70), 2**70).map(repr),
        st.floats(allow_nan=True, allow_infinity=True).map(lambda f: f"float({repr(f)!r})"),
        literal_text.map(str_literal),
        st.sampled_from(["None", "True", "False", "Obj()", "Decimal('1.50')", "b'by%s{}'", "3+4j"]),
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "(" + "".join(x + ", " for x in xs) + ")"),
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.dictionaries(st.sampled_from(["'k'", "'a'", "'%s'"]), inner, max_size=2).map(
                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=4,
    )


def number_literals() -> st.SearchStrategy[str]:
    """Numbers written inline, where a fix may know the value is a number (printf specs)."""
    return st.one_of(
        st.integers(-1000, 10**6).map(repr),
        st.floats(-1e6, 1e6, allow_nan=False).map(repr),
        st.sampled_from(["True", "0", "-0.0", "1e300", "255"]),
    )


# Format spec grammar: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
def format_specs() -> st.SearchStrategy[str]:
    return st.builds(
        lambda fill, align, sign, alt, zero, width, group, prec, kind: (
            (fill + align if align else "") + sign + alt + zero + width + group + prec + kind
        ),
        st.sampled_from(["", "*", "0", " ", "%"]),
        st.sampled_from(["", "<", ">", "^", "="]),
        st.sampled_from(["", "+", "-", " "]),
        st.sampled_from(["", "#"]),
        st.sampled_from(["", "0"]),
        st.sampled_from(["", "1", "5", "12"]),
        st.sampled_from(["", ",", "_"]),
        st.sampled_from(["", ".0", ".2", ".10"]),
        st.sampled_from(["", "s", "d", "f", "F", "e", "E", "g", "G", "x", "X", "o", "b", "c", "n", "%", "r"]),
    )


def percent_specs() -> st.SearchStrategy[str]:
    """printf-style conversions `%[flags][width][.precision]type`, some invalid on purpose."""
    return st.builds(
        lambda flags, width, prec, kind: "%" + flags + width + prec + kind,
        st.sampled_from(["", "-", "0", "+", " ", "#", "-0"]),
        st.sampled_from(["", "3", "8"]),
        st.sampled_from(["", ".0", ".2"]),
        st.sampled_from(["s", "r", "a", "d", "i", "f", "e", "g", "x", "o", "c", "%"]),
    )


# -- whole logging-shaped modules ---------------------------------------------------------------------

HEADERS = (
    "import logging\nlogger = logging.getLogger(__name__)\n",
    "import logging as lg\nlog = lg.getLogger('app')\nlogger = log\n",
    "from logging import getLogger\nlogger = getLogger(__name__)\nimport logging\n",
    "import logging\nimport logging.config\nlogger = logging.getLogger()\n",
    "import logging, sys, pprint, traceback\nlogger = logging.getLogger(__name__)\n",
    "import logging\nclass Service:\n    logger = logging.getLogger('svc')\nlogger = Service.logger\n",
    "import structlog\nimport logging\nlogger = structlog.get_logger()\n",
    "",
)
RECEIVERS = ("logger", "logging", "log", "self.logger", "lg", "logging.getLogger(__name__)", "obj")
METHODS = ("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log")
EXPRS = (
    "x", "user", "n", "obj.attr", "items[0]", "f(x)", "data['k']", "self.name", "len(items)", "x + 1", "None", "e",
    "(y := x)", "[i for i in items]", "lambda: x", "x if n else user", "*args", "await g()", "(yield x)",
    "b'by%s'", "'%s' % x", "f'{x}'", "{**data}", "-n", "not x", "x.y.z()", "é_name", "(x, n)",
)
FILENAMES = (
    "app/module.py",
    "app/views.py",
    "app/management/commands/run.py",
    "settings.py",
    "proj/settings/production.py",
    "app/tests/test_x.py",
    "manage.py",
)


@st.composite
def fstring(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        parts.append(fstring_literal_part(draw(literal_text)))
        expr = draw(st.sampled_from(EXPRS)).replace("*args", "args").replace("'", "")
        conv = draw(st.sampled_from(["", "", "!r", "!s", "!a", "="]))
        spec = draw(st.sampled_from(["", "", ":>10", ":.2f", ":5d", ":{w}", ":%Y"]))
        if conv == "=":
            parts.append("{" + expr + "=" + spec + "}")
        else:
            parts.append("{" + expr + conv + spec + "}")
    parts.append(fstring_literal_part(draw(literal_text)))
    prefix = draw(st.sampled_from(["f", "F", "rf"])) if "\\" not in "".join(parts) else "f"
    return prefix + '"' + "".join(parts) + '"'


@st.composite
def message(draw) -> tuple[str, list[str]]:
    """(message expression, extra positional arguments)."""
    kind = draw(st.sampled_from(["fstring", "percent", "format", "concat", "template", "plain", "name"]))
    args = draw(st.lists(st.sampled_from(EXPRS), max_size=3))
    if kind == "fstring":
        return draw(fstring()), draw(st.lists(st.sampled_from(EXPRS), max_size=1))
    if kind == "percent":
        template = draw(literal_text) + "".join(draw(st.lists(percent_specs(), max_size=3)))
        operand = draw(st.sampled_from(["(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")", "x", "{'k': x}", "()"]))
        return f"{str_literal(template)} % {operand}", []
    if kind == "format":
        fields = "".join(draw(st.lists(st.sampled_from(["{}", "{0}", "{1}", "{name}", "{!r}", "{:>4}", "{0.attr}", "{{", "%"]), max_size=3)))
        kwargs = draw(st.sampled_from(["", "name=x"]))
        return f"{str_literal(draw(literal_text) + fields)}.format({', '.join(args + ([kwargs] if kwargs else []))})", []
    if kind == "concat":
        pieces = draw(st.lists(st.one_of(literal_text.map(str_literal), st.sampled_from(EXPRS), st.sampled_from(["str(x)", "repr(n)"]), fstring()), min_size=2, max_size=4))
        return " + ".join(pieces), []
    if kind == "template":
        text = draw(literal_text) + "".join(draw(st.lists(st.sampled_from(["{}", "%s", "%d", "{0}", "%(k)s"]), max_size=3)))
        return str_literal(text), args
    if kind == "plain":
        return str_literal(draw(literal_text)), []
    return draw(st.sampled_from(EXPRS)), args


@st.composite
def log_call(draw) -> str:
    receiver = draw(st.sampled_from(RECEIVERS))
    method = draw(st.sampled_from(METHODS))
    msg, args = draw(message())
    positional = ([draw(st.sampled_from(["logging.INFO", "10", "40", "'INFO'", "level"]))] if method == "log" else []) + [msg] + args
    keywords = draw(st.lists(st.sampled_from(["exc_info=True", "exc_info=e", "extra={'user': x}", "extra={'msg': x}", "stack_info=True", "stacklevel=2"]), max_size=2, unique_by=lambda k: k.split("=")[0]))
    if draw(st.booleans()) and len(positional) == 1 and method != "log":
        positional, keywords = [], [f"msg={msg}"] + keywords
    layout = draw(st.sampled_from(["line", "line", "split", "comment", "parens", "implicit"]))
    items = positional + keywords
    if layout == "split":
        return f"{receiver}.{method}(\n        " + ",\n        ".join(items) + ",\n)"
    if layout == "comment":
        return f"{receiver}.{method}(  # why\n    " + ", # note\n    ".join(items) + "\n)"
    if layout == "parens" and items:
        items[0] = "(\n  " + items[0] + "\n)"
    if layout == "implicit" and items and items[0].startswith(("'", '"', "f")):
        items[0] = "'pre %s ' " + items[0]
    return f"{receiver}.{method}({', '.join(items)})"


SIMPLE_STATEMENTS = (
    "print(x)",
    "print('done', file=sys.stderr)",
    "print(f'{x}', end='')",
    "print()",
    "pprint.pprint(data)",
    "traceback.print_exc()",
    "sys.stdout.write('x\\n')",
    "self.stdout.write('ok')",
    "logging.basicConfig(level=logging.DEBUG)",
    "logging.warn('old')",
    "logging.getLogger(__name__).setLevel(5)",
    "logger.setLevel('VERBOSE')",
    "logging.config.dictConfig(LOGGING)",
    "raise",
    "pass",
    "return",
    "x = 1",
)


@st.composite
def logging_dict(draw) -> str:
    level = draw(st.sampled_from(["'DEBUG'", "'INFO'", "'LOUD'", "10", "'debug'"]))
    handler_class = draw(st.sampled_from(["'logging.StreamHandler'", "'logging.FileHandler'", "'logging.handlers.RotatingFileHandler'", "'nope.Handler'", "'django.utils.log.AdminEmailHandler'"]))
    extras = draw(st.lists(st.sampled_from(["'disable_existing_loggers': True", "'formatters': {'f': {'format': '{message}', 'style': '{'}}", "'root': {'handlers': ['h']}", "'filters': {}", "'incremental': False", "'handlers2': {}"]), max_size=3, unique=True))
    version = draw(st.sampled_from(["'version': 1, ", "'version': 2, ", ""]))
    return (
        "LOGGING = {" + version
        + f"'handlers': {{'h': {{'class': {handler_class}, 'level': {level}, 'filename': 'x.log'}}}}, "
        + f"'loggers': {{'django': {{'handlers': ['h', 'missing'], 'level': {level}}}}}"
        + "".join(", " + e for e in extras)
        + "}"
    )


@st.composite
def statement(draw, depth: int = 0) -> list[str]:
    """A statement as lines (indented relative to its block)."""
    choice = draw(st.sampled_from(["log", "log", "print", "simple", "try", "try", "if", "dict"] if depth < 2 else ["log", "print", "simple"]))
    if choice == "print":
        return [draw(st.sampled_from([stmt for stmt in SIMPLE_STATEMENTS if "print" in stmt or "write" in stmt]))]
    if choice == "log":
        return [draw(log_call())]
    if choice == "simple":
        return [draw(st.sampled_from(SIMPLE_STATEMENTS))]
    if choice == "dict":
        return [draw(logging_dict())]
    body = [line for _ in range(draw(st.integers(1, 2))) for line in draw(statement(depth + 1))]
    if choice == "if":
        return ["if x:"] + ["    " + line for line in body]
    clause = draw(st.sampled_from(["except Exception as e:", "except:", "except (ValueError, KeyError) as e:", "except BaseException:", "except* OSError as e:"]))
    first = draw(st.one_of(st.sampled_from(["pass", "raise", "return None"]), log_call()))
    handler = [first] + [line for _ in range(draw(st.integers(0, 1))) for line in draw(statement(depth + 1))]
    lines = ["try:"] + ["    " + line for line in body] + [clause] + ["    " + line for line in handler]
    if draw(st.booleans()):
        lines += ["finally:", "    " + draw(log_call())]
    return lines


@st.composite
def logging_programs(draw) -> tuple[str, str]:
    """(file name, module source)."""
    lines = draw(st.sampled_from(HEADERS)).splitlines()
    for _ in range(draw(st.integers(1, 5))):
        wrapper = draw(st.sampled_from(["module", "function", "method", "command"]))
        body = draw(statement())
        if draw(st.integers(0, 5)) == 0:
            lines += ["async def a(x):"] + ["    " + line for line in body]
            continue
        if wrapper == "module":
            lines += body  # a top-level `return` is rejected by the compiler only: both kinds are wanted
        elif wrapper == "function":
            lines += ["def f(x, user=None, *args, **kwargs):"] + ["    " + line for line in body]
        elif wrapper == "method":
            lines += ["class C:", "    def m(self, x):"] + ["        " + line for line in body]
        else:
            lines += ["class Command(BaseCommand):", "    def handle(self, *args, **options):"] + ["        " + line for line in body]
    return draw(st.sampled_from(FILENAMES)), "\n".join(lines) + "\n"


# -- small projects: modules that import each other's loggers, settings with LOGGING -----------------

IMPORT_FORMS = (
    "from proj.app.log import logger",
    "from .log import logger",
    "from proj.app import log\nlogger = log.logger",
    "import proj.app.log as L\nlogger = L.logger",
    "from proj.app.log import *",
    "from proj.app.views import helper as logger",
    "from proj.app.missing import logger",
    "from . import views\nlogger = views.logger",
)


@st.composite
def projects(draw) -> dict[str, str]:
    """{relative path: source}: a package whose modules import loggers from each other (cycles, star
    imports, names that are not loggers, modules that do not exist), settings with a LOGGING dict, a
    manage.py, a management command."""
    log_module = draw(st.sampled_from([
        "import logging\nlogger = logging.getLogger('proj')\n",
        "import logging\nlogger = logging.getLogger(__name__)\nfrom proj.app.views import *\n",
        "from proj.app.views import logger\n",
        "import structlog\nlogger = structlog.get_logger()\n",
        "logger = None\n",
    ]))
    files = {
        "proj/__init__.py": "",
        "proj/app/__init__.py": draw(st.sampled_from(["", "from .log import logger\n", "from . import views\n"])),
        "proj/app/log.py": log_module,
        "proj/settings.py": "import os\nDEBUG = True\n" + draw(logging_dict()) + "\n" + draw(st.sampled_from(["", "LOGGING['loggers']['proj'] = {'level': 'DEBUG'}\n", "from .local_settings import *\n"])),
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
    }
    for name in ("views", "models", "management/commands/run"):
        _, body = draw(logging_programs())
        imports = draw(st.sampled_from(IMPORT_FORMS))
        files[f"proj/app/{name}.py"] = imports + "\n" + body + "def helper():\n    pass\n"
    files["proj/app/management/__init__.py"] = ""
    files["proj/app/management/commands/__init__.py"] = ""
    return files
