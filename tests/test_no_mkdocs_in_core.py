"""The core never imports MkDocs: only the plugin glue (``pmdocs.plugin``) may.

So ``pmdocs check`` needs no site build, and the core can be used and tested
with plain strings. Each module is imported in a fresh interpreter, one after
the other, and the first that brings MkDocs (or ProperDocs, or Material) in is named.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pmdocs

GLUE = "pmdocs.plugin"
FORBIDDEN = ("mkdocs", "properdocs", "material")

PROBE = """
import importlib, json, sys
forbidden = tuple(json.loads(sys.argv[2]))
def loaded():
    return sorted(name for name in sys.modules if name.split(".")[0] in forbidden)
already = loaded()
culprits = {}
for module in json.loads(sys.argv[1]):
    importlib.import_module(module)
    if loaded() != already:
        culprits[module] = loaded()
        break
print(json.dumps({"before": already, "culprits": culprits}))
"""


def core_modules() -> list[str]:
    """Every module of the pmdocs package except the plugin glue."""
    found = ["pmdocs"]
    for module in pkgutil.walk_packages(pmdocs.__path__, prefix="pmdocs."):
        if not module.name.startswith(GLUE):
            found.append(module.name)
    return sorted(found)


def test_core_modules_are_found() -> None:
    modules = core_modules()
    for expected in ("pmdocs.core.frontmatter", "pmdocs.core.doctypes", "pmdocs.core.validate",
                     "pmdocs.core.graph", "pmdocs.core.project", "pmdocs.core.config",
                     "pmdocs.core.references", "pmdocs.core.natural", "pmdocs.views",
                     "pmdocs.site.pages", "pmdocs.cli.check"):  # fmt: skip
        assert expected in modules
    assert not any(name.startswith(GLUE) for name in modules)


def test_importing_the_core_does_not_import_mkdocs() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(core_modules()), json.dumps(FORBIDDEN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["before"] == [], "a fresh interpreter already had MkDocs loaded"
    assert report["culprits"] == {}, f"imports MkDocs: {report['culprits']}"


def test_the_probe_would_notice() -> None:
    """The plugin does import MkDocs, so the probe is not blind."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([GLUE]), json.dumps(FORBIDDEN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout)["culprits"]) == [GLUE]
