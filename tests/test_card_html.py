"""What a reader sees of hostile or unusual values on cards and index tables.

Titles, statuses and URLs come from whoever writes a document; on the page
they must stay text, and quotes must never close the attribute they sit in.
"""

from __future__ import annotations

import datetime

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdocs.core.project import Project, Settings, load_project
from pmdocs.site.pages import document_card, generated_pages
from pmdocs.views.html import escape_text

TODAY = datetime.date(2026, 11, 27)

SCHEMA = """\
type: note
labels: {en: Note, zh: 笔记}
function: strategy
id_pattern: 'NOTE-\\d{3}'
statuses: [draft, "it's <done>"]
fields:
  home: {type: string, format: uri}
links:
  about:
    targets: [any]
    label: {en: About, zh: 关于}
    reverse: {en: Noted in, zh: 被记于}
columns: [about, home]
"""

DOCUMENTS = {
    "hostile.md": """---
type: note
id: NOTE-001
title: "<script>alert('x')</script> & co"
status: "it's <done>"
url: "https://example.com/?q=\\"x\\" onmouseover='y'"
home: "javascript:alert(1)"
---
""",
    "plain.md": """---
type: note
id: NOTE-002
title: Plain
status: draft
home: https://example.com/home
about: [NOTE-001]
---
""",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("card")
    (root / "schemas").mkdir()
    (root / "schemas" / "note.yml").write_text(SCHEMA, encoding="utf-8")
    (root / "docs").mkdir()
    for name, text in DOCUMENTS.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    settings = Settings(root=root, docs_dir=root / "docs", schemas_dir=root / "schemas")
    loaded = load_project(settings)
    # The unsafe URL is reported, and the pages are still written.
    assert [(d.code, d.id, d.field) for d in loaded.diagnostics] == [("PM126", "NOTE-001", "home")]
    return loaded


def card(project: Project, doc_id: str) -> str:
    return document_card(project, project.graph.documents[doc_id], "en", TODAY)


def test_a_hostile_title_stays_text_wherever_it_is_linked(project: Project) -> None:
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"
    index = generated_pages(project, "en", TODAY)["pm/note/index.md"]
    for html in (card(project, "NOTE-002"), index):
        assert "<script>" not in html
        assert f'<span class="pmdocs-ref__id">NOTE-001</span> {escaped}</a>' in html


def test_quotes_in_a_value_cannot_leave_its_attribute(project: Project) -> None:
    html = card(project, "NOTE-001")
    assert (
        '<a class="pmdocs-card__url" href="https://example.com/?q=&#34;x&#34; '
        'onmouseover=&#39;y&#39;" rel="noopener">'
    ) in html
    assert 'data-status="it&#39;s &lt;done&gt;">it&#39;s &lt;done&gt;</span>' in html


def test_an_unsafe_url_is_shown_as_text_not_as_a_link(project: Project) -> None:
    html = card(project, "NOTE-001")
    assert "<dt>Home</dt><dd>javascript:alert(1)</dd>" in html
    assert 'href="javascript' not in html
    assert '<dd><a href="https://example.com/home">' in card(project, "NOTE-002")


def test_a_link_field_as_an_index_column_links_its_documents(project: Project) -> None:
    index = generated_pages(project, "en", TODAY)["pm/note/index.md"]
    row = index.split('<tr data-id="NOTE-002">')[1].split("</tr>")[0]
    assert (
        '<a class="pmdocs-ref" href="../../hostile/"><span class="pmdocs-ref__id">NOTE-001' in row
    )


@given(st.one_of(st.text(), st.text(alphabet="&<>\"'a中 "), st.integers(), st.booleans()))
def test_values_are_escaped_as_the_templates_escape_them(value: object) -> None:
    assert escape_text(value) == str(markupsafe.escape(value))


def test_the_external_link_names_the_host_it_opens(project: Project) -> None:
    assert '" rel="noopener">Open on example.com ↗</a>' in card(project, "NOTE-001")


def test_related_documents_sit_in_one_disclosure_open_when_few(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("related")
    (root / "schemas").mkdir()
    (root / "schemas" / "note.yml").write_text(SCHEMA, encoding="utf-8")
    (root / "docs").mkdir()
    # NOTE-001 is linked from seven notes (NOTE-002 among them), NOTE-002 links to it alone.
    linking = ["NOTE-002", *(f"NOTE-{n:03}" for n in range(10, 16))]
    for doc_id in ["NOTE-001", *linking]:
        about = "[NOTE-001]" if doc_id in linking else "[]"
        text = f"---\ntype: note\nid: {doc_id}\ntitle: T\nstatus: draft\nabout: {about}\n---\n"
        (root / "docs" / f"{doc_id}.md").write_text(text, encoding="utf-8")
    loaded = load_project(Settings(root=root, docs_dir=root / "docs", schemas_dir=root / "schemas"))
    crowded = document_card(loaded, loaded.graph.documents["NOTE-001"], "en", TODAY)
    assert '<details class="pmdocs-card__related">\n<summary>Related (7)</summary>' in crowded
    few = document_card(loaded, loaded.graph.documents["NOTE-002"], "zh", TODAY)
    assert '<details class="pmdocs-card__related" open>\n<summary>相关文档（1）</summary>' in few
