"""`ApiRouter`: collect routes with decorators, for `App.include_routes`."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .types import BodyExtractor, Endpoint, Methods, QueryExtractor

Decorator = Callable[[Endpoint], Endpoint]


@dataclass(frozen=True, slots=True)
class RouteDefinition:
    """One registration, kept until `App.include_routes` adds it."""

    path: str
    handler: Endpoint
    method: Methods
    query_string_extractor: QueryExtractor[Any] | None
    body_extractor: BodyExtractor[Any] | None
    status_code: int = 200  # for what the handler returns as plain data
    websocket: bool = False  # a WebSocket route: its handshake is a GET


class ApiRouter:
    """A group of routes, declared with decorators such as `@router.get`.

    Nothing is routed until the app takes them, in `App.include_routes`.
    """

    def __init__(self) -> None:
        self.routes: list[RouteDefinition] = []

    def multi_methods(
        self,
        path: str,
        methods: Iterable[Methods],
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler at path, for each of methods.
        status_code is the status of what it returns as plain data."""

        def decorator(handler: Endpoint) -> Endpoint:
            for method in methods:
                definition = RouteDefinition(
                    path,
                    handler,
                    Methods(method),
                    query_string_extractor=query_string_extractor,
                    body_extractor=body_extractor,
                    status_code=status_code,
                )
                self.routes.append(definition)
            return handler

        return decorator

    def get(
        self,
        path: str,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler for GET at path."""
        return self.multi_methods(
            path,
            [Methods.GET],
            query_string_extractor,
            body_extractor,
            status_code,
        )

    def post(
        self,
        path: str,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler for POST at path."""
        return self.multi_methods(
            path,
            [Methods.POST],
            query_string_extractor,
            body_extractor,
            status_code,
        )

    def put(
        self,
        path: str,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler for PUT at path."""
        return self.multi_methods(
            path,
            [Methods.PUT],
            query_string_extractor,
            body_extractor,
            status_code,
        )

    def patch(
        self,
        path: str,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler for PATCH at path."""
        return self.multi_methods(
            path,
            [Methods.PATCH],
            query_string_extractor,
            body_extractor,
            status_code,
        )

    def delete(
        self,
        path: str,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
        status_code: int = 200,
    ) -> Decorator:
        """Register the decorated handler for DELETE at path."""
        return self.multi_methods(
            path,
            [Methods.DELETE],
            query_string_extractor,
            body_extractor,
            status_code,
        )

    def websocket(self, path: str) -> Decorator:
        """Register the decorated handler for WebSockets at path. It takes
        a WebSocket (by annotation, or by the name websocket), and path and
        query parameters as an HTTP handler does."""

        def decorator(handler: Endpoint) -> Endpoint:
            definition = RouteDefinition(
                path, handler, Methods.GET, None, None, websocket=True
            )
            self.routes.append(definition)
            return handler

        return decorator
