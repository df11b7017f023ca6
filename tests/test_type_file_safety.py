"""Type files that try to reach the network or to make matching slow.

A type file comes from the project, which may be anyone's pull request: a
keyword that makes the JSON Schema validator fetch something is refused as
a configuration error by every command and by the build, and no pattern,
however written, makes a check take more than linear time.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHECKOUT

from pmdocs.cli import main

DOCUMENT = """---
type: remote
id: REM-001
title: First
status: draft
code: x
---
"""


class _CountingServer(http.server.ThreadingHTTPServer):
    """Answers every GET with a valid schema, so that a fetch, if one happens, succeeds."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SchemaHandler)
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _SchemaHandler(http.server.BaseHTTPRequestHandler):
    server: _CountingServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        body = json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/schema+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[_CountingServer]:
    counting = _CountingServer()
    thread = threading.Thread(target=counting.serve_forever, daemon=True)
    thread.start()
    yield counting
    counting.shutdown()
    counting.server_close()


# The field `code` of the type, as each remote-resolving keyword would write it.
REMOTE_FIELDS = {
    "$schema": "{{$schema: '{base}/meta.json', type: string}}",
    "$schema inside": "{{anyOf: [{{$schema: '{base}/inner.json', type: string}}]}}",
    "$ref": "{{$ref: '{base}/ref.json'}}",
    "$ref relative to $id": "{{$id: '{base}/base/', $ref: 'other.json'}}",
    "$id": "{{$id: '{base}/id.json', type: string}}",
    "$dynamicRef": "{{$dynamicRef: '{base}/dynamic.json#node'}}",
    "$recursiveRef": "{{$recursiveRef: '{base}/recursive.json'}}",
    "$vocabulary": "{{$vocabulary: {{'{base}/vocab': true}}, type: string}}",
}


def remote_type(field: str) -> str:
    return (
        "type: remote\nlabels: {en: Remote, zh: 远程}\nfunction: strategy\n"
        f"id_pattern: 'REM-\\d{{3,}}'\nstatuses: [draft]\nfields:\n  code: {field}\n"
    )


def run_pmdocs(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("keyword", list(REMOTE_FIELDS))
def test_a_remote_keyword_is_refused_and_nothing_is_fetched(
    make_site, build, server: _CountingServer, keyword: str
) -> None:
    field = REMOTE_FIELDS[keyword].format(base=server.base)
    root = make_site(
        {"docs/index.md": "# Home\n", "docs/remote/a.md": DOCUMENT,
         "schemas/remote.yml": remote_type(field)},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )  # fmt: skip
    before = len(server.requests)
    commands = [["check"], ["types"], ["new", "remote", "Second"], ["export"], ["schema"]]
    for command in commands:
        code, stdout, stderr = run_pmdocs(root, *command)
        assert code == 2, (command, stdout, stderr)
        assert stderr.startswith("pmdocs: error: schemas/remote.yml: field code: "), stderr
        assert "is not allowed in a type file" in stderr
        assert len(stderr.splitlines()) == 1
    built = build(root)
    assert built.returncode != 0
    assert "schemas/remote.yml: field code: " in built.stderr
    assert "Traceback" not in built.stderr
    assert server.requests[before:] == []


def test_a_reference_inside_the_field_still_works(make_site, server: _CountingServer) -> None:
    """``#/...`` points into the field's own schema, as the type file was checked."""
    field = "{$defs: {code: {type: string, minLength: 2}}, $ref: '#/$defs/code'}"
    local = remote_type(field).replace("  code: ", "  other: {$anchor: code}\n  code: ")
    root = make_site(
        {"docs/index.md": "# Home\n", "docs/remote/a.md": DOCUMENT, "schemas/remote.yml": local},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    code, stdout, stderr = run_pmdocs(root, "check")
    assert (code, stderr) == (1, "")
    assert stdout.startswith("docs/remote/a.md:6:7: error PM124 [REM-001] code: "), stdout
    assert server.requests == []


BACKTRACKING_TYPE = r"""type: aaa
labels: {en: A, zh: A}
function: strategy
id_pattern: '(a+)+'
statuses: [draft]
fields:
  word: {type: string, pattern: '^(a+)+$'}
  named: {type: object, patternProperties: {'^(a|aa)+$': {type: integer}}}
"""
FORTY_AS = "a" * 40 + "!"


def test_patterns_that_backtrack_finish_at_once(make_site) -> None:
    """With a backtracking engine, each of these matches takes 2**40 steps."""
    document = (
        f"---\ntype: aaa\nid: {FORTY_AS}\ntitle: T\nstatus: draft\n"
        f"word: {FORTY_AS}\nnamed: {{{FORTY_AS}: x}}\n---\n"
    )
    root = make_site(
        {"docs/index.md": "# Home\n", "docs/a.md": document,
         "schemas/aaa.yml": BACKTRACKING_TYPE},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )  # fmt: skip
    path = os.pathsep.join(filter(None, [CHECKOUT, os.environ.get("PYTHONPATH")]))
    checked = subprocess.run(
        [sys.executable, "-c", "from pmdocs.cli import main; main()", "check"],
        cwd=root, env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True,
        encoding="utf-8", timeout=20, check=False,
    )  # fmt: skip
    assert checked.returncode == 1, checked.stderr
    lines = checked.stdout.splitlines()
    assert (
        f"docs/a.md:3:5: error PM123 [{FORTY_AS}] id: id '{FORTY_AS}' does not match (a+)+"
        in (lines[0])
    )
    assert any(f"PM124 [{FORTY_AS}] word: '{FORTY_AS}' does not match" in line for line in lines)
    assert lines[-1] == "pmdocs: 1 document, 2 errors, 0 warnings"


def img(n: int) -> str:
    return f"<img src=x onerror=alert({n})>"


HOSTILE_TYPE = f"""type: vendor
labels: {{en: '{img(1)} [j](javascript:alert(2))', zh: '{img(3)}'}}
function: cost
id_pattern: 'VEN-\\d{{3,}}'
statuses: ['{img(4)}', '[s](javascript:alert(5))']
fields:
  '{img(6)}': {{type: string}}
  tier: {{enum: ['{img(7)}', '[t](javascript:alert(8))'], description: '{img(14)}'}}
required: [tier]
columns: ['{img(6)}', tier]
links:
  supplies:
    targets: [any]
    label: {{en: '{img(9)} [l](javascript:alert(10))', zh: x}}
    reverse: {{en: '{img(11)} [r](javascript:alert(12))', zh: y}}
"""
HOSTILE_DOCUMENTS = {
    "docs/vendor/a.md": f"---\ntype: vendor\nid: VEN-001\ntitle: Acme\nstatus: '{img(4)}'\n"
    f"tier: '[t](javascript:alert(8))'\n'{img(6)}': x\nsupplies: [VEN-002]\n---\nBody.\n",
    "docs/vendor/b.md": "---\ntype: vendor\nid: VEN-002\ntitle: Beta\n"
    f"status: '[s](javascript:alert(5))'\ntier: '{img(7)}'\n---\nBody.\n",
}


def test_labels_from_a_type_file_are_text_on_every_page(make_site, build) -> None:
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/vendor.yml": HOSTILE_TYPE, **HOSTILE_DOCUMENTS},
        {"plugins": ["search", {"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    built = build(root, strict=True)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    pages = {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in [*site.rglob("*.html"), site / "search" / "search_index.json"]
    }
    for name, text in pages.items():
        assert "<img" not in text, name
        assert re.search(r"""href=["']?\s*javascript:""", text, re.IGNORECASE) is None, name
    label = "&lt;img src=x onerror=alert(1)&gt; [j](javascript:alert(2))"
    type_page = pages["pm/vendor/index.html"]
    assert f"<title>{label} - Test product</title>" in type_page
    assert re.search(rf"<h1 [^>]*>{re.escape(label)}</h1>", type_page)
    navigation = re.sub(r"\s+", " ", pages["index.html"])
    assert f'<span class="md-ellipsis"> {label} </span>' in navigation
    card = pages["vendor/a/index.html"]
    for n in (1, 4, 6, 9):  # type, status, field name and link label on the card
        assert f"&lt;img src=x onerror=alert({n})&gt;" in card
    assert "&lt;img src=x onerror=alert(11)&gt;" in pages["vendor/b/index.html"]  # backlink
    # The export is data: it keeps the values as written.
    assert img(6) in (site / "pm" / "pmdocs.json").read_text(encoding="utf-8")
