"""Flat front matter is read line by line, and means exactly what libyaml makes of it.

Each case is read both ways: by `read_flat`, and by composing it with libyaml
and building the values as pmdocs does for any other front matter.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdocs.core import frontmatter
from pmdocs.core.flat_yaml import read_flat

ROOT = Path(__file__).resolve().parent.parent


def flat(text: str) -> Any:
    return read_flat(text, frontmatter._plain_value, frontmatter._shared)


def through_libyaml(text: str) -> Any:
    """What pmdocs builds from the nodes libyaml composes, or the error it reports."""
    try:
        root, restore = frontmatter._compose(text, first_line=2)
    except frontmatter._Unreadable as problem:
        return ("unreadable", problem.code)
    if root is None:
        return None
    return frontmatter._build(root, restore, first_line=2).value


def typed(value: Any) -> Any:
    """``value`` with the type of every part, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def assert_same_where_flat(text: str) -> Any:
    fields = flat(text)
    if fields is not None:
        assert typed(fields) == typed(through_libyaml(text)), text
    return fields


FLAT = [
    "type: prd\nid: PRD-003\ntitle: Faster mobile app / 审计日志\nstatus: draft\n",
    "depends_on:\n  - PRD-001\n  - 'PRD-002'\ntags: [mobile, integration, 企业版]\n",
    "compact:\n- a\n- b\nnext: 1\n",
    "url: https://tracker.example.com/browse/PRD-003?x=1#top\n",
    "created: 2024-11-07\nat: 10:30\nversion: 1.10\ncount: 010\nhex: 0x1F\noct: 0o17\n",
    "yes_word: yes\nno_word: NO\nbool: true\nnothing: ~\nnull_word: null\nempty:\n",
    "negative: -5\nfloat: -.5e3\ninf: .inf\nnan: .nan\nplus: +12\n",
    "quoted: 'it''s here'\ndouble: \"a: b # c\"\ncomment: value # note\nhash: C#\n",
    "title: Use [[PRD-001]] and {braces}, commas\nbang: wow! really ! yes\n",
    "# a comment first\n\nkey: value   \n  # an indented comment\nlist: []\nspaced: [ a , b, ]\n",
    "numbers: [1, 2.5, -3, true, null, x y]\nlast:\n",
    "chinese_key_value: 负责人 陈静\nemoji: 🚀 launch\n",
]

NOT_FLAT = [
    "nested:\n  key: value\n",
    "multi: first line\n  second line\n",
    "block: |\n  text\n",
    "folded: >\n  text\n",
    "anchor: &a x\nalias: *a\n",
    "tagged: !!str 5\n",
    'escaped: "tab\\there"\n',
    "dup: 1\ndup: 2\n",
    "mapping_item:\n  - a: b\n",
    "nested_flow: [a, [b]]\n",
    "flow_map: {a: 1}\n",
    "quoted_items: ['a', b]\n",
    "mixed_indent:\n  - a\n    - b\n",
    "item_without_key: 1\n- a\n",
    "tab:\tvalue\n",
    "question: ? x\n",
    "colon_value: a: b\n",
    "Key With Space: x\n",
    "line_separator: a\u2028b\n",
    "bom: \ufeffx\n",
    "huge: " + "9" * 400 + "\n",
    "empty_item:\n  -\n",
    "",
    "# only a comment\n",
    "-starts: x\n",
]


@pytest.mark.parametrize("text", FLAT)
def test_flat_front_matter_is_read_as_libyaml_reads_it(text: str) -> None:
    assert assert_same_where_flat(text) is not None, "read as YAML, not flat"


@pytest.mark.parametrize("text", NOT_FLAT)
def test_other_front_matter_is_left_to_libyaml(text: str) -> None:
    assert flat(text) is None


def test_a_key_without_value_or_items_is_null_and_with_items_a_list() -> None:
    assert flat("a:\nb:\n  - x\nc: []\n") == {"a": None, "b": ["x"], "c": []}


def front_matter_of(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---" not in text[3:]:
        return None
    return text[4 : text.index("\n---", 3) + 1]


def test_the_example_sites_documents_read_the_same_and_mostly_flat() -> None:
    texts = [t for p in sorted((ROOT / "content").rglob("*.md")) if (t := front_matter_of(p))]
    assert len(texts) > 50
    read_flat_count = sum(assert_same_where_flat(text) is not None for text in texts)
    assert read_flat_count >= len(texts) * 0.75  # risks and objectives write blocks and tables


# Characters that mean something to YAML somewhere, and some that do not.
_PIECES = st.sampled_from(
    [*"abz09 -:#,'\"[]{}!&*|>?%@`\\.+~", "true", "null", "0x1", "1e3", "陈", "  ", ": ", " #"]
)
_VALUE = st.lists(_PIECES, max_size=8).map("".join)
_LINE = st.one_of(
    st.tuples(st.sampled_from(["id", "title", "tags", "x-y", "_k"]), _VALUE).map(
        lambda kv: f"{kv[0]}: {kv[1]}"
    ),
    st.tuples(st.sampled_from(["", "  ", "    "]), _VALUE).map(lambda iv: f"{iv[0]}- {iv[1]}"),
    st.sampled_from(["tags:", "# note", "", "  x", "list: [a, b]"]),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6).map("\n".join))
def test_whatever_is_read_flat_reads_as_libyaml_reads_it(text: str) -> None:
    assert_same_where_flat(text + "\n")
