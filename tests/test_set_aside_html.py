"""pmdocs' own HTML skips Markdown: it still lands in the page whole, and its anchors count.

The metadata card joins a page after search has indexed it, so the index
holds the document's own text, not the card that repeats the index pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import Build, WriteProject

RISK = """---
type: risk
id: RISK-001
title: Launch slips
status: open
owner: Ana Lindqvist
likelihood: 3
impact: 4
---

Body of the risk.
"""


def test_links_to_anchors_in_generated_pages_are_checked(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    files = {
        "docs/index.md": "# Home\n\n[The risk](pm/risk/index.md#risk-RISK-001)\n"
        "[Health](pm/index.md#pmdocs-health)\n[Nowhere](pm/risk/index.md#no-such-row)\n",
        "docs/risk/launch.md": RISK,
    }
    project = write_project(tmp_path, files, {"validation": {"anchors": "warn"}})
    result = build(project)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "does not contain an anchor" in line]
    assert len(warnings) == 1 and "#no-such-row" in warnings[0], warnings


def test_no_marker_reaches_the_site_and_the_card_is_whole(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    project = write_project(tmp_path, {"docs/index.md": "# Home\n", "docs/risk/launch.md": RISK})
    result = build(project)
    assert result.returncode == 0, result.stderr
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pmdocs[0-9a-f]{16}[xr][0-9]+x", text), page
        assert not re.search(r"<!-- pmdocs[0-9a-f]{16} [0-9]+ -->", text), page
    card = (project / "site/risk/launch/index.html").read_text(encoding="utf-8")
    assert card.count('class="pmdocs-card"') == 1
    assert "Ana Lindqvist" in card


def built_with_search(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> tuple[Path, list[dict[str, str]]]:
    """A site with one risk, built, and the entries of its search index."""
    project = write_project(tmp_path, {"docs/index.md": "# Home\n", "docs/risk/launch.md": RISK})
    assert build(project).returncode == 0
    index = json.loads((project / "site/search/search_index.json").read_text(encoding="utf-8"))
    return project, index["docs"]


def test_search_indexes_the_document_but_not_its_card(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    _, entries = built_with_search(tmp_path, write_project, build)
    texts = " ".join(entry["text"] for entry in entries if entry["location"].startswith("risk/"))
    assert "Body of the risk." in texts
    assert "pmdocs-card" not in texts and "Likelihood" not in texts


def test_search_finds_generated_pages_by_title_not_by_their_tables(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    project, entries = built_with_search(tmp_path, write_project, build)
    titles = {entry["location"]: entry["title"] for entry in entries}
    assert titles.get("pm/risk/") == "Risk register"
    generated = [entry for entry in entries if entry["location"].startswith("pm/")]
    assert all("Launch slips" not in entry["text"] for entry in generated), generated
    risk_page = (project / "site/pm/risk/index.html").read_text(encoding="utf-8")
    assert "Launch slips" in risk_page


def test_another_theme_gets_the_card_and_the_tables_too(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    files = {"docs/index.md": "# Home\n\nSee [[RISK-001]].\n", "docs/risk/launch.md": RISK}
    project = write_project(tmp_path, files, {"theme": {"name": "mkdocs"}})
    result = build(project, strict=True)
    assert result.returncode == 0, result.stderr
    card = (project / "site/risk/launch/index.html").read_text(encoding="utf-8")
    assert card.count('class="pmdocs-card"') == 1 and "Ana Lindqvist" in card
    register = (project / "site/pm/risk/index.html").read_text(encoding="utf-8")
    assert 'data-id="RISK-001"' in register
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert 'href="risk/launch/">RISK-001 Launch slips</a>' in home
    for page in (card, register, home):
        assert not re.search(r"pmdocs[0-9a-f]{16}", page)


# Records each page's content as other plugins see it once the site is written.
CONTENT_HOOKS = """
import json
from pathlib import Path

PAGES = []


def on_page_context(context, page, config, nav):
    PAGES.append(page)
    return context


def on_post_build(config):
    contents = {page.file.src_uri: page.content for page in PAGES}
    Path(config.site_dir, "contents.json").write_text(json.dumps(contents), encoding="utf-8")
"""


def test_pages_keep_their_own_content_once_written(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    """Cards and tables are written into the page, not kept in its content to the build's end."""
    files = {"docs/index.md": "# Home\n", "docs/risk/launch.md": RISK, "hooks.py": CONTENT_HOOKS}
    project = write_project(tmp_path, files, {"hooks": ["hooks.py"]})
    result = build(project)
    assert result.returncode == 0, result.stderr
    contents = json.loads((project / "site/contents.json").read_text(encoding="utf-8"))
    assert "Body of the risk." in contents["risk/launch.md"]
    assert "pmdocs-card" not in contents["risk/launch.md"]
    assert 'data-id="RISK-001"' not in contents["pm/risk/index.md"]
    card = (project / "site/risk/launch/index.html").read_text(encoding="utf-8")
    assert card.count('class="pmdocs-card"') == 1
    register = (project / "site/pm/risk/index.html").read_text(encoding="utf-8")
    assert 'data-id="RISK-001"' in register
