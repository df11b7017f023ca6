"""Writing guides on pages of their own, and pmdocs' pages over the user's files of the same path.

Real MkDocs + Material builds: what a writer and a stakeholder find on the
site.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CHECKOUT, Build, WriteProject
from test_site_build import article, links, output, resolve

from pmdocs.core.doctypes import load_types

VENDOR = r"""type: vendor
labels: {en: Vendor, zh: 供应商}
function: cost
id_pattern: 'VEN-\d{2,}'
statuses: [active, ended]
fields:
  tier: {type: string, enum: [gold, silver]}
required: [tier]
"""

PRD = """---
type: prd
id: PRD-001
title: Single sign-on
status: draft
owner: Ana
priority: P1
kind: user
---

Body.
"""

TYPES = [*load_types(), "vendor"]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Path:
    root = write_project(
        tmp_path_factory.mktemp("guides"),
        {"docs/index.md": "# Home\n", "docs/prd/sso.md": PRD, "schemas/vendor.yml": VENDOR},
        {"plugins": ["search", {"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    result = build(root, strict=True)
    assert result.returncode == 0, output(result)
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("type_name", ["prd", "design", "roadmap", "risk", "vendor"])
def test_every_type_has_a_writing_guide_page(site: Path, type_name: str) -> None:
    """A built-in type with documents, without, the two richer pages, a custom type."""
    guide = article(read(site, f"pm/guide/{type_name}/index.html"))
    assert re.search(r"<h1[^>]*>Writing guide: ", guide)
    assert f'<div class="pmdocs-guide" data-type="{type_name}">' in guide
    assert "language-yaml" in guide  # the front matter `pmdocs new` writes
    assert f"pmdocs new {type_name}" in guide
    page = f"pm/guide/{type_name}/index.html"
    targets = {resolve(site, page, href) for href, _ in links(guide)}
    assert (site / f"pm/{type_name}/index.html").resolve() in targets


@pytest.mark.parametrize("type_name", ["prd", "design", "roadmap", "risk", "vendor"])
def test_type_pages_link_to_their_guide_and_no_longer_carry_it(site: Path, type_name: str) -> None:
    page = f"pm/{type_name}/index.html"
    content = article(read(site, page))
    assert "pmdocs-guide" in content  # the line that links to the guide
    assert 'class="pmdocs-guide"' not in content  # the fields table
    assert "How to write one</h2>" not in content
    assert "```" not in content and "language-yaml" not in content
    guide = (site / f"pm/guide/{type_name}/index.html").resolve()
    assert guide in {resolve(site, page, href) for href, _ in links(content)}
    assert "How to write one: " in content


def test_the_function_map_links_to_every_type_page_and_guide(site: Path) -> None:
    content = article(read(site, "pm/index.html"))
    targets = {resolve(site, "pm/index.html", href) for href, _ in links(content)}
    for type_name in TYPES:
        assert (site / f"pm/{type_name}/index.html").resolve() in targets, type_name
        assert (site / f"pm/guide/{type_name}/index.html").resolve() in targets, type_name


def test_no_documents_yet_links_to_the_type_page_and_shows_the_command(site: Path) -> None:
    content = article(read(site, "pm/index.html"))
    design = re.search(
        r'<div class="pmdocs-function__type" data-type="design">.*?</div>', content, re.S
    )
    assert design is not None
    gap = re.search(r'<p class="pmdocs-function__gap">(.*?)</p>', design.group(0), re.S)
    assert gap is not None, design.group(0)
    assert links(gap.group(1)) == [("design/", "Gap: no documents yet")]
    assert "<code>pmdocs new design &#34;Title&#34;</code>" in gap.group(1)
    prd = re.search(r'<div class="pmdocs-function__type" data-type="prd">.*?</div>', content, re.S)
    assert prd is not None and "pmdocs-function__gap" not in prd.group(0)


# --------------------------------------------------- the user's files at pmdocs' paths

OWN_MAP = """---
type: prd
id: PRD-050
title: Own map page
status: draft
owner: Ana
priority: P1
kind: user
---

# Own map heading

OWNMAPTEXT links to [[NOPE-404]].
"""
OWN_RISKS = "# Own risk heading\n\nOWNRISKTEXT [[NOPE-405]].\n"


def own_pages_site(make_site: WriteProject) -> Path:
    return make_site(
        {
            "docs/index.md": "# Home\n",
            "docs/prd/sso.md": PRD,
            "docs/pm/index.md": OWN_MAP,
            "docs/pm/risk/index.md": OWN_RISKS,
        }
    )


def assert_generated_pages_replace_the_users(function_map: str, register: str) -> None:
    assert "Own map" not in function_map and "OWNMAPTEXT" not in function_map
    assert 'class="pmdocs-functions"' in function_map
    assert "<title>Product management - Test product</title>" in function_map
    assert "Own risk" not in register and "OWNRISKTEXT" not in register
    assert "<title>Risk register - Test product</title>" in register
    assert 'class="pmdocs-intro pmdocs-empty"' in register  # the register, with no risks yet


def test_generated_pages_replace_the_users_files_of_the_same_path(
    make_site: WriteProject, build: Build
) -> None:
    root = own_pages_site(make_site)
    result = build(root)
    assert result.returncode == 0, output(result)
    log = output(result)
    for path in ("pm/index.md", "pm/risk/index.md"):
        assert f"pmdocs generates {path}, which replaces the file of that name" in log
    # Neither file is a page of the project: no document, no broken reference.
    assert "PM210" not in log and "NOPE-40" not in log
    site = root / "site"
    assert_generated_pages_replace_the_users(
        read(site, "pm/index.html"), read(site, "pm/risk/index.html")
    )
    search = read(site, "search/search_index.json")
    for text in ("OWNMAPTEXT", "OWNRISKTEXT", "Own map", "Own risk", "PRD-050"):
        assert text not in search
    assert "PRD-050" not in json.dumps(json.loads(read(site, "pm/pmdocs.json")))


def test_mkdocs_serve_shows_the_generated_pages_over_the_users(make_site: WriteProject) -> None:
    root = own_pages_site(make_site)
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--no-livereload",
        "-a",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        function_map, register = (_fetch(port, page) for page in ("pm/", "pm/risk/"))
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert_generated_pages_replace_the_users(function_map, register)
    assert "pmdocs generates pm/index.md, which replaces the file of that name" in log
    assert "PM210" not in log


def _fetch(port: int, page: str, wait: float = 60) -> str:
    """The page as `mkdocs serve` gives it, once the server is up."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
