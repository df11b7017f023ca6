"""Diagnostic cases as data: each ``tests/cases/*.yml`` is a small project and what
``pmdocs check`` must say about it.

A case file holds:

``description``
    what the case shows (one line).
``files``
    path (relative to the folder of ``mkdocs.yml``) → content. Content is text
    (written as UTF-8) or a mapping for the bytes text cannot carry:
    ``{text: ..., bom: true, crlf: true}``, ``{latin1: ...}`` (encoded as
    Latin-1, so ``é`` is the single byte E9, not UTF-8), ``{bytes_hex: ...}``,
    and ``expand: {TOKEN: {repeat: TEXT, times: N}}`` to write large inputs
    without storing them. ``@ROOT@`` in a text stands for the project folder.
``options``
    pmdocs plugin options (besides ``today``), e.g. ``{schemas: schemas}``.
``args``
    extra arguments of ``pmdocs check`` (``[--strict]``).
``no_config``
    true to remove ``mkdocs.yml`` (the command is still pointed at it).
``exit``
    the exit code expected.
``expected``
    every diagnostic, exactly: ``"file:line:col CODE"``, optionally followed by
    a space and a substring of the message.
``stderr``
    a substring of what the command prints on stderr (configuration errors).
``values``
    front matter values as loaded, by document id: ``{CMP-001: {jurisdiction: "NO"}}``.
``absent``
    paths (relative to the project folder) that must not exist afterwards.

Every case runs ``pmdocs check`` with ``--format json``, ``text`` and ``github``;
the three must report the same diagnostics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import TODAY, WriteProject

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.natural import natural_key
from pmdocs.core.project import load_project

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yml"))
CASE_KEYS = {
    "description", "files", "options", "args", "no_config", "exit",
    "expected", "stderr", "values", "absent",
}  # fmt: skip

# SPEC section 3: the severity of every code.
SEVERITIES = {
    **dict.fromkeys(["PM100", "PM101", "PM102", "PM120", "PM121", "PM122"], "error"),
    **dict.fromkeys(["PM123", "PM124", "PM126", "PM200", "PM201", "PM202"], "error"),
    **dict.fromkeys(["PM203", "PM204", "PM210"], "error"),
    **dict.fromkeys(["PM110", "PM125"], "warning"),
}
TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) "
    r"(?P<code>PM\d{3}) "
)
GITHUB_LINE = re.compile(
    r"^::(?P<severity>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"col=(?P<column>\d+),title=(?P<code>PM\d{3})::"
)


@dataclass(frozen=True)
class Expected:
    where: str  # "file:line:col CODE"
    message: str  # substring of the message, or ""

    @classmethod
    def parse(cls, text: str) -> Expected:
        place, code, *message = text.split(" ", 2)
        return cls(f"{place} {code}", message[0] if message else "")


def load_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    assert "exit" in case and "files" in case, f"{path.name}: needs files and exit"
    return case


def file_bytes(content: str | Mapping[str, Any], root: Path) -> bytes:
    """The bytes a case's file content stands for."""
    if isinstance(content, str):
        return content.replace("@ROOT@", root.as_posix()).encode("utf-8")
    if "bytes_hex" in content:
        return bytes.fromhex("".join(str(content["bytes_hex"]).split()))
    if "latin1" in content:
        return str(content["latin1"]).encode("latin-1")
    text = str(content["text"]).replace("@ROOT@", root.as_posix())
    for token, spec in (content.get("expand") or {}).items():
        text = text.replace(token, str(spec["repeat"]) * int(spec["times"]))
    if content.get("crlf"):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if content.get("bom") else "").encode() + text.encode("utf-8")


def write_case(case: dict[str, Any], write_project: WriteProject, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    files = {name: file_bytes(content, root) for name, content in case["files"].items()}
    options = {"today": TODAY, **(case.get("options") or {})}
    config = {"docs_dir": "docs", "plugins": ["search", {"pmdocs": options}]}
    write_project(root, files, config)
    if case.get("no_config"):
        (root / "mkdocs.yml").unlink()
    return root


def run_check(root: Path, output_format: str, args: list[str]) -> Result:
    arguments = ["check", "--format", output_format, "-f", str(root / "mkdocs.yml"), *args]
    return CliRunner().invoke(main, arguments, catch_exceptions=False)


def reported_json(result: Result) -> list[tuple[str, str, str]]:
    """(``file:line:col CODE``, severity, message) of each diagnostic."""
    report = json.loads(result.stdout)
    assert set(report) == {"documents", "errors", "warnings", "diagnostics"}
    found = []
    for item in report["diagnostics"]:
        assert set(item) == {"severity", "code", "file", "line", "column", "id", "field", "message"}
        where = f"{item['file']}:{item['line']}:{item['column']} {item['code']}"
        found.append((where, item["severity"], item["message"]))
    errors = sum(severity == "error" for _, severity, _ in found)
    assert (report["errors"], report["warnings"]) == (errors, len(found) - errors)
    return found


def reported_lines(result: Result, pattern: re.Pattern[str]) -> list[str]:
    lines = result.stdout.splitlines()
    assert lines and lines[-1].startswith("pmdocs: "), "the summary line comes last"
    found = []
    for line in lines[:-1]:
        match = pattern.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        found.append(f"{match['file']}:{match['line']}:{match['column']} {match['code']}")
    return found


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_case(case_file: Path, write_project: WriteProject, tmp_path: Path) -> None:
    case = load_case(case_file)
    root = write_case(case, write_project, tmp_path)
    args = [str(arg) for arg in case.get("args") or []]
    expected = [Expected.parse(text) for text in case.get("expected") or []]

    result = run_check(root, "json", args)
    assert result.exit_code == case["exit"], result.output
    if "stderr" in case:
        assert case["stderr"] in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("pmdocs: error: ") and result.stderr.count("\n") == 1
        error = result.stderr.removeprefix("pmdocs: error: ").rstrip("\n")
        assert json.loads(result.stdout) == {"error": error}, "the error, and no report"
        assert not expected
    else:
        found = reported_json(result)
        assert sorted(where for where, _, _ in found) == sorted(e.where for e in expected)
        for where, severity, message in found:
            assert severity == SEVERITIES[where.rsplit(" ", 1)[1]], where
            assert message and "\n" not in message, where
        for item in expected:
            messages = [message for where, _, message in found if where == item.where]
            assert any(item.message in message for message in messages), (item, messages)
        for output_format, pattern in (("text", TEXT_LINE), ("github", GITHUB_LINE)):
            other = run_check(root, output_format, args)
            assert other.exit_code == case["exit"]
            assert reported_lines(other, pattern) == [where for where, _, _ in found]

    for doc_id, values in (case.get("values") or {}).items():
        project = load_project(read_settings(root / "mkdocs.yml"))
        document = project.graph.get(doc_id)
        assert document is not None, f"{doc_id} is not loaded"
        for name, value in values.items():
            assert document.data[name] == value and type(document.data[name]) is type(value)
    for name in case.get("absent") or []:
        assert not (root / name).exists(), f"{name} exists"


def test_every_code_has_a_case() -> None:
    """Each code of SPEC section 3 is expected by at least one case."""
    expected_codes = {
        Expected.parse(text).where.rsplit(" ", 1)[1]
        for path in CASE_FILES
        for text in load_case(path).get("expected") or []
    }
    assert expected_codes == set(SEVERITIES)


def test_reported_in_a_stable_order(write_project: WriteProject, tmp_path: Path) -> None:
    """Two runs print the same bytes, diagnostics sorted by file then position."""
    case = load_case(CASES_DIR / "one-bad-file-does-not-hide-others.yml")
    root = write_case(case, write_project, tmp_path)
    first, second = run_check(root, "text", []), run_check(root, "text", [])
    assert first.stdout == second.stdout
    places = [line.split(": ", 1)[0].split(":") for line in first.stdout.splitlines()[:-1]]
    keys = [(natural_key(file), int(line), int(column)) for file, line, column in places]
    assert keys == sorted(keys)


def test_norway_stays_no_in_the_export(write_project: WriteProject, tmp_path: Path) -> None:
    """``jurisdiction: NO`` is the text NO wherever the value goes, not false."""
    export = pytest.importorskip("pmdocs.core.export")
    root = write_case(load_case(CASES_DIR / "yaml-1-2-values.yml"), write_project, tmp_path)
    records = json.loads(export.export_json(load_project(read_settings(root / "mkdocs.yml"))))
    by_id = {record["id"]: record for record in records["documents"]}
    assert by_id["CMP-001"]["fields"]["jurisdiction"] == "NO"
    assert by_id["MET-001"]["fields"]["target"] == 10


def test_config_in_the_current_folder(
    write_project: WriteProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -f, pmdocs reads mkdocs.yml from the folder it runs in."""
    root = write_case(load_case(CASES_DIR / "unsafe-url.yml"), write_project, tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1
    assert [where for where, _, _ in reported_json(result)] == [
        "docs/design/login.md:7:6 PM126",
        "docs/design/signup.md:7:6 PM126",
    ]
