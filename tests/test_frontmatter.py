"""Front matter as people mean it (YAML 1.2 core), where each value is written, and the limits."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import WriteProject

from pmdocs.core.config import read_settings
from pmdocs.core.frontmatter import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    FrontMatter,
    Position,
    SourceText,
    YamlError,
    load_yaml,
    plain_scalar,
    read_source,
)
from pmdocs.core.project import load_project


def read(front_matter: str, body: str = "") -> SourceText:
    """The source of a file with ``front_matter`` between the two ``---`` lines."""
    return read_source("docs/x.md", f"---\n{front_matter}---\n{body}".encode())


def value(yaml_value: str) -> Any:
    """What ``key: <yaml_value>`` holds once read."""
    source = read(f"key: {yaml_value}\n")
    assert source.diagnostics == ()
    assert source.front_matter is not None
    return source.front_matter.data["key"]


def found_positions(front_matter: FrontMatter) -> set[str]:
    """What a front matter holds besides its fields: positions, once found."""
    return set(vars(front_matter)) - {item.name for item in dataclasses.fields(front_matter)}


def problems(source: SourceText) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in source.diagnostics]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        # Only true/false are booleans: Norway stays Norway.
        ("NO", "NO"),
        ("no", "no"),
        ("No", "No"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("true", True),
        ("false", False),
        ("True", True),
        ("FALSE", False),
        # Numbers: 010 is ten, not eight; hex and 0o octal are numbers.
        ("010", 10),
        ("0", 0),
        ("-7", -7),
        ("+12", 12),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("99999999999999999999", 99999999999999999999),
        # YAML 1.1 forms that are text in 1.2.
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("12:30", "12:30"),
        ("190:20:30", "190:20:30"),
        ("-0x1F", "-0x1F"),
        ("0o8", "0o8"),
        # Dates stay the text that was written.
        ("2026-01-05", "2026-01-05"),
        ("2026-02-30", "2026-02-30"),
        ("2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z"),
        # Null.
        ("", None),
        ("~", None),
        ("null", None),
        ("Null", None),
        # Quoted values are text, whatever they look like.
        ("'010'", "010"),
        ('"true"', "true"),
        ("'null'", "null"),
        ("'2026-01-05'", "2026-01-05"),
        ('""', ""),
        # Text.
        ("P1", "P1"),
        ("中文标题", "中文标题"),
    ],
)
def test_scalars_mean_what_people_write(written: str, meant: Any) -> None:
    found = value(written)
    assert found == meant
    assert type(found) is type(meant)


@pytest.mark.parametrize(
    ("written", "check"),
    [
        (".inf", lambda v: v == math.inf),
        ("-.Inf", lambda v: v == -math.inf),
        (".NaN", math.isnan),
    ],
)
def test_special_floats(written: str, check: Any) -> None:
    assert check(value(written))


def test_plain_scalar_is_yaml_1_2_core() -> None:
    assert plain_scalar("NO") == "NO"
    assert plain_scalar("010") == 10
    assert plain_scalar("0x1F") == 31
    assert plain_scalar("12:30") == "12:30"


def test_collections_keep_their_shape() -> None:
    source = read("tags: [a, 'no', 3]\nmembers:\n  - name: Ana\n    role: PM\nempty: []\n")
    assert source.front_matter is not None
    assert source.front_matter.data == {
        "tags": ["a", "no", 3],
        "members": [{"name": "Ana", "role": "PM"}],
        "empty": [],
    }


def test_keys_are_text_whatever_they_look_like() -> None:
    source = read("no: 1\n010: 2\n'quoted': 3\n")
    assert source.front_matter is not None
    assert list(source.front_matter.data) == ["no", "010", "quoted"]


def test_aliases_within_the_limits_are_expanded() -> None:
    source = read("base: &b [x, y]\ncopy: *b\n")
    assert source.front_matter is not None
    assert source.front_matter.data["copy"] == ["x", "y"]


class TestPositions:
    """1-based lines and columns, line 1 being the opening ``---``."""

    TEXT = (
        "type: prd\n"  # line 2
        "title: 中文标题\n"  # line 3
        "tags: [中文, 'ok', 好]\n"  # line 4
        "depends_on:\n"  # line 5
        "  - PRD-001\n"  # line 6
        "  -   PRD-002\n"  # line 7
        "key_results:\n"  # line 8
        "  - text: Users\n"  # line 9
        "    target: 10\n"  # line 10
    )

    def positions(self) -> Any:
        source = read(self.TEXT)
        assert source.front_matter is not None
        return source.front_matter

    def test_keys(self) -> None:
        front_matter = self.positions()
        assert front_matter.key_position(("type",)) == Position(2, 1)
        assert front_matter.key_position(("depends_on",)) == Position(5, 1)
        assert front_matter.key_position(("key_results", 0, "target")) == Position(10, 5)

    def test_values_count_characters_not_bytes(self) -> None:
        front_matter = self.positions()
        assert front_matter.value_position(("title",)) == Position(3, 8)
        assert front_matter.value_position(("tags", 0)) == Position(4, 8)
        assert front_matter.value_position(("tags", 1)) == Position(4, 12)
        assert front_matter.value_position(("tags", 2)) == Position(4, 18)

    def test_list_items(self) -> None:
        front_matter = self.positions()
        assert front_matter.value_position(("depends_on", 0)) == Position(6, 5)
        assert front_matter.value_position(("depends_on", 1)) == Position(7, 7)
        assert front_matter.value_position(("key_results", 0, "text")) == Position(9, 11)

    def test_unknown_paths_fall_back_to_the_nearest_parent_then_line_1(self) -> None:
        front_matter = self.positions()
        assert front_matter.value_position(("depends_on", 9)) == Position(6, 3)  # the list
        assert front_matter.key_position(("missing",)) == Position(1, 1)

    def test_found_on_the_first_question(self) -> None:
        """Reading keeps the values and the YAML text; positions are found when asked for."""
        front_matter = self.positions()
        assert found_positions(front_matter) == set()
        assert front_matter.value_position(("depends_on", 1)) == Position(7, 7)
        assert found_positions(front_matter) != set()
        assert front_matter.key_position(("key_results", 0, "target")) == Position(10, 5)

    def test_a_clean_project_asks_for_no_position(
        self, write_project: WriteProject, tmp_path: Path
    ) -> None:
        """Positions serve diagnostics only: a clean document never has them found."""
        prd = "---\ntype: prd\nid: PRD-{n}\ntitle: T\nstatus: draft\npriority: P1\nkind: user\n"
        files = {
            "docs/a.md": prd.format(n="001") + "owner: Ana\ndepends_on: [PRD-002]\n---\n",
            "docs/b.md": prd.format(n="002") + "owner: Bo\nsources: [RES-404]\n---\n",
        }
        project = load_project(read_settings(write_project(tmp_path, files) / "mkdocs.yml"))
        assert [(d.file, d.line, d.column, d.code) for d in project.diagnostics] == [
            ("docs/b.md", 9, 11, "PM201")
        ]
        clean, with_problem = project.documents
        assert found_positions(clean.front_matter) == set()
        assert found_positions(with_problem.front_matter) != set()

    def test_crlf_and_bom_do_not_shift_positions(self) -> None:
        plain = read(self.TEXT, "body\n")
        raw = f"\ufeff---\r\n{self.TEXT}---\r\nbody\r\n".replace("\n", "\r\n").replace("\r\r", "\r")
        windows = read_source("docs/x.md", raw.encode())
        assert windows.diagnostics == ()
        assert windows.front_matter is not None and plain.front_matter is not None
        assert windows.front_matter.values == plain.front_matter.values
        assert windows.front_matter.keys == plain.front_matter.keys
        assert windows.front_matter.data == plain.front_matter.data
        assert (windows.body, windows.body_line) == ("body\n", plain.body_line)

    def test_line_and_paragraph_separators_are_text(self) -> None:
        """U+2028 breaks lines for libyaml (YAML 1.1), not for YAML 1.2 or editors."""
        source = read("title: a\u2028b\x85c\ntags: [x, y]\n")
        assert source.diagnostics == ()
        assert source.front_matter is not None
        assert source.front_matter.data["title"] == "a\u2028b\x85c"
        assert source.front_matter.value_position(("tags", 1)) == Position(3, 11)

    def test_syntax_error_at_the_parser_position(self) -> None:
        source = read("type: prd\ntitle: x\n  owner: y\n")
        assert problems(source) == [("PM100", 4, 8)]

    def test_forbidden_character_at_the_character(self) -> None:
        source = read("type: prd\ntitle: 中文\x07\n")
        assert problems(source) == [("PM100", 3, 10)]
        assert "#x0007" in source.diagnostics[0].message


class TestSplitting:
    def test_body_and_its_first_line(self) -> None:
        source = read("type: prd\n", "\n# Title\n")
        assert source.body == "\n# Title\n"
        assert source.body_line == 4

    def test_no_front_matter_is_an_ordinary_page(self) -> None:
        source = read_source("docs/x.md", b"# Title\n---\n")
        assert (source.front_matter, source.body, source.body_line) == (None, "# Title\n---\n", 1)
        assert not source.unreadable

    def test_empty_front_matter(self) -> None:
        source = read_source("docs/x.md", b"---\n---\nbody")
        assert (source.front_matter, source.body, source.diagnostics) == (None, "body", ())

    def test_dots_close_the_block(self) -> None:
        source = read_source("docs/x.md", b"---\na: 1\n...\nbody")
        assert source.front_matter is not None and source.front_matter.data == {"a": 1}
        assert source.body == "body"

    @pytest.mark.parametrize("text", ["---", "---\n", "---\na: 1\n", "--- \na: 1"])
    def test_unterminated(self, text: str) -> None:
        source = read_source("docs/x.md", text.encode())
        assert problems(source) == [("PM100", 1, 1)]
        assert source.unreadable

    def test_a_rule_later_in_the_page_is_not_front_matter(self) -> None:
        source = read_source("docs/x.md", b"\n---\na: 1\n---\n")
        assert source.front_matter is None and source.diagnostics == ()


class TestRefused:
    @pytest.mark.parametrize(
        ("front_matter", "where"),
        [
            ("a: !!python/object/apply:os.system [echo]\n", (2, 4)),
            ("a: !!binary aGVsbG8=\n", (2, 4)),
            ("a: !custom x\n", (2, 4)),
            ("a: ! 5\n", (2, 4)),
            ("a: [x, ! 1]\n", (2, 8)),
            ("a: &anchor ! 5\n", (2, 12)),
            ("a: !\n", (2, 4)),
            ("a: [1, !!int '2']\n", (2, 8)),
            ("!!str a: 1\n", (2, 1)),
            ("? [a, b]\n: 1\n", (2, 3)),
        ],
    )
    def test_explicit_tags_and_complex_keys(
        self, front_matter: str, where: tuple[int, int]
    ) -> None:
        assert problems(read(front_matter)) == [("PM100", *where)]

    @pytest.mark.parametrize(
        "text", ["a: Ship it!\n", "a: 'x ! y'\n", 'a: "!"\n', "# ! note\na: 1\n"]
    )
    def test_an_exclamation_mark_that_is_no_tag_is_text(self, text: str) -> None:
        assert problems(read(text)) == []

    def test_duplicate_keys_at_the_second_one(self) -> None:
        source = read("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
        assert problems(source) == [("PM101", 5, 3), ("PM101", 6, 1)]
        assert source.unreadable

    def test_a_duplicate_key_keeps_the_first_value_and_exact_positions(self) -> None:
        source = read("a: 1\nb: 2\na: 3\nc: [x,\n  y]\n")
        assert problems(source) == [("PM101", 4, 1)]
        assert "first at line 2" in source.diagnostics[0].message
        assert source.front_matter is not None
        assert source.front_matter.data == {"a": 1, "b": 2, "c": ["x", "y"]}
        assert source.front_matter.value_position(("c", 1)) == Position(6, 3)

    def test_a_later_problem_outweighs_a_duplicate_key(self) -> None:
        assert problems(read("a: 1\na: 2\nb: !!str x\n")) == [("PM100", 4, 4)]

    def test_not_utf8(self) -> None:
        source = read_source("docs/x.md", "---\ntitle: Café\n---\n".encode("latin-1"))
        assert problems(source) == [("PM100", 1, 1)]
        assert "UTF-8" in source.diagnostics[0].message

    @pytest.mark.parametrize(("text", "kind"), [("- a\n", "a list"), ("text\n", "a single value")])
    def test_not_a_mapping(self, text: str, kind: str) -> None:
        source = read(text)
        assert problems(source) == [("PM100", 1, 1)]
        assert kind in source.diagnostics[0].message


class TestLimits:
    def test_size_limit_is_256_kib_of_utf8(self) -> None:
        def sized(total: int) -> str:
            return "a: '" + "x" * (total - len("a: ''\n")) + "'\n"

        assert problems(read(sized(MAX_BYTES))) == []
        assert problems(read(sized(MAX_BYTES + 1))) == [("PM102", 1, 1)]
        # Characters are counted in UTF-8 bytes: 中 is three.
        chinese = "a: '" + "中" * (MAX_BYTES // 3) + "'\n"
        assert problems(read(chinese)) == [("PM102", 1, 1)]

    @pytest.mark.parametrize("style", ["flow", "block"])
    def test_depth_limit_counts_the_root_mapping(self, style: str) -> None:
        def nested(levels: int) -> str:  # the root mapping plus levels - 1 lists
            if style == "flow":
                return "a: " + "[" * (levels - 1) + "1" + "]" * (levels - 1) + "\n"
            return "a:\n " + " -" * (levels - 1) + " 1\n"

        assert problems(read(nested(MAX_DEPTH))) == []
        assert [code for code, _, _ in problems(read(nested(MAX_DEPTH + 1)))] == ["PM102"]
        assert [code for code, _, _ in problems(read(nested(1000)))] == ["PM102"]

    def test_depth_reached_through_an_alias(self) -> None:
        inner = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # with the root: the limit
        assert problems(read(f"x: &x {inner}\n")) == []
        assert [code for code, _, _ in problems(read(f"x: &x {inner}\ny: [*x]\n"))] == ["PM102"]

    def test_recursive_alias(self) -> None:
        assert [code for code, _, _ in problems(read("a: &a [*a]\n"))] == ["PM102"]

    def test_alias_expansion_limit(self) -> None:
        ten = "[" + ", ".join(["x"] * 10) + "]"
        within = f"a: &a {ten}\nb: &b [{', '.join(['*a'] * 10)}]\n"
        assert problems(read(within)) == []
        bomb = within + "".join(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
            for previous, name in zip("bcdefgh", "cdefghi", strict=True)
        )
        found = problems(read(bomb))
        assert [code for code, _, _ in found] == ["PM102"]
        assert f"{MAX_NODES:,}" in read(bomb).diagnostics[0].message


class TestLoadYaml:
    """Whole YAML files (type files) read by the same rules, lines counted from 1."""

    def test_yaml_1_2_meaning(self) -> None:
        assert load_yaml("statuses: [on, off]\nenum: [yes, no, 010]\n") == {
            "statuses": ["on", "off"],
            "enum": ["yes", "no", 10],
        }

    def test_empty(self) -> None:
        assert load_yaml("") is None

    def test_any_root(self) -> None:
        assert load_yaml("- a\n- b\n") == ["a", "b"]

    @pytest.mark.parametrize(
        ("text", "line", "column"),
        [
            ("a: 1\nb: [\n", 3, 1),
            ("a: 1\na: 2\n", 2, 1),
            ("a: !!python/name:os.system\n", 1, 4),
        ],
    )
    def test_problems_name_line_and_column(self, text: str, line: int, column: int) -> None:
        with pytest.raises(YamlError) as raised:
            load_yaml(text)
        assert (raised.value.line, raised.value.column) == (line, column)
        assert str(raised.value).startswith(f"line {line}, column {column}: ")
