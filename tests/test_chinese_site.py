"""A Chinese site says everything pmdocs writes in Chinese: labels of statuses and values from
the type files, field descriptions, quarter labels and the health table.

The example site is built with ``language: zh``; what pmdocs writes on its pages must hold
none of the English words pmdocs writes on an English site. The documents' own words
(titles, owners, themes, values without labels) are taken out first: they are the
team's, not pmdocs'.
"""

from __future__ import annotations

import datetime
import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Build

from pmdocs.core.doctypes import allowed_values
from pmdocs.core.i18n import DIAGNOSTIC_CODES
from pmdocs.core.project import Project, Settings, load_project
from pmdocs.site.pages import generated_pages
from pmdocs.views import ViewContext
from pmdocs.views.card import render_card
from pmdocs.views.roadmap import axis_text
from pmdocs.views.timeline import LaneInput, Span, layout_timeline

REPO = Path(__file__).resolve().parent.parent

# English words pmdocs writes on an English site: headings, labels, statuses, values.
ENGLISH_UI_WORDS = (
    "Owner", "Status", "Type", "Title", "Function", "Documents", "documents", "By status",
    "Health", "Errors", "Warnings", "Page", "Line", "Problem", "Links", "Linked from",
    "Gap", "Priority", "Kind", "Tags", "Created", "Updated", "Theme", "Horizon", "Start",
    "End", "Due", "Method", "Feasibility", "Result", "Segment", "Field", "Required",
    "Allowed values", "optional", "required", "text", "list of", "date",
    "Q1", "Q2", "Q3", "Q4", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec", "Today", "Now", "Next", "Later", "Roadmap", "Milestones", "Releases",
    "business", "user", "technical", "quantitative", "qualitative", "mixed", "high",
    "medium", "low", "pending", "validated", "invalidated", "now", "next", "later",
    "draft", "final", "approved", "planned", "in progress", "in-progress", "done",
    "shipped", "open", "closed", "Met", "met", "Final",
    "Kind of requirement", "Planning horizon", "Research method",
)  # fmt: skip


@pytest.fixture(scope="module")
def zh_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site's sources whose pmdocs language is Chinese."""
    root = tmp_path_factory.mktemp("example-zh")
    for name in ("content", "schemas", "theme"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, changed = re.subn(r"(\n      today: \S+\n)", r"\1      language: zh\n", config)
    assert changed == 1, "the example's pmdocs options moved: update this fixture"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def zh_site(zh_example: Path, build: Build) -> Path:
    site = zh_example / "site"
    result = build(zh_example, strict=True, site_dir=site)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="module")
def content_words(zh_example: Path) -> list[str]:
    """Every text the example's documents hold, longest first, but for their statuses and
    the values of fields with allowed values."""
    project = load_project(
        Settings(
            root=zh_example,
            docs_dir=zh_example / "content",
            schemas_dir=zh_example / "schemas",
            today=TODAY,
        )
    )
    texts = set()
    for document in project.documents:
        fields = project.types[document.type].all_fields
        for name, value in document.data.items():
            # Statuses and allowed values are pmdocs' to label: they stay in.
            if name != "type" and allowed_values(fields.get(name, {})) is None:
                texts.update(_strings(value))
    return sorted(texts, key=len, reverse=True)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def pmdocs_text(fragment: str, content: list[str]) -> str:
    """The text pmdocs wrote in an HTML fragment, without the documents' own words.

    Code is left out (field names and values to copy are written as they are),
    and so is what is marked English on purpose (the messages of `pmdocs check`),
    and the chart's labels shortened with an ellipsis (document titles).
    """
    fragment = re.sub(r"<(code|pre|script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    fragment = re.sub(r'<(span|p)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", fragment, flags=re.S)
    fragment = re.sub(r"<text\b[^>]*>[^<]*…</text>", " ", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    for value in content:
        text = text.replace(value, " ")
    return text


def english_words_in(text: str) -> list[str]:
    return [word for word in ENGLISH_UI_WORDS if re.search(rf"(?<![\w-]){word}(?![\w-])", text)]


def article(page: Path) -> str:
    found = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return found.group(0)


def card_of(page: Path) -> str:
    # The card ends after its related documents' disclosure.
    found = re.search(r'<div class="pmdocs-card".*?\n</details>\n</div>', article(page), re.S)
    assert found, page
    return found.group(0)


def guide_of(site: Path, type_name: str) -> str:
    """The writing guide of a type, on its own page or on the type page."""
    for page in (
        site / "pm/guide" / type_name / "index.html",
        site / "pm" / type_name / "index.html",
    ):
        if page.is_file() and 'class="pmdocs-guide"' in page.read_text(encoding="utf-8"):
            return article(page)
    raise AssertionError(f"no guide for {type_name}")


@pytest.mark.parametrize(
    "page",
    [
        "pm/index.html",
        "pm/prd/index.html",
        "pm/okr-review/index.html",
        "pm/roadmap/index.html",
        "pm/risk/index.html",
        "pm/traceability/index.html",
    ],
)
def test_generated_pages_have_no_english_words(
    zh_site: Path, content_words: list[str], page: str
) -> None:
    text = pmdocs_text(article(zh_site / page), content_words)
    assert english_words_in(text) == [], text


@pytest.mark.parametrize("type_name", ["prd", "research", "roadmap", "okr-review"])
def test_guides_have_no_english_words(
    zh_site: Path, content_words: list[str], type_name: str
) -> None:
    text = pmdocs_text(guide_of(zh_site, type_name), content_words)
    assert english_words_in(text) == [], text


@pytest.mark.parametrize(
    "page", ["requirements/sso/index.html", "strategy/okr-review-2026-q3/index.html"]
)
def test_cards_have_no_english_words(zh_site: Path, content_words: list[str], page: str) -> None:
    text = pmdocs_text(card_of(zh_site / page), content_words)
    assert english_words_in(text) == [], text


def test_values_and_custom_statuses_show_their_chinese_labels(zh_site: Path) -> None:
    prd = article(zh_site / "pm/prd/index.html")
    # The page's tables sort allowed values in the type's order (a data-sort on the cell).
    assert re.search(r"<td[^>]*>业务\n</td>", prd) and re.search(r"<td[^>]*>用户\n</td>", prd)
    okr = card_of(zh_site / "strategy/okr-review-2026-q3/index.html")
    assert 'data-status="final">定稿</span>' in okr
    assert "<dd>达成\n</dd>" in okr
    guide = guide_of(zh_site, "prd")
    assert "<code>business</code> (业务)" in guide
    assert "需求类别。" in guide and "Kind of requirement." not in guide


# Labels from type files are text, wherever they are shown ----------------------------------

TICKET = """\
type: ticket
labels: {en: Ticket, zh: 工单}
function: collaboration
id_pattern: 'T-[0-9]+'
statuses: [open, blocked]
status_labels: {blocked: {en: "<b>Blocked</b>", zh: "受阻<script>alert(1)</script>"}}
value_labels:
  size: {big: {en: "Big | wide", zh: "大<img src=x onerror=alert(1)>&"}}
fields:
  size: {enum: [big, small], description: {en: "How <big>", zh: "规模 <i>"}}
columns: [size]
"""

TICKET_DOC = "---\ntype: ticket\nid: T-1\ntitle: One\nstatus: blocked\nsize: big\n---\n"


@pytest.fixture(scope="module")
def tickets(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("tickets")
    (root / "schemas").mkdir()
    (root / "schemas/ticket.yml").write_text(TICKET, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/t.md").write_text(TICKET_DOC, encoding="utf-8")
    settings = Settings(
        root=root, docs_dir=root / "docs", schemas_dir=root / "schemas", today=TODAY
    )
    project = load_project(settings)
    assert [d.format_text() for d in project.diagnostics] == []
    return project


def test_labels_from_type_files_are_escaped_everywhere(tickets: Project) -> None:
    pages = generated_pages(tickets, "zh", TODAY)
    document = tickets.graph.documents["T-1"]
    card = render_card(ViewContext(tickets, document.path, "zh", TODAY), document)
    for where, text in [
        ("type page", pages["pm/ticket/index.md"]),
        ("function map", pages["pm/index.md"]),
        ("card", card),
    ]:
        assert "<script>" not in text and "<img" not in text, where
        assert "受阻&lt;script&gt;alert(1)&lt;/script&gt;" in text, where
    for text in (pages["pm/ticket/index.md"], card):
        assert "大&lt;img src=x onerror=alert(1)&gt;&amp;" in text
    english = generated_pages(tickets, "en", TODAY)["pm/ticket/index.md"]
    assert "&lt;b&gt;Blocked&lt;/b&gt;" in english and "Big | wide" in english
    assert "规模 &lt;i&gt;" in pages["pm/guide/ticket.md"]  # the description in the guide


# The timeline's quarters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 9, 20), datetime.date(2028, 11, 1)),
        (datetime.date(2026, 10, 20), datetime.date(2027, 5, 20)),
        (datetime.date(2026, 11, 1), datetime.date(2027, 4, 10)),
        (datetime.date(2024, 1, 1), datetime.date(2033, 12, 31)),
    ],
)
def test_quarters_are_labelled_in_chinese_only(start: datetime.date, end: datetime.date) -> None:
    lane = LaneInput("T", "theme", spans=(Span("RM-1", "x", start, end),))
    layout = layout_timeline([lane], TODAY, axis_text("zh", TODAY))
    labels = [band.label.text for band in layout.quarters if band.label]
    assert labels
    for label in labels:
        assert re.fullmatch(r"([0-9]{4} 年)?第[一二三四]季度", label), labels
    months = [label.text for label in layout.month_labels]
    assert months and all(re.fullmatch(r"[0-9]{1,2}月", month) for month in months)


# The health table -------------------------------------------------------------------------


def test_health_table_says_what_each_problem_is_in_chinese(make_site: Any, build: Build) -> None:
    root = make_site(
        {
            "docs/index.md": "# Home\n\nSee [[PRD-404]].\n",
            "docs/a.md": "---\ntype: prd\nid: PRD-001\ntitle: A\nstatus: draft\n"
            "priority: P9\nkind: user\ncolour: red\n---\n",
        },
        {"plugins": ["search", {"pmdocs": {"today": TODAY, "language": "zh"}}]},
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = article(root / "site/pm/index.html")
    table = re.search(r'<table class="pmdocs-table pmdocs-health">.*?</table>', page, re.S)
    assert table
    rows = re.findall(r"<tr class=.*?</tr>", table.group(0), re.S)
    described = {}
    for row in rows:
        found = re.search(r">(PM\d{3})<.*?<strong>(.*?)</strong>", row, re.S)
        assert found, row
        described[found.group(1)] = found.group(2)
    assert described == {
        "PM120": "缺少必填字段",
        "PM122": "值不在允许的取值范围内",
        "PM125": "未知字段",
        "PM210": "行内引用的编号不存在",
    }
    # Beside it, the message `pmdocs check` prints, marked as English for readers and tools.
    assert re.search(r'<span lang="en">[^<]*PRD-404[^<]*</span>', table.group(0))
    headings = re.findall(r"<th>(.*?)</th>", table.group(0))
    assert headings == ["页面", "行", "代码", "问题"]
    assert english_words_in(pmdocs_text(table.group(0), ["docs/a.md", "docs/index.md"])) == []


def test_every_code_pmdocs_reports_is_described_in_chinese() -> None:
    sources = (REPO / "pmdocs").rglob("*.py")
    codes = {code for path in sources for code in re.findall(r'"(PM\d{3})"', path.read_text())}
    assert codes >= {"PM100", "PM120", "PM201", "PM210"}
    missing = sorted(code for code in codes if code not in DIAGNOSTIC_CODES.entries)
    assert missing == []
