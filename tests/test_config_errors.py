"""A ``mkdocs.yml`` that cannot be used is one line naming the file and the problem, exit 2.

Every way loading the config can fail (the YAML, the bytes, ``INHERIT``, a
value of an option MkDocs or pmdocs reads) is a configuration error: never
a traceback, in every output format and from every command. And what
``mkdocs build`` refuses, ``pmdocs check`` refuses too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import Build, WriteProject
from hypothesis import strategies as st

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.doctypes import ConfigError

TRACEBACK = "Traceback (most recent call last)"
HEAD = "site_name: Test\ntheme: {name: material, font: false}\n"
PLUGINS = "plugins:\n  - search\n  - pmdocs: {today: 2026-11-27}\n"

# name -> (files written beside docs/index.md, words the error line holds).
UNLOADABLE: dict[str, tuple[dict[str, bytes], tuple[str, ...]]] = {
    "impossible-month-in-today": (
        {"mkdocs.yml": b"site_name: T\nplugins:\n  - pmdocs: {today: 2026-13-01}\n"},
        ("mkdocs.yml", "line 3", "'2026-13-01' is not a valid date"),
    ),
    "impossible-day-in-extra": (
        {"mkdocs.yml": b"site_name: T\nextra: {launch: 2026-02-30}\n"},
        ("mkdocs.yml", "line 2", "'2026-02-30' is not a valid date"),
    ),
    "gbk-bytes": (
        {"mkdocs.yml": "site_name: T\nextra: {团队: 产品}\n".encode("gbk")},
        ("mkdocs.yml", "not UTF-8", "byte 0xcd at line 2, column 9", "save it as UTF-8"),
    ),
    "control-character": (
        {"mkdocs.yml": b"site_name: T\x01\n"},
        ("mkdocs.yml", "control character U+0001"),
    ),
    "inherit-itself": (
        {"mkdocs.yml": b"INHERIT: mkdocs.yml\nsite_name: T\n"},
        ("mkdocs.yml", "INHERIT: mkdocs.yml", "cycle"),
    ),
    "inherit-cycle-of-two": (
        {
            "mkdocs.yml": b"INHERIT: base/common.yml\nsite_name: T\n",
            "base/common.yml": b"INHERIT: ../mkdocs.yml\n",
        },
        ("base/common.yml", "INHERIT: ../mkdocs.yml", "cycle"),
    ),
    "inherit-missing-file": (
        {"mkdocs.yml": b"INHERIT: base.yml\nsite_name: T\n"},
        ("mkdocs.yml", "INHERIT: base.yml: no such config file"),
    ),
    "inherit-not-a-name": (
        {"mkdocs.yml": b"INHERIT: [base.yml]\nsite_name: T\n"},
        ("mkdocs.yml", "INHERIT must name a config file"),
    ),
    "inherit-null-byte": (
        {"mkdocs.yml": b'INHERIT: "base\\0.yml"\nsite_name: T\n'},
        ("mkdocs.yml", "INHERIT must name a config file"),
    ),
    "inherited-file-broken": (
        {"mkdocs.yml": b"INHERIT: base.yml\nsite_name: T\n", "base.yml": b"nav: [\n"},
        ("base.yml", "not valid YAML", "line 2, column 1"),
    ),
    "yaml-syntax-error": (
        {"mkdocs.yml": b"site_name: T\nplugins:\n  - pmdocs:\n  today: 2026-11-27\n"},
        ("mkdocs.yml", "not valid YAML", "line 4, column 3"),
    ),
    "not-a-mapping": (
        {"mkdocs.yml": b"- site_name: T\n"},
        ("mkdocs.yml", "must be a mapping, not a list"),
    ),
    "empty": ({"mkdocs.yml": b""}, ("mkdocs.yml", "must be a mapping, not empty")),
    "huge-number": (
        {"mkdocs.yml": b"site_name: T\nextra: {big: " + b"9" * 5000 + b"}\n"},
        ("mkdocs.yml", "line 2", "more digits than can be read"),
    ),
    "env-tag-on-a-mapping": (
        {"mkdocs.yml": b"site_name: !ENV {name: SITE}\n"},
        ("mkdocs.yml", "not valid YAML", "line 1"),
    ),
    "unhashable-key": (
        {"mkdocs.yml": b"site_name: T\n? [a, b]\n: c\n"},
        ("mkdocs.yml", "not valid YAML"),
    ),
    "i18n-languages-a-number": (
        {"mkdocs.yml": b"site_name: T\nplugins:\n  - i18n: {languages: 5}\n  - pmdocs\n"},
        ("mkdocs.yml", "i18n languages must be a list"),
    ),
    "nested-too-deeply": (
        {"mkdocs.yml": b"site_name: T\nextra: " + b"[" * 5000 + b"]" * 5000 + b"\n"},
        ("mkdocs.yml",),
    ),
}
FORMATS = ("text", "json", "github")


def write(root: Path, files: dict[str, bytes]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), *args])


def assert_one_line(result: Result, words: tuple[str, ...]) -> str:
    """Exit 2, no traceback, and one ``pmdocs: error:`` line on stderr holding ``words``."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 2, result.output
    assert TRACEBACK not in result.output
    assert result.stderr.startswith("pmdocs: error: ") and result.stderr.count("\n") == 1
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr.removeprefix("pmdocs: error: ").rstrip("\n")


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("name", sorted(UNLOADABLE))
def test_unloadable_config_is_one_line_in_every_format(
    tmp_path: Path, name: str, output_format: str
) -> None:
    files, words = UNLOADABLE[name]
    root = write(tmp_path, files)
    error = assert_one_line(run(root, "check", "--format", output_format), words)
    result = run(root, "check", "--format", output_format)
    if output_format == "json":
        assert json.loads(result.stdout) == {"error": error}
    elif output_format == "github":
        assert result.stdout.startswith("::error ") and result.stdout.count("\n") == 1
        assert error.split(":")[0] in result.stdout
    else:
        assert result.stdout == ""


COMMANDS = (["new", "prd", "Sign in"], ["export"], ["schema"], ["types"])


@pytest.mark.parametrize("name", sorted(UNLOADABLE))
def test_every_command_gives_the_same_line(tmp_path: Path, name: str) -> None:
    files, words = UNLOADABLE[name]
    root = write(tmp_path, files)
    expected = assert_one_line(run(root, "check"), words)
    for command in COMMANDS:
        assert assert_one_line(run(root, *command), words) == expected, command
    assert sorted(path.name for path in (root / "docs").iterdir()) == ["index.md"]


# Configs MkDocs refuses: name -> (mkdocs.yml, words of check's error line).
REFUSED = {
    "plugin-option-as-a-second-key": (
        HEAD + "plugins:\n  - pmdocs:\n    prefix: pm\n",
        ("plugins",),
    ),
    "plugin-option-at-the-wrong-level": (
        HEAD + "plugins:\n  - pmdocs:\n  today: 2026-11-27\n",
        ("not valid YAML",),
    ),
    "unknown-pmdocs-option": (
        HEAD + "plugins:\n  - pmdocs: {prefx: pm}\n",
        ("unknown pmdocs option prefx",),
    ),
    "docs-dir-a-number": (HEAD + "docs_dir: 5\n" + PLUGINS, ("docs_dir", "a number 5")),
    "docs-dir-the-config-folder": (HEAD + "docs_dir: .\n" + PLUGINS, ("docs_dir",)),
    "use-directory-urls-text": (
        HEAD + "use_directory_urls: 'yes'\n" + PLUGINS,
        ("use_directory_urls must be true or false", "'yes'"),
    ),
    "exclude-docs-a-number": (HEAD + "exclude_docs: 5\n" + PLUGINS, ("exclude_docs", "5")),
    "exclude-docs-bad-pattern": (
        HEAD + "exclude_docs: '!'\n" + PLUGINS,
        ("exclude_docs", "'!'"),
    ),
    "draft-docs-a-list": (HEAD + "draft_docs: [drafts/]\n" + PLUGINS, ("draft_docs",)),
    "not-in-nav-a-mapping": (HEAD + "not_in_nav: {a: 1}\n" + PLUGINS, ("not_in_nav",)),
    "theme-without-name": ("site_name: Test\ntheme: {font: false}\n" + PLUGINS, ("theme",)),
    "theme-language-a-number": (
        "site_name: Test\ntheme: {name: material, font: false, language: 5}\n" + PLUGINS,
        ("theme.language must be text",),
    ),
    "theme-language-unknown": (
        "site_name: Test\ntheme: {name: material, font: false, language: xx}\n" + PLUGINS,
        ("theme.language", "'xx'"),
    ),
    "nav-text": (HEAD + "nav: index.md\n" + PLUGINS, ("nav must be a list",)),
    "nav-item-a-number": (HEAD + "nav:\n  - 5\n" + PLUGINS, ("nav", "a number 5")),
    "nav-item-of-two-titles": (
        HEAD + "nav:\n  - {A: index.md, B: index.md}\n" + PLUGINS,
        ("nav",),
    ),
    "nav-title-without-pages": (HEAD + "nav:\n  - Home:\n" + PLUGINS, ("nav", "empty")),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_refuses_what_mkdocs_refuses(
    make_site: WriteProject, build: Build, name: str
) -> None:
    config, words = REFUSED[name]
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert_one_line(run(root, "check"), ("mkdocs.yml", *words))
    assert build(root).returncode != 0


def test_pmdocs_option_at_the_top_level(make_site: WriteProject, build: Build) -> None:
    """MkDocs only warns of it (``--strict`` stops), and the option would be ignored."""
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(HEAD + "plugins:\n  - pmdocs:\ntoday: 2026-11-27\n")
    assert_one_line(run(root, "check"), ("mkdocs.yml", "today is a pmdocs option", "indent"))
    built = build(root, strict=True)
    assert built.returncode != 0 and "today" in built.stdout + built.stderr


def test_what_mkdocs_takes_check_takes(make_site: WriteProject, build: Build) -> None:
    """The shapes MkDocs accepts, at the edges of the rules above."""
    nav = (
        "nav:\n  - index.md\n  - Part: {Home: index.md}\n  - More: [index.md, {Again: index.md}]\n"
    )
    config = (
        "site_name: Test\ntheme: {name: material, font: false, language: zh}\n"
        "use_directory_urls: false\nexclude_docs: |\n  drafts/\n  *.tmp\n"
        "draft_docs: ''\n" + nav + PLUGINS
    )
    root = make_site({"docs/index.md": "# Home\n"})
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert build(root).returncode == 0  # a title over a mapping of pages: only a warning


# Any value at any option pmdocs reads: a config error or settings, nothing else.
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["material", "mkdocs", "zh", "en", "pm", "docs", "!", "2026-11-27"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_TOP = ["docs_dir", "use_directory_urls", "exclude_docs", "draft_docs", "not_in_nav"]
_TOP += ["theme", "nav", "plugins", "INHERIT", "extra"]
_PLACES = [("top", key) for key in _TOP]
_PLACES += [("pmdocs", key) for key in ("prefix", "language", "schemas", "today", "rules")]
_PLACES += [("i18n", key) for key in ("languages", "docs_structure", "fallback_to_default")]
_PLACES += [("theme", key) for key in ("name", "language", "locale", "custom_dir")]


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(place=st.sampled_from(_PLACES), value=_VALUES)
def test_any_value_is_settings_or_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, place: tuple[str, str], value: Any
) -> None:
    """One value anywhere pmdocs reads the config: settings, or a one-line `ConfigError`."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "docs").mkdir()
    where, key = place
    options: dict[str, dict[str, Any]] = {"i18n": {}, "pmdocs": {}, "theme": {"name": "material"}}
    config: dict[str, Any] = {"site_name": "T"}
    if where == "top":
        config[key] = value
    else:
        options[where][key] = value
    config.setdefault("theme", options["theme"])
    config.setdefault("plugins", [{"i18n": options["i18n"]}, {"pmdocs": options["pmdocs"]}])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    try:
        read_settings(root / "mkdocs.yml")
    except ConfigError as error:
        assert "\n" not in str(error) and error.file
