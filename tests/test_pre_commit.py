"""The README's pre-commit hook, as written: it lets good documents be committed and refuses a broken one.

A copy of the example site becomes a fresh git repository with the README's
`.pre-commit-config.yaml`; `pre-commit install` puts the hook in place and
`git commit` runs it, as on a PM's machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("mkdocs.yml", "content", "schemas", "theme")

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None,
    reason="pre-commit is not installed (pip install pre-commit)",
)


def readme_pre_commit_config() -> str:
    """The `.pre-commit-config.yaml` block of the README's pre-commit section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## pre-commit\n") :]
    match = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", section, re.S)
    assert match, "the README's pre-commit section has no .pre-commit-config.yaml block"
    return match.group(1)


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository holding the example site and the README's hook, installed."""
    pmdocs_script = Path(sys.executable).with_name("pmdocs")
    if not pmdocs_script.is_file():
        pytest.skip("pmdocs is not installed as a command beside this Python")
    root = tmp_path / "site"
    root.mkdir()
    for name in EXAMPLE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    (root / ".pre-commit-config.yaml").write_text(readme_pre_commit_config(), encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {
        **os.environ,
        # The checkout under test, whatever copy of pmdocs the `pmdocs` command belongs to.
        "PYTHONPATH": path,
        "PATH": os.pathsep.join([str(pmdocs_script.parent), os.environ.get("PATH", "")]),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Ana",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    run(root, env, "git", "init", "-q", "-b", "main")
    run(root, env, sys.executable, "-m", "pre_commit", "install")
    return root, env


def run(root: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def commit(root: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True)
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def commit_count(root: Path, env: dict[str, str]) -> int:
    result = subprocess.run(
        ["git", "rev-list", "--count", "--all"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return int(result.stdout.strip() or 0)


def test_the_hook_passes_good_documents_and_refuses_a_broken_link(
    repository: tuple[Path, dict[str, str]],
) -> None:
    root, env = repository
    good = commit(root, env, "Example site")
    assert good.returncode == 0, f"{good.stdout}\n{good.stderr}"
    assert re.search(r"^pmdocs check\.+Passed$", good.stdout + good.stderr, re.M)
    assert commit_count(root, env) == 1

    sso = root / "content" / "requirements" / "sso.md"
    text = sso.read_text(encoding="utf-8")
    sso.write_text(text.replace("sources: [", "sources: [RES-999, ", 1), encoding="utf-8")
    broken = commit(root, env, "A link to nowhere")
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    assert re.search(r"^pmdocs check\.+Failed$", output, re.M), output
    assert re.search(r"^content/requirements/sso\.md:\d+:\d+: error PM201 .*RES-999", output, re.M)
    assert commit_count(root, env) == 1
