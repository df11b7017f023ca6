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

    ``order`` is the order the pages will be asked for; pages in it may be
    skipped (MkDocs leaves out drafts, for one). A page asked for out of
    that order is made on its own; one asked for again is made again. What
    was made for pages left behind is let go with the next batch.
    """

    def __init__(
        self, make: Callable[[str], _Made], order: Sequence[str], batch: int = BATCH
    ) -> None:
        self._make = make
        self._order = order
        self._batch = batch
        self._next = 0  # where in the order the next batch starts
        self._ready: dict[str, _Made] = {}

    def take(self, path: str) -> _Made:
        """What ``make`` gives for ``path``, no longer kept once taken."""
        if path in self._ready:
            return self._ready.pop(path)
        made = self._make(path)
        start = self._find(path)
        if start is not None:
            end = start + self._batch
            following = self._order[start + 1 : end]
            self._ready = {other: self._make(other) for other in following}
            self._next = end
        return made

    def _find(self, path: str) -> int | None:
        """Where ``path`` is in the order, from where the next batch starts."""
        try:
            return self._order.index(path, self._next)
        except ValueError:
            return None
