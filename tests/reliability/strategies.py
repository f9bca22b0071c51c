"""Hypothesis strategies for anything a client can send: the request as the app sees it.

A `Request` is a scope plus the `http.request` messages the server would play
to the app: the body cut into chunks (some empty, some with more_body=True and
no bytes), possibly ending in `http.disconnect` before the body is complete.
"""

import json
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from tests.asgi import DISCONNECT, http_scope

TOKEN_CHARACTERS = "!#$%&'*+-.^_`|~" + string.ascii_letters + string.digits
COMMON_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]
MADE_UP_METHODS = ["BREW", "PROPFIND", "get", "Post", "GETS", "-", "~"]

# Segments a client might send that a router could trip on.
ODD_SEGMENTS = ["", ".", "..", "%", "%2F", "%00", "%zz", "café", "日本", " ", "?", "#", ";x=1"]

# Bodies that look like JSON, including the corners: constants JSON does not
# have, numbers out of range, lone surrogates, a BOM, deep nesting.
JSON_CORNERS = [
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1e999",
    b'"\\ud800"',
    b'{"a": "\\udfff"}',
    b"\xef\xbb\xbf[1]",
    b"[1,]",
    b"{nope",
    b"  0  ",
    b"[" * 50 + b"]" * 50,
    b"[" * 5000 + b"]" * 5000,
    b'"\xff"',
    b"\xc3",
]

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=6,
)

body_contents = st.one_of(
    st.just(b""),
    st.binary(max_size=48),
    _json_values.map(lambda value: json.dumps(value).encode("utf-8")),
    st.sampled_from(JSON_CORNERS),
    st.sampled_from(JSON_CORNERS),  # twice: the corners are where bugs hide
)


@dataclass(frozen=True)
class Request:
    """What the app is given: a scope, and the messages `receive()` returns in order."""

    method: str
    path: str
    query_string: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    chunks: tuple[bytes, ...]
    disconnect_after: int | None  # None: the body is complete; n: n chunks, then a disconnect

    def scope(self, method: str | None = None) -> dict[str, Any]:
        return http_scope(method or self.method, self.path, self.query_string, self.headers)

    def messages(self) -> list[dict[str, Any]]:
        if self.disconnect_after is not None:
            sent = self.chunks[: self.disconnect_after]
            return [{"type": "http.request", "body": c, "more_body": True} for c in sent] + [
                DISCONNECT
            ]
        last = len(self.chunks) - 1
        return [
            {"type": "http.request", "body": chunk, "more_body": index < last}
            for index, chunk in enumerate(self.chunks)
        ]

    @property
    def body(self) -> bytes | None:
        """The whole body, or None when the client leaves before sending it all."""
        return None if self.disconnect_after is not None else b"".join(self.chunks)

    @property
    def segments(self) -> tuple[str, ...]:
        """The path's non-empty segments: how Part 3's router sees it."""
        return tuple(segment for segment in self.path.split("/") if segment)


_ROUTED_METHODS = st.sampled_from(["GET", "POST", "HEAD", "PUT"])
_OTHER_METHODS = st.sampled_from(COMMON_METHODS + MADE_UP_METHODS)
_ANY_TOKEN = st.text(TOKEN_CHARACTERS, min_size=1, max_size=10)


@st.composite
def _methods(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind < 6:
        return draw(_ROUTED_METHODS)
    return draw(_OTHER_METHODS if kind < 8 else _ANY_TOKEN)


# Mostly the methods routes are registered for, so most requests reach a
# handler; the rest are other common methods, made-up ones and any token.
methods = _methods()


def paths(known_paths: list[str], focus_paths: list[str]) -> st.SearchStrategy[str]:
    """Known routes (focus_paths more often), the same with extra slashes, and
    made-up paths with odd segments."""
    segment = st.one_of(
        st.sampled_from(ODD_SEGMENTS),
        st.sampled_from([s for p in known_paths for s in p.split("/") if s] or ["x"]),
        st.text(st.characters(codec="utf-8", exclude_characters="/"), max_size=6),
    )
    made_up = st.lists(segment, max_size=5).map(lambda segments: "/" + "/".join(segments))
    with_slashes = st.builds(
        lambda path, leading, trailing: leading + path + trailing,
        st.sampled_from(known_paths),
        st.sampled_from(["", "/", "//"]),
        st.sampled_from(["", "/", "//"]),
    )
    focus = st.sampled_from(focus_paths or known_paths)
    return st.one_of(st.sampled_from(known_paths), focus, focus, with_slashes, made_up)


_query_pairs = st.lists(st.tuples(st.text(max_size=5), st.text(max_size=5)), max_size=4).map(
    lambda pairs: "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs).encode("ascii")
)

query_strings = st.one_of(
    st.just(b""),
    _query_pairs,
    st.binary(max_size=32),
    st.sampled_from([b"a=1&a=2&b=", b"%zz=%ff&&=&x", b"q=\xff\xfe", b"a[]=1;b=2", b"=" * 5]),
)

_header_names = st.one_of(
    st.sampled_from(
        [b"host", b"content-type", b"content-length", b"transfer-encoding", b"x-token", b"accept"]
    ),
    st.text(TOKEN_CHARACTERS, min_size=1, max_size=8).map(lambda t: t.lower().encode("ascii")),
)
headers = st.lists(st.tuples(_header_names, st.binary(max_size=16)), max_size=6).map(tuple)


def typed_queries(values: dict[str, list[str]]) -> st.SearchStrategy[bytes]:
    """Query strings for typed handlers: their parameter names (and others), each
    with texts their types accept or refuse, repeated keys included."""
    pair = st.one_of(
        [
            st.tuples(st.just(name), st.sampled_from(texts) | st.text(max_size=4))
            for name, texts in sorted(values.items())
        ]
    )
    other = st.tuples(st.text(max_size=4), st.text(max_size=4))
    return st.lists(pair | other, max_size=6).map(
        lambda pairs: "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs).encode("ascii")
    )


def typed_bodies(
    fields: dict[str, st.SearchStrategy[Any]], required: list[str]
) -> st.SearchStrategy[bytes]:
    """JSON bodies for a dataclass parameter: objects with its required fields,
    each a value that fits (its strategy), and some others; objects with any of
    its fields, each a value that fits or any JSON value; any JSON value."""
    values = {name: st.one_of(fits, json_field_values) for name, fits in fields.items()}
    others = {name: value for name, value in values.items() if name not in required}
    complete = st.fixed_dictionaries(
        {name: fields[name] for name in required}, optional={**others, "extra": _json_values}
    )
    partial = st.fixed_dictionaries({}, optional={**values, "extra": _json_values})
    return st.one_of(complete, partial, _json_values).map(
        lambda value: json.dumps(value).encode("utf-8")
    )


# Values of a JSON field: every JSON type, numbers at the edges included.
json_field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, 1, 2.0, 2.5, -1e300, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.lists(st.integers() | st.text(max_size=2) | st.none(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def requests(
    known_paths: list[str],
    focus_paths: list[str] = (),
    queries: st.SearchStrategy[bytes] | None = None,
    bodies: st.SearchStrategy[bytes] | None = None,
    routes: list[tuple[str, str]] = (),
) -> st.SearchStrategy[Request]:
    """Any request a client can send to an app with these known paths. The
    focus paths (say, the routes that read the body) are aimed at more often;
    queries and bodies, for typed handlers, are drawn as often as any other;
    and half the requests go to one of routes (method, path), if given, so that
    most reach a handler."""
    path_strategy = paths(known_paths, list(focus_paths))
    query_strategy = query_strings if queries is None else st.one_of(queries, query_strings)
    body_strategy = body_contents if bodies is None else st.one_of(bodies, body_contents)

    @st.composite
    def build(draw: st.DrawFn) -> Request:
        # A request to one of routes gets a query and a body made for it.
        routed = bool(routes) and draw(st.booleans())
        body = draw(bodies if routed and bodies is not None else body_strategy)
        # Cut the body at random points, and mix in empty chunks.
        cuts = sorted(draw(st.lists(st.integers(0, len(body)), max_size=4)))
        chunks = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
        for _ in range(draw(st.integers(0, 2))):
            chunks.insert(draw(st.integers(0, len(chunks))), b"")
        if routed:
            method, path = draw(st.sampled_from(routes))
        else:
            method, path = draw(methods), draw(path_strategy)
        query = draw(queries if routed and queries is not None else query_strategy)
        return Request(
            method=method,
            path=path,
            query_string=query,
            headers=draw(headers),
            chunks=tuple(chunks),
            disconnect_after=draw(st.none() | st.none() | st.integers(0, len(chunks))),
        )

    return build()
