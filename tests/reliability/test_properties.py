"""Every request is answered exactly once, by every part (SPEC section 9).

Hypothesis generates requests (any method token, odd paths, arbitrary query
bytes and headers, bodies cut into chunks, disconnects mid-body) and
`check_request` asserts the properties on each answer. The "ci" profile
(tests/reliability/conftest.py) is derandomized, so every run tries the same
examples; `make fuzz` runs many more from a fresh seed.
"""

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.probes import ROUTES
from tests.reliability.conftest import PROFILE
from tests.reliability.properties import check_request
from tests.reliability.strategies import JSON_CORNERS, Request, requests
from tests.reliability.targets import PROBE_ROUTES, TARGETS

# Not traced by coverage: hypothesis's engine under the tracer takes twice as
# long, and the unit tests reach every line of the parts on their own.
pytestmark = pytest.mark.no_cover

# Built once per target: building a strategy costs more than drawing from it.
REQUESTS = {target.name: requests(target.known_paths, target.focus_paths) for target in TARGETS}


def answered_exactly_once(name: str):
    """The property test for one target, with its share of the profile's examples
    (see targets.py for why the shares differ)."""
    [target] = [target for target in TARGETS if target.name == name]
    examples = max(1, round(PROFILE.max_examples * target.share))

    @settings(PROFILE, max_examples=examples)
    @given(data=st.data())
    async def test_every_request_is_answered_exactly_once(data) -> None:
        request = data.draw(REQUESTS[name], label="request")
        event(f"{name}: {await check_request(target, request)}")

    return test_every_request_is_answered_exactly_once


test_part1_sample = answered_exactly_once("part1-sample")
test_part2_sample = answered_exactly_once("part2-sample")
test_part3_sample = answered_exactly_once("part3-sample")
test_part3_probe = answered_exactly_once("part3-probe")


# The routes that parse JSON. (The others take the same bodies as opaque bytes,
# which the generated requests cover.)
JSON_ROUTES = [
    (target, path)
    for target in TARGETS
    for path in target.focus_paths
    if (target.name, path) in {("part3-sample", "/about/careers"), ("part3-probe", "/json")}
]


@pytest.mark.parametrize("body", JSON_CORNERS, ids=[repr(body[:16]) for body in JSON_CORNERS])
@pytest.mark.parametrize(
    ("target", "path"), JSON_ROUTES, ids=[f"{t.name}{p}" for t, p in JSON_ROUTES]
)
async def test_json_corners_get_a_clean_answer(target, path, body) -> None:
    """The corners of JSON, whole and split around an empty chunk, checked every run:
    a derandomized search may or may not reach them."""
    half = len(body) // 2
    for chunks in [(body,), (body[:half], b"", body[half:])]:
        await check_request(target, Request("POST", path, b"", (), chunks, None))


def test_the_oracle_knows_exactly_the_probe_routes() -> None:
    oracle = {"/" + "/".join(segments): route.methods for segments, route in PROBE_ROUTES.items()}
    assert oracle == {path: frozenset(methods) for path, methods in ROUTES.items()}
