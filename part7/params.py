"""Typed handlers: a signature read once into a plan, filled per request.

`plan_handler(route)` reads the handler's parameters when its route is
added, and says where each value comes from, by the rules FastAPI uses:

- a name in the path template: that path parameter;
- `request_data`, or a parameter annotated `RequestData`: the request
  (for a WebSocket route, `websocket` or `WebSocket`: the connection);
- a parameter annotated with a dataclass: the JSON body;
- any other parameter: a query parameter (unannotated, it is a `str`).

Per request, the plan converts every value, collects every problem into
one 422, calls the handler, and sends what it returns as JSON unless it
is already a response.
"""

import dataclasses
import inspect
import json
import math
import types
import typing
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, cast

from .api_router import RouteDefinition
from .exceptions import (
    InvalidRequestDataException,
    RequestValidationException,
)
from .http_responses import BaseHTTPResponse, JsonResponse
from .request_data import HandlerType, RequestData
from .router import path_parameters
from .types import Endpoint
from .websocket import WebSocket

EMPTY = inspect.Parameter.empty  # "no default": the value is required
SCALARS = (str, int, float, bool)
TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}

# The messages of pydantic, which FastAPI answers with: a FastAPI user
# knows them. The key is the error's type.
MESSAGES = {
    "missing": "Field required",
    "int_parsing": "Input should be a valid integer, unable to parse string "
    "as an integer",
    "int_parsing_size": "Unable to parse input string as an integer, "
    "exceeded maximum size",
    "float_parsing": "Input should be a valid number, unable to parse string "
    "as a number",
    "bool_parsing": "Input should be a valid boolean, unable to interpret "
    "input",
    "finite_number": "Input should be a finite number",
    "string_type": "Input should be a valid string",
    "int_type": "Input should be a valid integer",
    "int_from_float": "Input should be a valid integer, got a number with a "
    "fractional part",
    "float_type": "Input should be a valid number",
    "bool_type": "Input should be a valid boolean",
    "list_type": "Input should be a valid list",
    "dataclass_type": "Input should be a dictionary or an instance of {}",
    "json_invalid": "JSON decode error",
}


class _Invalid(Exception):
    """A value that cannot become what the handler asked for; kind is the
    error's type, such as "int_parsing"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Shape:
    """What a value must be: a scalar type, a list of one shape, or a
    dataclass and the shapes of its fields. nullable: `X | None`."""

    kind: type
    nullable: bool = False
    item: "Shape | None" = None
    fields: tuple["Field", ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    """A dataclass field: its name, its shape, and whether it has a
    default (a missing field with one is left to the dataclass)."""

    name: str
    shape: Shape
    required: bool


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a handler, and where its value comes from:
    "path", "query", "body", or "request" (the RequestData itself)."""

    name: str
    source: str
    shape: Shape
    default: Any = EMPTY


# FastAPI reports problems in this order: path, then query, then body.
ORDER = ("path", "query", "body")


class HandlerPlan:
    """A handler and where each of its parameters comes from.

    Called with the request's data, as the handlers of Part 5 are, it
    starts the handler with its arguments filled in; `respond()` turns
    the plain data a handler may return into a JSON response. `step` is
    what the app's chain calls: this plan, or the handler itself when the
    plan has nothing to do (`direct`).
    """

    def __init__(
        self,
        handler: Endpoint,
        params: list[Param],
        status_code: int,
        direct: bool = False,
    ) -> None:
        self.handler = handler
        self.status_code = status_code
        self.step: HandlerType = (
            cast(HandlerType, handler) if direct else self
        )
        # The parameter that gets the RequestData itself, if one does, and
        # the others, whose values are read, converted and checked.
        self.request_name = next(
            (p.name for p in params if p.source == "request"), None
        )
        self.typed = sorted(
            (p for p in params if p.source != "request"),
            key=lambda p: ORDER.index(p.source),
        )

    def __call__(
        self, request_data: RequestData[Any, Any] | WebSocket
    ) -> Awaitable[Any]:
        """The handler's coroutine, its arguments filled in: at once if it
        has no typed value to read, after reading them if it has."""
        if self.typed:
            return self._call_with_values(request_data)
        if self.request_name is None:
            return self.handler()
        return self.handler(**{self.request_name: request_data})

    def respond(self, result: Any) -> JsonResponse:
        """What the handler returned as plain data (a dataclass too), as a
        JSON response with the route's status."""
        if dataclasses.is_dataclass(result) and not isinstance(result, type):
            result = dataclasses.asdict(result)
        return JsonResponse(result, self.status_code)

    async def _call_with_values(
        self, request_data: RequestData[Any, Any] | WebSocket
    ) -> Any:
        arguments = await self.values(request_data)
        if self.request_name is not None:
            arguments[self.request_name] = request_data
        return await self.handler(**arguments)

    async def values(
        self, request_data: RequestData[Any, Any] | WebSocket
    ) -> dict[str, Any]:
        """The typed parameters' values, or RequestValidationException
        (422) listing every one that does not fit."""
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        path = await request_data.get_path_params()
        query = typing.cast(  # no extractor: plan_handler checks
            dict[str, list[str]], await request_data.get_query_string_params()
        )
        for param in self.typed:
            if param.source == "path":
                texts = [str(path[param.name])]
            elif param.source == "query":
                texts = query.get(param.name, [])
            else:
                # Only HTTP routes take a body (plan_handler checks).
                http = typing.cast(RequestData[Any, Any], request_data)
                body = await _json_body(http, errors)
                if body is not UNREADABLE:
                    values[param.name] = _body_value(param, body, errors)
                continue
            loc: list[Any] = [param.source, param.name]
            values[param.name] = _text_value(param, texts, loc, errors)
        if errors:
            raise RequestValidationException(errors)
        return values


def plan_handler(route: RouteDefinition) -> HandlerPlan:
    """Read route's handler once, when the route is added: where each
    parameter comes from, and what it must be. Anything the plan cannot
    serve is a TypeError that names the handler and the parameter."""
    handler = route.handler
    name = getattr(handler, "__qualname__", repr(handler))
    if not _is_async(handler):
        raise TypeError(f"{name} must be an async def function")
    path_names = path_parameters(route.path)
    # What the parameter named (or annotated) so gets: the request's data,
    # or for a WebSocket route, the connection.
    connection: tuple[str, type] = ("request_data", RequestData)
    if route.websocket:
        connection = ("websocket", WebSocket)
    signature = inspect.signature(handler, eval_str=True)
    params = []
    for parameter in signature.parameters.values():
        try:
            params.append(_param(parameter, path_names, connection))
        except TypeError as exc:
            where = f"{name}, parameter {parameter.name}"
            raise TypeError(f"{where}: {exc}") from None
    missing = [n for n in path_names if n not in signature.parameters]
    if missing:
        raise TypeError(f"{name} takes no {missing[0]} for {route.path}")
    requests, bodies, queries = (
        [param.name for param in params if param.source == source]
        for source in ("request", "body", "query")
    )
    if len(requests) > 1:
        where = f"{name}, parameter {requests[1]}"
        raise TypeError(f"{where}: the request's data a second time")
    if len(bodies) > 1:
        where = f"{name}, parameter {bodies[1]}"
        raise TypeError(f"{where}: a second dataclass, one body at most")
    if queries and route.query_string_extractor is not None:
        where = f"{name}, parameter {queries[0]}"
        raise TypeError(f"{where}: typed query parameters, or an extractor")
    if bodies and route.body_extractor is not None:
        where = f"{name}, parameter {bodies[0]}"
        raise TypeError(f"{where}: a dataclass body, or a body extractor")
    if bodies and route.websocket:
        where = f"{name}, parameter {bodies[0]}"
        raise TypeError(f"{where}: a WebSocket handshake has no body")
    # A handler that takes only the request's data, by position, and says
    # it returns a response (as every handler of Parts 1-5 does) needs
    # nothing from its plan per request: the chain calls it as in Part 5.
    parameters = list(signature.parameters.values())
    direct = (
        len(parameters) == 1
        and parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        and params[0].source == "request"
        and _is_response(signature.return_annotation)
    )
    return HandlerPlan(handler, params, route.status_code, direct)


def _is_response(annotation: Any) -> bool:
    """A response class, such as JsonResponse: not plain data."""
    return isinstance(annotation, type) and issubclass(
        annotation, BaseHTTPResponse
    )


def _is_async(handler: Endpoint) -> bool:
    """An async def function, or a partial or callable object of one."""
    call = getattr(handler, "__call__", None)  # noqa: B004
    return inspect.iscoroutinefunction(
        handler
    ) or inspect.iscoroutinefunction(call)


def _param(
    parameter: inspect.Parameter,
    path_names: list[str],
    connection: tuple[str, type],
) -> Param:
    """Where one parameter's value comes from, and its shape."""
    if parameter.kind not in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.KEYWORD_ONLY,
    ):
        raise TypeError("*args, **kwargs and positional-only are not served")
    annotation = parameter.annotation
    if annotation is EMPTY:
        annotation = str
    name, kind = connection
    if parameter.name == name or _is_class(annotation, kind):
        return Param(parameter.name, "request", Shape(kind))
    shape = _shape(annotation)
    if parameter.name in path_names:
        if shape.kind not in SCALARS:
            raise TypeError("a path parameter is a str, int, float or bool")
        # A path always has its value: `int | None` is an int here.
        return Param(parameter.name, "path", Shape(shape.kind))
    if dataclasses.is_dataclass(shape.kind):
        return Param(parameter.name, "body", shape, parameter.default)
    # What is left is a scalar, or a list: of scalars, for a query string.
    if shape.item is not None and shape.item.kind not in SCALARS:
        raise TypeError("a query list holds str, int, float or bool")
    return Param(parameter.name, "query", shape, parameter.default)


def _is_class(annotation: Any, kind: type) -> bool:
    """kind, or kind[...] with its type parameters (RequestData[Any, Any])."""
    return (typing.get_origin(annotation) or annotation) is kind


def _shape(annotation: Any) -> Shape:
    """The shape of an annotation: a scalar, `list[X]`, a dataclass, and
    any of them `| None`. Anything else is a TypeError."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        others = [a for a in typing.get_args(annotation) if a is not NONE]
        if len(others) != 1:
            raise TypeError(f"{annotation}: one type, or one type | None")
        annotation, nullable = others[0], True
    if annotation in SCALARS:
        return Shape(annotation, nullable)
    if typing.get_origin(annotation) is list:
        [item] = typing.get_args(annotation) or [Any]
        return Shape(list, nullable, item=_shape(item))
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        fields = tuple(
            Field(
                field.name,
                _shape(hints[field.name]),
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING,
            )
            for field in dataclasses.fields(annotation)
        )
        return Shape(annotation, nullable, fields=fields)
    raise TypeError(f"{annotation} is not served: see the Part 6 page")


NONE = type(None)
NO_BODY = object()  # an empty body: not the same as the JSON null
UNREADABLE = object()  # a body that is not JSON: already an error


def _text_value(
    param: Param, texts: list[str], loc: list[Any], errors: list[Any]
) -> Any:
    """A path or query value, from its text(s): the last of a repeated key
    for one value, every one of them for a list."""
    if not texts:
        if param.default is EMPTY:
            errors.append(_error("missing", loc, None))
        return param.default
    item = param.shape.item
    if item is not None:
        return [
            _from_text(item.kind, text, [*loc, index], errors)
            for index, text in enumerate(texts)
        ]
    return _from_text(param.shape.kind, texts[-1], loc, errors)


def _from_text(
    kind: type, text: str, loc: list[Any], errors: list[Any]
) -> Any:
    """text as kind, or None with the problem added to errors."""
    try:
        return _convert_text(kind, text)
    except _Invalid as exc:
        errors.append(_error(exc.kind, loc, text))
        return None


def _convert_text(kind: type, text: str) -> Any:
    """text as kind, by the rules on the Part 6 page: a little stricter
    than pydantic's lax mode, which FastAPI uses."""
    if kind is int:
        digits = text[1:] if text[:1] in ("+", "-") else text
        if not (digits.isascii() and digits.isdecimal()):
            raise _Invalid("int_parsing")
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4300)
            raise _Invalid("int_parsing_size") from None
    if kind is float:
        try:
            value = float(text)
        except ValueError:
            raise _Invalid("float_parsing") from None
        # Python's own spellings: 1_000, spaces, digits of other scripts
        if "_" in text or text != text.strip() or not text.isascii():
            raise _Invalid("float_parsing")
        if not math.isfinite(value):  # JSON cannot carry nan or inf
            raise _Invalid("finite_number")
        return value
    if kind is bool:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise _Invalid("bool_parsing")
    return text


async def _json_body(
    request_data: RequestData[Any, Any], errors: list[Any]
) -> Any:
    """The body parsed as JSON; NO_BODY for an empty one. A body that is not
    JSON is a json_invalid error, as in FastAPI (get_json_body() alone
    answers 400)."""
    if not await request_data.get_body():
        return NO_BODY
    try:
        return await request_data.get_json_body()
    except InvalidRequestDataException as exc:
        cause = exc.__cause__
        position, reason = 0, str(cause or exc)
        if isinstance(cause, json.JSONDecodeError):
            position, reason = cause.pos, cause.msg
        error = _error("json_invalid", ["body", position], {})
        errors.append({**error, "ctx": {"error": reason}})
        return UNREADABLE


def _body_value(param: Param, body: Any, errors: list[Any]) -> Any:
    """The body, checked against the dataclass: an empty body is missing."""
    if body is NO_BODY:
        if param.default is EMPTY:
            errors.append(_error("missing", ["body"], None))
        return param.default
    return _from_json(param.shape, body, ["body"], errors)


def _from_json(
    shape: Shape, value: Any, loc: list[Any], errors: list[Any]
) -> Any:
    """A JSON value checked against shape, strictly: a JSON string is not
    a number, and a number is not a string. Problems go to errors."""
    if value is None and shape.nullable:
        return None
    kind = shape.kind
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            error = _error("dataclass_type", loc, value, kind.__name__)
            errors.append({**error, "ctx": {"class_name": kind.__name__}})
            return None
        values = {}
        problems = len(errors)
        for field in shape.fields:
            if field.name in value:
                where = [*loc, field.name]
                values[field.name] = _from_json(
                    field.shape, value[field.name], where, errors
                )
            elif field.required:
                errors.append(_error("missing", [*loc, field.name], value))
        return kind(**values) if len(errors) == problems else None
    if kind is list:
        if not isinstance(value, list) or shape.item is None:
            errors.append(_error("list_type", loc, value))
            return None
        return [
            _from_json(shape.item, item, [*loc, index], errors)
            for index, item in enumerate(value)
        ]
    problem = _json_scalar_error(kind, value)
    if problem is not None:
        errors.append(_error(problem, loc, value))
        return None
    return kind(value)


def _json_scalar_error(kind: type, value: Any) -> str | None:
    """Why value cannot be a kind, or None if it can. bool is a subclass
    of int in Python, but true is not a number in JSON."""
    if kind is str:
        return None if isinstance(value, str) else "string_type"
    if kind is bool:
        return None if isinstance(value, bool) else "bool_type"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "int_type" if kind is int else "float_type"
    if kind is int and isinstance(value, float) and not value.is_integer():
        return "int_from_float"
    if kind is float and isinstance(value, int) and not _fits_float(value):
        return "float_type"  # as pydantic says of it
    return None


def _fits_float(value: int) -> bool:
    """Whether a JSON integer is a float too: 10**400 is past the largest."""
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _error(
    kind: str, loc: list[Any], value: Any, *args: str
) -> dict[str, Any]:
    """One problem, in FastAPI's shape."""
    message = MESSAGES[kind].format(*args)
    return {"type": kind, "loc": loc, "msg": message, "input": value}
