"""The quick "certainly valid" never says yes where the JSON Schema library says no.

Every field of every built-in type is judged both ways on values Hypothesis
draws, aimed at the edges of each schema (enum members, bounds, patterns,
bools where numbers go, floats where integers go). And a build of documents
whose values all fit never loads the library at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import CHECKOUT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmdocs.core.doctypes import compile_schema, id_validator, load_types
from pmdocs.core.plain_schema import certain_check, plain_matcher

TYPES = load_types()
FIELD_SCHEMAS = sorted(
    {
        (name, repr(schema)): schema
        for doc_type in TYPES.values()
        for name, schema in doc_type.all_fields.items()
    }.items()
)
MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "P1", "high", "now", "2026-Q3", "2026", "USD", "usd", "\n", "a\n"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


def _aimed_at(schema: Any) -> st.SearchStrategy[Any]:
    """Values near what ``schema`` allows, besides any value at all."""
    aimed: list[st.SearchStrategy[Any]] = [VALUES]
    if not isinstance(schema, dict):
        return VALUES
    if "enum" in schema:
        aimed.append(st.sampled_from(schema["enum"]))
    if "pattern" in schema:
        aimed.append(st.from_regex(schema["pattern"]))
    for bound in ("minimum", "maximum"):
        if bound in schema:
            limit = schema[bound]
            aimed.append(st.sampled_from([limit - 1, limit, limit + 1, float(limit), True]))
    for sub in ("items", *schema.get("properties", {}).values(), *schema.get("anyOf", [])):
        if isinstance(sub, dict):
            aimed.append(_aimed_at(sub))
    if "items" in schema:
        aimed.append(st.lists(_aimed_at(schema["items"]), max_size=4))
    if "properties" in schema:
        aimed.append(
            st.fixed_dictionaries({k: _aimed_at(v) for k, v in schema["properties"].items()})
        )
    return st.one_of(aimed)


def test_every_built_in_field_is_judged_without_the_library() -> None:
    unjudged = [name for (name, _), schema in FIELD_SCHEMAS if certain_check(schema) is None]
    assert unjudged == []


@pytest.mark.parametrize(("key", "schema"), FIELD_SCHEMAS, ids=[key[0] for key, _ in FIELD_SCHEMAS])
def test_a_certain_yes_is_the_librarys_yes(key: tuple[str, str], schema: dict[str, Any]) -> None:
    check = certain_check(schema)
    assert check is not None
    library = compile_schema(schema)

    @MANY
    @given(_aimed_at(schema))
    def agree(value: Any) -> None:
        if check(value):
            assert library.is_valid(value), value

    agree()


def test_the_quick_check_says_yes_to_plain_values() -> None:
    """Otherwise it would spare nothing: the common shapes of front matter pass."""
    prd = TYPES["prd"].all_fields
    assert certain_check(prd["title"])("Offline sync")
    assert certain_check(prd["tags"])(["mobile", "sync"])
    assert not certain_check(prd["title"])("")
    assert not certain_check(prd["tags"])(["mobile", 3])


PATTERNS = [
    r"^[A-Z]{3}$",
    r"^[0-9]{4}(-Q[1-4])?$",
    r"^(?:PRD-\d{3,})$",
    r"^(?:[A-Z]{2}-\d+)$",
    r"\w+@\w{2}",
    r"^a|b$",
    r"^\s?x$",
    r"[-_/]x\.y",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_plain_match_is_the_librarys_match(pattern: str) -> None:
    matches = plain_matcher(pattern)
    assert matches is not None
    library = compile_schema({"type": "string", "pattern": pattern})

    @MANY
    @given(st.from_regex(pattern) | st.text(max_size=10) | st.from_regex(pattern).map(str.upper))
    def agree(text: str) -> None:
        if matches(text):
            assert library.is_valid(text), text

    agree()


@pytest.mark.parametrize(
    "pattern",
    [
        r"^(a+)+$",  # repetition of a repetition: exponential in a backtracking engine
        r"a*a*b",  # two repetitions: polynomial, still left to the linear engine
        r"a?a?a?",
        r"(?i)abc",  # flags
        r"(?=a)a",  # lookahead
        r"\bx",  # word boundaries differ between ASCII and Unicode
        r"a.c",  # which line breaks `.` takes differs between engines
        r"[^0-9]",  # a negated class
        r"[a&&b]",  # set operations
        r"\p{L}",
        r"x{,3}",
    ],
)
def test_patterns_beyond_the_quick_match_are_left_to_the_library(pattern: str) -> None:
    assert plain_matcher(pattern) is None


def test_the_quick_match_leaves_long_and_multi_line_values_to_the_library() -> None:
    matches = plain_matcher(r"^[a-z]+$")
    assert matches is not None
    assert matches("abc")
    assert not matches("abc\n")  # Python's `$` would match before the line break
    assert not matches("a" * 10_000)


def test_every_built_in_id_pattern_compiles_in_the_library() -> None:
    """Built-in type files are not checked on every build: this checks them."""
    for doc_type in TYPES.values():
        assert id_validator(doc_type.id_pattern).is_valid(f"{doc_type.id_pattern[:-6]}001")


LIBRARY_LOADED = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml"))
print("jsonschema_rs" in sys.modules)
"""


def _build_and_tell_if_the_library_loaded(root: Any) -> str:
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    built = subprocess.run(
        [sys.executable, "-c", LIBRARY_LOADED],
        cwd=root, env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True,
        timeout=300, check=True,
    )  # fmt: skip
    return built.stdout.strip()


PRD = (
    "---\ntype: prd\nid: PRD-001\ntitle: Sync\nstatus: draft\nowner: Li\nkind: user\n"
    "priority: {priority}\n---\nText.\n"
)


def test_a_build_of_fitting_values_never_loads_the_library(make_site) -> None:
    root = make_site({"docs/index.md": "# Home\n", "docs/prd/a.md": PRD.format(priority="P1")})
    assert _build_and_tell_if_the_library_loaded(root) == "False"


def test_a_wrong_value_is_still_judged_by_the_library(make_site, build) -> None:
    root = make_site({"docs/index.md": "# Home\n", "docs/prd/a.md": PRD.format(priority="P9")})
    assert _build_and_tell_if_the_library_loaded(root) == "True"
    assert "PM122" in build(root).stderr
