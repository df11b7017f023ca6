"""``pmdocs stage OUTDIR``: the docs folder with pmdocs' pages, for engines that run no plugin."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import click

from pmdocs.cli.check import REPORTERS, Report
from pmdocs.cli.main import (
    config_file_option,
    fail_on_config_error,
    find_config,
    load_settings_and_types,
    main,
)
from pmdocs.core.config import extra_assets
from pmdocs.site.stage import CONFIG_LINES, ENGINES, Staged, stage_site

_POLL_SECONDS = 1.0


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="zensical",
    show_default=True,
    help="The engine that builds OUTDIR: how it resolves links written in a page's HTML.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How to print the diagnostics, as `pmdocs check` does.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--watch", is_flag=True, help="Stage again whenever a document, schema or the config changes."
)
@config_file_option
def stage(
    outdir: Path,
    engine: str,
    output_format: str,
    strict: bool,
    watch: bool,
    config_file: Path | None,
) -> None:
    """Write OUTDIR: every page pmdocs makes, for Zensical or MkDocs without plugins.

    OUTDIR/pmdocs.yml holds the extra_css and extra_javascript lines to add to
    the engine's config, whose docs_dir is then OUTDIR. A second run rewrites
    only the files that changed. Exits as `pmdocs check` does.
    """

    def once() -> int:
        config = find_config(config_file)
        settings, types = load_settings_and_types(config_file)
        css, javascript = extra_assets(config)
        staged = stage_site(settings, types, outdir, engine, css, javascript)
        report = Report(len(staged.project.documents), staged.diagnostics)
        click.echo(REPORTERS[output_format](report), nl=False)
        _summary(staged, outdir)
        return report.exit_code(strict)

    if not watch:
        fail_on_config_error(once, output_format)
        return

    def forever() -> int:
        # Taken before staging, so an edit made while the first staging runs is still a change.
        seen = _signature(config_file)
        code = once()
        click.echo("pmdocs: watching for changes (Ctrl+C stops)", err=True)
        try:
            while True:
                time.sleep(_POLL_SECONDS)
                now = _signature(config_file)
                if now != seen:
                    seen = now
                    code = once()
        except KeyboardInterrupt:
            return code

    fail_on_config_error(forever, output_format)


def _summary(staged: Staged, outdir: Path) -> None:
    click.echo(
        f"pmdocs: staged {outdir}: {len(staged.written)} written, "
        f"{len(staged.removed)} removed, {len(staged.unchanged)} unchanged; "
        f"add {outdir / CONFIG_LINES} to the engine's config",
        err=True,
    )


def _signature(config_file: Path | None) -> frozenset[tuple[str, int, int]]:
    """Every watched file's path, size and modification time: a change in any is a change."""
    config = find_config(config_file)
    settings, _ = load_settings_and_types(config_file)
    folders = [settings.docs_dir]
    if settings.schemas_dir is not None:
        folders.append(settings.schemas_dir)
    return frozenset(_stats([config], folders))


def _stats(files: list[Path], folders: list[Path]) -> Iterator[tuple[str, int, int]]:
    for file in files:
        yield _stat(os.fspath(file))
    for folder in folders:
        for parent, _, names in os.walk(folder):
            for name in names:
                yield _stat(os.path.join(parent, name))


def _stat(path: str) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return path, -1, -1
    return path, status.st_size, status.st_mtime_ns
