"""`pmdocs new TYPE TITLE [--dir DIR]`, run as a user runs it, on small projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmdocs.cli import main
from pmdocs.core.doctypes import load_types

BUILTIN_TYPES = list(load_types())

PRD_009 = """---
type: prd
id: PRD-009
title: Existing requirement
status: draft
owner: Ana
priority: P1
kind: user
---

Body.
"""

OKR_REVIEW_TYPE = r"""type: okr-review
labels: {en: OKR review, zh: OKR 复盘}
function: strategy
id_pattern: 'OKRR-\d{3,}'
statuses: [draft, final]
fields:
  quarter: {type: string, pattern: '^[0-9]{4}-Q[1-4]$'}
  score: {type: number, minimum: 0, maximum: 1}
  facilitator: {type: string}
required: [quarter, score]
links:
  reviews:
    targets: [objective]
    label: {en: Reviews, zh: 复盘对象}
    reverse: {en: Reviewed in, zh: 被复盘于}
"""


def pmdocs(project: Path, *args: str) -> Result:
    """``pmdocs -f <project>/mkdocs.yml ARGS``, as typed in a shell."""
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), *args])


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pmdocs: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def assert_checks_clean(project: Path) -> None:
    result = pmdocs(project, "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("0 errors, 0 warnings\n"), result.stdout


@pytest.fixture
def project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"docs/index.md": "# Home\n", "docs/prd/existing.md": PRD_009})
    monkeypatch.chdir(root)
    return root


def test_every_builtin_type_gets_a_document_that_passes_check(project: Path) -> None:
    for type_name in BUILTIN_TYPES:
        result = pmdocs(project, "new", type_name, f"First {type_name}")
        assert result.exit_code == 0, result.output
        assert (project / result.stdout.strip()).is_file()
    assert_checks_clean(project)


def test_prints_only_the_path_of_the_new_file(project: Path) -> None:
    result = pmdocs(project, "new", "prd", "Single sign-on")
    assert result.exit_code == 0
    assert result.stdout == "docs/prd/single-sign-on.md\n"
    assert result.stderr == ""


def test_the_next_id_follows_the_highest_in_natural_order(project: Path) -> None:
    for doc_id, name in (("PRD-999", "a"), ("PRD-1000", "b")):
        text = PRD_009.replace("PRD-009", doc_id)
        (project / "docs" / "prd" / f"{name}.md").write_text(text, encoding="utf-8")
    path = project / pmdocs(project, "new", "prd", "Next one").stdout.strip()
    assert "\nid: PRD-1001  #" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "broken",
    [
        "title: Broken: unquoted colon",  # a YAML error
        "title: Twice\ntitle: Twice again",  # the same key twice
        "status: [unclosed",
    ],
    ids=["yaml-error", "duplicate-key", "unclosed-list"],
)
def test_ids_in_files_that_cannot_be_read_are_taken(project: Path, broken: str) -> None:
    """Links to PRD-010 mean the unreadable file: a new document must not take its id."""
    text = PRD_009.replace("PRD-009", "'PRD-010'  # quoted").replace(
        "title: Existing requirement", broken
    )
    (project / "docs/prd/broken.md").write_text(text, encoding="utf-8")
    assert "PM10" in pmdocs(project, "check").stdout
    path = project / pmdocs(project, "new", "prd", "Next one").stdout.strip()
    assert "\nid: PRD-011  #" in path.read_text(encoding="utf-8")


def test_the_first_id_is_padded_to_the_pattern_width(project: Path) -> None:
    path = project / pmdocs(project, "new", "risk", "Vendor lock-in").stdout.strip()
    assert "\nid: RISK-001  #" in path.read_text(encoding="utf-8")


def test_the_template_has_today_placeholders_allowed_values_and_a_skeleton(project: Path) -> None:
    path = project / pmdocs(project, "new", "prd", "Audit log").stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntype: prd\nid: PRD-010  #")
    assert "\ncreated: 2026-11-27  #" in text  # the project's `today` option
    assert "\nstatus: draft  # one of: draft, review, approved, in-progress, shipped," in text
    assert "\npriority: P2  # one of: P0, P1, P2, P3" in text
    assert "\nsources: []  # ids of research, customer-note, feedback\n" in text
    for section in ("## Problem", "## Users", "## Requirements", "## Acceptance criteria"):
        assert f"\n{section}\n" in text
    risk = project / pmdocs(project, "new", "risk", "Key supplier leaves").stdout.strip()
    sections = [line for line in risk.read_text(encoding="utf-8").splitlines() if line[:3] == "## "]
    assert sections[:3] == ["## Cause", "## Impact", "## Mitigation"]


def test_a_chinese_title_gives_a_readable_file_name(project: Path) -> None:
    result = pmdocs(project, "new", "prd", "企业微信 单点登录")
    assert result.exit_code == 0, result.output
    assert result.stdout == "docs/prd/企业微信-单点登录.md\n"
    text = (project / "docs/prd/企业微信-单点登录.md").read_text(encoding="utf-8")
    assert "\ntitle: 企业微信 单点登录\n" in text
    assert_checks_clean(project)


def test_a_title_that_yaml_would_misread_is_quoted(project: Path) -> None:
    title = 'SSO: "phase 2" #1'
    path = project / pmdocs(project, "new", "prd", title).stdout.strip()
    assert path.name == "sso-phase-2-1.md"
    exported = pmdocs(project, "export", "--type", "prd").stdout
    assert '"title": "SSO: \\"phase 2\\" #1"' in exported
    assert_checks_clean(project)


def test_chinese_projects_get_chinese_comments_and_sections(make_site, monkeypatch) -> None:
    root = make_site(
        {"docs/index.md": "# 首页\n"},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "language": "zh"}}]},
    )
    monkeypatch.chdir(root)
    text = (root / pmdocs(root, "new", "risk", "供应商流失").stdout.strip()).read_text("utf-8")
    assert "\nstatus: open  # 可选值：open（未处理）, mitigating（缓解中）" in text
    assert "\nowner: 待定  # 责任人（个人或团队）\n" in text
    assert "\n## 原因\n" in text and "\n## 缓解措施\n" in text
    assert_checks_clean(root)


def test_a_custom_type_gets_placeholders_that_pass_its_schema(make_site, monkeypatch) -> None:
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/okr-review.yml": OKR_REVIEW_TYPE},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    monkeypatch.chdir(root)
    result = pmdocs(root, "new", "okr-review", "Q4 review")
    assert result.stdout == "docs/okr-review/q4-review.md\n"
    text = (root / "docs/okr-review/q4-review.md").read_text(encoding="utf-8")
    assert "\nquarter: 2026-Q4  #" in text
    assert "\n## Summary\n" in text  # the generic skeleton
    assert_checks_clean(root)


AWKWARD_TYPE = r"""type: odd
labels: {en: Odd, zh: 奇}
function: strategy
id_pattern: 'ODD-\d{3,}'
statuses: ['null', '01', '2026-01-01', '*x', '- y', 'on']
fields:
  'on': {type: string}
  'yes': {enum: ['null']}
  'a: b': {enum: ['01']}
  '#x': {enum: ['2026-01-01']}
  '*star': {enum: ['*x']}
  '[dash]': {enum: ['- y', 'z']}
  '&line': {enum: ["x\ny: 1"]}
  'opt': {type: string, description: "line one\nsneaked: in"}
  '- item': {type: integer}
required: ['on', 'yes', 'a: b', '#x', '*star', '[dash]', '&line', '- item']
"""
AWKWARD_VALUES = {
    "status": "null",
    "on": "TBD",
    "yes": "null",
    "a: b": "01",
    "#x": "2026-01-01",
    "*star": "*x",
    "[dash]": "- y",
    "&line": "x\ny: 1",
    "- item": 0,
}


def test_names_and_values_that_yaml_would_misread_are_quoted(make_site, monkeypatch) -> None:
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/odd.yml": AWKWARD_TYPE},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    monkeypatch.chdir(root)
    created = pmdocs(root, "new", "odd", "Awkward")
    assert created.exit_code == 0, created.output
    text = (root / created.stdout.strip()).read_text(encoding="utf-8")
    assert "\n'a: b': '01'  # one of: 01\n" in text
    assert "\n'&line': \"x\\ny: 1\"  # one of: x y: 1\n" in text  # comments stay on one line
    assert "\n# opt: TBD  # optional; line one sneaked: in\n" in text
    assert_checks_clean(root)
    exported = json.loads(pmdocs(root, "export").stdout)["documents"]
    assert [document["status"] for document in exported] == ["null"]
    fields = {"status": "null", **exported[0]["fields"]}
    assert {name: fields[name] for name in AWKWARD_VALUES} == AWKWARD_VALUES
    assert "opt" not in fields and "sneaked" not in fields


def test_never_overwrites_an_existing_file(project: Path) -> None:
    first = pmdocs(project, "new", "prd", "Single sign-on")
    path = project / first.stdout.strip()
    path.write_text("my edits\n", encoding="utf-8")
    second = pmdocs(project, "new", "prd", "Single sign-on")
    assert_one_line_error(second, "docs/prd/single-sign-on.md already exists", "never overwrites")
    assert path.read_text(encoding="utf-8") == "my edits\n"


def test_the_new_file_goes_where_the_type_already_lives(project: Path) -> None:
    folder = project / "docs" / "product" / "requirements"
    folder.mkdir(parents=True)
    (project / "docs" / "prd" / "existing.md").rename(folder / "existing.md")
    result = pmdocs(project, "new", "prd", "Offline mode")
    assert result.stdout == "docs/product/requirements/offline-mode.md\n"


def test_dir_puts_the_file_in_that_folder(project: Path) -> None:
    (project / "docs" / "drafts").mkdir()
    result = pmdocs(project, "new", "design", "Setup wizard", "--dir", "docs/drafts")
    assert result.exit_code == 0, result.output
    assert result.stdout == "docs/drafts/setup-wizard.md\n"
    assert_checks_clean(project)


def test_unknown_type_suggests_the_closest(project: Path) -> None:
    assert_one_line_error(pmdocs(project, "new", "prdd", "X"), "unknown type 'prdd'", "'prd'")


@pytest.mark.parametrize("written", ["PRD", "Requirement", "requirement", "需求"])
def test_a_type_by_label_or_in_capitals_suggests_its_name(project: Path, written: str) -> None:
    assert_one_line_error(
        pmdocs(project, "new", written, "X"), f"unknown type '{written}'", "(did you mean 'prd'?)"
    )
    assert sorted(path.name for path in (project / "docs/prd").iterdir()) == ["existing.md"]


def test_a_title_without_letters_or_digits_is_refused(project: Path) -> None:
    assert_one_line_error(pmdocs(project, "new", "prd", "!!! ???"), "empty file name")
    assert_one_line_error(pmdocs(project, "new", "prd", "   "), "title is empty")
    assert sorted(p.name for p in (project / "docs" / "prd").iterdir()) == ["existing.md"]


def test_a_title_that_is_not_utf8_is_refused(project: Path) -> None:
    # What Python makes of the bytes of a Latin-1 "café" in a UTF-8 locale.
    latin1 = b"caf\xe9".decode("utf-8", "surrogateescape")
    assert_one_line_error(pmdocs(project, "new", "prd", latin1), "not valid UTF-8")
    assert sorted(p.name for p in (project / "docs" / "prd").iterdir()) == ["existing.md"]


def test_a_missing_or_outside_folder_is_refused(project: Path, tmp_path: Path) -> None:
    missing = pmdocs(project, "new", "prd", "X", "--dir", "docs/nowhere")
    assert_one_line_error(missing, "docs/nowhere: the folder does not exist")
    outside = pmdocs(project, "new", "prd", "X", "--dir", str(tmp_path))
    assert_one_line_error(outside, "outside the docs folder")


def test_an_unwritable_target_is_one_line(project: Path) -> None:
    (project / "docs" / "risk").write_text("a file where the folder would go\n")
    assert_one_line_error(pmdocs(project, "new", "risk", "Churn"), "docs/risk", "cannot")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_one_line(project: Path) -> None:
    folder = project / "docs" / "prd"
    folder.chmod(0o555)
    try:
        assert_one_line_error(pmdocs(project, "new", "prd", "Churn"), "cannot write")
    finally:
        folder.chmod(0o755)


def test_a_missing_config_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(pmdocs(tmp_path, "new", "prd", "X"), "no such config file")


def test_a_required_link_is_left_for_the_author_to_fill(make_site, monkeypatch) -> None:
    strict_type = OKR_REVIEW_TYPE.replace("required: [quarter, score]", "required: [reviews, url]")
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/okr-review.yml": strict_type},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    monkeypatch.chdir(root)
    pmdocs(root, "new", "okr-review", "Q4 review")
    result = pmdocs(root, "check")
    assert result.stdout.splitlines() == [
        "docs/okr-review/q4-review.md:1:1: error PM120 [OKRR-001] reviews: "
        "required field 'reviews' is missing",
        "pmdocs: 1 document, 1 error, 0 warnings",
    ]


def test_the_installed_command_works_from_a_shell(project: Path) -> None:
    command = [sys.executable, "-c", "from pmdocs.cli import main; main()"]
    created = subprocess.run(
        [*command, "new", "feedback", "导出的 CSV 乱码"],
        cwd=project, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert created.stdout == "docs/feedback/导出的-csv-乱码.md\n"
    refused = subprocess.run(
        [*command, "new", "feedbak", "x"],
        cwd=project, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.startswith("pmdocs: error: unknown type 'feedbak'")
    assert "Traceback" not in refused.stderr
