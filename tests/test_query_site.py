"""End-to-end: query blocks in real MkDocs + Material builds, read from the HTML written.

On an ordinary page and on a PM document (``linked: this``), a fence shown as an
example inside a ```` ```markdown ```` block, a custom type whose page is made of
queries, PM400 failing ``--strict`` and showing its box without it, and a rebuild
in one process (as ``mkdocs serve`` does) showing another page's new result.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import Build, WriteProject
from test_rebuild_cache import rebuild, touch_later

MARKDOWN_EXTENSIONS = ["admonition", "pymdownx.superfences", {"toc": {"permalink": True}}]


def prd(number: int, title: str, status: str, priority: str) -> str:
    return (
        f"---\ntype: prd\nid: PRD-{number:03}\ntitle: {title}\nstatus: {status}\n"
        f"priority: {priority}\nkind: user\nowner: Ana\n---\n\nBody.\n"
    )


HOME = """# Launch review

```pmdocs
type: prd
where:
  priority: [P0, P1]
  status: {not: [approved, shipped]}
sort: [priority]
columns: [id, title, status, priority]
```

```pmdocs
show: chart
type: prd
group_by: priority
```

How to write one:

````markdown
```pmdocs
show: count
type: prd
```
````

- In a list:

    ```pmdocs
    show: count
    type: risk
    ```
"""

RELEASE = """---
type: release
id: REL-001
title: One
status: planned
version: "1.0"
date: 2027-01-20
includes: [PRD-001]
---

## Open risks

```pmdocs
show: list
type: risk
where:
  linked: this
  status: [open, mitigating]
```
"""


def risk(number: int, status: str, threatens: str) -> str:
    return (
        f"---\ntype: risk\nid: RISK-{number:03}\ntitle: Risk {number}\nstatus: {status}\n"
        f"owner: Bo\nlikelihood: 3\nimpact: 4\nthreatens: [{threatens}]\n---\n"
    )


OKR_TYPE = """type: okr-review
labels: {en: OKR review, zh: OKR 复盘}
function: strategy
id_pattern: 'OKRR-\\d{3,}'
statuses: [draft, final]
fields:
  quarter: {type: string}
required: [quarter]
page:
  - {show: board, group_by: status}
  - {show: count}
"""

OKR = "---\ntype: okr-review\nid: OKRR-001\ntitle: Q3 <b>review</b>\nstatus: final\nquarter: 2026-Q3\n---\n"

FILES = {
    "docs/index.md": HOME,
    "docs/prd/a.md": prd(1, "Single sign-on", "in-progress", "P0"),
    "docs/prd/b.md": prd(2, "<script>alert(1)</script> audit", "draft", "P1"),
    "docs/prd/c.md": prd(3, "Reports", "approved", "P0"),
    "docs/prd/d.md": prd(4, "Mobile", "draft", "P3"),
    "docs/release/one.md": RELEASE,
    "docs/risk/r1.md": risk(1, "open", "REL-001"),
    "docs/risk/r2.md": risk(2, "closed", "REL-001"),
    "docs/risk/r3.md": risk(3, "open", "PRD-004"),
    "docs/okr/q3.md": OKR,
    "schemas/okr-review.yml": OKR_TYPE,
}
CONFIG = {
    "plugins": ["search", {"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}],
    "markdown_extensions": MARKDOWN_EXTENSIONS,
}
BROKEN = "# Broken\n\nText.\n\n```pmdocs\ntype: prd\nwhere:\n  priorty: P0\n```\n"


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = write_project(tmp_path_factory.mktemp("query-site"), FILES, CONFIG)
    done = build(root, strict=True)
    assert done.returncode == 0, done.stderr
    return root, done


def page(root: Path, path: str) -> str:
    return (root / "site" / path).read_text(encoding="utf-8")


def test_a_table_on_an_ordinary_page(site: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = site
    html = page(root, "index.html")
    table = html.split('class="pmdocs-table pmdocs-query-table"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr data-id="([^"]+)">', table) == ["PRD-001", "PRD-002"]
    assert 'href="prd/a/"' in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt; audit" in table
    assert "<script>alert(1)</script>" not in html
    assert "pmdocsq" not in html and "```pmdocs\ntype: prd\nwhere" not in html


def test_a_chart_on_an_ordinary_page(site: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    html = page(site[0], "index.html")
    assert re.findall(r'data-value="(P\d)" data-count="(\d)"', html) == [
        ("P0", "2"),
        ("P1", "1"),
        ("P2", "0"),
        ("P3", "1"),
    ]


def test_a_fence_inside_a_code_block_stays_code(
    site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    html = page(site[0], "index.html")
    code = html.split("How to write one:", 1)[1].split("</code>", 1)[0]
    assert '<span class="sb">```pmdocs</span>' in code and "show: count" in code
    # The one in the list item is a query, and stays in its item.
    item = html.split("In a list:", 1)[1].split("</li>", 1)[0]
    assert 'pmdocs-count__number">3<' in item and "risks" in item


def test_linked_this_on_a_pm_document(site: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    html = page(site[0], "release/one/index.html")
    listed = html.split('class="pmdocs-query-list"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<li data-id="([^"]+)">', listed) == ["RISK-001"]
    assert 'href="../../risk/r1/"' in listed
    assert html.index("pmdocs-card") < html.index("pmdocs-query-list")


def test_a_custom_type_page_is_made_of_its_queries(
    site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    html = page(site[0], "pm/okr-review/index.html")
    assert 'class="pmdocs-board pmdocs-query-board"' in html
    assert re.findall(r'pmdocs-board__column" data-value="([^"]*)"', html) == ["draft", "final"]
    assert "Q3 &lt;b&gt;review&lt;/b&gt;" in html and "<b>review</b>" not in html
    assert 'pmdocs-count__number">1<' in html and "OKR review document" in html
    assert "pmdocs-index" not in html  # no default table
    # A built-in type's page is made of its type file's sections too.
    assert 'data-show="matrix"' in page(site[0], "pm/prd/index.html")


def test_a_broken_type_page_query_is_a_configuration_error(
    make_site: WriteProject, build: Build
) -> None:
    broken = OKR_TYPE.replace("{show: count}", "{show: count, where: {quartr: 2026-Q3}}")
    root = make_site({**FILES, "schemas/okr-review.yml": broken}, CONFIG)
    done = build(root)
    assert done.returncode != 0
    assert "schemas/okr-review.yml" in done.stderr and "page, query 2" in done.stderr
    assert "unknown field 'quartr'" in done.stderr


def test_pm400_fails_strict_and_shows_its_box_without_it(
    make_site: WriteProject, build: Build
) -> None:
    root = make_site({**FILES, "docs/broken.md": BROKEN}, CONFIG)
    strict = build(root, strict=True)
    assert strict.returncode != 0
    lines = [line for line in strict.stderr.splitlines() if "PM400" in line]
    assert len(lines) == 1, strict.stderr  # reported once, as every diagnostic
    assert "docs/broken.md:8:3: error PM400" in lines[0] and "'priorty'" in lines[0]
    plain = build(root)
    assert plain.returncode == 0, plain.stderr
    html = page(root, "broken/index.html")
    box = html.split('<div class="admonition failure pmdocs-query-error"', 1)[1].split("</div>")[0]
    assert "This query cannot run" in box and "docs/broken.md:8:3" in box
    assert "priorty" in box


def test_a_rebuild_shows_another_pages_new_result(
    tmp_path: Path, write_project: WriteProject
) -> None:
    files = {
        "docs/index.md": "# Home\n\n```pmdocs\nshow: list\ntype: prd\nwhere:\n  status: approved\n```\n",
        "docs/prd/a.md": prd(1, "Single sign-on", "draft", "P0"),
        "docs/prd/b.md": prd(2, "Reports", "approved", "P1"),
    }
    options = {"today": "2026-11-27"}
    root = write_project(tmp_path, files, {"plugins": ["search", {"pmdocs": options}]})
    rebuild(root)
    listed = page(root, "index.html")
    assert 'data-id="PRD-002"' in listed and 'data-id="PRD-001"' not in listed
    document = root / "docs/prd/a.md"
    document.write_text(prd(1, "Single sign-on", "approved", "P0"), encoding="utf-8")
    touch_later(document)
    rebuild(root)
    listed = page(root, "index.html")
    assert 'data-id="PRD-001"' in listed and 'data-id="PRD-002"' in listed
