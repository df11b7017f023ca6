"""``pmdocs check``: every document and link, reported as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from pmdocs.cli.main import (
    config_file_option,
    escape_workflow_data,
    escape_workflow_property,
    fail_on_config_error,
    load_settings_and_types,
    main,
)
from pmdocs.core.baseline import Baseline, read_baseline
from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.i18n import count_of
from pmdocs.core.project import Project, load_site_project


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
    click.echo(f"pmdocs: wrote {path} with {count_of(written.total, 'problem')}", err=True)
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
    encoded = ",".join(
        f"{key}={escape_workflow_property(value)}" for key, value in properties.items()
    )
    subject = f"[{diagnostic.id}] " if diagnostic.id else ""
    field = f"{diagnostic.field}: " if diagnostic.field else ""
    message = escape_workflow_data(f"{subject}{field}{diagnostic.message}")
    return f"::{diagnostic.severity.value} {encoded}::{message}"


def summary_line(report: Report) -> str:
    line = (
        f"pmdocs: {count_of(report.documents, 'document')}, "
        f"{count_of(len(report.errors), 'error')}, {count_of(len(report.warnings), 'warning')}"
    )
    if report.baseline is not None:
        line += f"; {count_of(report.known, 'known problem')} accepted by the baseline"
        if report.fixed:
            line += f", {report.fixed} fixed since (tighten it with --write-baseline)"
    return line


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
