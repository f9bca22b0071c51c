"""MkDocs hook: write generated content into pages, from the real code, at build time.

A page asks for generated content with one line of its own:

    <!-- site:diff part1 part2 -->          the per-file diff between two part folders
    <!-- site:route-tree part3.sample -->   a Mermaid picture of that module's `app.router`

An unknown directive, or a folder that does not exist, fails the build.
"""

import difflib
import importlib
import json
import pathlib
import re
import subprocess
import sys

from mkdocs.exceptions import PluginError

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"^<!-- site:(?P<name>[a-z-]+) (?P<args>[^>]*?) -->$", re.MULTILINE)


def on_page_markdown(markdown, page, config, files):
    """Replace each directive line with the Markdown it stands for."""

    def expand(match: re.Match) -> str:
        name, args = match["name"], match["args"].split()
        if name == "diff" and len(args) == 2:
            return diff_markdown(*args)
        if name == "route-tree" and len(args) == 1:
            return route_tree_markdown(args[0])
        raise PluginError(f"{page.file.src_uri}: unknown directive {match[0]!r}")

    return DIRECTIVE.sub(expand, markdown)


# --- What changed ---------------------------------------------------------------------


def part_files(folder: str) -> dict[str, list[str]]:
    """The lines of every module in a part folder, by file name."""
    path = ROOT / folder
    if not path.is_dir():
        raise PluginError(f"no folder {folder!r} to diff")
    return {p.name: p.read_text().splitlines(keepends=True) for p in sorted(path.glob("*.py"))}


def diff_markdown(old: str, new: str) -> str:
    """One section per file: a summary table, then each changed or added file's diff."""
    before, after = part_files(old), part_files(new)
    rows, sections, unchanged = [], [], []
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name, []), after.get(name, [])
        if a == b:
            unchanged.append(name)
            continue
        status = "added" if name not in before else "removed" if name not in after else "changed"
        fromfile = f"{old}/{name}" if name in before else "/dev/null"
        tofile = f"{new}/{name}" if name in after else "/dev/null"
        diff = "".join(difflib.unified_diff(a, b, fromfile=fromfile, tofile=tofile))
        added = sum(1 for line in diff.splitlines() if line[:1] == "+" and line[:3] != "+++")
        removed = sum(1 for line in diff.splitlines() if line[:1] == "-" and line[:3] != "---")
        rows.append(f"| [`{name}`](#{_anchor(name)}) | {status} | +{added} | -{removed} |")
        note = "A new file, shown whole." if status == "added" else ""
        sections.append(
            f"## `{name}` ({status}) {{#{_anchor(name)}}}\n\n{note}\n\n"
            f'````diff title="{fromfile} → {tofile}"\n{diff}````\n'
        )
    table = "| File | Status | Lines added | Lines removed |\n|---|---|---|---|\n" + "\n".join(rows)
    same = ", ".join(f"`{name}`" for name in unchanged) or "none"
    summary = f"{table}\n\nUnchanged, byte for byte: {same}.\n"
    return summary + "\n" + "\n".join(sections)


def _anchor(name: str) -> str:
    return "file-" + name.removesuffix(".py").replace("_", "-")


# --- The route tree ---------------------------------------------------------------------


def route_tree_markdown(module: str) -> str:
    """A Mermaid flowchart of module's `app.router`, computed in a fresh interpreter.

    A subprocess imports the current code every time, so `mkdocs serve` never shows
    a stale tree from a module imported by an earlier build.
    """
    result = subprocess.run(
        [sys.executable, __file__, module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise PluginError(f"cannot draw the route tree of {module}:\n{result.stderr}")
    return f"```mermaid\n{result.stdout}```\n"


def route_tree(router) -> list[tuple[int | None, str, list[str]]]:
    """Walk the trie depth-first, root first: (parent index, path, methods) per node.

    Only the methods that have a route count: a node that merely leads to
    deeper routes has none.
    """
    found: list[tuple[int | None, str, list[str]]] = []

    def walk(node, parent: int | None, path: str) -> None:
        routes = node.routes or {}
        methods = [str(method) for method, route in routes.items() if route is not None]
        found.append((parent, path or "/", methods))
        index = len(found) - 1
        for segment, child in node.children.items():
            walk(child, index, f"{path}/{segment}")

    walk(router._root, None, "")
    return found


def mermaid_flowchart(router) -> str:
    """The trie as a left-to-right flowchart: one box per node, its methods underneath."""
    lines = ["flowchart LR"]
    for index, (parent, path, methods) in enumerate(route_tree(router)):
        label = json.dumps(f"{path}<br/>{' · '.join(methods) or 'no routes'}", ensure_ascii=False)
        lines.append(f"    n{index}[{label}]")
        if parent is not None:
            lines.append(f"    n{parent} --> n{index}")
        if not methods:
            lines.append(f"    class n{index} empty")
    lines.append("    classDef empty stroke-dasharray: 4 4")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    app = importlib.import_module(sys.argv[1]).app
    sys.stdout.write(mermaid_flowchart(app.router))
