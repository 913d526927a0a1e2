"""A real browser on the editors' screens: Debian's Chromium, driven by Playwright.

The browser is started once for this folder's tests, and only where Chromium is
installed (``apt-get install -y chromium``); elsewhere these tests are skipped
(``make test`` leaves them out and says so). Each test gets the live server
(127.0.0.1, on the test database) and a browser tab signed in as an editor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# The narrowest screen an editor works on: a 1366 × 768 laptop.
WIDTH = 1366
VIEWPORT = {"width": WIDTH, "height": 768}

# Collects the page's CSP violations, before any of its own scripts run:
# Chromium reports them as console errors too, this says which directive.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} ` +
    `at ${event.sourceFile || "the page"}:${event.lineNumber}`
  );
});
"""

# Every autocomplete of the page is drawn by select2 (but the blank inline
# rows', which are drawn when a row is added).
AUTOCOMPLETES_READY = """() => !document.querySelector(
  "select.admin-autocomplete:not([name*=__prefix__]):not(.select2-hidden-accessible)"
)"""


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API marks its event loop as running between its
    # calls, which Django takes for async code and refuses the ORM to. These
    # tests are plain synchronous code: tell Django so while the browser is up.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()


class Tab:
    """A browser tab on the live server that notes what goes wrong on its pages."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught error: {error}"))
        page.add_init_script(WATCH_CSP)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url')})")

    def open(self, path: str) -> None:
        """Open ``path``, wait for its scripts to draw it, and forget the last page's errors."""
        self.errors.clear()
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None, path
        assert response.status == 200, f"{path} answered {response.status}"
        self.page.wait_for_function(AUTOCOMPLETES_READY)

    def problems(self) -> list[str]:
        """Console errors, uncaught errors and CSP violations since the page was opened."""
        violations = self.page.evaluate("window.__cspViolations || []")
        return [*self.errors, *(f"CSP violation: {v}" for v in violations)]

    def axe(self) -> list[str]:
        """axe-core's violations on the page as it is now, one line each with its elements."""
        from axe_playwright_python.sync_playwright import Axe

        found = []
        for violation in Axe().run(self.page).response["violations"]:
            nodes = [" ".join(node["target"]) for node in violation["nodes"]]
            more = f" and {len(nodes) - 5} more" if len(nodes) > 5 else ""
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}: "
                f"{'; '.join(nodes[:5])}{more}"
            )
        return found

    def width(self) -> int:
        """How wide the page is: more than the window, and it scrolls sideways."""
        return self.page.evaluate("document.scrollingElement.scrollWidth")

    @property
    def viewport_width(self) -> int:
        return self.page.viewport_size["width"]


@pytest.fixture
def tab(browser, live_server, transactional_db, editor):
    """A tab of its own, signed in as an editor by the session cookie of a login."""
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport=VIEWPORT)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    yield Tab(page, live_server.url)
    context.close()
