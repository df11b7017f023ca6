"""``pmdocs new``: a new document with the next free id."""

from __future__ import annotations

from pathlib import Path

import click

from pmdocs.cli.main import config_file_option, fail_on_config_error, load_settings_and_types, main
from pmdocs.core.authoring import create_document, display_path, require_type
from pmdocs.core.config import resolve_today
from pmdocs.core.project import load_site_project


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
