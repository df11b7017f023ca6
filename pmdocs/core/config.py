"""Reading pmdocs' options from ``mkdocs.yml`` without MkDocs, for the CLI."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from pathlib import Path
from typing import Any

import yaml

from pmdocs.core.doctypes import ConfigError
from pmdocs.core.project import Settings
from pmdocs.core.rules import parse_rules
from pmdocs.core.theme_meta import ThemeFolders
from pmdocs.core.translations import Translations
from pmdocs.core.validate import parse_date

__all__ = [
    "OPTION_NAMES",
    "language_of_theme",
    "read_settings",
    "resolve_today",
    "settings_from_options",
    "source_date_epoch",
]

OPTION_NAMES = ("prefix", "language", "schemas", "today", "rules")
LANGUAGES = ("en", "zh")
_PREFIX = re.compile(r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*\Z")
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
    source_date_epoch()  # the build refuses a wrong one, so check does too
    # As MkDocs does: absolute, without resolving links, so that diagnostics
    # name a linked docs folder as mkdocs.yml names it.
    root = Path(os.path.abspath(config_file.parent))
    options = _plugin_options(config, config_file.name)
    theme = config.get("theme")
    theme_language = theme.get("language") if isinstance(theme, dict) else None
    settings = settings_from_options(
        root=root,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        options=options,
        theme_language=theme_language,
        use_directory_urls=config.get("use_directory_urls", True) is not False,
        config_name=config_file.name,
    )
    return dataclasses.replace(
        settings,
        exclude_docs=str(config.get("exclude_docs") or ""),
        draft_docs=str(config.get("draft_docs") or ""),
        theme=_theme_folders(theme, root),
        translations=_translations(config, config_file.name),
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
    )


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


def _load_config(config_file: Path) -> dict[str, Any]:
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ConfigError(
            config_file.name, f"cannot read the MkDocs config: {error.strerror}"
        ) from None
    try:
        config = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        raise ConfigError(
            config_file.name, f"the MkDocs config is not valid YAML: {_one_line(error)}"
        ) from None
    except RecursionError:
        raise ConfigError(config_file.name, "the MkDocs config is nested too deeply") from None
    if not isinstance(config, dict):
        raise ConfigError(config_file.name, "the MkDocs config must be a mapping")
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merge(_load_config(config_file.parent / str(parent)), config)
    return dict(config)


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
    locales = [entry for entry in options.get("languages") or [] if isinstance(entry, dict)]
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
