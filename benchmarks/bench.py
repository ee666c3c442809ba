"""Side-by-side timings on real projects: loglint against the floor and against its peers.

    python benchmarks/bench.py [--projects django-5.2.19,wagtail-8.0.1] [--repeat 3] [--jobs 1]

The corpus comes from ../shared/tools/corpus.sh (LOGLINT_CORPUS or ~/.cache/loglint-corpus). Peers are
installed into their own virtualenv (benchmarks/.peers, from benchmarks/requirements-peers.txt) so their
dependencies never mix with loglint's. Each tool runs on the same files, alternating, `--repeat` times;
the table reports the median wall time. Results are printed as Markdown (paste them into
benchmarks/RESULTS.md with the date, machine and versions).

Measured:
- floor: LibCST `parse_module` of every file alone (one process), and CPython's `ast` parse;
- loglint: `loglint check --select ALL --no-cache` (one job, and `--jobs` given);
- ruff `--select LOG,G,T20`; flake8 with flake8-logging, flake8-logging-format, flake8-print (only
  their codes selected); pylint's logging checker (`--disable=all --enable=logging`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
CORPUS = Path(os.environ.get("LOGLINT_CORPUS", Path.home() / ".cache" / "loglint-corpus"))


def peers_python() -> Path:
    python = PEERS / "bin" / "python"
    if not python.exists():
        venv.create(PEERS, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(HERE / "requirements-peers.txt")],
            check=True,
        )
    return python


def python_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*.py") if "migrations" not in p.parts)


FLOOR_LIBCST = """
import sys, libcst
from pathlib import Path
for line in open(sys.argv[1]):
    data = Path(line.strip()).read_bytes()
    try:
        libcst.parse_module(data)
    except Exception:
        pass
"""

FLOOR_AST = """
import sys, ast
from pathlib import Path
for line in open(sys.argv[1]):
    data = Path(line.strip()).read_bytes()
    try:
        compile(data, "x", "exec", ast.PyCF_ONLY_AST)
    except Exception:
        pass
"""


def commands(project: Path, file_list: Path, jobs: int) -> dict[str, list[str]]:
    peers = str(peers_python().parent)
    return {
        "floor: LibCST parse only (1 core)": [sys.executable, "-c", FLOOR_LIBCST, str(file_list)],
        "floor: ast parse only (1 core)": [sys.executable, "-c", FLOOR_AST, str(file_list)],
        "loglint --select ALL (1 job)": [sys.executable, "-m", "loglint", "check", str(project), "--select", "ALL",
                                         "--isolated", "--no-cache", "--exit-zero", "-j", "1", "--output-format", "concise"],
        f"loglint --select ALL ({jobs} jobs)": [sys.executable, "-m", "loglint", "check", str(project), "--select", "ALL",
                                                "--isolated", "--no-cache", "--exit-zero", "-j", str(jobs),
                                                "--output-format", "concise"],
        "ruff --select LOG,G,T20": [f"{peers}/ruff", "check", "--no-cache", "--isolated", "--select", "LOG,G,T20",
                                    "--exit-zero", "--extend-exclude", "migrations", str(project)],
        "flake8 + logging plugins (1 job)": [f"{peers}/flake8", "--isolated", "-j", "1", "--select", "LOG,G,T20",
                                             "--extend-exclude", "migrations", "--exit-zero", str(project)],
        f"pylint logging checker ({jobs} jobs)": [f"{peers}/pylint", "--disable=all", "--enable=logging",
                                                  f"--jobs={jobs}", "--exit-zero", "--recursive=y",
                                                  "--ignore=migrations", str(project)],
    }


def time_once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", default="django-5.2.19")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", default="", help="comma-separated substrings of tool names to run")
    args = parser.parse_args()
    for name in args.projects.split(","):
        project = CORPUS / name
        files = python_files(project)
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        file_list = HERE / f".files-{name}.txt"
        file_list.write_text("\n".join(str(p) for p in files) + "\n")
        tools = commands(project, file_list, args.jobs)
        if args.only:
            tools = {k: v for k, v in tools.items() if any(s in k for s in args.only.split(","))}
        times: dict[str, list[float]] = {tool: [] for tool in tools}
        for _ in range(args.repeat):
            for tool, cmd in tools.items():
                times[tool].append(time_once(cmd))
        print(f"\n### {name}: {len(files)} files, {lines:,} lines (migrations excluded)\n")
        print("| tool | median wall time (s) | runs |")
        print("|---|---|---|")
        for tool, values in times.items():
            print(f"| {tool} | {statistics.median(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
