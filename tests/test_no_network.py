"""Nothing is ever fetched from the network: every command, run with every socket refused.

Each command runs as a user runs it, in its own process, under `netguard.NetGuard`
(``socket`` connects, sends and name lookups refused and recorded). URLs in the
input point at a local `netguard.Canary`, which hears what native code (the
Rust JSON Schema validator) would fetch past the Python guard.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from conftest import WriteProject
from netguard import Canary, NetGuard

OKR_REVIEW_TYPE = r"""type: okr-review
labels: {en: OKR review, zh: OKR 复盘}
function: strategy
id_pattern: 'OKRR-\d{3,}'
statuses: [draft, final]
fields:
  quarter: {type: string, pattern: '^[0-9]{4}-Q[1-4]$'}
required: [quarter]
links:
  reviews:
    targets: [objective]
    label: {en: Reviews, zh: 复盘对象}
    reverse: {en: Reviewed in, zh: 被复盘于}
"""

QUERY = "```pmdocs\nshow: table\ntype: prd\n```\n"


def documents(url: str) -> dict[str, str]:
    """A small project that touches every part: links, backlinks, a query, URLs, a custom type."""
    return {
        "docs/index.md": f"# Home\n\nSee [[PRD-001]] and [the spec]({url}).\n\n{QUERY}",
        "docs/prd/sso.md": (
            "---\ntype: prd\nid: PRD-001\ntitle: Single sign-on\nstatus: approved\n"
            f"owner: Ana\npriority: P0\nkind: user\nsources: [RES-001]\nurl: {url}\n---\n\n"
            f"Body with [[RES-001]] and an image ![x]({url}).\n"
        ),
        "docs/research/interviews.md": (
            "---\ntype: research\nid: RES-001\ntitle: Interviews\nstatus: done\n"
            "method: qualitative\n---\n"
        ),
        "docs/risk/churn.md": (
            "---\ntype: risk\nid: RISK-001\ntitle: Churn\nstatus: open\nowner: Bo\n"
            "likelihood: 4\nimpact: 5\nthreatens: [PRD-001]\n---\n"
        ),
        "docs/roadmap/identity.md": (
            "---\ntype: roadmap\nid: RM-001\ntitle: Identity\nstatus: planned\ntheme: Security\n"
            "horizon: now\nstart: 2026-11-01\nend: 2027-02-01\ndelivers: [PRD-001]\n---\n"
        ),
        "schemas/okr-review.yml": OKR_REVIEW_TYPE,
    }


CONFIG = {
    "plugins": ["search", {"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}],
}


def pmdocs_command(*args: str) -> Callable[[NetGuard, Path], CompletedProcess[str]]:
    return lambda guard, project: guard.pmdocs(project, *args)


def mkdocs_build(guard: NetGuard, project: Path) -> CompletedProcess[str]:
    return guard.mkdocs_build(project)


# Every command a user runs, by name.
COMMANDS: list[tuple[str, Callable[[NetGuard, Path], CompletedProcess[str]]]] = [
    ("check", pmdocs_command("check")),
    ("check --format json", pmdocs_command("check", "--format", "json")),
    ("check --format github", pmdocs_command("check", "--format", "github")),
    ("check --strict", pmdocs_command("check", "--strict")),
    ("types", pmdocs_command("types")),
    ("new", pmdocs_command("new", "prd", "Written offline")),
    ("export", pmdocs_command("export")),
    ("export -o", pmdocs_command("export", "-o", "pm.json")),
    ("export --format csv --type", pmdocs_command("export", "--format", "csv", "--type", "prd")),
    ("export --format csv -o", pmdocs_command("export", "--format", "csv", "-o", "tables")),
    ("schema", pmdocs_command("schema")),
    ("schema -o", pmdocs_command("schema", "-o", "editor")),
    ("mkdocs build", mkdocs_build),
]


def assert_offline(guard: NetGuard, canary: Canary, name: str, before: int) -> None:
    """The command ran under the guard and reached for nothing."""
    assert len(guard.started()) > before, f"{name}: no process ran under the guard"
    attempts = [(a["call"], a["target"], "".join(a["stack"][-3:])) for a in guard.attempts()]
    assert attempts == [], f"{name} tried the network"
    assert canary.requests == [], f"{name} fetched from the canary"


def run_every_command(
    guard: NetGuard, canary: Canary, project: Path, expected: Callable[[str], int]
) -> dict[str, CompletedProcess[str]]:
    results = {}
    for name, command in COMMANDS:
        before = len(guard.started())
        result = command(guard, project)
        assert result.returncode == expected(name), (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, (name, result.stderr)
        assert_offline(guard, canary, name, before)
        results[name] = result
    return results


def test_every_command_runs_with_the_network_refused(
    make_site: WriteProject, netguard: NetGuard, canary: Canary
) -> None:
    project = make_site(documents(canary.url("spec.pdf")), CONFIG)
    results = run_every_command(netguard, canary, project, expected=lambda name: 0)
    assert json.loads(results["check --format json"].stdout)["errors"] == 0
    assert (project / "pm.json").is_file() and (project / "tables" / "prd.csv").is_file()
    assert (project / "editor" / "okr-review.schema.json").is_file()
    assert (project / results["new"].stdout.strip()).is_file()
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Single sign-on" in home  # [[PRD-001]] resolved: the plugin ran
    assert (project / "site" / "pm" / "roadmap" / "index.html").is_file()


# Field schemas that name a remote resource: a validator that resolved them would fetch it.
REMOTE_SCHEMAS = [
    pytest.param(lambda canary: {"$ref": canary.url("x.json")}, id="$ref"),
    pytest.param(
        lambda canary: {"$schema": canary.url("meta.json"), "type": "string"}, id="$schema"
    ),
    pytest.param(lambda c: {"$id": c.url("base/"), "$ref": "x.json"}, id="$id-and-relative-$ref"),
    pytest.param(lambda canary: {"$dynamicRef": canary.url("d.json#node")}, id="$dynamicRef"),
]


def remote_type(field_schema: dict[str, Any]) -> str:
    fields = json.dumps({"spec": field_schema})  # JSON is YAML: the schema exactly as given
    return (
        "type: remote\nlabels: {en: Remote, zh: 远程}\nfunction: technology\n"
        f"id_pattern: 'REM-\\d{{3,}}'\nstatuses: [draft]\nfields: {fields}\n"
    )


@pytest.mark.parametrize("field_schema", REMOTE_SCHEMAS)
def test_a_type_file_naming_a_remote_schema_fetches_nothing(
    make_site: WriteProject,
    netguard: NetGuard,
    canary: Canary,
    field_schema: Callable[[Canary], dict[str, Any]],
) -> None:
    files = {**documents("https://example.com/spec")}
    files["schemas/remote.yml"] = remote_type(field_schema(canary))
    project = make_site(files, CONFIG)
    # A configuration error: the build stops, the commands exit 2 naming the file.
    results = run_every_command(
        netguard, canary, project, expected=lambda name: 1 if name == "mkdocs build" else 2
    )
    for name, result in results.items():
        if name != "mkdocs build":
            assert result.stderr.startswith("pmdocs: error: schemas/remote.yml: "), name
            assert len(result.stderr.splitlines()) == 1, (name, result.stderr)
    assert "schemas/remote.yml" in results["mkdocs build"].stderr


def test_the_guard_refuses_and_records_what_reaches_for_the_network(
    tmp_path: Path, netguard: NetGuard, canary: Canary
) -> None:
    """The guard itself: without it the tests above could not fail."""
    attempts = {
        "socket.create_connection": f"socket.create_connection(('127.0.0.1', {canary.port}))",
        "socket.getaddrinfo": "socket.getaddrinfo('localhost', 80)",
        "socket.socket.connect": f"socket.socket().connect(('127.0.0.1', {canary.port}))",
        "socket.socket.connect_ex": f"socket.socket().connect_ex(('127.0.0.1', {canary.port}))",
        "socket.socket.sendto": "socket.socket(type=socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))",
        "audit socket.connect": f"_socket.socket().connect(('127.0.0.1', {canary.port}))",
        "urllib": f"urllib.request.urlopen('{canary.url('x')}')",
    }
    for call, code in attempts.items():
        netguard.clear()
        script = f"import socket, _socket, urllib.request\n{code}"
        result = netguard.run([sys.executable, "-c", script], tmp_path)
        assert result.returncode == 1 and "refused by the test guard" in result.stderr, call
        recorded = [attempt["call"] for attempt in netguard.attempts()]
        assert recorded and (call == "urllib" or recorded == [call]), (call, recorded)
    assert canary.requests == []


def test_the_guard_leaves_local_sockets_alone(tmp_path: Path, netguard: NetGuard) -> None:
    script = (
        "import socket\n"
        "server = socket.socket(socket.AF_UNIX)\n"
        "server.bind('s.sock'); server.listen()\n"
        "client = socket.socket(socket.AF_UNIX); client.connect('s.sock')\n"
        "connection, _ = server.accept(); client.sendall(b'ok')\n"
        "print(connection.recv(2).decode())\n"
    )
    result = netguard.run([sys.executable, "-c", script], tmp_path)
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr
    assert netguard.attempts() == [] and len(netguard.started()) == 1


def test_the_canary_hears_a_fetch(canary: Canary) -> None:
    with pytest.raises(OSError):
        urllib.request.urlopen(canary.url("x.json"), timeout=5)
    assert canary.requests == ["GET /x.json HTTP/1.1"]
