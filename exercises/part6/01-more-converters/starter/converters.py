"""More converters for the trie, `{name:float}` and `{name:uuid}`, and the
rule that turns text into a uuid.UUID, for the trie and for handlers.
Edit this file."""

import uuid
from collections.abc import Callable
from typing import Any

from part6.router import CONVERTERS as PART6_CONVERTERS


def float_segment(segment: str) -> float | None:
    """Starlette's float: "1.5" gives 1.5, "3" gives 3.0; None for any
    other segment."""
    return None  # TODO: digits, perhaps a dot and more digits


def parse_uuid(text: str) -> uuid.UUID:
    """text as a UUID, or a ValueError that says why, in pydantic's
    words."""
    raise ValueError("not written yet")  # TODO: check text, then uuid.UUID


def uuid_segment(segment: str) -> uuid.UUID | None:
    """The UUID of a segment that parse_uuid accepts; None for any other."""
    return None  # TODO


# What each converter makes of a segment; None means "no match here".
# TODO: add "float" and "uuid".
CONVERTERS: dict[str, Callable[[str], Any]] = {**PART6_CONVERTERS}
