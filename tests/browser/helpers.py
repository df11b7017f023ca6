"""What the browser tests share: the pages a stakeholder opens, a recorder of everything a
page does on the network and the console, instant navigation, screenshots and contrast.

Playwright is imported only for type checking, so this module loads without it and the
tests can skip with a clear reason instead of failing to import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Response

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the others stop it from calling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
SCHEMES = ("light", "dark")
VIEWPORT = {"width": 1280, "height": 900}

# The pages a stakeholder opens first (paths in the example site).
MAIN_PAGES = {
    "function-map": "pm/",
    "type-index": "pm/prd/",
    "traceability": "pm/traceability/",
    "risk": "pm/risk/",
    "roadmap": "pm/roadmap/",
    "document": "requirements/sso/",
}


@dataclass(frozen=True)
class Site:
    """The example site, built and served: ``url`` ends with a slash."""

    url: str
    root: Path

    def page(self, path: str) -> str:
        """Absolute URL of a page given by its path in the site (``pm/prd/``)."""
        return self.url + path


@dataclass
class Watch:
    """Everything the pages watched asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)
    last_activity: float = 0.0

    def attach(self, page: Page) -> None:
        """Record every request, failed request, console error and uncaught error of ``page``."""
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_finished)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))

    def settle(self, page: Page, quiet: float = 0.2, limit: float = 10.0) -> None:
        """Wait until no request has been in flight for ``quiet`` seconds.

        Playwright's "networkidle" waits 500 ms; the pages here ask for the last of
        their files (sitemap, search index) right after the load event.
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if not self.pending and time.monotonic() - self.last_activity >= quiet:
                return
            page.wait_for_timeout(25)
        raise AssertionError(f"requests still open after {limit} s: {self.pending}")

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        self.pending.add(request)
        self.last_activity = time.monotonic()

    def _on_finished(self, request: Request) -> None:
        self.pending.discard(request)
        self.last_activity = time.monotonic()

    def _on_failed(self, request: Request) -> None:
        self._on_finished(request)
        # Leaving a page cancels what it still loads (say, the favicon): not a failure.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} at {message.location}")

    def foreign_requests(self) -> list[str]:
        """Requests to any host but this machine (``data:`` and ``blob:`` URLs are local)."""
        return [url for url in self.requests if not is_local(url)]


def is_local(url: str) -> bool:
    """True for URLs that cannot leave the machine."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under ``test-artifacts/screenshots``; return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def lands_on(page: Page, path: str, document_id: str) -> None:
    """Wait until ``page`` shows ``path`` with the one metadata card of ``document_id``.

    Instant navigation changes the URL before it swaps the content in, so the URL
    alone does not say that the new page is there; its card does.
    """
    from playwright.sync_api import expect

    page.wait_for_url(f"**/{path}")
    expect(page.locator("[data-pmdocs-id]")).to_have_attribute("data-pmdocs-id", document_id)


def follow_nav(page: Page, path: str, ready: str) -> None:
    """Open ``path`` by clicking its link in the navigation, as a reader does.

    With ``navigation.instant`` Material swaps the page in without reloading; a marker
    on ``window`` proves that no reload happened. ``ready`` is a selector that exists
    once the new page's content (and pmdocs' script) is in place.
    """
    # Material takes over links only once it has fetched the sitemap; a click
    # before that (a slow machine) is an ordinary page load.
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__pmdocsNoReload = true")
    link = page.locator(f'nav.md-nav--primary a.md-nav__link[href$="/{path}"]').first
    link.click()
    page.wait_for_url(f"**/{path}")
    page.locator(ready).first.wait_for(state="attached")
    assert page.evaluate("window.__pmdocsNoReload === true"), (
        f"following the navigation to {path} reloaded the page: instant navigation is off"
    )


def contrast(page: Page) -> list[dict[str, Any]]:
    """Contrast of every text run, bar and marker pmdocs draws on ``page`` (see contrast.js)."""
    script = (HERE / "contrast.js").read_text(encoding="utf-8")
    result: list[dict[str, Any]] = page.evaluate(script)
    return result


def too_low(entries: list[dict[str, Any]]) -> list[str]:
    """The entries below their required ratio, one readable line each."""
    return [
        f"{e['kind']} {e['element']} {e['text']!r}: {e['fg']} on {e['bg']} = {e['ratio']}"
        f" (needs {e['needed']})"
        for e in entries
        if e["ratio"] < e["needed"]
    ]
