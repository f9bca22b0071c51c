"""Dependencies, as FastAPI has them: a handler parameter whose default is
`Depends(get_db)` gets what get_db returns, get_db called once per request
however many ask for it; get_db's own parameters come from the request, as
a handler's do."""

import inspect
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from part6.api_router import RouteDefinition
from part6.exceptions import RequestValidationException
from part6.params import HandlerPlan, _is_async, _param
from part6.request_data import RequestData
from part6.router import path_parameters

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


@dataclass(frozen=True, slots=True)
class Dependant:
    """A handler or a dependency: a Part 6 plan of its own parameters,
    and the dependencies it takes, by parameter name."""

    call: Dependency
    plan: HandlerPlan
    dependencies: tuple[tuple[str, Depends, "Dependant"], ...]


def plan_handler(route: RouteDefinition) -> "DependantPlan":
    """Read the handler and its dependencies, all the way down, once, when
    the route is added. What cannot be served is a TypeError naming the
    function and the parameter, as in Part 6."""
    path_names = path_parameters(route.path)
    taken: set[str] = set()  # the path parameters somebody takes
    handler = plan_dependant(route.handler, path_names, taken, handler=True)
    missing = [name for name in path_names if name not in taken]
    if missing:
        name = _name(route.handler)
        raise TypeError(f"{name} takes no {missing[0]} for {route.path}")
    return DependantPlan(handler, route.status_code)


def plan_dependant(
    call: Dependency,
    path_names: list[str],
    taken: set[str],
    handler: bool = False,
) -> Dependant:
    """call's plan: its own parameters by Part 6's rules, the Depends ones
    planned in turn. Path parameter names it takes are added to taken."""
    name = _name(call)
    if handler and not _is_async(call):
        raise TypeError(f"{name} must be an async def function")
    if not (_is_async(call) or inspect.isasyncgenfunction(call)):
        raise TypeError(f"{name} must be an async def function, or yield")
    params = []
    dependencies = []
    signature = inspect.signature(call, eval_str=True)
    for parameter in signature.parameters.values():
        depends = parameter.default
        if isinstance(depends, Depends):
            sub = plan_dependant(depends.dependency, path_names, taken)
            dependencies.append((parameter.name, depends, sub))
            continue
        try:
            param = _param(parameter, path_names)
        except TypeError as exc:
            where = f"{name}, parameter {parameter.name}"
            raise TypeError(f"{where}: {exc}") from None
        if param.source == "path":
            taken.add(param.name)
        params.append(param)
    plan = HandlerPlan(call, params, 200)
    return Dependant(call, plan, tuple(dependencies))


class DependantPlan(HandlerPlan):
    """The plan of a handler with dependencies. Per request, it reads every
    value first, the dependencies' and the handler's: any problem is one
    422, and nothing runs. Then it calls the dependencies, each once, and
    the handler; what dependencies yielded is closed after the handler."""

    def __init__(self, handler: Dependant, status_code: int) -> None:
        super().__init__(handler.call, [], status_code)
        self.dependant = handler

    def __call__(self, request_data: RequestData[Any, Any]) -> Awaitable[Any]:
        return self._run(request_data)

    async def _run(self, request_data: RequestData[Any, Any]) -> Any:
        values: dict[Dependency, dict[str, Any]] = {}
        errors: list[dict[str, Any]] = []
        await _read(self.dependant, request_data, values, errors)
        if errors:
            raise RequestValidationException(errors)
        async with AsyncExitStack() as exits:
            request = _Request(request_data, values, {}, exits)
            arguments = await request.arguments(self.dependant)
            return await self.dependant.call(**arguments)


async def _read(
    node: Dependant,
    request_data: RequestData[Any, Any],
    values: dict[Dependency, dict[str, Any]],
    errors: list[dict[str, Any]],
) -> None:
    """The values of node's own parameters, and first of its dependencies',
    into values; their problems into errors, in FastAPI's order. A
    function already read (a shared dependency) is not read again."""
    if node.call in values:
        return
    values[node.call] = {}
    for _, _, dependency in node.dependencies:
        await _read(dependency, request_data, values, errors)
    try:
        values[node.call] = await node.plan.values(request_data)
    except RequestValidationException as exc:
        errors += exc.errors


@dataclass(slots=True)
class _Request:
    """One request's dependencies: the values read, what each dependency
    returned (the cache), and the exits of those that yielded."""

    request_data: RequestData[Any, Any]
    values: dict[Dependency, dict[str, Any]]
    cache: dict[Dependency, Any]
    exits: AsyncExitStack

    async def arguments(self, node: Dependant) -> dict[str, Any]:
        """Everything node's function takes, its dependencies solved."""
        arguments = dict(self.values[node.call])
        if node.plan.request_name is not None:
            arguments[node.plan.request_name] = self.request_data
        for name, depends, dependency in node.dependencies:
            call = depends.dependency
            if depends.use_cache and call in self.cache:
                arguments[name] = self.cache[call]
                continue
            value = await self.solve(dependency)
            self.cache.setdefault(call, value)
            arguments[name] = value
        return arguments

    async def solve(self, node: Dependant) -> Any:
        """What a dependency returns, or yields: the rest of an async
        generator runs when the request's exits close, after the handler."""
        arguments = await self.arguments(node)
        if inspect.isasyncgenfunction(node.call):
            context = asynccontextmanager(node.call)(**arguments)
            return await self.exits.enter_async_context(context)
        return await node.call(**arguments)


def _name(call: Dependency) -> str:
    return str(getattr(call, "__qualname__", repr(call)))
