"""Jinja2 rendering of pmdocs' HTML fragments: every value escaped by construction."""

from __future__ import annotations

import contextlib
from functools import cache
from typing import Any

import jinja2

from pmdocs.views import status_tone
from pmdocs.views.html import badge, doc_link, doc_links, field_value, status_badge

__all__ = ["render", "squeeze"]


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, in Jinja's per-user folder of the temp dir.

    Compiling the templates took 70 ms of every build; loading them compiled
    takes 2. Jinja recompiles a template whose source changed. A cache that
    cannot be written is only a slower build.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # Jinja found no safe folder of its own
        return None


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pmdocs.views", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_compiled_templates(),
    )
    environment.globals["tone"] = status_tone
    # The shared pieces are Python, not macros: pages call them per field and per link.
    environment.globals["doc_link"] = doc_link
    environment.globals["doc_links"] = doc_links
    environment.globals["badge"] = badge
    environment.globals["status_badge"] = status_badge
    environment.globals["field_value"] = field_value
    return environment


def render(template: str, **context: Any) -> str:
    """Render a package template into HTML that Markdown passes through untouched."""
    return squeeze(_environment().get_template(template).render(**context))


def squeeze(html: str) -> str:
    """Drop blank lines and indentation: a blank line would end Markdown's raw HTML block."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
