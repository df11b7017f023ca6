"""Helpers for building a staged folder: the engine config derived from mkdocs.yml, article HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["article", "articles", "engine_config"]

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def engine_config(project: Path, staged: str, name: str, site_dir: str) -> Path:
    """``mkdocs.yml`` without pmdocs in its plugins, on the staged folder, with ``pmdocs.yml`` added."""
    config: dict[str, Any] = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config.get("plugins") or []
    config["plugins"] = [
        plugin
        for plugin in plugins
        if plugin != "pmdocs" and not (isinstance(plugin, dict) and "pmdocs" in plugin)
    ]
    config["docs_dir"] = staged
    config["site_dir"] = site_dir
    config.update(yaml.safe_load((project / staged / "pmdocs.yml").read_text(encoding="utf-8")))
    path = project / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """``python tests/stagebuild.py PROJECT STAGED CONFIG SITE_DIR``: write the engine's config."""
    project, staged, name, site_dir = argv
    engine_config(Path(project), staged, name, site_dir)
    return 0


def article(page: Path) -> str:
    """The page's ``<article>``: what the theme shows of the page's content."""
    found = _ARTICLE.search(page.read_text(encoding="utf-8"))
    return found.group(0) if found else ""


def articles(site: Path) -> dict[str, str]:
    """Every HTML page of a built site → its article."""
    return {
        page.relative_to(site).as_posix(): article(page) for page in sorted(site.rglob("*.html"))
    }


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
