"""What pmdocs adds to each document's page, made a batch of pages ahead of MkDocs.

Made one page at a time, between MkDocs' own Markdown and template work on
each page, cards and `[[ID]]` links took three times as long as the same
work done in one pass (measured in a build: 222 ms against 69 ms for the
cards of 1,000 documents): by the next page, the project has left the
processor's caches. Made all at once, every card would sit in memory for the
whole build. A batch of pages ahead, in the order MkDocs asks for them, gets
the speed of the one pass and keeps only a batch in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["BATCH", "MadeAhead"]

BATCH = 64
_Made = TypeVar("_Made")


class MadeAhead(Generic[_Made]):
    """``make(path)`` for each page path, made in batches along ``order``.

    ``order`` is the order the pages will be asked for. A page asked for out
    of that order is made then, with the batch that follows it; one asked for
    again is made again.
    """

    def __init__(
        self, make: Callable[[str], _Made], order: Sequence[str], batch: int = BATCH
    ) -> None:
        self._make = make
        self._order = order
        self._position = {path: index for index, path in enumerate(order)}
        self._batch = batch
        self._ready: dict[str, _Made] = {}
        self._made: set[str] = set()

    def take(self, path: str) -> _Made:
        """What ``make`` gives for ``path``, no longer kept once taken."""
        if path not in self._ready:
            self._make_batch(path)
        return self._ready.pop(path)

    def _make_batch(self, path: str) -> None:
        self._ready[path] = self._make(path)
        self._made.add(path)
        start = self._position.get(path)
        if start is None:
            return
        for following in self._order[start + 1 : start + self._batch]:
            if following not in self._made:
                self._ready[following] = self._make(following)
                self._made.add(following)
