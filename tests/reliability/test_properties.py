"""Every request is answered exactly once, by every part (SPEC section 9).

Hypothesis generates requests (any method token, odd paths, arbitrary query
bytes and headers, bodies cut into chunks, disconnects mid-body; for Part 6,
paths that reach parameter routes, and queries and JSON bodies made for typed
handlers) and `check_request` asserts the properties on each answer. The "ci" profile
(tests/reliability/conftest.py) is derandomized, so every run tries the same
examples; `make fuzz` runs many more from a fresh seed.
"""

import contextlib

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import part6.sample
from part6.exceptions import MethodNotAllowedException
from tests.probes import ROUTES
from tests.reliability.conftest import PROFILE
from tests.reliability.properties import check_request
from tests.reliability.strategies import JSON_CORNERS, Request, requests
from tests.reliability.targets import PART6_RESOLVERS, PROBE_ROUTES, TARGETS

# Not traced by coverage: hypothesis's engine under the tracer takes twice as
# long, and the unit tests reach every line of the parts on their own.
pytestmark = pytest.mark.no_cover

# Built once per target: building a strategy costs more than drawing from it.
REQUESTS = {
    target.name: requests(
        target.known_paths, target.focus_paths, target.queries, target.bodies, target.routes
    )
    for target in TARGETS
}


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
test_part6_sample = answered_exactly_once("part6-sample")
test_part6_typed_handlers = answered_exactly_once("part6-typed")


# The routes that parse JSON. (The others take the same bodies as opaque bytes,
# which the generated requests cover.)
JSON_ROUTES = [
    (target, path)
    for target in TARGETS
    for path in target.focus_paths
    if (target.name, path)
    in {
        ("part3-sample", "/about/careers"),
        ("part3-probe", "/json"),
        ("part6-sample", "/users"),
        ("part6-typed", "/orders"),
    }
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


# Requests to the Part 6 app of typed handlers that a derandomized search may or
# may not reach, checked against the oracle's model every run: each conversion
# rule, a list item, the order of the errors, the backtracking, the rest of a path.
TYPED_CORNERS = [
    ("GET", "/orders/12", b"ratio=nan&limit=1_0&flag=t&ids=1&ids=x&ids=%2B3&q=a&q=b", b""),
    ("GET", "/orders/12", b"ratio=%D9%A1&limit=" + b"1" * 4301 + b"&flag=oFF", b""),
    ("GET", "/orders/12", b"ratio=1e400&limit=-7&flag=%201", b""),
    ("GET", "/orders/0012", b"ratio=.5&limit=%2B7&flag=YES&ids=", b""),
    ("GET", "/orders/" + "9" * 4301, b"", b""),  # no match: a 404
    ("HEAD", "/orders/12", b"limit=x", b""),
    ("POST", "/orders", b"dry_run=t", b'{"customer": 1, "lines": [{"quantity": 2.5}, 3]}'),
    (
        "POST",
        "/orders",
        b"dry_run=on",
        b'{"customer": "a", "lines": [], "total": 1%s}' % (b"0" * 400),
    ),
    (
        "POST",
        "/orders",
        b"",
        b'{"customer": "a", "lines": [{"sku": "x"}], "total": 2, "note": null}',
    ),
    ("POST", "/orders", b"", b'{"customer": "a", "lines": [], "total": 1, "codes": [1, true]}'),
    ("POST", "/orders", b"dry_run=2", b"{nope"),
    ("POST", "/orders", b"", b"null"),
    ("POST", "/orders", b"", b""),
    ("GET", "/users/me/orders/3", b"", b""),
    ("GET", "/users/me/profile", b"", b""),
    ("GET", "/users/me", b"", b""),
    ("POST", "/orders/latest", b"", b""),
    ("GET", "//files//a//b/", b"", b""),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "body"),
    TYPED_CORNERS,
    ids=[f"{method} {path[:20]}?{query[:20]!r}" for method, path, query, _ in TYPED_CORNERS],
)
async def test_typed_corners_get_the_modelled_answer(method, path, query, body) -> None:
    [target] = [target for target in TARGETS if target.name == "part6-typed"]
    await check_request(target, Request(method, path, query, (), (body,), None))


def test_the_part6_oracles_know_the_methods_of_every_known_path() -> None:
    routers = {"part6-sample": part6.sample.framework.router}
    for target in TARGETS:
        if target.part != "part6":
            continue
        router = routers.get(target.name) or target.app.router
        resolve = PART6_RESOLVERS[target.name]
        for path in target.known_paths:
            methods = set()
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                with contextlib.suppress(MethodNotAllowedException):
                    if router.match(path, method) is not None:
                        methods.add(method)
            segments = tuple(segment for segment in path.split("/") if segment)
            assert resolve(segments).methods == methods, (target.name, path)
