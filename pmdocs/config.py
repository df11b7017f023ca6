"""Reading pmdocs' options from ``mkdocs.yml`` without MkDocs, for the CLI."""

from __future__ import annotations

import dataclasses
import datetime
import os
from pathlib import Path
from typing import Any

import yaml

from pmdocs.doctypes import ConfigError
from pmdocs.project import Settings
from pmdocs.rules import parse_rules
from pmdocs.theme_meta import ThemeFolders
from pmdocs.translations import Translations

__all__ = [
    "OPTION_NAMES",
    "language_of_theme",
    "read_settings",
    "resolve_today",
    "settings_from_options",
]

OPTION_NAMES = ("prefix", "language", "schemas", "today", "rules")
LANGUAGES = ("en", "zh")


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


_ConfigLoader.add_constructor("!ENV", _environment_value)
_ConfigLoader.add_multi_constructor("!", _ignored_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored_tag)


def read_settings(config_file: Path) -> Settings:
    """Settings from ``config_file``; `ConfigError` when it is missing or wrong."""
    config = _load_config(config_file)
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
        translations=_translations(config),
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
    prefix = str(options.get("prefix") or "pm").strip("/")
    if not prefix or ".." in prefix.split("/"):
        raise ConfigError(
            config_name, f"pmdocs prefix must be a folder name such as pm, not {prefix!r}"
        )
    schemas = options.get("schemas")
    return Settings(
        root=root,
        docs_dir=Path(os.path.abspath(docs_dir)),  # links kept: see read_settings
        prefix=prefix,
        language=language,
        schemas_dir=(root / str(schemas)) if schemas else None,
        today=_parse_today(options.get("today"), config_name),
        use_directory_urls=use_directory_urls,
        rules=parse_rules(options.get("rules"), config_name),
    )


def language_of_theme(theme_language: Any) -> str:
    """pmdocs' language for a theme language: zh for any Chinese (``zh``, ``zh_TW``, ``zh-Hant``)."""
    return "zh" if str(theme_language or "").lower().startswith("zh") else "en"


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
            config_file.name, f"the MkDocs config is not valid YAML: {error}"
        ) from None
    if not isinstance(config, dict):
        raise ConfigError(config_file.name, "the MkDocs config must be a mapping")
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merge(_load_config(config_file.parent / str(parent)), config)
    return dict(config)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _plugin_options(config: dict[str, Any], config_name: str) -> dict[str, Any]:
    options = _plugin_entry(config, "pmdocs")
    if options is not None and not isinstance(options, dict):
        raise ConfigError(config_name, "the pmdocs plugin options must be a mapping")
    return dict(options or {})


def _plugin_entry(config: dict[str, Any], plugin: str) -> Any:
    """The options ``plugins:`` gives ``plugin`` (None when it has none or is not there)."""
    plugins = config.get("plugins") or []
    entries = (
        list(plugins.items())
        if isinstance(plugins, dict)
        else [
            next(iter(item.items())) if isinstance(item, dict) else (item, None) for item in plugins
        ]
    )
    for name, options in entries:
        if name == plugin:
            return options
    return None


def _translations(config: dict[str, Any]) -> Translations | None:
    """How mkdocs-static-i18n, when the site uses it, splits the files by language."""
    options = _plugin_entry(config, "i18n")
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
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(
            config_name, f"pmdocs today must be a date YYYY-MM-DD, not {value!r}"
        ) from None


def resolve_today(option: datetime.date | None) -> datetime.date:
    """The ``today`` option, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else the date."""
    if option is not None:
        return option
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()
