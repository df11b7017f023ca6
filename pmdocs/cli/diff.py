"""``pmdocs diff [A..B]``: what changed in the PM documents between two git revisions."""

from __future__ import annotations

from pathlib import Path

import click

from pmdocs.cli.main import config_file_option, fail_on_config_error, load_settings_and_types, main
from pmdocs.core.authoring import InputError
from pmdocs.core.changes import compare_revisions
from pmdocs.core.git import GitError
from pmdocs.views.changes import report_json, report_markdown, report_text


def parse_range(written: str | None) -> tuple[str | None, str | None]:
    """(A, B) of ``A..B``; None for A is the latest tag, None for B the working tree.

    ``A`` alone and ``A..`` compare A with the working tree; ``..B`` starts
    at ``HEAD``, as git reads it. ``A...B`` (git's merge base) is refused.
    """
    if written is None:
        return None, None
    if "..." in written:
        raise InputError(f"{written!r}: write A..B (two dots); pmdocs compares the two revisions")
    since, dots, until = written.partition("..")
    if not dots:
        return written, None
    return since or "HEAD", until or None


@main.command()
@click.argument("revisions", required=False, metavar="[A..B]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a pull-request comment or job summary, json for tools.",
)
@config_file_option
def diff(revisions: str | None, output_format: str, config_file: Path | None) -> None:
    """What changed in the PM documents from A to B (default: the latest tag to the working tree).

    B defaults to the working tree; exit 2 on a revision git cannot read.
    """

    def run() -> int:
        since, until = parse_range(revisions)
        for revision in (since, until):
            if revision is not None and revision.startswith("-"):
                raise InputError(
                    f"{revision!r} is not a revision (a revision never starts with '-')"
                )
        settings, types = load_settings_and_types(config_file)
        try:
            comparison = compare_revisions(settings, types, since, until)
        except GitError as error:
            raise InputError(str(error)) from None
        if output_format == "json":
            click.echo(report_json(comparison), nl=False)
        elif output_format == "markdown":
            click.echo(report_markdown(comparison, types), nl=False)
        else:
            click.echo(report_text(comparison), nl=False)
        return 0

    fail_on_config_error(run, output_format)
