"""More converters for the trie, `{name:float}` and `{name:uuid}`, and the
rule that turns text into a uuid.UUID, for the trie and for handlers."""

import math
import re
import uuid
from collections.abc import Callable
from typing import Any

from part6.router import CONVERTERS as PART6_CONVERTERS

# Starlette's float: ASCII digits, perhaps a dot and more digits. [0-9],
# not \d: \d matches the digits of every script, Arabic-Indic too.
_FLOAT = re.compile(r"[0-9]+(\.[0-9]+)?")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_GROUPS = (8, 4, 4, 4, 12)  # the digits in each group of 8-4-4-4-12


def float_segment(segment: str) -> float | None:
    """Starlette's float: "1.5" gives 1.5, "3" gives 3.0. None for any
    other segment, and for a number too large for a float (it would be
    inf, which JSON cannot carry)."""
    if _FLOAT.fullmatch(segment) is None:
        return None
    value = float(segment)
    return value if math.isfinite(value) else None


def parse_uuid(text: str) -> uuid.UUID:
    """text as a UUID: 32 hex digits, in either case, with no hyphen or
    with the four of 8-4-4-4-12. Anything else is a ValueError that says
    why, in pydantic's words.

    uuid.UUID alone is laxer: it reads "1234_678123412341234123456789abc"
    as 01234678-1234-..., since int() skips the underscore.
    """
    for index, character in enumerate(text):
        if character not in _HEX_DIGITS and character != "-":
            raise ValueError(
                f"invalid character: found `{character}` at {index}"
            )
    groups = text.split("-")
    if len(groups) == 1 and len(text) != 32:
        raise ValueError(f"invalid length: found {len(text)}")
    if len(groups) not in (1, 5):
        raise ValueError(
            f"invalid group count: expected 5, found {len(groups)}"
        )
    if len(groups) == 5:
        for number, (group, size) in enumerate(
            zip(groups, _GROUPS, strict=True)
        ):
            if len(group) != size:
                raise ValueError(
                    f"invalid group length in group {number}: "
                    f"expected {size}, found {len(group)}"
                )
    return uuid.UUID(text)


def uuid_segment(segment: str) -> uuid.UUID | None:
    """The UUID of a segment that parse_uuid accepts; None for any other
    (the route does not match)."""
    try:
        return parse_uuid(segment)
    except ValueError:
        return None


# What each converter makes of a segment; None means "no match here".
CONVERTERS: dict[str, Callable[[str], Any]] = {
    **PART6_CONVERTERS,
    "float": float_segment,
    "uuid": uuid_segment,
}
