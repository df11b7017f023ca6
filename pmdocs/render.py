"""Jinja2 rendering of pmdocs' HTML fragments: every value escaped by construction."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from pmdocs.validate import is_safe_url
from pmdocs.views import status_tone

__all__ = ["render", "squeeze"]


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pmdocs", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["tone"] = status_tone
    environment.globals["safe_url"] = is_safe_url
    return environment


def render(template: str, **context: Any) -> str:
    """Render a package template into HTML that Markdown passes through untouched."""
    return squeeze(_environment().get_template(template).render(**context))


def squeeze(html: str) -> str:
    """Drop blank lines and indentation: a blank line would end Markdown's raw HTML block."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
