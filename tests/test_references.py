"""Inline references ``[[ID]]`` and ``[[ID|text]]``: found outside code, with their positions."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdocs.core.references import Reference, find_references, replace_references


def ids(body: str) -> list[str]:
    return [ref.id for ref in find_references(body)]


def test_id_and_text() -> None:
    assert find_references("See [[PRD-012]] and [[PRD-013|the export]].") == [
        Reference("PRD-012", None, 0, 4),
        Reference("PRD-013", "the export", 0, 20),
    ]


def test_positions_are_line_in_the_body_and_character_column() -> None:
    body = "# 标题\n\n中文 [[PRD-1]] x [[ RISK-2 ]]\n[[OBJ-3|目标]]"
    assert [(ref.id, ref.line, ref.column) for ref in find_references(body)] == [
        ("PRD-1", 2, 3),
        ("RISK-2", 2, 15),
        ("OBJ-3", 3, 0),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "no references here",
        "[[]]",
        "[[PRD-1]",
        "[PRD-1]]",
        "[[PRD-\n1]]",
    ],
)
def test_not_references(body: str) -> None:
    assert ids(body) == []


class TestCodeSpans:
    def test_single_backticks(self) -> None:
        assert ids("`[[PRD-1]]` but [[PRD-2]]") == ["PRD-2"]

    def test_double_backticks_around_a_backtick(self) -> None:
        assert ids("``[[PRD-1]] with ` inside`` and [[PRD-2]]") == ["PRD-2"]

    def test_several_spans_on_a_line(self) -> None:
        assert ids("`a` [[PRD-1]] `[[PRD-2]]` [[PRD-3]] `b`") == ["PRD-1", "PRD-3"]

    def test_an_unclosed_backtick_is_not_code(self) -> None:
        assert ids("a ` then [[PRD-1]]") == ["PRD-1"]

    def test_triple_backticks_inline(self) -> None:
        assert ids("Inline ```[[PRD-1]]``` then [[PRD-2]]") == ["PRD-2"]


class TestFencedBlocks:
    @pytest.mark.parametrize("fence", ["```", "~~~", "````", "~~~~~"])
    def test_fence_kinds(self, fence: str) -> None:
        body = f"[[PRD-1]]\n{fence}\n[[PRD-2]]\n{fence}\n[[PRD-3]]"
        assert ids(body) == ["PRD-1", "PRD-3"]

    def test_info_string(self) -> None:
        assert ids('```markdown title="x"\n[[PRD-2]]\n```\n[[PRD-3]]') == ["PRD-3"]

    def test_only_the_same_kind_and_length_closes(self) -> None:
        body = "~~~~\n```\n[[PRD-1]]\n~~~\n[[PRD-2]]\n~~~~\n[[PRD-3]]"
        assert ids(body) == ["PRD-3"]

    def test_a_closing_fence_has_nothing_after_it(self) -> None:
        body = "```\n``` not a close [[PRD-1]]\n```\n[[PRD-2]]"
        assert ids(body) == ["PRD-2"]

    def test_an_unclosed_fence_runs_to_the_end(self) -> None:
        assert ids("[[PRD-1]]\n```\n[[PRD-2]]\n\n[[PRD-3]]") == ["PRD-1"]

    def test_lines_after_a_fence_keep_their_numbers(self) -> None:
        refs = find_references("```\n[[PRD-1]]\n```\n\nSee [[PRD-2]].")
        assert [(ref.id, ref.line, ref.column) for ref in refs] == [("PRD-2", 4, 4)]


class TestCodeBlocksInsideOtherBlocks:
    """SPEC 1: inside code blocks references are left as written, wherever the block is."""

    def test_indented_code_block(self) -> None:
        body = "Text:\n\n    [[PRD-1]] in code\n\n        [[PRD-2]] still code\n\nAfter [[PRD-3]]."
        assert ids(body) == ["PRD-3"]

    def test_a_body_that_is_one_indented_code_line(self) -> None:
        assert ids("    [[PRD-1]]\n") == []

    def test_fence_in_a_list_item(self) -> None:
        body = "- Item:\n\n    ```text\n    [[PRD-1]]\n    ```\n\n- [[PRD-2]] in a list"
        assert ids(body) == ["PRD-2"]

    def test_fence_in_an_admonition(self) -> None:
        body = '!!! example "Fence"\n    ```text\n    [[PRD-1]]\n    ```\n\n[[PRD-2]]'
        assert ids(body) == ["PRD-2"]

    def test_list_continuation_is_text_not_code(self) -> None:
        body = "- Item\n\n    Continued with [[PRD-1]].\n\n1. Numbered\n\n    And [[PRD-2]]."
        assert ids(body) == ["PRD-1", "PRD-2"]

    def test_admonition_text_is_text(self) -> None:
        assert ids("!!! note\n    See [[PRD-1]].\n") == ["PRD-1"]


class TestReplace:
    def test_replaces_outside_code_only(self) -> None:
        body = "[[PRD-1]] `[[PRD-1]]`\n```\n[[PRD-1]]\n```\n[[PRD-2|two]] and [[PRD-1]]"
        replaced = replace_references(body, lambda ref: f"<{ref.id}:{ref.text}>")
        assert replaced == (
            "<PRD-1:None> `[[PRD-1]]`\n```\n[[PRD-1]]\n```\n<PRD-2:two> and <PRD-1:None>"
        )

    def test_none_keeps_the_reference_as_written(self) -> None:
        body = "[[PRD-1]] [[PRD-404|gone]]"
        replaced = replace_references(body, lambda ref: None if ref.id == "PRD-404" else "ok")
        assert replaced == "ok [[PRD-404|gone]]"

    def test_without_references_the_body_is_unchanged(self) -> None:
        body = "# Title\r\n\ttabs and `code`\n"
        assert replace_references(body, lambda ref: "x") is body


class TestWhereNoLinkStands:
    """Left as written, and no references: where Markdown shows no text a link can stand in."""

    def test_code_span_over_two_lines_of_a_paragraph(self) -> None:
        assert ids("Span `a [[PRD-1]]\nb` then [[PRD-2]]") == ["PRD-2"]

    def test_code_span_in_a_quote_over_two_lines(self) -> None:
        assert ids("> a `b [[PRD-1]]\n> c` [[PRD-2]]") == ["PRD-2"]

    def test_no_code_span_over_a_blank_line_or_list_items(self) -> None:
        assert ids("a `b\n\n[[PRD-1]] c`") == ["PRD-1"]
        assert ids("- a `b\n- [[PRD-1]] c` d") == ["PRD-1"]
        assert ids("a `b\n# [[PRD-1]] c` d") == ["PRD-1"]

    def test_a_list_marker_in_a_paragraph_continues_it(self) -> None:
        assert ids("a `b\n- [[PRD-1]] c` d") == []

    def test_a_backtick_after_an_odd_number_of_backslashes_opens_no_span(self) -> None:
        assert ids("\\`[[PRD-1]]`") == ["PRD-1"]
        assert ids("\\\\`[[PRD-1]]`") == []

    def test_a_shorter_part_of_a_run_opens_a_span_as_python_markdown_reads_it(self) -> None:
        assert ids("a ```[[PRD-1]]` [[PRD-2]]") == ["PRD-2"]

    def test_escaped_reference(self) -> None:
        assert ids("\\[[PRD-1]] and \\\\[[PRD-2]]") == ["PRD-2"]

    @pytest.mark.parametrize(
        "body",
        [
            "![see [[PRD-1]]](x.png)",
            "[x]([[PRD-1]])",
            "[x](a (b) [[PRD-1]])",
            "[about [[PRD-1]]](https://e.com)",
            "[a `b` [[PRD-1]]](u)",
            '<span title="[[PRD-1]]">t</span>',
            "<https://e.com/[[PRD-1]]>",
            "<code>[[PRD-1]]</code>",
            "<pre>\n[[PRD-1]]\n\n</pre>",
            "<a href=x>[[PRD-1]]</a>",
            "<!-- [[PRD-1]]\n\nstill a comment -->",
        ],
    )
    def test_html_and_links(self, body: str) -> None:
        assert ids(f"{body} [[PRD-2]]") == ["PRD-2"]

    @pytest.mark.parametrize(
        "body",
        [
            "[x](a [[PRD-1]]",  # an address that never closes makes no link
            "[a] ([[PRD-1]])",
            "`<code>` [[PRD-1]]",  # a tag in a code span is text
            "<div>\n[[PRD-1]]\n</div>",
            "a < b [[PRD-1]]",
            "[[PRD-1]](u)",
        ],
    )
    def test_references_next_to_look_alikes(self, body: str) -> None:
        assert ids(body) == ["PRD-1"]

    def test_html_runs_on_over_paragraphs_and_code_blocks(self) -> None:
        body = "<pre>\n\n    code\n\n[[PRD-1]]\n</pre>\n[[PRD-2]]"
        assert ids(body) == ids(f"{body}\n```\n```") == ["PRD-2"]


def test_blank_text_shows_id_and_title() -> None:
    assert find_references("[[PRD-1|]] [[PRD-2| ]]") == [
        Reference("PRD-1", None, 0, 0),
        Reference("PRD-2", None, 0, 11),
    ]


HOSTILE_LINES = [
    "`code` [[PRD-1]] ",
    "[[PRD-1]] `a ",
    "`` [[PRD-1]] ` ",
    "<code> [[PRD-1]] ",
    "[a [[PRD-1]] ",
    "\\[[PRD-1]] [",
    '<a title="x [[PRD-1]] ',
    "(( [[PRD-1]] ](",
]


@pytest.mark.parametrize("piece", HOSTILE_LINES)
def test_scan_time_is_linear_on_one_long_line(piece: str) -> None:
    """Four times the line takes about four times the time, not sixteen.

    Best of five, in CPU time, without the garbage collector: what is left
    is the scan's own work.
    """

    def scan_time(times: int) -> float:
        body = piece * times
        best = float("inf")
        gc.collect()
        gc.disable()
        try:
            for _ in range(5):
                start = time.process_time()
                replace_references(body, lambda ref: "x")
                best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        return best

    assert scan_time(12_000) < 8 * scan_time(3_000)


PIECES = ["[[PRD-1]]", "[[RISK-2|text]]", "`", "``", "    ", "\t", "  ", "- ", "1. ", "!!! note ",
          "=== ", "~~~", "```", "# ", "\n", "\n\n", "word", "[[", "]]", "<code>", "</code>",
          "<pre>", "</pre>", "<!--", "-->", '<i title="', '">', "\\[[", "\\", "|]]", "![", "](",
          "(", ")", "[", "]", "> ", "#"]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_references_whether_or_not_the_body_has_code_blocks(body: str) -> None:
    """Bodies without fences and indented references take a shorter path: same results.

    A closed fence after the body sends it down the path that follows every
    block, and changes nothing before it.
    """
    assert find_references(body) == find_references(f"{body}\n\n```\n```")
