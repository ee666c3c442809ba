"""Side-by-side timings on real projects: loglint against the floor and against its peers.

    python benchmarks/bench.py [--projects django-5.2.19,wagtail-8.0.1] [--repeat 3] [--jobs 1]

The corpus comes from ../shared/tools/corpus.sh (LOGLINT_CORPUS or ~/.cache/loglint-corpus). Peers are
installed into their own virtualenv (benchmarks/.peers, from benchmarks/requirements-peers.txt) so their
dependencies never mix with loglint's. Each tool runs on the same files, alternating, `--repeat` times;
the table reports the median wall time. Results are printed as Markdown (paste them into
benchmarks/README.md with the date, machine and versions).

Measured, for each tool: median wall time, CPU time (user + system, the process and its workers) and
peak memory (the largest resident set of the process or any worker):
- floor: LibCST `parse_module` of every file alone (one process), and CPython's `ast` parse;
- loglint, default rules: cold (`--no-cache`, one job and `--jobs`), warm (a second run on the same
  cache), the pre-commit case (ten files changed, a warm cache, only those ten paths given), and the
  edit loop (the whole project on a warm cache after one file was edited: the middle one of the
  modules that are not models modules, or of the models modules);
- loglint `--select ALL` (one job, cold);
- ruff `--select LOG,G,T20`; flake8 with flake8-logging, flake8-logging-format, flake8-print (only
  their codes selected; one job and `--jobs`); pylint's logging checker (`--disable=all --enable=logging`).
The headline is the ratio to LibCST parsing alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def loglint(*args: str) -> list[str]:
    return [sys.executable, "-m", "loglint", "check", "--isolated", "--exit-zero", "--output-format", "concise", *args]


# The edit loop: a whole-project run on a warm cache after one file was edited (the cache is first brought
# up to date, untimed).
EDIT_LOOP = "loglint warm (1 job), one file edited: "


def edited_file(files: list[Path], models: bool) -> Path:
    """The file the edit loop edits: the middle one among the models modules, or among the others."""
    chosen = [p for p in files if ("models" in p.parts or p.stem.startswith("models")) == models]
    return chosen[len(chosen) // 2]


def commands(project: Path, file_list: Path, jobs: int, cache: Path, changed: list[Path]) -> dict[str, list[str]]:
    peers = str(peers_python().parent)
    warm = ["--cache-dir", str(cache)]
    return {
        "floor: LibCST parse only (1 core)": [sys.executable, "-c", FLOOR_LIBCST, str(file_list)],
        "floor: ast parse only (1 core)": [sys.executable, "-c", FLOOR_AST, str(file_list)],
        "loglint cold (1 job)": loglint(str(project), "--no-cache", "-j", "1"),
        f"loglint cold ({jobs} jobs)": loglint(str(project), "--no-cache", "-j", str(jobs)),
        "loglint warm (1 job)": loglint(str(project), *warm, "-j", "1"),
        "loglint pre-commit: 10 changed files, warm cache": loglint(*map(str, changed), *warm, "-j", "1"),
        EDIT_LOOP + "a module other than models": loglint(str(project), *warm, "-j", "1"),
        EDIT_LOOP + "a models module": loglint(str(project), *warm, "-j", "1"),
        "loglint --select ALL cold (1 job)": loglint(str(project), "--select", "ALL", "--no-cache", "-j", "1"),
        "ruff --select LOG,G,T20": [f"{peers}/ruff", "check", "--no-cache", "--isolated", "--select", "LOG,G,T20",
                                    "--exit-zero", "--extend-exclude", "migrations", str(project)],
        "flake8 + logging plugins (1 job)": [f"{peers}/flake8", "--isolated", "-j", "1", "--select", "LOG,G,T20",
                                             "--extend-exclude", "migrations", "--exit-zero", str(project)],
        f"flake8 + logging plugins ({jobs} jobs)": [f"{peers}/flake8", "--isolated", "-j", str(jobs), "--select",
                                                    "LOG,G,T20", "--extend-exclude", "migrations", "--exit-zero",
                                                    str(project)],
        f"pylint logging checker ({jobs} jobs)": [f"{peers}/pylint", "--disable=all", "--enable=logging",
                                                  f"--jobs={jobs}", "--exit-zero", "--recursive=y",
                                                  "--ignore=migrations", str(project)],
    }


def bench_env(work: Path) -> dict[str, str]:
    """The environment every tool runs in: Python bytecode is written and reused (as after a pip install;
    `PYTHONDONTWRITEBYTECODE` would make every loglint start compile its modules again), into a folder
    of the work directory, not the repository."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


ENV: dict[str, str] = dict(os.environ)


def time_once(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of one run, its workers included."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = 0
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def copy_project(project: Path, into: Path) -> Path:
    """A copy of the project the pre-commit case may change (the corpus stays untouched)."""
    target = into / project.name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project, target, symlinks=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", default="django-5.2.19")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", default="", help="comma-separated substrings of tool names to run")
    args = parser.parse_args()
    # Outside the repository: its .gitignore would exclude the copy from discovery.
    work = Path(tempfile.gettempdir()) / "loglint-bench"
    work.mkdir(exist_ok=True)
    ENV.clear()
    ENV.update(bench_env(work))
    for name in args.projects.split(","):
        project = copy_project(CORPUS / name, work)
        files = python_files(project)
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        file_list = HERE / f".files-{name}.txt"
        file_list.write_text("\n".join(str(p) for p in files) + "\n")
        cache = work / f"cache-{name}"
        shutil.rmtree(cache, ignore_errors=True)
        changed = files[:: max(len(files) // 10, 1)][:10]
        tools = commands(project, file_list, args.jobs, cache, changed)
        if args.only:
            tools = {k: v for k, v in tools.items() if any(s in k for s in args.only.split(","))}
        runs: dict[str, list[tuple[float, float, float]]] = {tool: [] for tool in tools}
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            subprocess.run(loglint(str(project), "--cache-dir", str(cache), "-j", "1"), capture_output=True, env=ENV)
            for tool, cmd in tools.items():
                if tool.startswith("loglint pre-commit"):
                    for path in changed:  # a real edit: the bytes change, not only the mtime
                        path.write_bytes(path.read_bytes() + b"\n")
                if tool.startswith(EDIT_LOOP):
                    subprocess.run(cmd, capture_output=True, env=ENV)
                    path = edited_file(files, models=tool == EDIT_LOOP + "a models module")
                    path.write_bytes(path.read_bytes() + b"\n")
                runs[tool].append(time_once(cmd))
        floor = statistics.median(r[0] for r in runs.get("floor: LibCST parse only (1 core)", [(1.0, 0, 0)]))
        print(f"\n### {name}: {len(files)} files, {lines:,} lines (migrations excluded)\n")
        # Medians, and minima (the machine may be shared: the least disturbed run is the best estimate).
        print("| tool | wall (s) | × LibCST parse | CPU (s) | min wall (s) | min CPU (s) | peak MB | runs (wall) |")
        print("|---|---|---|---|---|---|---|---|")
        for tool, values in runs.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            peak = max(v[2] for v in values)
            print(f"| {tool} | {wall:.2f} | {wall / floor:.2f} | {cpu:.2f} | {min(v[0] for v in values):.2f} | "
                  f"{min(v[1] for v in values):.2f} | {peak:.0f} | {', '.join(f'{v[0]:.2f}' for v in values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
