"""Cookies on the way out, for any response."""

import re

from part3.http_responses import BaseHTTPResponse

# RFC 6265: a cookie's name is an HTTP token; its value is printable ASCII
# without space, '"', ",", ";" and "\"; its path any printable ASCII but
# ";". Anything else could end the header early, so it is refused.
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_VALUE = re.compile(r"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")
_PATH = re.compile(r"[\x20-\x3A\x3C-\x7E]*")
SAME_SITE = {"strict": "Strict", "lax": "Lax", "none": "None"}


def set_cookie(
    response: BaseHTTPResponse,
    key: str,
    value: str,
    *,
    max_age: int | None = None,
    path: str = "/",
    secure: bool = False,
    http_only: bool = True,
    same_site: str | None = "lax",
) -> None:
    """Add a set-cookie header to response, next to any already there.

    `set_cookie(response, "session", "abc")` sends
    `set-cookie: session=abc; Path=/; HttpOnly; SameSite=Lax`. A name or
    value that a cookie cannot hold is a ValueError (encode the value
    first), and so is SameSite=None without secure, which browsers refuse.
    """
    if not _NAME.fullmatch(key):
        raise ValueError(f"{key!r} is not a valid cookie name")
    if not _VALUE.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid cookie value")
    if not _PATH.fullmatch(path):
        raise ValueError(f"{path!r} is not a valid cookie path")
    attributes = [f"{key}={value}", f"Path={path}"]
    if max_age is not None:
        attributes.append(f"Max-Age={max_age}")
    if secure:
        attributes.append("Secure")
    if http_only:
        attributes.append("HttpOnly")
    if same_site is not None:
        if same_site.lower() not in SAME_SITE:
            raise ValueError(f"same_site is one of {list(SAME_SITE)}")
        if same_site.lower() == "none" and not secure:
            raise ValueError("SameSite=None needs secure=True")
        attributes.append(f"SameSite={SAME_SITE[same_site.lower()]}")
    # Not add_header, which replaces a header of the same name: every
    # cookie needs a set-cookie header of its own.
    header = "; ".join(attributes).encode("latin-1")
    response.raw_headers.append((b"set-cookie", header))


def delete_cookie(
    response: BaseHTTPResponse, key: str, *, path: str = "/"
) -> None:
    """Tell the client to forget the cookie key (set at path): the same
    cookie, empty, with Max-Age=0."""
    set_cookie(response, key, "", max_age=0, path=path)
