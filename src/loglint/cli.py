"""The command line: `loglint [check] [PATHS|-]...`, `loglint rule CODE|NAME`, `loglint rules`.

`check` is the default command, so `loglint app/` is `loglint check app/` (a path spelled like a command,
`rules/`, is checked with `loglint check rules`). Exit codes: 0 nothing to report (or everything fixed), 1
findings remain (or `--diff` would change something, or `--exit-non-zero-on-fix` fixed something), 2 a usage,
configuration or internal error. No input and no bug ever ends in a traceback: a bad config is one line
naming the file and key, an unexpected exception is `loglint: internal error: ...` and exit 2.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
import time
from pathlib import Path
from typing import IO, Any, Optional, Sequence

import click

from loglint import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _DefaultCheck(click.Group):
    """A group whose first argument falls back to `check` when it is not a command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultCheck, context_settings=_CONTEXT)
@click.version_option(__version__, "--version", prog_name="loglint", message="%(prog)s %(version)s")
def cli() -> None:
    """Find logging and APM misuse in Django projects.

    Run `loglint PATH...` (the same as `loglint check PATH...`).
    """


def _error(message: str) -> None:
    click.echo(f"loglint: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"loglint: warning: {message}", err=True)


# -- check ---------------------------------------------------------------------------------------


@cli.command("check", context_settings=_CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, metavar="CODES", help="Rules to check (codes, prefixes like LL1, names); replaces the default set.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules not to check.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to check in addition to the selected ones.")
@click.option("--per-file-ignores", multiple=True, metavar="GLOB:CODES", help="Rules not to check in files matching GLOB.")
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Files and directories to skip (replaces the defaults).")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="More files and directories to skip.")
@click.option("--force-exclude", is_flag=True, help="Apply the excludes to paths named on the command line too (pre-commit).")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply (and offer) unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--show-fixes", is_flag=True, help="List what --fix fixed.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when something was fixed, even if nothing remains.")
@click.option(
    "--output-format",
    type=click.Choice(
        ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit"), case_sensitive=False
    ),
    default="full",
    envvar="LOGLINT_OUTPUT_FORMAT",
    show_default=True,
    help="How findings are printed.",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the findings to FILE.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary or warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Say which config is used, which files are skipped or lint-only, and why.")
@click.option("--baseline", metavar="FILE", help="Report only findings not recorded in FILE (config: baseline).")
@click.option(
    "--write-baseline", metavar="FILE", help="Record every finding of this run in FILE (report nothing, exit 0)."
)
@click.option(
    "--diff-base", metavar="GIT_REF", help="Report only findings on lines added since GIT_REF (untracked files are new)."
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="The config file to use.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--stdin-filename", metavar="NAME", help="The name of the file read from stdin (with `-`).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where the cache lives (env LOGLINT_CACHE_DIR; default: .loglint_cache/ in the project root).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: all cores).")
@click.option(
    "--color", type=click.Choice(("auto", "always", "never")), default="auto", show_default=True, help="Colours in text output."
)
@click.pass_context
def check_command(ctx: click.Context, **options: Any) -> None:
    """Check PATHS (default: the current directory; `-` reads stdin)."""
    from loglint.config import ConfigError

    try:
        code = _check(options)
    except ConfigError as exc:
        _error(str(exc))
        code = EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("\nloglint: interrupted", err=True)
        code = 130
    except (click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback
        _internal_error(exc)
        code = EXIT_ERROR
    ctx.exit(code)


def _internal_error(exc: BaseException) -> None:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    click.echo(f"loglint: internal error: {type(exc).__name__}: {exc}{where}", err=True)


def _check(options: dict[str, Any]) -> int:
    from loglint import output

    fmt = options["output_format"].lower()
    paths: tuple[str, ...] = options["paths"]
    stdin_name: Optional[str] = options["stdin_filename"]
    use_stdin = paths == ("-",) or (stdin_name is not None and not paths)
    if "-" in paths and not use_stdin:
        _error("`-` (stdin) cannot be combined with other paths")
        return EXIT_ERROR

    config = _load_config(options)  # a ConfigError is reported by the caller
    adoption = _Adoption.prepare(config, options)
    if adoption is None:
        return EXIT_ERROR

    from loglint.runner import RunSettings

    jobs = options["jobs"] or _cpu_count()
    settings = RunSettings(
        config=config,
        fix=options["fix"],
        unsafe_fixes=options["unsafe_fixes"],
        diff=options["diff"],
        need_edits=fmt in ("json", "json-lines"),
        need_hashes=fmt in output.FINGERPRINTED or adoption.needs_hashes,
        jobs=jobs,
    )
    if not use_stdin and not settings.fixing and not options["no_cache"]:
        settings = dataclasses.replace(settings, cache_dir=_cache_dir(config, options))
    verbose = options["verbose"] and not options["quiet"]
    if verbose:
        where = config.path if config.path is not None else "none (defaults)"
        click.echo(f"loglint: config: {where}", err=True)

    usage_problems = False
    if use_stdin:
        reports = _run_stdin(settings, stdin_name, options)
        if reports is None:
            return EXIT_OK
    else:
        from loglint.discovery import DiscoveryError, discover

        named, usage_problems = _existing(paths or (".",))
        try:
            found = discover(named, config, force_exclude=options["force_exclude"]) if named else None
        except DiscoveryError as exc:
            _error(str(exc))
            return EXIT_ERROR
        files = [str(p) for p in found.files] if found is not None else []
        if found is not None and not options["quiet"]:
            for message in found.messages:
                _warn(message)
            if not files:
                _warn("no Python files found under the given paths (excluded or gitignored?)")
        if verbose:
            _explain_skipped(named, files)
            click.echo(f"loglint: checking {len(files)} file{'s' if len(files) != 1 else ''}", err=True)
        progress = _Progress(len(files), enabled=fmt not in output.MACHINE and not options["quiet"])
        from loglint.runner import run_files

        cached: dict[str, int] = {}
        try:
            reports = run_files(files, settings, progress, cached)
        finally:
            progress.close()
        if verbose and settings.cache_dir is not None:
            click.echo(f"loglint: cache: {cached.get('hits', 0)} of {len(files)} files unchanged ({settings.cache_dir})", err=True)
    return _report(reports, settings, options, fmt, verbose, usage_problems, use_stdin, adoption)


def _load_config(options: dict[str, Any]):
    from loglint.config import load_config

    explicit = Path(options["config_file"]) if options["config_file"] else None
    config = load_config(Path.cwd(), explicit=explicit, isolated=options["isolated"])
    return config.with_overrides(
        select=list(options["select"]) if options["select"] else None,
        ignore=list(options["ignore"]),
        extend_select=list(options["extend_select"]),
        exclude=_split_globs(options["exclude"]) if options["exclude"] else None,
        extend_exclude=_split_globs(options["extend_exclude"]),
        per_file_ignores=list(options["per_file_ignores"]),
        force_exclude=True if options["force_exclude"] else None,
        baseline=options["baseline"],
    )


def _cache_dir(config, options: dict[str, Any]) -> Optional[str]:
    """The prepared cache folder (`--cache-dir` > `LOGLINT_CACHE_DIR` > `.loglint_cache/` in the project
    root); None, after a one-line warning, when it cannot be created or written."""
    from loglint import cache

    directory = cache.resolve_dir(options["cache_dir"], os.environ.get(cache.ENV_VAR), config.root)
    problem = cache.prepare(directory)
    if problem is not None:
        if not options["quiet"]:
            _warn(problem)
        return None
    return str(directory)


def _split_globs(values: Sequence[str]) -> list[str]:
    """Comma-separated globs, keeping commas inside `{a,b}` alternations."""
    found: list[str] = []
    for value in values:
        depth = 0
        current = ""
        for char in value:
            if char == "{":
                depth += 1
            elif char == "}":
                depth = max(depth - 1, 0)
            if char == "," and depth == 0:
                found.append(current.strip())
                current = ""
            else:
                current += char
        found.append(current.strip())
    return [glob for glob in found if glob]


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _existing(paths: Sequence[str]) -> tuple[list[str], bool]:
    """The named paths that exist; the others are reported (the run goes on, and exits 2)."""
    good: list[str] = []
    bad = False
    for path in paths:
        if not os.path.lexists(path):
            _error(f"{path}: no such file or directory")
            bad = True
            continue
        try:
            os.path.realpath(path, strict=True)
        except OSError as exc:
            _error(f"{path}: {'symlink loop' if exc.errno == errno.ELOOP else exc.strerror}")
            bad = True
            continue
        good.append(path)
    return good, bad


def _explain_skipped(named: Sequence[str], files: Sequence[str]) -> None:
    from loglint.config import display_path

    checked = {os.path.abspath(f) for f in files}
    for path in named:
        if os.path.isfile(path) and os.path.abspath(display_path(Path(path))) not in checked:
            click.echo(f"loglint: {path}: skipped (excluded)", err=True)


def _run_stdin(settings, name: Optional[str], options: dict[str, Any]):
    from loglint.runner import Checker

    data = sys.stdin.buffer.read()
    display = name or "-"
    config = settings.config
    if name and config.force_exclude and config.is_excluded(name):
        if settings.fix and not settings.diff:
            _write_bytes(data)
        return None
    return [Checker(settings).check_stdin(display, data)]


def _write_bytes(data: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(data.decode("utf-8", errors="replace"))
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()


class _Progress:
    """`done/total files` on stderr, only on a terminal and only once the run has lasted 2 seconds."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and _isatty(sys.stderr) and total > 1
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < 2.0 or now - self.last < 0.1:
            return
        self.last = now
        sys.stderr.write(f"\rloglint: {self.done}/{self.total} files")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _isatty(stream: IO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class _Adoption:
    """--baseline / --write-baseline / --diff-base: read (and checked) before the run, applied after it."""

    def __init__(self) -> None:
        self.write_to: Optional[Path] = None
        self.baseline: Optional[Path] = None
        self.entries: list = []
        self.changes = None
        self.notes: list[str] = []

    @property
    def needs_hashes(self) -> bool:
        return self.write_to is not None or self.baseline is not None

    @classmethod
    def prepare(cls, config, options: dict[str, Any]) -> "Optional[_Adoption]":
        """None after reporting an error (a missing or bad baseline, git failing on --diff-base)."""
        from loglint import baseline as baselines

        adoption = cls()
        if options["write_baseline"]:
            # Writing records everything: a baseline in the config (often the same file) does not filter.
            adoption.write_to = Path(os.path.abspath(options["write_baseline"]))
            return adoption
        if config.baseline is not None:
            adoption.baseline = Path(config.baseline)
            try:
                adoption.entries = baselines.read(adoption.baseline, _shown(adoption.baseline))
            except baselines.BaselineError as exc:
                _error(str(exc))
                return None
        if options["diff_base"]:
            from loglint.diffbase import DiffBaseError, changes_since

            # The repository of the checked paths (the first one's), which is usually the current one.
            named = [path for path in options["paths"] if path != "-" and os.path.exists(path)]
            where = None
            if named:
                where = named[0] if os.path.isdir(named[0]) else os.path.dirname(os.path.abspath(named[0]))
            try:
                adoption.changes = changes_since(options["diff_base"], where)
            except DiffBaseError as exc:
                _error(str(exc))
                return None
        return adoption

    def filter(self, findings: list, reports) -> list:
        from loglint import baseline as baselines
        from loglint.output import plural

        if self.baseline is not None:
            applied = baselines.apply(findings, self.entries, self.baseline.parent, [r.path for r in reports])
            findings = applied.findings
            name = _shown(self.baseline)
            note = f"{plural(applied.hidden, 'finding')} hidden by the baseline {name}"
            if applied.gone:
                gone = len(applied.gone)
                note += (
                    f"; {gone} baseline entr{'y is' if gone == 1 else 'ies are'} gone (fixed or changed): "
                    f"shrink the baseline with --write-baseline {name}"
                )
            self.notes.append(note + ".")
        if self.changes is not None:
            before = len(findings)
            findings = self.changes.filter(findings)
            if before != len(findings):
                self.notes.append(f"{plural(before - len(findings), 'finding')} on lines not added since the diff base.")
        return findings


def _report(
    reports, settings, options, fmt: str, verbose: bool, usage_problems: bool, use_stdin: bool, adoption=None
) -> int:
    """Print everything and return the exit code (computed first, so a closed pipe does not change it)."""
    from loglint import output

    findings = sorted((f for r in reports for f in r.findings), key=lambda f: f.sort_key)
    errors = [(r.path, code, message) for r in reports for code, message in r.errors]
    fixed_total = sum(sum(r.fixed.values()) for r in reports)
    changed = any(r.changed for r in reports)

    if adoption is not None and adoption.write_to is not None:
        warnings = [warning for report in reports for warning in report.warnings]
        return _write_baseline(adoption.write_to, findings, errors, warnings, usage_problems, options["quiet"])
    if adoption is not None:
        findings = adoption.filter(findings, reports)

    if errors or usage_problems:
        code = EXIT_ERROR
    elif settings.diff:
        code = EXIT_FINDINGS if changed else EXIT_OK
    else:
        code = EXIT_FINDINGS if findings else EXIT_OK
        if options["exit_non_zero_on_fix"] and fixed_total:
            code = EXIT_FINDINGS
    if options["exit_zero"] and code == EXIT_FINDINGS:
        code = EXIT_OK

    quiet = options["quiet"]
    machine = fmt in output.MACHINE
    try:
        for report in reports:
            for warning in report.warnings:
                _warn(warning)
            if verbose:
                for note in report.notes:
                    click.echo(f"loglint: {note}", err=True)
        if settings.diff:
            diffs = "".join(r.diff for r in reports if r.diff)
            if diffs:
                click.echo(diffs, nl=False)
            if not quiet:
                would = sum(sum(r.fixed.values()) for r in reports)
                if would:
                    click.echo(f"Would fix {output.plural(would, 'problem')}.", err=True)
                else:
                    click.echo("No fixes to apply.", err=True)
        else:
            if use_stdin and settings.fix and reports and reports[0].fixed_source is not None:
                _write_bytes(reports[0].fixed_source)
                report_to_stderr = True
            else:
                report_to_stderr = False
            _write_findings(findings, reports, settings, options, fmt, report_to_stderr)
            if not quiet and not machine:
                if options["show_fixes"] and fixed_total:
                    names = {code: name for r in reports for code, name in _fixed_names(r)}
                    click.echo(
                        output.fixed_summary({r.path: r.fixed for r in reports if r.fixed}, names), err=True, nl=False
                    )
                for line in output.summary(
                    findings, fixed=fixed_total, fix_mode=settings.fix, unsafe_fixes=settings.unsafe_fixes
                ):
                    click.echo(line, err=True)
                for note in adoption.notes if adoption is not None else ():
                    click.echo(note, err=True)
        for path, rule_code, message in errors:
            click.echo(f"loglint: internal error: {path}: {rule_code}: {message}", err=True)
        if errors:
            click.echo("loglint: these are bugs in loglint; the other files were checked", err=True)
    except BrokenPipeError:
        _silence_stdout()
    return code


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when below it."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _write_baseline(target: Path, findings, errors, warnings, usage_problems: bool, quiet: bool) -> int:
    """`--write-baseline`: record every finding, print nothing but warnings, errors and one summary line."""
    from loglint import baseline as baselines
    from loglint.output import plural

    try:
        entries = baselines.write(target, findings)
    except OSError as exc:
        _error(f"cannot write the baseline {target}: {exc.strerror or exc}")
        return EXIT_ERROR
    try:
        for warning in warnings:
            _warn(warning)
        for path, rule_code, message in errors:
            click.echo(f"loglint: internal error: {path}: {rule_code}: {message}", err=True)
        if not quiet:
            kinds = len(entries)
            click.echo(
                f"Wrote {plural(len(findings), 'finding')} ({kinds} entr{'y' if kinds == 1 else 'ies'}) "
                f"to the baseline {_shown(target)}.",
                err=True,
            )
    except BrokenPipeError:
        _silence_stdout()
    return EXIT_ERROR if errors or usage_problems else EXIT_OK


def _fixed_names(report) -> list[tuple[str, str]]:
    from loglint.registry import rule_by_code

    pairs = []
    for code in report.fixed:
        rule = rule_by_code(code)
        pairs.append((code, rule.name if rule is not None else ""))
    return pairs


def _write_findings(findings, reports, settings, options, fmt: str, to_stderr: bool) -> None:
    from loglint import output

    target = options["output_file"]
    stream: IO[str]
    if target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        # Like stdout (see `run`): a file name that is not valid UTF-8 is escaped, not a failed report.
        stream = open(target, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
    else:
        stream = sys.stderr if to_stderr else sys.stdout
    try:
        color = fmt not in output.MACHINE and output.use_color(options["color"], stream)
        if options["statistics"]:
            text = output.render_statistics(findings, settings.unsafe_fixes, fmt)
        else:
            lines = {r.path: r.lines for r in reports if r.lines}
            view = output.View(findings, lines, unsafe_fixes=settings.unsafe_fixes, color=color)
            text = output.render(fmt, view)
        if text:
            if target:
                stream.write(text)
            else:
                click.echo(text, file=stream, nl=False, color=color)
    finally:
        if target:
            stream.close()


def _silence_stdout() -> None:
    """After `| head` closed the pipe: point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# -- rule, rules ---------------------------------------------------------------------------------


@cli.command("rule", context_settings=_CONTEXT)
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule's documentation.")
@click.pass_context
def rule_command(ctx: click.Context, selector: Optional[str], show_all: bool) -> None:
    """Show the documentation of a rule, by code (LL101) or name (log-fstring)."""
    from loglint import registry
    from loglint.output import use_color

    if show_all:
        chosen = list(registry.all_rules())
    elif selector is None:
        raise click.UsageError("give a rule code or name, or --all")
    else:
        rule = registry.lookup(selector)
        if rule is None:
            closest = registry.closest_selector(selector)
            hint = f"; did you mean '{closest}'?" if closest else "; `loglint rules` lists them"
            _error(f"unknown rule '{selector}'{hint}")
            ctx.exit(EXIT_ERROR)
        chosen = [rule]
    from loglint.docs import render_terminal

    color = use_color("auto", sys.stdout)
    try:
        click.echo("\n".join(render_terminal(rule, color) for rule in chosen), color=color, nl=False)
    except BrokenPipeError:
        _silence_stdout()


@cli.command("rules", context_settings=_CONTEXT)
def rules_command() -> None:
    """List every rule: code, name, default, kind, fix."""
    from loglint import registry

    rows = [("CODE", "NAME", "DEFAULT", "KIND", "FIX")]
    for rule in registry.all_rules():
        fix = rule.fix_availability.value
        rows.append((rule.code, rule.name, "on" if rule.default else "opt-in", rule.kind.value, "-" if fix == "none" else fix))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text = "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
    try:
        click.echo(text)
    except BrokenPipeError:
        _silence_stdout()


# -- entry point ---------------------------------------------------------------------------------


def run(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line and return the exit code; never raises (but SystemExit from click's own
    --help handling is turned into its code)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="loglint", standalone_mode=False)
    except click.ClickException as exc:
        try:
            exc.show()
        except BrokenPipeError:
            _silence_stdout()
        return EXIT_ERROR
    except (click.Abort, KeyboardInterrupt):
        click.echo("\nloglint: interrupted", err=True)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - never a traceback
        _internal_error(exc)
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> None:
    from loglint.runner import tune_gc

    tune_gc()
    sys.exit(run(argv))
