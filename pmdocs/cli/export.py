"""``pmdocs export``: every document as JSON or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from pmdocs.cli.main import (
    config_file_option,
    fail_on_config_error,
    find_config,
    load_settings_and_types,
    main,
)
from pmdocs.core.authoring import InputError, display_path, require_type
from pmdocs.core.export import export_csv, export_json, write_csv_folder, write_text
from pmdocs.core.project import (
    MARKDOWN_SUFFIXES,
    Settings,
    load_project,
)


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
