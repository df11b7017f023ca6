"""Generated files and prepared pages are written to a scratch folder; a folder that cannot
take them is a clear error, not a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from pmdocs.plugin import PmdocsPlugin
from pmdocs.textstore import TextStore


def test_an_unwritable_scratch_folder_is_a_plugin_error() -> None:
    plugin = PmdocsPlugin()
    plugin.scratch = tempfile.TemporaryDirectory(prefix="pmdocs-test-")
    try:
        Path(plugin.scratch.name, "pm").write_text("a file where a folder must go")
        with pytest.raises(PluginError, match=r"pmdocs: cannot write pm/index\.md to a temporary"):
            plugin._scratch_file(MkDocsConfig(), "pm/index.md", ["# Map\n"])
    finally:
        plugin.on_build_error(RuntimeError())
    assert plugin.scratch is None


def test_a_scratch_folder_that_cannot_take_the_prepared_pages_is_a_plugin_error(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    (docs / "prd").mkdir(parents=True)
    (docs / "prd" / "sso.md").write_text(
        "---\ntype: prd\nid: PRD-001\ntitle: SSO\nstatus: draft\n---\n\nBody.\n"
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - pmdocs\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["pmdocs"]
    plugin.scratch = tempfile.TemporaryDirectory(prefix="pmdocs-test-")
    try:
        Path(plugin.scratch.name, "pages").mkdir()  # a folder where the file must go
        config = config.plugins.on_config(config)
        with pytest.raises(PluginError, match=r"pmdocs: cannot write to a temporary folder"):
            config.plugins.on_files(get_files(config), config=config)
    finally:
        plugin.on_build_error(RuntimeError())
    assert plugin.scratch is None


def test_stored_texts_come_back_by_key_in_any_order(tmp_path: Path) -> None:
    store = TextStore(tmp_path / "store")
    try:
        store.put("prd/a.md", ["# A\n\n中文 <b>x</b>", '<a href="../b/">B</a>'])
        store.put("prd/b.md", [])
        store.put("prd/c.md", ["\u2028\x00\"'\\"])
        assert store.get("prd/c.md") == ["\u2028\x00\"'\\"]
        assert store.get("prd/a.md") == ["# A\n\n中文 <b>x</b>", '<a href="../b/">B</a>']
        assert store.get("prd/b.md") == []
        assert store.get("prd/a.md") == ["# A\n\n中文 <b>x</b>", '<a href="../b/">B</a>']
        assert store.get("prd/missing.md") is None
    finally:
        store.close()
