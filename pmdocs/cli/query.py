"""``pmdocs query``: run the query blocks of a page, or one query, and print the results."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from pmdocs.cli.main import config_file_option, fail_on_config_error, load_settings_and_types, main
from pmdocs.core.authoring import InputError
from pmdocs.core.diagnostics import Diagnostic, one_line
from pmdocs.core.frontmatter import read_source
from pmdocs.core.i18n import count_of
from pmdocs.core.project import Project, load_project
from pmdocs.core.query import (
    PageQuery,
    Query,
    QueryResult,
    field_value,
    page_queries,
    parse_query,
    run_query,
)

_JSON_HELP = (
    'json prints {"queries": [{"line", "show", "total", "documents": [ids], '
    '"groups": [{"value", "documents": [ids]}], "diagnostics": [...]}]}.'
)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--query", "query_text", default=None, help="A query in YAML, instead of FILE.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a readable table, list, count or groups per query. " + _JSON_HELP,
)
@config_file_option
def query(
    file: Path | None, query_text: str | None, output_format: str, config_file: Path | None
) -> None:
    """Run every ```pmdocs query block of FILE (a page), or --query 'YAML'; exit 1 on PM400.

    FILE is relative to the folder of mkdocs.yml or to the docs folder.
    """

    def run() -> int:
        if (file is None) == (query_text is None):
            raise InputError("give a FILE or --query 'YAML', not both or neither")
        settings, types = load_settings_and_types(config_file)
        project = load_project(settings, types=types)
        if query_text is not None:
            parsed, diagnostics = parse_query(query_text, types, "--query", graph=project.graph)
            found = [_Found("--query", 1, parsed, diagnostics, None)]
        else:
            assert file is not None
            found = _queries_of_file(project, file)
        reports = [item.run(project) for item in found]
        if output_format == "json":
            click.echo(json.dumps({"queries": reports}, ensure_ascii=False, indent=2))
        else:
            for item in found:
                click.echo(_text(project, item))
            if not found and file is not None:
                click.echo(f"{file.as_posix()}: no pmdocs query blocks")
        return 1 if any(item.diagnostics for item in found) else 0

    fail_on_config_error(run, output_format)


class _Found:
    """A query to run: its line in the page, the query or its diagnostics, the page's id."""

    def __init__(
        self,
        where: str,
        line: int,
        query: Query | None,
        diagnostics: list[Diagnostic],
        this_id: str | None,
    ) -> None:
        self.where = where
        self.line = line
        self.query = query
        self.diagnostics = diagnostics
        self.this_id = this_id
        self.result: QueryResult | None = None

    def run(self, project: Project) -> dict[str, Any]:
        report: dict[str, Any] = {"line": self.line, "show": None, "total": None}
        report.update(documents=[], groups=[], diagnostics=[d.as_dict() for d in self.diagnostics])
        if self.query is None:
            return report
        self.result = result = run_query(project, self.query, self.this_id)
        report.update(show=self.query.show, total=result.total)
        report["documents"] = [d.id for d in result.documents]
        report["groups"] = [
            {"value": group.value, "documents": [d.id for d in group.documents]}
            for group in result.groups
        ]
        return report


def _queries_of_file(project: Project, file: Path) -> list[_Found]:
    settings = project.settings
    candidates = [file] if file.is_absolute() else [settings.root / file, settings.docs_dir / file]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        raise InputError(f"{file.as_posix()}: no such file (looked beside mkdocs.yml and in docs)")
    docs_path = _docs_path(path, settings.docs_dir)
    queries: list[PageQuery]
    this_id = None
    offset = 0
    if docs_path is not None and docs_path in project.sources:
        queries = project.queries_of(docs_path)
        shown = project.sources[docs_path].path
        offset = project.sources[docs_path].body_line - 1
        document = project.document_at(docs_path)
        this_id = document.id if document is not None else None
    else:  # a page outside the docs folder (a README): its blocks, no document of its own
        shown = os.path.relpath(path, settings.root).replace(os.sep, "/")
        source = read_source(shown, path.read_bytes())
        if source.unreadable:
            raise InputError(f"{shown}: {source.diagnostics[0].message}")
        queries = page_queries(
            source.body, source.body_line, project.types, shown, graph=project.graph
        )
        offset = source.body_line - 1
    return [
        _Found(shown, q.block.line + offset, q.query, list(q.diagnostics), this_id) for q in queries
    ]


def _docs_path(path: Path, docs_dir: Path) -> str | None:
    try:
        return path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        return None


def _text(project: Project, found: _Found) -> str:
    """One query's result as text: a heading line, then a table, a list, a count or groups."""
    if found.query is None or found.result is None:
        return "\n".join(d.format_text() for d in found.diagnostics) + "\n"
    query, result = found.query, found.result
    shown = count_of(len(result.documents), "document")
    if result.total != len(result.documents):
        shown += f" of {result.total}"
    lines = [f"{found.where}:{found.line}: {query.show} of {', '.join(query.types)}: {shown}"]
    if query.show == "count":
        lines.append(str(result.total))
    if result.groups:
        for group in result.groups:
            value = "(none)" if group.value is None else _cell(group.value)
            lines.append(f"== {query.group_by}: {value} ({len(group.documents)})")
            if query.show != "count":
                lines.extend(_rows(project, query, group.documents))
    elif query.show != "count":
        lines.extend(_rows(project, query, result.documents))
    if not result.documents:
        lines.append("(no documents match)")
    return "\n".join(one_line(line) for line in lines) + "\n"


def _rows(project: Project, query: Query, documents: Any) -> list[str]:
    if not documents:
        return []
    if query.show in ("list", "board", "chart"):
        return [f"{d.id}  {d.title}  [{d.status}]" for d in documents]
    table = [list(query.columns)]
    table += [[_cell(field_value(project, d, c)) for c in query.columns] for d in documents]
    widths = [max(len(row[i]) for row in table) for i in range(len(query.columns))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    return str(value)
