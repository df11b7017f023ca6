"""Times ``pmdocs check`` against the floor pipeline on a generated corpus.

    python benchmarks/bench_check.py            # 10,000 documents, 5 runs each
    python benchmarks/bench_check.py -n 2000 --runs 3

Generates (or reuses) a corpus of N documents under ``benchmarks/out/``, then
in the same run times, alternating so that the machine's noise hits both:

- ``pmdocs check`` as a whole process (what CI runs), and the floor
  (``floor.py``) as a whole process;
- ``load_project`` and the floor in-process (types loaded beforehand);
- both processes on an empty docs folder (start-up: imports and type loading).

It prints best and median wall time, per-document cost, peak memory, the
ratios and the targets: ``pmdocs check`` under 2 s at 10,000 documents, and at
most 2x the floor's cost per document (whole process time / N, as measured
in this run). Verdicts use the best of the runs, the figure least disturbed
by other work on the machine. Timed processes get a bytecode cache under
``benchmarks/out/pycache``, as an installed package has.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import floor  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_N = 10_000
TARGET_RATIO = 2.0


@dataclass
class Timing:
    """Wall times (seconds) and peak memory (KiB) of repeated runs."""

    label: str
    times: list[float]
    peak_kib: int = 0

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def pmdocs_command() -> list[str]:
    """The installed ``pmdocs`` script next to this Python (not a shell shim in front of it)."""
    script = Path(sys.executable).parent / "pmdocs"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from pmdocs.cli import main; sys.exit(main())"]


def child_environment() -> dict[str, str]:
    """The environment for timed processes: with a bytecode cache, as an installed package has.

    The cache goes under benchmarks/out/, so the source tree stays clean even
    where PYTHONDONTWRITEBYTECODE is set (which would recompile every module of
    every run).
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(corpus.OUT / "pycache")
    return environment


def run_process(command: list[str], cwd: Path) -> tuple[float, str]:
    """Wall time and stdout of one run of ``command``; stops the benchmark if it fails."""
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, capture_output=True, env=child_environment())
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):  # 1: pmdocs found errors; still a full run
        message = process.stderr.decode("utf-8", "replace")
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{message}")
    return elapsed, process.stdout.decode("utf-8", "replace")


def prepare_corpus(n: int, seed: int, out: Path | None = None) -> Path:
    """The corpus folder for (n, seed), regenerated only when it or the generator changed."""
    return corpus.ensure(out or corpus.default_folder(n, seed), n, seed)


def time_processes(folder: Path, runs: int) -> tuple[Timing, Timing, str]:
    """Alternate floor and pmdocs check as processes; the first run of each only warms up."""
    floor_command = [sys.executable, str(HERE / "floor.py"), str(folder)]
    check_command = [*pmdocs_command(), "check"]
    floor_timing = Timing("floor, whole process", [])
    check_timing = Timing("pmdocs check, whole process", [])
    check_output = ""
    for index in range(runs + 1):
        for timing, command in ((floor_timing, floor_command), (check_timing, check_command)):
            elapsed, output = run_process(command, folder)
            if timing is check_timing:
                check_output = output
            if index:
                timing.times.append(elapsed)
    return floor_timing, check_timing, check_output


def measure_peaks(folder: Path) -> tuple[int, int]:
    """Peak RSS of one floor and one pmdocs check process, each in a fresh child."""
    peaks = []
    for command in (
        [sys.executable, str(HERE / "floor.py"), str(folder)],
        [*pmdocs_command(), "check"],
    ):
        code = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
            "stdout=subprocess.DEVNULL, check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        try:
            result = subprocess.run(
                [sys.executable, "-c", code, *command],
                cwd=folder, capture_output=True, text=True, check=True, env=child_environment(),
            )  # fmt: skip
            peaks.append(int(result.stdout.strip() or 0))
        except (subprocess.CalledProcessError, ValueError):
            peaks.append(0)
    return peaks[0], peaks[1]


def time_in_process(folder: Path, runs: int) -> tuple[Timing, Timing, int]:
    """Floor and load_project in this process, alternating, types loaded beforehand."""
    from pmdocs.core.config import read_settings
    from pmdocs.core.doctypes import load_types
    from pmdocs.core.project import load_project

    settings = read_settings(folder / "mkdocs.yml")
    pm_types = load_types(settings.schemas_dir, settings.root)
    floor_types = floor.load_floor_types()
    documents = 0

    def pmdocs_once() -> None:
        nonlocal documents
        documents = len(load_project(settings, types=pm_types).documents)

    def floor_once() -> None:
        floor.run_floor(settings.docs_dir, floor_types)

    floor_timing = Timing("floor, in-process", [])
    pmdocs_timing = Timing("pmdocs load_project, in-process", [])
    for index in range(runs + 1):
        for timing, action in ((floor_timing, floor_once), (pmdocs_timing, pmdocs_once)):
            elapsed = _timed(action)
            if index:
                timing.times.append(elapsed)
    return floor_timing, pmdocs_timing, documents


def _timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _row(timing: Timing, n: int) -> str:
    per_doc = f"{timing.best / n * 1e6:7.0f} µs" if n else "      -"
    return f"  {timing.label:<34}{timing.best:7.3f} s {timing.median:7.3f} s {per_doc}"


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _busy() -> str:
    """A warning when other work competed for the CPUs during the run."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cpus = os.cpu_count() or 1
    return f"load average {load:.2f} on {cpus} CPUs: the machine was busy" if load > cpus else ""


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def machine() -> str:
    from importlib import metadata

    import yaml

    libyaml = "libyaml" if hasattr(yaml, "CSafeLoader") else "no libyaml"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} ({libyaml}), "
        f"jsonschema-rs {metadata.version('jsonschema_rs')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=TARGET_N, help="documents (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--out", type=Path, default=None, help="corpus folder")
    args = parser.parse_args(argv)

    folder = prepare_corpus(args.n, args.seed, args.out)
    empty = prepare_corpus(0, args.seed)
    size = sum(path.stat().st_size for path in (folder / "docs").rglob("*.md"))
    print(f"pmdocs check benchmark: {args.n:,} documents ({size / 1e6:.1f} MB), seed {args.seed}")
    print(f"corpus: {folder}")
    print(f"machine: {machine()}")
    print(f"runs: {args.runs} of each, alternating, after one warm-up run")
    print(f"load average before: {_load()}\n")

    floor_proc, check_proc, output = time_processes(folder, args.runs)
    summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
    if not summary.endswith(" 0 errors, 0 warnings"):
        print(f"warning: the corpus is not clean: {summary}")
    floor_start, check_start, _ = time_processes(empty, args.runs)
    floor_mem, check_mem = measure_peaks(folder)
    floor_in, pmdocs_in, documents = time_in_process(folder, args.runs)

    n = args.n
    print(f"{'':36}{'best':>9} {'median':>9} {'per document':>12}")
    for timing in (floor_in, pmdocs_in, floor_proc, check_proc):
        print(_row(timing, n))
    print(
        f"  start-up, empty docs folder: floor {floor_start.best:.3f} s, "
        f"pmdocs check {check_start.best:.3f} s"
    )
    if floor_mem and check_mem:
        print(f"  peak memory: floor {floor_mem / 1024:.0f} MiB, "
              f"pmdocs check {check_mem / 1024:.0f} MiB")  # fmt: skip
    print(f"  pmdocs check said: {summary}\n")

    ratio = check_proc.best / floor_proc.best
    ratio_in = pmdocs_in.best / floor_in.best
    marginal_check = (check_proc.best - check_start.best) / max(n, 1)
    marginal_floor = (floor_proc.best - floor_start.best) / max(n, 1)
    marginal_ratio = marginal_check / marginal_floor if marginal_floor > 0 else float("nan")
    print(f"ratio pmdocs/floor per document, whole process: {ratio:.2f}x")
    print(f"ratio pmdocs/floor per document, in-process:    {ratio_in:.2f}x")
    print(
        f"ratio without start-up (per extra document):    {marginal_ratio:.2f}x "
        f"({marginal_check * 1e6:.0f} µs vs {marginal_floor * 1e6:.0f} µs)\n"
    )
    scope = "" if n == TARGET_N else f" (the targets are set for N={TARGET_N:,})"
    print(f"targets{scope}:")
    print(
        f"  pmdocs check whole process < {TARGET_SECONDS:.0f} s: "
        f"{check_proc.best:.2f} s best, {check_proc.median:.2f} s median: "
        f"{_verdict(check_proc.best < TARGET_SECONDS)}"
    )
    print(
        f"  per-document cost <= {TARGET_RATIO:.0f}x the floor: {ratio:.2f}x: "
        f"{_verdict(ratio <= TARGET_RATIO)}"
    )
    busy = _busy()
    if busy:
        print(f"note: {busy}; medians suffer first, best times are the figures to compare")
    if documents != n:
        print(f"note: load_project found {documents} documents, expected {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
