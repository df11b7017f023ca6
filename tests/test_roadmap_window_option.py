"""The ``roadmap_window`` option: quarters around today, ``all``, or a one-line config error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pmdocs.core.config import ConfigError, settings_from_options


def window_of(value: Any, tmp_path: Path) -> tuple[int, int] | None:
    options = {} if value is None else {"roadmap_window": value}
    return settings_from_options(tmp_path, tmp_path / "docs", options).roadmap_window


def test_the_default_is_one_quarter_back_and_four_ahead(tmp_path: Path) -> None:
    assert window_of(None, tmp_path) == (-1, 4)


def test_all_and_a_pair_of_quarters_are_taken(tmp_path: Path) -> None:
    assert window_of("all", tmp_path) is None
    assert window_of([-2, 8], tmp_path) == (-2, 8)
    assert window_of([0, 0], tmp_path) == (0, 0)


@pytest.mark.parametrize(
    "value", ["some", [1, 4], [-1, -2], [-1], [-1, 4, 5], [-1.5, 4], [True, 4], [-41, 4], {"a": 1}]
)
def test_anything_else_is_a_config_error_saying_what_is_allowed(value: Any, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        window_of(value, tmp_path)
    message = str(raised.value)
    assert "roadmap_window must be all, or [before, after]" in message and "\n" not in message
