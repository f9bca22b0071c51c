"""Every notebook runs top to bottom in a fresh kernel and reproduces its stored outputs.

A reader must never see a stale output: after changing a part or a notebook,
`make notebooks` stores the new outputs, and this test checks they are current.
The layout rules the notebooks follow are in tests/notebooks.py.
"""

import copy
import re
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

# The notebooks run in kernels of their own: coverage would trace only nbclient.
pytestmark = pytest.mark.no_cover

PART_NOTEBOOKS = [f"part{number}.ipynb" for number in range(1, 7)]
PART_NOTEBOOKS.append("part7.ipynb")  # Part 7, beyond the series
# The longest line a notebook may show, in code or output. At 1280 px the site
# shows about 73 monospace characters in an output and 70 in a code cell, beside
# the In/Out prompts (measured with chromium); JupyterLab shows more.
WIDTH = 70


def stored(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def output_lines(notebook: nbformat.NotebookNode) -> list[str]:
    """Every line of text a reader sees below the code cells."""
    lines = []
    for outputs in comparable_outputs(notebook):
        for output in outputs:
            if output[0] == "stream":
                lines += output[2].splitlines()
            elif output[0] != "error":
                lines += str(output[1].get("text/plain", "")).splitlines()
    return lines


def test_every_part_has_a_notebook():
    names = {path.name for path in NOTEBOOKS}
    assert set(PART_NOTEBOOKS) <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_reproduces_its_stored_outputs(path):
    fresh = execute(path)  # raises CellExecutionError on the first failing cell
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_lines_fit_the_column(path):
    """No stored output line and no code line is longer than WIDTH, so nothing
    wraps in the middle of a word or scrolls sideways, on the site or in Jupyter."""
    notebook = stored(path)
    too_long = [line for line in output_lines(notebook) if len(line) > WIDTH]
    assert not too_long, f"output lines over {WIDTH} characters:\n" + "\n".join(too_long)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    too_long = [line for source in code for line in source.splitlines() if len(line) > WIDTH]
    assert not too_long, f"code lines over {WIDTH} characters:\n" + "\n".join(too_long)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_headings_are_plain_words(path):
    """The site's table of contents drops inline code from a heading, so a heading
    with code in it reads as a fragment there."""
    headings = [
        line
        for cell in stored(path).cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if re.match(r"#{1,6} ", line)
    ]
    assert headings
    assert not [heading for heading in headings if "`" in heading]


@pytest.mark.parametrize("name", PART_NOTEBOOKS)
def test_part_notebook_shows_the_raw_http_messages(name):
    text = "\n".join(output_lines(stored(NOTEBOOK_DIR / name)))
    for message_type in ("http.request", "http.response.start", "http.response.body"):
        assert f"'type': '{message_type}'" in text, message_type
    assert "'more_body': True" in text  # a body in several messages


def test_part4_notebook_plays_the_lifespan_messages_by_hand():
    text = "\n".join(output_lines(stored(NOTEBOOK_DIR / "part4.ipynb")))
    for message_type in (
        "lifespan.startup",
        "lifespan.startup.complete",
        "lifespan.startup.failed",
        "lifespan.shutdown",
        "lifespan.shutdown.complete",
    ):
        assert f"'type': '{message_type}'" in text, message_type


@pytest.mark.parametrize("name", ["asgi-basics.ipynb", "part3.ipynb"])
def test_notebooks_that_read_the_body_show_a_disconnect(name):
    text = "\n".join(output_lines(stored(NOTEBOOK_DIR / name)))
    assert "receive  {'type': 'http.disconnect'}" in text


def test_one_changed_character_in_a_stored_output_is_caught():
    # Against the stored outputs themselves, which the test above finds equal
    # to a fresh run's: no second run of the notebook on another worker.
    path = NOTEBOOK_DIR / "part1.ipynb"
    fresh = stored(path)
    tampered = copy.deepcopy(stored(path))
    cell = next(cell for cell in tampered.cells if cell.get("outputs"))
    output = cell.outputs[0]
    assert output.output_type == "stream"
    output.text = ("Y" if output.text[0] == "X" else "X") + output.text[1:]
    assert len(differences(tampered, fresh)) == 1
