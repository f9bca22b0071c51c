"""Run the exercises' tests with pytest, in this process, and report.

`check()` runs every exercise's tests against its starter as committed in
git (some must fail) and against its solution (all must pass). `run()` runs
the tests of some exercises against one target, and `explain()` says, test
by test, what still fails. The exercises are found by folder:
exercises/partN/NN-slug/.
"""

import io
import os
import pprint
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import exercises

FOLDER = Path(__file__).resolve().parent
REPO = FOLDER.parent
DIFFICULTIES = ("easy", "medium", "stretch")
_DIFFICULTY = re.compile(r"\*\*Difficulty:\*\*\s*(\w+)")
_PLACE = re.compile(r"(\S+\.py):(\d+): in ")  # a traceback line
# A failed == shows what the test expected and what it got, in full, on
# lines that start with these labels (see _Collector.pytest_assertrepr_compare).
_LABELS = ("expected: ", "got:      ")
_LABEL_WIDTH = len(_LABELS[0])


@dataclass(frozen=True)
class Exercise:
    """One exercise folder, with what its README says about it."""

    name: str  # "part1/01-head-requests"
    folder: Path
    title: str
    difficulty: str

    @property
    def test_files(self) -> list[Path]:
        return sorted(self.folder.glob("test_*.py"))


def discover() -> list[Exercise]:
    """Every exercises/partN/NN-slug/ folder, in order."""
    folders = sorted(
        path
        for path in FOLDER.glob("part*/[0-9][0-9]-*")
        if path.is_dir() and not path.name.startswith(".")
    )
    return [read_exercise(folder) for folder in folders]


def find(name: str) -> Exercise:
    """The exercise called name ("part2/01-path-params"), or a clear error."""
    found = {exercise.name: exercise for exercise in discover()}
    if name.strip("/") in found:
        return found[name.strip("/")]
    names = ", ".join(found)
    raise LookupError(f"No exercise {name!r}. The exercises are: {names}")


def read_exercise(folder: Path) -> Exercise:
    """The exercise in folder, with the title and difficulty of its README
    ("# Title" and "**Difficulty:** easy"); "" for what it does not say."""
    readme = folder / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    title = next(
        (line[2:].strip() for line in text.splitlines() if line[:2] == "# "),
        "",
    )
    match = _DIFFICULTY.search(text)
    return Exercise(
        name=f"{folder.parent.name}/{folder.name}",
        folder=folder,
        title=title,
        difficulty=match[1] if match else "",
    )


@dataclass
class Outcome:
    """How one test went against one target."""

    path: Path  # the test file
    sentence: str  # the test's docstring, or its name
    passed: bool = True
    message: str = ""  # why it failed, in a line or two


@dataclass
class Run:
    """What an exercise's tests did against one target."""

    exercise: Exercise
    target: str
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # could not even run
    # Why the check read this starter from disk, and not as committed in
    # git ("" when it did not, or for a run of the reader's own files).
    from_disk: str = ""

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.passed]


class _Collector:
    """A pytest plugin that keeps each test's outcome and docstring, and
    what could not be collected."""

    def __init__(self) -> None:
        self.outcomes: dict[pytest.Item, Outcome] = {}
        self.errors: list[tuple[Path, str]] = []

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            doc = getattr(getattr(item, "obj", None), "__doc__", None)
            # The docstring's first paragraph, on one line.
            sentence = " ".join(doc.split("\n\n")[0].split()) if doc else ""
            self.outcomes[item] = Outcome(item.path, sentence or item.name)

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        if report.failed:
            self.errors.append((collector.path, _why(report)))
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        outcome = self.outcomes[item]
        if outcome.passed and not report.passed:
            outcome.passed = False
            outcome.message = _why(report)
        return report

    def pytest_assertrepr_compare(
        self, op: str, left: object, right: object
    ) -> list[str] | None:
        """A failed == whose values do not fit on a short line: what the test
        expected and what it got, each in full (the exercises' tests write
        what they got on the left of ==, and what they expect on the right).
        Short values keep pytest's own line, "assert 404 == 405"."""
        if op != "==" or left == right:  # a true == inside an and/or
            return None
        got, expected = _pformat(left), _pformat(right)
        if "\n" in got + expected or len(got) + len(expected) > 70:
            brief = f"{_brief(left)} == {_brief(right)}"
            return [brief, *_labelled(0, expected), *_labelled(1, got)]
        return None


def _pformat(value: object) -> str:
    return pprint.pformat(value, width=80)


def _brief(value: object) -> str:
    """A value's repr cut to one short line: its full text follows."""
    text = repr(value)
    return text if len(text) <= 30 else f"{text[:13]}...{text[-13:]}"


def _labelled(label: int, text: str) -> list[str]:
    """text after one of _LABELS, its lines aligned under the first."""
    first, *rest = text.splitlines()
    indent = " " * _LABEL_WIDTH
    return [_LABELS[label] + first, *(indent + line for line in rest)]


def _why(report: pytest.CollectReport | pytest.TestReport) -> str:
    """A failure's message in a few lines, no traceback: a failed comparison
    of long values with the whole of what was expected and what came."""
    if report.skipped:
        return "skipped: an exercise's test never skips"
    longrepr: Any = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is None:  # a collection error: pytest's "E" lines say what
        text = str(longrepr).splitlines()
        errors = [line[4:] for line in text if line.startswith("E ")]
        places = [_where(*m.groups()) for m in map(_PLACE.match, text) if m]
        where = [place for place in places if place][-1:]
        return "\n".join(errors[-5:] or text[-1:]) + "".join(where)
    message = crash.message.strip().removeprefix("AssertionError: ")
    first, *rest = message.splitlines() or [""]
    lines = [first] if first.strip() else []  # an assert's message, or not
    # Our explanation of a failed == (above): each labelled value, with the
    # lines under it (pytest indents them all by two columns).
    full: list[str] = []
    for line in rest:
        if line[2:].startswith(_LABELS) or (
            full and line[2:].startswith(" " * _LABEL_WIDTH)
        ):
            full.append(line[2:])
    # Else pytest explains a failed assert in the lines after; one that
    # starts with a word ("At index 1 diff: ...") helps. Its diffs ("- ",
    # "+ ") and "where" lines repeat whole objects, and a line that ends in
    # ":" is only a heading for them.
    after = [line.strip() for line in rest if line.strip()][:1]
    lines += full or [
        line
        for line in after
        if line[:1].isalpha()
        and not line.startswith("Full diff")
        and not line.endswith(":")
    ]
    return "\n".join(lines) + _where(crash.path, crash.lineno)


def _where(path: str, line: int | str) -> str:
    """A line that says where in a starter (or solution) a failure was
    raised, "(raised at starter/router.py:14)"; "" for anywhere else."""
    file = Path(path)
    if file.parent.name not in exercises.TARGETS:
        return ""
    return f"\n(raised at {file.parent.name}/{file.name}:{line})"


def run(chosen: list[Exercise], target: str) -> list[Run]:
    """Run the tests of chosen against target ("starter" or "solution"),
    in one pytest session in this process."""
    collector = _Collector()
    files = [str(path) for exercise in chosen for path in exercise.test_files]
    if files:
        _pytest(
            files, target, [exercise.folder for exercise in chosen], collector
        )
    runs = []
    for exercise in chosen:
        outcomes = [
            outcome
            for outcome in collector.outcomes.values()
            if outcome.path.is_relative_to(exercise.folder)
        ]
        errors = [
            message
            for path, message in collector.errors
            if path.is_relative_to(exercise.folder)
        ]
        if not exercise.test_files:
            errors.append("it has no test_*.py file")
        runs.append(Run(exercise, target, outcomes, errors))
    return runs


# pytest, as the exercises run it: in this process, with the project's
# settings, and assertion explanations never cut short (-vv's level).
_PYTEST = [
    f"--config-file={REPO / 'pyproject.toml'}",
    f"--rootdir={REPO}",
    *("-p", "no:cacheprovider", "-n", "0"),
    "--import-mode=importlib",
    *("-o", "verbosity_assertions=2"),
]


def _pytest(
    files: list[str], target: str, folders: list[Path], collector: _Collector
) -> None:
    """One quiet pytest session over files, with the project's settings."""
    args = [
        *files,
        *_PYTEST,
        "--timeout=0",
        "--tb=line",  # only the crash line is used: skip the rest
        "--continue-on-collection-errors",
    ]
    output = io.StringIO()  # pytest's own report: shown only if it breaks
    with _loading(target, folders), redirect_stdout(output):
        code = pytest.main(args, plugins=[collector])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest stopped ({code!r}):\n{output.getvalue()}")


def report(exercise: Exercise, target: str) -> int:
    """pytest's own full report (-vv) of exercise's tests against target,
    for `make exercise NAME=... VERBOSE=1`; pytest's exit status."""
    files = [str(path) for path in exercise.test_files]
    with _loading(target, [exercise.folder]):
        return int(pytest.main([*files, *_PYTEST, "-vv"]))


@contextmanager
def _loading(target: str, folders: list[Path]) -> Iterator[None]:
    """Make `exercises.load` import from target, and afterwards forget every
    module from folders, so that the next run imports the files afresh."""
    previous = exercises.target
    exercises.target = target
    try:
        yield
    finally:
        exercises.target = previous
        copies = exercises.read_from.values()  # see committed()
        inside = tuple(f"{folder}{os.sep}" for folder in [*folders, *copies])
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if file and file.startswith(inside):
                del sys.modules[name]


@dataclass
class Verdict:
    """Whether an exercise is checked both ways: its starter fails some of
    its tests, and its solution passes all of them."""

    starter: Run
    solution: Run

    @property
    def problems(self) -> list[str]:
        """What is wrong with the exercise; [] when it is sound."""
        exercise = self.starter.exercise
        problems = []
        if exercise.difficulty not in DIFFICULTIES:
            problems.append(
                f"its README has no **Difficulty:** {DIFFICULTIES}"
            )
        for run in (self.starter, self.solution):
            problems += [f"{run.target}: {error}" for error in run.errors]
        if not self.solution.outcomes:
            problems.append("no test ran")
        elif not self.starter.errors and not self.starter.failed:
            problems.append("the starter passes every test: nothing to do")
        for outcome in self.solution.failed:
            why = outcome.message.splitlines()[0]
            problems.append(f"the solution fails {outcome.sentence!r}: {why}")
        return problems

    def line(self) -> str:
        """One line for `make exercises`."""
        name = self.starter.exercise.name
        if self.problems:
            return f"{name:<32} PROBLEM: " + "; ".join(self.problems)
        total = len(self.solution.outcomes)
        return (
            f"{name:<32} {self.starter.exercise.difficulty:<8}"
            f"starter fails {len(self.starter.failed)}/{total}, "
            f"solution passes {total}/{total}"
        )


def check(chosen: list[Exercise] | None = None) -> list[Verdict]:
    """Run every exercise against its starter as committed in git, then
    against its solution."""
    chosen = discover() if chosen is None else chosen
    with committed(chosen) as from_disk:
        starters = run(chosen, "starter")
    for starter in starters:
        starter.from_disk = from_disk.get(starter.exercise.name, "")
    solutions = run(chosen, "solution")
    return [Verdict(a, b) for a, b in zip(starters, solutions, strict=True)]


@contextmanager
def committed(chosen: list[Exercise]) -> Iterator[dict[str, str]]:
    """While inside, `exercises.load` reads the starters of chosen as
    committed in git (HEAD), from a temporary copy: a reader solves the
    starters in place, and the check must still see them unsolved.

    Yields, by exercise name, why a starter is read from disk instead: the
    folder is not in a git checkout (a tarball, say), or its starter is not
    committed yet (a new exercise)."""
    from_disk: dict[str, str] = {}
    copies: dict[Path, Path] = {}
    roots: dict[Path, list[Exercise]] = {}
    for exercise in chosen:  # exercises/ for the real ones
        roots.setdefault(exercise.folder.parent.parent, []).append(exercise)
    with tempfile.TemporaryDirectory(prefix="committed-starters-") as temp:
        for number, (root, group) in enumerate(roots.items()):
            copy = Path(temp).resolve() / str(number)
            why = copy_committed_starters(root, copy)
            for exercise in group:
                starter = copy / exercise.folder.relative_to(root) / "starter"
                if not why and not starter.is_dir():
                    from_disk[exercise.name] = "not committed yet"
                elif why:
                    from_disk[exercise.name] = why
                else:
                    copies[exercise.folder.resolve() / "starter"] = starter
        exercises.read_from.update(copies)
        try:
            yield from_disk
        finally:
            for folder in copies:
                del exercises.read_from[folder]


def copy_committed_starters(root: Path, copy: Path) -> str:
    """Write the files of every partN/NN-slug/starter/ under root, as
    committed at HEAD, into copy; "" if done, else why not."""
    command = ["git", "-C", str(root), "archive", "--format=tar", "HEAD"]
    try:
        done = subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        return f"git did not run: {exc.strerror}"
    if done.returncode:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        return f"git archive: {said[-1] if said else done.returncode}"
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts  # relative to root
            if member.isfile() and parts[2:3] == ("starter",):
                content = archive.extractfile(member)
                assert content is not None  # a regular file has content
                path = copy.joinpath(*parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content.read())
    return ""


def summary(verdicts: list[Verdict]) -> str:
    """The check's closing count; before it, a line for each reason the
    check read starters from disk rather than as committed in git."""
    reasons: dict[str, list[str]] = {}
    for verdict in verdicts:
        if verdict.starter.from_disk:
            names = reasons.setdefault(verdict.starter.from_disk, [])
            names.append(verdict.starter.exercise.name)
    lines = []
    for why, names in reasons.items():
        which = (
            "every starter"
            if len(names) == len(verdicts)
            else "the starter of " + ", ".join(names)
        )
        lines.append(
            f"Read {which} from disk, not as committed in git ({why}):"
            " a starter solved in place counts as a problem."
        )
    broken = sum(1 for verdict in verdicts if verdict.problems)
    if broken:
        lines.append(f"{broken} of {len(verdicts)} exercises have a problem")
    else:
        lines.append(
            f"{len(verdicts)} exercises: every starter fails,"
            " every solution passes"
        )
    return "\n".join(lines)


def explain(run: Run) -> str:
    """Say what passes and what still fails, in the tests' own sentences."""
    exercise = run.exercise
    lines = [
        f"{exercise.name}: {exercise.title} ({exercise.difficulty})",
        f"Its tests, run against {run.target}/:",
        "",
    ]
    for error in run.errors:
        lines.append("  ERROR Your code could not be loaded:")
        lines += [f"        {line}" for line in error.splitlines()]
    for outcome in run.outcomes:
        lines.append(
            f"  {'PASS' if outcome.passed else 'FAIL'}  {outcome.sentence}"
        )
        lines += [f"        {line}" for line in outcome.message.splitlines()]
    lines.append("")
    total, failed = len(run.outcomes), len(run.failed)
    readme = exercise.folder / "README.md"
    if run.errors or not total:
        lines.append("Fix the error above first.")
        lines.append(f"Hints: {_shown(readme)}")
    elif failed:
        lines.append(
            f"{total - failed} of {total} checks pass, {failed} still fail."
        )
        lines.append(f"Hints: {_shown(readme)}")
        lines.append(
            f"pytest's full report: make exercise NAME={exercise.name}"
            " VERBOSE=1"
        )
    else:
        lines.append(f"All {total} checks pass.")
        lines.append(f"Compare with {_shown(exercise.folder / 'solution')}/")
    return "\n".join(lines)


def _shown(path: Path) -> str:
    """path relative to the repository, as a reader would type it."""
    return (
        str(path.relative_to(REPO))
        if path.is_relative_to(REPO)
        else str(path)
    )


def _say(text: object) -> None:
    sys.stdout.write(f"{text}\n")


def main(argv: list[str]) -> int:
    """`python -m exercises`: check every exercise both ways.
    `python -m exercises part1/01-head-requests [solution] [--verbose]`: run
    one, and explain (or, --verbose, show pytest's full report).
    The exit status is 0 when all is well."""
    verbose = "--verbose" in argv
    argv = [arg for arg in argv if arg != "--verbose"]
    if not argv:
        verdicts = check()
        for verdict in verdicts:
            _say(verdict.line())
        _say(summary(verdicts))
        return 1 if any(verdict.problems for verdict in verdicts) else 0
    target = argv[1] if len(argv) > 1 else "starter"
    try:
        exercise = find(argv[0])
        if target not in exercises.TARGETS:
            raise LookupError(f"Run it against one of {exercises.TARGETS}.")
    except LookupError as exc:
        _say(exc)
        return 2
    if verbose:
        return report(exercise, target)
    [result] = run([exercise], target)
    _say(explain(result))
    return (
        0 if result.outcomes and not (result.errors or result.failed) else 1
    )
