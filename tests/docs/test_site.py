"""The tutorial site: a strict build, code only from the part folders, generated pages."""

import difflib
import html
import importlib
import re

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.docs.conftest import ROOT
from tools.symbol_snippets import symbol_lines

# Every test here that builds or reads the site runs on one xdist worker, which
# builds the site once (see conftest.py).
pytestmark = pytest.mark.xdist_group("site")

DOCS = ROOT / "docs"
PARTS = ("part1", "part2", "part3")
# The pages this issue owns; conformance.md and performance.md are generated elsewhere.
NARRATIVE_PAGES = sorted(
    p for p in DOCS.rglob("*.md") if p.name not in {"conformance.md", "performance.md"}
)
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
    assert {"part1", "part2", "part3", "notebooks"} <= set(config["watch"])
    extensions = {
        name: options
        for item in config["markdown_extensions"]
        for name, options in (item.items() if isinstance(item, dict) else [(item, {})])
    }
    assert extensions["pymdownx.snippets"]["check_paths"] is True
    assert extensions["pymdownx.snippets"]["base_path"] == ["."]
    assert "admonition" in extensions
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
        ('--8<-- "part1/router.py:NoSuchSymbol"', "has no symbol 'NoSuchSymbol'"),
        ('--8<-- "part1/router.py:Router.nope"', "has no symbol 'Router.nope'"),
        ('--8<-- "part1/no_such_file.py:App"', "no file"),
        ('--8<-- "part1/no_such_file.py"', "Snippet"),
    ],
    ids=["control", "run", "missing-symbol", "missing-method", "missing-file", "whole-file"],
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
    if outcome.startswith(("class", "def")):
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
        if language in {"sh", "mermaid"}:
            continue
        assert len(body) == 1 and SNIPPET.match(body[0]), f"{page.name}: pasted {info!r} block"


def test_every_module_of_every_part_appears_through_a_snippet() -> None:
    included = {path for page in NARRATIVE_PAGES for _, path, _ in snippets_of(page)}
    modules = {f"{part}/{path.name}" for part in PARTS for path in (ROOT / part).glob("*.py")}
    assert modules - included == set()


def test_snippets_render_code_without_section_markers(site) -> None:
    page = site.page("part3")
    assert '<span class="filename">part3/router.py</span>' in page
    assert "def get_route" in text_of(page)
    assert "8&lt;" not in page and "[start:" not in page


# --- What changed ----------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [("part1", "part2"), ("part2", "part3")])
def test_diff_pages_match_difflib(site, old, new) -> None:
    expected = {}
    names = sorted({p.name for part in (old, new) for p in (ROOT / part).glob("*.py")})
    for name in names:
        a, b = (ROOT / old / name, ROOT / new / name)
        before = a.read_text().splitlines(keepends=True) if a.exists() else []
        after = b.read_text().splitlines(keepends=True) if b.exists() else []
        fromfile = f"{old}/{name}" if a.exists() else "/dev/null"
        tofile = f"{new}/{name}" if b.exists() else "/dev/null"
        diff = "".join(difflib.unified_diff(before, after, fromfile=fromfile, tofile=tofile))
        if diff:
            expected[f"{fromfile} → {tofile}"] = diff

    page = site.page(f"changes/{old}-to-{new}")
    blocks = re.findall(
        r'<div class="language-diff highlight"><span class="filename">(.*?)</span>'
        r"<pre>.*?<code>(.*?)</code></pre>",
        page,
        re.DOTALL,
    )
    rendered = {html.unescape(title): text_of(code) for title, code in blocks}
    assert list(rendered) == list(expected)  # one block per changed file, in order
    for title, diff in expected.items():
        # Markdown turns a line of only spaces (a blank context line) into an empty
        # line, and drops empty lines at the end of a code block: compare without
        # trailing whitespace, which is the only difference it makes.
        assert _without_trailing_spaces(rendered[title]) == _without_trailing_spaces(diff), title


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n")


def test_added_files_are_shown_whole(site) -> None:
    page = text_of(site.page("changes/part2-to-part3"))
    for line in (ROOT / "part3" / "exceptions.py").read_text().splitlines():
        assert f"+{line}" in page


# --- Pictures --------------------------------------------------------------------------------


def test_route_tree_is_drawn_from_the_real_router(site) -> None:
    router = importlib.import_module("part3.sample").app.router
    expected = []

    def walk(node, path):
        methods = " · ".join(str(m) for m in node.routes or {})
        expected.append(f"{path or '/'}<br/>{methods or 'no routes'}")
        for segment, child in node.children.items():
            walk(child, f"{path}/{segment}")

    walk(router._root, "")
    mermaid = r'<pre class="mermaid"><code>(.*?)</code></pre>'
    diagrams = re.findall(mermaid, site.page("part3"), re.S)
    tree = next(html.unescape(d) for d in diagrams if "flowchart LR" in html.unescape(d))
    labels = re.findall(r'\["(.*?)"\]', tree)
    assert labels == expected
    assert "/about/careers<br/>GET · POST" in labels


def test_sequence_diagram_of_the_http_conversation(site) -> None:
    page = html.unescape(site.page("asgi"))
    assert "sequenceDiagram" in page
    for message in ("http.request", "http.response.start", "http.response.body"):
        assert message in page


# --- Offline ---------------------------------------------------------------------------------


def test_built_pages_reference_no_other_host(site) -> None:
    # The browser test proves this at run time; this catches it without a browser.
    remote = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)
    for page in site.path.rglob("*.html"):
        match = remote.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page.relative_to(site.path)}: {match and match[0]}"


def test_notebooks_are_rendered_with_their_outputs(site) -> None:
    for name in ("asgi-basics", "part1", "part2", "part3"):
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


def test_errata_page_has_the_seventeen_items_each_with_its_own_tests() -> None:
    page = (DOCS / "errata.md").read_text()
    sections = re.split(r"^## (\d+)\. ", page, flags=re.MULTILINE)[1:]
    numbers = [int(number) for number in sections[::2]]
    assert numbers == list(range(1, 18))
    for number, body in zip(numbers, sections[1::2], strict=True):
        for label in ("What the series did", "Symptom", "What we do", "Regression test"):
            assert f"**{label}" in body, f"erratum {number} lacks {label}"
        tests = ERRATUM_ON_PAGE.findall(body)
        assert tests, f"erratum {number} names no test"
        assert {int(nn) for _, _, nn in tests} == {number}
