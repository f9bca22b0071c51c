"""Every notebook runs top to bottom in a fresh kernel and reproduces its stored outputs.

A reader must never see a stale output: after changing a part or a notebook,
`make notebooks` stores the new outputs, and this test checks they are current.
"""

import copy
import functools
from pathlib import Path

import nbformat
import pytest

from tests.notebooks import (
    NOTEBOOK_DIR,
    NOTEBOOKS,
    comparable_outputs,
    differences,
    execute,
)

PART_NOTEBOOKS = ["part1.ipynb", "part2.ipynb", "part3.ipynb"]


@functools.cache
def executed(path: Path) -> nbformat.NotebookNode:
    """Each notebook is executed once per test session, however many tests use it."""
    return execute(path)


def stored(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_every_part_has_a_notebook():
    names = {path.name for path in NOTEBOOKS}
    assert set(PART_NOTEBOOKS) <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_reproduces_its_stored_outputs(path):
    fresh = executed(path)  # raises CellExecutionError on the first failing cell
    found = differences(stored(path), fresh)
    if found:
        pytest.fail("stale outputs; run `make notebooks` to refresh them:\n" + "\n".join(found))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_outputs_are_clean(path):
    """Every code cell was run, and nothing went to stderr or raised."""
    notebook = stored(path)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    assert all(cell.execution_count is not None for cell in code_cells)
    for outputs in comparable_outputs(notebook):
        for output in outputs:
            assert output[0] != "error", output
            assert output[:2] != ("stream", "stderr"), output


@pytest.mark.parametrize("name", PART_NOTEBOOKS)
def test_part_notebook_shows_the_raw_http_messages(name):
    text = str(comparable_outputs(stored(NOTEBOOK_DIR / name)))
    for message_type in ("http.request", "http.response.start", "http.response.body"):
        assert f"'type': '{message_type}'" in text, message_type


def test_one_changed_character_in_a_stored_output_is_caught():
    path = NOTEBOOK_DIR / "part1.ipynb"
    fresh = executed(path)
    tampered = copy.deepcopy(stored(path))
    cell = next(cell for cell in tampered.cells if cell.get("outputs"))
    output = cell.outputs[0]
    assert output.output_type == "stream"
    output.text = ("Y" if output.text[0] == "X" else "X") + output.text[1:]
    assert len(differences(tampered, fresh)) == 1
    assert differences(stored(path), fresh) == []
