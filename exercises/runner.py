"""Run the exercises' tests with pytest, in this process, and report.

`check()` runs every exercise's tests against its starter (some must fail)
and against its solution (all must pass). `run()` runs the tests of some
exercises against one target, and `explain()` says, test by test, what
still fails. The exercises are found by folder: exercises/partN/NN-slug/.
"""

import io
import os
import re
import sys
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


def _why(report: pytest.CollectReport | pytest.TestReport) -> str:
    """A failure's message in at most three short lines, no traceback."""
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
    first, *rest = crash.message.strip().splitlines() or [""]
    lines = [first.removeprefix("AssertionError: ")]
    # pytest explains a failed assert in the lines after; one that starts
    # with a word ("At index 1 diff: ...") helps. Its diffs ("- ", "+ ")
    # and "where" lines repeat whole objects, and "Use -v" is not for us.
    after = [line.strip() for line in rest if line.strip()][:1]
    lines += [
        line
        for line in after
        if line[:1].isalpha() and not line.startswith("Use -v")
    ]
    message = "\n".join(_shorten(line) for line in lines)
    return message + _where(crash.path, crash.lineno)


def _where(path: str, line: int | str) -> str:
    """A line that says where in a starter (or solution) a failure was
    raised, "(raised at starter/router.py:14)"; "" for anywhere else."""
    file = Path(path)
    if file.parent.name not in exercises.TARGETS:
        return ""
    return f"\n(raised at {file.parent.name}/{file.name}:{line})"


def _shorten(line: str, width: int = 100) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


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


def _pytest(
    files: list[str], target: str, folders: list[Path], collector: _Collector
) -> None:
    """One quiet pytest session over files, with the project's settings."""
    args = [
        *files,
        f"--config-file={REPO / 'pyproject.toml'}",
        f"--rootdir={REPO}",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "--timeout=0",
        "--tb=line",  # only the crash line is used: skip the rest
        "--import-mode=importlib",
        "--continue-on-collection-errors",
    ]
    output = io.StringIO()  # pytest's own report: shown only if it breaks
    with _loading(target, folders), redirect_stdout(output):
        code = pytest.main(args, plugins=[collector])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest stopped ({code!r}):\n{output.getvalue()}")


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
        inside = tuple(f"{folder}{os.sep}" for folder in folders)
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
    """Run every exercise against its starter, then against its solution."""
    chosen = discover() if chosen is None else chosen
    starters = run(chosen, "starter")
    solutions = run(chosen, "solution")
    return [Verdict(a, b) for a, b in zip(starters, solutions, strict=True)]


def summary(verdicts: list[Verdict]) -> str:
    """The check's closing line."""
    broken = sum(1 for verdict in verdicts if verdict.problems)
    if broken:
        return f"{broken} of {len(verdicts)} exercises have a problem"
    count = len(verdicts)
    return f"{count} exercises: every starter fails, every solution passes"


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
    `python -m exercises part1/01-head-requests [solution]`: run one.
    The exit status is 0 when all is well."""
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
    [result] = run([exercise], target)
    _say(explain(result))
    return (
        0 if result.outcomes and not (result.errors or result.failed) else 1
    )
