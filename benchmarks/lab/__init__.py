"""The "Make it faster" lab: speed-ups that left Part 3, kept as diffs.

Part 3 is written to be read. Each file NN-name.diff here is one change that
makes it execute fewer instructions per request at some cost to the lesson:
a second path splitter, a cache, a CPython internal, a helper inlined. The
steps apply in order, each on top of the ones before, to a copy of part3/
(never to part3/ itself):

    python -m benchmarks.lab                 # apply them all, count each step
    python -m benchmarks.lab --copy /tmp/faster --steps 2   # just make a copy

The count is valgrind's (see instructions.py): the instructions one
`GET /home` to the copy's sample app executes in process, after each step.
tests/benchmarks/test_lab.py checks that every step still applies to the
current part3/ and that the copy with every step passes Part 3's tests.

A diff is a plain unified diff against part3/ (`git apply` and `patch -p1`
take it too). To redo step N after part3/ changed: make two copies with the
first N-1 steps (`--copy A --steps N-1 --package part3`, the same into B),
edit B/part3, and write `diff -u` of each changed file, with the labels
a/part3/<file> and b/part3/<file>, into the step's file.
"""

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PART3 = ROOT / "part3"
FOLDER = Path(__file__).resolve().parent

# Each step's file (without .diff) and what it does, in the order they apply.
STEPS = {
    "01-walk-the-split": "Walk the path as it is split",
    "02-content-type-once": "Build each content type once",
    "03-no-circular-check": "No record of containers while encoding",
    "04-one-c-encoder": "Build the C encoder once",
    "05-request-data-slots": "`__slots__` on `RequestData`",
    "06-headers-in-one-list": "Build the headers as one list",
    "07-inline-route-path": "Route without calling `_route_path`",
}


class StepDoesNotApply(Exception):
    """A step's diff no longer matches the copy it is applied to."""


@dataclass
class _Hunk:
    start: int  # the first old line, 0-based
    old: list[str]
    new: list[str]


HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def path(step: str) -> Path:
    return FOLDER / f"{step}.diff"


def _target(label: str) -> str:
    """ "a/part3/router.py" -> "router.py": the file in the part's folder."""
    _, part, name = label.split("\t")[0].split("/", 2)
    if part != "part3" or "/" in name:
        raise StepDoesNotApply(f"{label}: not a file of part3/")
    return name


def parse(diff: str) -> dict[str, list[_Hunk]]:
    """The hunks of a unified diff, by file of part3/."""
    files: dict[str, list[_Hunk]] = {}
    hunks: list[_Hunk] = []
    lines = iter(diff.splitlines(keepends=True))
    for line in lines:
        if line.startswith("+++ "):
            hunks = files.setdefault(_target(line[4:].strip()), [])
        elif match := HUNK.match(line):
            old, new = (1 if n is None else int(n) for n in match.group(2, 3))
            hunk = _Hunk(max(int(match[1]) - 1, 0), [], [])
            while len(hunk.old) < old or len(hunk.new) < new:
                body = next(lines, "")
                body = " \n" if body == "\n" else body  # a stripped blank
                if body[:1] not in (" ", "-", "+"):
                    raise StepDoesNotApply(f"a short hunk: {line.strip()}")
                if body[0] in " -":
                    hunk.old.append(body[1:])
                if body[0] in " +":
                    hunk.new.append(body[1:])
            hunks.append(hunk)
    if not files:
        raise StepDoesNotApply("no file in the diff")
    return files


def _find(lines: list[str], hunk: _Hunk, start: int, after: int) -> int:
    """Where hunk's old lines are in lines, at or after `after`, nearest to
    start: as `git apply` does, context must match exactly, and the lines may
    have moved."""
    size = len(hunk.old)
    candidates = range(after, len(lines) - size + 1)
    for at in sorted(candidates, key=lambda at: abs(at - start)):
        if lines[at : at + size] == hunk.old:
            return at
    raise StepDoesNotApply


def apply(diff: str, folder: Path, name: str = "the diff") -> None:
    """Apply a diff of part3/ to the copy in folder, or raise StepDoesNotApply
    (and change nothing)."""
    patched = {}
    for filename, hunks in parse(diff).items():
        file = folder / filename
        if not file.is_file():
            raise StepDoesNotApply(f"{name}: {filename} is not in the copy")
        lines = file.read_text().splitlines(keepends=True)
        shift, after = 0, 0
        for number, hunk in enumerate(hunks, 1):
            try:
                at = _find(lines, hunk, hunk.start + shift, after)
            except StepDoesNotApply:
                raise StepDoesNotApply(
                    f"{name}: hunk {number} of {filename} (line "
                    f"{hunk.start + 1}) does not match: was part3/"
                    f"{filename} changed?"
                ) from None
            lines[at : at + len(hunk.old)] = hunk.new
            shift += at - hunk.start + len(hunk.new) - len(hunk.old)
            after = at + len(hunk.new)
        patched[file] = "".join(lines)
    for file, text in patched.items():
        file.write_text(text)


def build(folder: Path, package: str, steps: int | None = None) -> Path:
    """Copy part3/ into folder/package and apply the first `steps` steps (all
    of them by default), in order. Import it with folder on sys.path."""
    copy = folder / package
    shutil.copytree(PART3, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for step in list(STEPS)[:steps]:
        apply(path(step).read_text(), copy, f"{step}.diff")
    return copy


def run(requests: tuple[int, int] = (1_000, 3_000)) -> dict[str, Any]:
    """Instructions per request of Part 3's sample app in process, in a copy
    with no step, then after each step: {"per_request": {step: count}}."""
    from .. import instructions  # valgrind: only when counting

    with tempfile.TemporaryDirectory() as folder:
        apps = {}
        for count, step in enumerate(["part3", *STEPS]):
            package = f"part3_step{count}"
            build(Path(folder), package, count)
            apps[step] = f"{package}.sample:app"
        counted = instructions.run(
            {"inprocess": list(apps.values())}, requests, path=(folder,)
        )
    per_request = counted["per_request"]["inprocess"]
    return {
        "requests": list(requests),
        "per_request": {step: per_request[app] for step, app in apps.items()},
    }
