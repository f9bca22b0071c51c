"""The application: the callable an ASGI server calls for every request."""

import logging
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext, suppress
from functools import partial
from typing import Any, cast

from .api_router import ApiRouter
from .background_tasks import BackgroundTasks
from .exceptions import (
    ClientDisconnectedException,
    InvalidRequest,
    NotFoundException,
    RequestValidationException,
    WebSocketDisconnect,
)
from .http_responses import (
    BaseHTTPResponse,
    INTERNAL_SERVER_ERROR_TEXTResponse,
)
from .middleware import BaseGlobalMiddleware, CallNext
from .params import HandlerPlan, plan_handler
from .request_data import MAX_BODY_SIZE, HandlerType, RequestData
from .router import Router
from .types import Receive, Scope, Send
from .websocket import WebSocket

logger = logging.getLogger(__name__)

# Called with the app; the code before its `yield` is the start-up, after it
# the shut-down, and a mapping it yields becomes the lifespan state.
Lifespan = Callable[
    ["App"], AbstractAsyncContextManager[Mapping[str, Any] | None]
]


class App:
    """An ASGI application that answers HTTP requests through its `router`.

    lifespan, if given, is an async context manager factory called with the
    app: its start-up runs before the first request, its shut-down after
    the last, and a mapping it yields becomes the lifespan state.
    middlewares wrap the handler of every route, the first one outermost.
    `background_tasks` runs up to max_running_tasks tasks at a time; at
    shut-down they get shutdown_timeout seconds to finish.
    max_body_size caps what `RequestData.get_body()` reads into memory, in
    bytes (None: no cap). A handler that streams the body decides for itself.
    """

    def __init__(
        self,
        lifespan: Lifespan | None = None,
        *,
        middlewares: list[BaseGlobalMiddleware] | None = None,
        max_running_tasks: int = 2,
        max_body_size: int | None = MAX_BODY_SIZE,
        shutdown_timeout: float = 5.0,
    ) -> None:
        self.router = Router()
        # WebSocket routes have a router of their own: a handshake is a GET,
        # and one path may serve both a page and a WebSocket.
        self.websocket_router = Router()
        self.lifespan = lifespan
        self.middlewares = list(middlewares or [])
        for middleware in self.middlewares:
            _check_middleware(middleware)
        self.background_tasks = BackgroundTasks(max_running_tasks)
        self.max_body_size = max_body_size
        self.shutdown_timeout = shutdown_timeout
        self._routes_included = False

    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Add the routes of every ApiRouter to this app. Call it once.

        Each handler's signature is read here, once, into its plan: a
        handler the plan cannot serve is a TypeError now, not a 500 later.
        """
        if self._routes_included:
            raise RuntimeError("include_routes() can only be called once")
        self._routes_included = True
        for api_router in routers:
            for route in api_router.routes:
                if route.websocket:  # no middleware: it wraps HTTP handlers
                    plan = plan_handler(route)
                    self.websocket_router.add_route(route.path, plan)
                    continue
                self.router.add_route(
                    route.path,
                    self._build_chain(plan_handler(route).step),
                    route.method,
                    query_string_extractor=route.query_string_extractor,
                    body_extractor=route.body_extractor,
                )

    def _build_chain(self, handler: HandlerType) -> HandlerType:
        """handler inside every middleware: built once, when routes are added.

        With middlewares [a, b], a request runs a, which calls b, which calls
        the handler. Each call_next runs the next step inside _respond, which
        turns a failure into a response: so call_next always returns one, and
        the code after call_next in every middleware runs, for errors too.
        """
        chain = handler
        for middleware in reversed(self.middlewares):
            chain = _Layer(middleware, partial(_respond, chain))
        return chain

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] == "http":
            await self._handle_http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._run_lifespan(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._handle_websocket(scope, receive, send)

    async def _handle_http(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Route the request, run its chain, send its response. Every
        failure becomes a response, except a client that left: nobody is
        there to read it."""
        try:
            found = self.router.match(_route_path(scope), scope["method"])
            if found is None:
                raise NotFoundException()
            route, path_params = found
            request_data: RequestData[Any, Any] = RequestData(
                scope,
                receive,
                route.query_string_extractor,
                route.body_extractor,
                self.max_body_size,
                self.background_tasks,
                path_params,
            )
            # What goes wrong in the chain comes back as a response.
            response = await _respond(route.handler, request_data)
        except ClientDisconnectedException:
            return
        except InvalidRequest as exc:  # no route: 404, or 405
            response = exc.http_response
        await response(scope, receive, send)

    async def _handle_websocket(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Run the route's WebSocket handler. An unknown path is refused
        before the handshake, and the server answers 403. A handler that
        fails is logged and closed with 1011 (refused, if it had not
        accepted); one that returns without closing is closed with 1000,
        as is one that lets WebSocketDisconnect escape: a client that leaves
        is no error."""
        found = self.websocket_router.match(_route_path(scope), "GET")
        if found is None:
            await _refuse_websocket(send)
            return
        route, path_params = found
        websocket = WebSocket(scope, receive, send, path_params)
        code = 1000
        try:
            await cast(HandlerPlan, route.handler)(websocket)
        except WebSocketDisconnect:
            pass  # no error: the client left, or a bad message closed it
        except RequestValidationException:
            code = 1008  # policy violation: path or query values that fail
        except Exception:
            logger.exception("Error in the WebSocket of %s", scope["path"])
            code = 1011  # internal error
        if not (websocket.closed or websocket.client_left):
            with suppress(WebSocketDisconnect):  # gone meanwhile
                await websocket.close(code)

    async def _run_lifespan(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """The lifespan conversation: start-up, then (much later) shut-down.

        Start-up enters the lifespan context and starts the background
        workers; shut-down drains them, then leaves the context. A failure in
        either is logged and reported to the server, which then exits.
        """
        started = False
        try:
            await receive()  # lifespan.startup: always the first message
            async with self._lifespan_context() as state:
                if state:
                    if "state" not in scope:
                        raise RuntimeError("the server has no lifespan state")
                    scope["state"].update(state)
                await self.background_tasks.start()
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
                await self.background_tasks.shutdown(self.shutdown_timeout)
        except Exception as exc:
            phase = "shutdown" if started else "startup"
            logger.exception("Lifespan %s failed", phase)
            if not started:  # stop the workers and tasks it had started
                await self.background_tasks.shutdown(timeout=0)
            message = f"{type(exc).__name__}: {exc}"
            await send(
                {"type": f"lifespan.{phase}.failed", "message": message}
            )
            return
        await send({"type": "lifespan.shutdown.complete"})

    def _lifespan_context(
        self,
    ) -> AbstractAsyncContextManager[Mapping[str, Any] | None]:
        """The app's lifespan context, or one that does nothing."""
        if self.lifespan is None:
            return nullcontext()
        return self.lifespan(self)


class _Layer:
    """One middleware and the rest of the chain after it. Called with the
    request alone, as a handler is, it runs the middleware with call_next
    passed by position: a subclass may name that parameter as it likes."""

    def __init__(
        self, middleware: BaseGlobalMiddleware, call_next: CallNext
    ) -> None:
        self.middleware = middleware
        self.call_next = call_next

    async def __call__(
        self, request_data: RequestData[Any, Any]
    ) -> BaseHTTPResponse:
        return await self.middleware(request_data, self.call_next)


async def _respond(
    step: HandlerType, request_data: RequestData[Any, Any]
) -> BaseHTTPResponse:
    """Run one step of the chain, a middleware or the handler, and turn
    whatever goes wrong into the response the app would send for it."""
    try:
        response = await step(request_data)
        if not isinstance(response, BaseHTTPResponse):
            if isinstance(step, HandlerPlan):  # a handler's plain data
                return step.respond(response)
            kind = type(response).__name__
            raise TypeError(
                f"{_name(step)} returned {kind}, not a BaseHTTPResponse"
            )
        return response
    except ClientDisconnectedException:
        raise  # nobody to answer: the app sends nothing
    except InvalidRequest as exc:
        return exc.http_response
    except Exception:
        method, path = (
            request_data.scope["method"],
            request_data.scope["path"],
        )
        logger.exception(
            "Error while handling %s %s in %s", method, path, _name(step)
        )
        return INTERNAL_SERVER_ERROR_TEXTResponse()


def _name(step: object) -> str:
    """A step's name for the log: a middleware's class, or a function's."""
    if isinstance(step, _Layer):
        return type(step.middleware).__name__
    if isinstance(step, HandlerPlan):
        step = step.handler
    step = getattr(step, "func", step)  # a partial: the callable inside
    return str(getattr(step, "__qualname__", type(step).__qualname__))


def _check_middleware(middleware: object) -> None:
    """Refuse, when the app is built, what could never run as middleware."""
    if isinstance(middleware, type):
        name = middleware.__name__
        raise TypeError(f"{name} is a class: pass an instance, {name}()")
    if not isinstance(middleware, BaseGlobalMiddleware):
        raise TypeError(f"{middleware!r} is not a BaseGlobalMiddleware")
    if type(middleware).__call__ is BaseGlobalMiddleware.__call__:
        name = type(middleware).__name__
        raise TypeError(f"{name} does not implement __call__")


def _route_path(scope: Scope) -> str:
    """The path to route on, without the prefix the app is mounted under.

    Behind `uvicorn --root-path /api`, a request for /api/home arrives with
    path "/api/home" and root_path "/api"; some servers send path "/home".
    Both route on "/home".
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and (path == root_path or path.startswith(root_path + "/")):
        return path[len(root_path) :]
    return path


async def _refuse_websocket(send: Send) -> None:
    """Decline a websocket politely: a close before the accept is a 403."""
    await send({"type": "websocket.close", "code": 1000})
