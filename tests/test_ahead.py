"""Page texts made a batch ahead: each page gets its own, and only a batch is kept at a time."""

from __future__ import annotations

from pmdocs.site.batches import MadeAhead

ORDER = [f"prd/{number}.md" for number in range(10)]


class Maker:
    """Makes ``"made <path>"`` and records what it was asked to make."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, path: str) -> str:
        self.asked.append(path)
        return f"made {path}"


def test_pages_asked_in_order_are_made_once_in_batches() -> None:
    maker = Maker()
    ahead = MadeAhead(maker, ORDER, batch=4)
    assert ahead.take(ORDER[0]) == f"made {ORDER[0]}"
    assert maker.asked == ORDER[:4]  # the first batch, made on the first question
    assert [ahead.take(path) for path in ORDER[1:]] == [f"made {path}" for path in ORDER[1:]]
    assert maker.asked == ORDER


def test_no_more_than_a_batch_is_kept() -> None:
    ahead = MadeAhead(Maker(), ORDER, batch=4)
    for path in ORDER:
        ahead.take(path)
        assert len(ahead._ready) < 4


def test_pages_asked_out_of_order_or_again_still_get_their_own_text() -> None:
    maker = Maker()
    ahead = MadeAhead(maker, ORDER, batch=3)
    asked = [ORDER[5], ORDER[0], ORDER[6], ORDER[5], "index.md", ORDER[9], ORDER[7]]
    assert [ahead.take(path) for path in asked] == [f"made {path}" for path in asked]
    assert maker.asked.count(ORDER[6]) == 1  # made with the batch from ORDER[5], once
    assert maker.asked.count(ORDER[5]) == 2  # asked for twice, made twice


def test_pages_left_out_of_the_build_cost_nothing_but_their_making() -> None:
    maker = Maker()
    ahead = MadeAhead(maker, ORDER, batch=3)
    built = [path for index, path in enumerate(ORDER) if index % 4 != 1]  # drafts left out
    assert [ahead.take(path) for path in built] == [f"made {path}" for path in built]
    assert len(maker.asked) == len(set(maker.asked))  # none made twice
    assert set(built) <= set(maker.asked)
    assert len(ahead._ready) < 3
