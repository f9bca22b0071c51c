"""The behaviour table itself: well formed, monotonic across parts, and its page current.

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
        assert set(row.limits) <= set(PARTS), f"unknown part in {row.id}"
        for earlier, later in itertools.pairwise(PARTS):
            assert earlier in row.limits or later not in row.limits, (row.id, earlier, later)


def test_every_part_has_one_answer_per_request() -> None:
    for row in BEHAVIOURS:
        assert len(row.goal_answers()) == len(row.requests), row.id
        for part in PARTS:
            assert len(row.answers(part)) == len(row.requests), (row.id, part)


def test_the_committed_page_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), f"stale: run {COMMAND}"
