"""Two more kinds of response: HTML and redirects. Edit this file."""

from part3.http_responses import BaseHTTPResponse, Headers, TextResponse
from part3.types import StatusCode


class HTMLResponse(TextResponse):
    """An HTML page, sent as text/html."""

    # TODO: say it is HTML.


class RedirectResponse(BaseHTTPResponse):
    """A redirect to url: an empty body and a location header."""

    def __init__(
        self,
        url: str,
        status_code: int = StatusCode.TEMPORARY_REDIRECT,
        headers: Headers = None,
    ) -> None:
        raise NotImplementedError("check the status, build the response")
