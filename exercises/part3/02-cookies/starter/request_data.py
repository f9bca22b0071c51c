"""RequestData that reads the client's cookies. Edit this file."""

from typing import Any

from part3.request_data import RequestData as Part3RequestData


class RequestData(Part3RequestData[Any, Any]):
    """Part 3's RequestData, which can also read the cookies."""

    async def get_cookies(self) -> dict[str, str]:
        """Return the cookies the client sent, by name."""
        raise NotImplementedError("read the cookie headers of the scope")
