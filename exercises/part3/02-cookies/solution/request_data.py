"""RequestData that reads the client's cookies."""

from typing import Any

from part3.request_data import RequestData as Part3RequestData


class RequestData(Part3RequestData[Any, Any]):
    """Part 3's RequestData, which can also read the cookies.

    `cookie: session=abc; theme="dark"` gives
    {"session": "abc", "theme": "dark"}.
    """

    async def get_cookies(self) -> dict[str, str]:
        """Return the cookies the client sent, by name.

        Every cookie header counts: an HTTP/2 client may send one per
        cookie. They are read from the scope, because get_headers() joins
        repeated headers with ", ", which suits other headers but not this
        one. A pair without "=" or without a name is skipped; for a name
        sent twice, the first value wins (browsers send the cookie of the
        most specific path first); a value in double quotes loses them.
        """
        cookies: dict[str, str] = {}
        for name, raw_value in self._scope.get("headers", ()):
            if name.lower() != b"cookie":
                continue
            for pair in raw_value.decode("latin-1").split(";"):
                key, equals, value = pair.partition("=")
                key, value = key.strip(), value.strip()
                if not equals or not key or key in cookies:
                    continue
                if len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1]
                cookies[key] = value
        return cookies
