"""The built site in a real browser (Debian's chromium), with every other host blocked.

Skipped with a message when chromium is not installed, unless REQUIRE_BROWSER=1
(CI sets it), in which case a missing browser is a failure.
"""

import contextlib
import functools
import http.server
import os
import pathlib
import shutil
import tempfile
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

# Grouped with the other tests of the built site, so one worker builds it once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# URL path, and the text its first heading starts with.
PAGES = {
    "": "Build an ASGI web framework",
    "asgi/": "ASGI in one page",
    "part1/": "Part 1",
    "part2/": "Part 2",
    "part3/": "Part 3",
    "changes/part2-to-part3/": "What changed",
    "errata/": "Errata",
    "notebooks/part3/": "",  # a notebook's own first heading, whatever it is
}
# Pages with Mermaid diagrams, which must render from the vendored script.
DIAGRAMS = {"asgi/": 1, "part3/": 2}
SHOTS = {"": "site-home.png", "changes/part2-to-part3/": "site-diff.png"}
SHOTS["notebooks/part3/"] = "site-notebook.png"
SCREENSHOTS = pathlib.Path(os.environ.get("SITE_SCREENSHOTS", tempfile.gettempdir()))


def chromium_or_skip() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1, but {message}")
        pytest.skip(f"{message}: only the real-browser test of the site is skipped")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: pathlib.Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1, on a free port; always stopped."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_site_renders_offline_in_chromium(site) -> None:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []

    def only_loopback(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with serve(site.path) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", only_loopback)
            page.on(
                "console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}")
            )
            page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))

            for url, heading in PAGES.items():
                page.goto(base + url, wait_until="load")
                assert page.title(), url
                h1 = page.locator("article h1").first.inner_text()
                assert h1.startswith(heading), (url, h1)
                if url in DIAGRAMS:
                    # Material swaps each <pre class="mermaid"> for a <div class="mermaid">
                    # holding the rendered SVG (in a closed shadow root) once Mermaid ran.
                    page.wait_for_function(
                        "n => document.querySelectorAll('pre.mermaid').length === 0 &&"
                        " [...document.querySelectorAll('div.mermaid')]"
                        ".filter(d => d.getBoundingClientRect().height > 50).length === n",
                        arg=DIAGRAMS[url],
                        timeout=10_000,
                    )
                    diagram = page.locator("div.mermaid").last
                    diagram.screenshot(path=SCREENSHOTS / f"site-{url.strip('/')}-diagram.png")
                if url in SHOTS:
                    page.screenshot(path=SCREENSHOTS / SHOTS[url])

            # Search from the home page. The index is built in a web worker; a query
            # typed before it is ready is dropped, so wait for the ready message.
            page.goto(base, wait_until="load")
            page.wait_for_function(
                "!document.querySelector('.md-search-result__meta')"
                ".textContent.includes('Initializing')",
                timeout=10_000,
            )
            # Typed key by key, as a reader would: Material reads the query on keyup.
            search = page.locator("input[data-md-component=search-query]")
            search.click()
            search.press_sequentially("include_routes")
            results = page.locator(".md-search-result__item")
            results.first.wait_for(timeout=10_000)
            assert results.count() > 0
            assert "include_routes" in page.locator(".md-search-result").inner_text()
            page.screenshot(path=SCREENSHOTS / "site-search.png")
        finally:
            browser.close()

    assert blocked == [], "requests that tried to leave loopback"
    assert errors == [], "console errors"
