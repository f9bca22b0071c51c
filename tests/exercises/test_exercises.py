"""The exercises (exercises/partN/NN-slug/) are checked both ways: every starter,
as committed in git, fails its tests, and every reference solution passes them.
`make exercises` prints the same check; `make exercise NAME=...` the learner's
view of one. A reader solves the starters in place, so nothing here reads a
committed starter from disk: `make test` stays green while they work."""

import ast
import gc
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import exercises
from exercises import runner

EXERCISES = runner.discover()
NAMES = [exercise.name for exercise in EXERCISES]
SITE_PAGE = runner.REPO / "docs" / "exercises.md"
IN_GIT = (runner.REPO / ".git").exists()  # a clone, not a tarball


@pytest.fixture(autouse=True)
def frozen_heap() -> Iterator[None]:
    """Each pytest session the runner starts ends with a full gc.collect(), which
    here would walk every object of this test worker too. Frozen (gc.freeze),
    they are left out of it until the test ends."""
    gc.freeze()
    yield
    gc.unfreeze()


def test_every_starter_fails_and_every_solution_passes(monkeypatch, capsys) -> None:
    """The check of `make exercises`, on every exercise, and what it prints:
    one line per exercise, then the closing count. (One test, so that the
    check's two pytest sessions run once, whichever worker runs it.)"""
    verdicts = runner.check(EXERCISES)
    lines = [verdict.line() for verdict in verdicts]
    assert [verdict.problems for verdict in verdicts] == [[] for _ in verdicts], lines
    if IN_GIT:  # read as committed, whatever the reader did (a new exercise: from disk)
        assert {verdict.starter.from_disk for verdict in verdicts} <= {"", "not committed yet"}
    for verdict in verdicts:
        assert verdict.starter.errors == []
        assert verdict.starter.failed  # the exercise asks for real work
        assert verdict.solution.outcomes
        assert verdict.solution.failed == []

    monkeypatch.setattr(runner, "check", lambda: verdicts)
    assert runner.main([]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [*lines, *runner.summary(verdicts).splitlines()]
    for line, name in zip(lines, NAMES, strict=True):
        assert re.fullmatch(
            rf"{name} +(easy|medium|stretch) +starter fails \d+/(\d+), solution passes \2/\2",
            line,
        )
    assert printed[-1] == f"{len(EXERCISES)} exercises: every starter fails, every solution passes"


def test_make_exercise_explains_in_sentences(capsys) -> None:
    """`make exercise NAME=...` lists each test as a sentence, PASS or FAIL with
    its reason in a line or two (no traceback), and a summary. (It runs the
    reader's starter; here, the starter as committed, which a reader may have
    solved on disk.)"""
    with runner.committed([runner.find("part1/02-method-not-allowed")]):
        assert runner.main(["part1/02-method-not-allowed"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("part1/02-method-not-allowed: 405 Method Not Allowed (medium)\n")
    assert (
        '  FAIL  POST /users answers 405 "method not allowed": /users has only GET.\n'
        "        assert 404 == 405\n"
    ) in out
    assert (
        "        NotImplementedError: walk the trie to the node of path\n"
        "        (raised at starter/router.py:14)\n"
    ) in out
    assert "  PASS  GET /teams answers 404" in out
    assert "Traceback" not in out
    assert out.endswith(
        "4 of 12 checks pass, 8 still fail.\n"
        "Hints: exercises/part1/02-method-not-allowed/README.md\n"
        "pytest's full report: make exercise NAME=part1/02-method-not-allowed VERBOSE=1\n"
    )
    # The excerpt on the site is true: each of its lines is in the output.
    page = SITE_PAGE.read_text(encoding="utf-8")
    command = "$ make exercise NAME=part1/02-method-not-allowed\n"
    excerpt = page.split(command, 1)[1].split("```", 1)[0]
    for line in excerpt.splitlines():
        assert line in out.splitlines()

    assert runner.main(["part1/02-method-not-allowed", "solution"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert out.endswith(
        "All 12 checks pass.\nCompare with exercises/part1/02-method-not-allowed/solution/\n"
    )


def test_make_exercise_names_the_exercises_when_asked_wrong(capsys) -> None:
    """An unknown name or target gets a clear message and status 2, no run."""
    assert runner.main(["part2/99-nothing"]) == 2
    assert capsys.readouterr().out.startswith(
        "No exercise 'part2/99-nothing'. The exercises are: part1/01-head-requests, "
    )
    assert runner.main(["part1/01-head-requests", "teacher"]) == 2
    assert "one of ('starter', 'solution')" in capsys.readouterr().out


def test_every_part_with_exercises_has_easy_medium_and_stretch() -> None:
    by_part: dict[str, set[str]] = {}
    for exercise in EXERCISES:
        by_part.setdefault(exercise.name.split("/")[0], set()).add(exercise.difficulty)
    assert {"part1", "part2", "part3"} <= set(by_part)
    for part, difficulties in by_part.items():
        assert difficulties == {"easy", "medium", "stretch"}, part


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_the_readme_says_what_to_do_and_where(exercise) -> None:
    """Title, difficulty, the files to edit (which exist), where the reader
    works, the command that checks the work, and hints in <details> blocks."""
    readme = (exercise.folder / "README.md").read_text(encoding="utf-8")
    assert exercise.title
    edited = re.search(r"\*\*Edit:\*\* (.+)", readme)
    assert edited, "a line '**Edit:** `starter/app.py`'"
    for path in re.findall(r"`([^`]+)`", edited[1]):
        assert (exercise.folder / path).is_file(), path
    assert "You work in `starter/`" in readme
    assert f"make exercise NAME={exercise.name}`" in readme
    # Every README says the same about working in place, and how to start over.
    flat = " ".join(readme.split())
    assert (
        "You edit the starter in place, and `make test` stays green meanwhile: it checks"
        " each exercise against its starter as committed in git, not as you left it."
    ) in flat
    assert f"To start over, run `git checkout -- exercises/{exercise.name}/starter`." in flat
    assert readme.count('<details class="tip" markdown>') >= 2
    assert readme.count("<details") == readme.count("</details>")


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> dict[str, Path]:
    """Each exercise's starter/ as committed in git (a reader may be solving
    the one on disk); on disk only when there is no commit to read."""
    copy = tmp_path_factory.mktemp("committed")
    runner.copy_committed_starters(runner.FOLDER, copy)
    folders = {}
    for exercise in EXERCISES:
        committed = copy / exercise.name / "starter"
        folders[exercise.name] = committed if committed.is_dir() else exercise.folder / "starter"
    return folders


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_starter_and_solution_have_the_same_modules(exercise, starters) -> None:
    def modules(folder: Path) -> set[str]:
        return {path.name for path in folder.glob("*.py")}

    assert modules(starters[exercise.name]) == modules(exercise.folder / "solution")
    assert "__init__.py" in modules(starters[exercise.name])


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_exercise_code_builds_on_its_own_part_only(exercise, starters) -> None:
    """The starter and the solution import the part they extend (never another),
    and nothing in the exercise writes into a part folder."""
    part = exercise.name.split("/")[0]
    imported: set[str] = set()
    solution = (exercise.folder / "solution").glob("*.py")
    for path in [*starters[exercise.name].glob("*.py"), *solution]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    parts = {name for name in imported if re.fullmatch(r"part\d+", name)}
    assert parts == {part}


def test_the_tests_put_what_they_got_on_the_left() -> None:
    """`make exercise` labels the right side of a failed == "expected", the left
    "got": no test compares a literal with what it got the other way round."""

    def literal(node: ast.expr) -> bool:
        try:
            ast.literal_eval(node)
        except (ValueError, TypeError):
            return False
        return True

    for exercise in EXERCISES:
        for path in exercise.test_files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Eq):
                    left, right = node.left, node.comparators[0]
                    assert not literal(left) or literal(right), f"{path}:{node.lineno}"


def test_test_file_names_are_unique() -> None:
    """A reader may run `pytest exercises/...` in the default import mode."""
    names = [path.name for exercise in EXERCISES for path in exercise.test_files]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_the_site_lists_the_exercise_and_shows_its_solution(exercise) -> None:
    """The Exercises page leads with a table row per exercise (part, difficulty,
    the files its README says to edit), and its section holds the task and the
    solution, each included from the real file, in a collapsed block."""
    page = SITE_PAGE.read_text(encoding="utf-8")
    readme = (exercise.folder / "README.md").read_text(encoding="utf-8")
    edited = re.search(r"\*\*Edit:\*\* (.+)", readme)
    assert edited
    paths = re.findall(r"`starter/([^`]+)`", edited[1])
    files = ", ".join(f"`{path}`" for path in paths)
    anchor = re.sub(r"[^\w\- ]", "", exercise.title.lower()).replace(" ", "-")
    part = exercise.name[4]
    row = f"| {part} | [{exercise.title}](#{anchor}) | {exercise.difficulty} | {files} |"
    assert row in page.split("## How they work")[0]

    section = page.split(f"\n### {exercise.title}\n", 1)[1].split("\n#", 1)[0]
    assert section.startswith(f"\n`{exercise.name}`\n")
    assert (
        '??? note "The task, with hints"\n\n'
        f'    --8<-- "exercises/{exercise.name}/README.md:3"\n'
    ) in section
    solution = section.split('??? note "Solution: ', 1)[1]
    includes = re.findall(r'^( *)--8<-- "exercises/([^/]+/[^/]+)/solution/', solution, re.M)
    assert includes and set(includes) == {("    ", exercise.name)}


def test_the_exercises_page_says_how_to_work_in_place() -> None:
    """Every block starts closed (`???`, not `???+`), and the page says that
    `make test` stays green while a reader works, and how to start over."""
    page = SITE_PAGE.read_text(encoding="utf-8")
    assert "???+" not in page
    flat = " ".join(page.split())
    assert "**`make test` stays green while you work.**" in flat
    assert "It reads each starter as committed in git, not as you left it" in flat
    assert "$ git checkout -- exercises/part1/01-head-requests/starter" in page


# What the check reports for broken exercises, with small fake ones.

FAKE_TEST = '''
from exercises import load

answer = load(__file__, "answer")


def test_the_answer():
    """The answer is 42."""
    assert answer.ANSWER == 42
'''


def fake_exercise(
    root: Path,
    name: str,
    starter: str = "ANSWER = 0\n",
    solution: str = "ANSWER = 42\n",
    test: str | None = FAKE_TEST,
    readme: str = "# Fake\n\n**Difficulty:** easy\n",
) -> runner.Exercise:
    folder = root / "part9" / name
    for target, code in (("starter", starter), ("solution", solution)):
        (folder / target).mkdir(parents=True)
        (folder / target / "__init__.py").write_text("")
        (folder / target / "answer.py").write_text(code)
    (folder / "README.md").write_text(readme)
    if test is not None:
        (folder / "test_fake.py").write_text(test)
    return runner.read_exercise(folder)


LONG_TEST = FAKE_TEST + '''

def test_the_words():
    """The words come in order."""
    assert answer.WORDS == [f"word number {n}" for n in range(4)]


def test_the_answer_is_positive():
    assert answer.ANSWER > 0
'''


def git(root: Path, *args: str) -> None:
    """git in root, as someone who has never set git up."""
    who = ["-c", "user.name=Reader", "-c", "user.email=reader@example.com"]
    command = ["git", "-C", str(root), *who, "-c", "commit.gpgsign=false", *args]
    subprocess.run(command, check=True, capture_output=True)


def solve_in_place(exercise: runner.Exercise) -> None:
    """What a reader does: the solution's code, over the starter's files."""
    for path in (exercise.folder / "solution").glob("*.py"):
        shutil.copy(path, exercise.folder / "starter" / path.name)


def test_the_check_reports_what_is_wrong(tmp_path, starters) -> None:
    """Broken exercises, each a problem of its own. Then, in a clone of a git
    repository, a reader has solved two exercises in place, a fake one and a
    copy of the real part1/01-head-requests: the check reads their starters as
    committed, and they pass it; the reader's own run sees their work."""
    chosen = [
        fake_exercise(tmp_path, "01-sound"),
        fake_exercise(tmp_path, "02-nothing-to-do", starter="ANSWER = 42\n"),
        fake_exercise(tmp_path, "03-wrong-solution", solution="ANSWER = 41\n"),
        fake_exercise(tmp_path, "04-broken-starter", starter="ANSWER = (\n"),
        fake_exercise(tmp_path, "05-no-difficulty", readme="# Fake\n"),
        fake_exercise(tmp_path, "06-no-tests", test=None),
        fake_exercise(tmp_path, "07-skips", test=FAKE_TEST + "    import pytest; pytest.skip()\n"),
        fake_exercise(tmp_path, "08-name-error", starter="ANSWER = missing_name\n"),
    ]
    long_values = fake_exercise(
        tmp_path,
        "09-long-values",
        starter="ANSWER = 0\nWORDS = ['word number 0']\n",
        solution="ANSWER = 42\nWORDS = [f'word number {n}' for n in range(4)]\n",
        test=LONG_TEST,
    )
    clone = tmp_path / "clone"
    solved = fake_exercise(clone, "01-solved-in-place")
    real = clone / "part1" / "01-head-requests"  # with its starter as committed
    shutil.copytree(
        runner.FOLDER / "part1" / "01-head-requests",
        real,
        ignore=shutil.ignore_patterns("__pycache__", "starter"),
    )
    shutil.copytree(starters["part1/01-head-requests"], real / "starter")
    head = runner.read_exercise(real)
    git(clone, "init", "-q")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "--no-verify", "-m", "The exercises")
    solve_in_place(solved)
    solve_in_place(head)
    new = fake_exercise(clone, "02-not-committed")  # after the commit
    chosen += [long_values, solved, head, new]

    verdicts = runner.check(chosen)
    problems = {verdict.starter.exercise.name: verdict.problems for verdict in verdicts}
    assert problems["part9/01-sound"] == []
    assert verdicts[0].line() == (
        "part9/01-sound                   easy    starter fails 1/1, solution passes 1/1"
    )
    assert problems["part9/02-nothing-to-do"] == [
        "the starter passes every test: nothing to do"
    ]
    assert problems["part9/03-wrong-solution"] == [
        "the solution fails 'The answer is 42.': assert 41 == 42"
    ]
    [broken] = problems["part9/04-broken-starter"]
    assert broken.startswith("starter: ") and "SyntaxError" in broken
    assert problems["part9/05-no-difficulty"] == [
        "its README has no **Difficulty:** ('easy', 'medium', 'stretch')"
    ]
    assert problems["part9/06-no-tests"] == [
        "starter: it has no test_*.py file",
        "solution: it has no test_*.py file",
        "no test ran",
    ]
    assert problems["part9/07-skips"] == [
        "the solution fails 'The answer is 42.': skipped: an exercise's test never skips"
    ]
    [name_error] = problems["part9/08-name-error"]
    assert name_error == (
        "starter: NameError: name 'missing_name' is not defined\n"
        "(raised at starter/answer.py:1)"
    )
    assert verdicts[3].starter.errors and "PROBLEM: " in verdicts[3].line()

    # Solved in place, and still sound: the check ran the committed starters.
    assert problems["part9/01-solved-in-place"] == []
    assert problems["part1/01-head-requests"] == []
    assert verdicts[-2].line() == (
        "part1/01-head-requests           easy    starter fails 7/8, solution passes 8/8"
    )
    # Where there is nothing committed to read, the check says so.
    assert problems["part9/02-not-committed"] == []
    from_disk = {verdict.starter.exercise.name: verdict.starter.from_disk for verdict in verdicts}
    not_git = from_disk["part9/01-sound"]
    assert not_git.startswith("git archive: ") and "not a git repository" in not_git
    assert from_disk == {
        **{exercise.name: not_git for exercise in chosen[:9]},
        "part9/01-solved-in-place": "",
        "part1/01-head-requests": "",
        "part9/02-not-committed": "not committed yet",
    }
    fakes = ", ".join(exercise.name for exercise in chosen[:9])
    assert runner.summary(verdicts).splitlines() == [
        f"Read the starter of {fakes} from disk, not as committed in git ({not_git}):"
        " a starter solved in place counts as a problem.",
        "Read the starter of part9/02-not-committed from disk, not as committed in git"
        " (not committed yet): a starter solved in place counts as a problem.",
        "7 of 12 exercises have a problem",
    ]

    explained = runner.explain(verdicts[3].starter)
    assert "  ERROR Your code could not be loaded:\n" in explained
    assert explained.endswith(
        f"Fix the error above first.\nHints: {chosen[3].folder / 'README.md'}"
    )
    # A failed == of long values: what was expected and what came, in full.
    explained = runner.explain(verdicts[8].starter)
    assert (
        "  FAIL  The words come in order.\n"
        "        assert ['word number 0'] == ['word number...rd number 3']\n"
        "        expected: ['word number 0', 'word number 1', 'word number 2', 'word number 3']\n"
        "        got:      ['word number 0']\n"
        "  FAIL  test_the_answer_is_positive\n"
        "        assert 0 > 0\n"
    ) in explained

    # The reader's own run, `make exercise`, reads the starters they solved.
    for run in runner.run([solved, head], "starter"):
        assert run.outcomes and not run.failed, runner.explain(run)


def test_the_check_reads_the_disk_without_git(tmp_path, monkeypatch) -> None:
    """With no git to run, every starter is read from disk, and the check's
    closing lines say so once."""
    exercise = fake_exercise(tmp_path, "01-no-git")
    monkeypatch.setenv("PATH", str(tmp_path))
    with runner.committed([exercise]) as from_disk:
        assert exercises.read_from == {}
    assert from_disk == {"part9/01-no-git": "git did not run: No such file or directory"}
    starter = runner.Run(exercise, "starter", [runner.Outcome(Path(), "", passed=False)])
    starter.from_disk = from_disk[exercise.name]
    solution = runner.Run(exercise, "solution", [runner.Outcome(Path(), "")])
    assert runner.summary([runner.Verdict(starter, solution)]) == (
        "Read every starter from disk, not as committed in git (git did not run:"
        " No such file or directory): a starter solved in place counts as a problem.\n"
        "1 exercises: every starter fails, every solution passes"
    )


def test_make_exercise_verbose_gives_pytest_s_own_report(capsys) -> None:
    """`make exercise NAME=... VERBOSE=1`: pytest's full report, and its status."""
    assert runner.main(["part1/01-head-requests", "solution", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "test_head_requests.py::test_a_head_gets_an_empty_body PASSED" in out
    assert "8 passed" in out


def test_a_session_that_cannot_start_is_an_error(tmp_path) -> None:
    """A broken conftest.py stops pytest before any test: the check says so."""
    exercise = fake_exercise(tmp_path, "01-broken-conftest")
    (exercise.folder / "conftest.py").write_text("1 / 0\n")
    with pytest.raises(RuntimeError, match="pytest stopped"):
        runner.run([exercise], "solution")


def test_load_needs_a_known_target_and_a_package(tmp_path, monkeypatch) -> None:
    exercise = fake_exercise(tmp_path, "01-load")
    test_file = str(exercise.folder / "test_fake.py")
    monkeypatch.setattr(exercises, "target", "teacher")
    with pytest.raises(ValueError, match="EXERCISE_TARGET"):
        exercises.load(test_file, "answer")
    monkeypatch.setattr(exercises, "target", "solution")
    (exercise.folder / "solution" / "__init__.py").unlink()
    with pytest.raises(ImportError, match="has no __init__"):
        exercises.load(test_file, "answer")
