"""`pmdocs diff` on real git repositories: what it reports, in each format, and when it refuses."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import WriteProject
from gitrepo import ISOLATED, GitRepo, doc, prd, roadmap

from pmdocs.cli import main
from pmdocs.cli.diff import parse_range
from pmdocs.core.authoring import InputError


def diff(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "diff", *args])


def diff_json(root: Path, *args: str) -> dict[str, Any]:
    result = diff(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path, write_project: WriteProject) -> GitRepo:
    """v1: a roadmap item, two requirements and a milestone; then a working tree that changes them."""
    root = write_project(
        tmp_path / "site",
        {
            "docs/index.md": "# Home\n",
            "docs/rm/alpha.md": roadmap(
                "RM-001", start="2027-01-01", end="2027-01-15", delivers=["PRD-001", "PRD-002"]
            ),
            "docs/rm/beta.md": roadmap("RM-002"),
            "docs/prd/one.md": prd("PRD-001"),
            "docs/prd/two.md": prd("PRD-002", owner="Bo"),
            "docs/ms/m1.md": doc(
                "milestone", "MS-001", "Beta", "planned", due="2027-02-01", owner="Ann"
            ),
        },
    )
    git = GitRepo(root)
    git.commit("v1")
    git.tag("v1")
    git.write(
        {
            "docs/rm/alpha.md": roadmap(
                "RM-001",
                status="in-progress",
                start="2027-01-01",
                end="2027-01-29",
                delivers=["PRD-002", "PRD-003"],
            ),
            "docs/rm/beta.md": roadmap("RM-002", status="dropped"),
            "docs/prd/two.md": prd("PRD-002", owner="Bo", body="A new body."),
            "docs/prd/three.md": prd("PRD-003"),
            "docs/ms/m1.md": doc(
                "milestone", "MS-001", "Beta", "planned", due="2027-01-25", owner="Ann"
            ),
        }
    )
    git.remove("docs/prd/one.md")
    return git


def test_json_has_the_exact_shape_of_the_specification(repo: GitRepo) -> None:
    assert diff_json(repo.root) == {
        "from": "v1",
        "to": None,
        "added": ["PRD-003"],
        "removed": ["PRD-001"],
        "changed": [
            {
                "id": "MS-001",
                "type": "milestone",
                "title": "Beta",
                "fields": {"due": {"from": "2027-02-01", "to": "2027-01-25", "days": -7}},
                "links": {},
                "body": False,
            },
            {
                "id": "PRD-002",
                "type": "prd",
                "title": "Requirement PRD-002",
                "fields": {},
                "links": {},
                "body": True,
            },
            {
                "id": "RM-001",
                "type": "roadmap",
                "title": "Item RM-001",
                "fields": {
                    "status": {"from": "planned", "to": "in-progress"},
                    "end": {"from": "2027-01-15", "to": "2027-01-29", "days": 14},
                },
                "links": {"delivers": {"added": ["PRD-003"], "removed": ["PRD-001"]}},
                "body": False,
            },
            {
                "id": "RM-002",
                "type": "roadmap",
                "title": "Item RM-002",
                "fields": {"status": {"from": "planned", "to": "dropped"}},
                "links": {},
                "body": False,
            },
        ],
    }


def test_an_unchanged_document_is_not_listed_and_nothing_changed_is_exit_0(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(tmp_path / "s", {"docs/prd/a.md": prd("PRD-001")})
    git = GitRepo(root)
    git.commit("one")
    git.tag("v1")
    result = diff(root)
    assert result.exit_code == 0
    assert result.stdout == "pmdocs diff v1 to the working tree: 0 added, 0 removed, 0 changed\n"
    assert diff_json(root)["changed"] == []


def test_a_field_added_or_removed_shows_null_on_the_other_side(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(tmp_path / "s", {"docs/prd/a.md": prd("PRD-001", tags=["x"])})
    git = GitRepo(root)
    git.commit("one")
    git.tag("v1")
    git.write({"docs/prd/a.md": prd("PRD-001", review_by="2027-01-01")})
    fields = diff_json(root)["changed"][0]["fields"]
    assert fields == {
        "tags": {"from": ["x"], "to": None},
        "review_by": {"from": None, "to": "2027-01-01"},
    }


def test_a_moved_file_is_a_change_of_path_not_a_removal_and_an_addition(repo: GitRepo) -> None:
    repo.commit("v2")
    repo.git("mv", "docs/prd/two.md", "docs/prd/second.md")
    report = diff_json(repo.root, "HEAD..")
    assert report["added"] == [] and report["removed"] == []
    assert report["changed"] == [
        {
            "id": "PRD-002",
            "type": "prd",
            "title": "Requirement PRD-002",
            "fields": {"path": {"from": "prd/two.md", "to": "prd/second.md"}},
            "links": {},
            "body": False,
        }
    ]


def test_a_file_unreadable_at_one_revision_is_a_note_not_a_crash(repo: GitRepo) -> None:
    repo.write({"docs/prd/two.md": "---\ntype: prd\nid: PRD-002\ntitle: [unclosed\n---\n"})
    report = diff_json(repo.root)
    assert "PRD-002" not in report["removed"]  # unread, not gone
    assert [u["file"] for u in report["unreadable"]] == ["docs/prd/two.md"]
    assert report["unreadable"][0]["at"] == "to" and report["unreadable"][0]["code"] == "PM100"
    text = diff(repo.root)
    assert text.exit_code == 0
    assert "note: docs/prd/two.md could not be read at the working tree: PM100" in text.stdout


def test_without_argument_the_latest_tag_is_compared_with_the_working_tree(repo: GitRepo) -> None:
    repo.commit("v2", date="2026-10-15T12:00:00Z")
    repo.tag("v2")
    repo.write({"docs/prd/four.md": prd("PRD-004")})
    report = diff_json(repo.root)
    assert (report["from"], report["to"]) == ("v2", None)
    assert report["added"] == ["PRD-004"] and report["changed"] == []


def test_a_range_and_a_start_alone(repo: GitRepo) -> None:
    second = repo.commit("v2", date="2026-10-15T12:00:00Z")
    repo.write({"docs/prd/four.md": prd("PRD-004")})  # in the working tree only
    between = diff_json(repo.root, f"v1..{second}")
    assert (between["from"], between["to"]) == ("v1", second)
    assert between["added"] == ["PRD-003"]
    from_start = diff_json(repo.root, "v1..")
    assert from_start["to"] is None and from_start["added"] == ["PRD-003", "PRD-004"]
    assert diff_json(repo.root, "v1") == from_start


def test_the_working_tree_counts_uncommitted_and_untracked_files(repo: GitRepo) -> None:
    repo.commit("v2")
    repo.write({"docs/prd/new.md": prd("PRD-009")})
    assert diff_json(repo.root, "HEAD..")["added"] == ["PRD-009"]


def test_the_working_tree_is_compared_by_content_whatever_the_commits_between(
    tmp_path: Path, write_project: WriteProject
) -> None:
    """Files unchanged since A are not read again from git: what is reported stays the same."""
    broken = "---\ntype: prd\nid: PRD-005\ntitle: [unclosed\n---\n"
    root = write_project(
        tmp_path / "s",
        {
            "docs/prd/a.md": prd("PRD-001"),
            "docs/prd/b.md": prd("PRD-002"),
            "docs/prd/c.md": prd("PRD-003"),
            "docs/prd/d.md": prd("PRD-004"),
            "docs/prd/e.md": broken,
        },
    )
    git = GitRepo(root)
    git.commit("one")
    git.tag("v1")
    git.write({"docs/prd/a.md": prd("PRD-001", status="approved")})
    git.commit("two", date="2026-10-15T12:00:00Z")
    git.write({"docs/prd/a.md": prd("PRD-001")})  # back as it was at v1, not committed
    git.write({"docs/prd/b.md": prd("PRD-002", status="review")})
    git.git("add", "docs/prd/b.md")  # staged, not committed
    git.write({"docs/prd/c.md": prd("PRD-003", owner="Bo")})  # changed, not staged
    report = diff_json(root)
    assert [c["id"] for c in report["changed"]] == ["PRD-002", "PRD-003"]
    assert report["changed"][0]["fields"] == {"status": {"from": "draft", "to": "review"}}
    assert report["changed"][1]["fields"] == {"owner": {"from": "Ann", "to": "Bo"}}
    assert report["added"] == [] and report["removed"] == []
    assert [(u["file"], u["at"]) for u in report["unreadable"]] == [
        ("docs/prd/e.md", "from"),
        ("docs/prd/e.md", "to"),
    ]


def test_lists_are_in_natural_id_order(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", {"docs/index.md": "# Home\n"})
    git = GitRepo(root)
    git.commit("empty")
    git.tag("v1")
    git.write({f"docs/prd/{n}.md": prd(f"PRD-{n}") for n in ("10", "2", "1")})
    assert diff_json(root)["added"] == ["PRD-1", "PRD-2", "PRD-10"]


def test_only_the_docs_folder_counts_and_a_config_in_a_subfolder_works(
    tmp_path: Path, write_project: WriteProject
) -> None:
    repository = tmp_path / "repo"
    site = write_project(repository / "handbook", {"docs/prd/a.md": prd("PRD-001")})
    git = GitRepo(repository)
    git.write({"elsewhere/prd.md": prd("PRD-050")})
    git.commit("one")
    git.tag("v1")
    git.write({"docs-not/b.md": prd("PRD-051"), "handbook/docs/prd/b.md": prd("PRD-002")})
    report = diff_json(site)
    assert report["added"] == ["PRD-002"] and report["removed"] == []


def test_markdown_puts_the_roadmap_slips_first(repo: GitRepo) -> None:
    result = diff(repo.root, "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "## PM documents: v1 to the working tree",
        "### Roadmap slips",
        "### Dropped from the roadmap",
        "### Added",
        "### Removed",
        "### Changed",
    ]
    slips = text.split("### Roadmap slips")[1].split("###")[0]
    assert "| **MS-001** Beta | due | 2027-02-01 | 2027-01-25 | -7 days |" in slips
    assert "| **RM-001** Item RM-001 | end | 2027-01-15 | 2027-01-29 | +14 days |" in slips
    dropped = text.split("### Dropped from the roadmap")[1].split("###")[0]
    assert "RM-002" in dropped and "RM-001" not in dropped


def test_an_edit_that_only_moves_updated_on_is_no_slip(
    tmp_path: Path, write_project: WriteProject
) -> None:
    item = {"start": "2027-01-01", "end": "2027-01-15"}
    root = write_project(
        tmp_path / "s", {"docs/rm/a.md": roadmap("RM-001", updated="2026-10-01", **item)}
    )
    git = GitRepo(root)
    git.commit("one")
    git.tag("v1")
    git.write(
        {"docs/rm/a.md": roadmap("RM-001", status="in-progress", updated="2026-11-20", **item)}
    )
    fields = diff_json(root)["changed"][0]["fields"]
    assert fields["updated"] == {"from": "2026-10-01", "to": "2026-11-20", "days": 50}
    text = diff(root, "--format", "markdown").stdout
    assert "Roadmap slips" not in text and "- status: planned → in-progress" in text


def test_markdown_escapes_what_documents_say(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", {"docs/prd/a.md": prd("PRD-001")})
    git = GitRepo(root)
    git.commit("one")
    git.tag("v1")
    git.write({"docs/prd/b.md": doc("prd", "PRD-002", "<script>x</script> | *y*", "draft")})
    text = diff(root, "--format", "markdown").stdout
    assert "<script>" not in text and "&lt;script&gt;x&lt;/script&gt; \\| \\*y\\*" in text


def test_text_lists_each_change_on_its_own_line(repo: GitRepo) -> None:
    text = diff(repo.root).stdout
    assert text.splitlines()[:3] == [
        "pmdocs diff v1 to the working tree: 1 added, 1 removed, 4 changed",
        "added    PRD-003 Requirement PRD-003 (prd)",
        "removed  PRD-001 Requirement PRD-001 (prd)",
    ]
    assert "    end: 2027-01-15 → 2027-01-29 (+14 days)" in text
    assert "    delivers: +PRD-003 −PRD-001" in text
    assert "    body changed" in text


@pytest.mark.parametrize(
    "argument", ["nosuch..", "v1..nosuch", "nosuch", "v1...HEAD", "-v1", "v1..-HEAD", "--output=x"]
)
def test_a_revision_it_cannot_read_is_exit_2_with_one_line(repo: GitRepo, argument: str) -> None:
    result = diff(repo.root, "--", argument)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (repo.root / "x").exists()


def test_without_git_history_it_is_exit_2(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "plain", {"docs/prd/a.md": prd("PRD-001")})
    result = diff(root)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr
    json_result = diff(root, "--format", "json")
    assert json_result.exit_code == 2 and "error" in json.loads(json_result.stdout)


def test_a_repository_without_a_tag_needs_a_revision(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(tmp_path / "s", {"docs/prd/a.md": prd("PRD-001")})
    GitRepo(root).commit("one")
    result = diff(root)
    assert result.exit_code == 2 and "no tag" in result.stderr
    assert diff(root, "HEAD..").exit_code == 0


def test_a_shallow_clone_without_the_revision_says_so(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("v2", date="2026-10-15T12:00:00Z")
    clone = tmp_path / "clone"
    env = {**ISOLATED, "PATH": "/usr/bin:/bin"}
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone)],
        check=True,
        env=env,
        capture_output=True,
    )
    result = diff(clone, "--", "v1..")
    assert result.exit_code == 2
    assert "shallow" in result.stderr
    assert diff(clone, "HEAD..").exit_code == 0


def test_parse_range() -> None:
    assert parse_range(None) == (None, None)
    assert parse_range("v1") == ("v1", None)
    assert parse_range("v1..") == ("v1", None)
    assert parse_range("v1..v2") == ("v1", "v2")
    assert parse_range("..v2") == ("HEAD", "v2")
    with pytest.raises(InputError):
        parse_range("v1...v2")
