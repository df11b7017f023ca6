"""The 18 built-in types exactly as SPEC section 2 gives them, and the user's own type files."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pmdocs.cli import main
from pmdocs.core.doctypes import (
    COMMON_FIELDS,
    FUNCTIONS,
    ConfigError,
    TypeSet,
    load_types,
    parse_type_file,
)
from pmdocs.core.frontmatter import read_source
from pmdocs.core.validate import check_document

# SPEC section 2, row by row: type, function key, id pattern, statuses,
# required fields beyond the common ones, link fields and their targets.
SPEC_TYPES: list[tuple[str, str, str, list[str], set[str], dict[str, list[str]]]] = [
    ("research", "market-research", r"RES-\d{3,}", ["planned", "in-progress", "done"],
     {"method"}, {}),
    ("roadmap", "product-planning", r"RM-\d{3,}",
     ["proposed", "planned", "in-progress", "done", "dropped"],
     {"theme", "horizon"}, {"delivers": ["prd"], "supports": ["objective"]}),
    ("prd", "requirements", r"PRD-\d{3,}",
     ["draft", "review", "approved", "in-progress", "shipped", "rejected"],
     {"priority", "kind", "owner"},
     {"sources": ["research", "customer-note", "feedback"], "depends_on": ["prd"]}),
    ("design", "product-design", r"DES-\d{3,}", ["draft", "review", "approved"],
     {"owner"}, {"implements": ["prd"]}),
    ("milestone", "project-management", r"MS-\d{3,}", ["planned", "at-risk", "done", "missed"],
     {"due", "owner"}, {"covers": ["prd", "roadmap"]}),
    ("release", "product-launch", r"REL-\d{3,}", ["planned", "released", "cancelled"],
     {"version", "date"}, {"includes": ["prd"]}),
    ("metric", "data-analysis", r"MET-\d{3,}", ["proposed", "tracking", "retired"],
     {"unit", "target"}, {"measures": ["prd", "objective", "release"]}),
    ("decision", "collaboration", r"DEC-\d{3,}", ["proposed", "decided", "superseded"],
     {"decided_on"}, {"affects": ["any"], "superseded_by": ["decision"]}),
    ("feedback", "user-feedback", r"FB-\d{3,}", ["new", "triaged", "closed"],
     {"channel", "received"}, {"relates_to": ["prd", "release"]}),
    ("tech-review", "technology", r"TR-\d{3,}", ["draft", "done"],
     {"feasibility"}, {"reviews": ["prd", "design"]}),
    ("gtm", "marketing-sales", r"GTM-\d{3,}", ["planned", "active", "done"],
     {"channels"}, {"promotes": ["release"]}),
    ("experiment", "iteration", r"EXP-\d{3,}", ["planned", "running", "concluded"],
     {"hypothesis", "result"}, {"tests": ["prd", "metric"]}),
    ("team", "team", r"TEAM-\d{3,}", ["active", "archived"],
     {"members"}, {"owns": ["roadmap", "prd"]}),
    ("risk", "risk", r"RISK-\d{3,}", ["open", "mitigating", "accepted", "closed"],
     {"likelihood", "impact", "owner"},
     {"threatens": ["prd", "roadmap", "release", "milestone"]}),
    ("objective", "strategy", r"OBJ-\d{3,}", ["draft", "active", "achieved", "missed"],
     {"period", "key_results"}, {}),
    ("budget", "cost", r"BUD-\d{3,}", ["draft", "approved", "closed"],
     {"amount", "currency"}, {"funds": ["roadmap", "gtm"]}),
    ("compliance", "legal-compliance", r"CMP-\d{3,}",
     ["open", "compliant", "non-compliant", "waived"],
     {"regulation", "jurisdiction"}, {"applies_to": ["prd", "release"]}),
    ("customer-note", "customer-relationship", r"CN-\d{3,}", ["open", "followed-up", "closed"],
     {"customer", "segment", "date"}, {"requests": ["prd"]}),
]  # fmt: skip

SPEC_FUNCTIONS = [
    ("market-research", "Market research", "市场调研"),
    ("product-planning", "Product planning", "产品规划"),
    ("requirements", "Requirements analysis", "需求分析"),
    ("product-design", "Product design", "产品设计"),
    ("project-management", "Project management", "项目管理"),
    ("product-launch", "Product launch", "产品发布"),
    ("data-analysis", "Data analysis & optimisation", "数据分析与优化"),
    ("collaboration", "Cross-functional collaboration", "跨部门协作"),
    ("user-feedback", "User experience & feedback", "用户体验与反馈"),
    ("technology", "Technology management", "技术管理"),
    ("marketing-sales", "Marketing & sales", "市场推广与销售"),
    ("iteration", "Iteration & innovation", "迭代与创新"),
    ("team", "Team building & management", "团队建设与管理"),
    ("risk", "Risk management", "风险管理"),
    ("strategy", "Strategy & execution", "战略规划与执行"),
    ("cost", "Cost management", "成本管理"),
    ("legal-compliance", "Legal & compliance", "法律与合规管理"),
    ("customer-relationship", "Customer relationship management", "客户关系管理"),
]

# The custom type example of SPEC section 2, word for word but for its `page:` queries.
OKR_REVIEW = """\
type: okr-review                 # the name used in `type:` of documents
labels: {en: OKR review, zh: OKR 复盘}
function: strategy               # one of the function keys above
id_pattern: 'OKRR-\\d{3,}'        # anchored when matched
statuses: [draft, final]
status_labels: {draft: {en: Draft, zh: 草稿}, final: {en: Final, zh: 定稿}}   # optional
value_labels:                    # optional: labels of allowed values, per field
  outcome: {met: {en: Met, zh: 达成}, missed: {en: Missed, zh: 未达成}}
fields:                          # JSON Schema (draft 2020-12) per field
  quarter: {type: string, pattern: '^[0-9]{4}-Q[1-4]$'}
  score: {type: number, minimum: 0, maximum: 1}
  facilitator: {type: string}
  outcome: {enum: [met, missed]}
required: [quarter, score]       # beyond the common required fields
links:
  reviews:
    targets: [objective]         # `any` allows every type
    label: {en: Reviews, zh: 复盘对象}
    reverse: {en: Reviewed in, zh: 被复盘于}
columns: [quarter, score, facilitator]   # extra index columns after id, title, status
"""

BUILTIN = load_types()


def schemas(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def problems_of(types: TypeSet, front_matter: str) -> list[tuple[str, str | None]]:
    source = read_source("docs/x.md", f"---\n{front_matter}---\n".encode())
    _, diagnostics = check_document(source, types, "x.md")
    return [(d.code, d.field) for d in [*source.diagnostics, *diagnostics]]


class TestBuiltinTypes:
    def test_eighteen_types_in_function_order(self) -> None:
        assert list(BUILTIN) == [row[0] for row in SPEC_TYPES]
        assert [t.function for t in BUILTIN.values()] == [row[1] for row in SPEC_TYPES]
        assert all(t.builtin for t in BUILTIN.values())

    def test_functions_and_their_labels(self) -> None:
        assert [(f.key, f.labels.en, f.labels.zh) for f in FUNCTIONS] == SPEC_FUNCTIONS

    @pytest.mark.parametrize("row", SPEC_TYPES, ids=[row[0] for row in SPEC_TYPES])
    def test_type_as_the_spec_table_says(self, row: tuple[Any, ...]) -> None:
        name, function, pattern, statuses, required, links = row
        doc_type = BUILTIN[name]
        assert doc_type.function == function
        assert doc_type.id_pattern == pattern
        assert list(doc_type.statuses) == statuses
        assert set(doc_type.required_fields) - {"type", "id", "title", "status"} == required
        assert {k: list(v.targets) for k, v in doc_type.links.items()} == links
        assert doc_type.labels.en and doc_type.labels.zh
        assert doc_type.labels("zh") == doc_type.labels.zh
        assert doc_type.labels("en") == doc_type.labels.en
        for link in doc_type.links.values():
            assert link.label.en and link.label.zh and link.reverse.en and link.reverse.zh

    def test_reverse_label_example(self) -> None:
        implements = BUILTIN["design"].links["implements"]
        assert (implements.reverse.en, implements.reverse.zh) == ("Implemented by", "被实现")

    @pytest.mark.parametrize(
        ("name", "field", "allowed"),
        [
            ("research", "method", ["quantitative", "qualitative", "mixed"]),
            ("roadmap", "horizon", ["now", "next", "later"]),
            ("prd", "priority", ["P0", "P1", "P2", "P3"]),
            ("prd", "kind", ["user", "business", "technical"]),
            ("tech-review", "feasibility", ["high", "medium", "low"]),
            ("experiment", "result", ["pending", "validated", "invalidated"]),
            ("customer-note", "segment", ["A", "B", "C"]),
        ],
    )
    def test_enumerations(self, name: str, field: str, allowed: list[str]) -> None:
        assert BUILTIN[name].fields[field]["enum"] == allowed

    def test_every_allowed_value_has_a_chinese_label(self) -> None:
        """Values a reader sees in cards and tables; codes such as P0 and A read the same."""
        unlabelled = {
            (name, field, value)
            for name, doc_type in BUILTIN.items()
            for field, schema in doc_type.fields.items()
            for value in schema.get("enum", ())
            if doc_type.value_label(field, value, "zh") == value
        }
        codes = {("prd", "priority", f"P{n}") for n in range(4)}
        assert unlabelled == codes | {("customer-note", "segment", s) for s in "ABC"}
        assert BUILTIN["prd"].value_label("kind", "business", "zh") == "业务"
        assert BUILTIN["prd"].value_label("kind", "business", "en") == "business"
        assert BUILTIN["roadmap"].value_label("horizon", "next", "zh") == "下一步"
        assert BUILTIN["tech-review"].value_label("feasibility", "low", "zh") == "低"

    def test_every_field_description_is_given_in_both_languages(self) -> None:
        for doc_type in BUILTIN.values():
            for field, schema in doc_type.fields.items():
                if "description" not in schema:
                    continue
                english, chinese = (doc_type.description(field, lang) for lang in ("en", "zh"))
                assert english == schema["description"], (doc_type.name, field)
                assert chinese != english and re.search("[\u4e00-\u9fff]", chinese), field
        assert BUILTIN["prd"].description("kind", "zh") == "需求类别。"

    def test_date_and_url_fields(self) -> None:
        dates = {
            name: set(t.date_fields) - {"created", "updated", "review_by"}
            for name, t in BUILTIN.items()
        }
        assert {name: fields for name, fields in dates.items() if fields} == {
            "roadmap": {"start", "end"},
            "milestone": {"due"},
            "release": {"date"},
            "decision": {"decided_on"},
            "feedback": {"received"},
            "customer-note": {"date"},
        }
        assert all(t.url_fields == ("url",) for t in BUILTIN.values())

    @pytest.mark.parametrize(
        ("front_matter", "expected"),
        [
            ("likelihood: 5\nimpact: 1\n", []),
            ("likelihood: 0\nimpact: 6\n", [("PM124", "likelihood"), ("PM124", "impact")]),
            ("likelihood: 2.5\nimpact: '3'\n", [("PM121", "likelihood"), ("PM121", "impact")]),
        ],
    )
    def test_risk_scores_are_integers_1_to_5(
        self, front_matter: str, expected: list[tuple[str, str]]
    ) -> None:
        base = "type: risk\nid: RISK-001\ntitle: R\nstatus: open\nowner: Bo\n"
        assert problems_of(BUILTIN, base + front_matter) == expected

    @pytest.mark.parametrize(
        ("period", "expected"),
        [("2026-Q3", []), ("2026", []), ("'2026'", []), ("2026-Q5", [("PM124", "period")])],
    )
    def test_objective_period(self, period: str, expected: list[tuple[str, str]]) -> None:
        front_matter = (
            "type: objective\nid: OBJ-001\ntitle: O\nstatus: active\n"
            f"period: {period}\nkey_results: [{{text: a, target: 1, current: 0}}]\n"
        )
        assert problems_of(BUILTIN, front_matter) == expected

    @pytest.mark.parametrize(
        ("currency", "amount", "expected"),
        [
            ("EUR", "0", []),
            ("eur", "10", [("PM124", "currency")]),
            ("EURO", "10", [("PM124", "currency")]),
            ("CNY", "-1", [("PM124", "amount")]),
        ],
    )
    def test_budget(self, currency: str, amount: str, expected: list[tuple[str, str]]) -> None:
        front_matter = (
            f"type: budget\nid: BUD-001\ntitle: B\nstatus: draft\n"
            f"amount: {amount}\ncurrency: {currency}\n"
        )
        assert problems_of(BUILTIN, front_matter) == expected

    @pytest.mark.parametrize(
        ("doc_id", "valid"),
        [
            ("PRD-001", True),
            ("PRD-12345", True),
            ("PRD-01", False),
            ("prd-001", False),
            ("PRD-001 ", False),
            ("PRD-001\n", False),
            ("XPRD-001", False),
            ("PRD-００１", False),
        ],
    )
    def test_id_patterns_are_anchored_and_ascii(self, doc_id: str, valid: bool) -> None:
        assert BUILTIN["prd"].matches_id(doc_id) is valid

    def test_every_builtin_file_is_a_valid_type_file(self) -> None:
        folder = resources.files("pmdocs.core") / "builtin_types"
        files = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yml"))
        assert len(files) == 18
        for name in files:
            doc_type = parse_type_file(
                (folder / name).read_bytes(), f"pmdocs/core/builtin_types/{name}"
            )
            assert f"{doc_type.name}.yml" == name
            assert doc_type == BUILTIN[doc_type.name]
            assert set(doc_type.columns) <= set(doc_type.all_fields) | set(doc_type.links)
            assert not set(doc_type.fields) & set(COMMON_FIELDS)


class TestUserTypes:
    def test_custom_type_is_added_after_the_builtins_of_its_function(self, tmp_path: Path) -> None:
        types = load_types(schemas(tmp_path, {"okr-review.yml": OKR_REVIEW}), tmp_path)
        assert len(types) == 19
        names = list(types)
        assert names.index("okr-review") == names.index("objective") + 1
        okr = types["okr-review"]
        assert (okr.builtin, okr.source, okr.function) == (
            False,
            "schemas/okr-review.yml",
            "strategy",
        )
        assert okr.labels("zh") == "OKR 复盘"
        assert okr.links["reviews"].reverse("en") == "Reviewed in"
        assert okr.columns == ("quarter", "score", "facilitator")
        assert [t.name for t in types.in_function("strategy")] == ["objective", "okr-review"]

    def test_labels_of_statuses_and_values(self, tmp_path: Path) -> None:
        types = load_types(schemas(tmp_path, {"okr-review.yml": OKR_REVIEW}), tmp_path)
        okr = types["okr-review"]
        assert [okr.status_label("final", lang) for lang in ("en", "zh")] == ["Final", "定稿"]
        assert okr.value_label("outcome", "missed", "zh") == "未达成"
        assert okr.value_label("outcome", "missed", "en") == "Missed"
        assert okr.value_label("outcome", "unknown", "zh") == "unknown"
        assert okr.value_label("outcome", ["met"], "zh") == ["met"]  # not a value: left alone

    def test_a_status_without_a_label_in_a_language_shows_as_written(self, tmp_path: Path) -> None:
        board = (
            "type: board\nlabels: {en: Board, zh: 看板}\nfunction: collaboration\n"
            "id_pattern: 'B-[0-9]+'\nstatuses: [waiting, draft, parked]\n"
            "status_labels: {parked: {en: Parked}}\n"
            "value_labels: {lane: {fast: {zh: 快速}}}\n"
            "fields:\n  lane: {type: array, items: {enum: [fast, slow]}}\n"
        )
        board_type = load_types(schemas(tmp_path, {"board.yml": board}), tmp_path)["board"]
        labels = {s: board_type.status_label(s, "zh") for s in board_type.statuses}
        # pmdocs' own label for a common status; the status itself otherwise, never English.
        assert labels == {"waiting": "waiting", "draft": "草稿", "parked": "parked"}
        assert board_type.status_label("parked", "en") == "Parked"
        assert board_type.value_label("lane", "fast", "zh") == "快速"
        assert board_type.value_label("lane", "fast", "en") == "fast"

    def test_a_description_in_both_languages(self, tmp_path: Path) -> None:
        described = OKR_REVIEW.replace(
            "facilitator: {type: string}",
            "facilitator: {type: string, description: {en: Who ran it, zh: 主持人}}",
        )
        types = load_types(schemas(tmp_path, {"okr-review.yml": described}), tmp_path)
        okr = types["okr-review"]
        assert [okr.description("facilitator", lang) for lang in ("en", "zh")] == [
            "Who ran it",
            "主持人",
        ]
        # JSON Schema allows text only: the schema, its export and messages keep the English.
        assert okr.fields["facilitator"] == {"type": "string", "description": "Who ran it"}
        assert okr.description("quarter", "zh") == ""

    def test_custom_type_validates_documents(self, tmp_path: Path) -> None:
        types = load_types(schemas(tmp_path, {"okr-review.yml": OKR_REVIEW}), tmp_path)
        base = "type: okr-review\nid: OKRR-001\ntitle: Q\nstatus: final\n"
        assert problems_of(types, base + "quarter: 2026-Q1\nscore: 0.5\n") == []
        assert problems_of(types, base + "quarter: 2026-Q9\nscore: 2\n") == [
            ("PM124", "quarter"),
            ("PM124", "score"),
        ]
        assert problems_of(types, "type: okr-review\nid: OKR-1\ntitle: Q\nstatus: open\n") == [
            ("PM120", "quarter"),
            ("PM120", "score"),
            ("PM122", "status"),
            ("PM123", "id"),
        ]

    def test_builtin_type_is_overridden(self, tmp_path: Path) -> None:
        override = (
            "type: prd\nlabels: {en: Story, zh: 用户故事}\nfunction: requirements\n"
            "id_pattern: 'US-\\d+'\nstatuses: [todo, done]\n"
            "fields:\n  points: {type: integer}\nrequired: [points]\n"
        )
        types = load_types(schemas(tmp_path, {"prd.yaml": override}), tmp_path)
        assert list(types) == list(BUILTIN)  # same place, same count
        prd = types["prd"]
        assert (prd.builtin, prd.labels.en, prd.statuses) == (False, "Story", ("todo", "done"))
        assert problems_of(types, "type: prd\nid: US-7\ntitle: S\nstatus: done\npoints: 3\n") == []
        # Built-in types that link to prd still do.
        assert types["design"].links["implements"].targets == ("prd",)

    def test_type_files_mean_what_documents_mean(self, tmp_path: Path) -> None:
        """yes/no/on/off in a type file are the same text a document's yes/no/on/off is."""
        poll = (
            "type: poll\nlabels: {en: Poll, zh: 投票}\nfunction: collaboration\n"
            "id_pattern: 'POLL-[0-9]+'\nstatuses: [on, off]\n"
            "fields:\n  answer: {enum: [yes, no]}\n"
        )
        types = load_types(schemas(tmp_path, {"poll.yml": poll}), tmp_path)
        assert types["poll"].statuses == ("on", "off")
        base = "type: poll\nid: POLL-1\ntitle: P\nstatus: on\n"
        assert problems_of(types, base + "answer: no\n") == []
        assert problems_of(types, base + "answer: maybe\n") == [("PM122", "answer")]

    def test_other_files_in_the_folder_are_ignored(self, tmp_path: Path) -> None:
        folder = schemas(tmp_path, {"README.md": "# notes", "draft.yml.bak": "broken: ["})
        (folder / "nested").mkdir()
        (folder / "nested" / "x.yml").write_text("broken: [")
        assert list(load_types(folder, tmp_path)) == list(BUILTIN)


BROKEN_TYPE_FILES: dict[str, tuple[str | bytes, str]] = {
    "yaml syntax": ("type: x\nlabels: [\n", "line 3"),
    "not utf-8": (OKR_REVIEW.replace("OKR review", "OKR révision").encode("latin-1",
                  errors="replace"), "not UTF-8"),
    "not a mapping": ("- type: x\n", "must be a mapping"),
    "empty": ("", "must be a mapping"),
    "explicit tag": (OKR_REVIEW + "x: !!python/object/apply:os.system [ls]\n", "explicit tag"),
    "duplicate key": (OKR_REVIEW.replace("statuses: [draft, final]",
                      "statuses: [draft]\nstatuses: [final]"), "appears twice"),
    "unknown key": (OKR_REVIEW + "colour: red\n", "unknown key colour"),
    "missing key": ("type: x\nlabels: {en: X, zh: X}\n", "missing key function"),
    "bad type name": (OKR_REVIEW.replace("type: okr-review", "type: OKR Review"),
                      "lowercase name"),
    "reserved name any": (OKR_REVIEW.replace("type: okr-review", "type: any"),
                          "type any is reserved"),
    "labels without zh": (OKR_REVIEW.replace("{en: OKR review, zh: OKR 复盘}", "{en: OKR}"),
                          "both en and zh"),
    "unknown function": (OKR_REVIEW.replace("function: strategy", "function: strategyy"),
                         "unknown function 'strategyy'"),
    "bad id pattern": (OKR_REVIEW.replace("'OKRR-\\d{3,}'", "'OKRR-('"),
                       "not a valid regular expression"),
    "no statuses": (OKR_REVIEW.replace("statuses: [draft, final]", "statuses: []"),
                    "at least one"),
    "statuses not names": (OKR_REVIEW.replace("statuses: [draft, final]", "statuses: [1, 2]"),
                           "list of names"),
    "fields not a mapping": ("type: x\nlabels: {en: X, zh: X}\nfunction: team\n"
                             "id_pattern: 'X-1'\nstatuses: [a]\nfields: [a, b]\n",
                             "mapping of field name"),
    "invalid json schema": (OKR_REVIEW.replace("{type: number, minimum: 0, maximum: 1}",
                            "{type: numbr}"), "field score is not a valid JSON Schema"),
    "invalid schema regex": (OKR_REVIEW.replace("'^[0-9]{4}-Q[1-4]$'", "'(['"),
                             "field quarter is not a valid JSON Schema"),
    "remote $ref": (OKR_REVIEW.replace("{type: string}",
                    "{$ref: 'https://schemas.example/person.json'}"), "does not fetch"),
    "remote $schema": (OKR_REVIEW.replace("{type: string}",
                       "{$schema: 'http://127.0.0.1:9/meta.json', type: string}"),
                       "field facilitator: $schema is not allowed"),
    "nested $id": (OKR_REVIEW.replace("{type: string}",
                   "{anyOf: [{$id: 'http://127.0.0.1:9/', type: string}]}"),
                   "field facilitator: $id is not allowed"),
    "relative $ref": (OKR_REVIEW.replace("{type: string}", "{$ref: 'person.json'}"),
                      "field facilitator: $ref is not allowed"),
    "remote $dynamicRef": (OKR_REVIEW.replace("{type: string}",
                           "{items: {$dynamicRef: 'http://127.0.0.1:9/x.json#node'}}"),
                           "field facilitator: $dynamicRef is not allowed"),
    "$vocabulary": (OKR_REVIEW.replace("{type: string}",
                    "{$vocabulary: {'http://127.0.0.1:9/v': true}, type: string}"),
                    "field facilitator: $vocabulary is not allowed"),
    "lookaround in a field pattern": (OKR_REVIEW.replace("'^[0-9]{4}-Q[1-4]$'", "'^(?=a)'"),
                                      "lookaround and backreferences are not supported"),
    "backreference in patternProperties": (OKR_REVIEW.replace(
        "{type: string}", "{patternProperties: {'(a)\\1': {}}}"),
        "lookaround and backreferences are not supported"),
    "backreference in the id pattern": (OKR_REVIEW.replace("'OKRR-\\d{3,}'", "'(a+)\\1'"),
                                        "lookaround and backreferences are not supported"),
    "id pattern that breaks its anchors": (OKR_REVIEW.replace("'OKRR-\\d{3,}'", "'A)|(B'"),
                                           "not a valid regular expression"),
    "type name with a final newline": (OKR_REVIEW.replace("type: okr-review",
                                       'type: "okr-review\\n"'), "lowercase name"),
    "type name with a slash": (OKR_REVIEW.replace("type: okr-review", "type: okr/review"),
                               "lowercase name"),
    "type name ..": (OKR_REVIEW.replace("type: okr-review", "type: '..'"), "lowercase name"),
    "empty type name": (OKR_REVIEW.replace("type: okr-review", "type: ''"), "lowercase name"),
    "type name too long": (OKR_REVIEW.replace("type: okr-review", "type: " + "a" * 65),
                           "at most 64 characters"),
    **{f"reserved name {name}": (OKR_REVIEW.replace("type: okr-review", f"type: {name}"),
                                 f"type {name} is reserved")
       for name in ("traceability", "guide", "changes", "index", "pmdocs")},
    "line break and escape in a name": (OKR_REVIEW.replace("[quarter, score, facilitator]",
                                        '["a\\nb\\u001b[2J"]'),
                                        "columns names a\\nb\\x1b[2J, which is not a field"),
    "common field redefined": (OKR_REVIEW.replace("  facilitator:", "  owner:"),
                               "common to every type"),
    "required unknown field": (OKR_REVIEW.replace("[quarter, score]", "[quarter, scroe]"),
                               "required names scroe"),
    "column unknown field": (OKR_REVIEW.replace("[quarter, score, facilitator]", "[nope]"),
                             "columns names nope"),
    "link without reverse": (OKR_REVIEW.replace(
        "    reverse: {en: Reviewed in, zh: 被复盘于}\n", ""), "exactly targets, label and reverse"),
    "link to unknown type": (OKR_REVIEW.replace("targets: [objective]", "targets: [okr]"),
                             "targets unknown type okr"),
    "field and link clash": (OKR_REVIEW.replace("  facilitator:", "  reviews:"),
                             "both a field and a link"),
    "status labels not a mapping": (OKR_REVIEW.replace(
        "status_labels: {draft: {en: Draft, zh: 草稿}, final: {en: Final, zh: 定稿}}",
        "status_labels: [draft, final]"), "status_labels must be a mapping of status"),
    "label of a status that does not exist": (OKR_REVIEW.replace("final: {en: Final",
        "finished: {en: Final"), "status_labels names finished, which is not one of the "
        "statuses draft, final"),
    "status label as a string": (OKR_REVIEW.replace("final: {en: Final, zh: 定稿}", "final: Final"),
                                 "status_labels final must give text for en, zh or both"),
    "status label in another language": (OKR_REVIEW.replace("zh: 定稿", "fr: Définitif"),
                                         "status_labels final must give text for en, zh or both"),
    "empty status label": (OKR_REVIEW.replace("zh: 定稿", "zh: ''"),
                           "status_labels final must give text"),
    "value labels not a mapping": (OKR_REVIEW.replace(
        "  outcome: {met: {en: Met, zh: 达成}, missed: {en: Missed, zh: 未达成}}\n",
        "  - outcome\n"), "value_labels must be a mapping of field"),
    "value labels of a field that does not exist": (OKR_REVIEW.replace("  outcome: {met:",
        "  result: {met:"), "value_labels result: result is not a field of this type"),
    "value labels of a link": (OKR_REVIEW.replace("  outcome: {met:", "  reviews: {met:"),
                               "value_labels reviews: reviews is not a field of this type"),
    "value labels of the status": (OKR_REVIEW.replace("  outcome: {met:", "  status: {met:"),
                                   "statuses are labelled under status_labels"),
    "value labels of a field without allowed values": (OKR_REVIEW.replace(
        "  outcome: {met:", "  facilitator: {met:"),
        "field facilitator has no allowed values (enum) to label"),
    "label of a value that does not exist": (OKR_REVIEW.replace("missed: {en: Missed",
        "failed: {en: Missed"), "value_labels outcome names failed, which is not one of its "
        "values met, missed"),
    "value labels of a field not a mapping": (OKR_REVIEW.replace(
        "  outcome: {met: {en: Met, zh: 达成}, missed: {en: Missed, zh: 未达成}}",
        "  outcome: [met, missed]"), "value_labels outcome must be a mapping of value"),
    "value label without text": (OKR_REVIEW.replace("met: {en: Met, zh: 达成}", "met: {}"),
                                 "value_labels outcome met must give text for en, zh or both"),
    "description in another language": (OKR_REVIEW.replace("facilitator: {type: string}",
        "facilitator: {type: string, description: {de: Moderation}}"),
        "field facilitator: description must give text for en, zh or both"),
    "description that is no text": (OKR_REVIEW.replace("facilitator: {type: string}",
        "facilitator: {type: string, description: [a, b]}"),
        "field facilitator is not a valid JSON Schema"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(BROKEN_TYPE_FILES))
def test_broken_type_file_is_a_config_error_naming_it(tmp_path: Path, kind: str) -> None:
    content, reason = BROKEN_TYPE_FILES[kind]
    good = OKR_REVIEW.replace("okr-review", "okr-two")
    folder = schemas(tmp_path, {"good.yml": good, "broken.yml": content})
    with pytest.raises(ConfigError) as raised:
        load_types(folder, tmp_path)
    assert raised.value.file == "schemas/broken.yml"
    assert reason in raised.value.message
    assert "\n" not in str(raised.value)


def test_missing_schemas_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_types(tmp_path / "schemas", tmp_path)
    assert raised.value.file == "schemas"


def test_types_command_lists_builtin_and_custom_types(tmp_path: Path) -> None:
    schemas(tmp_path, {"okr-review.yml": OKR_REVIEW})
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - pmdocs:\n      schemas: schemas\n")
    result = CliRunner().invoke(main, ["types", "-f", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = [line.split("  ")[0] for line in result.stdout.splitlines() if line[:1].isalpha()]
    assert names == [*list(BUILTIN)[:15], "okr-review", *list(BUILTIN)[15:]]
    assert "prd  Requirement / 需求\n  function: requirements\n  id: PRD-\\d{3,}\n" in result.stdout
    assert "statuses: draft, review, approved, in-progress, shipped, rejected" in result.stdout
    assert "okr-review  OKR review / OKR 复盘  (schemas/okr-review.yml)" in result.stdout

    (tmp_path / "schemas" / "okr-review.yml").write_text("type: okr-review\n")
    broken = CliRunner().invoke(main, ["types", "-f", str(config)], catch_exceptions=False)
    assert broken.exit_code == 2
    assert broken.stderr.startswith("pmdocs: error: schemas/okr-review.yml: missing key")


def test_two_files_for_one_type_is_a_config_error(tmp_path: Path) -> None:
    """Which of two files would win depends on their names; pmdocs refuses to guess."""
    folder = schemas(tmp_path, {"okr-review.yml": OKR_REVIEW, "okr-v2.yaml": OKR_REVIEW})
    with pytest.raises(ConfigError) as raised:
        load_types(folder, tmp_path)
    assert raised.value.file == "schemas/okr-v2.yaml"
    assert "also defined in schemas/okr-review.yml" in raised.value.message
