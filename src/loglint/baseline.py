"""Baselines: adopt loglint on an existing codebase by recording today's findings and reporting only new ones.

`--write-baseline FILE` records every finding of the run; `--baseline FILE` (or `baseline` in the config)
hides the recorded ones. An entry is keyed by the file (relative to the baseline's own directory, so the
file can be used from any working directory), the code and the hash of the flagged statement's normalised
source (`loglint.fingerprint`), with the number of findings of that key; there are no line numbers, so
inserting or deleting lines elsewhere, re-indenting or re-wrapping a statement does not bring its finding
back. A key with more findings than its count reports the extra ones (the last in the file). The file is
sorted JSON with one entry per key and the first message for the reviewer:

    {
      "entries": [
        {"code": "LL101", "count": 2, "hash": "9c1d0f3a5b7e2c44", "message": "f-string in a log call ...",
         "path": "app/views.py"}
      ],
      "tool": "loglint",
      "version": 1
    }

An entry of a checked file that matched nothing is "gone" (fixed, or the statement changed): the summary
counts them so the baseline can be rewritten and shrink.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from loglint.findings import Finding

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path relative to the baseline's directory, code, statement hash)


class BaselineError(Exception):
    """The baseline file cannot be read or is not a loglint baseline."""


@dataclass
class Entry:
    path: str
    code: str
    hash: str
    count: int
    message: str = ""

    @property
    def key(self) -> Key:
        return (self.path, self.code, self.hash)


@dataclass
class Applied:
    """What applying a baseline did."""

    findings: list[Finding]
    hidden: int = 0
    gone: list[Entry] = field(default_factory=list)


def key_path(path: str, directory: Path) -> str:
    """The finding's path as the baseline records it: relative to the baseline's directory, POSIX."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, directory)).as_posix()
    except ValueError:  # another drive
        return Path(absolute).as_posix()


def entries_for(findings: Iterable[Finding], directory: Path) -> list[Entry]:
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        key = (key_path(finding.path, directory), finding.code, finding.statement_hash)
        counts[key] += 1
        messages.setdefault(key, finding.message)
    return [Entry(*key, count=counts[key], message=messages[key]) for key in sorted(counts)]


def dumps(entries: Sequence[Entry]) -> str:
    rows = [
        {"path": e.path, "code": e.code, "hash": e.hash, "count": e.count, "message": e.message}
        for e in sorted(entries, key=lambda e: e.key)
    ]
    document = {"tool": "loglint", "version": FORMAT_VERSION, "entries": rows}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: Path, findings: Iterable[Finding]) -> list[Entry]:
    """Record `findings` in `path` (atomically); returns the entries written."""
    path = Path(os.path.abspath(path))
    entries = entries_for(findings, path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(dumps(entries), encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    return entries


def read(path: Path, shown: str = "") -> list[Entry]:
    """The entries of the baseline at `path` (named `shown` in messages); BaselineError when it is missing
    or malformed."""
    name = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline {name} not found (create it with --write-baseline {name})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {name}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(document, dict) or document.get("tool") != "loglint" or not isinstance(document.get("entries"), list):
        raise BaselineError(f"baseline {name}: not a loglint baseline (write one with --write-baseline)")
    if document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"baseline {name}: version {document.get('version')!r} is not supported; rewrite it with --write-baseline")
    entries = []
    for number, row in enumerate(document["entries"], 1):
        try:
            entry = Entry(
                path=_string(row, "path"),
                code=_string(row, "code"),
                hash=_string(row, "hash"),
                count=row["count"],
                message=str(row.get("message", "")),
            )
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"baseline {name}: entry {number} needs path, code, hash and count") from None
        if not isinstance(entry.count, int) or isinstance(entry.count, bool) or entry.count < 1:
            raise BaselineError(f"baseline {name}: entry {number}: count must be a positive integer")
        entries.append(entry)
    return entries


def _string(row: dict, key: str) -> str:
    value = row[key]
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def apply(findings: Sequence[Finding], entries: Sequence[Entry], directory: Path, checked: Iterable[str]) -> Applied:
    """Hide the findings the entries account for (the first `count` of each key, in file order). Entries
    of `checked` files that matched nothing are returned as gone; entries of files this run did not check
    are neither used nor gone."""
    allowed: Counter[Key] = Counter()
    for entry in entries:
        allowed[entry.key] += entry.count
    used: Counter[Key] = Counter()
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: f.sort_key):
        key = (key_path(finding.path, directory), finding.code, finding.statement_hash)
        if used[key] < allowed[key]:
            used[key] += 1
        else:
            kept.append(finding)
    checked_paths = {key_path(path, directory) for path in checked}
    gone = [e for e in entries if e.path in checked_paths and used[e.key] == 0]
    return Applied(findings=kept, hidden=sum(used.values()), gone=gone)
