"""Two more kinds of response: HTML and redirects."""

from urllib.parse import quote

from part3.http_responses import BaseHTTPResponse, Headers, TextResponse
from part3.types import StatusCode

REDIRECTS = frozenset({301, 302, 303, 307, 308})

# What quote leaves alone in a URL: its delimiters, and "%", so that an
# escape already in the URL stays as it is. Letters, digits and "-._~"
# are always left alone; everything else is percent-encoded.
URL_SAFE = ":/?#[]@!$&'()*+,;=%"


class HTMLResponse(TextResponse):
    """An HTML page, sent as text/html; its body is taken as TextResponse
    takes it: str, bytes as they are, None as empty."""

    media_type = "text/html"


class RedirectResponse(BaseHTTPResponse):
    """A redirect to url: an empty body and a location header.

    307 (the default) and 308 make the client repeat the same method;
    303 makes it GET the new URL, as after a form POST; 301 and 302 are
    the older codes. Any other status is a ValueError. A location holds
    ASCII only: `RedirectResponse("/café")` sends `location: /caf%C3%A9`.
    """

    def __init__(
        self,
        url: str,
        status_code: int = StatusCode.TEMPORARY_REDIRECT,
        headers: Headers = None,
    ) -> None:
        if status_code not in REDIRECTS:
            raise ValueError(f"{status_code} is not a redirect status")
        super().__init__(b"", status_code, headers)
        self.add_header("location", quote(url, safe=URL_SAFE))
