"""The tutorial site: a strict build, code only from the part folders, generated pages."""

import html
import importlib
import json
import re
import subprocess

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.docs.conftest import ROOT
from tools.site_directives import mermaid_flowchart
from tools.symbol_snippets import symbol_lines

# The site is built once per run, whichever workers need it (see conftest.py).
pytestmark = pytest.mark.no_cover

DOCS = ROOT / "docs"
# The parts whose pages exist.
PARTS = ("part1", "part2", "part3", "part4", "part5", "part6", "part7")
# The tutorial's own pages. conformance.md and performance.md are generated from test
# and benchmark data, and exercises.md comes with the exercises.
OTHER_PAGES = {"conformance.md", "performance.md", "exercises.md"}
NARRATIVE_PAGES = sorted(p for p in DOCS.rglob("*.md") if p.name not in OTHER_PAGES)
# Each part's page(s), and the article of the series it follows.
SERIES = "https://teod-sh.github.io/diy-asgi-web-framework"
PART_PAGES = {
    "part1.md": SERIES,
    "part2.md": f"{SERIES}-pt2",
    "part3.md": f"{SERIES}-pt3",
    "part3-bodies.md": f"{SERIES}-pt3",
    "part4.md": f"{SERIES}-pt4",
    "part4-tasks.md": f"{SERIES}-pt4",
    "part5.md": f"{SERIES}-pt5",
    "part5-asgi.md": f"{SERIES}-pt5",
    # Beyond the series: ours, with no article to follow.
    "part6.md": None,
    "part6-handlers.md": None,
    "part7.md": None,
    "part7-websockets.md": None,
}
SNIPPET = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::(?P<symbol>[A-Za-z_][\w.]*))?"$')
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>.*)$")


def fenced_blocks(text: str):
    """(info string, body lines) of every fenced block of a Markdown page."""
    lines, index = text.splitlines(), 0
    while index < len(lines):
        match = FENCE.match(lines[index].strip())
        if not match:
            index += 1
            continue
        end = index + 1
        while lines[end].strip() != match["fence"]:
            end += 1
        yield match["info"].strip(), [line.strip() for line in lines[index + 1 : end]]
        index = end + 1


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- The build ----------------------------------------------------------------------------


def test_strict_build_passes_with_no_warnings(built_site) -> None:
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output
    assert (built_site.path / "index.html").is_file()


def real_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.UnsafeLoader)


def test_config_is_offline_strict_and_watches_the_code() -> None:
    config = real_config()
    assert config["theme"]["font"] is False
    assert config["strict"] is True
    assert {*PARTS, "notebooks", "exercises"} <= set(config["watch"])
    extensions = {
        name: options
        for item in config["markdown_extensions"]
        for name, options in (item.items() if isinstance(item, dict) else [(item, {})])
    }
    assert extensions["pymdownx.snippets"]["check_paths"] is True
    assert extensions["pymdownx.snippets"]["base_path"] == ["."]
    assert {"admonition", "pymdownx.details", "def_list"} <= set(extensions)
    # Build logic lives in Python-Markdown extensions, which other tools run too.
    assert {"tools.symbol_snippets", "tools.site_directives"} <= set(extensions)
    assert config["validation"]["anchors"] == "warn"  # a broken #anchor fails --strict
    features = config["theme"]["features"]
    assert {"content.code.copy", "navigation.tabs", "search.suggest"} <= set(features)
    assert [s["scheme"] for s in config["theme"]["palette"]] == ["default", "slate"]
    assert all("toggle" in scheme for scheme in config["theme"]["palette"])
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if "mkdocs-jupyter" in p)
    assert jupyter["execute"] is False


@pytest.mark.parametrize(
    ("snippet", "outcome"),
    [
        ('--8<-- "part1/router.py:Methods"', "class Methods(StrEnum)"),
        ('--8<-- "part1/router.py:Router.get_segments..Router.add_route"', "def add_route"),
        ('--8<-- "part3/sample.py:basicConfig"', "logging.basicConfig("),  # a module-level call
        ('--8<-- "part1/router.py:NoSuchSymbol"', "has no symbol 'NoSuchSymbol'"),
        ('--8<-- "part1/router.py:Router.nope"', "has no symbol 'Router.nope'"),
        ('--8<-- "part1/no_such_file.py:App"', "no file"),
        ('--8<-- "part1/no_such_file.py"', "Snippet"),
    ],
    ids=[
        "control",
        "run",
        "call",
        "missing-symbol",
        "missing-method",
        "missing-file",
        "whole-file",
    ],
)
def test_a_missing_snippet_fails_the_build(tmp_path, monkeypatch, snippet, outcome) -> None:
    # A tiny site with the real config's markdown extensions and one page.
    real = real_config()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(f'```python title="x"\n{snippet}\n```\n')
    (tmp_path / "mkdocs.yml").write_text(
        yaml.dump({"site_name": "t", "markdown_extensions": real["markdown_extensions"]})
    )
    monkeypatch.chdir(ROOT)  # snippets' base_path "." is the repo root, as in the real build
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    if outcome.startswith(("class", "def", "logging.")):
        build(config)
        assert outcome in text_of((tmp_path / "site" / "index.html").read_text())
    else:
        with pytest.raises(Exception, match=outcome):
            build(config)


# --- Code comes only from the part folders ---------------------------------------------------


def snippets_of(page):
    """(fence info, included path, symbol) for every snippet line of a page."""
    for info, body in fenced_blocks(page.read_text()):
        for line in body:
            match = SNIPPET.match(line)
            if match:
                yield info, match["path"], match["symbol"]


@pytest.mark.parametrize("page", NARRATIVE_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_snippet_resolves_and_is_titled_with_its_file(page) -> None:
    for info, path, symbol in snippets_of(page):
        assert f'title="{path}"' in info, f"{page.name}: snippet of {path} is titled {info!r}"
        if symbol:
            symbol_lines(ROOT / path, symbol)  # raises for an unknown symbol


def _code_blocks(html_page: str) -> str:
    """The text of every code block of a built page, whitespace collapsed."""
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", html_page, flags=re.DOTALL)
    return "\n".join(" ".join(text_of(block).split()) for block in blocks)


@pytest.mark.parametrize(
    "page", [p for p in NARRATIVE_PAGES if p.parent == DOCS], ids=lambda p: p.name
)
def test_each_symbol_shows_exactly_its_lines_of_the_real_file(site, page) -> None:
    """What a page shows for `file:Symbol` is the symbol's source, from its
    decorators (or the comment above it) to its last line."""
    code = _code_blocks(site.page("" if page.stem == "index" else page.stem))
    for _info, path, symbol in snippets_of(page):
        lines = (ROOT / path).read_text().splitlines()
        if symbol:
            found = symbol_lines(ROOT / path, symbol)
            lines = lines[found.start - 1 : found.end]
        expected = " ".join("\n".join(lines).split())
        assert expected in code, f"{page.name}: {path}:{symbol} is not shown whole"


@pytest.mark.parametrize("page", NARRATIVE_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_code_is_pasted_into_the_pages(page) -> None:
    # A fenced block is a shell command, a diagram, or one snippet line.
    for info, body in fenced_blocks(page.read_text()):
        language = info.split()[0] if info else ""
        if language in {"sh", "console", "mermaid"}:  # commands, sessions, diagrams
            continue
        assert len(body) == 1 and SNIPPET.match(body[0]), f"{page.name}: pasted {info!r} block"


# Parts 1-3 present every module they have. Parts 4 and 5 present what they add and
# change; the modules they keep from the part before are on the earlier pages and
# their What changed page.
def lesson_modules(part: str) -> set[str]:
    """The modules a part teaches: for Parts 1-3 all of them, later the ones it
    adds or changes (the others are byte-identical to the part before)."""
    names = {path.name for path in (ROOT / part).glob("*.py")}
    if part in ("part1", "part2", "part3"):
        return names
    before = ROOT / f"part{int(part[4:]) - 1}"
    return {
        name
        for name in names
        if not (before / name).exists()
        or (before / name).read_bytes() != (ROOT / part / name).read_bytes()
    }


def test_every_module_each_part_teaches_appears_through_a_snippet() -> None:
    included = {path for page in NARRATIVE_PAGES for _, path, _ in snippets_of(page)}
    modules = {f"{part}/{name}" for part in PARTS for name in lesson_modules(part)}
    assert modules - included == set()


def test_snippets_render_code_without_section_markers(site) -> None:
    page = site.page("part3")
    assert '<span class="filename">part3/router.py</span>' in page
    assert "def get_route" in text_of(page)
    assert "8&lt;" not in page and "[start:" not in page


# --- What changed ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"), [(f"part{n}", f"part{n + 1}") for n in range(1, len(PARTS))]
)
def test_diff_pages_show_what_the_diff_command_prints(site, old, new) -> None:
    """Run the command the page tells readers to run, and compare, file by file."""
    command = ["diff", "-ruN", "-x", "__pycache__", old, new]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # 1: the folders differ
    expected: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("diff -ruN"):
            name = line.rsplit("/", 1)[-1]
            lines = expected.setdefault(f"{old}/{name} → {new}/{name}", [])
        else:  # the page drops the dates after the --- and +++ file names
            lines.append(line.split("\t", 1)[0] if line.startswith(("--- ", "+++ ")) else line)
    assert len(expected) >= 4

    page = site.page(f"changes/{old}-to-{new}")
    blocks = re.findall(
        r'<div class="language-diff highlight"><span class="filename">(.*?)</span>'
        r"<pre>.*?<code>(.*?)</code></pre>",
        page,
        re.DOTALL,
    )
    rendered = {html.unescape(title): text_of(code) for title, code in blocks}
    assert list(rendered) == list(expected)  # one block per changed file, in order
    for title, lines in expected.items():
        # Markdown turns a line of only spaces (a blank context line) into an empty
        # line, and drops empty lines at the end of a code block: compare without
        # trailing whitespace, which is the only difference it makes.
        diff = "\n".join(lines)
        assert _without_trailing_spaces(rendered[title]) == _without_trailing_spaces(diff), title


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n")


@pytest.mark.parametrize(
    ("page", "added"),
    [
        ("part2-to-part3", "part3/exceptions.py"),
        ("part3-to-part4", "part4/background_tasks.py"),
        ("part4-to-part5", "part5/middleware.py"),
        ("part5-to-part6", "part6/params.py"),
        ("part6-to-part7", "part7/websocket.py"),
    ],
)
def test_added_files_are_shown_whole(site, page, added) -> None:
    text = text_of(site.page(f"changes/{page}"))
    for line in (ROOT / added).read_text().splitlines():
        assert f"+{line}" in text


# --- Pictures --------------------------------------------------------------------------------


def expected_tree_labels(target: str) -> list[str]:
    """The labels the site should draw: each node's segment (or root), then methods.

    target is a module (its `app`), or "module:name" for an App under another name.
    """
    module, _, name = target.partition(":")
    router = getattr(importlib.import_module(module), name or "app").router
    expected = []

    def walk(node, segment):
        methods = " · ".join(str(m) for m in node.routes)
        name = "root" if segment is None else f"#quot;{segment}#quot;"
        if segment is not None and segment.startswith("{"):  # a parameter: no quotes
            name = segment
        expected.append(f"{name}<br/>{methods or 'no routes'}")
        for child_segment, child in node.children.items():
            walk(child, child_segment)
        param = getattr(node, "param", None)  # Part 6 on: after the static children
        if param is not None:
            converter = "" if param.converter == "str" else f":{param.converter}"
            walk(param.node, f"{{{param.name}{converter}}}")

    walk(router._root, None)
    return expected


@pytest.mark.parametrize(
    ("page", "module"),
    [
        ("part1", "part1.sample"),
        ("part3-bodies", "part3.sample"),
        ("part4", "part4.sample"),
        ("part5", "part5.sample:framework"),
        ("part6", "part6.sample:framework"),
    ],
)
def test_route_tree_is_drawn_from_the_real_router(site, page, module) -> None:
    mermaid = r'<pre class="mermaid"><code>(.*?)</code></pre>'
    diagrams = [html.unescape(d) for d in re.findall(mermaid, site.page(page), re.S)]
    tree = next(d for d in diagrams if re.search(r"^flowchart (TD|LR)\n    n0\[", d, re.M))
    labels = [json.loads(label) for label in re.findall(r'^    n\d+\[(".*")\]$', tree, re.M)]
    assert labels == expected_tree_labels(module)
    assert "\\u" not in tree  # Mermaid shows a JSON escape as it is: "GET \u00b7 POST"


def test_route_trees_show_what_each_stage_teaches(site) -> None:
    # Part 1 keeps "/" under an empty segment; Part 3 puts it on the root itself.
    part1 = expected_tree_labels("part1.sample")
    assert part1[:2] == ["root<br/>no routes", "#quot;#quot;<br/>GET"]
    assert expected_tree_labels("part3.sample")[0] == "root<br/>GET"
    assert "#quot;careers#quot;<br/>GET · POST" in expected_tree_labels("part3.sample")
    # Part 4 adds /visits and /signup; Part 5 serves the same routes, its App wrapped
    # in an ASGI middleware (so its `app` has no router: the page names `framework`).
    part4 = expected_tree_labels("part4.sample")
    assert {"#quot;visits#quot;<br/>GET", "#quot;signup#quot;<br/>POST"} <= set(part4)
    assert expected_tree_labels("part5.sample:framework") == part4
    assert not hasattr(importlib.import_module("part5.sample").app, "router")
    # Four routes under the root would be too wide top down for a phone: left to right.
    part3_tree = mermaid_flowchart(importlib.import_module("part3.sample").app.router)
    part4_tree = mermaid_flowchart(importlib.import_module("part4.sample").app.router)
    assert part3_tree.startswith("flowchart TD\n")
    assert "\nflowchart LR\n" in part4_tree
    # Part 6 draws a parameter child as its template writes it, after the static ones.
    part6 = expected_tree_labels("part6.sample:framework")
    assert part6[part6.index("#quot;users#quot;<br/>POST") + 1] == "{user_id:int}<br/>GET"
    assert part6[-2:] == ["#quot;files#quot;<br/>no routes", "{rest:path}<br/>GET"]


def test_an_unknown_site_directive_fails_the_build(tmp_path, monkeypatch) -> None:
    real = real_config()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("<!-- site:diff part1 part9 -->\n")
    (tmp_path / "mkdocs.yml").write_text(
        yaml.dump({"site_name": "t", "markdown_extensions": real["markdown_extensions"]})
    )
    monkeypatch.chdir(ROOT)
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Exception, match="no folder 'part9' to diff"):
        build(config)


def test_sequence_diagram_of_the_http_conversation(site) -> None:
    page = html.unescape(site.page("asgi"))
    assert "sequenceDiagram" in page
    for message in ("http.request", "http.response.start", "http.response.body"):
        assert message in page


def test_sequence_diagrams_of_a_stream_and_a_websocket(site) -> None:
    """Part 7 draws a streamed response (the client leaving, the generator closed)
    and the WebSocket conversation (handshake, accept or refuse, both ways, close)."""
    streamed = "\n".join(d for d in _diagrams(site, "part7") if "sequenceDiagram" in d)
    for step in ("http.response.start", "more_body: True", "http.disconnect", "aclose()"):
        assert step in streamed, step
    talk = "\n".join(d for d in _diagrams(site, "part7-websockets") if "sequenceDiagram" in d)
    for step in ("websocket.connect", "websocket.accept", "403 Forbidden", "websocket.receive"):
        assert step in talk, step
    for step in ("websocket.send", "websocket.close", "websocket.disconnect"):
        assert step in talk, step


def _diagrams(site, page: str) -> list[str]:
    mermaid = r'<pre class="mermaid"><code>(.*?)</code></pre>'
    return [html.unescape(d) for d in re.findall(mermaid, site.page(page), re.S)]


def test_sequence_diagrams_of_the_lifespan_conversation(site) -> None:
    sequences = [d for d in _diagrams(site, "part4") if "\nsequenceDiagram\n" in f"\n{d}"]
    drawn = "\n".join(sequences)
    for message in (
        "lifespan.startup",
        "lifespan.startup.complete",
        "lifespan.shutdown",
        "lifespan.shutdown.complete",
        "lifespan.startup.failed",
    ):
        assert f": {message}\n" in drawn + "\n", message


def test_the_middleware_onion_is_drawn_with_the_samples_layers(site) -> None:
    onion = next(d for d in _diagrams(site, "part5") if "subgraph" in d)
    layers = re.findall(r'subgraph \w+ \["([^"]+)"\]', onion)
    # Outermost first, as the sample nests them: AccessLog(App(middlewares=[Timer, ...])).
    assert [layer.split()[0] for layer in layers] == ["AccessLog", "App", "Timer", "RequireApiKey"]


# --- Offline ---------------------------------------------------------------------------------


def test_built_pages_reference_no_other_host(site) -> None:
    # The browser test proves this at run time; this catches it without a browser.
    remote = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)
    for page in site.path.rglob("*.html"):
        match = remote.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page.relative_to(site.path)}: {match and match[0]}"


def test_mermaid_is_loaded_by_exactly_the_pages_with_a_diagram(site) -> None:
    """3.5 MB of script: a page with no diagram does without it (and Material
    fetches it from no CDN, since it has nothing to draw)."""
    loads, draws = set(), set()
    for path in site.path.rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        url = path.parent.relative_to(site.path).as_posix()
        if re.search(r'<script src="(\.\./)*assets/javascripts/mermaid\.min\.js">', page):
            loads.add(url)
        if '<pre class="mermaid">' in page:
            draws.add(url)
    assert loads == draws == {
        *("asgi", "part1", "part3", "part3-bodies", "part4", "part5"),
        *("part6", "part6-handlers"),
        *("part7", "part7-websockets"),
    }


NOTEBOOKS = ("asgi-basics", *PARTS)


def test_notebooks_are_rendered_with_their_outputs(site) -> None:
    for name in NOTEBOOKS:
        page = site.page(f"notebooks/{name}")
        assert "jupyter-wrapper" in page
        assert "jp-OutputArea" in page, f"{name}: no stored outputs"
        assert "cdnjs" not in re.sub(r"<script type=\"module\">.*?</script>", "", page, flags=re.S)


# --- Errata ----------------------------------------------------------------------------------

ERRATUM_TEST = re.compile(r"^(?:async )?def (test_erratum_(\d\d)_\w+)\(", re.MULTILINE)
ERRATUM_ON_PAGE = re.compile(r"`(tests/[\w/]+\.py)::(test_erratum_(\d\d)_\w+)`")


def test_errata_page_names_exactly_the_real_regression_tests() -> None:
    real = {
        (str(path.relative_to(ROOT)), name)
        for path in (ROOT / "tests").rglob("test_*.py")
        for name, _ in ERRATUM_TEST.findall(path.read_text())
    }
    page = (DOCS / "errata.md").read_text()
    named = {(path, name) for path, name, _ in ERRATUM_ON_PAGE.findall(page)}
    assert named - real == set(), "on the page, but no such test"
    assert real - named == set(), "a regression test the page does not mention"


def test_errata_page_numbers_every_item_in_order_each_with_its_own_tests() -> None:
    page = (DOCS / "errata.md").read_text()
    sections = re.split(r"^## (\d+)\. ", page, flags=re.MULTILINE)[1:]
    numbers = [int(number) for number in sections[::2]]
    # Parts 1-3 give errata 1-17; the errata of Parts 4-5 continue the numbering.
    assert numbers == list(range(1, max(numbers) + 1)) and len(numbers) >= 17
    for number, body in zip(numbers, sections[1::2], strict=True):
        for label in ("What the series did", "Symptom", "What we do", "Regression test"):
            assert f"**{label}" in body, f"erratum {number} lacks {label}"
        tests = ERRATUM_ON_PAGE.findall(body)
        assert tests, f"erratum {number} names no test"
        assert {int(nn) for _, _, nn in tests} == {number}


# --- What a reader is told ---------------------------------------------------------------

READER_FILES = [*NARRATIVE_PAGES, ROOT / "README.md"]


def test_no_page_cites_a_document_readers_do_not_have(site) -> None:
    """The design notes ("SPEC") are not in the repository: no page, README line or
    Makefile comment may send a reader there."""
    sources = [*DOCS.rglob("*.md"), ROOT / "README.md", ROOT / "Makefile"]
    for path in sources:
        assert not re.search(r"\bSPEC\b", path.read_text()), path.relative_to(ROOT)
    for page in site.path.rglob("*.html"):
        text = re.sub(r"<script\b.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\bSPEC\b", text_of(text)), page.relative_to(site.path)


@pytest.mark.parametrize("path", READER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_samples_use_port_8001_and_the_site_8000(path) -> None:
    text = path.read_text()
    for line in text.splitlines():
        if "uvicorn part" in line:
            assert "--port 8001" in line, line
    # 8000 is the site's port: only its root is ever shown, never a sample's route.
    for address in re.findall(r"127\.0\.0\.1:8000\S*", text):
        assert address.rstrip(".,)`") == "127.0.0.1:8000", address


@pytest.mark.parametrize("path", READER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_diff_commands_show_new_files_whole(path) -> None:
    # `diff -ru` prints "Only in part2: api_router.py"; the pages show new files whole.
    for command in re.findall(r"diff -\w+", path.read_text()):
        assert "N" in command and "r" in command and "u" in command, (path.name, command)


def fastapi_entries(site) -> list[tuple[str, str, str]]:
    """(ours, FastAPI / Starlette, the difference) for each entry of the page's
    definition lists: a list per name, which stays readable on a phone."""
    page = site.page("fastapi")
    entries = []
    for term, definition in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", page, re.S):
        paragraphs = [
            " ".join(text_of(p).split()) for p in re.findall(r"<p>(.*?)</p>", definition, re.S)
        ]
        assert paragraphs[0].startswith("FastAPI / Starlette: "), paragraphs
        theirs = paragraphs[0].removeprefix("FastAPI / Starlette: ")
        entries.append((" ".join(text_of(term).split()), theirs, " ".join(paragraphs[1:])))
    return entries


def test_coming_from_fastapi_maps_our_names_to_fastapi_and_starlette(site) -> None:
    entries = fastapi_entries(site)
    for ours, theirs in [
        ("ApiRouter", "APIRouter"),
        ("include_routes", "include_router"),
        ("RequestData", "Request"),
        ("InvalidRequest", "HTTPException"),
        ("BaseHTTPResponse", "Response"),
        ("JsonResponse", "JSONResponse"),
        ("get_query_string_params", "request.query_params"),
        ("get_json_body", "await request.json()"),
        ("get_stream_body_bytes", "request.stream()"),
        ("max_body_size", "none"),
        ("App(lifespan=...)", "FastAPI(lifespan=...)"),
        ("get_state()", "request.state"),
        ("add_tasks", "BackgroundTasks.add_task"),
        ("create_task", "BackgroundTasks.add_task"),
        ("shutdown_timeout", "--timeout-graceful-shutdown"),
        ("BaseGlobalMiddleware", "BaseHTTPMiddleware"),
        ("BaseGlobalMiddleware", '@app.middleware("http")'),
        ("App(middlewares=", "Starlette(middleware=[...])"),
        ("App(middlewares=", "app.add_middleware"),
        ("call_next", "call_next"),
        # Parts 6 and 7.
        ("{user_id:int}", "the same two"),
        ("{rest:path}", "{rest:path}"),
        ("name and annotation", "Query()"),
        ("get_path_params", "request.path_params"),
        ("RequestValidationException", "RequestValidationError"),
        ("dataclass parameter", "pydantic model"),
        ("dataclass instance", "response_model="),
        ("status_code=201", "status_code=201"),
        ("dependency injection", "Depends()"),
        ("async def", "def handler"),
        ("most specific route", "first route declared"),
        ("StreamingResponse", "StreamingResponse"),
        ("EventStreamResponse", "EventSourceResponse"),
        ("ServerSentEvent", "fastapi.sse"),
        ("@api_router.websocket", "@app.websocket"),
        ("WebSocket: accept()", "WebSocket"),
        ("WebSocketDisconnect", "WebSocketDisconnect(code, reason)"),
        ("1011", "1006"),
        ("1003", "KeyError"),
        ("1008", "WebSocketRequestValidationError"),
    ]:
        # The first entry whose name holds ours; its first line is theirs.
        entry = next((e for e in entries if ours in e[0]), ("", "", ""))
        assert theirs in entry[1], (ours, theirs, entry)


def test_coming_from_fastapi_says_what_was_checked(site) -> None:
    """The four differences that were once wrong say what tests/docs/test_fastapi.py
    runs: per-request tasks after the response (def ones in a thread pool), the
    graceful-shutdown timeout, which middleware is outermost, and who sees 404s;
    and so does every difference of Parts 6 and 7, marked checked."""
    entries = {ours: difference for ours, _, difference in fastapi_entries(site)}

    def difference(name: str) -> str:
        return next(text for ours, text in entries.items() if name in ours)

    tasks = difference("add_tasks")
    for claim in (
        "a new BackgroundTasks for each request",
        "after the response has been sent, in the request's own asyncio task",
        "def task runs in a thread pool",
        "bounded pool of workers",
        "before the handler returns",
        "add_tasks never waits",
        "the response never waits",
    ):
        assert claim in tasks, claim
    assert "cancel" in difference("shutdown_timeout")
    assert "see 404s and 405s" in difference("BaseGlobalMiddleware")
    order = difference("App(middlewares=")
    assert "the first is the outermost" in order and "the last one added is the outermost" in order
    # Parts 6 and 7: each difference the page states, and that test_fastapi.py runs.
    for name, claims in {
        "{user_id:int}": ("a 404", "a 422"),
        "{rest:path}": ("/files/ is a 404 here and an empty rest there",),
        "name and annotation": ("ids: list[int] is the body there until Query()",),
        "get_path_params": ("{user_id} gives \"42\"",),
        "RequestValidationException": (
            *('"4.0"', '"1_000"', '" 7"', "t, y, f and n", "nan and inf"),
            *('"4" and true for an int', '"1.5" for a float', "exception handler"),
        ),
        "dataclass parameter": ("dataclass too", "each becomes a key of the body"),
        "dataclass instance": ("is left out", "nothing is filtered"),
        "async def": ("thread pool", "TypeError"),
        "most specific route": ("to the first", "FastAPI tries the next route", "405"),
        "StreamingResponse": ("below 2.4", "never calls aclose()", "whole body for HEAD"),
        "EventStreamResponse": ("as JSON", "x-accel-buffering: no", "15 quiet seconds"),
        "@api_router.websocket": ("a 403",),
        "WebSocket: accept()": ("iter_bytes()", "byte pairs", "websocket.headers"),
        "WebSocketDisconnect": ("with 1006", '"" by default here, None there'),
        "1011": ("1006", "answers 500"),
        "1003": ("KeyError", "JSONDecodeError", "1003, or 1007"),
        "1008": ("a 403", "the errors in the close's reason"),
    }.items():
        text = difference(name)
        for claim in claims:
            assert claim in text, (name, claim)
        assert "(checked)" in text, name


def test_home_shows_the_parts_and_links_the_fastapi_page() -> None:
    home = (DOCS / "index.md").read_text()
    assert "](fastapi.md)" in home
    # Every part's row links its page(s), and each link is a page that is there;
    # Parts 6 and 7 are labelled beyond the series, and link both of their pages.
    pages = {6: ("part6.md", "part6-handlers.md"), 7: ("part7.md", "part7-websockets.md")}
    for part in range(1, 8):
        row = next(line for line in home.splitlines() if re.match(rf"\| \[Part {part}\]", line))
        targets = re.findall(r"\]\(([^)#]+)", row)
        assert targets[0] == f"part{part}.md", row
        assert all((DOCS / target).is_file() for target in targets), row
        assert ("beyond the series" in row.lower()) == (part in pages), row
        assert set(pages.get(part, ())) <= set(targets), row
    assert not re.search(r"coming(?! from)", home[: home.index("## Five ways")], re.I)
    nav = yaml.dump(real_config()["nav"])
    assert "fastapi.md" in nav


@pytest.mark.parametrize(("page", "article"), PART_PAGES.items())
def test_each_part_page_links_the_article_it_follows(page, article) -> None:
    text = (DOCS / page).read_text()
    if article is None:  # beyond the series: it says so, and links no article
        assert '"Beyond the series"' in text and SERIES not in text
        return
    assert f"]({article})" in text
    for other in set(PART_PAGES.values()) - {article}:
        assert f"]({other})" not in text, other


# The page that ends each part.
LAST_PAGES = {
    "part1.md": 1,
    "part2.md": 2,
    "part3-bodies.md": 3,
    "part4-tasks.md": 4,
    "part5-asgi.md": 5,
    "part6-handlers.md": 6,
    "part7-websockets.md": 7,
}


@pytest.mark.parametrize(("page", "part"), LAST_PAGES.items())
def test_each_part_ends_with_its_exercises(page, part) -> None:
    sections = re.split(r"^## ", (DOCS / page).read_text(), flags=re.M)
    last = sections[-1]
    assert last.startswith("Exercises\n")
    assert f"(exercises.md#part-{part})" in last
    assert f"## Part {part}\n" in (DOCS / "exercises.md").read_text()


@pytest.mark.parametrize("page", LAST_PAGES)
def test_each_part_ends_with_run_it_a_recap_and_what_is_missing(page) -> None:
    headings = re.findall(r"^## (.+)$", (DOCS / page).read_text(), flags=re.M)
    assert headings[-4:] == ["Run it", "Recap", "What is still missing", "Exercises"]


def test_the_series_is_credited_and_linked_on_home() -> None:
    home = (DOCS / "index.md").read_text()
    assert "teod-sh" in home and "github.com/teod-sh/diy_asgi_framework" in home
    for suffix in ("", "-pt2", "-pt3", "-pt4", "-pt5"):
        assert f"]({SERIES}{suffix})" in home


# --- Notebook pages ----------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_table_of_contents_matches_its_headings(site, name) -> None:
    page = site.page(f"notebooks/{name}")
    toc = page[page.index('data-md-component="toc"') :]
    toc = toc[: toc.index("</nav>")]
    links = re.findall(
        r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">'
        r"(.*?)</span>",
        toc,
        flags=re.S,
    )
    headings = re.findall(r'<h[2-6] id="([^"]+)">(.*?)<a class="headerlink"', page, flags=re.S)
    assert links and [i for i, _ in links] == [i for i, _ in headings]
    for (_, in_toc), (_, heading) in zip(links, headings, strict=True):
        assert " ".join(text_of(in_toc).split()) == " ".join(text_of(heading).split())
    assert 'class="anchor-link"' not in page  # nbconvert's permalinks became Material's


def test_search_index_titles_have_no_pilcrow(site) -> None:
    index = json.loads((site.path / "search" / "search_index.json").read_text())
    titles = [doc["title"] for doc in index["docs"]]
    assert any("Part 3" in title for title in titles)
    assert [t for t in titles if "¶" in t] == []
