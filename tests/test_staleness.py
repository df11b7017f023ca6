"""The ``staleness`` option: PM310 for a passed ``review_by``, PM311 for a working document
that git has not seen change for longer than ``stale_after``; with a fixed today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TODAY, Build, WriteProject
from gitrepo import GitRepo, doc, prd

from pmdocs.cli import main
from pmdocs.core.config import settings_from_options
from pmdocs.core.doctypes import ConfigError
from pmdocs.core.staleness import WORKING_STATUSES, Staleness, parse_staleness


def config(staleness: Any) -> dict[str, Any]:
    return {"plugins": ["search", {"pmdocs": {"today": TODAY, "staleness": staleness}}]}


def check(root: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def found(report: dict[str, Any], code: str) -> list[tuple[str, int, int, str]]:
    return [
        (d["file"], d["line"], d["column"], d["id"])
        for d in report["diagnostics"]
        if d["code"] == code
    ]


def test_a_passed_review_date_is_pm310(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(
        tmp_path / "s",
        {
            "docs/a.md": prd("PRD-001", review_by="2026-11-26"),  # yesterday
            "docs/b.md": prd("PRD-002", review_by="2026-11-27"),  # today: not yet
            "docs/c.md": prd("PRD-003"),
        },
        config({"review_by": True}),
    )
    report = check(root)
    assert found(report, "PM310") == [("docs/a.md", 9, 12, "PRD-001")]
    diagnostic = next(d for d in report["diagnostics"] if d["code"] == "PM310")
    assert diagnostic["severity"] == "warning" and diagnostic["field"] == "review_by"
    assert "2026-11-26 has passed (1 day ago)" in diagnostic["message"]
    assert report["errors"] == 0


def test_staleness_is_off_by_default(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", {"docs/a.md": prd("PRD-001", review_by="2020-01-01")})
    assert found(check(root), "PM310") == []
    off = write_project(
        tmp_path / "t",
        {"docs/a.md": prd("PRD-001", review_by="2020-01-01")},
        config({"review_by": False}),
    )
    assert found(check(off), "PM310") == []


def history(root: Path) -> None:
    """Every file committed on 2026-08-01 (118 days before today); b.md again on 2026-11-01."""
    git = GitRepo(root)
    git.commit("one", date="2026-08-01T12:00:00Z")
    git.write({"docs/b.md": prd("PRD-002", body="Edited.")})
    git.commit("two", date="2026-11-01T12:00:00Z")


def test_a_working_document_unchanged_for_longer_than_stale_after_is_pm311(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(
        tmp_path / "s",
        {
            "docs/a.md": prd("PRD-001", status="draft"),  # old, working: stale
            "docs/b.md": prd("PRD-002"),  # changed 26 days ago
            "docs/c.md": prd("PRD-003", status="approved"),  # old, but not a working status
            "docs/d.md": doc(
                "risk", "RISK-001", "R", "mitigating", owner="Di", likelihood=1, impact=1
            ),  # mitigating: a working status
        },
        config({"stale_after": "90d", "review_by": False}),
    )
    history(root)
    (root / "docs/e.md").write_text(prd("PRD-004"), encoding="utf-8")  # not committed
    report = check(root)
    assert found(report, "PM311") == [
        ("docs/a.md", 5, 9, "PRD-001"),
        ("docs/d.md", 5, 9, "RISK-001"),
    ]
    message = next(d["message"] for d in report["diagnostics"] if d["code"] == "PM311")
    assert message == (
        "the document is 'draft' and its file has not changed in git for 118 days "
        "(since 2026-08-01; stale_after is 90d)"
    )


def test_stale_after_is_a_limit_not_reached_on_the_day(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(
        tmp_path / "s",
        {"docs/a.md": prd("PRD-001"), "docs/b.md": prd("PRD-002")},
        config({"stale_after": "118d"}),
    )
    history(root)
    assert found(check(root), "PM311") == []


def test_without_git_no_document_is_stale(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(
        tmp_path / "s", {"docs/a.md": prd("PRD-001")}, config({"stale_after": "1d"})
    )
    assert found(check(root), "PM311") == []


def test_the_build_reports_them_as_warnings_at_info_level(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    root = write_project(
        tmp_path / "s",
        {"docs/a.md": prd("PRD-001", review_by="2026-01-01"), "docs/b.md": prd("PRD-002")},
        config({"stale_after": "90d"}),
    )
    history(root)
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    assert "warning PM310 [PRD-001]" in result.stderr
    assert "warning PM311 [PRD-001]" in result.stderr
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"stale_after": "90 days"}, "stale_after must be a number of days such as 90d"),
        ({"stale_after": "0d"}, "stale_after must be a number of days"),
        ({"stale_after": 90}, "stale_after must be a number of days"),
        ({"review_by": "yes"}, "review_by must be true or false"),
        ({"stale": "90d"}, "unknown key stale in pmdocs staleness"),
        ("90d", "staleness must be a mapping"),
    ],
)
def test_a_bad_option_is_one_line_naming_mkdocs_yml(
    tmp_path: Path, write_project: WriteProject, value: Any, problem: str
) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_options(tmp_path, tmp_path / "docs", {"staleness": value})
    assert str(error.value).startswith("mkdocs.yml: ") and problem in str(error.value)
    root = write_project(tmp_path / "s", {"docs/a.md": prd("PRD-001")}, config(value))
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "mkdocs.yml: " in result.stderr


def test_the_option_values() -> None:
    assert parse_staleness({"review_by": True, "stale_after": "90d"}, "m") == Staleness(True, 90)
    assert parse_staleness({"stale_after": "30d"}, "m") == Staleness(True, 30)
    assert parse_staleness(None, "m") is None
    assert {"draft", "in-progress", "mitigating"} <= WORKING_STATUSES
    assert not {"planned", "approved", "done", "at-risk"} & WORKING_STATUSES


def test_changes_since_refuses_what_git_would_read_as_an_option(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="changes_since"):
        settings_from_options(tmp_path, tmp_path / "docs", {"changes_since": "--all"})
    settings = settings_from_options(tmp_path, tmp_path / "docs", {"changes_since": 1234567})
    assert settings.changes_since == "1234567"
