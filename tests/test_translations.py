"""A site in several languages: each language's pages, and one document across translations."""

from __future__ import annotations

import json
import subprocess
import sys

from pmdocs.core.config import language_of_theme
from pmdocs.core.translations import Translations

SUFFIX = Translations("suffix", ("en", "zh"))
FOLDER = Translations("folder", ("en", "zh"))
PATHS = ["index.md", "prd/sso.md", "prd/sso.zh.md", "prd/only-en.md", "prd/only-zh.zh.md"]


def test_suffix_layout_picks_the_translation_and_falls_back_to_the_default() -> None:
    assert SUFFIX.pages_of("en", PATHS) == ["index.md", "prd/sso.md", "prd/only-en.md"]
    assert SUFFIX.pages_of("zh", PATHS) == [
        "index.md",
        "prd/sso.zh.md",
        "prd/only-en.md",
        "prd/only-zh.zh.md",
    ]


def test_without_fallback_a_language_has_only_its_own_pages() -> None:
    strict = Translations("suffix", ("en", "zh"), fallback=False)
    assert strict.pages_of("zh", PATHS) == ["prd/sso.zh.md", "prd/only-zh.zh.md"]


def test_folder_layout_reads_the_language_from_the_top_folder() -> None:
    paths = ["en/prd/sso.md", "zh/prd/sso.md", "en/index.md", "shared.md"]
    assert FOLDER.pages_of("zh", paths) == ["zh/prd/sso.md", "en/index.md", "shared.md"]
    assert FOLDER.locale_of("zh/prd/sso.md") == ("zh", "prd/sso.md")
    assert FOLDER.locale_of("zhx/prd.md") == ("en", "zhx/prd.md")


def test_a_dot_in_a_name_is_no_language_unless_it_is_one_of_the_sites() -> None:
    assert SUFFIX.locale_of("notes/v1.2.md") == ("en", "notes/v1.2.md")
    assert SUFFIX.locale_of("notes/v1.zh.md") == ("zh", "notes/v1.md")


def test_any_chinese_theme_language_is_pmdocs_chinese() -> None:
    assert [language_of_theme(code) for code in ("zh", "zh_TW", "zh-Hant", "en", None)] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
    ]


PRD = """---
type: prd
id: PRD-001
title: {title}
status: draft
owner: Ana
priority: P1
kind: user
---
Body.
"""


def test_check_counts_a_document_and_its_translation_once(make_site) -> None:
    root = make_site(
        {
            "docs/index.md": "# Home\n",
            "docs/prd/sso.md": PRD.format(title="Single sign-on"),
            "docs/prd/sso.zh.md": PRD.format(title="单点登录"),
        },
        {
            "plugins": [
                "search",
                {
                    "i18n": {
                        "docs_structure": "suffix",
                        "languages": [
                            {"locale": "en", "default": True, "name": "English"},
                            {"locale": "zh", "name": "中文"},
                        ],
                    }
                },
                {"pmdocs": {"today": "2026-11-27"}},
            ]
        },
    )
    command = [sys.executable, "-c", "from pmdocs.cli import main; main()", "check"]
    result = subprocess.run(
        [*command, "--format", "json"], cwd=root, capture_output=True, text=True, check=False
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    assert report["documents"] == 1
    assert report["diagnostics"] == []
