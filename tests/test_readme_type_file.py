"""The README's custom type file, as written: it checks clean, and its table names every key read."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pmdocs.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("\n## Your own document types\n") :].split("\n## ", 2)[1]

OBJECTIVE = """---
type: objective
id: OBJ-001
title: Win enterprise retail
status: active
period: 2026-Q4
key_results: [{text: Ten new logos, target: 10, current: 7}]
---
"""


def block(language: str, first_line: str) -> str:
    match = re.search(rf"```{language}\n({re.escape(first_line)}\n.*?)```", SECTION, re.S)
    assert match, f"no {language} block starting {first_line!r}"
    return match.group(1)


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check"])
    return result.exit_code, result.output


def test_the_readme_type_file_and_document_check_clean(make_site) -> None:
    type_file = block("yaml", "# schemas/okr-review.yml")
    document = block("markdown", "---")
    root = make_site(
        {
            "docs/index.md": "# Home\n",
            "schemas/okr-review.yml": type_file,
            "docs/okr/q4.md": document,
            "docs/strategy/enterprise.md": OBJECTIVE,
        },
        {"plugins": [{"pmdocs": {"schemas": "schemas", "today": "2026-11-27"}}]},
    )
    assert check(root) == (0, "pmdocs: 2 documents, 0 errors, 0 warnings\n")


def test_the_readme_table_lists_exactly_the_keys_a_type_file_may_have(make_site) -> None:
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/x.yml": "type: x\nnot_a_key: 1\n"},
        {"plugins": [{"pmdocs": {"schemas": "schemas"}}]},
    )
    exit_code, output = check(root)
    assert exit_code == 2
    allowed = output.rstrip("\n").split("allowed keys: ", 1)[1].split(", ")
    listed = re.findall(r"^\| `([a-z_]+)` \| (?:yes|no) \|", SECTION, re.M)
    assert sorted(listed) == sorted(allowed)
