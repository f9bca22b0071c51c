"""The behaviour table itself: well formed, monotonic across parts, no part left out
quietly, and its page current.

The rows are run against each part by tests/partN/test_behaviours.py.
"""

import itertools

from tests.behaviours import BEHAVIOURS, COMMAND, PAGE, PARTS, render


def test_row_ids_are_unique() -> None:
    ids = [row.id for row in BEHAVIOURS]
    assert len(ids) == len(set(ids))


def test_a_behaviour_once_passed_stays_passed() -> None:
    """The stages only add: a part may fall short only where every earlier part does."""
    for row in BEHAVIOURS:
        assert set(row.limits) <= set(row.parts) <= set(PARTS), f"unknown part in {row.id}"
        for earlier, later in itertools.pairwise(row.parts):
            assert earlier in row.limits or later not in row.limits, (row.id, earlier, later)


def test_a_row_leaves_out_only_parts_another_row_describes() -> None:
    """A part a row leaves out does the job another way, by design: the row names the
    row that describes that part (and why), so no part is left out quietly."""
    rows = {row.id: row for row in BEHAVIOURS}
    for row in BEHAVIOURS:
        assert row.parts == tuple(part for part in PARTS if part in row.parts), row.id
        left_out = [part for part in PARTS if part not in row.parts]
        if not left_out:
            assert row.elsewhere is None, row.id
            continue
        assert row.elsewhere is not None, f"{row.id} leaves out {left_out} without a word"
        other, why = row.elsewhere
        assert why, row.id
        assert set(left_out) <= set(rows[other].parts), (row.id, other)


def test_every_part_has_one_answer_per_request() -> None:
    for row in BEHAVIOURS:
        assert len(row.goal_answers()) == len(row.requests), row.id
        for part in row.parts:
            assert len(row.answers(part)) == len(row.requests), (row.id, part)


def test_the_committed_page_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), f"stale: run {COMMAND}"
