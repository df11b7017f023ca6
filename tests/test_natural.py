"""Natural id order: numbers compare as numbers, so PRD-2 comes before PRD-10."""

from __future__ import annotations

import random

import pytest

from pmdocs.core.natural import natural_key


def ordered(*ids: str) -> list[str]:
    return sorted(ids, key=natural_key)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("PRD-2", "PRD-10"),
        ("PRD-009", "PRD-010"),
        ("PRD-099", "PRD-100"),
        ("RISK-101", "RISK-1001"),
        ("RISK-999", "RISK-1000"),
        ("PRD-10", "PRD-10a"),
        ("PRD-1", "RISK-1"),
        ("DES-500", "PRD-1"),
        ("docs/prd/2.md", "docs/prd/10.md"),
        ("pm/a.md", "pm/b.md"),
        ("v2.9", "v2.10"),
    ],
)
def test_order(first: str, second: str) -> None:
    assert natural_key(first) < natural_key(second)
    assert ordered(second, first) == [first, second]


def test_zero_padding_keeps_a_total_order() -> None:
    """Equal numbers written differently are still distinct and ordered the same way every time."""
    assert natural_key("PRD-01") != natural_key("PRD-1")
    assert ordered("PRD-1", "PRD-01") == ordered("PRD-01", "PRD-1")


def test_a_shuffled_list_comes_back_in_one_order() -> None:
    ids = ["PRD-1", "PRD-2", "PRD-10", "PRD-11", "PRD-100", "RISK-2", "RISK-101", "RISK-1001"]
    for seed in range(20):
        shuffled = ids[:]
        random.Random(seed).shuffle(shuffled)
        assert ordered(*shuffled) == ids


@pytest.mark.parametrize("text", ["", "PRD", "123", "-", "PRD-", "2A", "A2B3", "中文-3", "PRD-١٢"])
def test_any_text_has_a_key_comparable_with_any_other(text: str) -> None:
    others = ["", "PRD", "123", "PRD-1", "A", "2A"]
    for other in others:
        assert (natural_key(text) < natural_key(other)) or (natural_key(text) >= natural_key(other))


def test_runs_of_thousands_of_digits_sort_by_value() -> None:
    """Python reads no number of 5,000 digits; their ids still sort as numbers, then text."""
    nines, padded = "9" * 5000, "0" * 5000 + "7"
    ids = [f"PRD-{nines}", f"PRD-1{nines}", f"PRD-{padded}", "PRD-10", "PRD-x", f"PRD-8{nines}"]
    expected = [f"PRD-{padded}", "PRD-10", f"PRD-{nines}", f"PRD-1{nines}", f"PRD-8{nines}"]
    assert sorted(ids, key=natural_key) == [*expected, "PRD-x"]
