"""`pmdocs export`: the JSON shape of SPEC section 5, CSV per type, deterministic output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.export import csv_row, export_json, indented_json
from pmdocs.core.project import load_project

FILES = {
    "docs/index.md": "# Home\n",
    "docs/prd/sso.md": """---
type: prd
id: PRD-100
title: Single sign-on
status: approved
owner: Ana
priority: P0
kind: business
sources: RES-001
tags: [identity]
team_notes: kept even though unknown
---
""",
    "docs/prd/audit.md": """---
type: prd
id: PRD-999
title: Audit log
status: draft
owner: Ana
priority: P1
kind: business
depends_on: [PRD-100]
---
""",
    "docs/prd/export.md": """---
type: prd
id: PRD-1000
title: "=HYPERLINK(\\"http://x\\")"
status: draft
owner: Li
priority: P3
kind: user
---
""",
    "docs/design/wizard.md": """---
type: design
id: DES-001
title: SSO setup wizard
status: review
owner: Bo
implements: [PRD-100]
---
""",
    "docs/research/interviews.md": """---
type: research
id: RES-001
title: Enterprise interviews
status: done
method: qualitative
---
""",
}

SSO_RECORD = {
    "id": "PRD-100",
    "type": "prd",
    "title": "Single sign-on",
    "status": "approved",
    "path": "prd/sso.md",
    "url": "prd/sso/",
    "fields": {
        "kind": "business",
        "owner": "Ana",
        "priority": "P0",
        "tags": ["identity"],
        "team_notes": "kept even though unknown",
    },
    "links": {"depends_on": [], "sources": ["RES-001"]},
    "backlinks": {"Implemented by": ["DES-001"], "Required by": ["PRD-999"]},
    "derived": {"demand": 0},
}


def pmdocs(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), *args])


@pytest.fixture
def project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(FILES)
    monkeypatch.chdir(root)
    return root


def test_json_has_the_shape_of_the_spec(project: Path) -> None:
    result = pmdocs(project, "export")
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert list(exported) == ["documents"]
    ids = [record["id"] for record in exported["documents"]]
    assert ids == ["DES-001", "PRD-100", "PRD-999", "PRD-1000", "RES-001"]  # natural order
    records = {record["id"]: record for record in exported["documents"]}
    assert records["PRD-100"] == SSO_RECORD
    assert list(records["PRD-100"]) == list(SSO_RECORD)
    assert records["RES-001"] == {
        "id": "RES-001",
        "type": "research",
        "title": "Enterprise interviews",
        "status": "done",
        "path": "research/interviews.md",
        "url": "research/interviews/",
        "fields": {"method": "qualitative"},
        "links": {},
        "backlinks": {"Source for": ["PRD-100"]},
        "derived": {},
    }


def test_export_is_byte_identical_between_runs_and_equals_the_plugin_text(project: Path) -> None:
    first, second = pmdocs(project, "export").stdout, pmdocs(project, "export").stdout
    assert first == second
    assert first == export_json(load_project(read_settings(project / "mkdocs.yml")))


def test_urls_follow_use_directory_urls(make_site, monkeypatch) -> None:
    root = make_site(FILES, {"use_directory_urls": False})
    records = json.loads(pmdocs(root, "export", "--type", "research").stdout)["documents"]
    assert [record["url"] for record in records] == ["research/interviews.html"]


def test_type_filters_the_documents(project: Path) -> None:
    records = json.loads(pmdocs(project, "export", "--type", "prd").stdout)["documents"]
    assert [record["id"] for record in records] == ["PRD-100", "PRD-999", "PRD-1000"]


def test_output_file_holds_the_same_json(project: Path) -> None:
    result = pmdocs(project, "export", "-o", "out.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == "out.json\n"
    written = (project / "out.json").read_text(encoding="utf-8")
    assert written == pmdocs(project, "export").stdout


def test_csv_of_one_type_on_stdout(project: Path) -> None:
    result = pmdocs(project, "export", "--format", "csv", "--type", "research")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "id,type,title,status,path,page_url,owner,tags,created,updated,review_by,url,method,"
        "Affected by,Source for\n"
        "RES-001,research,Enterprise interviews,done,research/interviews.md,"
        "research/interviews/,,,,,,,qualitative,,PRD-100\n"
    )


def test_csv_lists_join_and_formulas_are_defused(project: Path) -> None:
    rows = pmdocs(project, "export", "--format", "csv", "--type", "prd").stdout.splitlines()
    header = rows[0].split(",")
    assert header[-1] == "Threatened by" and "team_notes" in header
    assert rows[1].startswith("PRD-100,prd,Single sign-on,approved,prd/sso.md,prd/sso/,Ana,")
    assert ",RES-001," in rows[1] and ",kept even though unknown," in rows[1]
    assert rows[3].startswith('PRD-1000,prd,"\'=HYPERLINK(""http://x"")",draft,')


def test_csv_into_a_folder_writes_one_file_per_type_with_documents(project: Path) -> None:
    result = pmdocs(project, "export", "--format", "csv", "-o", "tables/pm")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "tables/pm/research.csv",
        "tables/pm/prd.csv",
        "tables/pm/design.csv",
    ]
    prd = (project / "tables/pm/prd.csv").read_text(encoding="utf-8")
    assert prd == pmdocs(project, "export", "--format", "csv", "--type", "prd").stdout


def test_bad_input_is_one_line_and_exit_2(project: Path) -> None:
    cases = [
        (["export", "--type", "risks"], "unknown type 'risks' (did you mean 'risk'?)"),
        (["export", "--format", "csv"], "csv needs --type TYPE"),
        (["export", "-o", "missing/out.json"], "missing: the folder does not exist"),
        (["export", "-o", "docs"], "docs: is a folder"),
    ]
    for args, message in cases:
        result = pmdocs(project, *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert result.stderr.startswith("pmdocs: error: "), args
        assert message in result.stderr and len(result.stderr.splitlines()) == 1, args


# Text a spreadsheet reads as a formula when a cell starts with it (OWASP's list,
# LF like CR, and the fullwidth signs), and what some reader takes for a line end.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
HOSTILE_TITLES = [
    "Plan\r=cmd|' /C calc'!A0",
    "Plan\n=cmd|' /C calc'!A0",
    "Plan\r\n@SUM(A1)",
    "Plan\u2028=1+1",
    "Plan\u2029+1",
    "Plan\x85-1",
    "Plan\x0b=1\x0c=2\x1c=3",
    '＝HYPERLINK("http://x")',
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\t=1",
    '"quoted", with commas',
    "plain",
]
HOSTILE_FIELDS = ['=HYPERLINK("http://x")', "@cmd", "+1", "-1", "＝1", "note\r=cmd", "tab\t"]


def guarded(text: str) -> str:
    """What a cell holding ``text`` must read back as: a leading ``'`` before a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def records_as_a_spreadsheet_splits_them(text: str) -> list[str]:
    """The records of ``text``, split wherever a line breaks outside a quoted cell.

    Stricter than the csv module: a spreadsheet (or a line-based tool) may break a
    row at any of `LINE_BREAKS`, so only a quoted cell may hold one.
    """
    records, start, quoted = [], 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in LINE_BREAKS and not quoted:
            assert char == "\n", f"bare {char!r} outside quotes at {index}: {text[start:index]!r}"
            records.append(text[start:index])
            start = index + 1
    assert not quoted and start == len(text), "the text ends inside a quoted cell or mid-line"
    return records


@pytest.fixture
def hostile_project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"docs/index.md": "# Home\n"}
    for number, title in enumerate(HOSTILE_TITLES, start=1):
        unknown = "".join(f"{json.dumps(name)}: {json.dumps(name)}\n" for name in HOSTILE_FIELDS)
        files[f"docs/prd/p{number}.md"] = (
            f"---\ntype: prd\nid: PRD-{number:03d}\ntitle: {json.dumps(title)}\n"
            f"status: draft\nowner: {json.dumps(title)}\npriority: P1\nkind: user\n"
            f"tags: [{json.dumps(title)}, plain]\n{unknown}---\n"
        )
    root = make_site(files)
    monkeypatch.chdir(root)
    return root


def test_csv_keeps_one_record_per_document_whatever_its_text(hostile_project: Path) -> None:
    result = pmdocs(hostile_project, "export", "--format", "csv", "--type", "prd", "-o", "p.csv")
    assert result.exit_code == 0, result.output
    with (hostile_project / "p.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == len(HOSTILE_TITLES) + 1
    header = rows[0]
    for name in HOSTILE_FIELDS:
        assert guarded(name) in header, name
    column = {name: header.index(guarded(name)) for name in ("title", "owner", "tags", "@cmd")}
    for row, title in zip(rows[1:], HOSTILE_TITLES, strict=True):
        assert len(row) == len(header)
        assert row[column["title"]] == row[column["owner"]] == guarded(title)
        assert row[column["tags"]] == guarded(f"{title}; plain")
        assert row[column["@cmd"]] == "'@cmd"


def test_no_csv_line_starts_a_formula_outside_a_quoted_cell(hostile_project: Path) -> None:
    result = pmdocs(hostile_project, "export", "--format", "csv", "-o", "tables")
    assert result.exit_code == 0, result.output
    raw = (hostile_project / "tables" / "prd.csv").read_bytes()
    records = records_as_a_spreadsheet_splits_them(raw.decode("utf-8"))
    assert len(records) == len(HOSTILE_TITLES) + 1
    for record in records:
        assert not record.startswith(FORMULA_STARTS), record
        for cell in next(csv.reader([record])):
            assert not cell.startswith(FORMULA_STARTS), (record, cell)


cell_text = st.text(
    alphabet=st.sampled_from([*FORMULA_STARTS, *LINE_BREAKS, '"', ",", "'", "a", "中"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_text, min_size=2, max_size=5))
def test_every_row_reads_back_as_one_record_of_guarded_cells(cells: list[str]) -> None:
    text = csv_row(cells)
    assert len(records_as_a_spreadsheet_splits_them(text)) == 1
    assert list(csv.reader(io.StringIO(text, newline=""))) == [[guarded(c) for c in cells]]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=4), children, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(json_values, st.sampled_from(["", "  ", "    "]))
def test_indented_json_is_what_json_dumps_writes(value: object, indent: str) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert indented_json(value, indent) == expected


def test_export_never_writes_over_a_source(make_site, monkeypatch) -> None:
    okr_type = "type: okr\nlabels: {en: OKR, zh: OKR}\nfunction: strategy\n"
    okr_type += "id_pattern: 'OKR-\\d{3,}'\nstatuses: [draft]\n"
    config = {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]}
    root = make_site({**FILES, "schemas/okr.yml": okr_type}, config)
    monkeypatch.chdir(root)
    sources = ["mkdocs.yml", "docs/prd/sso.md", "docs/index.md", "schemas/okr.yml"]
    before = {name: (root / name).read_bytes() for name in sources}
    for args, shown in [
        (["-o", "mkdocs.yml"], "mkdocs.yml"),
        (["-o", "docs/prd/sso.md"], "docs/prd/sso.md"),
        (
            ["--format", "csv", "--type", "prd", "-o", "docs/../docs/index.md"],
            "docs/../docs/index.md",
        ),
        (["--type", "prd", "-o", "schemas/okr.yml"], "schemas/okr.yml"),
    ]:
        result = pmdocs(root, "export", *args)
        assert result.exit_code == 2, args
        assert (
            result.stderr
            == f"pmdocs: error: {shown}: is a source of the site; export to another file\n"
        )
    assert {name: (root / name).read_bytes() for name in sources} == before
    assert pmdocs(root, "export", "-o", "docs/pm.json").exit_code == 0  # a new file is fine


def test_output_through_a_symbolic_link_is_refused(project: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (project / "out.json").symlink_to(victim)
    (project / "dangling.json").symlink_to(tmp_path / "created-elsewhere")
    (project / "tables").mkdir()
    (project / "tables" / "prd.csv").symlink_to(victim)
    for args, shown in [
        (["-o", "out.json"], "out.json"),
        (["-o", "dangling.json"], "dangling.json"),
        (["--format", "csv", "--type", "prd", "-o", "out.json"], "out.json"),
        (["--format", "csv", "-o", "tables"], "tables/prd.csv"),
    ]:
        result = pmdocs(project, "export", *args)
        assert result.exit_code == 2, args
        assert result.stderr == (
            f"pmdocs: error: {shown}: is a symbolic link; pmdocs writes no file through one\n"
        )
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "created-elsewhere").exists()


def test_a_path_the_system_refuses_is_one_line_and_exit_2(project: Path) -> None:
    too_long = "a" * 300  # longer than any file name a file system allows
    for args in [
        ["export", "-o", f"{too_long}.json"],
        ["export", "--format", "csv", "-o", too_long],
        ["schema", "-o", too_long],
        ["new", "prd", "Too long", "--dir", too_long],
        ["-f", too_long, "check"],
    ]:
        result = pmdocs(project, *args)
        assert result.exit_code == 2, (args[:2], result.exception)
        assert result.stderr.startswith(f"pmdocs: error: {too_long}"), args[:2]
        assert len(result.stderr.splitlines()) == 1, args[:2]


def test_csv_keeps_a_field_named_like_another_column(make_site, monkeypatch) -> None:
    clashing = {
        "path": "my own path",
        "page_url": "my own url",
        "Implemented by": "a field named like a backlink",
        "fields.path": "a field named like the renamed column",
    }
    extra = "".join(
        f"{json.dumps(name)}: {json.dumps(value)}\n" for name, value in clashing.items()
    )
    sso_text = FILES["docs/prd/sso.md"].replace("team_notes:", extra + "team_notes:")
    root = make_site({**FILES, "docs/prd/sso.md": sso_text})
    monkeypatch.chdir(root)
    rows = list(
        csv.reader(io.StringIO(pmdocs(root, "export", "--format", "csv", "--type", "prd").stdout))
    )
    header, sso = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert len(header) == len(set(header))
    assert sso["id"] == "PRD-100" and sso["path"] == "prd/sso.md" and sso["page_url"] == "prd/sso/"
    assert sso["Implemented by"] == "DES-001"
    assert sso["fields.fields.path"] == "my own path"  # fields.path is a field's own name
    assert sso["fields.page_url"] == "my own url"
    assert sso["fields.Implemented by"] == "a field named like a backlink"
    assert sso["fields.path"] == "a field named like the renamed column"
