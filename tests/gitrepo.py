"""Real git repositories in temporary folders, with commits at fixed dates.

`GitRepo(root)` runs ``git init`` there, with no user or system git config in
play; `commit(message, date)` stages everything and commits it with that
author and committer date, so the history (and what pmdocs reads from it) is
the same on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

ISOLATED = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Ann",
    "GIT_AUTHOR_EMAIL": "ann@example.com",
    "GIT_COMMITTER_NAME": "Ann",
    "GIT_COMMITTER_EMAIL": "ann@example.com",
}


def doc(
    doc_type: str, doc_id: str, title: str, status: str, body: str = "Body.", **fields: object
) -> str:
    """A PM document whose front matter holds ``fields`` (JSON values are YAML too)."""
    data = {"type": doc_type, "id": doc_id, "title": title, "status": status, **fields}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + f"\n---\n\n{body}\n"


def prd(doc_id: str, status: str = "draft", **fields: object) -> str:
    fields = {"priority": "P1", "kind": "user", "owner": "Ann", **fields}
    return doc("prd", doc_id, f"Requirement {doc_id}", status, **fields)


def roadmap(doc_id: str, status: str = "planned", **fields: object) -> str:
    fields = {"theme": "Core", "horizon": "now", **fields}
    return doc("roadmap", doc_id, f"Item {doc_id}", status, **fields)


class GitRepo:
    """A git repository at ``root`` whose commits have the dates they are given."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str | None = None) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(ISOLATED)
        if date is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def write(self, files: Mapping[str, str | bytes]) -> None:
        for name, content in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")

    def remove(self, *names: str) -> None:
        for name in names:
            (self.root / name).unlink()

    def commit(self, message: str, date: str = "2026-10-01T12:00:00Z") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str) -> None:
        self.git("tag", name)
