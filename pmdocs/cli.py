"""The ``pmdocs`` command: check, types and the authoring tools, without a site build."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pmdocs import __version__
from pmdocs.config import read_settings
from pmdocs.diagnostics import Diagnostic
from pmdocs.doctypes import ConfigError, TypeSet, load_types
from pmdocs.project import Project, Settings, load_project

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


def config_file_option(command: F) -> F:
    """``-f/--config-file`` on the group and on every command."""
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="The MkDocs config to read (default: mkdocs.yml in the current folder).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@config_file_option
@click.version_option(__version__, prog_name="pmdocs")
@click.pass_context
def main(context: click.Context, config_file: Path | None) -> None:
    """Check and author product-management documents kept as Markdown with YAML front matter.

    pmdocs reads the pmdocs plugin's options from mkdocs.yml in the current
    folder (or -f FILE) and never builds the site.
    """
    context.obj = {"config_file": config_file}


def find_config(config_file: Path | None) -> Path:
    """The config file named with -f, else the first of mkdocs.yml, ... in the current folder."""
    context = click.get_current_context()
    chosen = config_file or (context.obj or {}).get("config_file")
    if chosen is not None:
        if not chosen.is_file():
            raise ConfigError(str(chosen), "no such config file")
        return Path(chosen)
    for name in CONFIG_NAMES:
        if Path(name).is_file():
            return Path(name)
    raise ConfigError(
        "mkdocs.yml", "no mkdocs.yml in the current folder; run from the site's folder or pass -f"
    )


def fail_on_config_error(action: Callable[[], int]) -> None:
    """Run ``action``; a configuration problem is one line on stderr and exit 2."""
    try:
        code = action()
    except ConfigError as error:
        click.echo(f"pmdocs: error: {error}", err=True)
        sys.exit(2)
    sys.exit(code)


def load_settings_and_types(config_file: Path | None) -> tuple[Settings, TypeSet]:
    settings = read_settings(find_config(config_file))
    if not settings.docs_dir.is_dir():
        raise ConfigError(str(settings.docs_dir), "the docs folder does not exist")
    return settings, load_types(settings.schemas_dir, settings.root)


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@config_file_option
def check(output_format: str, strict: bool, config_file: Path | None) -> None:
    """Validate every document and link; exit 1 on errors (or warnings with --strict)."""

    def run() -> int:
        settings, types = load_settings_and_types(config_file)
        project = load_project(settings, types=types)
        click.echo(REPORTERS[output_format](project), nl=False)
        failing = project.diagnostics if strict else project.errors
        return 1 if failing else 0

    fail_on_config_error(run)


def report_text(project: Project) -> str:
    lines = [diagnostic.format_text() for diagnostic in project.diagnostics]
    lines.append(summary_line(project))
    return "\n".join(lines) + "\n"


def report_json(project: Project) -> str:
    report = {
        "documents": len(project.documents),
        "errors": len(project.errors),
        "warnings": len(project.warnings),
        "diagnostics": [d.as_dict() for d in project.diagnostics],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def report_github(project: Project) -> str:
    """GitHub Actions workflow commands, then the summary (GitHub shows only ten of each)."""
    lines = [github_annotation(d) for d in project.diagnostics]
    lines.append(summary_line(project))
    return "\n".join(lines) + "\n"


def github_annotation(diagnostic: Diagnostic) -> str:
    properties = {
        "file": diagnostic.file,
        "line": str(diagnostic.line),
        "col": str(diagnostic.column),
        "title": diagnostic.code,
    }
    encoded = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    subject = f"[{diagnostic.id}] " if diagnostic.id else ""
    field = f"{diagnostic.field}: " if diagnostic.field else ""
    message = _escape_data(f"{subject}{field}{diagnostic.message}")
    return f"::{diagnostic.severity.value} {encoded}::{message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(project: Project) -> str:
    return (
        f"pmdocs: {len(project.documents)} documents, "
        f"{len(project.errors)} errors, {len(project.warnings)} warnings"
    )


REPORTERS: dict[str, Callable[[Project], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


@main.command()
@config_file_option
def types(config_file: Path | None) -> None:
    """List the known document types with labels, id patterns and statuses."""

    def run() -> int:
        _, type_set = load_settings_and_types(config_file)
        for doc_type in type_set.values():
            origin = "" if doc_type.builtin else f"  ({doc_type.source})"
            click.echo(f"{doc_type.name}  {doc_type.labels.en} / {doc_type.labels.zh}{origin}")
            click.echo(f"  function: {doc_type.function}")
            click.echo(f"  id: {doc_type.id_pattern}")
            click.echo(f"  statuses: {', '.join(doc_type.statuses)}")
        return 0

    fail_on_config_error(run)
