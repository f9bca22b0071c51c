"""Every request is answered exactly once, by every part (SPEC section 9).

Hypothesis generates requests (any method token, odd paths, arbitrary query
bytes and headers, bodies cut into chunks, disconnects mid-body; for Parts 6 and
7, paths that reach parameter routes, and queries and JSON bodies made for typed
handlers) and `check_request` asserts the properties on each answer. For Part 7's
streamed responses, it also draws when the client leaves (after any piece, by a
disconnect or by a send that raises OSError), and `check_stream` asserts them
piece by piece. The "ci" profile (tests/reliability/conftest.py) is derandomized,
so every run tries the same examples; `make fuzz` runs many more from a fresh seed.
"""

import contextlib
import importlib

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import part6.sample
import part7.sample
from tests.probes import ROUTES
from tests.reliability.conftest import PROFILE
from tests.reliability.properties import check_request, check_stream
from tests.reliability.strategies import JSON_CORNERS, Request, requests
from tests.reliability.targets import PROBE_ROUTES, RESOLVERS, TARGETS

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
test_part7_sample = answered_exactly_once("part7-sample")
test_part7_typed_handlers = answered_exactly_once("part7-typed")

# When the client of a streamed answer leaves: never (None), or once that many
# pieces have reached it, by a disconnect or by going (its sends raise OSError).
LEAVES = st.one_of(
    st.none(),
    st.tuples(st.just("disconnect"), st.integers(0, 6)),
    st.tuples(st.just("gone"), st.integers(0, 6)),
)
[STREAM_TARGET] = [target for target in TARGETS if target.name == "part7-stream"]


@settings(PROFILE, max_examples=max(1, round(PROFILE.max_examples * STREAM_TARGET.share)))
@given(data=st.data())
async def test_part7_streams(data) -> None:
    """Any request to the stream app, and a client that leaves at any piece:
    exactly one http.response.start, the pieces in order, the iterable closed,
    nothing escapes, nothing hangs."""
    request = data.draw(REQUESTS["part7-stream"], label="request")
    leave = data.draw(LEAVES, label="leave")
    event(f"part7-stream: {await check_stream(STREAM_TARGET, request, leave)}")


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
        ("part7-sample", "/users"),
        ("part7-typed", "/orders"),
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


@pytest.mark.parametrize("name", ["part6-typed", "part7-typed"])
@pytest.mark.parametrize(
    ("method", "path", "query", "body"),
    TYPED_CORNERS,
    ids=[f"{method} {path[:20]}?{query[:20]!r}" for method, path, query, _ in TYPED_CORNERS],
)
async def test_typed_corners_get_the_modelled_answer(method, path, query, body, name) -> None:
    [target] = [target for target in TARGETS if target.name == name]
    await check_request(target, Request(method, path, query, (), (body,), None))


# Streams that a derandomized search may or may not reach, checked every run: a
# client that leaves before the first piece, after some, at the last, or never;
# text pieces, an empty piece, events with line breaks.
STREAM_CORNERS = [
    ("GET", "/pieces", b"size=3&size=0&size=2&size=64", (), None),
    ("GET", "/pieces", b"size=1&size=1&size=1", (), ("disconnect", 0)),
    ("GET", "/pieces", b"size=1&size=1&size=1", (), ("disconnect", 2)),
    ("GET", "/pieces", b"size=1&size=1&size=1", (), ("gone", 0)),
    ("GET", "/pieces", b"size=1&size=1&size=1", (), ("gone", 3)),  # the end: refused
    ("HEAD", "/pieces", b"size=5", (), None),  # closed unread
    ("POST", "/echo", b"", (b"ab", b"", b"c", b"de"), ("disconnect", 1)),
    ("GET", "/events", b"data=a%0D%0Ab%0Dc&data=&data=%0A", (), None),
    ("GET", "/events", b"data=x&data=y", (), ("gone", 1)),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "chunks", "leave"),
    STREAM_CORNERS,
    ids=[f"{m} {p}?{q[:16]!r} {leave}" for m, p, q, _chunks, leave in STREAM_CORNERS],
)
async def test_stream_corners(method, path, query, chunks, leave) -> None:
    request = Request(method, path, query, (), chunks or (b"",), None)
    await check_stream(STREAM_TARGET, request, leave)


# The Part 7 sample's countdown, checked every run: whole, as HEAD, refused, and
# left by its client (a disconnect among the request's messages).
SAMPLE7_CORNERS = [
    ("GET", b"start=3&every=0", None),
    ("GET", b"start=100&every=0", None),
    ("HEAD", b"start=2&every=0", None),
    ("GET", b"start=101&every=0", None),
    ("GET", b"start=x&every=nan", None),
    ("GET", b"start=2&every=0", 0),
    ("GET", b"start=50&every=0", 1),
]


@pytest.mark.parametrize(("method", "query", "disconnect_after"), SAMPLE7_CORNERS)
async def test_the_countdown_corners(method, query, disconnect_after) -> None:
    [target] = [target for target in TARGETS if target.name == "part7-sample"]
    request = Request(method, "/events", query, (), (b"", b""), disconnect_after)
    await check_request(target, request)


def test_the_template_oracles_know_the_methods_of_every_known_path() -> None:
    routers = {
        "part6-sample": part6.sample.framework.router,
        "part7-sample": part7.sample.framework.router,
    }
    for target in TARGETS:
        if target.name not in RESOLVERS:
            continue
        router = routers.get(target.name) or target.app.router
        exceptions = importlib.import_module(f"{target.part}.exceptions")
        resolve = RESOLVERS[target.name]
        for path in target.known_paths:
            methods = set()
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                with contextlib.suppress(exceptions.MethodNotAllowedException):
                    if router.match(path, method) is not None:
                        methods.add(method)
            segments = tuple(segment for segment in path.split("/") if segment)
            route = resolve(segments)
            assert (route.methods if route else set()) == methods, (target.name, path)
