"""Shared fixtures: small MkDocs projects written into a temporary folder, and real builds.

`write_project(root, files, config)` writes the files (path relative to the project
root → text or bytes) and a ``mkdocs.yml`` with the Material theme (system fonts,
nothing from the network) and ``plugins: [search, {pmdocs: {today: 2026-11-27}}]``;
``config`` replaces top-level keys of that configuration.

`build(project, strict=False, tool="mkdocs")` runs ``python -m mkdocs build`` (or
``properdocs build -f mkdocs.yml``) in the project folder, as a user would, and
returns the completed process with stdout and stderr as text.
"""

from __future__ import annotations

import datetime
import importlib.util
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from netguard import Canary, NetGuard

TODAY = datetime.date(2026, 11, 27)
CHECKOUT = str(Path(__file__).resolve().parent.parent)

BASE_CONFIG: dict[str, Any] = {
    "site_name": "Test product",
    "theme": {"name": "material", "font": False},
    "plugins": ["search", {"pmdocs": {"today": TODAY}}],
}

Files = Mapping[str, str | bytes]
WriteProject = Callable[..., Path]
Build = Callable[..., subprocess.CompletedProcess[str]]


def _write_project(root: Path, files: Files, config: Mapping[str, Any] | None = None) -> Path:
    """Write ``files`` and ``mkdocs.yml`` under ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    merged = {**BASE_CONFIG, **(config or {})}
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _build(
    project: Path,
    strict: bool = False,
    tool: str = "mkdocs",
    site_dir: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build ``project`` with MkDocs or ProperDocs, the way a user runs it."""
    if tool == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build"]
    elif tool == "properdocs":
        if importlib.util.find_spec("properdocs") is None:
            pytest.skip("ProperDocs is not installed (pip install properdocs)")
        command = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml"]
    else:
        raise ValueError(f"unknown build tool {tool!r}")
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    # The checkout under test comes first, whatever copy of pmdocs is installed.
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="session")
def write_project() -> WriteProject:
    """`_write_project`, for fixtures of any scope."""
    return _write_project


@pytest.fixture(scope="session")
def build() -> Build:
    """`_build`, for fixtures of any scope."""
    return _build


@pytest.fixture
def make_site(tmp_path: Path) -> WriteProject:
    """Write a project into a fresh folder under ``tmp_path``: ``make_site(files, config)``."""
    counter = itertools.count(1)

    def make(files: Files, config: Mapping[str, Any] | None = None) -> Path:
        return _write_project(tmp_path / f"project-{next(counter)}", files, config)

    return make


@pytest.fixture
def netguard(tmp_path: Path) -> NetGuard:
    """Run commands with every network socket refused and recorded (see ``netguard.py``)."""
    return NetGuard.install(tmp_path / "netguard")


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A local HTTP listener that records every request, for URLs in hostile input."""
    listener = Canary()
    yield listener
    listener.close()


def load_documents(root: Path, documents: Mapping[str, str]) -> Any:
    """The project of ``documents`` (docs path → text) written under ``root/docs``, checked clean."""
    from pmdocs.core.project import Settings, load_project

    for name, text in documents.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    loaded = load_project(Settings(root=root, docs_dir=root / "docs", today=TODAY))
    assert [d.format_text() for d in loaded.diagnostics] == []
    return loaded


def assert_snapshot(path: Path, text: str) -> None:
    """``text`` equals the snapshot at ``path`` byte for byte (or becomes it when updating).

    ``PMDOCS_UPDATE_SNAPSHOTS=1`` rewrites the snapshots instead of comparing.
    """
    if os.environ.get("PMDOCS_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"no snapshot {path}: run with PMDOCS_UPDATE_SNAPSHOTS=1 to create it"
    stored = path.read_bytes().decode("utf-8")
    assert text == stored, (
        f"{path.name} changed: if intended, regenerate with PMDOCS_UPDATE_SNAPSHOTS=1"
    )
