"""`--diff-base REF`: which lines are new since REF, so that only findings on them are reported.

Whole files are linted (a rule may need the rest of the file); the findings are then kept when their flagged
statement (`Finding.statement_span`) touches a line that `git diff --unified=0 REF` shows as added in the
working tree (staged or not), or when the file is untracked (and not ignored): all of it is new. A file that
did not change since REF reports nothing. Renames follow git's detection, so a moved file reports only the
lines that changed in the move.

git is run with the options that user configuration could otherwise change fixed (prefixes, colour,
external diff drivers, quoted paths), and its output is read as bytes, since paths need not be UTF-8.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from typing import Iterable, Optional

from loglint.findings import Finding

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class DiffBaseError(Exception):
    """git is missing, this is not a repository, or REF does not name a commit."""


@dataclass
class Changes:
    """The lines added since the base, per file (real paths), and the files that are new as a whole."""

    added: dict[str, set[int]] = field(default_factory=dict)
    new_files: set[str] = field(default_factory=set)

    def keeps(self, finding: Finding) -> bool:
        if finding.path == "-":
            return True  # stdin without --stdin-filename: nothing to compare with
        path = os.path.realpath(finding.path)
        if path in self.new_files:
            return True
        lines = self.added.get(path)
        if not lines:
            return False
        first, last = finding.statement_span
        return any(line in lines for line in range(first, last + 1))

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if self.keeps(finding)]


def changes_since(ref: str, cwd: Optional[str] = None) -> Changes:
    cwd = cwd or os.getcwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd, "not inside a git repository").strip()
    root = os.fsdecode(top)
    if ref.startswith("-"):
        raise DiffBaseError(f"--diff-base {ref}: not a git revision")
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root, f"unknown git revision '{ref}'")
    diff = _git(
        [
            "-c", "core.quotepath=off",
            "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0",
            "--src-prefix=a/", "--dst-prefix=b/", ref, "--",
        ],
        root,
        f"git diff {ref} failed",
    )
    changes = Changes(added=parse_diff(diff, root))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root, "git ls-files failed")
    changes.new_files = {
        os.path.realpath(os.path.join(root, os.fsdecode(name))) for name in untracked.split(b"\0") if name
    }
    return changes


def parse_diff(diff: bytes, root: str) -> dict[str, set[int]]:
    """Added line numbers per file (real paths under `root`) from `git diff --unified=0` output."""
    added: dict[str, set[int]] = {}
    current: Optional[set[int]] = None
    lines = diff.split(b"\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(b"+++ "):
            target = line[4:]
            if target == b"/dev/null":
                current = None
                continue
            name = _unquote(target)
            if name.startswith(b"b/"):
                name = name[2:]
            current = added.setdefault(os.path.realpath(os.path.join(root, os.fsdecode(name))), set())
            continue
        match = _HUNK.match(line)
        if match is None:
            continue
        old_count = int(match.group(2)) if match.group(2) is not None else 1
        start = int(match.group(3))
        new_count = int(match.group(4)) if match.group(4) is not None else 1
        if current is not None:
            current.update(range(start, start + new_count))
        # Skip the hunk's body by its counts, so a content line that looks like a header is not read as one.
        remaining = old_count + new_count
        while remaining > 0 and i < len(lines):
            if lines[i].startswith((b"-", b"+")):
                remaining -= 1
            elif not lines[i].startswith(b"\\"):
                break
            i += 1
    return added


_ESCAPES = {b"n": b"\n", b"t": b"\t", b"\\": b"\\", b'"': b'"', b"a": b"\a", b"b": b"\b", b"f": b"\f", b"r": b"\r", b"v": b"\v"}


def _unquote(name: bytes) -> bytes:
    """git's C-style quoting of unusual paths (`"b/caf\\303\\251.py"`), even with core.quotepath off for
    control characters, quotes and backslashes."""
    name = name.rstrip(b"\t")  # git ends a name that has a space with a tab
    if not (name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2):
        return name
    body = name[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\" and i + 1 < len(body):
            nxt = body[i + 1 : i + 2]
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
                out.append(int(octal, 8))
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += char
        i += 1
    return bytes(out)


def _git(args: list[str], cwd: str, failure: str) -> bytes:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which was not found on PATH") from None
    if proc.returncode != 0:
        detail = os.fsdecode(proc.stderr).strip().splitlines()
        raise DiffBaseError(f"--diff-base: {failure}" + (f" ({detail[-1]})" if detail else ""))
    return proc.stdout
