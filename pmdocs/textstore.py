"""Texts kept in a file until a page asks for them, instead of in memory for the whole build."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

__all__ = ["TextStore"]


class TextStore:
    """Lists of texts written to one file under a key, each read back on its own.

    Raises OSError when the file cannot be written or read.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("w+b")
        self._places: dict[str, tuple[int, int]] = {}  # key -> offset and length in the file
        self._end = 0

    def put(self, key: str, texts: Sequence[str]) -> None:
        data = json.dumps(texts, ensure_ascii=False).encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        self._places[key] = (self._end, len(data))
        self._end += len(data)

    def get(self, key: str) -> list[str] | None:
        """The texts put under ``key``, or None if none were."""
        place = self._places.get(key)
        if place is None:
            return None
        offset, length = place
        self._file.seek(offset)
        texts: list[str] = json.loads(self._file.read(length))
        return texts

    def close(self) -> None:
        self._file.close()
