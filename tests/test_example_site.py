"""The repository's example site: it builds cleanly with MkDocs and ProperDocs, and checks clean.

The site is copied into a temporary folder first, so the tests never write
into the repository.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Build

REPO = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "content", "schemas", "theme")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site's sources."""
    root = tmp_path_factory.mktemp("example")
    for name in PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    if not (root / "mkdocs.yml").is_file():
        pytest.skip("the repository has no example site (mkdocs.yml)")
    return root


def warnings_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return re.findall(r"^WARNING\s+-\s+(.*)$", f"{result.stdout}\n{result.stderr}", re.M)


def assert_clean_strict_build(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert warnings_of(result) == []


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_example_site_builds_strict(example: Path, build: Build, tool: str) -> None:
    result = build(example, strict=True, tool=tool, site_dir=example / f"site-{tool}")
    assert_clean_strict_build(result)
    assert (example / f"site-{tool}" / "pm/index.html").is_file()


def pmdocs_command() -> list[str]:
    """The ``pmdocs`` command of this interpreter's environment, as a user runs it."""
    script = Path(sys.executable).with_name("pmdocs")
    fallback = [sys.executable, "-c", "from pmdocs.cli import main; main()"]
    return [str(script)] if script.is_file() else fallback


def test_pmdocs_check_passes(example: Path) -> None:
    result = subprocess.run(
        [*pmdocs_command(), "check"], cwd=example, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def test_example_covers_every_function_without_problems(example: Path) -> None:
    result = subprocess.run(
        [*pmdocs_command(), "check", "--format", "json"],
        cwd=example,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert report["warnings"] == 0
    assert report["documents"] >= 40


@pytest.fixture(scope="module")
def example_site(example: Path, build: Build) -> Path:
    """The example site built without ``--strict``, read by the stakeholder tests."""
    site = example / "site-read"
    result = build(example, site_dir=site)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return site


def test_function_map_shows_all_functions_and_no_gap(example_site: Path) -> None:
    page = (example_site / "pm/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<section class="pmdocs-function[" ]', page)) == 18
    assert "pmdocs-function--gap" not in page
    assert "All documents pass their checks." in page


def test_every_document_page_has_its_card(example: Path, example_site: Path) -> None:
    pages = 0
    for source in sorted((example / "content").rglob("*.md")):
        front_matter = re.match(r"---\n(.*?)\n---\n", source.read_text(encoding="utf-8"), re.S)
        if not front_matter or not re.search(r"^type:", front_matter.group(1), re.M):
            continue
        relative = source.relative_to(example / "content").with_suffix("")
        folder = relative.parent if relative.name == "index" else relative
        page = (example_site / folder / "index.html").read_text(encoding="utf-8")
        assert 'class="pmdocs-card"' in page, relative
        pages += 1
    assert pages >= 40


def test_links_in_generated_pages_resolve(example_site: Path) -> None:
    for path in sorted((example_site / "pm").rglob("*.html")):
        content = re.search(r"<article\b.*?</article>", path.read_text(encoding="utf-8"), re.S)
        assert content, path
        for href in re.findall(r'<a [^>]*href="([^"#]+)', content.group(0)):
            if re.match(r"^[a-z]+:", href):
                continue
            target = (path.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(example_site)}: {href}"
