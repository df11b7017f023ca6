"""Which files are read, and how: `pmdocs check` takes exactly the files ``mkdocs build``
takes, reads regular files only, within the size limit, and names files as ``mkdocs.yml``
names the docs folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CHECKOUT, TODAY, WriteProject
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files
from mkdocs.utils import markdown_extensions

from pmdocs.core.project import MARKDOWN_SUFFIXES, SourceCache, find_docs_files

# A hang is a failure, not a stuck test run.
TIMEOUT = 120
EXCLUDE_DOCS = "private/\n*.tmp.md\ng.mdown\n"
DRAFT_DOCS = "drafts/\nmixed/index.md\n"


def page(name: str) -> str:
    """An ordinary page whose unknown reference (PM210) shows that the file was read."""
    return f"# {name}\n\nSee [[PRD-404]].\n"


# Every file under docs/ (or elsewhere/, which docs/linked points to).
TREE = {
    "index.md": page("home"),
    "README.md": page("readme beside index"),
    "guide/README.md": page("readme alone"),
    "a.mdown": page("mdown"),
    "b.mkd": page("mkd"),
    "c.mkdn": page("mkdn"),
    "d.markdown": page("markdown"),
    "e.MD": page("upper case suffix"),
    "same.md": page("same as md"),
    "same.mdown": page("same as mdown"),
    "f.markdown": page("same as md, earlier"),
    "f.md": page("same as markdown, later"),
    "g.md": page("same as an excluded mdown"),
    "g.mdown": page("excluded, same as md"),
    "static.html": "<p>Static</p>\n",
    "static.md": page("same place as static.html without directory URLs"),
    ".hidden.md": page("hidden"),
    ".folder/x.md": page("hidden folder"),
    "templates/t.md": page("templates"),
    "deep/templates/t.md": page("templates not at the top"),
    "private/p.md": page("excluded"),
    "notes.tmp.md": page("excluded by pattern"),
    "drafts/d.md": page("draft"),
    "mixed/index.md": page("draft index"),
    "mixed/README.md": page("readme beside a draft index"),
}
LINKED = {"x.md": page("linked"), "sub/y.mkd": page("linked deeper")}


@pytest.fixture
def tree(tmp_path: Path, write_project: WriteProject) -> Path:
    """A project with every case of MkDocs' file selection, a linked folder among them."""
    root = tmp_path / "project"
    config = {
        "docs_dir": "docs",
        "exclude_docs": EXCLUDE_DOCS,
        "draft_docs": DRAFT_DOCS,
        "plugins": ["search", {"pmdocs": {"today": TODAY}}],
    }
    write_project(root, {f"docs/{name}": text for name, text in TREE.items()}, config)
    write_project(tmp_path / "elsewhere", {name: text for name, text in LINKED.items()})
    (tmp_path / "elsewhere" / "mkdocs.yml").unlink()
    (root / "docs" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    return root


def run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of a user, in a fresh interpreter, stopped after `TIMEOUT` seconds."""
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def check(root: Path) -> tuple[int, list[str], dict[str, Any]]:
    """Exit code, ``file:line:col CODE`` of each diagnostic, and the JSON report."""
    result = run(["-c", "from pmdocs.cli import main; main()", "check", "--format", "json"], root)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    found = [f"{d['file']}:{d['line']}:{d['column']} {d['code']}" for d in report["diagnostics"]]
    return result.returncode, found, report


BUILD_LINE = re.compile(r"pmdocs: (\S+:\d+:\d+): (?:error|warning) (PM\d{3})")


def build(root: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """The build's process and the ``file:line:col CODE`` of each diagnostic it logged."""
    result = run(["-m", "mkdocs", "build", "--verbose"], root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result, sorted(f"{place} {code}" for place, code in BUILD_LINE.findall(output))


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_the_files_are_those_mkdocs_builds(tree: Path, use_directory_urls: bool) -> None:
    """The same Markdown files as MkDocs' own ``get_files`` and exclusions pick for a build."""
    config = load_config(str(tree / "mkdocs.yml"), use_directory_urls=use_directory_urls)
    built = get_files(config).documentation_pages(inclusion=InclusionLevel.is_included)
    expected = sorted(file.src_uri for file in built)
    found = find_docs_files(
        tree / "docs", EXCLUDE_DOCS, DRAFT_DOCS, use_directory_urls=use_directory_urls
    )
    assert sorted(found.documents) == expected
    # What the tree is for: each rule of MkDocs' leaves its mark on the set.
    assert {"linked/x.md", "linked/sub/y.mkd", "a.mdown", "b.mkd", "c.mkdn", "d.markdown"} <= set(
        expected
    )
    assert {"README.md", "e.MD", "same.md", ".hidden.md", "private/p.md"}.isdisjoint(expected)
    assert {"f.md", "g.md", "static.md"} <= set(expected)
    assert {"f.markdown", "g.mdown"}.isdisjoint(expected)
    assert {"drafts/d.md", "mixed/index.md", "templates/t.md"}.isdisjoint(expected)
    assert {"guide/README.md", "mixed/README.md", "deep/templates/t.md"} <= set(expected)


def test_the_markdown_suffixes_are_mkdocs_own() -> None:
    assert sorted(MARKDOWN_SUFFIXES) == sorted(markdown_extensions)


def test_check_and_build_report_the_same_problems(tree: Path) -> None:
    code, checked, _ = check(tree)
    result, built = build(tree)
    assert code == 1 and result.returncode == 0
    assert sorted(checked) == built
    assert "docs/linked/x.md:3:5 PM210" in checked
    assert "docs/a.mdown:3:5 PM210" in checked
    assert not [place for place in checked if place.startswith(("docs/drafts/", "docs/README"))]


@pytest.fixture
def hostile(tmp_path: Path, write_project: WriteProject) -> Path:
    """A docs folder with a named pipe and links to /dev/zero, as Markdown and as a copied file."""
    root = write_project(
        tmp_path / "project",
        {"docs/index.md": "# Home\n", "docs/notes.md": "# Notes\n\nSee [[PRD-404]].\n"},
        {"docs_dir": "docs"},
    )
    docs = root / "docs"
    os.mkfifo(docs / "x.md")
    os.mkfifo(docs / "pipe.png")
    (docs / "zero.md").symlink_to("/dev/zero")
    (docs / "zero.bin").symlink_to("/dev/zero")
    return root


HOSTILE_PROBLEMS = [
    "docs/notes.md:3:5 PM210",
    "docs/pipe.png:1:1 PM100",
    "docs/x.md:1:1 PM100",
    "docs/zero.bin:1:1 PM100",
    "docs/zero.md:1:1 PM100",
]


def test_check_reads_only_regular_files(hostile: Path) -> None:
    code, found, report = check(hostile)
    assert code == 1
    assert sorted(found) == HOSTILE_PROBLEMS
    messages = {d["file"]: d["message"] for d in report["diagnostics"]}
    assert "named pipe, not a regular file" in messages["docs/x.md"]
    assert "a device, not a regular file" in messages["docs/zero.md"]


def test_build_leaves_out_what_is_not_a_regular_file(hostile: Path) -> None:
    result, found = build(hostile)
    assert result.returncode == 0, result.stderr
    assert found == HOSTILE_PROBLEMS
    site = hostile / "site"
    assert (site / "notes" / "index.html").is_file()
    for left_out in ("x", "zero"):
        assert not (site / left_out).exists()
    assert not (site / "pipe.png").exists() and not (site / "zero.bin").exists()


# What `mkdocs serve` runs on every change: a build that shows the drafts too.
SERVE_BUILD = (
    "from mkdocs.commands.build import build; from mkdocs.config import load_config; "
    "build(load_config('mkdocs.yml'), serve_url='http://127.0.0.1:8000/')"
)


def test_a_pipe_among_the_drafts_hangs_neither_check_nor_serve(
    tmp_path: Path, write_project: WriteProject
) -> None:
    """Only `mkdocs serve` reads drafts: it leaves a pipe out quietly, as check and build do."""
    root = write_project(
        tmp_path / "project", {"docs/index.md": "# Home\n"}, {"draft_docs": "drafts/\n"}
    )
    (root / "docs" / "drafts").mkdir()
    os.mkfifo(root / "docs" / "drafts" / "wip.md")
    assert check(root)[:2] == (0, [])
    served = run(["-c", SERVE_BUILD], root)
    assert served.returncode == 0 and "Traceback" not in served.stderr, served.stderr
    assert (root / "site" / "index.html").is_file()
    assert build(root)[0].returncode == 0


def test_a_linked_docs_folder_is_named_as_mkdocs_yml_names_it(
    tmp_path: Path, write_project: WriteProject
) -> None:
    """``docs_dir: docs`` where docs is a link: diagnostics say docs/, not the folder it points to."""
    shared = write_project(tmp_path / "shared-docs", {"notes.md": "# Notes\n\n[[PRD-404]]\n"})
    (shared / "mkdocs.yml").unlink()
    root = write_project(tmp_path / "project", {}, {"docs_dir": "docs"})
    (root / "docs").symlink_to(shared, target_is_directory=True)
    assert check(root)[:2] == (1, ["docs/notes.md:3:1 PM210"])
    assert build(root)[1] == ["docs/notes.md:3:1 PM210"]


def test_a_file_that_holds_more_than_its_size_says_is_read_whole(tmp_path: Path) -> None:
    """Files in /proc say they are empty; reading by the size alone would find nothing."""
    (tmp_path / "status.md").symlink_to("/proc/self/status")
    source = SourceCache().read(tmp_path / "status.md", "docs/status.md")
    assert source.diagnostics == () and "Name:" in source.body
