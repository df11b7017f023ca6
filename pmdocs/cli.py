"""The ``pmdocs`` command: check, types and the authoring tools, without a site build."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from pmdocs import __version__
from pmdocs.authoring import InputError, create_document, display_path, require_type
from pmdocs.baseline import Baseline, read_baseline
from pmdocs.config import read_settings, resolve_today
from pmdocs.diagnostics import Diagnostic, one_line
from pmdocs.doctypes import ConfigError, TypeSet, load_types
from pmdocs.export import export_csv, export_json, write_csv_folder, write_text
from pmdocs.project import Project, Settings, load_project, load_site_project
from pmdocs.schema_export import schemas_json, write_schemas

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


def fail_on_config_error(action: Callable[[], int], output_format: str = "text") -> None:
    """Run ``action``; a configuration problem or bad input is one line on stderr and exit 2.

    With ``--format json`` or ``github``, the report on stdout says it too: a
    JSON object with the error, or an ``::error`` workflow command.
    """
    try:
        code = _path_errors_as_input_errors(action)
    except (ConfigError, InputError) as error:
        text = one_line(str(error))
        click.echo(f"pmdocs: error: {text}", err=True)
        if output_format == "json":
            click.echo(json.dumps({"error": text}, ensure_ascii=False))
        elif output_format == "github":
            click.echo(f"::error title=pmdocs configuration::{_escape_data(text)}")
        sys.exit(2)
    sys.exit(code)


def _path_errors_as_input_errors(action: Callable[[], int]) -> int:
    """``action()``, where an OS error about a path is an `InputError` naming that path.

    pathlib's checks raise for a name too long or a folder that cannot be
    searched, wherever a path is first touched. An OS error without a path
    is not the input's: a closed stdout is for click to handle.
    """
    try:
        return action()
    except OSError as error:
        if error.filename is None:
            raise
        path = display_path(Path(os.fsdecode(error.filename)))
        raise InputError(f"{path}: {error.strerror or error}") from None


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
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Report and fail only on problems this baseline file does not hold.",
)
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Record today's problems in this file and exit 0 (with --baseline: only drop fixed ones).",
)
@config_file_option
def check(
    output_format: str,
    strict: bool,
    baseline_file: Path | None,
    write_baseline_file: Path | None,
    config_file: Path | None,
) -> None:
    """Validate every document and link; exit 1 on errors (or warnings with --strict)."""

    def run() -> int:
        settings, types = load_settings_and_types(config_file)
        baseline = read_baseline(baseline_file) if baseline_file else None
        project = load_site_project(settings, types=types)
        report = Report.of(project, baseline)
        click.echo(REPORTERS[output_format](report), nl=False)
        if write_baseline_file:
            return _write_baseline(write_baseline_file, project, baseline, report, strict)
        return report.exit_code(strict)

    fail_on_config_error(run, output_format)


def _write_baseline(
    path: Path, project: Project, baseline: Baseline | None, report: Report, strict: bool
) -> int:
    """Record the problems; with an old baseline, keep only what it held and still occurs."""
    written = (
        baseline.tightened(project.diagnostics) if baseline else Baseline.of(project.diagnostics)
    )
    written.write(path)
    click.echo(f"pmdocs: wrote {path} with {written.total} problems", err=True)
    return report.exit_code(strict) if baseline else 0


@dataclass(frozen=True)
class Report:
    """What `check` prints: the diagnostics to show, and what a baseline accepted."""

    documents: int
    diagnostics: list[Diagnostic]
    baseline: Baseline | None = None
    known: int = 0
    fixed: int = 0

    @classmethod
    def of(cls, project: Project, baseline: Baseline | None = None) -> Report:
        if baseline is None:
            return cls(len(project.documents), project.diagnostics)
        match = baseline.match(project.diagnostics)
        return cls(len(project.documents), match.new, baseline, len(match.known), match.fixed)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def exit_code(self, strict: bool) -> int:
        failing = self.diagnostics if strict else self.errors
        return 1 if failing else 0


def report_text(report: Report) -> str:
    lines = [diagnostic.format_text() for diagnostic in report.diagnostics]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> str:
    result: dict[str, Any] = {
        "documents": report.documents,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "diagnostics": [d.as_dict() for d in report.diagnostics],
    }
    if report.baseline is not None:
        result["baseline"] = {"known": report.known, "fixed": report.fixed}
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def report_github(report: Report) -> str:
    """GitHub Actions workflow commands, then the summary (GitHub shows only ten of each)."""
    lines = [github_annotation(d) for d in report.diagnostics]
    lines.append(summary_line(report))
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


def summary_line(report: Report) -> str:
    line = (
        f"pmdocs: {report.documents} documents, "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    if report.baseline is not None:
        line += f"; {report.known} known problems accepted by the baseline"
        if report.fixed:
            line += f", {report.fixed} fixed since (tighten it with --write-baseline)"
    return line


REPORTERS: dict[str, Callable[[Report], str]] = {
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


@main.command()
@click.argument("type_name", metavar="TYPE")
@click.argument("title")
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the new file, inside the docs folder (default: where most documents "
    "of the type are, else <docs_dir>/<type>/).",
)
@config_file_option
def new(type_name: str, title: str, folder: Path | None, config_file: Path | None) -> None:
    """Write a new TYPE document titled TITLE with the next free id; print its path.

    The file gets every required field with a placeholder, the allowed values
    in comments, today's date and the type's body sections. An existing file
    is never overwritten.
    """

    def run() -> int:
        settings, types = load_settings_and_types(config_file)
        require_type(types, type_name)
        project = load_site_project(settings, types=types)
        path = create_document(project, type_name, title, resolve_today(settings.today), folder)
        click.echo(display_path(path))
        return 0

    fail_on_config_error(run)


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: every document in one object; csv: one table per type.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="json: the file to write (default: stdout); csv: the folder for <type>.csv files.",
)
@click.option("--type", "type_name", default=None, help="Only the documents of this type.")
@config_file_option
def export(
    output_format: str, output: Path | None, type_name: str | None, config_file: Path | None
) -> None:
    """Every document with its fields, links, backlinks and page URL, as JSON or CSV."""

    def run() -> int:
        settings, types = load_settings_and_types(config_file)
        if type_name is not None:
            require_type(types, type_name)
        if output_format == "csv" and type_name is None and output is None:
            raise InputError("csv needs --type TYPE (one table on stdout) or -o FOLDER (all types)")
        if output is not None and (output_format == "json" or type_name is not None):
            refuse_sources(output, find_config(config_file), settings)
        project = load_project(settings, types=types)
        if output_format == "json":
            _emit(export_json(project, type_name), output)
        elif type_name is not None:
            _emit(export_csv(project, type_name), output)
        else:
            assert output is not None
            for path in write_csv_folder(project, output):
                click.echo(display_path(path))
        return 0

    fail_on_config_error(run)


# What MkDocs reads as a Markdown page.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def refuse_sources(output: Path, config: Path, settings: Settings) -> None:
    """`InputError` when ``output`` is a file the site is made from: its config, a page, a type file.

    ``export -o FILE`` replaces the file it names, and a source is never modified.
    """
    target = output.resolve()
    suffix = target.suffix.lower()
    page = suffix in MARKDOWN_SUFFIXES and target.is_relative_to(settings.docs_dir.resolve())
    type_file = (
        settings.schemas_dir is not None
        and suffix in (".yml", ".yaml")
        and target.is_relative_to(settings.schemas_dir.resolve())
    )
    if target == config.resolve() or page or type_file:
        raise InputError(f"{display_path(output)}: is a source of the site; export to another file")


def _emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` and print the path written."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)
        click.echo(display_path(output))


@main.command()
@click.argument("type_name", metavar="[TYPE]", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write <type>.schema.json files into this folder instead of printing.",
)
@config_file_option
def schema(type_name: str | None, output: Path | None, config_file: Path | None) -> None:
    """JSON Schema (draft 2020-12) of TYPE's front matter, or of every type.

    Without -o, prints one schema, or all of them as one object keyed by type.
    """

    def run() -> int:
        _, type_set = load_settings_and_types(config_file)
        if output is None:
            click.echo(schemas_json(type_set, type_name), nl=False)
        else:
            for path in write_schemas(type_set, output, type_name):
                click.echo(display_path(path))
        return 0

    fail_on_config_error(run)
