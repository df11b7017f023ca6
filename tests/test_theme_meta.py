"""Material's own front matter keys in PM documents: checked, never crashing the build,
never handing the theme a value it cannot take or text it would print unescaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Build, WriteProject

from pmdocs.cli import main
from pmdocs.core.theme_meta import ThemeFolders, theme_meta_problems, theme_safe_meta

SCRIPT = "<script>alert({})</script>"


def prd(id_: str, *extra: str) -> str:
    lines = ["---", "type: prd", f"id: {id_}", f"title: Page {id_}", "status: draft"]
    lines += ["owner: Ana", "priority: P1", "kind: user", *extra, "---", "", "Body.", ""]
    return "\n".join(lines)


FILES = {
    "docs/index.md": "# Home\n",
    "docs/prd/bad.md": prd(
        "PRD-001",
        "hide: 5",
        "template: nope.html",
        "icon: ../../x",
        "search: 5",
        "comments: yes",
        "social: [1]",
    ),
    "docs/prd/escape.md": prd(
        "PRD-002",
        f"description: '\">{SCRIPT.format(1)}'",
        f"author: '{SCRIPT.format(2)}'",
        f"subtitle: '{SCRIPT.format(3)}'",
        f"tags: ['{SCRIPT.format(4)}', 'R&D']",
    ),
    "docs/prd/escape-too.md": prd("PRD-004", "template: ../../etc/passwd", "hide: [toc, x]"),
    "docs/prd/good.md": prd(
        "PRD-003",
        "hide: [toc]",
        "template: landing.html",
        "icon: brand/logo",
        "search: {boost: 2}",
    ),
    "overrides/landing.html": (
        '{% extends "main.html" %}\n{% block content %}<p id="landing">Landing</p>'
        "{{ super() }}{% endblock %}\n"
    ),
    "overrides/.icons/brand/logo.svg": '<svg id="brand-logo" viewBox="0 0 1 1"></svg>',
}
CONFIG = {
    "theme": {"name": "material", "font": False, "custom_dir": "overrides"},
    "plugins": ["search", "tags", {"pmdocs": {"today": "2026-11-27"}}],
}
BUILD_LINE = re.compile(r"pmdocs: (\S+:\d+:\d+): (?:error|warning) (PM\d{3})")


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> tuple[Path, str, list[str]]:
    """The project, the build's output and ``file:line:col CODE`` of what check reports."""
    root = write_project(tmp_path_factory.mktemp("theme-meta") / "project", FILES, CONFIG)
    result = build(root)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    checked = CliRunner().invoke(
        main, ["check", "--format", "json", "-f", str(root / "mkdocs.yml")]
    )
    report = json.loads(checked.stdout)
    found = [f"{d['file']}:{d['line']}:{d['column']} {d['code']}" for d in report["diagnostics"]]
    return root, output, found


def test_the_build_goes_on_without_a_traceback(site: tuple[Path, str, list[str]]) -> None:
    root, output, _ = site
    assert "Traceback" not in output
    for page in ("prd/bad", "prd/escape-too", "prd/good", "prd/escape"):
        assert (root / "site" / page / "index.html").is_file(), page


def test_check_and_build_report_the_same_at_file_and_line(
    site: tuple[Path, str, list[str]],
) -> None:
    _, output, checked = site
    built = [f"{place} {code}" for place, code in BUILD_LINE.findall(output)]
    assert sorted(built) == sorted(checked)
    assert sorted(checked) == [
        "docs/prd/bad.md:10:11 PM124",
        "docs/prd/bad.md:11:7 PM124",
        "docs/prd/bad.md:12:9 PM121",
        "docs/prd/bad.md:13:11 PM121",
        "docs/prd/bad.md:14:9 PM121",
        "docs/prd/bad.md:9:7 PM121",
        "docs/prd/escape-too.md:10:13 PM122",
        "docs/prd/escape-too.md:9:11 PM124",
    ]


def test_no_script_from_the_meta_reaches_the_html(site: tuple[Path, str, list[str]]) -> None:
    root, _, _ = site
    for page in (root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
    html = (root / "site/prd/escape/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(1)' in html
    assert '<meta name="author" content="&lt;script&gt;alert(2)&lt;/script&gt;">' in html
    tags = html.split('<nav class="md-tags"', 1)[1].split("</nav>", 1)[0]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in tags and "R&amp;D" in tags
    assert "<small>&lt;script&gt;alert(3)&lt;/script&gt;</small>" in html


def test_good_values_reach_the_theme(site: tuple[Path, str, list[str]]) -> None:
    root, _, _ = site
    html = (root / "site/prd/good/index.html").read_text(encoding="utf-8")
    assert '<p id="landing">Landing</p>' in html  # the template from custom_dir
    assert re.search(r'data-md-type="toc"\s+hidden', html)  # hide: [toc]
    assert 'id="brand-logo"' in html  # the icon beside its navigation entry
    bad = (root / "site/prd/bad/index.html").read_text(encoding="utf-8")
    assert not re.search(r'data-md-type="toc"\s+hidden', bad)


@pytest.mark.parametrize(
    ("key", "value", "codes"),
    [
        ("hide", "toc", ["PM121"]),
        ("hide", ["toc", 5], ["PM122"]),
        ("template", "/etc/passwd", ["PM124"]),
        ("template", "overrides/../x.html", ["PM124"]),
        ("template", "main.htm", ["PM124"]),
        ("template", 5, ["PM121"]),
        ("icon", "material/../../x", ["PM124"]),
        ("icon", "material\\x", ["PM124"]),
        ("search", {"boost": "high"}, ["PM121"]),
        ("search", {"exclude": 1}, ["PM121"]),
        ("comments", 1, ["PM121"]),
        ("subtitle", 2026, ["PM121"]),
        ("search", {"exclude": True, "boost": 0.5}, []),
        ("icon", "fontawesome/brands/github", []),
    ],
)
def test_shapes(key: str, value: object, codes: list[str]) -> None:
    """Shapes alone, with the theme's folders unknown."""
    assert [p.code for p in theme_meta_problems({key: value}, None)] == codes


def test_the_theme_sees_neither_broken_keys_nor_raw_text() -> None:
    data = {"hide": 5, "icon": "material/rocket-launch", "author": "<b>", "tags": ["a<"]}
    meta = theme_safe_meta(data, ThemeFolders([]))
    assert meta == {"author": "&lt;b&gt;", "tags": ["a&lt;"]}  # no folder holds the icon
    assert data["author"] == "<b>"  # the document keeps what was written
