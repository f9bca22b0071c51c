"""Dependencies, as FastAPI has them: a handler parameter whose default is
`Depends(get_db)` gets what get_db returns, get_db called once per request
however many ask for it; get_db's own parameters come from the request, as
a handler's do. Edit this file."""

from collections.abc import Callable
from typing import Any

from part6.api_router import RouteDefinition
from part6.params import HandlerPlan
from part6.params import plan_handler as part6_plan_handler

# An async def function, or an async generator function (one `yield`).
Dependency = Callable[..., Any]


class Depends:
    """The default of a parameter that takes what dependency returns (or
    yields). use_cache=False calls it again for this parameter, even if
    the request already has its value."""

    def __init__(
        self, dependency: Dependency, *, use_cache: bool = True
    ) -> None:
        self.dependency = dependency
        self.use_cache = use_cache


def plan_handler(route: RouteDefinition) -> HandlerPlan:
    """Read the handler and its dependencies, all the way down, once, when
    the route is added."""
    # TODO: Part 6's plan knows no Depends: it takes `db=Depends(get_db)`
    # for a query parameter, and refuses `db: Db = Depends(get_db)`.
    return part6_plan_handler(route)
