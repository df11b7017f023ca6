"""Times MkDocs site builds with and without pmdocs on a generated corpus.

    python benchmarks/bench_build.py                  # N = 1,000 and 5,000, 8 builds of each
    python benchmarks/bench_build.py --quick          # N = 1,000, 1 build of each
    python benchmarks/bench_build.py -n 2000 --runs 4
    python benchmarks/bench_build.py -n 5000 --runs 0 --profile out.pstats
    python benchmarks/bench_build.py -n 5000 --queries 200   # 200 query blocks, target 1.15x

For every N it generates (or reuses) a corpus of N documents under
``benchmarks/out/build-N-seedS/`` with two configurations over the same
``docs/`` folder, both with Material (``font: false``), the search plugin
and a short explicit ``nav``:

- ``mkdocs-plain.yml``: no pmdocs, so the PM documents are plain pages;
- ``mkdocs.yml``: pmdocs added, with the function map, roadmap, risk
  register and traceability page in the ``nav``.

The plain site's ``nav`` is as long as the pmdocs site's (documents stand in
for the generated pages): Material renders the nav into every page, so its
length alone moves the build time.

Then it builds both as whole processes (``python -m mkdocs build -q``),
writing sites and temporary files to memory where the system has it (see
`scratch_folder`), alternating the two so that the machine's noise hits
both, and prints the median wall and CPU time, the per-document cost, the
peak memory of each build process (its maximum resident set size) and the
ratios against the targets (the time ratio is the median over blocks of two
rounds, see `block_ratio`): the pmdocs build at most 1.10x the plain build,
peak memory at most 1.2x, pmdocs' cost per document flat from the smallest N
to the largest. The builds import pmdocs from this checkout.

Last, in this process and as ``mkdocs serve`` does it (a new configuration
and plugin instance per build, MkDocs' API), it builds the largest corpus
once, edits one document and builds again. It prints the time spent in
pmdocs' event handlers in both builds, and how much of the warm rebuild's
pmdocs time went into re-reading unchanged documents (target: under 10 %),
with the source cache's hits and misses.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import itertools
import logging
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
# pmdocs from this checkout, whatever `pip install -e` last pointed at.
sys.path[:0] = [str(REPOSITORY), str(HERE)]

import corpus  # noqa: E402

TARGET_RATIO = 1.10
TARGET_QUERY_RATIO = 1.15  # with --queries: the site's pages also hold query blocks
TARGET_MEMORY = 1.2
TARGET_FLAT = 1.25  # pmdocs' cost per document at the largest N / at the smallest
TARGET_REREAD = 0.10
PLAIN_CONFIG = "mkdocs-plain.yml"
PMDOCS_CONFIG = "mkdocs.yml"
# The short nav of the pmdocs site: home, a page of the team's own, the function
# map, the roadmap, the risk register and the traceability page.
PMDOCS_NAV = (
    *corpus.SHORT_NAV,
    ("Product documents", "pm/index.md"),
    ("Roadmap", "pm/roadmap/index.md"),
    ("Risks", "pm/risk/index.md"),
    ("Traceability", "pm/traceability.md"),
)
# The plain site has no generated pages; its nav has as many entries (Material
# renders the nav into every page, so its length alone changes the build time),
# pointing at documents of the same types.
PLAIN_STAND_INS = (("Product documents", "prd"), ("Roadmap", "roadmap"), ("Risks", "risk"),
                   ("Traceability", "design"))  # fmt: skip
EDITED = "An edit made by the rebuild benchmark.\n"


@dataclass
class Builds:
    """Wall and CPU times (seconds) and peak memory (KiB) of the builds of one configuration."""

    label: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak(self) -> int:
        return max(self.peaks)


def block_ratio(plain: Builds, pmdocs: Builds, cpu: bool = False) -> float:
    """The median over blocks of two rounds of pmdocs' time over the plain time.

    The machine drifts by tens of percent within a minute, so only builds
    run close together compare. Rounds swap which build goes first, so two
    rounds make a block plain, pmdocs, pmdocs, plain (or the reverse): a
    machine slowing down or speeding up steadily over the block costs both
    configurations the same, where within one round it would cost the build
    going second more. A last round without a partner counts on its own.
    """
    mine, theirs = (pmdocs.cpu, plain.cpu) if cpu else (pmdocs.times, plain.times)
    blocks = range(0, len(mine), 2)
    return statistics.median(sum(mine[i : i + 2]) / sum(theirs[i : i + 2]) for i in blocks)


@dataclass
class HookTimes:
    """Seconds spent in each of pmdocs' event handlers, and in reading sources."""

    hooks: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    read_hits: float = 0.0  # reads of unchanged files (the cache answered)
    read_misses: float = 0.0  # reads that parsed a file
    hits: int = 0
    misses: int = 0

    @property
    def total(self) -> float:
        return sum(self.hooks.values())


# ---------------------------------------------------------------- corpus


def prepare(n: int, seed: int, queries: int = 0) -> Path:
    """The corpus folder for (n, seed) with both configurations, regenerated when stale;
    with ``queries``, its own folder, whose ordinary pages hold that many query blocks."""
    name = f"build-{n}-seed{seed}" + (f"-q{queries}" if queries else "")
    folder = corpus.ensure(corpus.OUT / name, n, seed)
    if queries:
        prds = corpus.count_types(n)["prd"]
        ids = [f"{corpus.PREFIXES['prd']}-{i:03d}" for i in range(1, prds + 1)]
        corpus.write_query_pages(folder / "docs", ids, queries)
    (folder / PMDOCS_CONFIG).write_text(corpus.mkdocs_yml(n, True, PMDOCS_NAV), "utf-8")
    (folder / PLAIN_CONFIG).write_text(corpus.mkdocs_yml(n, False, plain_nav(folder)), "utf-8")
    return folder


def plain_nav(folder: Path) -> tuple[tuple[str, str], ...]:
    """The plain site's nav: as long as the pmdocs site's, with a document per stand-in."""
    entries = list(corpus.SHORT_NAV)
    for title, type_name in PLAIN_STAND_INS:
        first = min((folder / "docs" / type_name).glob("*.md"), default=None)
        if first is not None:
            entries.append((title, first.relative_to(folder / "docs").as_posix()))
    return tuple(entries)


# ---------------------------------------------------- whole-process builds


@functools.cache
def scratch_folder() -> Path:
    """Where builds write their sites and temporary files: memory, where the system has it.

    On disk, the kernel writes one build's 50 MB of pages back while the
    next build runs: writing the same site took anywhere from 0.15 to 1.45 s
    of a 3 s build, by itself more than the difference being measured.
    """
    memory = Path("/dev/shm")
    if memory.is_dir() and os.access(memory, os.W_OK):
        return memory
    return corpus.OUT


def child_environment() -> dict[str, str]:
    """The environment of a timed build: a bytecode cache, no MkDocs 2.0 banner, temp files in memory."""
    environment = dict(os.environ)
    environment["TMPDIR"] = str(scratch_folder())
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(corpus.OUT / "pycache")
    environment["NO_MKDOCS_2_WARNING"] = "1"
    # The builds use pmdocs from this checkout, whatever `pip install -e` last pointed at.
    path = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = os.pathsep.join([str(REPOSITORY), *([path] if path else [])])
    return environment


def build_process(folder: Path, config: str) -> tuple[float, float, int]:
    """Wall time, CPU time and peak RSS (KiB) of one ``mkdocs build``; stops on failure."""
    with tempfile.TemporaryDirectory(prefix="site-", dir=scratch_folder()) as site:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site]
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=folder, stdout=subprocess.DEVNULL, stderr=errors,
                env=child_environment(),
            )  # fmt: skip
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace")
                raise SystemExit(f"{' '.join(command)} failed in {folder}:\n{message}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def time_builds(folder: Path, runs: int, warm_up: bool) -> tuple[Builds, Builds]:
    """Plain and pmdocs builds, alternating, the one going first swapping every round."""
    plain, pmdocs = Builds("Material + search"), Builds("Material + search + pmdocs")
    pairs = [(plain, PLAIN_CONFIG), (pmdocs, PMDOCS_CONFIG)]
    if warm_up:  # fills the bytecode cache and the file system cache; not counted
        for _, config in pairs:
            build_process(folder, config)
    for index in range(runs):
        for builds, config in pairs if index % 2 == 0 else pairs[::-1]:
            elapsed, cpu, peak = build_process(folder, config)
            builds.times.append(elapsed)
            builds.cpu.append(cpu)
            builds.peaks.append(peak)
            print(
                f"  {builds.label:<27}{elapsed:7.2f} s wall {cpu:7.2f} s CPU "
                f"{peak / 1024:6.0f} MiB",
                flush=True,
            )
    return plain, pmdocs


# --------------------------------------------------------- in-process builds


@contextlib.contextmanager
def quiet_mkdocs() -> Iterator[None]:
    """MkDocs' info messages (pages not in the nav, ...) off, as ``build -q`` does."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def build_in_process(folder: Path, site: str) -> float:
    """One build through MkDocs' API, with a fresh configuration and plugins, as serve does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    with quiet_mkdocs():
        config = load_config(str(folder / PMDOCS_CONFIG), site_dir=site)
        build(config)
    return time.perf_counter() - start


@contextlib.contextmanager
def timed_hooks(times: HookTimes) -> Iterator[None]:
    """Time every ``on_*`` method of pmdocs' plugin class and every source read."""
    from mkdocs.plugins import CombinedEvent

    from pmdocs.core.project import SourceCache
    from pmdocs.plugin import events as plugin

    saved: dict[str, Any] = {}
    for name, method in list(vars(plugin.PmdocsPlugin).items()):
        if isinstance(method, CombinedEvent):  # several handlers of one event, each timed
            saved[name] = method
            parts = (_timed_method(name, part, times) for part in method.methods)
            setattr(plugin.PmdocsPlugin, name, CombinedEvent(*parts))
        elif name.startswith("on_") and callable(method):
            saved[name] = method
            setattr(plugin.PmdocsPlugin, name, _timed_method(name, method, times))
    original_read = SourceCache.read

    def read(cache: SourceCache, path: Any, display: str) -> Any:
        hits = cache.hits
        start = time.perf_counter()
        try:
            return original_read(cache, path, display)
        finally:
            elapsed = time.perf_counter() - start
            if cache.hits > hits:
                times.read_hits += elapsed
                times.hits += 1
            else:
                times.read_misses += elapsed
                times.misses += 1

    SourceCache.read = read  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        SourceCache.read = original_read  # type: ignore[method-assign]
        for name, method in saved.items():
            setattr(plugin.PmdocsPlugin, name, method)


def _timed_method(name: str, method: Callable[..., Any], times: HookTimes) -> Any:
    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            times.hooks[name] = times.hooks.get(name, 0.0) + time.perf_counter() - start
            times.calls[name] = times.calls.get(name, 0) + 1

    return timed


def edit_one(folder: Path) -> tuple[Path, bytes]:
    """Append a sentence to the first requirement; returns its path and its old bytes."""
    path = min((folder / "docs" / "prd").glob("*.md"))
    before = path.read_bytes()
    path.write_bytes(before + EDITED.encode("utf-8"))
    stat = path.stat()  # move the modification time on, whatever the file system's resolution
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return path, before


def cold_and_warm(folder: Path) -> tuple[float, HookTimes, float, HookTimes, bool]:
    """A first build in this process, one document edited, a rebuild (serve's sequence)."""
    from pmdocs.plugin import events as plugin

    plugin._CACHES.clear()
    cold, warm = HookTimes(), HookTimes()
    with tempfile.TemporaryDirectory(prefix="site-", dir=scratch_folder()) as site:
        with timed_hooks(cold):
            cold_seconds = build_in_process(folder, site)
        path, before = edit_one(folder)
        try:
            with timed_hooks(warm):
                warm_seconds = build_in_process(folder, site)
            page = Path(site, "prd", path.stem, "index.html")
            seen = EDITED.strip() in page.read_text(encoding="utf-8")
        finally:
            path.write_bytes(before)
    return cold_seconds, cold, warm_seconds, warm, seen


def profile_build(folder: Path, output: Path) -> None:
    """One in-process build under cProfile; prints pmdocs' functions by cumulative time."""
    from pmdocs.plugin import events as plugin

    plugin._CACHES.clear()
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="site-", dir=scratch_folder()) as site:
        profiler.enable()
        build_in_process(folder, site)
        profiler.disable()
    output.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(output)
    stats = pstats.Stats(str(output))
    print(f"\nprofile written to {output}; pmdocs functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"pmdocs[/\\]", 30)


# ------------------------------------------------------------------ report


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    from importlib import metadata

    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "Markdown")
    )
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), "
        f"Python {platform.python_version()}, {versions}"
    )


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report_size(n: int, plain: Builds, pmdocs: Builds) -> None:
    print(
        f"\n  N = {n:,}{'':18}{'wall':>8} {'per document':>13} {'CPU':>9} "
        f"{'peak memory':>12}  (medians)"
    )
    for builds in (plain, pmdocs):
        print(
            f"  {builds.label:<27}{builds.median:8.2f} s {builds.median / n * 1e3:9.2f} ms "
            f"{builds.median_cpu:8.2f} s {builds.peak / 1024:8.0f} MiB"
        )
    extra = (pmdocs.median - plain.median) / n * 1e3
    print(
        "  ratio pmdocs/plain (median of the blocks of two rounds): "
        f"wall {block_ratio(plain, pmdocs):.3f}x, CPU {block_ratio(plain, pmdocs, cpu=True):.3f}x, "
        f"memory {pmdocs.peak / plain.peak:.3f}x; pmdocs adds {extra:.2f} ms a document"
    )


def report_hooks(label: str, seconds: float, times: HookTimes, n: int) -> None:
    parts = ", ".join(f"{name} {value:.2f} s" for name, value in sorted(times.hooks.items()))
    print(
        f"  {label}: {seconds:.2f} s, pmdocs {times.total:.2f} s "
        f"({times.total / seconds:.0%}; {times.total / n * 1e3:.2f} ms a document)"
    )
    print(f"    {parts}")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 5000], help="sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=8, help="timed builds of each (default 8)")
    parser.add_argument("--quick", action="store_true", help="N = 1,000, one build of each")
    parser.add_argument("--profile", type=Path, help="also profile one build at the largest N")
    parser.add_argument(
        "--queries",
        type=int,
        default=0,
        help=f"also write this many query blocks on ordinary pages (target {TARGET_QUERY_RATIO}x)",
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="skip the in-process builds and rebuild"
    )
    return parser.parse_args(argv)


def process_builds(folders: dict[int, Path], runs: int) -> dict[int, tuple[Builds, Builds]]:
    """Whole-process builds of every size; prints each build and a summary per size."""
    results: dict[int, tuple[Builds, Builds]] = {}
    for index, (n, folder) in enumerate(folders.items()):
        if runs:
            print(f"\nN = {n:,}: {folder}")
            results[n] = time_builds(folder, runs, warm_up=index == 0)
    for n, (plain, pmdocs) in results.items():
        report_size(n, plain, pmdocs)
    return results


@dataclass
class Rebuild:
    """pmdocs' time per document in first builds by size, and the largest size's rebuild."""

    per_document: dict[int, float]
    seconds: float
    times: HookTimes
    seen: bool

    @property
    def reread(self) -> float:
        return self.times.read_hits / self.times.total if self.times.total else 0.0


def in_process_builds(folders: dict[int, Path]) -> Rebuild:
    """A first build of every size and a rebuild of the largest after one edit, in-process."""
    largest = max(folders)
    print(f"\nin one process, as `mkdocs serve` rebuilds (N = {largest:,}):")
    per_document: dict[int, float] = {}
    for n, folder in folders.items():
        cold_seconds, cold, warm_seconds, warm, seen = cold_and_warm(folder)
        per_document[n] = cold.total / n
        report_hooks(f"first build, N = {n:,}", cold_seconds, cold, n)
    report_hooks(f"rebuild after one edit, N = {largest:,}", warm_seconds, warm, largest)
    print(
        f"    source cache: {warm.hits:,} hits ({warm.read_hits:.3f} s: checking that the "
        f"unchanged files are unchanged), {warm.misses} parsed ({warm.read_misses:.3f} s)"
    )
    print(f"    the edit shows in the rebuilt page: {'yes' if seen else 'NO'}")
    return Rebuild(per_document, warm_seconds, warm, seen)


def report_targets(
    results: dict[int, tuple[Builds, Builds]], rebuild: Rebuild | None, queries: int
) -> None:
    print(f"\ntargets (load average after: {_load()}):")
    target = TARGET_QUERY_RATIO if queries else TARGET_RATIO
    with_queries = f" with {queries} query blocks" if queries else ""
    for n, (plain, pmdocs) in results.items():
        ratio = block_ratio(plain, pmdocs)
        memory = pmdocs.peak / plain.peak
        print(f"  N = {n:,}: pmdocs build{with_queries} <= {target:.2f}x plain: {ratio:.3f}x: "
              f"{_verdict(ratio <= target)}")  # fmt: skip
        print(f"  N = {n:,}: peak memory <= {TARGET_MEMORY:.1f}x plain: {memory:.3f}x: "
              f"{_verdict(memory <= TARGET_MEMORY)}")  # fmt: skip
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        a, b = results[small][1].median / small, results[large][1].median / large
        print(f"  whole pmdocs build per document: {a * 1e3:.2f} ms at {small:,}, "
              f"{b * 1e3:.2f} ms at {large:,} ({b / a:.2f}x)")  # fmt: skip
    if rebuild is None:
        return
    per_document = rebuild.per_document
    if len(per_document) > 1:
        small, large = min(per_document), max(per_document)
        growth = per_document[large] / per_document[small]
        print(
            f"  pmdocs' time per document flat, {small:,} -> {large:,}: "
            f"{per_document[small] * 1e3:.2f} -> {per_document[large] * 1e3:.2f} ms "
            f"({growth:.2f}x, at most {TARGET_FLAT:.2f}x): {_verdict(growth <= TARGET_FLAT)}"
        )
    print(
        f"  warm rebuild: re-reading unchanged documents < {TARGET_REREAD:.0%} of pmdocs' time: "
        f"{rebuild.reread:.1%}: {_verdict(rebuild.reread < TARGET_REREAD and rebuild.seen)}"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    sizes = [1000] if args.quick else sorted(set(args.n))
    runs = 1 if args.quick else args.runs
    folders = {n: prepare(n, args.seed, args.queries) for n in sizes}
    print(f"build benchmark: N = {', '.join(f'{n:,}' for n in sizes)}, seed {args.seed}")
    print(f"machine: {machine()}")
    print(f"runs: {runs} of each per size, alternating (after one warm-up build of each)")
    print(f"sites and temporary files written to: {scratch_folder()}")
    print(f"load average before: {_load()}")
    started = time.perf_counter()
    results = process_builds(folders, runs)
    rebuild = None if args.no_rebuild else in_process_builds(folders)
    report_targets(results, rebuild, args.queries)
    print(f"\ntotal benchmark time: {time.perf_counter() - started:.0f} s")
    if args.profile:
        profile_build(folders[sizes[-1]], args.profile)
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
