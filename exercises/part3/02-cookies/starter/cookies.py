"""Cookies on the way out, for any response. Edit this file."""

from part3.http_responses import BaseHTTPResponse


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
    """Add a set-cookie header to response, next to any already there."""
    raise NotImplementedError("check the arguments, append a set-cookie")


def delete_cookie(
    response: BaseHTTPResponse, key: str, *, path: str = "/"
) -> None:
    """Tell the client to forget the cookie key (set at path)."""
    raise NotImplementedError("a cookie that expires at once")
