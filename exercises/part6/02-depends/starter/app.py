"""Part 6's App, whose handlers are planned by depends.py.

Nothing to change here: routes are added as in Part 6, but each handler's
plan comes from plan_handler of depends.py.
"""

from part6.api_router import ApiRouter
from part6.app import App as Part6App

from .depends import plan_handler


class App(Part6App):
    """Part 6's App, whose handlers may take Depends(...) parameters."""

    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Part 6's include_routes, with the plan_handler of depends.py."""
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
