"""Generated files are written to a scratch folder; a folder that cannot take them is a
clear error, not a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from pmdocs.plugin.events import PmdocsPlugin


def test_an_unwritable_scratch_folder_is_a_plugin_error() -> None:
    plugin = PmdocsPlugin()
    plugin.scratch = tempfile.TemporaryDirectory(prefix="pmdocs-test-")
    try:
        Path(plugin.scratch.name, "pm").write_text("a file where a folder must go")
        with pytest.raises(PluginError, match=r"pmdocs: cannot write pm/index\.md to a temporary"):
            plugin._write("pm/index.md", ["# Map\n"])
    finally:
        plugin.on_build_error(RuntimeError())
    assert plugin.scratch is None
