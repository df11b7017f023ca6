"""Times ``pmdocs stage`` on a generated corpus: a first run, and a run after one edit.

Generates (or reuses) a corpus of N documents under ``benchmarks/out/`` and
runs ``pmdocs stage`` as a whole process (imports included, from a bytecode
cache as an installed package has), as a user runs it: into an empty folder,
again with nothing changed, and again after one document's owner changed
(which rewrites that page and the pages showing it). Prints the best and
median of ``--repeat`` runs of each; the target is met by the median first
run. It stages into memory where the system has it, as the build benchmark
writes its sites: on disk, making 5,000 files costs what the disk and its
file system make it cost (0.5 to 1.5 s of system time on a virtual disk),
which ``--into`` measures too.

    python benchmarks/bench_stage.py [N] [--repeat R] [--into FOLDER]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_build import scratch_folder  # noqa: E402
from bench_check import child_environment  # noqa: E402

TARGET_SECONDS = 3.0


CPU: list[float] = []  # CPU seconds (user + system) of each run, beside its wall time


def _stage(folder: Path, outdir: Path) -> tuple[float, str]:
    command = [sys.executable, "-c", "from pmdocs.cli import main; main()", "stage", str(outdir)]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, check=False, env=child_environment()
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"pmdocs stage failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stderr.strip().splitlines()[-1]


def _edit(folder: Path, round_: int) -> None:
    """One document's owner changed: its page, the index of its type and its links' cards change."""
    path = sorted((folder / "docs").rglob("*.md"))[len(list((folder / "docs").rglob("*.md"))) // 2]
    text = path.read_text(encoding="utf-8")
    lines = [
        f"owner: Bench Owner {round_}" if line.startswith("owner:") else line
        for line in text.split("\n")
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--into",
        type=Path,
        default=scratch_folder(),
        help="where to stage (default: memory where the system has it, as the build benchmark "
        "writes its sites; give a folder on disk to add the disk's cost of making 5,000 files)",
    )
    args = parser.parse_args(argv)
    folder = corpus.ensure(corpus.default_folder(args.n, args.seed), args.n, args.seed)
    first: list[float] = []
    first_cpu: list[float] = []
    again: list[float] = []
    edited: list[float] = []
    scratch = Path(tempfile.mkdtemp(prefix="pmdocs-bench-stage-", dir=args.into))
    for round_ in range(args.repeat):
        # A new folder each round, the last one's removal flushed first: files
        # made while the file system still deletes 5,000 others take 5 times as long.
        outdir = scratch / f"staged-{round_}"
        os.sync()
        seconds, summary = _stage(folder, outdir)
        first.append(seconds)
        first_cpu.append(CPU[-1])
        seconds, _ = _stage(folder, outdir)
        again.append(seconds)
        _edit(folder, round_)
        seconds, edited_summary = _stage(folder, outdir)
        edited.append(seconds)
        shutil.rmtree(outdir, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"pmdocs stage, {args.n:,} documents, whole process ({args.repeat} runs each), "
        f"into {args.into}:"
    )
    for name, times in (("first run", first), ("nothing changed", again), ("one edit", edited)):
        print(f"  {name:16} best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(f"  first run CPU    best {min(first_cpu):.2f} s (user + system)")
    print(f"  {summary}\n  after one edit: {edited_summary}")
    verdict = "meets" if statistics.median(first) < TARGET_SECONDS else "misses"
    print(f"  target < {TARGET_SECONDS:.0f} s for a first run: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
