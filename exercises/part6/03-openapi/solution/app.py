"""Part 6's App, which serves its OpenAPI document at /openapi.json.

Nothing to change here: the document is made by openapi() of openapi.py,
from the routes that include_routes added, the first time it is asked
for, and kept.
"""

from typing import Any

from part6.api_router import ApiRouter, RouteDefinition
from part6.app import App as Part6App
from part6.app import Lifespan
from part6.request_data import RequestData

from .openapi import openapi


class App(Part6App):
    """Part 6's App, with GET /openapi.json. title and version go into the
    document's info."""

    def __init__(
        self,
        lifespan: Lifespan | None = None,
        *,
        title: str = "App",
        version: str = "0.1.0",
        **options: Any,
    ) -> None:
        super().__init__(lifespan, **options)
        self.title = title
        self.version = version
        self.documented: list[RouteDefinition] = []
        self._document: dict[str, Any] | None = None

    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Part 6's include_routes, plus GET /openapi.json, which the
        document leaves out, as FastAPI's does."""
        docs = ApiRouter()
        docs.get("/openapi.json")(self.openapi_json)
        super().include_routes([*routers, docs])
        self.documented = [route for api in routers for route in api.routes]

    async def openapi_json(
        self, request_data: RequestData[Any, Any]
    ) -> dict[str, Any]:
        """The document, made the first time it is asked for."""
        if self._document is None:
            self._document = openapi(
                self.documented, title=self.title, version=self.version
            )
        return self._document
