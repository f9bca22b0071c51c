"""A Python-Markdown extension: pages computed from the real code when the site is built.

A page asks for generated content with one line of its own:

    <!-- site:diff part1 part2 -->          `diff -ruN part1 part2`, one section per file
    <!-- site:route-tree part3.sample -->   a Mermaid picture of that module's `app.router`
    <!-- site:route-tree part5.sample:framework -->
                                            the same for `framework.router` (a module
                                            whose `app` wraps its App in middleware)

A route tree draws each node's segment and methods; a literal segment is in quotes
("users"), a parameter is drawn as its template declares it ({user_id:int}), with a
thicker border.

The line is replaced by Markdown (tables, fenced diffs, a Mermaid fence) that the
other extensions then render. An unknown directive, a folder that does not exist or
a module that cannot be imported stops the build with a message naming the line.

It is a Markdown extension rather than an MkDocs hook, so that it keeps working under
any tool that runs Python-Markdown extensions. It runs after snippets (priority 31.5
against snippets' 32) and before fenced code blocks are parsed.
"""

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"^<!-- site:(?P<name>[a-z-]+) (?P<args>[^>]*?) -->$")


class DirectiveError(Exception):
    """A page asked for generated content that cannot be made."""


# --- What changed ----------------------------------------------------------------------

DIFF_COMMAND = ["diff", "-ruN", "-x", "__pycache__"]


def run_diff(old: str, new: str) -> dict[str, list[str]]:
    """The output of `diff -ruN -x __pycache__ old new`, split by file name.

    The dates at the end of the `---` and `+++` lines are dropped: they change with
    every checkout and say nothing about the code.
    """
    for folder in (old, new):
        if not (ROOT / folder).is_dir():
            raise DirectiveError(f"no folder {folder!r} to diff")
    try:
        result = subprocess.run(
            [*DIFF_COMMAND, old, new], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
    except FileNotFoundError:
        raise DirectiveError("the `diff` command is not installed") from None
    if result.returncode > 1:  # 0: same, 1: different, 2: trouble
        raise DirectiveError(f"diff failed: {result.stderr}")
    files: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("diff "):
            name = line.rsplit("/", 1)[-1]
            files[name] = []
        elif line.startswith(("--- ", "+++ ")):
            files[name].append(line.split("\t", 1)[0])
        else:
            files[name].append(line)
    return files


def diff_markdown(old: str, new: str) -> str:
    """A summary table, then one section per changed, added or removed file.

    New files are shown whole, as `diff -N` prints them.
    """
    diffs = run_diff(old, new)
    names = sorted({p.name for folder in (old, new) for p in (ROOT / folder).glob("*.py")})
    rows, sections = [], []
    for name, lines in diffs.items():
        in_old, in_new = (ROOT / old / name).exists(), (ROOT / new / name).exists()
        status = "changed" if in_old and in_new else "added" if in_new else "removed"
        body = lines[2:]  # after the --- and +++ lines
        added = sum(1 for line in body if line.startswith("+"))
        removed = sum(1 for line in body if line.startswith("-"))
        rows.append(f"| [`{name}`](#{_anchor(name)}) | {status} | +{added} | -{removed} |")
        note = "A new file, shown whole." if status == "added" else ""
        diff = "\n".join(lines)
        sections.append(
            f"## `{name}` ({status}) {{#{_anchor(name)}}}\n\n{note}\n\n"
            f'````diff title="{old}/{name} → {new}/{name}"\n{diff}\n````\n'
        )
    table = "| File | Status | Lines added | Lines removed |\n|---|---|---|---|\n" + "\n".join(rows)
    same = ", ".join(f"`{name}`" for name in names if name not in diffs) or "none"
    summary = f"{table}\n\nUnchanged, byte for byte: {same}.\n"
    return summary + "\n" + "\n".join(sections)


def _anchor(name: str) -> str:
    return "file-" + name.removesuffix(".py").replace("_", "-")


# --- The route tree ----------------------------------------------------------------------


def route_tree_markdown(module: str) -> str:
    """A Mermaid flowchart of module's `app.router`, computed in a fresh interpreter.

    `module:name` draws `name.router` instead: Part 5's sample serves its App inside
    an ASGI middleware, so its `app` has no router of its own.

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
        raise DirectiveError(f"cannot draw the route tree of {module}:\n{result.stderr}")
    return f"```mermaid\n{result.stdout}```\n"


def route_tree(router: Any) -> list[tuple[int | None, str | None, list[str]]]:
    """Walk the trie depth-first, root first: (parent index, segment, methods) per node.

    The root has no segment (None). Only the methods that have a route count: a
    node that merely leads to deeper routes has none. From Part 6 on, a node may
    also have a parameter child (`node.param`): it comes after the static children,
    as the router tries it, and its segment is the template's, such as
    "{user_id:int}" (a parameter with the default converter is "{user_id}").
    """
    found: list[tuple[int | None, str | None, list[str]]] = []

    def walk(node: Any, parent: int | None, segment: str | None) -> None:
        routes = node.routes or {}
        methods = [str(method) for method, route in routes.items() if route is not None]
        found.append((parent, segment, methods))
        index = len(found) - 1
        for child_segment, child in node.children.items():
            walk(child, index, child_segment)
        param = getattr(node, "param", None)
        if param is not None:
            walk(param.node, index, parameter_segment(param.name, param.converter))

    walk(router._root, None, None)
    return found


def parameter_segment(name: str, converter: str) -> str:
    """The segment of a route template that declares this parameter."""
    return f"{{{name}}}" if converter == "str" else f"{{{name}:{converter}}}"


def is_parameter(segment: str | None) -> bool:
    return segment is not None and segment.startswith("{") and segment.endswith("}")


def node_label(segment: str | None, methods: list[str]) -> str:
    """Two lines: the node's segment in quotes (or "root"), then its methods. A
    parameter is not a literal segment: it has no quotes, "{user_id:int}"."""
    if segment is None:
        name = "root"
    elif is_parameter(segment):
        name = segment
    else:
        name = f"#quot;{segment}#quot;"
    return f"{name}<br/>{' · '.join(methods) or 'no routes'}"


# A tree with more than this many nodes on one level is drawn left to right, with
# compact boxes: top down, it would be too wide for a 390 px phone.
WIDEST_LEVEL_TOP_DOWN = 3
COMPACT_LEFT_TO_RIGHT = """---
config:
  flowchart:
    padding: 8
    rankSpacing: 30
---
flowchart LR"""


def mermaid_flowchart(router: Any) -> str:
    """The trie, one box per node: top down (narrow enough for a phone), or left to
    right for a tree with many nodes on one level."""
    nodes = route_tree(router)
    depth = [0] * len(nodes)
    for index, (parent, _segment, _methods) in enumerate(nodes):
        if parent is not None:
            depth[index] = depth[parent] + 1
    widest = max(depth.count(level) for level in set(depth))
    lines = ["flowchart TD" if widest <= WIDEST_LEVEL_TOP_DOWN else COMPACT_LEFT_TO_RIGHT]
    for index, (parent, segment, methods) in enumerate(nodes):
        label = json.dumps(node_label(segment, methods), ensure_ascii=False)
        lines.append(f"    n{index}[{label}]")
        if parent is not None:
            lines.append(f"    n{parent} --> n{index}")
        if not methods:
            lines.append(f"    class n{index} empty")
        if is_parameter(segment):
            lines.append(f"    class n{index} param")
    lines.append("    classDef empty stroke-dasharray: 4 4")
    if any(is_parameter(segment) for _parent, segment, _methods in nodes):
        lines.append("    classDef param stroke-width: 3px")
    return "\n".join(lines) + "\n"


# --- The extension ------------------------------------------------------------------------


def expand(name: str, args: list[str]) -> str:
    if name == "diff" and len(args) == 2:
        return diff_markdown(*args)
    if name == "route-tree" and len(args) == 1:
        return route_tree_markdown(args[0])
    raise DirectiveError(f"unknown directive site:{name} {' '.join(args)}")


class DirectivePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        for number, line in enumerate(lines, start=1):
            match = DIRECTIVE.match(line.strip())
            if match is None:
                result.append(line)
                continue
            try:
                generated = expand(match["name"], match["args"].split())
            except DirectiveError as exc:
                raise DirectiveError(f"line {number}: {exc}") from None
            result.extend(["", *generated.splitlines(), ""])
        return result


class SiteDirectivesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(DirectivePreprocessor(md), "site_directives", 31.5)


def makeExtension(**kwargs: object) -> SiteDirectivesExtension:
    return SiteDirectivesExtension(**kwargs)


def framework_app(target: str) -> Any:
    """The object named by "module" (its `app`) or "module:name"."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name or "app")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(mermaid_flowchart(framework_app(sys.argv[1]).router))
