"""Times `run_query` on a generated corpus, the project loaded once.

    python benchmarks/bench_query.py            # 10,000 documents, 200 runs of each query
    python benchmarks/bench_query.py -n 2000 --runs 50

Loads the corpus (see ``corpus.py``) once, then times each query of
`QUERIES`: its first run (which builds the per-project indexes it needs) and
the best and median of the later runs. The target: under 5 ms per query at
10,000 documents.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # this checkout's pmdocs, whatever is installed

import corpus  # noqa: E402

TARGET_MS = 5.0
QUERIES = {
    "every document, id order": "show: table\n",
    "prd by status and priority": (
        "type: prd\nwhere:\n  status: [approved, in-progress]\n  priority: {not: [P3]}\n"
        "sort: [priority, -title]\nlimit: 20\n"
    ),
    "risks scored 12 or more": "type: risk\nwhere:\n  score: {min: 12}\nsort: [-score]\n",
    "milestones due in 2026": (
        "type: milestone\nwhere:\n  due: {after: 2025-12-31, before: 2027-01-01}\nsort: [due]\n"
    ),
    "all types, tag and owner, sorted": (
        "where:\n  owner: {not: [Nobody]}\nsort: [-updated, title]\ngroup_by: status\n"
    ),
    "board of prd by status": "type: prd\nshow: board\n",
    "linked with PRD-001": "where:\n  linked: PRD-001\n",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)

    from pmdocs.core.config import read_settings
    from pmdocs.core.project import load_project
    from pmdocs.core.query import parse_query, run_query

    folder = corpus.ensure(corpus.default_folder(args.n, args.seed), args.n, args.seed)
    start = time.perf_counter()
    project = load_project(read_settings(folder / "mkdocs.yml"))
    loaded = time.perf_counter() - start
    print(f"{len(project.documents):,} documents loaded in {loaded:.2f} s")
    worst = 0.0
    for name, text in QUERIES.items():
        query, problems = parse_query(text, project.types, "bench", graph=project.graph)
        assert query is not None, problems
        start = time.perf_counter()
        result = run_query(project, query)
        first = time.perf_counter() - start
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            run_query(project, query)
            times.append(time.perf_counter() - start)
        best, median = min(times) * 1000, statistics.median(times) * 1000
        worst = max(worst, median)
        print(
            f"{name:36} {result.total:6,} found  first {first * 1000:7.2f} ms  "
            f"best {best:6.2f} ms  median {median:6.2f} ms"
        )
    verdict = "meets" if worst < TARGET_MS else "misses"
    print(f"slowest median {worst:.2f} ms: {verdict} the target of {TARGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
