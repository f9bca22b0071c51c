"""The exercises (exercises/partN/NN-slug/) are checked both ways: every starter
fails its tests, and every reference solution passes them. `make exercises`
prints the same check; `make exercise NAME=...` the learner's view of one."""

import ast
import gc
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import exercises
from exercises import runner

EXERCISES = runner.discover()
NAMES = [exercise.name for exercise in EXERCISES]
SITE_PAGE = runner.REPO / "docs" / "exercises.md"


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
    for verdict in verdicts:
        assert verdict.starter.errors == []
        assert verdict.starter.failed  # the exercise asks for real work
        assert verdict.solution.outcomes
        assert verdict.solution.failed == []

    monkeypatch.setattr(runner, "check", lambda: verdicts)
    assert runner.main([]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:-1] == lines
    for line, name in zip(lines, NAMES, strict=True):
        assert re.fullmatch(
            rf"{name} +(easy|medium|stretch) +starter fails \d+/(\d+), solution passes \2/\2",
            line,
        )
    assert printed[-1] == f"{len(EXERCISES)} exercises: every starter fails, every solution passes"


def test_make_exercise_explains_in_sentences(capsys) -> None:
    """`make exercise NAME=...` lists each test as a sentence, PASS or FAIL with
    its reason in a line or two (no traceback), and a summary."""
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
    assert readme.count('<details class="tip" markdown>') >= 2
    assert readme.count("<details") == readme.count("</details>")


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_starter_and_solution_have_the_same_modules(exercise) -> None:
    def modules(target: str) -> set[str]:
        return {path.name for path in (exercise.folder / target).glob("*.py")}

    assert modules("starter") == modules("solution")
    assert "__init__.py" in modules("starter")


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_exercise_code_builds_on_its_own_part_only(exercise) -> None:
    """The starter and the solution import the part they extend (never another),
    and nothing in the exercise writes into a part folder."""
    part = exercise.name.split("/")[0]
    imported: set[str] = set()
    for path in exercise.folder.glob("*/*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    parts = {name for name in imported if re.fullmatch(r"part\d+", name)}
    assert parts == {part}


def test_test_file_names_are_unique() -> None:
    """A reader may run `pytest exercises/...` in the default import mode."""
    names = [path.name for exercise in EXERCISES for path in exercise.test_files]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_the_site_lists_the_exercise_and_shows_its_solution(exercise) -> None:
    page = SITE_PAGE.read_text(encoding="utf-8")
    assert f"`{exercise.name}`" in page
    assert f'--8<-- "exercises/{exercise.name}/solution/' in page


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


def test_the_check_reports_what_is_wrong(tmp_path) -> None:
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
    assert runner.summary(verdicts) == "7 of 8 exercises have a problem"

    explained = runner.explain(verdicts[3].starter)
    assert "  ERROR Your code could not be loaded:\n" in explained
    assert explained.endswith(
        f"Fix the error above first.\nHints: {chosen[3].folder / 'README.md'}"
    )


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
