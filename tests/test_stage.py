"""`pmdocs stage`: the staged folder builds, without the plugin, into the site the plugin makes."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CHECKOUT, Build, WriteProject
from linkcheck import broken_links
from stagebuild import article, articles, engine_config

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.doctypes import ConfigError, load_types
from pmdocs.site.stage import Staged, stage_site

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("mkdocs.yml", "content", "schemas", "theme")


def stage(project: Path, outdir: str, *args: str) -> Result:
    """``pmdocs stage`` on ``project``; ``outdir`` relative to the project's folder."""
    target = str(project / outdir)
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), "stage", target, *args])


def build_with(tool: list[str], project: Path, config: Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    return subprocess.run(
        [*tool, "-f", config.name],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def plain_mkdocs_build(project: Path, staged: str = "staged") -> Path:
    """The staged folder built by MkDocs with no pmdocs plugin; the site's folder."""
    config = engine_config(project, staged, "plain.yml", "site-plain")
    result = build_with([sys.executable, "-m", "mkdocs", "build", "--strict"], project, config)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return project / "site-plain"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, build: Build) -> Path:
    """A copy of the example site, built with the plugin into site-plugin/."""
    root = tmp_path_factory.mktemp("example")
    for name in EXAMPLE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    result = build(root, strict=True, site_dir=root / "site-plugin")
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return root


def test_staged_example_builds_the_plugins_site_with_plain_mkdocs(example: Path) -> None:
    result = stage(example, "staged", "--engine", "mkdocs")
    assert result.exit_code == 0, result.output
    plain = plain_mkdocs_build(example)
    expected, got = articles(example / "site-plugin"), articles(plain)
    assert sorted(got) == sorted(expected)
    different = [page for page in expected if expected[page] != got[page]]
    assert different == [], different[:5]
    assert broken_links(plain) == []


def test_staged_example_builds_with_zensical(example: Path) -> None:
    zensical = _zensical()
    result = stage(example, "zstaged")
    assert result.exit_code == 0, result.output
    config = engine_config(example, "zstaged", "zensical.yml", "site-zensical")
    built = build_with([zensical, "build", "--strict"], example, config)
    assert built.returncode == 0, f"{built.stdout}\n{built.stderr}"
    site = example / "site-zensical"
    assert broken_links(site) == []
    expected, got = articles(example / "site-plugin"), articles(site)
    assert sorted(got) == sorted(expected)
    # The same cards and the same links on every page (Zensical writes the
    # same URLs, resolved from the staged source files).
    for page, html in expected.items():
        assert html.count('class="pmdocs-card"') == got[page].count('class="pmdocs-card"'), page
        assert _hrefs(html) == _hrefs(got[page]), page


def _hrefs(html: str) -> list[str]:
    return sorted(re.findall(r'href="([^"#]+)', html))


HOSTILE = {
    "docs/index.md": (
        "# Home\n\nSee [[PRD-001]] and `[[PRD-001]]`, p < 1 then [[PRD-002]].\n\n"
        "| id | what |\n|---|---|\n| [[PRD-001]] | {{ config.site_name }} |\n\n"
        "```pmdocs\nshow: table\ntype: prd\ncolumns: [id, title, owner]\n```\n\n"
    ),
    "docs/prd/one.md": (
        "---\ntype: prd\nid: PRD-001\n"
        'title: "<script>alert(1)</script> a | b {{ x }} </title>"\n'
        'status: draft\nowner: "Eve | {% raw %}"\npriority: P0\nkind: business\n'
        'tags: ["<b>t</b>"]\n---\n\nBody with {{ jinja }} and [[PRD-002]].\n'
    ),
    "docs/prd/two.md": (
        "---\ntype: prd\nid: PRD-002\ntitle: Plain *two*\nstatus: approved\nowner: Ana\n"
        "priority: P1\nkind: business\ndepends_on: [PRD-001]\n---\n\n# Two\n\nText.\n"
    ),
    "docs/files/data.bin": b"\x00\x01binary",
}


@pytest.fixture
def hostile(make_site: WriteProject) -> Path:
    return make_site(HOSTILE, {"markdown_extensions": ["tables", "attr_list"]})


def test_hostile_content_stays_text_when_staged(hostile: Path, build: Build) -> None:
    built = build(hostile, strict=True, site_dir=hostile / "site-plugin")
    assert built.returncode == 0, f"{built.stdout}\n{built.stderr}"
    result = stage(hostile, "staged", "--engine", "mkdocs")
    assert result.exit_code == 0, result.output
    plain = plain_mkdocs_build(hostile)
    expected, got = articles(hostile / "site-plugin"), articles(plain)
    assert got == expected
    for built_page in plain.rglob("*.html"):  # the title in <title>, the navigation, the card
        assert "<script>alert" not in built_page.read_text(encoding="utf-8"), built_page
    page = article(plain / "prd/one/index.html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    home = article(plain / "index.html")
    # Jinja-like text is text; the `|` of the linked title keeps the row at two cells.
    assert "<td>{{ config.site_name }}</td>" in home
    assert "a | b" in home
    assert (hostile / "staged/files/data.bin").read_bytes() == b"\x00\x01binary"


def test_hostile_content_stays_text_with_zensical(hostile: Path) -> None:
    zensical = _zensical()
    assert stage(hostile, "staged").exit_code == 0
    config = engine_config(hostile, "staged", "zensical.yml", "site-zensical")
    built = build_with([zensical, "build"], hostile, config)
    assert built.returncode == 0, f"{built.stdout}\n{built.stderr}"
    site = hostile / "site-zensical"
    for page in site.rglob("*.html"):
        assert "<script>alert" not in page.read_text(encoding="utf-8"), page
    home = article(site / "index.html")
    assert "{{ config.site_name }}" in home
    assert broken_links(site) == []


def _zensical() -> str:
    """The ``zensical`` command of this interpreter's environment; skips when it is not installed."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("Zensical is not installed (pip install zensical)")
    return shutil.which("zensical", path=os.path.dirname(sys.executable)) or "zensical"


def test_restaging_is_byte_identical_and_rewrites_nothing(hostile: Path) -> None:
    assert stage(hostile, "one").exit_code == 0
    assert stage(hostile, "two").exit_code == 0
    assert _staged_tree(hostile / "one") == _staged_tree(hostile / "two")
    again = stage(hostile, "one")
    assert again.exit_code == 0
    assert "0 written, 0 removed" in again.output


def test_a_second_run_rewrites_only_what_changed(hostile: Path, tmp_path: Path) -> None:
    outdir = hostile / "staged"
    assert stage(hostile, str(outdir)).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in outdir.rglob("*") if p.is_file()}
    unrelated = outdir / "files/data.bin"
    os.utime(unrelated, ns=(1, 1))
    source = hostile / "docs/prd/two.md"
    source.write_text(source.read_text().replace("Text.", "Text, changed."), encoding="utf-8")
    result = stage(hostile, str(outdir))
    assert result.exit_code == 0, result.output
    changed = {
        p.relative_to(outdir).as_posix()
        for p in before
        if p.is_file() and p.stat().st_mtime_ns != before[p] and p != unrelated
    }
    # The body shows on its own page only.
    assert changed == {"prd/two.md"}, changed
    assert unrelated.stat().st_mtime_ns == 1
    # A file gone from the docs folder goes from the staged folder.
    (hostile / "docs/files/data.bin").unlink()
    result = stage(hostile, str(outdir))
    assert "1 removed" in result.output
    assert not (outdir / "files").exists()


def test_a_title_change_rewrites_the_pages_that_show_it(hostile: Path) -> None:
    outdir = hostile / "staged"
    assert stage(hostile, str(outdir)).exit_code == 0
    source = hostile / "docs/prd/two.md"
    source.write_text(source.read_text().replace("Plain *two*", "Renamed"), encoding="utf-8")
    result = stage(hostile, str(outdir))
    written = result.output.split("staged ")[-1]
    assert " 0 written" not in written
    assert "Renamed" in (outdir / "index.md").read_text()  # the link text on the home page
    assert "Renamed" in (outdir / "prd/one.md").read_text()  # in the card's backlinks
    assert "Renamed" in (outdir / "pm/prd/index.md").read_text()


@pytest.mark.parametrize("outdir", ["docs", "docs/staged", ".", "docs/.."])
def test_refuses_the_docs_folder_inside_it_or_around_it(hostile: Path, outdir: str) -> None:
    result = stage(hostile, str(hostile / outdir))
    assert result.exit_code == 2, result.output
    assert "staging folder" in result.output


def test_refuses_a_folder_holding_other_files(hostile: Path) -> None:
    other = hostile / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    result = stage(hostile, str(other))
    assert result.exit_code == 2
    assert (other / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_a_file_it_cannot_place_is_diagnosed(make_site: WriteProject) -> None:
    project = make_site({**HOSTILE, "docs/pm/index.md": "# Mine\n", "docs/pmdocs.yml": "a: 1\n"})
    result = stage(project, "staged")
    assert result.exit_code == 0, result.output
    assert "docs/pm/index.md:1:1: warning PM103" in result.output or "PM103" in result.output
    assert result.output.count("PM103") == 2
    assert "# Mine" not in (project / "staged/pm/index.md").read_text()
    assert stage(project, "staged", "--strict").exit_code == 1


def test_exits_as_check_does(make_site: WriteProject) -> None:
    files = {
        **HOSTILE,
        "docs/prd/bad.md": "---\ntype: prd\nid: PRD-003\ntitle: Bad\nstatus: nope\n---\n",
    }
    project = make_site(files)
    result = stage(project, "staged")
    assert result.exit_code == 1
    assert "PM1" in result.output
    assert (project / "staged/prd/bad.md").is_file()


def test_refuses_a_site_in_several_languages(make_site: WriteProject) -> None:
    i18n = {
        "docs_structure": "suffix",
        "languages": [{"locale": "en", "default": True, "name": "English"}, {"locale": "zh"}],
    }
    project = make_site(
        HOSTILE, {"plugins": ["search", {"i18n": i18n}, {"pmdocs": {"today": "2026-11-27"}}]}
    )
    result = stage(project, "staged")
    assert result.exit_code == 2
    assert "mkdocs-static-i18n" in result.output
    assert not (project / "staged").exists()


def test_help_lists_stage() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "stage" in result.output


def test_watch_restages_on_an_edit(hostile: Path) -> None:
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-c", "from pmdocs.cli import main; main()", "stage", "staged"]
    watcher = subprocess.Popen(
        [*command, "--watch"],
        cwd=hostile,
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staged = hostile / "staged/prd/two.md"
    try:
        assert _eventually(lambda: staged.is_file())
        source = hostile / "docs/prd/two.md"
        source.write_text(source.read_text().replace("Text.", "Watched."), encoding="utf-8")
        assert _eventually(lambda: "Watched." in staged.read_text(encoding="utf-8"))
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)


def _eventually(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _staged_tree(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*") if p.is_file()
    }


def _stage_in_processes(project: Path, outdir: Path, workers: int) -> Staged:
    settings = read_settings(project / "mkdocs.yml")
    return stage_site(
        settings, load_types(settings.schemas_dir, settings.root), outdir, workers=workers
    )


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="stage forks workers on Linux only"
)
def test_workers_stage_the_same_folder_as_one_process(example: Path) -> None:
    one = _stage_in_processes(example, example / "staged-one", workers=1)
    three = _stage_in_processes(example, example / "staged-three", workers=3)
    assert _staged_tree(example / "staged-three") == _staged_tree(example / "staged-one")
    assert three.written == one.written
    assert len(three.written) > 100
    # A second run in workers finds everything as the first left it.
    again = _stage_in_processes(example, example / "staged-three", workers=3)
    assert (again.written, again.removed, again.unchanged) == ([], [], one.written)


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="stage forks workers on Linux only"
)
def test_a_folder_leading_outside_stops_a_worker_with_its_name(
    hostile: Path, tmp_path: Path
) -> None:
    outdir = hostile / "guarded"
    _stage_in_processes(hostile, outdir, workers=2)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(outdir / "prd")
    (outdir / "prd").symlink_to(elsewhere)
    with pytest.raises(ConfigError, match="leads outside the staging folder"):
        _stage_in_processes(hostile, outdir, workers=2)
    assert not any(elsewhere.iterdir())
