"""The risk register and its heat map, on small projects."""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import Build, WriteProject, assert_snapshot

from pmdocs.core.config import read_settings
from pmdocs.core.project import Project, load_project
from pmdocs.views import ViewContext
from pmdocs.views.risk import heat_map, register, render_page, score_band

TODAY = datetime.date(2026, 11, 27)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def doc(doc_type: str, doc_id: str, title: str, status: str, **fields: object) -> str:
    """A PM document whose front matter holds ``fields`` (JSON values are YAML too)."""
    data = {"type": doc_type, "id": doc_id, "title": title, "status": status, **fields}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def risk(doc_id: str, title: str, likelihood: object, impact: object, **fields: object) -> str:
    fields = {"status": "open", "owner": "Di", **fields}
    status = str(fields.pop("status"))
    return doc("risk", doc_id, title, status, likelihood=likelihood, impact=impact, **fields)


FILES = {
    "docs/risks/a.md": risk("RISK-1001", "Ten-oh-one", 5, 4, mitigation="Watch it."),
    "docs/risks/b.md": risk("RISK-101", "One-oh-one", 4, 5, threatens=["REL-001", "PRD-002"]),
    "docs/risks/c.md": risk("RISK-002", "Worst", 5, 5, status="mitigating", owner="Eve",
                            mitigation="Line one.\nLine two."),
    "docs/risks/d.md": risk("RISK-003", "Small", 2, 2, status="closed"),
    "docs/risks/e.md": risk("RISK-004", "Off the scale", 7, 2),
    "docs/risks/f.md": risk("RISK-005", "Not a number", True, 3),
    "docs/risks/g.md": risk("RISK-006", "Also small", 2, 2, status="accepted"),
    "docs/prd/x.md": doc("prd", "PRD-002", "Audit log", "draft", priority="P1", kind="user",
                         owner="Ann"),
    "docs/rel/x.md": doc("release", "REL-001", "2.0", "planned", version="2.0",
                         date="2026-12-15"),
}  # fmt: skip
INVALID = ("docs/risks/e.md", "docs/risks/f.md")  # likelihood 7, likelihood true


def load(make_site: WriteProject, files: dict[str, str]) -> Project:
    root = make_site(files)
    return load_project(read_settings(root / "mkdocs.yml"))


@pytest.fixture
def project(make_site: WriteProject) -> Project:
    return load(make_site, FILES)


def page_of(project: Project, language: str = "en") -> str:
    return render_page(ViewContext(project, "pm/risk/index.md", language, TODAY))


def test_register_sorts_by_score_then_natural_id_unscored_last(project: Project) -> None:
    entries = register(project)
    assert [(e.document.id, e.score) for e in entries] == [
        ("RISK-002", 25),
        ("RISK-101", 20),  # ties in natural order: 101 before 1001
        ("RISK-1001", 20),
        ("RISK-003", 4),
        ("RISK-006", 4),
        ("RISK-004", None),  # likelihood 7 is reported on its page; the map leaves it out
        ("RISK-005", None),
    ]


def test_register_entries_carry_what_the_row_shows(project: Project) -> None:
    entries = {e.document.id: e for e in register(project)}
    worst = entries["RISK-002"]
    assert (worst.likelihood, worst.impact, worst.band) == (5, 5, "critical")
    assert worst.mitigation == "Line one.\nLine two."
    assert [d.id for d in entries["RISK-101"].threatens] == ["PRD-002", "REL-001"]
    assert entries["RISK-005"].likelihood is None and entries["RISK-005"].impact == 3


def test_score_bands() -> None:
    bands = {score: score_band(score) for score in (1, 4, 5, 9, 10, 16, 20, 25)}
    assert bands == {
        1: "low", 4: "low", 5: "medium", 9: "medium",
        10: "high", 16: "high", 20: "critical", 25: "critical",
    }  # fmt: skip


def test_heat_map_is_five_by_five_likelihood_down_impact_across(project: Project) -> None:
    rows = heat_map(register(project))
    assert [[(c.likelihood, c.impact) for c in row] for row in rows] == [
        [(likelihood, impact) for impact in range(1, 6)] for likelihood in range(5, 0, -1)
    ]
    counts = {(c.likelihood, c.impact): [d.id for d in c.risks] for row in rows for c in row}
    assert {cell: found for cell, found in counts.items() if found} == {
        (5, 5): ["RISK-002"],
        (4, 5): ["RISK-101"],
        (5, 4): ["RISK-1001"],
        (2, 2): ["RISK-003", "RISK-006"],
    }


class _Anchors(HTMLParser):
    """Element ids and in-page links of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        href = found.get("href") or ""
        if href.startswith("#"):
            self.links.append(href[1:])


def test_every_heat_map_link_reaches_its_risks(project: Project) -> None:
    anchors = _Anchors()
    anchors.feed(markdown.markdown(page_of(project)))
    assert anchors.links, "the map links to its risks"
    assert set(anchors.links) <= set(anchors.ids)
    assert "risk-cell-2-2" in anchors.links
    register_rows = [i for i in anchors.ids if i.startswith("risk-RISK-")]
    assert register_rows == [
        "risk-RISK-002", "risk-RISK-101", "risk-RISK-1001", "risk-RISK-003",
        "risk-RISK-006", "risk-RISK-004", "risk-RISK-005",
    ]  # fmt: skip


def test_heat_map_shows_every_cell_with_its_count(project: Project) -> None:
    page = page_of(project)
    cells = re.findall(r'data-score="(\d+)" data-count="(\d+)"', page)
    assert len(cells) == 25
    assert sum(int(count) for _, count in cells) == 5
    assert page.count("pmdocs-heatmap__cell--empty") == 21
    cell = re.search(r'<td [^>]*data-likelihood="2" data-impact="2"[^>]*>\s*<a ([^>]*)>2</a>', page)
    assert cell is not None
    assert 'href="#risk-cell-2-2"' in cell.group(1)
    assert 'title="RISK-003, RISK-006"' in cell.group(1)
    assert "pmdocs-band--critical" in page and "pmdocs-band--low" in page


def test_register_row_links_status_owner_and_threats(project: Project) -> None:
    page = page_of(project)
    row = re.search(r'<tr id="risk-RISK-101"[^>]*>(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert len(cells) == 8
    assert 'href="../../risks/b/"' in cells[0] and "One-oh-one" in cells[0]
    assert ">20</span>" in cells[1]
    assert (cells[2], cells[3]) == ("4", "5")
    assert 'data-status="open"' in cells[4]
    assert cells[5] == "Di"
    assert "pmdocs-empty" in cells[6]  # no mitigation
    assert cells[7].index("PRD-002") < cells[7].index("REL-001")
    assert 'href="../../prd/x/"' in cells[7]


def test_chinese_labels(project: Project) -> None:
    page = page_of(project, "zh")
    assert page.startswith("# 风险登记册\n")
    for text in ("可能性", "影响程度", "几乎确定", "严重", "极高", "缓解措施", "威胁"):
        assert text in page


def test_a_project_without_risks(make_site: WriteProject) -> None:
    page = page_of(load(make_site, {"docs/index.md": "# Home\n"}))
    assert page == '# Risk register\n\n<p class="pmdocs-intro pmdocs-empty">No risks yet.</p>\n'


def test_values_stay_text(make_site: WriteProject) -> None:
    project = load(make_site, {
        "docs/r.md": risk("RISK-001", "<script>alert(1)</script> | pipe", 3, 3,
                          owner="<img src=x onerror=alert(1)>", mitigation="a | b <b>c</b>"),
    })  # fmt: skip
    page = page_of(project)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    html = markdown.markdown(page, extensions=["tables"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | pipe" in html
    row = re.search(r'<tr id="risk-RISK-001"[^>]*>(.*?)</tr>', html, re.S)
    assert row is not None and row.group(1).count("<td") == 8


@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_snapshot(project: Project, language: str) -> None:
    assert_snapshot(SNAPSHOTS / f"risk.{language}.md", page_of(project, language))


class _Page(HTMLParser):
    """Element ids and link targets of a built page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def _read_page(site: Path, url: str) -> _Page:
    page = _Page()
    page.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def built_site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Path:
    """The valid documents of `FILES`, built with MkDocs + Material in strict mode."""
    valid = {name: text for name, text in FILES.items() if name not in INVALID}
    root = write_project(
        tmp_path_factory.mktemp("risk-site"), {"docs/index.md": "# Home\n", **valid}
    )
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


def assert_links_resolve(site: Path, url: str) -> _Page:
    """Every relative link of the page at ``url`` reaches a built page, every fragment an id."""
    page = _read_page(site, url)
    for href in page.hrefs:
        target, _, fragment = href.partition("#")
        if "://" in href or not (target or fragment):
            continue
        folder = (site / url / target).resolve() if target else site / url
        html_file = folder / "index.html" if folder.is_dir() else folder
        assert html_file.is_file(), f"{url}: {href} leads nowhere"
        if fragment and not target:
            assert fragment in page.ids, f"{url}: #{fragment} has no target"
    return page


def test_built_traceability_page_links_resolve(built_site: Path) -> None:
    page = assert_links_resolve(built_site, "pm/traceability")
    assert "../../prd/x/" in page.hrefs and "../../risks/b/" in page.hrefs


def test_built_risk_page_links_resolve(built_site: Path) -> None:
    page = assert_links_resolve(built_site, "pm/risk")
    assert {"risk-cell-5-5", "risk-RISK-002", "risk-RISK-1001"} <= page.ids
    assert "#risk-cell-5-5" in page.hrefs and "#risk-RISK-002" in page.hrefs
    assert "../../risks/c/" in page.hrefs


def test_a_long_mitigation_is_clamped_a_short_one_is_not(make_site: WriteProject) -> None:
    long = "Rotate keys; " * 10
    files = {
        "docs/risks/a.md": risk("RISK-001", "Long", 3, 3, mitigation=long.strip()),
        "docs/risks/b.md": risk("RISK-002", "Short", 2, 2, mitigation="Watch it."),
    }
    page = page_of(load(make_site, files))
    assert page.count('<details class="pmdocs-clamp">') == 1
    assert '<td class="pmdocs-register__mitigation">Watch it.</td>' in page
