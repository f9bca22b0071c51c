"""Run the notebooks in a fresh kernel, and compare or refresh their stored outputs.

The test (tests/test_notebooks.py) uses `execute` and `differences`. To store new
outputs after a change to a part or a notebook, run `make notebooks`, which is
`python -m tests.notebooks [NOTEBOOK ...]` from the repo root.

How the notebooks are laid out (notebooks/part3.ipynb is the fullest example;
copy its first cells for a new part, and tests/test_notebooks.py checks the rules):

- One notebook per part, in the order of that part's page. First cell: a title and
  what the notebook does, then a cell that puts the repo root on sys.path.
- No line longer than WIDTH (70) characters, in code or in stored output: at
  1280 px the site's code cells hold about 70 and outputs about 73, so a longer
  line wraps in the middle of a word or scrolls. Format code cells with
  `ruff format --line-length 70`. The `show(label, message)` cell prints an ASGI
  message as its dict repr, one field and one header per line when it does not
  fit on one; keep response bodies short enough to read.
- The raw messages stay in view: a first request is played entirely by hand (the
  scope dict written out, a receive() and a recording send()); after that the
  `request(app, method, path, *messages, ...)` cell builds the scope and prints
  every message as `receive`, `send` or `not read`.
- Parts 4 and 5 print each log record as it is made (PrintRecords), because there
  when a line is logged matters: after a response, during a shut-down. Part 4
  plays the lifespan by hand through two asyncio.Queues, since requests are
  served while the lifespan call waits for its shut-down.
- Top-level `await`, never asyncio.run. No memory addresses, timestamps, timing
  values or real ports in outputs (print_log() in part3.ipynb hides addresses in
  log lines). Wait for background work within the cell that started it (a
  shutdown() drains it), so no output lands in a later cell.
- Plain words in headings: the site's table of contents drops inline code.
"""

import difflib
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a copy of the notebook at path top to bottom in a new kernel, in its folder.

    Raises nbclient's CellExecutionError if a cell fails.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",  # the kernel of the interpreter running this code
        record_timing=False,  # no timestamps in the stored file
        # Only the outputs matter once the last cell has run. A polite shutdown
        # occasionally waited 3 s for the kernel to exit; killing it never does.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def comparable_outputs(notebook: nbformat.NotebookNode) -> list[list[tuple[Any, ...]]]:
    """The outputs of each code cell, reduced to what a reader sees as text.

    Consecutive stream outputs are joined, because Jupyter may split one
    print's text into several outputs. Images are left out.
    """
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs: list[tuple[Any, ...]] = []
        for output in cell.get("outputs", []):
            kind = output.output_type
            if kind == "stream":
                if outputs and outputs[-1][:2] == ("stream", output.name):
                    outputs[-1] = ("stream", output.name, outputs[-1][2] + output.text)
                else:
                    outputs.append(("stream", output.name, output.text))
            elif kind in ("execute_result", "display_data"):
                data = {
                    mime: value
                    for mime, value in output.data.items()
                    if not mime.startswith("image/")
                }
                outputs.append((kind, data))
            else:  # "error"
                outputs.append((kind, output.ename, output.evalue))
        cells.append(outputs)
    return cells


def _as_lines(outputs: list[tuple[Any, ...]]) -> list[str]:
    lines = []
    for output in outputs:
        if output[0] == "stream":
            lines += [f"[{output[1]}]", *output[2].splitlines()]
        elif output[0] == "error":
            lines += [f"[error] {output[1]}: {output[2]}"]
        else:
            for mime, value in output[1].items():
                lines += [f"[{output[0]} {mime}]", *str(value).splitlines()]
    return lines


def differences(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode) -> list[str]:
    """Describe, as a diff, every code cell whose stored outputs differ from the fresh run's."""
    found = []
    code_cells = [cell for cell in stored.cells if cell.cell_type == "code"]
    pairs = zip(comparable_outputs(stored), comparable_outputs(fresh), strict=True)
    for number, (old, new) in enumerate(pairs, start=1):
        if old != new:
            first_line = code_cells[number - 1].source.partition("\n")[0]
            diff = difflib.unified_diff(
                _as_lines(old), _as_lines(new), "stored", "fresh", lineterm="", n=1
            )
            found.append(f"code cell {number}, `{first_line}`:\n" + "\n".join(diff))
    return found


def refresh(path: Path) -> None:
    """Run the notebook at path and write it back with its new outputs."""
    notebook = execute(path)
    # The interpreter's patch version would churn the file on every machine.
    notebook.metadata.get("language_info", {}).pop("version", None)
    nbformat.write(notebook, path)


def main(arguments: list[str]) -> None:
    for path in [Path(argument).resolve() for argument in arguments] or NOTEBOOKS:
        refresh(path)
        print(f"refreshed {path.relative_to(NOTEBOOK_DIR.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
