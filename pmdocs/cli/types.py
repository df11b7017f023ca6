"""``pmdocs types``: the known document types."""

from __future__ import annotations

from pathlib import Path

import click

from pmdocs.cli.main import config_file_option, fail_on_config_error, load_settings_and_types, main


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
