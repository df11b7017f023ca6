"""``pm/changes.md`` and the card's history line, from real git repositories."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from conftest import TODAY, Build, WriteProject
from gitrepo import ISOLATED, GitRepo, doc, prd, roadmap

from pmdocs.core.config import read_settings
from pmdocs.core.project import load_project
from pmdocs.site.pages import document_card, generated_pages

FILES = {
    "docs/index.md": "# Home\n",
    "docs/rm/alpha.md": roadmap("RM-001", start="2027-01-01", end="2027-01-15"),
    "docs/rm/beta.md": roadmap("RM-002"),
    "docs/prd/one.md": prd("PRD-001"),
    "docs/prd/two.md": prd("PRD-002"),
    "docs/risk/r.md": doc("risk", "RISK-001", "Vendor", "open", owner="Di", likelihood=2, impact=3),
}


def make_history(root: Path) -> GitRepo:
    """v1 on 2026-10-01; a later commit on 2026-11-20 moves RM-001's end and drops RM-002;
    the working tree adds PRD-003 (never committed) and removes PRD-001."""
    git = GitRepo(root)
    git.commit("v1", date="2026-10-01T12:00:00Z")
    git.tag("v1")
    git.write(
        {
            "docs/rm/alpha.md": roadmap("RM-001", start="2027-01-01", end="2027-01-29"),
            "docs/rm/beta.md": roadmap("RM-002", status="dropped"),
            "docs/risk/r.md": doc(
                "risk", "RISK-001", "Vendor", "mitigating", owner="Di", likelihood=2, impact=3
            ),
        }
    )
    git.commit("later", date="2026-11-20T12:00:00Z")
    git.write({"docs/prd/three.md": prd("PRD-003")})
    git.remove("docs/prd/one.md")
    return git


def main_of(page: str) -> str:
    found = re.search(r"<article.*?</article>", page, re.S)
    assert found
    return found.group(0)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Path:
    root = write_project(tmp_path_factory.mktemp("changes") / "site", FILES)
    make_history(root)
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_page_lists_slips_first_then_changes_by_function(built: Path) -> None:
    page = main_of((built / "pm/changes/index.html").read_text(encoding="utf-8"))
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page)
    assert headings == [
        "Changes since v1",
        "Roadmap slips",
        "Dropped from the roadmap",
        "Product planning",
        "Requirements analysis",
        "Risk management",
    ]
    assert "From v1 to this build: 1 added, 1 removed, 3 changed." in page
    slips = page.split("Roadmap slips")[1].split("<h2")[0]
    assert re.search(r'<tr data-id="RM-001" data-days="14">.*14 days later', slips)
    dropped = page.split("Dropped from the roadmap")[1].split("<h2")[0]
    assert 'data-id="RM-002"' in dropped and 'data-id="RM-001"' not in dropped


def test_every_entry_links_to_its_document(built: Path) -> None:
    page = main_of((built / "pm/changes/index.html").read_text(encoding="utf-8"))
    for doc_id, href in (
        ("RM-001", "../../rm/alpha/"),
        ("PRD-003", "../../prd/three/"),
        ("RISK-001", "../../risk/r/"),
    ):
        assert re.search(rf'href="{re.escape(href)}"><span class="pmdocs-ref__id">{doc_id}', page)
    # A removed document has no page: its id and title, without a link.
    assert "<del>PRD-001 Requirement PRD-001</del>" in page
    assert "<li>Status: planned → dropped</li>" in page


def test_the_page_is_in_the_automatic_navigation(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="pm/changes/"' in home


def test_a_card_says_when_its_file_last_changed_and_how_its_dates_moved(built: Path) -> None:
    alpha = (built / "rm/alpha/index.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="pmdocs-card__history">(.*?)</p>', alpha)
    assert line and line.group(1) == "Changed 7 days ago · End 14 days later since v1"
    two = (built / "prd/two/index.html").read_text(encoding="utf-8")
    assert "Changed 57 days ago</p>" in two
    # Never committed: git knows no date, so the card says nothing.
    assert "pmdocs-card__history" not in (built / "prd/three/index.html").read_text("utf-8")


def test_a_chinese_site_gets_the_page_in_chinese(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    root = write_project(
        tmp_path / "zh",
        FILES,
        {"plugins": ["search", {"pmdocs": {"today": TODAY, "language": "zh"}}]},
    )
    make_history(root)
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    page = main_of((root / "site/pm/changes/index.html").read_text(encoding="utf-8"))
    assert "自 v1 以来的变更" in page and "路线图变动" in page and "推迟 14 天" in page
    assert "产品规划" in page
    assert "<li>状态: 未处理 → 缓解中</li>" in page  # statuses by their labels
    alpha = (root / "site/rm/alpha/index.html").read_text(encoding="utf-8")
    assert "7 天前修改" in alpha


def test_without_git_history_the_page_says_so_and_the_strict_build_passes(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    root = write_project(tmp_path / "plain", FILES)
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    page = main_of((root / "site/pm/changes/index.html").read_text(encoding="utf-8"))
    assert 'data-problem="no_git"' in page
    assert "not in a git repository" in page
    assert "pmdocs-card__history" not in (root / "site/rm/alpha/index.html").read_text("utf-8")


def settings_of(root: Path, **changed: object):  # type: ignore[no-untyped-def]
    return dataclasses.replace(read_settings(root / "mkdocs.yml"), **changed)


def changes_page(root: Path, language: str = "en", **changed: object) -> str:
    project = load_project(settings_of(root, **changed))
    return generated_pages(project, language, TODAY)["pm/changes.md"]


def test_changes_since_a_duration_starts_at_the_last_commit_that_old(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(tmp_path / "s", FILES)
    make_history(root)
    # 2026-11-27 minus 30 days is 2026-10-28: the last commit by then is v1's.
    since_v1 = changes_page(root, changes_since="30d")
    assert "# Changes since 30d" in since_v1 and "RM-001" in since_v1
    # Minus 5 days is 2026-11-22: the later commit; only the working tree differs.
    recent = changes_page(root, changes_since="5d")
    assert "1 added, 1 removed, 0 changed" in recent
    assert 'data-problem="too_young"' in changes_page(root, changes_since="400d")


def test_a_commit_or_a_tag_can_be_named(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", FILES)
    git = make_history(root)
    head = git.git("rev-parse", "HEAD")
    page = changes_page(root, changes_since=head)
    assert "1 added, 1 removed, 0 changed" in page
    assert 'data-problem="no_revision"' in changes_page(root, changes_since="v9")


def test_no_tag_says_how_to_choose_a_revision(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", FILES)
    GitRepo(root).commit("one")
    page = changes_page(root)
    assert 'data-problem="no_tag"' in page and "changes_since" in page


def test_a_shallow_clone_lacking_the_tag_says_so(
    tmp_path: Path, write_project: WriteProject
) -> None:
    root = write_project(tmp_path / "s", FILES)
    make_history(root)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", root.as_uri(), str(clone)],
        check=True,
        env={**ISOLATED, "PATH": "/usr/bin:/bin"},
        capture_output=True,
    )
    page = changes_page(clone, changes_since="v1")
    assert 'data-problem="no_revision"' in page and "fetch-depth: 0" in page
    # The boundary commit of a shallow clone seems to make every file: no date is shown.
    project = load_project(settings_of(clone))
    card = document_card(project, project.graph.documents["PRD-002"], "en", TODAY)
    assert "pmdocs-card__history" not in card


def test_the_page_is_the_same_on_every_build(tmp_path: Path, write_project: WriteProject) -> None:
    root = write_project(tmp_path / "s", FILES)
    make_history(root)
    assert changes_page(root) == changes_page(root)
    assert changes_page(root, "zh") == changes_page(root, "zh")
