"""Run commands with every network socket refused, and know whether anything tried.

`NetGuard.install(folder)` writes a ``sitecustomize.py`` into ``folder``. Python
imports it at start-up in every process whose ``PYTHONPATH`` holds that folder
(children of the command too, since they inherit the environment). It replaces
``socket.socket.connect``, ``connect_ex``, ``sendto`` and ``sendmsg`` (for
every family but AF_UNIX, which MkDocs and multiprocessing may use locally),
``socket.create_connection`` and the name lookups (``getaddrinfo``,
``gethostbyname``, ...) by a function that appends the attempt, with its
stack, to a log file and raises `OSError`; an audit hook does the same for
the C socket module's own events, for code that calls ``_socket`` directly.
Recording matters: code that catches the error and goes on would otherwise
hide the attempt.

Each guarded process also logs its start, so a test can tell that the guard
was really in place for the command it ran::

    guard = NetGuard.install(tmp_path / "netguard")
    result = guard.pmdocs(project, "check")
    assert guard.attempts() == []

The guard sees only what goes through Python's socket module. Native code
opens sockets of its own: jsonschema-rs fetches a remote ``$ref`` from Rust.
`Canary` catches those: a local HTTP listener, run by the test process itself,
that records every request; point the URLs of hostile input at it
(``canary.url("x.json")``) and assert it heard nothing. Processes that are not
Python (git, which pmdocs runs for history) are not guarded either.

The `netguard` and `canary` fixtures in ``conftest.py`` give one per test.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOUT = str(Path(__file__).resolve().parent.parent)
LOG_VARIABLE = "PMDOCS_NETGUARD_LOG"

SITECUSTOMIZE = '''\
"""Written by tests/netguard.py: refuse and record every attempt to reach the network."""

import json
import os
import socket
import sys
import traceback

_LOG = os.environ.get("PMDOCS_NETGUARD_LOG")
# Sends and connects are refused unless local (AF_UNIX); name lookups always.
_SOCKET_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")
_FUNCTIONS = ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
              "gethostbyaddr", "getnameinfo")
_AUDIT_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                 "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}


def _append(entry):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"pid": os.getpid(), **entry}) + "\\n")


def _refuse(call, target):
    stack = traceback.format_stack()[:-2]
    _append({"event": "attempt", "call": call, "target": repr(target), "stack": stack[-12:]})
    raise OSError(f"network access refused by the test guard: {call} {target!r}")


def _local(sock):
    return getattr(sock, "family", None) == getattr(socket, "AF_UNIX", "no AF_UNIX here")


def _guard_method(name):
    original = getattr(socket.socket, name)

    def guarded(self, *args, **kwargs):
        if _local(self):
            return original(self, *args, **kwargs)
        return _refuse(f"socket.socket.{name}", args[-1] if args else None)

    setattr(socket.socket, name, guarded)


def _guard_function(name):
    def guarded(*args, **kwargs):
        return _refuse(f"socket.{name}", args[:2])

    setattr(socket, name, guarded)


def _audit(event, args):
    """The backstop: the C socket module reports these even when called directly."""
    if event in _AUDIT_EVENTS and not (args and _local(args[0])):
        _refuse(f"audit {event}", args[1:] if event.endswith(("connect", "sendto", "sendmsg")) else args)


if _LOG:
    for _name in _SOCKET_METHODS:
        _guard_method(_name)
    for _name in _FUNCTIONS:
        _guard_function(_name)
    sys.addaudithook(_audit)
    _append({"event": "start", "argv": sys.argv})
'''


@dataclass(frozen=True)
class NetGuard:
    """A folder holding the guard's ``sitecustomize.py`` and the log it writes."""

    folder: Path

    @classmethod
    def install(cls, folder: Path) -> NetGuard:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        return cls(folder)

    @property
    def log(self) -> Path:
        return self.folder / "network.jsonl"

    def environment(self) -> dict[str, str]:
        """This process's environment with the guard, then the checkout under test, first."""
        path = os.pathsep.join(
            filter(None, [str(self.folder), CHECKOUT, os.environ.get("PYTHONPATH")])
        )
        return {
            **os.environ,
            "PYTHONPATH": path,
            LOG_VARIABLE: str(self.log),
            "NO_MKDOCS_2_WARNING": "1",
        }

    def run(self, command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run ``command`` in ``cwd`` under the guard; stdout and stderr as text."""
        return subprocess.run(
            command,
            cwd=cwd,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def pmdocs(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """``pmdocs ARGS`` in ``project``, as the console script runs it."""
        script = "from pmdocs.cli import main; main(prog_name='pmdocs')"
        return self.run([sys.executable, "-c", script, *args], project)

    def mkdocs_build(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """``mkdocs build ARGS`` in ``project``."""
        return self.run([sys.executable, "-m", "mkdocs", "build", *args], project)

    def entries(self, event: str) -> list[dict[str, Any]]:
        if not self.log.is_file():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [entry for entry in map(json.loads, lines) if entry["event"] == event]

    def attempts(self) -> list[dict[str, Any]]:
        """Every refused attempt so far: pid, call, target and the stack that made it."""
        return self.entries("attempt")

    def started(self) -> list[list[str]]:
        """The ``sys.argv`` of every Python process that ran under the guard so far."""
        return [entry["argv"] for entry in self.entries("start")]

    def clear(self) -> None:
        self.log.unlink(missing_ok=True)


class Canary:
    """A listener on 127.0.0.1 that records the first line of every request it gets.

    It answers nothing and closes: a fetch fails fast, and the test sees it.
    """

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)  # so that the loop sees `close` (accept does not wake)
        self.port: int = self._server.getsockname()[1]
        self._requests: list[str] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    @property
    def requests(self) -> list[str]:
        with self._lock:
            return list(self._requests)

    def _serve(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    first_line = connection.recv(4096).split(b"\r\n", 1)[0]
                except OSError:
                    first_line = b""
                with self._lock:
                    self._requests.append(first_line.decode("latin-1") or "(connected)")

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=5)
        self._server.close()
