"""Reading the history of a docs folder from git, through git's own command.

Every call is a subprocess with a list of arguments (never a shell), no
network, no pager and no prompt. Text a user wrote (a revision) is never
taken as an option: it is refused when it starts with ``-``, and given to
``rev-parse`` after ``--end-of-options``; every later command gets the
commit id that ``rev-parse`` found.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GitError", "Repository", "find_repository"]

_TIMEOUT = 120
# What git must not read from the user's environment: a pager, a prompt for
# credentials, an editor, replacement objects that would rewrite history.
_ENVIRONMENT = {
    "GIT_PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "LC_ALL": "C",
}
_BLOB_MODES = (b"100644", b"100755")


class GitError(Exception):
    """git cannot give what was asked: no repository, no such revision, no git at all."""


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**environment, **_ENVIRONMENT}


def _run(
    args: list[str], cwd: str, stdin: bytes | None = None, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_environment(),
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (no git command on PATH)") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git could not run: {error}") from None
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return result


def find_repository(folder: Path) -> Repository:
    """The git repository that holds ``folder``; `GitError` when there is none or no commit."""
    if not folder.is_dir():
        raise GitError(f"{folder} is not a folder")
    result = _run(
        ["rev-parse", "--show-toplevel", "--is-shallow-repository"], os.fspath(folder), check=False
    )
    if result.returncode != 0:
        raise GitError("the docs folder is not in a git repository (no git history)")
    top, shallow = result.stdout.decode("utf-8", "surrogateescape").splitlines()[:2]
    head = _run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], top, check=False)
    if head.returncode != 0:
        raise GitError("the git repository has no commit yet (no git history)")
    real_top = os.path.realpath(top)
    real_folder = os.path.realpath(folder)
    prefix = os.path.relpath(real_folder, real_top).replace(os.sep, "/")
    if prefix == ".":
        prefix = ""
    if prefix.startswith("../"):
        raise GitError("the docs folder is not in the git repository's work tree")
    return Repository(top, prefix, shallow.strip() == "true")


@dataclass
class Repository:
    """A git repository and where the docs folder is in it (``prefix``, ``""`` at the top)."""

    top: str
    prefix: str
    shallow: bool = False
    _commit_times: dict[str, int] = field(default_factory=dict, repr=False)

    def resolve(self, revision: str) -> str:
        """The commit id that ``revision`` (a tag, a branch, a commit) names; `GitError` if none."""
        if not revision or revision.startswith("-") or "\0" in revision:
            raise GitError(f"{revision!r} is not a revision (a revision never starts with '-')")
        result = _run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
            self.top,
            check=False,
        )
        if result.returncode != 0:
            hint = " (this clone is shallow: fetch the full history, e.g. fetch-depth: 0)"
            raise GitError(
                f"no revision {revision!r} in this repository{hint if self.shallow else ''}"
            )
        return result.stdout.decode().strip()

    def latest_tag(self) -> str | None:
        """The tag nearest to ``HEAD`` in its history (what ``git describe`` names), or None."""
        result = _run(["describe", "--tags", "--abbrev=0", "HEAD"], self.top, check=False)
        if result.returncode != 0:
            return None
        return result.stdout.decode("utf-8", "surrogateescape").strip() or None

    def commit_before(self, moment: datetime.datetime) -> str | None:
        """The latest commit of ``HEAD``'s history made at ``moment`` or before, or None."""
        epoch = int(moment.timestamp())
        result = _run(["rev-list", "-1", f"--before=@{epoch}", "HEAD"], self.top, check=False)
        found = result.stdout.decode().strip()
        return found if result.returncode == 0 and found else None

    def list_files(self, commit: str) -> dict[str, str]:
        """Docs path → blob id of every regular file under the docs folder at ``commit``.

        Links and submodules are left out: neither is a file a build reads as written.
        """
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.prefix:
            args += ["--", f"{self.prefix}/"]
        output = _run(args, self.top).stdout
        start = len(self.prefix) + 1 if self.prefix else 0
        found: dict[str, str] = {}
        for entry in output.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, blob = meta.split(b" ")
            if kind != b"blob" or mode not in _BLOB_MODES:
                continue
            found[path.decode("utf-8", "surrogateescape")[start:]] = blob.decode()
        return found

    def changed_in_work_tree(self, commit: str) -> set[str]:
        """Docs paths of the tracked files whose working-tree content differs from ``commit``'s.

        One ``git diff`` against the work tree: git compares the files it
        tracks by their index stat data and reads only those that look
        touched. Files git does not track are not listed (they are new).
        """
        args = ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv"]
        args += ["--end-of-options", commit, "--", f"{self.prefix}/" if self.prefix else "."]
        output = _run(args, self.top).stdout.decode("utf-8", "surrogateescape")
        start = len(self.prefix) + 1 if self.prefix else 0
        return {name[start:] for name in output.split("\0") if name}

    def read_blobs(self, blobs: Mapping[str, str]) -> dict[str, bytes]:
        """Docs path → bytes of each blob, read by one ``git cat-file --batch``."""
        if not blobs:
            return {}
        paths = list(blobs)
        request = "".join(f"{blobs[path]}\n" for path in paths).encode()
        output = _run(["cat-file", "--batch"], self.top, stdin=request).stdout
        contents: dict[str, bytes] = {}
        at = 0
        for path in paths:
            header_end = output.index(b"\n", at)
            header = output[at:header_end].split(b" ")
            if len(header) < 3 or header[1] == b"missing":
                at = header_end + 1
                continue
            size = int(header[2])
            contents[path] = output[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1  # the content is followed by a line break
        return contents

    def last_changes(self) -> dict[str, int]:
        """Docs path → time (seconds since the epoch) of the last commit that changed the file.

        One ``git log`` for the whole folder, read once, newest commit first;
        a file that only a shallow clone's boundary commit holds is left out,
        since that commit only seems to have made it.
        """
        if self._commit_times:
            return self._commit_times
        args = ["log", "--format=%x01%H %ct", "--name-only", "-z", "--no-renames", "HEAD"]
        if self.prefix:
            args += ["--", f"{self.prefix}/"]
        output = _run(args, self.top).stdout.decode("utf-8", "surrogateescape")
        boundary = self._shallow_boundary()
        start = len(self.prefix) + 1 if self.prefix else 0
        times: dict[str, int] = {}
        for record in output.split("\x01"):
            if not record:
                continue
            head, _, names = record.partition("\n")
            commit, _, stamp = head.partition(" ")
            if commit in boundary:
                continue
            seconds = int(stamp.strip("\0"))
            for name in names.split("\0"):
                name = name.strip("\n")
                if name:
                    times.setdefault(name[start:], seconds)
        self._commit_times = times
        return times

    def _shallow_boundary(self) -> frozenset[str]:
        if not self.shallow:
            return frozenset()
        result = _run(["rev-parse", "--git-path", "shallow"], self.top, check=False)
        path = Path(self.top, result.stdout.decode().strip())
        try:
            return frozenset(path.read_text(encoding="ascii").split())
        except OSError:
            return frozenset()
