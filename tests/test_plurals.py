"""Counts read as English does: `1 warning`, `2 warnings`; Chinese has one form for every count."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmdocs.cli import main
from pmdocs.core.i18n import count_of
from pmdocs.core.project import Settings, load_project
from pmdocs.site.pages import generated_pages
from pmdocs.views import ViewContext, function_map, roadmap, type_index
from pmdocs.views.guide import GUIDE

TODAY = datetime.date(2026, 11, 27)


def prd(number: int, status: str = "draft", extra: str = "") -> str:
    return (
        f"---\ntype: prd\nid: PRD-{number:03}\ntitle: Requirement {number}\nstatus: {status}\n"
        f"owner: Ana\npriority: P1\nkind: user\n{extra}---\n\nBody.\n"
    )


def broken_prd(number: int) -> str:
    """A requirement with exactly one error (a status outside the set) and one warning."""
    return prd(number, status="wip", extra="colour: blue\n")


def prds(count: int, make: Callable[[int], str] = prd) -> dict[str, str]:
    return {f"docs/prd/r{number}.md": make(number) for number in range(1, count + 1)}


def check(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", *args])


def context(root: Path, files: dict[str, str], language: str = "en") -> ViewContext:
    for name, text in {"docs/index.md": "# Home\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = load_project(Settings(root=root, docs_dir=root / "docs", language=language))
    return ViewContext(project, "pm/index.md", language, TODAY)


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [(0, "0 errors", "0 个错误"), (1, "1 error", "1 个错误"), (2, "2 errors", "2 个错误")],
)
def test_a_count_takes_the_singular_only_at_one(count: int, english: str, chinese: str) -> None:
    assert count_of(count, "error") == english
    assert count_of(count, "error", "zh") == chinese


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        (0, "pmdocs: 0 documents, 0 errors, 0 warnings"),
        (1, "pmdocs: 1 document, 1 error, 1 warning"),
        (2, "pmdocs: 2 documents, 2 errors, 2 warnings"),
    ],
)
def test_the_check_summary_line_says_1_document_1_error_1_warning(
    make_site, count: int, summary: str
) -> None:
    root = make_site({"docs/index.md": "# Home\n", **prds(count, broken_prd)})
    for output_format in ("text", "github"):
        result = check(root, "--format", output_format)
        assert result.stdout.splitlines()[-1] == summary, result.output
        assert result.exit_code == (1 if count else 0)


@pytest.mark.parametrize(
    ("count", "written", "accepted"),
    [
        (0, "with 0 problems", "0 known problems accepted"),
        (1, "with 1 problem", "1 known problem accepted"),
        (2, "with 2 problems", "2 known problems accepted"),
    ],
)
def test_baseline_messages_count_problems_in_the_right_number(
    make_site, monkeypatch: pytest.MonkeyPatch, count: int, written: str, accepted: str
) -> None:
    # One problem a document: an unknown status only.
    files = {f"docs/prd/r{n}.md": prd(n, status="wip") for n in range(1, count + 1)}
    root = make_site({"docs/index.md": "# Home\n", **files})
    monkeypatch.chdir(root)
    result = check(root, "--write-baseline", "baseline.json")
    assert result.stderr == f"pmdocs: wrote baseline.json {written}\n"
    result = check(root, "--baseline", "baseline.json")
    assert result.stdout.rstrip("\n").endswith(f"; {accepted} by the baseline"), result.output


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [(1, "1 document", "1 篇文档"), (2, "2 documents", "2 篇文档")],
)
def test_a_type_page_counts_its_documents(
    tmp_path: Path, count: int, english: str, chinese: str
) -> None:
    for language, intro in (("en", english), ("zh", chinese)):
        ctx = context(tmp_path / language, prds(count), language)
        page = type_index.render_page(ctx.for_page("pm/prd/index.md"), "prd")
        assert page.split("\n\n")[1] == intro


def test_an_empty_type_page_says_how_to_start_rather_than_0_documents(tmp_path: Path) -> None:
    ctx = context(tmp_path, {})
    page = type_index.render_page(ctx.for_page("pm/prd/index.md"), "prd")
    assert "0 document" not in page
    assert 'pmdocs new prd "Title"' in page


@pytest.mark.parametrize(
    ("count", "english", "chinese"),
    [
        (1, "1 error and 1 warning in 1 page.", "1 个页面中有 1 个错误和 1 个警告。"),
        (2, "2 errors and 2 warnings in 2 pages.", "2 个页面中有 2 个错误和 2 个警告。"),
    ],
)
def test_the_health_summary_counts_errors_warnings_and_pages(
    tmp_path: Path, count: int, english: str, chinese: str
) -> None:
    for language, summary in (("en", english), ("zh", chinese)):
        ctx = context(tmp_path / language, prds(count, broken_prd), language)
        assert f"<p>{summary}</p>" in function_map.render_page(ctx)


def test_the_health_summary_with_no_errors_says_0_errors(tmp_path: Path) -> None:
    ctx = context(tmp_path, {"docs/prd/r1.md": prd(1, extra="colour: blue\n")})
    assert "<p>0 errors and 1 warning in 1 page.</p>" in function_map.render_page(ctx)


def roadmap_item(number: int, theme: str) -> str:
    return (
        f"---\ntype: roadmap\nid: RM-{number:03}\ntitle: Item {number}\nstatus: planned\n"
        f"theme: {theme}\nhorizon: next\nstart: 2027-01-01\nend: 2027-03-31\n---\n"
    )


@pytest.mark.parametrize(
    ("themes", "english", "chinese"),
    [
        (0, "Roadmap items: 0 in 0 themes.", "路线图条目 0 个，分属 0 个主题；"),
        (1, "Roadmap items: 1 in 1 theme.", "路线图条目 1 个，分属 1 个主题；"),
        (2, "Roadmap items: 2 in 2 themes.", "路线图条目 2 个，分属 2 个主题；"),
    ],
)
def test_the_timeline_description_counts_themes(
    tmp_path: Path, themes: int, english: str, chinese: str
) -> None:
    files = {f"docs/roadmap/r{n}.md": roadmap_item(n, f"Theme {n}") for n in range(1, themes + 1)}
    # Without a roadmap item, a dated milestone still draws the timeline.
    files["docs/ms.md"] = (
        "---\ntype: milestone\nid: MS-001\ntitle: Beta\nstatus: planned\n"
        "due: 2027-02-01\nowner: Ana\n---\n"
    )
    for language, description in (("en", english), ("zh", chinese)):
        ctx = context(tmp_path / language, files, language)
        page = roadmap.render_page(ctx.for_page("pm/roadmap/index.md"))
        desc = page[page.index('<desc id="pmdocs-tl-desc">') :].split(">", 1)[1]
        assert desc.startswith(description), desc[:80]


def test_type_pages_are_titled_in_the_plural(tmp_path: Path) -> None:
    """A page of many requirements is "Requirements"; Chinese has one form."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.md").write_text(prd(1), encoding="utf-8")
    for language, title in (("en", "Requirements"), ("zh", "需求")):
        project = load_project(Settings(root=root, docs_dir=root / "docs", language=language))
        pages = generated_pages(project, language, TODAY)
        assert pages["pm/prd/index.md"].split("\n---\n\n")[1].startswith(f"# {title}\n")
        assert f'title: "{title}"' in pages["pm/prd/index.md"]
    assert (
        f'title: "{GUIDE("page_title", "en").format(type="Requirement")}"'
        in (generated_pages(project, "en", TODAY)["pm/guide/prd.md"])
    )


def test_a_type_file_without_plural_titles_its_page_with_its_label(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "note.yml").write_text(
        "type: note\nlabels: {en: Field note, zh: 现场笔记}\nfunction: strategy\n"
        "id_pattern: 'NOTE-\\d+'\nstatuses: [draft]\n",
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    settings = Settings(root=root, docs_dir=root / "docs", schemas_dir=root / "schemas")
    pages = generated_pages(load_project(settings), "en", TODAY)
    assert "\n# Field note\n" in pages["pm/note/index.md"]
