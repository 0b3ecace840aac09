"""A real browser over the built site: Debian's Chromium driven by Playwright.

The site in _build/html is served on a free local port; each test opens pages in a fresh tab that
records console errors, uncaught exceptions and every request that leaves the site. Playwright
downloads no browser here: it drives the Chromium the machine has (`CHROMIUM`, or the first of
chromium / chromium-browser / google-chrome on the PATH). Without one the tests are skipped with
a message saying how to install it, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure.
"""

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
WIDTHS = {"phone": 390, "desktop": 1280}
NO_BROWSER = ("no Chromium found for the browser tests: install Debian's (sudo apt-get install "
              "chromium) or set CHROMIUM to a Chromium or Chrome executable")
# Without these, Chromium tries to reach Google's services at start; the build machines have no
# route there, and such requests would count as leaving the site.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-features=Translate,OptimizationHints,MediaRouter"]


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
                None)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    """The address of the built site, served locally for the whole session."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no site; run make book first")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(NO_BROWSER)
        pytest.skip(NO_BROWSER)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page of the site in a browser tab, with what went wrong while it loaded and ran."""

    page: object
    errors: list = field(default_factory=list)      #: console errors and uncaught exceptions
    outside: list = field(default_factory=list)     #: requests to any other host

    def problems(self) -> list:
        return self.errors + [f"request leaves the site: {url}" for url in self.outside]


def load(browser, site_url: str, path: str, width: int = WIDTHS["desktop"]) -> Tab:
    """Load a page of the site (such as 'book/01_batching.html') in a new browser context with a
    window `width` pixels wide; return its Tab once its widgets and formulas have settled. The
    caller closes `tab.page.context`."""
    host = urlparse(site_url).netloc
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    tab = Tab(page)
    page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    page.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))

    def route(r):
        if urlparse(r.request.url).netloc not in (host, "") and \
                not r.request.url.startswith(("data:", "blob:")):
            tab.outside.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    page.goto(site_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return tab


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, width) loads a page of the site (such as 'book/01_batching.html') at a
    window `width` pixels wide and returns a Tab once its widgets and formulas have settled."""
    tabs = []

    def open_(path: str, width: int = WIDTHS["desktop"]) -> Tab:
        tabs.append(load(browser, site_url, path, width))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.page.context.close()
