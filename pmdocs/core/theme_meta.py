"""The front matter keys MkDocs and Material read from a page, checked before they get there.

Material writes ``hide``, ``icon``, ``search`` and the rest into its templates
as they are: ``hide: 5`` or an ``icon`` that is not one of its files stops the
whole build with a traceback, and ``description`` goes into an HTML attribute
unescaped. A PM document's values for these keys are checked against the
shapes Material documents; a value that breaks them is reported and never
handed to the theme, and the text it shows is escaped.
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from pmdocs.core.diagnostics import Severity, describe_value
from pmdocs.core.frontmatter import FieldPath

__all__ = ["THEME_KEYS", "MetaProblem", "ThemeFolders", "theme_meta_problems", "theme_safe_meta"]

HIDE_VALUES = ("navigation", "toc", "footer", "feedback", "tags", "path")
# Text the theme writes into HTML as it is (``<meta name="description" content="...">``).
TEXT_KEYS = ("description", "author", "subtitle")
# Sub-keys of ``search`` and ``social`` with the kind each takes.
_SEARCH = {"exclude": bool, "boost": (int, float)}
_SOCIAL = {"cards": bool, "cards_layout": str, "cards_layout_options": dict}
_KIND_WORDS = {bool: "true or false", str: "text", dict: "a mapping", (int, float): "a number"}
THEME_KEYS = frozenset({"hide", "template", "icon", "search", "social", "comments", *TEXT_KEYS})
# A path inside the theme: names that start with a letter or digit, so no `..`.
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_TEMPLATE = re.compile(rf"(?:{_SEGMENT}/)*{_SEGMENT}\.html\Z")
_ICON = re.compile(rf"(?:{_SEGMENT}/)*{_SEGMENT}\Z")


@dataclass(frozen=True)
class MetaProblem:
    """A theme key's value that the theme cannot take."""

    code: str
    path: FieldPath
    message: str
    severity: Severity = Severity.ERROR


class ThemeFolders:
    """The folders MkDocs finds templates in, first to last, to check ``template`` and ``icon``.

    Either given (the build knows them) or found on first use from the
    theme's name and ``custom_dir`` (``pmdocs check``): looking up installed
    themes costs tens of milliseconds, which most projects never need.
    Unknown folders (a theme that is not installed) leave only the shapes checked.
    """

    def __init__(
        self,
        folders: Iterable[str | Path] | None = None,
        name: str | None = None,
        custom_dir: Path | None = None,
    ) -> None:
        self._given = None if folders is None else tuple(Path(folder) for folder in folders)
        self._name = name
        self._custom_dir = custom_dir
        self._found: dict[str, bool] = {}

    def has(self, relative: str) -> bool | None:
        """Whether a theme folder holds the file ``relative``; None when the folders are unknown."""
        if self._folders is None:
            return None
        if relative not in self._found:
            self._found[relative] = any((folder / relative).is_file() for folder in self._folders)
        return self._found[relative]

    @cached_property
    def _folders(self) -> tuple[Path, ...] | None:
        if self._given is not None:
            return self._given
        custom = () if self._custom_dir is None else (self._custom_dir,)
        if self._name is None:
            return custom or None
        theme = _installed_theme(self._name)
        return None if theme is None else (*custom, theme)


def _installed_theme(name: str) -> Path | None:
    """The folder of an installed MkDocs theme, found without importing it."""
    for entry in entry_points(group="mkdocs.themes", name=name):
        package, *inside = entry.value.split(".")
        spec = importlib.util.find_spec(package)
        locations = spec.submodule_search_locations if spec else None
        if locations:
            return Path(next(iter(locations)), *inside)
    return None


def theme_meta_problems(data: Mapping[str, Any], theme: ThemeFolders | None) -> list[MetaProblem]:
    """Every value of a theme key in ``data`` that the theme could not take."""
    if THEME_KEYS.isdisjoint(data):
        return []
    return [
        problem
        for key in sorted(THEME_KEYS & data.keys())
        for problem in _check(key, data[key], theme)
    ]


def theme_safe_meta(data: Mapping[str, Any], theme: ThemeFolders | None) -> dict[str, Any]:
    """``data`` as the theme may see it: broken theme keys left out, shown text escaped."""
    meta = dict(data)
    for problem in theme_meta_problems(data, theme):
        if problem.severity is Severity.ERROR:
            meta.pop(str(problem.path[0]), None)
    for key in TEXT_KEYS:
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key])
    tags = meta.get("tags")
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        meta["tags"] = [html.escape(tag) for tag in tags]
    elif tags is not None:
        del meta["tags"]  # PM121 already; Material's tags plugin expects a list of text
    return meta


def _check(key: str, value: Any, theme: ThemeFolders | None) -> Iterator[MetaProblem]:
    if value is None:
        return
    if key == "hide":
        yield from _check_hide(value)
    elif key == "template":
        yield from _check_file(key, value, _TEMPLATE, value, theme)
    elif key == "icon":
        yield from _check_file(key, value, _ICON, f".icons/{value}.svg", theme)
    elif key in ("search", "social"):
        yield from _check_mapping(key, value, _SEARCH if key == "search" else _SOCIAL)
    elif key == "comments":
        yield from _check_kind((key,), value, bool)
    else:
        yield from _check_kind((key,), value, str)


def _check_hide(value: Any) -> Iterator[MetaProblem]:
    allowed = ", ".join(HIDE_VALUES)
    if not isinstance(value, list):
        message = f"{describe_value(value)} is not a list; Material hides any of {allowed}"
        yield MetaProblem("PM121", ("hide",), message)
        return
    for index, item in enumerate(value):
        if item not in HIDE_VALUES:
            yield MetaProblem(
                "PM122", ("hide", index), f"{describe_value(item)} is not one of {allowed}"
            )


def _check_file(
    key: str, value: Any, shape: re.Pattern[str], file: str, theme: ThemeFolders | None
) -> Iterator[MetaProblem]:
    if not isinstance(value, str):
        yield from _check_kind((key,), value, str)
        return
    what = "a template" if key == "template" else "an icon"
    if not shape.match(value):
        example = "main.html" if key == "template" else "material/rocket-launch"
        message = f"{value!r} is not {what} of the theme; write a name such as {example}"
        yield MetaProblem("PM124", (key,), message)
    elif theme is not None and theme.has(file) is False:
        message = f"{value!r} is not {what} of the theme or of its custom_dir"
        yield MetaProblem("PM124", (key,), message)


def _check_mapping(key: str, value: Any, kinds: Mapping[str, Any]) -> Iterator[MetaProblem]:
    if not isinstance(value, dict):
        yield from _check_kind((key,), value, dict)
        return
    for name, item in value.items():
        if name in kinds:
            yield from _check_kind((key, name), item, kinds[name])
        else:
            known = ", ".join(kinds)
            message = f"{key}.{name} is not a Material {key} setting; settings: {known}"
            yield MetaProblem("PM125", (key, str(name)), message, Severity.WARNING)


def _check_kind(path: FieldPath, value: Any, kind: Any) -> Iterator[MetaProblem]:
    # true and false are not numbers here, though Python counts them as integers.
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
        return
    where = ".".join(str(part) for part in path)
    prefix = f"{where}: " if len(path) > 1 else ""
    message = f"{prefix}{describe_value(value)} is not {_KIND_WORDS[kind]}"
    yield MetaProblem("PM121", path, message)
