"""The built site in a real browser (Debian's chromium), with every other host blocked.

What a reader sees, measured: code that fits its column at 1280 px, notebook outputs
that never wrap or overflow, diagrams that render at full size and fit a 390 px phone
in the dark scheme too, the FastAPI mapping on its page, no "SPEC", search without
"¶". (The rest of what the pages say is checked in the built HTML: test_site.py.)
And Part 7's chat page, served by its sample under uvicorn: two pages in one room
see each other's messages.

Skipped with a message when chromium is not installed, unless REQUIRE_BROWSER=1
(CI sets it), in which case a missing browser is a failure. Screenshots for a person
to look at are tools/screenshots.py's job, not this test's.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests import servers  # an app under uvicorn, on a free port
from tools.screenshots import serve  # the site on 127.0.0.1, on a free port

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.no_cover]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Every host but loopback fails to resolve: the site must work offline.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 900}
# The tutorial's pages: URL path, and the text its first heading starts with.
TUTORIAL = {
    "": "Build an ASGI web framework",
    "asgi/": "ASGI in one page",
    "part1/": "Part 1",
    "part2/": "Part 2",
    "part3/": "Part 3",
    "part3-bodies/": "Part 3, continued",
    "part4/": "Part 4",
    "part4-tasks/": "Part 4, continued",
    "part5/": "Part 5",
    "part5-asgi/": "Part 5, continued",
    "part6/": "Part 6",
    "part6-handlers/": "Part 6, continued",
    "part7/": "Part 7",
    "part7-websockets/": "Part 7, continued",
    "glossary/": "Glossary",
    "fastapi/": "Coming from FastAPI",
    "changes/part1-to-part2/": "What changed",
    "changes/part2-to-part3/": "What changed",
    "changes/part3-to-part4/": "What changed",
    "changes/part4-to-part5/": "What changed",
    "changes/part5-to-part6/": "What changed",
    "changes/part6-to-part7/": "What changed",
    "errata/": "Errata",
    "exercises/": "Exercises",
    "conformance/": "Conformance",
    "performance/": "Performance",
}
# What a page must show a reader: Coming from FastAPI maps our names to FastAPI's.
SHOWS = {
    "fastapi/": (
        *("APIRouter", "include_router", "HTTPException", "request.stream()"),
        *("FastAPI(lifespan=...)", "BaseHTTPMiddleware", "call_next"),
    ),
}
NOTEBOOKS = [f"notebooks/{name}/" for name in ("asgi-basics", "part1", "part2", "part3")]
NOTEBOOKS += [f"notebooks/part{number}/" for number in (4, 5, 6, 7)]
# Pages with Mermaid diagrams, and how many, which must render from the vendored script.
# Part 4: the lifespan conversation, a failing start-up, the route tree; Part 5: the
# onion, one request through the chain, the route tree. Parts 6 and 7: two each.
DIAGRAMS = {"asgi/": 1, "part1/": 1, "part3/": 2, "part3-bodies/": 1, "part4/": 3, "part5/": 3}
DIAGRAMS |= {"part6/": 2, "part6-handlers/": 2, "part7/": 2, "part7-websockets/": 2}

# Material renders each diagram into a closed shadow root. Opening it (for the test
# only) lets the test measure the SVG inside; nothing else changes.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};
"""
# Material builds its search index in a web worker on every page load: a third
# of the CPU a page load costs here. Only the search test needs it, so the other
# tests read their pages in a tab where that worker is never started.
HOLD_BACK_SEARCH = """
const StartWorker = window.Worker;
window.Worker = function (url, options) {
  if (String(url).includes("/workers/search.")) {
    window.searchHeldBack = true;
    return { postMessage() {}, addEventListener() {}, removeEventListener() {}, terminate() {} };
  }
  return new StartWorker(url, options);
};
"""
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
WAIT_FOR_DIAGRAMS = (
    "n => document.querySelectorAll('pre.mermaid').length === 0 &&"
    " [...document.querySelectorAll('div.mermaid')]"
    ".filter(d => d.shadowRoot && d.shadowRoot.querySelector('svg')).length === n"
)
# Per code block: its width in the column and the width its longest line needs.
CODE_WIDTHS = """() => [...document.querySelectorAll('pre > code')].map(code => ({
  text: code.innerText.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), ''),
  scroll: code.scrollWidth, client: code.clientWidth,
}))"""
# Per table: its width, and the width of the column (Material's scrolling wrapper).
TABLE_WIDTHS = """() => [...document.querySelectorAll('article table')].map(table => ({
  head: table.querySelector('tr').innerText.replace(/\\s+/g, ' ').slice(0, 60),
  scroll: table.scrollWidth,
  client: (table.closest('.md-typeset__scrollwrap') || table.parentElement).clientWidth,
}))"""
# Per notebook output: lines of text, lines on screen, and its widths.
OUTPUT_LINES = """() => [...document.querySelectorAll('.jp-OutputArea-output pre')].map(pre => {
  const range = document.createRange();
  range.selectNodeContents(pre);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  const text = pre.innerText.replace(/\\n$/, '');
  return {lines: text.split('\\n').length, shown: tops.size, first: text.split('\\n')[0],
          scroll: pre.scrollWidth, client: pre.clientWidth};
})"""
# Per diagram: how wide it is against its column, its scale (1: natural size), its
# smallest text on screen, and the colour of a sequence diagram's arrowheads.
DIAGRAM_SIZES = """() => [...document.querySelectorAll('div.mermaid')].map(host => {
  const svg = host.shadowRoot.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('text, foreignObject span')]
    .filter(e => e.textContent.trim());
  const smallest = Math.min(...labels.map(e => parseFloat(getComputedStyle(e).fontSize)));
  const arrow = svg.querySelector('marker[id$="-arrowhead"] path');
  return {scroll: host.scrollWidth, client: host.clientWidth, scale, labels: labels.length,
          smallest: smallest * scale, arrow: arrow && getComputedStyle(arrow).fill};
})"""


def chromium_or_skip() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1, but {message}")
        pytest.skip(f"{message}: only the real-browser test of the site is skipped")
    return path


def luminance(css_colour: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def check_diagrams(page, url: str, problems: list[str]) -> None:
    page.wait_for_function(WAIT_FOR_DIAGRAMS, arg=DIAGRAMS[url], timeout=10_000)
    for number, diagram in enumerate(page.evaluate(DIAGRAM_SIZES)):
        where = f"{url} diagram {number} at {page.viewport_size['width']} px"
        if diagram["scroll"] > diagram["client"]:
            problems.append(f"{where}: {diagram['scroll']} px wide in {diagram['client']} px")
        if abs(diagram["scale"] - 1) > 0.01 or diagram["smallest"] < 14:
            problems.append(f"{where}: scaled {diagram['scale']:.2f}, text {diagram['smallest']}")
        if diagram["labels"] < 3:
            problems.append(f"{where}: only {diagram['labels']} labels rendered")


class Browser:
    """One chromium for a module's tests, every request to another host blocked.

    `open(url)` loads a page of the built site in a tab, at 1280 px, in the
    light scheme; requests that tried to leave loopback and console errors are
    collected, and each test ends with `check()`. Two tabs: pages are read in
    one whose search is held back, and search is tried in the other.
    """

    def __init__(self, playwright, executable: str, base: str) -> None:
        self.base = base
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.problems: list[str] = []
        self._browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        self._context = self._browser.new_context(viewport=DESKTOP, color_scheme="light")
        self._context.add_init_script(OPEN_SHADOW_ROOTS)
        self._tabs: dict[bool, Page] = {}

    def _tab(self, search: bool) -> "Page":
        if search not in self._tabs:
            page = self._watched(self._context.new_page())
            if not search:
                page.add_init_script(HOLD_BACK_SEARCH)
            self._tabs[search] = page
        return self._tabs[search]

    def _watched(self, page: "Page") -> "Page":
        """page, its requests off loopback and its console errors collected."""
        page.on("request", self._only_loopback)
        page.on("websocket", self._only_loopback)
        errors = self.errors
        page.on("console", lambda m: m.type == "error" and errors.append(f"{m.text}"))
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    @contextlib.contextmanager
    def new_tab(self) -> Iterator["Page"]:
        """A tab of its own, for a page that is not the site's (closed after)."""
        page = self._watched(self._context.new_page())
        try:
            yield page
        finally:
            if not page.is_closed():
                page.close()

    def _only_loopback(self, request) -> None:
        # Recorded, not intercepted: intercepting every request (page.route)
        # would turn off the browser's cache and slow every page down. (A
        # WebSocket is recorded the same way: it has a url too.)
        if urlsplit(request.url).hostname != "127.0.0.1" and request.url.startswith(("http", "ws")):
            self.blocked.append(request.url)

    def open(self, url: str, *, search: bool = False) -> "Page":
        """The page at url, at 1280 px (a test may have narrowed the tab); with
        search, in the tab whose search works."""
        page = self._tab(search)
        page.set_viewport_size(DESKTOP)
        page.goto(self.base + url, wait_until="load")
        return page

    def check(self) -> None:
        problems, blocked, errors = self.problems[:], self.blocked[:], self.errors[:]
        for found in (self.problems, self.blocked, self.errors):
            found.clear()  # the next test starts clean
        assert problems == [], "what a reader would see"
        assert blocked == [], "requests that tried to leave loopback"
        assert errors == [], "console errors"

    def close(self) -> None:
        self._browser.close()


@pytest.fixture(scope="module")
def browser(site) -> Iterator[Browser]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with serve(site.path) as base, sync_playwright() as playwright:
        browser = Browser(playwright, executable, base)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.parametrize("url", TUTORIAL)
def test_tutorial_page_renders_offline_and_fits_the_column(browser, url) -> None:
    """At 1280 px: the page renders, no code block or table needs sideways scrolling
    (the part folders are 78 columns wide), diagrams render at full size, and the page
    cites no SPEC (Coming from FastAPI shows the mapping); then its diagrams on a phone
    in the dark scheme. (One test per page, so that a failure names its page.)"""
    page = browser.open(url)
    assert page.title(), url
    h1 = page.locator("article h1").first.inner_text()
    assert h1.startswith(TUTORIAL[url]), (url, h1)
    text = page.locator("article").inner_text()
    if re.search(r"\bSPEC\b", text):
        browser.problems.append(f"{url}: cites SPEC")
    for name in SHOWS.get(url, ()):
        if name not in text:
            browser.problems.append(f"{url}: does not show {name}")
    page.evaluate(OPEN_DETAILS)  # collapsed edge cases must fit too
    for block in page.evaluate(CODE_WIDTHS):
        if block["scroll"] > block["client"]:
            browser.problems.append(f"{url}: code overflows: {block['text']!r}")
    for table in page.evaluate(TABLE_WIDTHS):  # no column hides behind a sideways scroll
        if table["scroll"] > table["client"]:
            browser.problems.append(f"{url}: table overflows: {table['head']!r}")
    if url in DIAGRAMS:
        check_diagrams(page, url, browser.problems)
        check_diagrams_on_a_dark_phone(page, url, browser.problems)
    browser.check()


def check_diagrams_on_a_dark_phone(page, url: str, problems: list[str]) -> None:
    """The same page switched to dark with the reader's own toggle, then narrowed
    to 390 px: every diagram still fits at full size, and the sequence diagrams'
    arrowheads are light on the dark background."""
    page.locator("label.md-header__button[for='__palette_1']").click()
    try:
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.set_viewport_size({"width": 390, "height": 900})
        check_diagrams(page, url, problems)
        diagrams = page.evaluate(DIAGRAM_SIZES)
        for number, diagram in enumerate(diagrams):
            if diagram["arrow"] and luminance(diagram["arrow"]) <= 0.5:
                problems.append(f"{url} diagram {number} on a dark phone: dark arrowheads")
        if url == "asgi/":
            assert diagrams[0]["arrow"], "the sequence diagram has no arrowheads"
            assert luminance(diagrams[0]["arrow"]) > 0.5, diagrams[0]["arrow"]
    finally:
        page.evaluate("localStorage.clear()")  # the toggle is remembered: forget it


def test_coming_from_fastapi_reads_on_a_phone(browser) -> None:
    """At 390 px, every entry of the mapping, the difference included, is inside
    the screen: nothing scrolls sideways, and no name is cut."""
    page = browser.open("fastapi/")
    page.set_viewport_size({"width": 390, "height": 900})
    sizes = page.evaluate(
        """() => ({
          entries: document.querySelectorAll('article dd').length,
          article: [document.querySelector('article').scrollWidth,
                    document.querySelector('article').clientWidth],
          outside: [...document.querySelectorAll('article dt, article dd, article dd *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .map(e => e.innerText.slice(0, 40)),
        })"""
    )
    assert sizes["entries"] >= 30
    assert sizes["article"][0] <= sizes["article"][1], sizes
    assert sizes["outside"] == [], sizes
    browser.check()


def test_a_request_to_another_host_fails_and_is_reported(browser) -> None:
    """The control for every page's "nothing left loopback": a page that asks
    another host gets nothing, and the test sees it asked. The page was read
    with its search worker held back (were Material to rename the worker, every
    page would quietly cost a third more)."""
    page = browser.open("glossary/")
    assert page.evaluate("window.searchHeldBack === true")
    failed = page.evaluate(
        "() => fetch('https://fonts.googleapis.com/css').then(() => false, () => true)"
    )
    assert failed
    assert browser.blocked == ["https://fonts.googleapis.com/css"]
    browser.blocked.clear()
    browser.errors.clear()  # the console reports the failed fetch
    browser.check()


@pytest.mark.parametrize("url", NOTEBOOKS)
def test_notebook_outputs_never_wrap_or_overflow(browser, url) -> None:
    """A printed message never wraps mid-word; at 1280 px none needs scrolling."""
    page = browser.open(url)
    outputs = page.evaluate(OUTPUT_LINES)
    assert outputs, f"{url}: no outputs"
    for output in outputs:
        if output["shown"] != output["lines"]:
            browser.problems.append(f"{url}: output wraps: {output['first']!r}")
        if output["scroll"] > output["client"]:
            browser.problems.append(f"{url}: output overflows: {output['first']!r}")
    # On a phone (the same page, narrowed): too narrow for some outputs, which
    # scroll sideways, but still never wrap.
    page.set_viewport_size({"width": 390, "height": 900})
    for output in page.evaluate(OUTPUT_LINES):
        if output["shown"] != output["lines"]:
            browser.problems.append(f"{url} on a phone: output wraps: {output['first']!r}")
    browser.check()


def test_search_finds_names_and_offers_no_permalink_signs(browser) -> None:
    # The index is built in a web worker; a query typed before it is ready is
    # dropped, so wait for the ready message.
    page = browser.open("", search=True)
    page.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
        timeout=10_000,
    )
    # Typed key by key, as a reader would: Material reads the query on keyup.
    search = page.locator("input[data-md-component=search-query]")
    for query, expected in (("include_routes", "include_routes"), ("lifespan", "ifespan")):
        search.fill("")
        search.click()
        search.press_sequentially(query)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        found = page.locator(".md-search-result").inner_text()
        assert expected in found, query
        assert "¶" not in found, f"search for {query!r} offers a permalink sign"
    browser.check()


def test_two_chat_pages_in_one_room_see_each_others_messages(browser) -> None:
    """Part 7's sample under uvicorn, its /chat page in two tabs of one browser: each
    connects by WebSocket to the lobby, the first sees the second join, a message
    sent from either form reaches both lists, and the first sees the second leave.
    Nothing leaves loopback, the console stays clean, and the server stops cleanly."""
    sockets: list[str] = []
    with (
        servers.serve("part7.sample:app") as server,
        browser.new_tab() as ada,
        browser.new_tab() as bob,
    ):
        for name, page in (("ada", ada), ("bob", bob)):
            page.on("websocket", lambda socket: sockets.append(socket.url))
            # The sample has no icon: chromium asks for /favicon.ico, and its 404
            # would be a console error that is not the page's.
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            page.goto(f"{server.url}/chat?room=lobby&name={name}", wait_until="load")
            page.locator("#state", has_text="connected").wait_for(timeout=5_000)
            heard(page, f"{name} joined")
        heard(ada, "bob joined")
        for speaker, text in ((bob, "hello, ada"), (ada, "hi, bob")):
            speaker.fill("#text", text)
            speaker.press("#text", "Enter")  # submits the form, as a person would
            for page in (ada, bob):
                heard(page, text)
        assert messages(ada) == ["ada joined", "bob joined", "bob: hello, ada", "ada: hi, bob"]
        assert messages(bob) == ["bob joined", "bob: hello, ada", "ada: hi, bob"]
        bob.close()
        heard(ada, "bob left")
        ada.close()  # before the server stops: nobody connected at Ctrl+C
    servers.assert_stopped_cleanly(server)
    address = f"ws://127.0.0.1:{server.port}/ws/rooms/lobby?name="
    assert sockets == [address + "ada", address + "bob"]
    browser.check()


def heard(page: "Page", text: str) -> None:
    """Wait until the page's message list shows text."""
    page.locator("#messages li", has_text=text).wait_for(timeout=5_000)


def messages(page: "Page") -> list[str]:
    return page.locator("#messages li").all_inner_texts()
