"""Rebuilds in one process, as `mkdocs serve` does them: the cache of parsed
sources is reused for unchanged files and never serves a stale document."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import WriteProject
from mkdocs.commands.build import build
from mkdocs.config import load_config

from pmdocs.plugin import events as plugin

PRD = """---
type: prd
id: PRD-001
title: {title}
status: draft
owner: Ana
priority: P1
kind: user
---
## Problem
Text.
"""

DESIGN = """---
type: design
id: DES-001
title: Setup wizard
status: draft
owner: Ana
implements: [PRD-001]
---
"""


def rebuild(project: Path) -> None:
    """One build through MkDocs' API, in this process, like a serve rebuild."""
    config = load_config(str(project / "mkdocs.yml"))
    build(config)


def cache_for(project: Path) -> plugin.SourceCache:
    return plugin._CACHES[str((project / "docs").resolve())]


def touch_later(path: Path) -> None:
    """Make sure the modification time moves, whatever the file system's resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def project(tmp_path: Path, write_project: WriteProject) -> Path:
    files = {
        "docs/index.md": "# Home\n\nSee [[PRD-001]].\n",
        "docs/prd/sso.md": PRD.format(title="Single sign-on"),
        "docs/design/wizard.md": DESIGN,
        "schemas/.keep": "",
    }
    options = {"today": "2026-11-27", "schemas": "schemas"}
    return write_project(
        tmp_path, files, {"plugins": ["search", {"pmdocs": options}], "docs_dir": "docs"}
    )


def test_unchanged_files_are_not_parsed_again(project: Path) -> None:
    rebuild(project)
    cache = cache_for(project)
    first_misses = cache.misses
    rebuild(project)
    assert cache.misses == first_misses, "no file changed, so none is parsed again"
    assert cache.hits >= 3


def test_an_edited_document_shows_its_change(project: Path) -> None:
    rebuild(project)
    page = project / "docs/prd/sso.md"
    page.write_text(PRD.format(title="Single sign-on for everyone"), encoding="utf-8")
    touch_later(page)
    rebuild(project)
    html = (project / "site/prd/sso/index.html").read_text(encoding="utf-8")
    assert "Single sign-on for everyone" in html
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "PRD-001 Single sign-on for everyone" in home


def test_an_edited_schema_gives_the_new_diagnostics(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rebuild(project)
    assert "PM122" not in caplog.text
    builtin = Path(plugin.__file__).parents[1] / "core" / "builtin_types" / "prd.yml"
    narrowed = builtin.read_text(encoding="utf-8").replace("[P0, P1, P2, P3]", "[P0]")
    # The built-in page's sections name P1, which the narrowed type no longer allows.
    narrowed = narrowed[: narrowed.index("\npage:")] + "\n"
    (project / "schemas/prd.yml").write_text(narrowed, encoding="utf-8")
    caplog.clear()
    rebuild(project)
    assert "PM122" in caplog.text and "'P1' is not one of P0" in caplog.text
