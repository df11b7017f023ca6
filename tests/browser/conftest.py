"""Fixtures: the example site built once, served on 127.0.0.1, and headless Chromium.

Without Playwright or Chromium the browser tests skip with the reason; ``.ci/run`` sets
``PMDOCS_REQUIRE_BROWSER=1``, which turns that skip into a failure.

The site is built twice from a copy of the example project: in English at the root and
with the Chinese interface under ``zh/``. Both builds set ``site_url`` to the address
the test server listens on: Material's instant navigation only takes over links that
its sitemap lists, and the sitemap is empty without ``site_url``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .helpers import CHROMIUM, CHROMIUM_ARGS, MAIN_PAGES, REPO, SCHEMES, VIEWPORT, Site, Watch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

EXAMPLE = ("mkdocs.yml", "content", "schemas", "theme")


def _unavailable(reason: str) -> None:
    """Skip, or fail when the environment requires the browser tests to run."""
    if os.environ.get("PMDOCS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PMDOCS_REQUIRE_BROWSER=1 requires the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_available() -> None:
    """Skip (or fail) the browser tests when Playwright or Chromium is missing."""
    for module, package in (
        ("playwright", "playwright"),
        ("axe_playwright_python", "axe-playwright-python"),
    ):
        if importlib.util.find_spec(module) is None:
            _unavailable(f"{package} is not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")


@pytest.fixture(scope="session")
def browser(browser_available: None) -> Iterator[Browser]:
    """Headless Chromium, started once."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {error.message}")
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output free of access logs."""


def build_site(project: Path, config: str, site_dir: Path) -> None:
    """Build ``project`` with the config file ``config`` (strict, as CI does)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config]
    command += ["--site-dir", str(site_dir)]
    # The plugin must come from this checkout, whatever `pip install -e` last pointed at.
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"building the example site failed:\n{done.stderr}"


def copy_example(project: Path) -> None:
    """The example project's configuration, documents, types and theme, copied to ``project``."""
    project.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy2(source, project / name)


@contextlib.contextmanager
def serving(www: Path) -> Iterator[str]:
    """Serve ``www`` on 127.0.0.1 while the block runs; yield its URL (ending with a slash)."""
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example site, English at the root and Chinese under ``zh/``, on 127.0.0.1."""
    base = tmp_path_factory.mktemp("browser")
    project, www = base / "project", base / "www"
    copy_example(project)
    with serving_in_both_languages(project, www) as served:
        yield served


@contextlib.contextmanager
def serving_in_both_languages(project: Path, www: Path) -> Iterator[Site]:
    """``project``'s site built in English at the root of ``www`` and in Chinese under ``zh/``, served."""
    with serving(www) as url:
        # INHERIT keeps the project's own configuration and changes only what is listed.
        (project / "browser-en.yml").write_text(f"INHERIT: mkdocs.yml\nsite_url: {url}\n")
        (project / "browser-zh.yml").write_text(
            f"INHERIT: mkdocs.yml\nsite_url: {url}zh/\ntheme:\n  language: zh\n"
        )
        build_site(project, "browser-en.yml", www)
        build_site(project, "browser-zh.yml", www / "zh")
        yield Site(url=url, root=www)


def new_context(browser: Browser, scheme: str) -> BrowserContext:
    """A browser context in the light or dark colour scheme."""
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(10_000)
    return context


class Browse:
    """Opens pages of the site in light or dark contexts and watches all of them."""

    def __init__(self, browser: Browser, site: Site) -> None:
        self.browser = browser
        self.site = site
        self.watch = Watch()
        self.contexts: dict[str, BrowserContext] = {}

    def open(self, path: str, scheme: str = "light", settle: bool = False) -> Page:
        """A new page showing ``path`` once loaded (with ``settle``: and the network quiet)."""
        if scheme not in self.contexts:
            self.contexts[scheme] = new_context(self.browser, scheme)
        page = self.contexts[scheme].new_page()
        self.watch.attach(page)
        response = page.goto(self.site.page(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        if settle:
            self.watch.settle(page)
        return page

    def close(self) -> None:
        """Close every context opened."""
        for context in self.contexts.values():
            context.close()

    def check(self) -> None:
        """Fail if a page requested another host, logged an error or failed a request."""
        foreign = self.watch.foreign_requests()
        assert not foreign, f"requests left localhost: {foreign}"
        assert not self.watch.problems, "\n".join(self.watch.problems)


@pytest.fixture
def browse(browser: Browser, site: Site) -> Iterator[Browse]:
    """Open pages with ``browse.open(path, scheme)``.

    After the test, whatever it did: no page may have requested anything from another
    host (the offline promise), logged a console error, thrown, or failed a request.
    """
    session = Browse(browser, site)
    yield session
    session.close()
    session.check()


class Views:
    """The main pages, each opened once per colour scheme and kept for every test."""

    def __init__(self, browser: Browser, site: Site) -> None:
        self.sessions = {scheme: Browse(browser, site) for scheme in SCHEMES}
        self.pages: dict[tuple[str, str], tuple[Page, Watch]] = {}

    def get(self, name: str, scheme: str) -> tuple[Page, Watch]:
        """The page ``MAIN_PAGES[name]`` in ``scheme``, loaded until the network is quiet."""
        if (name, scheme) not in self.pages:
            session = self.sessions[scheme]
            session.watch = Watch()
            page = session.open(MAIN_PAGES[name], scheme, settle=True)
            self.pages[name, scheme] = (page, session.watch)
        return self.pages[name, scheme]

    def close(self) -> None:
        """Close every page."""
        for session in self.sessions.values():
            session.close()


@pytest.fixture(scope="session")
def views(browser: Browser, site: Site) -> Iterator[Views]:
    """The main pages in light and dark, opened on first use and shared by the tests."""
    opened = Views(browser, site)
    yield opened
    opened.close()
