"""Screenshots of the built site, as a reader sees it, for a person to look at.

    .venv/bin/python -m tools.screenshots [--site site] [--out /tmp/shots] [PAGE ...]

Serves the built site (`make build` first) on 127.0.0.1, opens each page in Debian's
chromium at 1280 px (desktop) and 390 px (a phone), in the light and the dark scheme,
and writes, per page and viewport:

- `<page>-<width>-<scheme>-top.png`: the first screen;
- `<page>-<width>-<scheme>-diagram-N.png`: every rendered diagram;
- `<page>-<width>-<scheme>-output-N.png`: the first notebook outputs.

Requests to any host but 127.0.0.1 are aborted, as in the browser test.
"""

import argparse
import contextlib
import functools
import http.server
import pathlib
import shutil
import sys
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [
    "",
    "asgi/",
    "part1/",
    "part2/",
    "part3/",
    "part3-bodies/",
    "part4/",
    "part4-tasks/",
    "part5/",
    "part5-asgi/",
    "part6/",
    "part6-handlers/",
    "part7/",
    "part7-websockets/",
    "glossary/",
    "fastapi/",
    "changes/part2-to-part3/",
    "changes/part4-to-part5/",
    "changes/part5-to-part6/",
    "notebooks/part3/",
    "errata/",
]
VIEWPORTS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
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


def wait_for_diagrams(page) -> None:
    """Material swaps each <pre class="mermaid"> for a rendered <div class="mermaid">."""
    page.wait_for_function("document.querySelectorAll('pre.mermaid').length === 0", timeout=15_000)


def shoot(site: pathlib.Path, out: pathlib.Path, pages: list[str], outputs: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    written = []
    out.mkdir(parents=True, exist_ok=True)

    def only_loopback(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        try:
            for width, viewport in VIEWPORTS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport=viewport, color_scheme=scheme, device_scale_factor=1
                    )
                    page = context.new_page()
                    page.route("**/*", only_loopback)
                    for url in pages:
                        name = url.strip("/").replace("/", "-") or "home"
                        prefix = out / f"{name}-{width}-{scheme}"
                        page.goto(base + url, wait_until="load")
                        wait_for_diagrams(page)
                        page.wait_for_timeout(300)
                        page.screenshot(path=f"{prefix}-top.png")
                        written.append(f"{prefix}-top.png")
                        for index, diagram in enumerate(page.locator("div.mermaid").all()):
                            diagram.scroll_into_view_if_needed()
                            diagram.screenshot(path=f"{prefix}-diagram-{index}.png")
                            written.append(f"{prefix}-diagram-{index}.png")
                        areas = page.locator(".jp-OutputArea-output").all()[:outputs]
                        for index, area in enumerate(areas):
                            area.scroll_into_view_if_needed()
                            area.screenshot(path=f"{prefix}-output-{index}.png")
                            written.append(f"{prefix}-output-{index}.png")
                    context.close()
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=PAGES, help="URL paths, such as part3/")
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "site")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("/tmp/site-shots"))
    parser.add_argument("--outputs", type=int, default=3, help="notebook outputs per page")
    args = parser.parse_args()
    for path in shoot(args.site, args.out, args.pages, args.outputs):
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
