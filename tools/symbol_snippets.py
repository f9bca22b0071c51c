"""A Python-Markdown extension: include code from a Python file by symbol name.

A page names what it shows, and this extension turns the name into the lines
of the real file, for pymdownx.snippets to include:

    --8<-- "part3/app.py:App._handle_http"          a method
    --8<-- "part3/types.py:StatusCode"              a module-level name
    --8<-- "part3/request_data.py:RequestData.__init__..RequestData.get_headers"

The last form is a run: from the start of the first symbol to the end of the
second. A call made at module level, such as `logging.basicConfig(...)`, is
named by the function it calls: `"part3/sample.py:basicConfig"`. A symbol's
lines include its decorators and the comment lines right above it, since
those say why it exists. Whole files (`"part3/app.py"`) and
line ranges (`"part3/app.py:10:20"`) pass through unchanged. An unknown file
or symbol stops the build with a message that names the page's line.

It is a Markdown extension rather than an MkDocs hook, so it keeps working
under any tool that runs Python-Markdown extensions. It runs just before
snippets (priority 33 against snippets' 32).
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

INCLUDE = re.compile(
    r"""^(?P<before>[ \t]*-+8<-+[ \t]+)(?P<quote>["'])"""
    r"""(?P<path>[^"':]+\.py):(?P<symbols>[A-Za-z_][\w.]*)(?P=quote)[ \t]*$"""
)
Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef  # a symbol with a body
Symbol = Scope | ast.Assign | ast.AnnAssign | ast.Expr


class SymbolNotFound(Exception):
    """A page asked for a file or a symbol that does not exist."""


@dataclass(frozen=True)
class Lines:
    """A 1-based, inclusive range of lines of a file."""

    start: int
    end: int


def symbol_lines(path: Path, name: str) -> Lines:
    """The lines of `name` (dotted, such as "App.__call__", or a run "A..B") in path."""
    if not path.is_file():
        raise SymbolNotFound(f"no file {path}")
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    first, _, last = name.partition("..")
    start = _find(tree, first, path)
    end = _find(tree, last, path) if last else start
    lines = Lines(_first_line(start, source.splitlines()), _last_line(end))
    if lines.end < lines.start:
        raise SymbolNotFound(f"{path}: {last} comes before {first}")
    return lines


def _find(tree: ast.Module, dotted: str, path: Path) -> Symbol:
    body: list[ast.stmt] = tree.body
    node: Symbol | None = None
    for part in dotted.split("."):
        node = next((n for n in body if part in _names(n)), None)
        if node is None:
            raise SymbolNotFound(f"{path} has no symbol {dotted!r}")
        body = node.body if isinstance(node, Scope) else []
    assert node is not None  # dotted is never empty: the pattern requires a name
    return node


def _names(node: ast.stmt) -> list[str]:
    if isinstance(node, Scope):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        called = node.value.func  # logging.basicConfig(...) is "basicConfig"
        if isinstance(called, ast.Attribute):
            return [called.attr]
        if isinstance(called, ast.Name):
            return [called.id]
    return []


def _first_line(node: Symbol, lines: list[str]) -> int:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    while start > 1 and lines[start - 2].lstrip().startswith("#"):
        start -= 1  # the comment right above says why the symbol exists
    return start


def _last_line(node: Symbol) -> int:
    assert node.end_lineno is not None  # ast.parse always sets it
    return node.end_lineno


class SymbolPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, base_path: Path) -> None:
        super().__init__(md)
        self.base_path = base_path

    def run(self, lines: list[str]) -> list[str]:
        result = []
        for number, line in enumerate(lines, start=1):
            match = INCLUDE.match(line)
            if match:
                try:
                    found = symbol_lines(self.base_path / match["path"], match["symbols"])
                except SymbolNotFound as exc:
                    raise SymbolNotFound(f"line {number}: {exc}") from None
                quote = match["quote"]
                line = f"{match['before']}{quote}{match['path']}:{found.start}:{found.end}{quote}"
            result.append(line)
        return result


class SymbolSnippetsExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {"base_path": [".", "Folder that the included paths are relative to"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        base_path = Path(str(self.getConfig("base_path")))
        md.preprocessors.register(SymbolPreprocessor(md, base_path), "symbol_snippets", 33)


def makeExtension(**kwargs: object) -> SymbolSnippetsExtension:
    return SymbolSnippetsExtension(**kwargs)
