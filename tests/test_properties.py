"""Whatever is in the files, loading never raises: it gives sources and diagnostics.

Random text, random YAML-ish front matter and random bytes go through
`read_source` and through the whole `load_project` (validation, links,
inline references). Every problem found points at a real place (line and
column from 1) in the file it names.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import COMMON_FIELDS, load_types
from pmdocs.core.frontmatter import SourceText, read_source
from pmdocs.core.project import Settings, load_project
from pmdocs.site.pages import document_card, generated_pages

TYPES = load_types()
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces people (and broken editors) put in front matter.
TOKENS = [
    "type", "id", "title", "status", "owner", "priority", "depends_on", "tags", "url",
    "start", "end", "likelihood", "impact", "members", "prd", "risk", "roadmap", "prdd",
    "PRD-001", "PRD-002", "PRD-1", "RISK-001", "RM-001", "P1", "draft", "open", "now",
    "2026-02-30", "2026-01-05", "12:30", "NO", "010", "0x1F", "true", "~", "javascript:x",
    ": ", ":", "- ", "-", "---", "...", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
    "!!python/object/apply:os.system ", "'", '"', "|", ">", "#", "?", "%", "@", "`",
    " ", "  ", "\t", "\n", "\n  ", "\n- ", "\r\n", "\x00", "\x85", "\u2028", "\ufeff",
    "中文", "é", "\\",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
FIELDS = ["type", "id", "title", "status", "priority", "kind", "owner", "depends_on",
          "sources", "likelihood", "impact", "threatens", "start", "end", "url", "tags",
          "theme", "horizon", "created", "colour"]  # fmt: skip
VALUES = ["prd", "risk", "roadmap", "decision", "prdd", "PRD-001", "PRD-002", "RISK-001",
          "[PRD-001, PRD-002]", "[RISK-001]", "PRD-001", "draft", "open", "P1", "P9", "user",
          "Ana", "3", "9", "high", "2026-02-30", "2026-01-05", "javascript:x", "[]", "{}",
          "", "~", "[a, [b]]", "Theme", "now"]  # fmt: skip
field_line = st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES)).map(
    lambda pair: f"{pair[0]}: {pair[1]}"
)
front_matter = st.lists(st.one_of(field_line, yamlish), max_size=12).map("\n".join)
BODY_TOKENS = ["text ", "[[PRD-001]]", "[[PRD-999]]", "[[RISK-001|x]]", "`", "```", "~~~",
               "\n", "[[", "]]", "|", " "]  # fmt: skip
body = st.lists(st.sampled_from(BODY_TOKENS), max_size=20).map("".join)
document = st.tuples(front_matter, body).map(lambda parts: f"---\n{parts[0]}\n---\n{parts[1]}")
file_content = st.one_of(
    document.map(str.encode),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    yamlish.map(lambda text: f"---\n{text}\n---\n".encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
)


def check_positions(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], raw: bytes) -> None:
    """Every diagnostic is at line >= 1, column >= 1, within the file's lines."""
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        assert diagnostic.line <= lines + 1, diagnostic
        assert diagnostic.message and "\n" not in diagnostic.message, diagnostic


def check_source(raw: bytes) -> SourceText:
    source = read_source("docs/page.md", raw)
    assert isinstance(source, SourceText)
    check_positions(source.diagnostics, raw)
    if any(d.code in {"PM100", "PM102"} for d in source.diagnostics):
        assert source.front_matter is None
    if source.front_matter is not None:
        assert isinstance(source.front_matter.data, dict)
    return source


@FAST
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check_source(text.encode("utf-8", "surrogatepass"))


@FAST
@given(yamlish)
def test_random_yaml_in_front_matter(text: str) -> None:
    check_source(f"---\n{text}\n---\nbody\n".encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=300))
def test_random_bytes(raw: bytes) -> None:
    check_source(raw)
    check_source(b"---\n" + raw + b"\n---\n")


@FAST
@given(document)
def test_random_documents(text: str) -> None:
    check_source(text.encode())


@FAST
@given(st.lists(file_content, min_size=1, max_size=4))
def test_random_projects_load(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        docs = root / "docs"
        docs.mkdir()
        for index, raw in enumerate(contents):
            (docs / f"page-{index}.md").write_bytes(raw)
        project = load_project(Settings(root=root, docs_dir=docs), types=TYPES)
        again = load_project(Settings(root=root, docs_dir=docs), types=TYPES)

    assert set(project.sources) == {f"page-{index}.md" for index in range(len(contents))}
    assert project.diagnostics == again.diagnostics, "the same input gives the same report"
    by_file = {f"docs/page-{index}.md": raw for index, raw in enumerate(contents)}
    for diagnostic in project.diagnostics:
        assert diagnostic.file in by_file
        check_positions([diagnostic], by_file[diagnostic.file])
    assert {d.id for d in project.documents} <= set(project.graph.documents)
    for path in project.unreadable_paths():
        assert project.document_at(path) is None


# --- hostile strings from a type file -------------------------------------------------------

HOSTILE_TOKENS = ["<img src=x onerror=alert(1)>", "[j](javascript:alert(1))", "javascript:",
                  "<", ">", "&", '"', "'", "[", "]", "(", ")", "|", "*", "_", "{", "}", "#",
                  "`", "a", "z", " "]  # fmt: skip
hostile = st.lists(st.sampled_from(HOSTILE_TOKENS), min_size=1, max_size=8).map("".join)
HOSTILE_EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def hostile_type(draw: st.DrawFn) -> dict[str, object]:
    """A type file whose labels, statuses, field name, values and link labels are hostile."""
    field = draw(hostile.filter(lambda name: name not in COMMON_FIELDS and name != "supplies"))
    statuses = draw(st.lists(hostile, min_size=1, max_size=3, unique=True))
    values = draw(st.lists(hostile, min_size=1, max_size=3, unique=True))
    return {
        "type": "hostile",
        "labels": {"en": draw(hostile), "zh": draw(hostile)},
        "function": "cost",
        "id_pattern": "HOS-\\d{3}",
        "statuses": statuses,
        "fields": {field: {"enum": values, "description": draw(hostile)}},
        "required": [field],
        "columns": [field],
        "links": {
            "supplies": {
                "targets": ["any"],
                "label": {"en": draw(hostile), "zh": draw(hostile)},
                "reverse": {"en": draw(hostile), "zh": draw(hostile)},
            }
        },
    }


def hostile_type_document(spec: dict[str, Any], doc_id: str, links: list[str]) -> str:
    ((field, schema),) = spec["fields"].items()  # type: ignore[attr-defined]
    data = {"type": "hostile", "id": doc_id, "title": f"Doc {doc_id}",
            "status": spec["statuses"][0], field: schema["enum"][0], "supplies": links}  # fmt: skip
    return f"---\n{json.dumps(data)}\n---\nBody.\n"  # JSON is YAML


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.images += tag == "img"
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def assert_text_only(html_text: str) -> None:
    tags = _Tags()
    tags.feed(html_text)
    assert tags.images == 0, html_text
    assert not [href for href in tags.hrefs if "javascript:" in href.lower()], html_text


@HOSTILE_EXAMPLES
@given(hostile_type(), st.sampled_from(["en", "zh"]))
def test_whatever_a_type_file_says_is_text_on_the_pages(spec: dict[str, Any], language) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "schemas").mkdir()
        (root / "schemas" / "hostile.yml").write_text(json.dumps(spec), encoding="utf-8")
        docs = root / "docs"
        docs.mkdir()
        (docs / "a.md").write_text(hostile_type_document(spec, "HOS-001", ["HOS-002"]), "utf-8")
        (docs / "b.md").write_text(hostile_type_document(spec, "HOS-002", []), "utf-8")
        types = load_types(root / "schemas", root)
        project = load_project(Settings(root=root, docs_dir=docs), types=types)
    assert not project.errors, project.errors
    today = datetime.date(2026, 11, 27)
    for path, page in generated_pages(project, language, today).items():
        meta, _, body = page.removeprefix("---\n").partition("\n---\n")
        title = json.loads(meta.splitlines()[0].removeprefix("title: "))
        assert "<" not in title and ">" not in title, (path, title)
        assert_text_only(markdown.markdown(body, extensions=["tables", "fenced_code"]))
    for document in project.documents:
        assert_text_only(document_card(project, document, language, today))


# Hostile values in every field of every built-in type ---------------------------------------


from pmdocs.core.export import export_json  # noqa: E402

SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
digit_runs = st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)
huge_numbers = st.one_of(
    digit_runs,
    digit_runs.map(lambda digits: f"-{digits}"),
    st.integers(min_value=1, max_value=6000).map(lambda n: "0" * n + "7"),
    st.tuples(digit_runs, digit_runs).map(lambda parts: f"{parts[0]}.{parts[1]}"),
    st.tuples(digit_runs, st.integers(-400, 400)).map(lambda parts: f"{parts[0]}e{parts[1]}"),
    st.integers(min_value=1, max_value=5000).map(lambda n: "0x" + "f" * n),
    st.integers(min_value=1, max_value=5000).map(lambda n: "0o" + "7" * n),
)
calendar_dates = st.tuples(
    st.sampled_from([0, 1, 2, 1000, 2026, 9998, 9999]),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
).map(lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}")
not_text = st.sampled_from(
    ["5", "-3", "0", "1.5", ".inf", "-.inf", ".nan", "true", "false", "~", "null", "[]", "{}",
     "[1, 2]", "[PRD-001, 5]", "[{a: [b]}]", "{a: 1}", "{a: {b: [1, true]}}", "[[PRD-001]]",
     "[~]", "{url: javascript:x}", "[javascript:x]", "''"]
)  # fmt: skip
hostile_value = st.one_of(huge_numbers, calendar_dates, not_text)
TYPE_NAMES = sorted(TYPES)
EXTREME_TODAYS = [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(2026, 11, 27)]


@st.composite
def hostile_document(draw: st.DrawFn, index: int) -> str:
    """A document of a built-in type with hostile values in some of its fields."""
    doc_type = TYPES[draw(st.sampled_from(TYPE_NAMES))]
    fields = sorted((doc_type.known_fields | {"id", "title", "status"}) - {"type"})
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=6, unique=True))
    values = {name: draw(hostile_value) for name in chosen}
    lines = [f"type: {doc_type.name}", f"id: X-{index}", "title: T", "status: x"]
    lines = [line for line in lines if line.split(":")[0] not in values]
    lines += [f"{name}: {value}" for name, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\nSee [[X-1]] and [[X-9" + "9" * 5000 + "]].\n"


def load_and_render(documents: list[str], today: datetime.date) -> None:
    """Loading, validating, the generated pages, the cards and the export never raise."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        docs = root / "docs"
        docs.mkdir()
        raws = {}
        for index, text in enumerate(documents):
            raws[f"docs/page-{index}.md"] = text.encode()
            (docs / f"page-{index}.md").write_text(text, encoding="utf-8")
        project = load_project(Settings(root=root, docs_dir=docs, today=today), types=TYPES)
    for diagnostic in project.diagnostics:
        check_positions([diagnostic], raws[diagnostic.file])
        assert "\n" not in diagnostic.format_text()
    for language in ("en", "zh"):
        pages = generated_pages(project, language, today)
        assert pages and all(isinstance(text, str) for text in pages.values())
        roadmap = pages.get(f"{project.settings.prefix}/roadmap/index.md", "")
        assert len(roadmap) < 1_000_000
        for document in project.documents:
            card = document_card(project, document, language, today)
            assert 'href="javascript' not in card.lower()
    json.loads(export_json(project))


@SOME
@given(st.lists(st.integers(0, 3), min_size=1, max_size=3), st.data())
def test_hostile_values_in_built_in_types_load_and_render(
    indexes: list[int], data: st.DataObject
) -> None:
    documents = [data.draw(hostile_document(index)) for index in indexes]
    load_and_render(documents, data.draw(st.sampled_from(EXTREME_TODAYS)))


@SOME
@given(st.lists(st.tuples(calendar_dates, calendar_dates), min_size=1, max_size=4), st.data())
def test_roadmap_dates_at_the_calendar_ends_render(
    spans: list[tuple[str, str]], data: st.DataObject
) -> None:
    documents = [
        f"---\ntype: roadmap\nid: RM-{index:03d}\ntitle: R\nstatus: planned\ntheme: T\n"
        f"horizon: now\nstart: {start}\nend: {end}\n---\n"
        for index, (start, end) in enumerate(spans)
    ]
    documents.append(
        "---\ntype: milestone\nid: MS-001\ntitle: M\nstatus: planned\nowner: A\n"
        f"due: {data.draw(calendar_dates)}\ncovers: [RM-000]\n---\n"
    )
    load_and_render(documents, data.draw(st.sampled_from(EXTREME_TODAYS)))
