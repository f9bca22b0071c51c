"""The behaviour table (tests/behaviours.py), answered by Part 7's probe app: every row
that describes Part 6 and that Part 6 passes, with the same answer, since Part 7 keeps
all of Part 6 (streams and WebSockets are tested in this folder's other files).

The table's PARTS do not list Part 7 yet, so docs/conformance.md has no Part 7 column;
once they do, this file becomes `globals().update(behaviour_tests("part7"))`, as in
tests/part6/test_behaviours.py.
"""

import pytest

from tests.behaviours import BEHAVIOURS, check_behaviours

ROWS = [row for row in BEHAVIOURS if "part6" in row.parts and "part6" not in row.limits]


@pytest.mark.parametrize("row_id", [row.id for row in ROWS])
async def test_behaviour(row_id: str) -> None:
    await check_behaviours("part7", row_id)
