"""The writing guide of every type, on a page of its own, in English and Chinese."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.doctypes import load_types
from pmdocs.core.frontmatter import split_source
from pmdocs.core.project import Project, load_project
from pmdocs.site.pages import generated_pages

TODAY = datetime.date(2026, 11, 27)

HOSTILE_TYPE = r"""type: vendor
labels: {en: "Vendor <script>alert(1)</script>", zh: 供应商}
function: cost
id_pattern: 'VEN-\d{2,}'
statuses: [active, ended]
fields:
  tier:
    type: string
    enum: ["<b>gold</b>", "a|b"]
    description: "Tier | with <i>markup</i> & pipes"
required: [tier]
links:
  supplies:
    targets: [release, any]
    label: {en: Supplies, zh: 供应}
    reverse: {en: "Supplied by <em>", zh: 供应方}
"""

PRD = """---
type: prd
id: PRD-004
title: Existing
status: draft
owner: Ana
priority: P1
kind: user
---
"""


@pytest.fixture
def project_dir(make_site) -> Path:
    return make_site(
        {"docs/index.md": "# Home\n", "docs/prd/a.md": PRD, "schemas/vendor.yml": HOSTILE_TYPE},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )


@pytest.fixture
def project(project_dir: Path) -> Project:
    return load_project(read_settings(project_dir / "mkdocs.yml"))


def guide(project: Project, type_name: str, language: str = "en") -> str:
    """The Markdown of the type's writing guide page, below its front matter."""
    page = generated_pages(project, language, TODAY)[f"pm/guide/{type_name}.md"]
    return page.split("\n---\n\n", 1)[1]


def yaml_block(text: str) -> str:
    match = re.search(r"^```yaml\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert match, text
    return match.group(1)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("type_name", list(load_types()))
def test_every_builtin_type_lists_every_field(project: Project, type_name: str, language) -> None:
    text = guide(project, type_name, language)
    doc_type = project.types[type_name]
    label = doc_type.labels(language)
    heading = f"# Writing guide: {label}" if language == "en" else f"# 写作指南：{label}"
    assert text.startswith(heading + "\n\n")
    rows = re.findall(r'<tr data-field="([^"]+)">', text)
    assert sorted(rows) == sorted([*doc_type.all_fields, *doc_type.links])
    required = re.findall(
        r'<tr data-field="([^"]+)"><td>[^\n]*?</td><td>(required|必填)</td>', text
    )
    assert {name for name, _ in required} == set(doc_type.required_fields)
    html_block = text[text.index("<div") : text.index("</div>")]
    assert "\n\n" not in html_block  # a blank line would end Markdown's raw HTML block


def test_links_show_their_targets_and_reverse_labels(project: Project) -> None:
    text = guide(project, "design")
    row = re.search(r'<tr data-field="implements">.*</tr>', text)
    assert row is not None
    assert "Requirement (<code>prd</code>)" in row.group(0)
    assert "<td>Implemented by</td>" in row.group(0)
    zh = guide(project, "design", "zh")
    assert "<td>被实现</td>" in zh and "需求 (<code>prd</code>)" in zh


def test_allowed_values_are_listed(project: Project) -> None:
    text = guide(project, "risk")
    assert "<td>integer</td><td>1 to 5<br>Likelihood from 1 (rare)" in text
    prd = guide(project, "prd")
    assert "<code>P0</code>, <code>P1</code>, <code>P2</code>, <code>P3</code>" in prd
    assert "<code>in-progress</code>" in prd
    assert "<code>PRD-\\d{3,}</code><br>unique across the site, e.g. <code>PRD-001</code>" in prd
    zh = guide(project, "prd", "zh")
    assert "<code>draft</code> (草稿)" in zh


def test_the_example_is_the_front_matter_pmdocs_new_writes(project_dir: Path, project) -> None:
    example = yaml_block(guide(project, "prd"))
    assert "\nid: PRD-005  #" in example  # the next free id
    result = CliRunner().invoke(
        main, ["-f", str(project_dir / "mkdocs.yml"), "new", "prd", "Short, specific title"]
    )
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert written.startswith(example)
    assert written[len(example) :].startswith("\n## Problem\n")


def test_the_chinese_example_uses_chinese_placeholders(project: Project) -> None:
    example = yaml_block(guide(project, "risk", "zh"))
    assert "\ntitle: 简短明确的标题\n" in example
    assert "\nowner: 待定  # 责任人（个人或团队）\n" in example
    assert "新文档包含以下章节：原因、影响、缓解措施、应急预案。" in guide(project, "risk", "zh")


def test_custom_types_get_a_guide_with_every_value_escaped(project: Project) -> None:
    text = guide(project, "vendor")
    table = text[: text.index("```")]
    assert "&lt;b&gt;gold&lt;/b&gt;" in table
    assert "Tier | with &lt;i&gt;markup&lt;/i&gt; &amp; pipes" in table
    assert "<td>Supplied by &lt;em&gt;</td>" in table
    assert "any type" in table
    assert "\nid: VEN-01  #" in yaml_block(text)
    assert "A new document starts with these sections: Summary, Details, Next steps." in text
    html = markdown.markdown(text, extensions=["fenced_code"])
    for raw in ("<script>", "<b>", "<i>", "<em>"):
        assert raw not in html
    assert "tier: &lt;b&gt;gold&lt;/b&gt;" in html  # the example, as code


def test_the_section_renders_as_a_table_and_a_yaml_code_block(project: Project) -> None:
    html = markdown.markdown(guide(project, "prd"), extensions=["fenced_code", "md_in_html"])
    assert "<h1>Writing guide: Requirement</h1>" in html
    assert html.count("<table>") == 1
    assert '<code class="language-yaml">---\ntype: prd\n' in html


def test_the_example_quotes_names_and_values_that_yaml_would_misread(make_site) -> None:
    odd_type = r"""type: odd
labels: {en: Odd, zh: 奇}
function: strategy
id_pattern: 'ODD-\d{3,}'
statuses: ['null', 'on']
fields:
  'a: b': {enum: ['01']}
  '#x': {enum: ['2026-01-01', "x\ny: 1"]}
  '[k]': {type: integer}
required: ['a: b', '#x', '[k]']
"""
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/odd.yml": odd_type},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    example = yaml_block(guide(load_project(read_settings(root / "mkdocs.yml")), "odd"))
    source = split_source("odd.md", f"{example}Body.\n")
    assert not source.diagnostics
    assert source.front_matter is not None
    data = source.front_matter.data
    assert (data["status"], data["a: b"], data["#x"], data["[k]"]) == (
        "null",
        "01",
        "2026-01-01",
        0,
    )
    assert "y" not in data
