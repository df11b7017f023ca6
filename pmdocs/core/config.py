"""Reading pmdocs' options from ``mkdocs.yml`` without MkDocs, for the CLI."""

from __future__ import annotations

import dataclasses
import datetime
import math
import os
import re
from pathlib import Path
from typing import Any

import yaml

from pmdocs.core.doctypes import ConfigError
from pmdocs.core.project import Settings
from pmdocs.core.rules import parse_rules
from pmdocs.core.staleness import parse_staleness
from pmdocs.core.theme_meta import ThemeFolders
from pmdocs.core.translations import Translations
from pmdocs.core.validate import parse_date

__all__ = [
    "OPTION_NAMES",
    "check_mkdocs_options",
    "language_of_theme",
    "read_settings",
    "resolve_today",
    "settings_from_options",
    "source_date_epoch",
]

OPTION_NAMES = (
    "prefix",
    "language",
    "schemas",
    "today",
    "rules",
    "segment_weights",
    "roadmap_window",
    "changes_since",
    "staleness",
)
# How far the roadmap timeline may reach with `roadmap_window: all`, in quarters
# either side of today's: a range of centuries would draw every month of it.
WIDEST_ROADMAP_WINDOW = 40
LANGUAGES = ("en", "zh")
_PREFIX = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*\Z")
_LANGUAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_FILE_NAME = re.compile(r"\.(?:html?|xml|gz|md)(?:/|\Z)", re.IGNORECASE)
# The latest SOURCE_DATE_EPOCH a build takes: MkDocs stamps sitemap.xml.gz
# with it, and gzip holds 32 bits (2106-02-07).
_LATEST_EPOCH = 2**32 - 1


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading that tolerates the tags MkDocs configs use (``!ENV``, ``!!python/name``)."""


def _environment_value(loader: _ConfigLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        names = loader.construct_sequence(node)  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else [*names, None]
    for variable in variables:
        if str(variable) in os.environ:
            return os.environ[str(variable)]
    return default


def _ignored_tag(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _integer(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """An integer, or a YAML error at it when it has more digits than Python reads."""
    try:
        return loader.construct_yaml_int(node)  # type: ignore[arg-type]
    except ValueError:
        problem = "a number with more digits than can be read"
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


def _timestamp(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """A date, or a YAML error at it when it is impossible (``2026-13-45``)."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError as error:
        problem = f"{node.value!r} is not a valid date ({error})"
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


_ConfigLoader.add_constructor("tag:yaml.org,2002:int", _integer)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_ConfigLoader.add_constructor("!ENV", _environment_value)
_ConfigLoader.add_multi_constructor("!", _ignored_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored_tag)


def read_settings(config_file: Path) -> Settings:
    """Settings from ``config_file``; `ConfigError` when it, or ``SOURCE_DATE_EPOCH``, is wrong."""
    config = _load_config(config_file)
    config_name = config_file.name
    check_mkdocs_options(config, config_name)
    source_date_epoch()  # the build refuses a wrong one, so check does too
    # As MkDocs does: absolute, without resolving links, so that diagnostics
    # name a linked docs folder as mkdocs.yml names it.
    root = Path(os.path.abspath(config_file.parent))
    options = _plugin_options(config, config_name)
    theme = config.get("theme")
    theme_language = theme.get("language") if isinstance(theme, dict) else None
    settings = settings_from_options(
        root=root,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        options=options,
        theme_language=theme_language,
        use_directory_urls=config.get("use_directory_urls", True),
        config_name=config_name,
    )
    settings = dataclasses.replace(
        settings,
        exclude_docs=str(config.get("exclude_docs") or ""),
        draft_docs=str(config.get("draft_docs") or ""),
        theme=_theme_folders(theme, root),
        translations=_translations(config, config_name),
    )
    _check_theme_language(theme_language, settings.theme, config_name)
    return settings


def check_mkdocs_options(config: dict[str, Any], config_name: str) -> None:
    """`ConfigError` for a value of MkDocs' own options that ``mkdocs build`` refuses.

    Only the options pmdocs reads, with MkDocs 1.6's rules, so that `pmdocs
    check` never passes a config the build stops on. A pmdocs option written
    at the top level (a plugin option indented one step too little) is
    refused too: MkDocs only warns, and the option would be silently ignored.
    """
    misplaced = sorted(set(OPTION_NAMES) & set(config))
    if misplaced:
        raise ConfigError(
            config_name,
            f"{', '.join(misplaced)} is a pmdocs option, not an MkDocs one: indent it under "
            "'- pmdocs:' in plugins",
        )
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str) or not docs_dir or "\0" in docs_dir:
        raise ConfigError(config_name, f"docs_dir must be a folder name, not {_shown(docs_dir)}")
    if os.path.normpath(docs_dir) == ".":
        raise ConfigError(
            config_name, "docs_dir must be a folder beside mkdocs.yml, not the folder holding it"
        )
    use_directory_urls = config.get("use_directory_urls", True)
    if not isinstance(use_directory_urls, bool):
        raise ConfigError(
            config_name,
            f"use_directory_urls must be true or false, not {_shown(use_directory_urls)}",
        )
    for option in ("exclude_docs", "draft_docs", "not_in_nav"):
        _check_gitignore_lines(option, config.get(option), config_name)
    _check_theme(config.get("theme"), config_name)
    _check_nav(config.get("nav"), config_name)


def _check_gitignore_lines(option: str, value: Any, config_name: str) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ConfigError(
            config_name,
            f"{option} must be text (gitignore patterns, one a line), not {_shown(value)}",
        )
    if value.strip():  # pathspec's import is a fifth of check's start-up: only when needed
        from pathspec.gitignore import GitIgnoreSpec

        try:
            GitIgnoreSpec.from_lines(value.splitlines())
        except ValueError as error:
            raise ConfigError(config_name, f"{option}: {error}") from None


def _check_theme(theme: Any, config_name: str) -> None:
    if theme is None or isinstance(theme, str):
        return
    if not isinstance(theme, dict):
        raise ConfigError(
            config_name, f"theme must be a theme name or a mapping, not {_shown(theme)}"
        )
    if "name" not in theme:
        raise ConfigError(config_name, "theme needs a name (or name: null with a custom_dir)")
    for key in ("language", "locale"):
        if key in theme and not isinstance(theme[key], str):
            raise ConfigError(config_name, f"theme.{key} must be text, not {_shown(theme[key])}")


def _check_theme_language(language: Any, theme: ThemeFolders | None, config_name: str) -> None:
    """A ``theme.language`` the theme has templates for, when the theme keeps one per language.

    Material includes ``partials/languages/<language>.html``: any other value
    stops the build with a traceback.
    """
    if language is None or theme is None or not theme.has("partials/language.html"):
        return
    if not _LANGUAGE.match(language) or not theme.has(f"partials/languages/{language}.html"):
        raise ConfigError(
            config_name, f"theme.language: the theme has no language {language!r} (e.g. en, zh)"
        )


def _check_nav(nav: Any, config_name: str) -> None:
    """``nav`` as MkDocs takes it: a list of pages, each text or one title with its pages."""
    if nav is None:
        return
    if not isinstance(nav, list):
        raise ConfigError(config_name, f"nav must be a list, not {_shown(nav)}")
    pending: list[Any] = list(nav)
    seen: set[int] = set()  # an alias repeats a part: looking at it once is enough
    while pending:
        item = pending.pop()
        if id(item) in seen or isinstance(item, str):
            continue
        seen.add(id(item))
        if not isinstance(item, dict) or len(item) != 1:
            raise ConfigError(
                config_name,
                "each item of nav must be a page or one title with its page or pages, "
                f"not {_shown(item)}",
            )
        pending.extend(_nav_children(next(iter(item.values())), config_name))


def _nav_children(value: Any, config_name: str) -> list[Any]:
    """The items under one nav title: a page, a list of items (or, as MkDocs tolerates, a mapping)."""
    if isinstance(value, str):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and value:
        return [{key: child} for key, child in value.items()]
    raise ConfigError(
        config_name, f"a title in nav must have a page or a list of pages, not {_shown(value)}"
    )


def _theme_folders(theme: Any, root: Path) -> ThemeFolders:
    """Where MkDocs will look for templates: ``custom_dir``, then the named theme."""
    if not isinstance(theme, dict):
        return ThemeFolders(name=str(theme) if theme else "mkdocs")
    custom_dir = theme.get("custom_dir")
    name = theme.get("name", "mkdocs") if "name" in theme or not custom_dir else None
    return ThemeFolders(
        name=str(name) if name else None,
        custom_dir=root / str(custom_dir) if custom_dir else None,
    )


def settings_from_options(
    root: Path,
    docs_dir: Path,
    options: dict[str, Any],
    theme_language: Any = None,
    use_directory_urls: bool = True,
    config_name: str = "mkdocs.yml",
) -> Settings:
    """Settings from the plugin's option values, checked."""
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        allowed = ", ".join(OPTION_NAMES)
        raise ConfigError(
            config_name, f"unknown pmdocs option {', '.join(unknown)}; options: {allowed}"
        )
    language = options.get("language") or language_of_theme(theme_language)
    if language not in LANGUAGES:
        raise ConfigError(config_name, f"pmdocs language must be en or zh, not {language!r}")
    schemas = options.get("schemas")
    if schemas is not None and not isinstance(schemas, str):
        raise ConfigError(config_name, f"pmdocs schemas must be a folder name, not {schemas!r}")
    return Settings(
        root=root,
        docs_dir=Path(os.path.abspath(docs_dir)),  # links kept: see read_settings
        prefix=_parse_prefix(options.get("prefix"), config_name),
        language=language,
        schemas_dir=(root / schemas) if schemas else None,
        today=_parse_today(options.get("today"), config_name),
        use_directory_urls=use_directory_urls,
        rules=parse_rules(options.get("rules"), config_name),
        segment_weights=_parse_segment_weights(options.get("segment_weights"), config_name),
        roadmap_window=_parse_roadmap_window(options.get("roadmap_window"), config_name),
        changes_since=_parse_changes_since(options.get("changes_since"), config_name),
        staleness=parse_staleness(options.get("staleness"), config_name),
    )


def _parse_roadmap_window(value: Any, config_name: str) -> tuple[int, int] | None:
    """``roadmap_window``: quarters before and after today's, ``[-1, 4]`` by default; None for all."""
    if value is None:
        return (-1, 4)
    if value == "all":
        return None
    wide = WIDEST_ROADMAP_WINDOW
    fits = (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(v, int) and not isinstance(v, bool) and -wide <= v <= wide for v in value
        )
        and value[0] <= 0 <= value[1]
    )
    if not fits:
        raise ConfigError(
            config_name,
            "pmdocs roadmap_window must be all, or [before, after] in quarters around today's "
            f"(before from -{wide} to 0, after from 0 to {wide}, such as [-1, 4]), "
            f"not {_shown(value)}",
        )
    return (value[0], value[1])


def _parse_segment_weights(value: Any, config_name: str) -> tuple[tuple[str, float], ...]:
    """``segment_weights``: segment -> a number of 0 or more; segments not named keep 3/2/1.

    Returned as (segment, weight) pairs, the defaults' segments first.
    """
    weights: dict[str, float] = {"A": 3, "B": 2, "C": 1}
    if value is None:
        return tuple(weights.items())
    if not isinstance(value, dict):
        raise ConfigError(
            config_name,
            f"pmdocs segment_weights must be a mapping such as {{A: 3, B: 2, C: 1}}, "
            f"not {_shown(value)}",
        )
    for segment, weight in value.items():
        if not isinstance(segment, str) or not segment:
            raise ConfigError(
                config_name,
                f"pmdocs segment_weights: a segment must be text, not {_shown(segment)}",
            )
        number = not isinstance(weight, bool) and isinstance(weight, (int, float))
        if not number or not math.isfinite(weight) or weight < 0:
            raise ConfigError(
                config_name,
                f"pmdocs segment_weights: the weight of {segment!r} must be a number of 0 "
                f"or more, not {_shown(weight)}",
            )
        weights[segment] = weight
    return tuple(weights.items())


def _parse_changes_since(value: Any, config_name: str) -> str | None:
    """The ``changes_since`` option: a tag, a commit or a duration (``30d``); None for the latest tag.

    A commit written in digits alone is a number to YAML: it is taken as the
    text written. Whether the revision exists is the build's to say (the
    page says so); a value git would read as an option is refused here.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if (
        not isinstance(value, str)
        or value.startswith("-")
        or not value.strip()
        or any(not char.isprintable() or char.isspace() for char in value)
    ):
        raise ConfigError(
            config_name,
            "pmdocs changes_since must be a tag, a commit or a number of days such as 30d, "
            f"not {value!r}",
        )
    return value


def language_of_theme(theme_language: Any) -> str:
    """pmdocs' language for a theme language: zh for any Chinese (``zh``, ``zh_TW``, ``zh-Hant``)."""
    return "zh" if str(theme_language or "").lower().startswith("zh") else "en"


def _parse_prefix(value: Any, config_name: str) -> str:
    """The folder of the generated pages: one or more plain path segments (``pm``, ``team/pm``).

    A segment starts with a letter, a digit, ``_`` or ``-``, so that ``.``,
    ``..`` and hidden folders are refused: generated pages must neither replace
    the home page nor land outside the site. Nor does one end like a file the
    build writes (``404.html``, ``sitemap.xml``), which a folder would collide with.
    """
    if value is None or value == "":
        return "pm"
    prefix = value.strip("/") if isinstance(value, str) else None
    if prefix is None or not _PREFIX.match(prefix) or _FILE_NAME.search(prefix):
        raise ConfigError(
            config_name,
            "pmdocs prefix must be a folder such as pm or product/pm (letters, digits, "
            "'-', '_', and '.' after the first character of each part, no part ending "
            f"in .html, .xml, .gz or .md), not {value!r}",
        )
    return prefix


def extra_assets(config_file: Path) -> tuple[list[str], list[str]]:
    """The ``extra_css`` and ``extra_javascript`` entries of a config, as MkDocs merges them.

    Entries written as mappings (``{path: ..., type: module}``) are given by their path.
    """

    def paths(key: str) -> list[str]:
        value = config.get(key) or []
        if not isinstance(value, list):
            raise ConfigError(config_file.name, f"{key} must be a list")
        return [
            str(item.get("path", "")) if isinstance(item, dict) else str(item) for item in value
        ]

    config = _load_config(config_file)
    return paths("extra_css"), paths("extra_javascript")


def _load_config(config_file: Path, inheriting: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The config in ``config_file`` merged over the ones it INHERITs, as MkDocs merges them.

    Errors name the file at fault as diagnostics name files: relative to the
    folder of the config that pmdocs was given.
    """
    top = inheriting[0] if inheriting else Path(os.path.abspath(config_file))
    name = Path(os.path.relpath(os.path.abspath(config_file), top.parent)).as_posix()
    config = _parse_config(config_file, name)
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    if not isinstance(parent, str) or not parent or "\0" in parent:
        raise ConfigError(name, f"INHERIT must name a config file, not {_shown(parent)}")
    # Resolved against the file that names it, as MkDocs does.
    parent_file = Path(os.path.normpath(config_file.parent / parent))
    chain = (*inheriting, Path(os.path.abspath(config_file)))
    if Path(os.path.abspath(parent_file)) in chain:
        raise ConfigError(name, f"INHERIT: {parent} inherits back from this file (a cycle)")
    if not parent_file.is_file():
        raise ConfigError(name, f"INHERIT: {parent}: no such config file")
    return _merge(_load_config(parent_file, chain), config)


def _parse_config(config_file: Path, name: str) -> dict[str, Any]:
    """The mapping one config file holds, read as MkDocs reads it: bytes, with their BOM."""
    try:
        raw = config_file.read_bytes()
    except OSError as error:
        raise ConfigError(name, f"cannot read the MkDocs config: {error.strerror}") from None
    try:
        config = yaml.load(raw, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.reader.ReaderError as error:
        raise ConfigError(name, _unreadable_character(error, raw)) from None
    except yaml.YAMLError as error:
        raise ConfigError(
            name, f"the MkDocs config is not valid YAML: {_one_line(error)}"
        ) from None
    except RecursionError:
        raise ConfigError(name, "the MkDocs config is nested too deeply") from None
    if not isinstance(config, dict):
        raise ConfigError(name, f"the MkDocs config must be a mapping, not {_shown(config)}")
    return dict(config)


def _unreadable_character(error: yaml.reader.ReaderError, raw: bytes) -> str:
    """Where the config stops being readable text: a byte that is not UTF-8, or a control character."""
    if error.encoding != "unicode":  # a byte the encoding cannot decode, at a byte offset
        before = raw[: error.position]
        line, column = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        return (
            f"the MkDocs config is not UTF-8 (byte 0x{error.character:02x} at line {line}, "
            f"column {column}); save it as UTF-8"
        )
    return (
        f"the MkDocs config holds the control character U+{error.character:04X}, "
        "which YAML does not allow"
    )


def _shown(value: Any) -> str:
    """A value as a message shows it: its kind, and the value itself when it is short."""
    if value is None:
        return "empty"
    kind = {str: "text", list: "a list", dict: "a mapping", bool: "true or false"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )
    text = repr(value)
    return f"{kind} {text}" if len(text) <= 40 else kind


def _one_line(error: yaml.YAMLError) -> str:
    """A YAML error as one line: the problem and where it is (PyYAML spreads it over several)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return " ".join(str(error).split())
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return where + " ".join(problem.split())


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _plugin_options(config: dict[str, Any], config_name: str) -> dict[str, Any]:
    options = _options_of(config, "pmdocs", config_name)
    if options is not None and not isinstance(options, dict):
        raise ConfigError(config_name, "the pmdocs plugin options must be a mapping")
    return dict(options or {})


def _options_of(config: dict[str, Any], plugin: str, config_name: str) -> Any:
    """The options ``plugins:`` gives ``plugin`` (None when it has none or is not there)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [_plugin_entry(item, config_name) for item in plugins]
    else:  # as MkDocs refuses it
        raise ConfigError(config_name, "plugins must be a list or a mapping of plugins")
    for name, options in entries:
        if name == plugin:
            return options
    return None


def _plugin_entry(item: Any, config_name: str) -> tuple[Any, Any]:
    """``(name, options)`` of one item of a ``plugins`` list, checked as MkDocs checks it."""
    if isinstance(item, dict):
        if len(item) != 1:
            raise ConfigError(config_name, "each item of plugins must name one plugin")
        return next(iter(item.items()))
    return item, None


def _translations(config: dict[str, Any], config_name: str) -> Translations | None:
    """How mkdocs-static-i18n, when the site uses it, splits the files by language."""
    options = _options_of(config, "i18n", config_name)
    if not isinstance(options, dict):
        return None
    languages = options.get("languages") or []
    if not isinstance(languages, list):
        raise ConfigError(config_name, f"i18n languages must be a list, not {_shown(languages)}")
    locales = [entry for entry in languages if isinstance(entry, dict)]
    names = [str(entry.get("locale")) for entry in locales if entry.get("locale")]
    if not names:
        return None
    defaults = [str(entry["locale"]) for entry in locales if entry.get("default") is True]
    default = defaults[0] if defaults else names[0]
    ordered = (default, *(name for name in names if name != default))
    structure = "folder" if options.get("docs_structure") == "folder" else "suffix"
    fallback = options.get("fallback_to_default", True) is not False
    return Translations(structure, ordered, fallback)


def _parse_today(value: Any, config_name: str) -> datetime.date | None:
    """The ``today`` option: a date, or text written ``YYYY-MM-DD`` (as MkDocs takes it)."""
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        shown = repr(value) if isinstance(value, str) else str(value)
        raise ConfigError(config_name, f"pmdocs today must be a date YYYY-MM-DD, not {shown}")
    return parsed


def resolve_today(option: datetime.date | None) -> datetime.date:
    """The ``today`` option, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else the date.

    Raises `ConfigError` when ``SOURCE_DATE_EPOCH`` is set to something that
    is not a time, even with ``today`` set: MkDocs reads it too, and fails.
    """
    epoch = source_date_epoch()
    if option is not None:
        return option
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date()
    return datetime.date.today()


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds, if set; `ConfigError` unless it is a time MkDocs reads."""
    text = os.environ.get("SOURCE_DATE_EPOCH")
    if text is None:
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise ConfigError("SOURCE_DATE_EPOCH", f"must be a whole number of seconds, not {text!r}")
    if len(digits) > len(str(_LATEST_EPOCH)) or int(digits) > _LATEST_EPOCH:
        raise ConfigError(
            "SOURCE_DATE_EPOCH",
            f"{digits[:20]!r} is too late; MkDocs takes at most {_LATEST_EPOCH}",
        )
    return int(digits)
