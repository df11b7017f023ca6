"""``pmdocs schema``: JSON Schemas of the types, for editors and tools."""

from __future__ import annotations

from pathlib import Path

import click

from pmdocs.cli.main import config_file_option, fail_on_config_error, load_settings_and_types, main
from pmdocs.core.authoring import display_path
from pmdocs.core.schema_export import schemas_json, write_schemas


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
