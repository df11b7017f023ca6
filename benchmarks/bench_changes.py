"""Times `pmdocs diff` and the changes page on a corpus with a real git history.

    python benchmarks/bench_changes.py                    # N = 5,000, 100 commits, 5 rounds
    python benchmarks/bench_changes.py -n 1000 --commits 20 --runs 2

It writes (or reuses) a corpus of N documents with `corpus.py` under
``benchmarks/out/changes-N-seedS-cC/``, makes it a git repository and
commits it, then makes C more commits of the edits a product team makes
week after week, each by one person on one day: statuses changed, roadmap
items', milestones' and releases' dates moved, links added and removed,
bodies edited (each edit moves ``updated`` to the day), documents added and
removed (only documents nothing refers to, so every revision checks clean).
The same N, seed and C give the same history, commit ids included.

Then, in rounds that alternate the order of the two builds (after one
warm-up of each, not counted), it times as whole processes:

- ``pmdocs diff FIRST..LAST``, the two revisions C commits apart;
- ``mkdocs build`` without ``changes_since`` (the repository has no tag, so
  the changes page says there is nothing to compare; the cards still read
  when each file last changed) and with ``changes_since: FIRST`` (the page
  lists every change of the C commits, the cards their dates' moves).

It prints the medians of CPU time (the process and the git commands it ran)
and wall time, the ratio of the builds (median over blocks of two rounds, as
`bench_build.py` judges) and the targets: ``pmdocs diff`` under 3 s, the
changes page adding at most 5 % to the build. Last, in this process, where
the changes page's time goes (git log, reading the old revision, comparing,
rendering).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path[:0] = [str(REPOSITORY), str(HERE)]

import bench_build  # noqa: E402
import corpus  # noqa: E402

TARGET_DIFF_SECONDS = 3.0
TARGET_PAGE_SHARE = 0.05
PLAIN_CONFIG = "mkdocs.yml"
CHANGES_CONFIG = "mkdocs-changes.yml"
NAV = (
    *corpus.SHORT_NAV,
    ("Product documents", "pm/index.md"),
    ("Roadmap", "pm/roadmap/index.md"),
    ("What changed", "pm/changes.md"),
)
FIRST_DAY = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.timezone.utc)
EDITS_PER_COMMIT = (6, 20)
# Kinds of edit and their weights: what a week of product work changes.
EDITS = {"status": 30, "date": 15, "links": 15, "body": 30, "add": 5, "remove": 5}
DATED = {"roadmap": ("start", "end"), "milestone": ("due",), "release": ("date",)}
ISOLATED_GIT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "benchmark@example.com",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "benchmark@example.com",
}
T = TypeVar("T")
ID_TOKEN = re.compile(r"(?<![\w-])[A-Z]+-\d+(?![\w-])")


# ----------------------------------------------------------------- history


def git(folder: Path, *args: str, date: datetime.datetime | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(ISOLATED_GIT)
    if date is not None:
        environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = date.isoformat()
    result = subprocess.run(
        ["git", *args], cwd=folder, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@dataclass
class History:
    """The repository's first and last commit and what the edits did."""

    first: str
    last: str
    commits: int
    edits: Counter[str] = field(default_factory=Counter)


class Editor:
    """Edits the corpus in memory, commit by commit, keeping every revision valid.

    New documents come from `corpus.py`'s own writer. A document is removed
    only when no other file names its id, and links are only added to
    documents that are there, so no revision has a broken link.
    """

    def __init__(self, docs_dir: Path, ids: dict[str, list[str]], seed: int) -> None:
        self.docs_dir = docs_dir
        self.rng = random.Random(seed * 7919 + 20)
        self.writer = corpus._Writer(random.Random(seed * 104729 + 20), ids)
        self.texts = {
            path.relative_to(docs_dir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(docs_dir.rglob("*.md"))
        }
        self.path_of: dict[str, str] = {}
        self.type_of: dict[str, str] = {}
        self.refs: Counter[str] = Counter()
        for path, text in self.texts.items():
            doc_id, doc_type = _front_value(text, "id"), _front_value(text, "type")
            if doc_id and doc_type:
                self.path_of[doc_id], self.type_of[doc_id] = path, doc_type
            self.refs.update(_references(text, doc_id))
        self.next_number = {
            name: len(ids[name]) + 1 for name in corpus.WEIGHTS
        }  # new ids come after every corpus id: depends_on stays acyclic
        self.touched: set[str] = set()
        self.removed: set[str] = set()

    # -------------------------------------------------------- bookkeeping

    def _set(self, path: str, text: str) -> None:
        doc_id = _front_value(self.texts[path], "id") if path in self.texts else None
        if path in self.texts:
            self.refs.subtract(_references(self.texts[path], doc_id))
        self.texts[path] = text
        self.refs.update(_references(text, _front_value(text, "id")))
        self.touched.add(path)

    def _ids(self, *types: str) -> list[str]:
        return sorted(i for i, t in self.type_of.items() if not types or t in types)

    def _touch_updated(self, text: str, day: datetime.date) -> str:
        return re.sub(r"^updated: .*$", f"updated: {day.isoformat()}", text, count=1, flags=re.M)

    # ---------------------------------------------------------------- edits

    def edit(self, kind: str, day: datetime.date) -> bool:
        """One edit of ``kind``; False when none of that kind was possible."""
        return bool(getattr(self, f"_{kind}")(day))

    def _status(self, day: datetime.date) -> bool:
        doc_id = self.rng.choice(self._ids())
        doc_type, path = self.type_of[doc_id], self.path_of[doc_id]
        text = self.texts[path]
        current = _front_value(text, "status")
        choices = [s for s in corpus.STATUSES[doc_type] if s != current]
        if not choices:
            return False
        text = re.sub(
            r"^status: .*$", f"status: {self.rng.choice(choices)}", text, count=1, flags=re.M
        )
        self._set(path, self._touch_updated(text, day))
        return True

    def _date(self, day: datetime.date) -> bool:
        doc_id = self.rng.choice(self._ids(*DATED))
        doc_type, path = self.type_of[doc_id], self.path_of[doc_id]
        text = self.texts[path]
        names = [n for n in DATED[doc_type] if _front_value(text, n)]
        if not names:  # an unscheduled roadmap item
            return False
        days = self.rng.randint(7, 45) if self.rng.random() < 0.8 else -self.rng.randint(3, 10)
        # A roadmap item's start moves with its end half the time; the end alone moves later.
        if doc_type == "roadmap" and (days < 0 or self.rng.random() < 0.5):
            moved = names
        else:
            moved = names[-1:]
        for name in moved:
            old = datetime.date.fromisoformat(str(_front_value(text, name)))
            new = (old + datetime.timedelta(days=days)).isoformat()
            text = re.sub(rf"^{name}: .*$", f"{name}: {new}", text, count=1, flags=re.M)
        self._set(path, self._touch_updated(text, day))
        return True

    def _links(self, day: datetime.date) -> bool:
        doc_id = self.rng.choice(self._ids(*corpus.LINKS))
        doc_type, path = self.type_of[doc_id], self.path_of[doc_id]
        name, allowed = self.rng.choice(sorted(corpus.LINKS[doc_type].items()))
        text = self.texts[path]
        front, body = _split(text)
        lines = front.split("\n")
        start, end, targets = _link_field(lines, name)
        if len(targets) > 1 and self.rng.random() < 0.4:
            targets.remove(self.rng.choice(targets))
        else:
            pool = self._ids() if allowed == ["any"] else self._ids(*allowed)
            if name == "depends_on":  # only earlier requirements: no cycle
                pool = [i for i in pool if _number(i) < _number(doc_id)]
            pool = [i for i in pool if i != doc_id and i not in targets]
            if not pool:
                return False
            targets.append(self.rng.choice(pool))
        written = [f"{name}: [{', '.join(targets)}]"]
        if start is None:  # a field the document did not have yet: before its tags
            at = next(i for i, line in enumerate(lines) if line.startswith("tags:"))
            lines[at:at] = written
        else:
            lines[start:end] = written
        self._set(path, self._touch_updated("\n".join(lines) + body, day))
        return True

    def _body(self, day: datetime.date) -> bool:
        doc_id = self.rng.choice(self._ids())
        path = self.path_of[doc_id]
        text = self.texts[path].rstrip("\n")
        language = self.rng.choice(["en", "en", "zh"])
        if self.rng.random() < 0.3:
            heading = self.rng.choice(corpus.HEADINGS[language])
            text += f"\n\n## {heading}\n\n{self.writer.sentence(language)}"
        else:
            text += (" " if language == "en" else "") + self.writer.sentence(language)
        self._set(path, self._touch_updated(text + "\n", day))
        return True

    def _add(self, day: datetime.date) -> bool:
        doc_type = self.rng.choice(sorted(corpus.WEIGHTS))
        if doc_type == "team":
            return False
        doc_id = f"{corpus.PREFIXES[doc_type]}-{self.next_number[doc_type]:03d}"
        self.next_number[doc_type] += 1
        # Links of a new document go to documents that are there (the writer's lists
        # lose every removed id), depends_on to any earlier requirement.
        relative, text = self.writer.document(doc_type, len(self.writer.ids["prd"]), doc_id)
        text = re.sub(r"^created: .*$", f"created: {day.isoformat()}", text, count=1, flags=re.M)
        self.path_of[doc_id], self.type_of[doc_id] = relative, doc_type
        self._set(relative, self._touch_updated(text, day))
        return True

    def _remove(self, day: datetime.date) -> bool:
        candidates = [i for i in self._ids() if self.refs[i] <= 0 and self.type_of[i] != "team"]
        if not candidates:
            return False
        doc_id = self.rng.choice(candidates)
        path = self.path_of.pop(doc_id)
        doc_type = self.type_of.pop(doc_id)
        self.refs.subtract(_references(self.texts.pop(path), doc_id))
        for ids in (self.writer.ids[doc_type], self.writer.all_ids):
            with contextlib.suppress(ValueError):
                ids.remove(doc_id)
        self.removed.add(path)
        return True

    def write(self) -> None:
        """Write the files edited since the last commit, delete the removed ones."""
        for path in sorted(self.touched):
            if path in self.texts:
                target = self.docs_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(self.texts[path], encoding="utf-8")
        for path in sorted(self.removed):
            (self.docs_dir / path).unlink(missing_ok=True)  # added and removed in one go
        self.touched.clear()
        self.removed.clear()


def _front_value(text: str, name: str) -> str | None:
    front, _ = _split(text)
    found = re.search(rf"^{re.escape(name)}: *(.*)$", front, re.M)
    return found.group(1).strip() if found else None


def _split(text: str) -> tuple[str, str]:
    """(front matter with its opening ``---``, the rest from the closing ``---`` on)."""
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---", 4)
    return (text[:end], text[end:]) if end != -1 else ("", text)


def _references(text: str, own_id: str | None) -> Counter[str]:
    found = Counter(ID_TOKEN.findall(text))
    found.pop(own_id or "", None)
    return found


def _link_field(lines: list[str], name: str) -> tuple[int | None, int | None, list[str]]:
    """Where link field ``name`` is written (start, end line) and its ids, in any of its forms."""
    for index, line in enumerate(lines):
        if not line.startswith(f"{name}:"):
            continue
        value = line[len(name) + 1 :].strip()
        if value.startswith("["):
            return index, index + 1, [v.strip() for v in value.strip("[]").split(",") if v.strip()]
        if value:
            return index, index + 1, [value]
        end = index + 1
        while end < len(lines) and lines[end].startswith("  - "):
            end += 1
        return index, end, [line[4:].strip() for line in lines[index + 1 : end]]
    return None, None, []


def _number(doc_id: str) -> int:
    return int(doc_id.rsplit("-", 1)[1])


def make_history(folder: Path, n: int, seed: int, commits: int) -> History:
    """A fresh corpus in a new git repository: one commit of it, then ``commits`` of edits."""
    written = corpus.generate(folder, n, seed)
    git(folder, "init", "-q", "-b", "main")
    # The configurations are the benchmark's, not the history's: written after it, untracked.
    (folder / PLAIN_CONFIG).unlink()
    exclude = folder / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    exclude.write_text(f"/{PLAIN_CONFIG}\n/{CHANGES_CONFIG}\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"{n} documents", date=FIRST_DAY)
    first = git(folder, "rev-parse", "HEAD")
    editor = Editor(written.docs_dir, written.ids, seed)
    history = History(first, first, commits)
    kinds, weights = zip(*EDITS.items(), strict=True)
    for number in range(1, commits + 1):
        moment = FIRST_DAY + datetime.timedelta(hours=40 * number)
        done = 0
        wanted = editor.rng.randint(*EDITS_PER_COMMIT)
        while done < wanted:
            kind = editor.rng.choices(kinds, weights)[0]
            if editor.edit(kind, moment.date()):
                history.edits[kind] += 1
                done += 1
        editor.write()
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", f"Week's edits {number}", date=moment)
    history.last = git(folder, "rev-parse", "HEAD")
    return history


def prepare(n: int, seed: int, commits: int) -> tuple[Path, History]:
    """The repository for (n, seed, commits), made again when it or the generators changed."""
    folder = corpus.OUT / f"changes-{n}-seed{seed}-c{commits}"
    stamp_file = folder / ".git" / "pmdocs-benchmark.json"
    generators = hashlib.sha256(
        Path(corpus.__file__).read_bytes() + Path(__file__).read_bytes()
    ).hexdigest()
    stamp = {"n": n, "seed": seed, "commits": commits, "generators": generators}
    with contextlib.suppress(OSError, ValueError):
        saved = json.loads(stamp_file.read_text(encoding="utf-8"))
        if saved["stamp"] == stamp:
            history = History(saved["first"], saved["last"], commits, Counter(saved["edits"]))
            write_configs(folder, n, history)
            return folder, history
    print(f"making {n:,} documents and {commits} commits of edits in {folder} ...", flush=True)
    started = time.perf_counter()
    history = make_history(folder, n, seed, commits)
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    stamp_file.write_text(
        json.dumps({"stamp": stamp, "first": history.first, "last": history.last,
                    "edits": dict(history.edits)}),
        encoding="utf-8",
    )  # fmt: skip
    write_configs(folder, n, history)
    checked = run_process([*pmdocs_command(), "check"], folder)[2].decode().strip().splitlines()
    print(f"  the last revision: {checked[-1] if checked else 'pmdocs check printed nothing'}")
    return folder, history


def write_configs(folder: Path, n: int, history: History) -> None:
    """Both configurations: without ``changes_since``, and with it set to the first commit."""
    plain = corpus.mkdocs_yml(n, True, NAV)
    today = f"today: {corpus.TODAY.isoformat()}\n"
    assert today in plain
    with_changes = plain.replace(today, f"{today}      changes_since: {history.first}\n")
    (folder / PLAIN_CONFIG).write_text(plain, encoding="utf-8")
    (folder / CHANGES_CONFIG).write_text(with_changes, encoding="utf-8")


# ------------------------------------------------------------------ timing


def pmdocs_command() -> list[str]:
    return [sys.executable, "-c", "import sys; from pmdocs.cli import main; sys.exit(main())"]


def run_process(command: list[str], folder: Path) -> tuple[float, float, bytes]:
    """Wall time, CPU time (the process and every child it waited for) and stdout."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=folder, stdout=output, stderr=errors,
            env=bench_build.child_environment(),
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} failed in {folder}:\n{message}")
        output.seek(0)
        return elapsed, usage.ru_utime + usage.ru_stime, output.read()


@dataclass
class Runs:
    label: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, elapsed: float, cpu: float) -> None:
        self.times.append(elapsed)
        self.cpu.append(cpu)
        print(f"  {self.label:<34}{elapsed:7.2f} s wall {cpu:7.2f} s CPU", flush=True)


def time_rounds(folder: Path, history: History, rounds: int) -> tuple[Runs, Runs, Runs]:
    """``pmdocs diff`` and the two builds, in rounds that swap the builds' order."""
    diff = Runs("pmdocs diff FIRST..LAST")
    plain = Runs("build, no changes_since")
    changes = Runs("build, changes_since: FIRST")
    diff_command = [*pmdocs_command(), "diff", f"{history.first}..{history.last}"]
    builds = [(plain, PLAIN_CONFIG), (changes, CHANGES_CONFIG)]
    run_process(diff_command, folder)  # warm-up: bytecode and file system caches
    for _, config in builds:
        bench_build.build_process(folder, config)
    for index in range(rounds):
        diff.add(*run_process(diff_command, folder)[:2])
        for runs, config in builds if index % 2 == 0 else builds[::-1]:
            elapsed, cpu, _ = bench_build.build_process(folder, config)
            runs.add(elapsed, cpu)
    return diff, plain, changes


def block_ratio(plain: Runs, changes: Runs) -> float:
    """CPU of the build with the page over the one without, median over blocks of two rounds."""
    blocks = range(0, len(plain.cpu), 2)
    return statistics.median(
        sum(changes.cpu[i : i + 2]) / sum(plain.cpu[i : i + 2]) for i in blocks
    )


def diff_counts(folder: Path, history: History) -> dict[str, int]:
    command = [*pmdocs_command(), "diff", f"{history.first}..{history.last}", "--format", "json"]
    shown = json.loads(run_process(command, folder)[2])
    return {key: len(shown[key]) for key in ("added", "removed", "changed")}


def breakdown(folder: Path) -> dict[str, float]:
    """CPU seconds (with git's) of each part of the changes page's work, in-process, one run each."""
    from pmdocs.core import changes, git
    from pmdocs.core.config import read_settings
    from pmdocs.core.project import load_project
    from pmdocs.views import ViewContext
    from pmdocs.views.changes import render_page

    settings = read_settings(folder / CHANGES_CONFIG)
    project = load_project(settings)
    parts: dict[str, float] = {}

    def timed(name: str, work: Callable[[], T]) -> T:
        start = _cpu()
        result = work()
        parts[name] = _cpu() - start
        return result

    repository = git.find_repository(settings.docs_dir)
    since = repository.resolve(str(settings.changes_since))
    timed("git log: when each file last changed", repository.last_changes)
    timed("git diff: files changed since FIRST", lambda: repository.changed_in_work_tree(since))
    before = timed(
        "FIRST read (changed files from git, parsed)",
        lambda: changes.snapshot_at(repository, since, settings, project.types, "from", project),
    )
    timed(
        "FIRST read in full, as before (for comparison)",
        lambda: changes.snapshot_at(repository, since, settings, project.types, "from"),
    )
    after = changes.snapshot_of_project(project)
    timed("comparing", lambda: changes.compare(before, after, project.types, since, None))
    ctx = ViewContext(project, f"{settings.prefix}/changes.md", "en", corpus.TODAY)
    timed("pm/changes.md (all of the above once, then written)", lambda: render_page(ctx))
    return parts


def _cpu() -> float:
    """CPU seconds of this process and of the git commands it ran and waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


# ------------------------------------------------------------------ report


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5000, help="documents (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=100, help="commits of edits (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (default 5)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    folder, history = prepare(args.n, args.seed, args.commits)
    print(f"changes benchmark: N = {args.n:,}, seed {args.seed}, {args.commits} commits of edits")
    print(f"machine: {bench_build.machine()}")
    print(f"repository: {folder}, FIRST {history.first[:10]}, LAST {history.last[:10]}")
    edits = ", ".join(f"{kind} {count}" for kind, count in sorted(history.edits.items()))
    print(f"edits in the history: {edits}")
    counts = diff_counts(folder, history)
    print("pmdocs diff FIRST..LAST finds: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(
        f"rounds: {args.runs}, after one warm-up of each; load average before: {bench_build._load()}"
    )
    started = time.perf_counter()
    diff, plain, changes = time_rounds(folder, history, args.runs)
    ratio = block_ratio(plain, changes)
    print("\nmedians:")
    for runs in (diff, plain, changes):
        print(f"  {runs.label:<34}{statistics.median(runs.times):7.2f} s wall "
              f"{statistics.median(runs.cpu):7.2f} s CPU")  # fmt: skip
    diff_cpu = statistics.median(diff.cpu)
    print(f"\ntargets (load average after: {bench_build._load()}):")
    print(f"  pmdocs diff, {args.commits} commits apart, N = {args.n:,}, < "
          f"{TARGET_DIFF_SECONDS:.0f} s CPU: {diff_cpu:.2f} s "
          f"(wall {statistics.median(diff.times):.2f} s): "
          f"{_verdict(diff_cpu < TARGET_DIFF_SECONDS)}")  # fmt: skip
    print(f"  the changes page adds <= {TARGET_PAGE_SHARE:.0%} to the build (CPU, median of "
          f"blocks of two rounds): {ratio:.3f}x, +{ratio - 1:.1%}: "
          f"{_verdict(ratio <= 1 + TARGET_PAGE_SHARE)}")  # fmt: skip
    print("\nwhere the changes page's time goes (in-process, CPU, one run):")
    for name, seconds in breakdown(folder).items():
        print(f"  {name:<48}{seconds:6.3f} s")
    print(f"\ntotal benchmark time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
