"""Part 6's plan, with uuid.UUID parameters.

Nothing to change here. plan_handler and HandlerPlan.values are Part 6's
(part6/params.py), with one step more: a parameter annotated uuid.UUID,
list[uuid.UUID], or either `| None`, is planned as Part 6 plans the same
annotation with str, and per request its text becomes a UUID by
parse_uuid (converters.py). A text parse_uuid refuses is a 422 entry, as
pydantic reports it: type "uuid_parsing", and parse_uuid's reason.
"""

import inspect
import typing
import uuid
from typing import Any

from part6.api_router import RouteDefinition
from part6.exceptions import RequestValidationException
from part6.params import (
    UNREADABLE,
    Param,
    _body_value,
    _is_async,
    _json_body,
    _text_value,
)
from part6.params import HandlerPlan as Part6Plan
from part6.params import _param as part6_param
from part6.request_data import RequestData
from part6.types import Endpoint

from .converters import parse_uuid
from .router import path_parameters

# Each annotation with a UUID, and the same with str, which Part 6 plans.
AS_TEXT: dict[Any, Any] = {
    uuid.UUID: str,
    uuid.UUID | None: str | None,
    list[uuid.UUID]: list[str],
    list[uuid.UUID] | None: list[str] | None,
}


class HandlerPlan(Part6Plan):
    """Part 6's plan, which also knows its uuid.UUID parameters."""

    def __init__(
        self,
        handler: Endpoint,
        params: list[Param],
        status_code: int,
        uuids: set[str],
    ) -> None:
        super().__init__(handler, params, status_code)
        self.uuids = frozenset(uuids)

    async def values(
        self, request_data: RequestData[Any, Any]
    ) -> dict[str, Any]:
        """Part 6's values(), where the text of a UUID parameter becomes a
        UUID; RequestValidationException (422) lists every problem."""
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for param in self.typed:
            if param.source == "path":
                path = await request_data.get_path_params()
                texts = [str(path[param.name])]
            elif param.source == "query":
                query = await request_data.get_query_string_params()
                texts = typing.cast(dict[str, list[str]], query).get(
                    param.name, []
                )
            else:
                body = await _json_body(request_data, errors)
                if body is not UNREADABLE:
                    values[param.name] = _body_value(param, body, errors)
                continue
            loc: list[Any] = [param.source, param.name]
            value = _text_value(param, texts, loc, errors)
            if param.name in self.uuids and texts:  # a text, or a list
                value = _uuids(value, loc, errors)
            values[param.name] = value
        if errors:
            raise RequestValidationException(errors)
        return values


def _uuids(value: Any, loc: list[Any], errors: list[Any]) -> Any:
    """A text as a UUID, or each text of a list, with the index in its loc;
    None where parse_uuid refuses, with the problem added to errors."""
    if isinstance(value, list):
        return [
            _uuids(text, [*loc, index], errors)
            for index, text in enumerate(value)
        ]
    try:
        return parse_uuid(value)
    except ValueError as exc:
        reason = str(exc)
        errors.append(
            {
                "type": "uuid_parsing",
                "loc": loc,
                "msg": f"Input should be a valid UUID, {reason}",
                "input": value,
                "ctx": {"error": reason},
            }
        )
        return None


def plan_handler(route: RouteDefinition) -> HandlerPlan:
    """Part 6's plan_handler, which also plans uuid.UUID parameters."""
    handler = route.handler
    name = getattr(handler, "__qualname__", repr(handler))
    if not _is_async(handler):
        raise TypeError(f"{name} must be an async def function")
    path_names = path_parameters(route.path)
    signature = inspect.signature(handler, eval_str=True)
    params = []
    uuids = set()
    for parameter in signature.parameters.values():
        try:
            as_text = AS_TEXT.get(parameter.annotation)
            if as_text is not None:
                uuids.add(parameter.name)
                parameter = parameter.replace(annotation=as_text)
            params.append(part6_param(parameter, path_names))
        except TypeError as exc:
            where = f"{name}, parameter {parameter.name}"
            raise TypeError(f"{where}: {exc}") from None
    missing = [n for n in path_names if n not in signature.parameters]
    if missing:
        raise TypeError(f"{name} takes no {missing[0]} for {route.path}")
    sources = [param.source for param in params]
    if sources.count("request") > 1:
        raise TypeError(f"{name} takes the request's data twice")
    if sources.count("body") > 1:
        raise TypeError(f"{name} takes two dataclasses: one body at most")
    if "query" in sources and route.query_string_extractor is not None:
        raise TypeError(f"{name}: typed query parameters, or an extractor")
    if "body" in sources and route.body_extractor is not None:
        raise TypeError(f"{name}: a dataclass body, or a body extractor")
    return HandlerPlan(handler, params, route.status_code, uuids)
