"""Hostile values: huge numbers, odd configuration, control characters, Unicode ids, URLs.

Each test writes what a user could write and asserts what they would see:
a diagnostic at file:line, a one-line configuration error with exit 2, or
a site that builds. None of it may end in a Python traceback.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import TODAY, Build, WriteProject

from pmdocs.cli import main

NINES = "9" * 5000
TRACEBACK = "Traceback (most recent call last)"


def prd(doc_id: str, title: str = "A requirement", *extra: str) -> str:
    lines = ["---", "type: prd", f"id: {doc_id}", f"title: {title}", "status: draft"]
    lines += ["priority: P1", "kind: user", "owner: Ana", *extra, "---", "", "Body.", ""]
    return "\n".join(lines)


def check(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    arguments = ["check", "-f", str(root / "mkdocs.yml"), *args]
    return CliRunner().invoke(main, arguments, env=env, catch_exceptions=False)


def assert_config_error(result: Result, *words: str) -> None:
    """Exit 2 and one line on stderr that names what is wrong."""
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("pmdocs: error: ") and result.stderr.count("\n") == 1
    for word in words:
        assert word in result.stderr


# Numbers of thousands of digits ----------------------------------------------------------


LONG_NUMBER_SITE = {
    "docs/index.md": f"# Home\n\nSee [[X-{NINES}]] and [[PRD-001]].\n",
    "docs/prd/a.md": prd("PRD-001", NINES, f"depends_on: [PRD-{NINES}]"),
    "docs/prd/b.md": prd(f"PRD-{NINES}", "Long id", f"colour: 0x{'f' * 5000}"),
    "docs/prd/c.md": prd("PRD-002", "Short"),
}


def test_long_numbers_build_a_site_with_every_page(make_site: WriteProject, build: Build) -> None:
    """The build reports each long number and still writes every page, ids in natural order."""
    root = make_site(LONG_NUMBER_SITE)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert TRACEBACK not in result.stderr
    assert "docs/prd/a.md:4:8: error PM124 [PRD-001] title: a number of more than 300" in (
        result.stderr
    )
    assert "docs/prd/b.md:9:9: error PM124" in result.stderr
    index = (root / "site/pm/prd/index.html").read_text(encoding="utf-8")
    order = [index.index(f">PRD-{suffix}<") for suffix in ("001", "002", NINES)]
    assert order == sorted(order)
    assert f"PRD-{NINES}" in (root / "site/prd/a/index.html").read_text(encoding="utf-8")


def test_long_numbers_in_export_and_new(make_site: WriteProject) -> None:
    """`pmdocs export` keeps a long number as its text; `pmdocs new` numbers on after PRD-002."""
    root = make_site(LONG_NUMBER_SITE)
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "-f", str(root / "mkdocs.yml")])
    assert exported.exit_code == 0, exported.output
    records = {record["id"]: record for record in json.loads(exported.stdout)["documents"]}
    assert records["PRD-001"]["title"] == NINES
    created = runner.invoke(main, ["new", "prd", "Next one", "-f", str(root / "mkdocs.yml")])
    assert created.exit_code == 0, created.output
    written = Path(created.stdout.strip())
    path = written if written.is_absolute() else Path.cwd() / written
    assert "id: PRD-003" in path.read_text(encoding="utf-8")


def test_long_number_in_mkdocs_yml_is_a_config_error(make_site: WriteProject) -> None:
    root = make_site({"docs/index.md": "# Home\n"})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + f"extra:\n  big: {NINES}\n", encoding="utf-8")
    assert_config_error(check(root), "mkdocs.yml", "line ", "more digits than can be read")


# Baselines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"pmdocs_baseline": 1, "problems": [{"file": "caf\xe9"}]}', ["not UTF-8"]),
        (b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
        (
            b'{"pmdocs_baseline": 1, "problems": [{"file": "a", "code": "PM1", "count": '
            + NINES.encode()
            + b"}]}",
            ["more than 300 digits"],
        ),
    ],
    ids=["latin-1", "deep", "long-number"],
)
def test_unreadable_baseline_is_a_config_error(
    make_site: WriteProject, content: bytes, words: list[str]
) -> None:
    root = make_site({"docs/index.md": "# Home\n", "baseline.json": content})
    result = check(root, "--baseline", str(root / "baseline.json"))
    assert_config_error(result, "baseline.json", *words)


# Configuration values the build refuses -----------------------------------------------


def _config_with(options: str) -> str:
    return (
        "site_name: Test\ntheme: {name: material, font: false}\n"
        f"plugins:\n  - search\n  - pmdocs: {{today: {TODAY}, {options}}}\n"
    )


BAD_CONFIGS = {
    "prefix-number": (_config_with("prefix: 5"), "prefix"),
    "prefix-dot": (_config_with("prefix: ."), "prefix"),
    "prefix-home": (_config_with("prefix: /"), "prefix"),
    "prefix-parent": (_config_with("prefix: ../outside"), "prefix"),
    "prefix-inner-dot": (_config_with("prefix: team/./pm"), "prefix"),
    "prefix-hidden": (_config_with("prefix: .pm"), "prefix"),
    "prefix-404-page": (_config_with("prefix: 404.html"), "prefix"),
    "prefix-sitemap": (_config_with("prefix: pm/sitemap.xml"), "prefix"),
    "schemas-number": (_config_with("schemas: 5"), "schemas"),
    "today-number": (
        "site_name: Test\nplugins:\n  - pmdocs: {today: 20261127}\n",
        "today",
    ),
    "today-compact-text": ("site_name: Test\nplugins:\n  - pmdocs: {today: '20261127'}\n", "today"),
    "today-with-time": (
        "site_name: Test\nplugins:\n  - pmdocs: {today: 2026-11-27 10:00:00}\n",
        "today",
    ),
    "plugins-text": ("site_name: Test\nplugins: pmdocs\n", "plugins"),
    "plugins-item-of-two": ("site_name: Test\nplugins:\n  - {pmdocs: {}, search: {}}\n", "plugins"),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_check_refuses_what_the_build_refuses(
    make_site: WriteProject, build: Build, name: str
) -> None:
    """`pmdocs check`: one line naming mkdocs.yml and the option; the build: a clean abort."""
    config, option = BAD_CONFIGS[name]
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert_config_error(check(root), "mkdocs.yml", option)
    built = build(root)
    assert built.returncode != 0
    assert TRACEBACK not in built.stderr, built.stderr
    assert "Aborted with" in built.stdout
    assert f"{option}" in built.stderr.splitlines()[-1]


def test_prefix_of_plain_segments_is_accepted(make_site: WriteProject, build: Build) -> None:
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(_config_with("prefix: /team/pm-2.0/"), encoding="utf-8")
    assert check(root).exit_code == 0
    assert build(root).returncode == 0
    assert (root / "site/team/pm-2.0/index.html").is_file()
    assert "Test" in (root / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("epoch", ["soon", "", "1.5", "99999999999999", "4294967296"])
def test_wrong_source_date_epoch_is_refused(
    make_site: WriteProject, build: Build, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    root = make_site({"docs/index.md": "# Home\n"})
    assert_config_error(check(root, env={"SOURCE_DATE_EPOCH": epoch}), "SOURCE_DATE_EPOCH")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    built = build(root)
    assert built.returncode != 0
    assert TRACEBACK not in built.stderr, built.stderr
    assert "SOURCE_DATE_EPOCH" in built.stderr


def test_config_error_in_json_and_github_formats(make_site: WriteProject) -> None:
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(_config_with("prefix: ."), encoding="utf-8")
    as_json = check(root, "--format", "json")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"].startswith("mkdocs.yml: pmdocs prefix")
    as_github = check(root, "--format", "github")
    assert as_github.exit_code == 2
    assert as_github.stdout.startswith("::error ") and "mkdocs.yml: pmdocs prefix" in (
        as_github.stdout
    )
    assert as_github.stdout.count("\n") == 1


# Control characters in what diagnostics show ---------------------------------------------


FORGED = "file:1:1: error PM999 fake"


def test_line_breaks_in_names_and_ids_do_not_forge_diagnostics(
    make_site: WriteProject,
) -> None:
    key = json.dumps(f"x\n{FORGED}")
    link = json.dumps(f"PRD-404\r\n{FORGED}")
    root = make_site(
        {
            "docs/a.md": prd("PRD-001", "A", f"{key}: 1", f"depends_on: [{link}]"),
            "docs/b.md": f"# B\n\n[[PRD-9\u2028{FORGED}]]\n",
        }
    )
    result = check(root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(FORGED)]
    assert any("PM125" in line and "x\\nfile:1:1" in line for line in lines)
    assert any("PM201" in line and "PRD-404\\r\\nfile:1:1" in line for line in lines)
    assert all(re.match(r"^(docs/[ab]\.md:\d+:\d+: |pmdocs: )", line) for line in lines), lines


# Ids that differ only in Unicode normalisation --------------------------------------------


BOOKMARK_TYPE = """\
type: bookmark
labels: {en: Bookmark, zh: 书签}
function: strategy
id_pattern: 'BM-[A-Za-z0-9À-ÿ]+'
statuses: [draft]
fields:
  mirrors: {type: array, items: {type: string, format: uri}}
  also: {format: uri}
  site: {type: object, properties: {home: {type: string, format: uri}}}
links:
  see:
    targets: [bookmark]
    label: {en: See, zh: 参见}
    reverse: {en: Seen from, zh: 被参见}
"""


def bookmark(doc_id: str, *extra: str) -> str:
    return "\n".join(["---", "type: bookmark", f"id: {doc_id}", "title: B", "status: draft"
                      , *extra, "---", "", "Body.", ""])  # fmt: skip


def test_ids_equal_once_normalised_are_duplicates(make_site: WriteProject) -> None:
    composed = unicodedata.normalize("NFC", "BM-café")
    decomposed = unicodedata.normalize("NFD", "BM-café")
    assert composed != decomposed
    root = make_site(
        {
            "schemas/bookmark.yml": BOOKMARK_TYPE,
            "docs/a.md": bookmark(composed),
            "docs/b.md": bookmark(decomposed),
            "docs/c.md": bookmark("BM-１２", f"see: [{decomposed}]"),
            "docs/d.md": bookmark("BM-12"),
            "docs/e.md": f"# E\n\n[[{decomposed}]] and [[BM-１２]]\n",
        },
        {"plugins": [{"pmdocs": {"today": TODAY, "schemas": "schemas"}}]},
    )
    result = check(root, "--format", "json")
    found = {(d["file"], d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {
        ("docs/a.md", 3, "PM200"),
        ("docs/b.md", 3, "PM200"),
        ("docs/c.md", 3, "PM200"),
        ("docs/d.md", 3, "PM200"),
    }


# URLs that are no text, or hide in lists and mappings -----------------------------------


@pytest.mark.parametrize("value", ["5", "[x]", "{a: b}", "true"])
def test_url_that_is_not_text_is_pm121_and_builds(
    make_site: WriteProject, build: Build, value: str
) -> None:
    root = make_site({"docs/a.md": prd("PRD-001", "A", f"url: {value}")})
    result = check(root, "--format", "json")
    found = [(d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [(9, "PM121")]
    built = build(root)
    assert built.returncode == 0, built.stderr
    page = (root / "site/a/index.html").read_text(encoding="utf-8")
    assert "pmdocs-card__url" not in page


def test_unsafe_urls_in_lists_and_mappings_are_pm126_and_never_links(
    make_site: WriteProject, build: Build
) -> None:
    root = make_site(
        {
            "schemas/bookmark.yml": BOOKMARK_TYPE,
            "docs/a.md": bookmark(
                "BM-1",
                "mirrors: [https://example.com/ok, javascript:alert(1)]",
                "also: [JavaScript:alert(2), https://example.com/x]",
                "site: {home: 'java\tscript:alert(3)'}",
            ),
            "docs/b.md": prd("PRD-001", "A", "url: [javascript:alert(4)]"),
        },
        {"plugins": [{"pmdocs": {"today": TODAY, "schemas": "schemas"}}]},
    )
    result = check(root, "--format", "json")
    found = [
        (d["file"], d["line"], d["column"], d["code"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert found == [
        ("docs/a.md", 6, 35, "PM126"),
        ("docs/a.md", 7, 8, "PM126"),
        ("docs/a.md", 8, 14, "PM126"),
        ("docs/b.md", 9, 6, "PM121"),
        ("docs/b.md", 9, 7, "PM126"),
    ]
    built = build(root)
    assert built.returncode == 0, built.stderr
    for page in root.glob("site/**/*.html"):
        assert not re.search(r"href=\"\s*java", page.read_text(encoding="utf-8"), re.I), page
    card = (root / "site/a/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.com/x"' in card  # a safe URL in the list stays a link
    assert "https://example.com/ok" in card


# Dates at the ends of the calendar --------------------------------------------------------


def roadmap_item(doc_id: str, theme: str, start: str, end: str) -> str:
    lines = ["---", "type: roadmap", f"id: {doc_id}", f"title: Item {doc_id}", "status: planned"]
    lines += [f"theme: {theme}", "horizon: now", f"start: {start}", f"end: {end}", "---", ""]
    return "\n".join(lines)


CALENDAR_ENDS = {
    "docs/index.md": "# Home\n",
    "docs/rm/last.md": roadmap_item("RM-001", "Far", "9999-01-01", "9999-12-31"),
    "docs/rm/first.md": roadmap_item("RM-002", "Early", "0001-01-01", "0001-01-31"),
    "docs/rm/long.md": roadmap_item("RM-003", "Long", "0002-01-01", "9000-12-31"),
    "docs/rm/near.md": roadmap_item("RM-004", "Near", "2026-10-01", "2027-03-31"),
    "docs/ms.md": "---\ntype: milestone\nid: MS-001\ntitle: End\nstatus: planned\n"
    "due: 9999-12-31\nowner: Ana\n---\n",
    "docs/rel.md": "---\ntype: release\nid: REL-001\ntitle: Begin\nstatus: planned\n"
    "date: 0001-01-01\nversion: '1'\n---\n",
}


@pytest.mark.parametrize("today", ["2026-11-27", "0001-01-01", "9999-12-20", "9999-12-31"])
def test_roadmap_at_the_ends_of_the_calendar_builds_a_small_page(
    make_site: WriteProject, build: Build, today: str
) -> None:
    root = make_site(CALENDAR_ENDS, {"plugins": [{"pmdocs": {"today": today}}]})
    assert check(root).exit_code == 0
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    page = root / "site/pm/roadmap/index.html"
    assert page.stat().st_size < 1_000_000
    html = page.read_text(encoding="utf-8")
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink') :]
    svg = svg[: svg.index("</svg>")]
    drawn = set(re.findall(r'data-id="([^"]+)"', svg))
    every = {"RM-001", "RM-002", "RM-003", "RM-004", "MS-001", "REL-001"}
    for doc_id in every:  # each is in the table of items and dates
        assert f'data-id="{doc_id}"' in html.split('id="items-and-dates"', 1)[1]
    if today == "2026-11-27":
        assert drawn == {"RM-003", "RM-004"}
        beyond = html.split('id="beyond-the-timeline"', 1)[1].split("<h2", 1)[0]
        assert set(re.findall(r'data-id="([^"]+)"', beyond)) == every - drawn
