"""Playwright against Debian's chromium and pytest-django's live server.

Browser tests fail (never skip) when chromium is missing: `make test` installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop; Django's ORM must be allowed under it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.fail(
            f"Browser tests need chromium at {CHROMIUM}: run `apt-get install -y chromium` "
            "(make test does this when it can)."
        )
    # Playwright's event loop gives Django's (context-local) connections new wrappers, which
    # lack the snapshot a serialized rollback restores after each transactional test: without
    # it the migrations' data (home page, site pages, groups) is gone after the first flush.
    from django.db import connections

    snapshots = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class _LiveServerRequests:
    """The requests the live server is still handling, seen through Django's request signals.

    The live server answers each request in a thread of its own, and the signals are sent in
    that thread; the test client and the tests themselves run in the main thread, so their
    requests are not counted. A request the browser has given up on (cancelled by the
    unload, say) is still being handled here, and may hold a table lock the flush needs.
    """

    def __init__(self) -> None:
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def started(self, **kwargs) -> None:
        thread = threading.current_thread()
        if thread is not threading.main_thread():
            with self._lock:
                self._threads.add(thread)

    def finished(self, **kwargs) -> None:
        with self._lock:
            self._threads.discard(threading.current_thread())

    def busy(self) -> bool:
        with self._lock:
            return any(thread.is_alive() for thread in self._threads)


_LIVE_SERVER_REQUESTS = _LiveServerRequests()


def _watch_live_server_requests() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(_LIVE_SERVER_REQUESTS.started, weak=False, dispatch_uid="live-busy")
    request_finished.connect(_LIVE_SERVER_REQUESTS.finished, weak=False, dispatch_uid="live-idle")


@contextmanager
def browser_context(chromium, **options) -> Iterator:
    """A browser context that, when the test is done, refuses new requests and waits for those
    in flight before it closes, and then for the live server to finish handling them.
    Closing only cancels them in the browser: the live server would go on serving them (a
    Wagtail editor's first ping, say) while the test's flush truncates the tables, and
    PostgreSQL then reports a deadlock between the two, SQLite a locked table. Each page is
    first unloaded, so that requests sent on unload (the editor's release beacon) are refused
    or finished here rather than sent by the close, unseen, while the tables are emptied. A
    request the unload cancels in the browser may still be running on the server, hence the
    last wait."""
    _watch_live_server_requests()
    context = chromium.new_context(**options)
    in_flight: set = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    try:
        yield context
    finally:
        context.route("**/*", lambda route: route.abort())
        for page in context.pages:
            page.goto("about:blank")
        deadline = time.monotonic() + 10
        while in_flight and time.monotonic() < deadline and context.pages:
            context.pages[0].wait_for_timeout(50)
        context.close()
        deadline = time.monotonic() + 10
        while _LIVE_SERVER_REQUESTS.busy() and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def page_without_js(chromium):
    with browser_context(chromium, java_script_enabled=False) as context:
        yield context.new_page()


@pytest.fixture
def page_with_js(chromium):
    with browser_context(chromium) as context:
        yield context.new_page()


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and everything below it, as axe-core tags them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def axe_violations(page) -> list[dict]:
    """Inject axe-core (from npm) into the loaded page and return its WCAG 2.2 AA violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm install` (make test does).")
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    # not govern (a <script> tag, even from a file, would be refused as inline script).
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def click_and_load(locator: Locator) -> None:
    """Click ``locator`` and return once the page the click leads to has loaded.

    Playwright's click does not wait for the navigation it starts: a read straight after it
    (``page.content()``, ``page.url``, a count, axe, the database) may see the page being left,
    or none at all. Use this where the next step needs the whole new page (or the server to have
    handled the post); a check of one element can instead wait with ``expect(...)``.
    """
    with locator.page.expect_navigation():
        locator.click()


def assert_accessible(page, url: str, status: int = 200) -> None:
    """Load `url` at phone and desktop widths and fail with axe-core's findings, if any.

    ``status`` is the answer expected (404 for the not-found page, say).
    """
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        response = page.goto(url)
        assert response is not None and response.status == status, f"{url} answered {response}"
        violations = axe_violations(page)
        assert violations == [], f"{url} at {viewport['width']} px: {violations}"
