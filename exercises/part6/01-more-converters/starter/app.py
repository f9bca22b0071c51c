"""Part 6's App, with this package's Router and plan.

Nothing to change here: routes are added as in Part 6, but to the Router
of router.py, and planned by plan_handler of params.py.
"""

from typing import Any

from part6.api_router import ApiRouter
from part6.app import App as Part6App

from .params import plan_handler
from .router import Router


class App(Part6App):
    """Part 6's App, whose routes may use the converters of converters.py
    and whose handlers may take uuid.UUID parameters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.router = Router()

    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Part 6's include_routes, with this package's plan_handler."""
        super().include_routes([])  # Part 6's check: once only
        for api_router in routers:
            for route in api_router.routes:
                self.router.add_route(
                    route.path,
                    self._build_chain(plan_handler(route).step),
                    route.method,
                    query_string_extractor=route.query_string_extractor,
                    body_extractor=route.body_extractor,
                )
