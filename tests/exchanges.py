"""The pieces of the behaviour table (tests/behaviours.py): a request, an answer, a check.

`run(probe, sent)` calls a probe app like a server would and records everything
(messages sent, `receive()` calls, what escaped, the log, what handlers saw);
`Answer.problems(trace)` says in words how the trace differs from the answer
written down, and `Answer.describe()` writes that answer for the page.
"""

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.asgi import (
    DISCONNECT,
    Recorder,
    body_messages,
    http_scope,
    response_of,
)
from tests.probes import SECRET, Probe

TIMEOUT = 1.0  # seconds; an in-process call takes well under a millisecond


# --- What is sent ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One request as the app sees it: a scope, and what `receive()` returns in turn."""

    label: str
    scope: dict[str, Any]
    messages: tuple[dict[str, Any], ...]


def http(
    method: str,
    path: str,
    *chunks: bytes,
    query: bytes = b"",
    headers: tuple[tuple[bytes, bytes], ...] = (),
    root_path: str = "",
    disconnect: bool = False,
    label: str = "",
) -> Sent:
    """An HTTP request; the body in chunks (none: empty). With disconnect, the
    client leaves after the chunks, each sent with more_body=True."""
    scope = {**http_scope(method, path, query, headers), "root_path": root_path}
    if disconnect:
        messages = [{"type": "http.request", "body": c, "more_body": True} for c in chunks]
        messages.append(DISCONNECT)
    else:
        messages = body_messages(*chunks)
    request = f"{method} {path}" + (f"?{query.decode('latin-1')}" if query else "")
    return Sent(f"`{request}`{label}", scope, tuple(messages))


def other(scope: dict[str, Any], *messages: dict[str, Any]) -> Sent:
    """A scope that is not HTTP, and the messages the server sends the app."""
    return Sent(f"a `{scope['type']}` scope", scope, messages)


# --- What happens ------------------------------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))  # with the traceback, if any


@dataclass
class Trace:
    """One call of the app: what it received and sent, what escaped, what was logged."""

    recorder: Recorder
    seen: dict[str, Any]
    raised: str | None  # the name of an exception that escaped the app
    hung: bool
    log: str

    def response(self) -> tuple[int, dict[str, str], bytes] | None:
        try:
            return response_of(self.recorder)
        except (AssertionError, ValueError, KeyError):
            return None


async def run(target: Probe, sent: Sent) -> Trace:
    """Call the probe's app like a server would, with a timeout, capturing the log."""
    target.seen.clear()
    recorder = Recorder(sent.messages)
    capture = _Capture()
    logger = logging.getLogger(target.part)  # the framework's loggers: part3.app, ...
    level, propagate = logger.level, logger.propagate
    logger.addHandler(capture)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # expected tracebacks stay out of other logs
    raised, hung = None, False
    try:
        await asyncio.wait_for(target.app(sent.scope, recorder.receive, recorder.send), TIMEOUT)
    except TimeoutError:
        hung = True
    except Exception as exc:
        raised = type(exc).__name__
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)  # setLevel, not .level: it clears the loggers' cache
        logger.propagate = propagate
    return Trace(recorder, dict(target.seen), raised, hung, "\n".join(capture.lines))


# --- What is expected --------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What one request must get. Fields left at None are not checked.

    Always checked: the app neither hangs nor lets an exception escape (unless
    `raises` names it), and no body it sends contains the probe's SECRET.
    """

    status: int | range | None = None  # a complete, single response with this status
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # present, with these values
    length_matches: bool = False  # content-length is present and equals the body's length
    sent: tuple[dict[str, Any], ...] | None = None  # exactly these messages
    received: int | None = None  # how many times the app called receive()
    seen: Mapping[str, Any] | None = None  # exactly what the handlers observed
    log: tuple[str, ...] = ()  # each appears in the log (tracebacks included)
    raises: str | None = None  # this exception escapes the app

    def problems(self, trace: Trace) -> list[str]:
        """What is wrong with trace, in words; empty if it is this answer."""
        if trace.hung:
            return ["hangs waiting on receive()"]
        found = []
        if trace.raised != self.raises:
            found.append(f"{trace.raised or 'nothing'} escapes the app")
        bodies = b"".join(m.get("body", b"") for m in trace.recorder.sent)
        if SECRET.encode() in bodies:
            found.append("a handler's exception detail reaches the client")
        if self.sent is not None and trace.recorder.sent != list(self.sent):
            found.append(f"sends {trace.recorder.sent}")
        if self.received is not None and trace.recorder.received != self.received:
            found.append(f"calls receive() {trace.recorder.received} times")
        if self.seen is not None and trace.seen != self.seen:
            found.append(f"the handler sees {trace.seen!a}")
        found += [f"the log lacks {text!r}" for text in self.log if text not in trace.log]
        checks_response = self.status, self.body, self.headers, self.length_matches
        if checks_response == (None, None, {}, False):
            return found
        response = trace.response()
        if response is None:
            return [
                *found,
                f"sends no single complete response: {trace.recorder.sent}",
            ]
        status, headers, body = response
        allowed = self.status if isinstance(self.status, range) else [self.status]
        if self.status is not None and status not in allowed:
            found.append(f"answers {status}")
        if self.body is not None and body != self.body:
            found.append(f"sends the body {body[:60]!r}")
        found += [
            f"sends {name}: {headers.get(name)}"
            for name, value in self.headers.items()
            if headers.get(name) != value
        ]
        if self.length_matches and headers.get("content-length") != str(len(body)):
            found.append(f"content-length {headers.get('content-length')}, body {len(body)}")
        return found

    def describe(self) -> str:
        """This answer in words, for the page."""
        words = []
        if self.raises:
            words.append(f"`{self.raises}` escapes the app")
        if self.sent is not None:
            kinds = ", then ".join(f"`{m['type']}`" for m in self.sent)
            words.append(f"sends {kinds}" if self.sent else "sends nothing")
        if isinstance(self.status, int):
            words.append(f"answers {self.status}")
        elif self.status is not None:
            words.append("answers exactly once: one start message, then the whole body")
        if self.body is not None:
            words[-1] += " " + _describe_body(self.body)
        if self.headers:
            words.append("with " + ", ".join(f"`{k}: {v}`" for k, v in self.headers.items()))
        if self.length_matches:
            words.append("always with a `content-length` equal to the body's length")
        if self.received is not None:
            words.append(f"after {self.received} `receive()` call{'s' * (self.received != 1)}")
        if self.seen is not None:
            words.append(f"the handler sees `{dict(self.seen)!a}`")
        if self.log:
            words.append("the log has " + " and ".join(f"`{text}`" for text in self.log))
        return ", ".join(words)


def _describe_body(body: bytes) -> str:
    if not body:
        return "with an empty body"
    if len(body) > 60:
        return f"with a {len(body)}-byte body"
    return f"`{body.decode('latin-1')}`"
