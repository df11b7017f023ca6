"""Baselines: `pmdocs check --write-baseline FILE` then `--baseline FILE` fails only on new problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmdocs.cli import main

LEGACY = """---
type: prd
id: PRD-001
title: Legacy requirement
status: wip
owner: Ana
priority: P1
kind: user
sources: [RES-998, RES-999]
---

Written before the team adopted pmdocs.
"""


def pmdocs(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), "check", *args])


@pytest.fixture
def project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"docs/index.md": "# Home\n", "docs/prd/legacy.md": LEGACY})
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def baselined(project: Path) -> Path:
    result = pmdocs(project, "--write-baseline", "pmdocs-baseline.json")
    assert result.exit_code == 0, result.output
    assert result.stderr == "pmdocs: wrote pmdocs-baseline.json with 3 problems\n"
    return project


def edit(project: Path, old: str, new: str) -> None:
    path = project / "docs" / "prd" / "legacy.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_without_a_baseline_the_legacy_problems_fail(project: Path) -> None:
    result = pmdocs(project)
    assert result.exit_code == 1
    assert result.stdout.endswith("pmdocs: 1 document, 3 errors, 0 warnings\n")


def test_the_baseline_file_counts_problems_by_file_code_id_and_field(baselined: Path) -> None:
    baseline = json.loads((baselined / "pmdocs-baseline.json").read_text(encoding="utf-8"))
    assert baseline == {
        "pmdocs_baseline": 1,
        "problems": [
            {
                "file": "docs/prd/legacy.md",
                "code": "PM122",
                "id": "PRD-001",
                "field": "status",
                "count": 1,
            },
            {
                "file": "docs/prd/legacy.md",
                "code": "PM201",
                "id": "PRD-001",
                "field": "sources",
                "count": 2,
            },
        ],
    }


def test_known_problems_pass_and_are_summarised(baselined: Path) -> None:
    result = pmdocs(baselined, "--baseline", "pmdocs-baseline.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "pmdocs: 1 document, 0 errors, 0 warnings; 3 known problems accepted by the baseline\n"
    )


def test_the_match_survives_lines_inserted_above(baselined: Path) -> None:
    edit(baselined, "title:", "tags: [legacy, enterprise]\ncreated: 2025-01-02\ntitle:")
    edit(baselined, "sources: [RES-998, RES-999]", "sources:\n  - RES-998\n  - RES-999")
    moved = pmdocs(baselined)
    assert [line.split(":")[1] for line in moved.stdout.splitlines()[:3]] == ["7", "12", "13"]
    assert pmdocs(baselined, "--baseline", "pmdocs-baseline.json").exit_code == 0


def test_a_new_problem_fails_and_only_it_is_reported(baselined: Path) -> None:
    edit(baselined, "priority: P1", "priority: P7")
    result = pmdocs(baselined, "--baseline", "pmdocs-baseline.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "docs/prd/legacy.md:7:11: error PM122 [PRD-001] priority: 'P7' is not one of P0, P1, P2, P3",
        "pmdocs: 1 document, 1 error, 0 warnings; 3 known problems accepted by the baseline",
    ]


def test_a_second_identical_problem_needs_a_second_entry(baselined: Path) -> None:
    edit(baselined, "RES-999]", "RES-999, RES-997]")
    result = pmdocs(baselined, "--baseline", "pmdocs-baseline.json")
    assert result.exit_code == 1
    assert "no document has id 'RES-997'" in result.stdout
    assert "'RES-998'" not in result.stdout and "'RES-999'" not in result.stdout


def test_github_format_still_prints_the_summary(baselined: Path) -> None:
    edit(baselined, "owner: Ana", "owner: Ana\nsponsor: Bo")
    args = ("--baseline", "pmdocs-baseline.json", "--format", "github")
    result = pmdocs(baselined, *args)
    assert result.exit_code == 0  # a warning fails only with --strict
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning file=docs/prd/legacy.md,line=7,col=1,title=PM125::")
    assert lines[1].startswith("pmdocs: 1 document, 0 errors, 1 warning; 3 known")
    assert pmdocs(baselined, *args, "--strict").exit_code == 1


def test_json_format_tells_how_many_the_baseline_accepted(baselined: Path) -> None:
    edit(baselined, "status: wip", "status: draft")
    result = pmdocs(baselined, "--baseline", "pmdocs-baseline.json", "--format", "json")
    report = json.loads(result.stdout)
    assert report["diagnostics"] == [] and report["errors"] == 0
    assert report["baseline"] == {"known": 2, "fixed": 1}


def test_fixed_problems_are_dropped_when_the_baseline_is_tightened(baselined: Path) -> None:
    edit(baselined, "status: wip", "status: draft")
    edit(baselined, "RES-998, ", "")
    checked = pmdocs(baselined, "--baseline", "pmdocs-baseline.json")
    assert "2 fixed since (tighten it with --write-baseline)" in checked.stdout
    args = ("--baseline", "pmdocs-baseline.json", "--write-baseline", "pmdocs-baseline.json")
    assert pmdocs(baselined, *args).exit_code == 0
    baseline = json.loads((baselined / "pmdocs-baseline.json").read_text(encoding="utf-8"))
    assert [(p["code"], p["count"]) for p in baseline["problems"]] == [("PM201", 1)]
    edit(baselined, "status: draft", "status: wip")  # a fixed problem coming back is new
    assert pmdocs(baselined, "--baseline", "pmdocs-baseline.json").exit_code == 1


def test_writing_the_baseline_is_deterministic(baselined: Path) -> None:
    first = (baselined / "pmdocs-baseline.json").read_bytes()
    pmdocs(baselined, "--write-baseline", "again.json")
    assert (baselined / "again.json").read_bytes() == first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "missing.json: cannot read the baseline"),
        ("{not json", "the baseline is not valid JSON (line 1)"),
        ('{"problems": []}', "not a pmdocs baseline"),
        ('{"pmdocs_baseline": 1, "problems": [{"code": "PM201"}]}', "problem 1 of the baseline"),
        (
            '{"pmdocs_baseline": 1, "problems": [{"file": "a.md", "code": "X", "count": 0}]}',
            "count must be 1 or more",
        ),
    ],
)
def test_a_bad_baseline_file_is_one_line_and_exit_2(
    project: Path, content: str | None, message: str
) -> None:
    name = "missing.json" if content is None else "bad.json"
    if content is not None:
        (project / name).write_text(content, encoding="utf-8")
    result = pmdocs(project, "--baseline", name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pmdocs: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
