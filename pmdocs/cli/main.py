"""The ``pmdocs`` command group and what every command shares: the config, errors, exits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pmdocs import __version__
from pmdocs.core.authoring import InputError, display_path
from pmdocs.core.config import read_settings
from pmdocs.core.diagnostics import one_line
from pmdocs.core.doctypes import ConfigError, TypeSet, load_types
from pmdocs.core.project import Settings

__all__ = [
    "config_file_option",
    "escape_workflow_data",
    "escape_workflow_property",
    "fail_on_config_error",
    "find_config",
    "load_settings_and_types",
    "main",
]

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
            click.echo(f"::error title=pmdocs configuration::{escape_workflow_data(text)}")
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


def escape_workflow_data(text: str) -> str:
    """``text`` as the message of a GitHub Actions workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_workflow_property(text: str) -> str:
    """``text`` as a property value (``file=``, ``title=``) of a workflow command."""
    return escape_workflow_data(text).replace(":", "%3A").replace(",", "%2C")
