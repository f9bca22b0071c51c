"""`ApiRouter`: collect routes with decorators, then hand them to `App.include_routes`."""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from .types import BodyExtractor, HandlerType, Methods, QueryExtractor


# --8<-- [start:definition]
class RouteDefinition(NamedTuple):
    """One registration, in the order of `Router.add_route`'s parameters."""

    path: str
    handler: HandlerType
    method: Methods
    query_string_extractor: QueryExtractor | None
    body_extractor: BodyExtractor | None


# --8<-- [end:definition]


# --8<-- [start:api_router]
class ApiRouter:
    """A group of routes, declared with decorators.

    >>> users = ApiRouter()
    >>> @users.get("/users")
    ... async def list_users(request_data): ...
    """

    def __init__(self) -> None:
        self.routes: list[RouteDefinition] = []

    def multi_methods(
        self,
        path: str,
        methods: Iterable[Methods],
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for every method in methods at path."""

        def decorator(handler: HandlerType) -> HandlerType:
            for method in methods:
                definition = RouteDefinition(
                    path, handler, Methods(method), query_string_extractor, body_extractor
                )
                self.routes.append(definition)
            return handler

        return decorator

    # --8<-- [end:api_router]

    # --8<-- [start:shortcuts]
    def get(
        self,
        path: str,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for GET at path."""
        return self.multi_methods(path, [Methods.GET], query_string_extractor, body_extractor)

    def post(
        self,
        path: str,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for POST at path."""
        return self.multi_methods(path, [Methods.POST], query_string_extractor, body_extractor)

    def put(
        self,
        path: str,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for PUT at path."""
        return self.multi_methods(path, [Methods.PUT], query_string_extractor, body_extractor)

    def patch(
        self,
        path: str,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for PATCH at path."""
        return self.multi_methods(path, [Methods.PATCH], query_string_extractor, body_extractor)

    def delete(
        self,
        path: str,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> Callable[[HandlerType], HandlerType]:
        """Register the decorated handler for DELETE at path."""
        return self.multi_methods(path, [Methods.DELETE], query_string_extractor, body_extractor)

    # --8<-- [end:shortcuts]
