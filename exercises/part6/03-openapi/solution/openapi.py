"""An OpenAPI 3.1 document, made from the routes and their plans: what
FastAPI serves at /openapi.json, and what Swagger UI and client
generators read."""

import dataclasses
import inspect
import re
from collections.abc import Sequence
from typing import Any

from part6.api_router import RouteDefinition
from part6.params import EMPTY, Param, Shape, plan_handler
from part6.router import Router, parse_parameter

REF = "#/components/schemas/"
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}
SUCCESS = {
    "description": "Successful Response",
    "content": {"application/json": {"schema": {}}},
}
INVALID = {
    "description": "Validation Error",
    "content": {
        "application/json": {"schema": {"$ref": REF + "HTTPValidationError"}}
    },
}

# FastAPI's schemas of its 422 answer, word for word.
VALIDATION_SCHEMAS: dict[str, Any] = {
    "HTTPValidationError": {
        "properties": {
            "detail": {
                "items": {"$ref": REF + "ValidationError"},
                "type": "array",
                "title": "Detail",
            }
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
}


def openapi(
    routes: Sequence[RouteDefinition], *, title: str, version: str
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of routes: one operation per route, under
    its path; the dataclasses they read, and the schemas of the 422, in
    components."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    for route in routes:
        path = openapi_path(route.path)
        operations = paths.setdefault(path, {})
        operations[route.method.lower()] = _operation(route, path, schemas)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
    }
    if schemas:
        document["components"] = {"schemas": schemas}
    return document


def openapi_path(path: str) -> str:
    """A route's path as OpenAPI writes it, without converters:
    "/users/{user_id:int}" gives "/users/{user_id}"."""
    segments = []
    for segment in Router.get_segments(path):
        parsed = parse_parameter(segment)
        segments.append(segment if parsed is None else f"{{{parsed[0]}}}")
    return "/" + "/".join(segments)


def _operation(
    route: RouteDefinition, path: str, schemas: dict[str, Any]
) -> dict[str, Any]:
    """One operation: named as FastAPI names it, with the parameters and
    the body of the handler's plan, and its answers."""
    plan = plan_handler(route)
    name = getattr(route.handler, "__name__", type(route.handler).__name__)
    method = route.method.lower()
    operation: dict[str, Any] = {
        "summary": name.replace("_", " ").title(),
        "operationId": re.sub(r"\W", "_", f"{name}{path}") + f"_{method}",
    }
    description = inspect.getdoc(route.handler)
    if description:
        operation["description"] = description
    parameters = [
        _parameter(param, schemas)
        for param in plan.typed
        if param.source != "body"
    ]
    if parameters:
        operation["parameters"] = parameters
    for param in plan.typed:
        if param.source == "body":
            operation["requestBody"] = _request_body(param, schemas)
    responses = {str(route.status_code): SUCCESS}
    if plan.typed:  # only a value that is read can be invalid
        responses["422"] = INVALID
        schemas.update(VALIDATION_SCHEMAS)
    operation["responses"] = responses
    return operation


def _parameter(param: Param, schemas: dict[str, Any]) -> dict[str, Any]:
    """A path or query parameter: a path's is always required."""
    schema = schema_of(param.shape, schemas)
    if param.default is not EMPTY and param.default is not None:
        schema["default"] = param.default
    return {
        "name": param.name,
        "in": param.source,
        "required": param.default is EMPTY,
        "schema": schema,
    }


def _request_body(param: Param, schemas: dict[str, Any]) -> dict[str, Any]:
    """The JSON body: required, unless the parameter has a default."""
    content = {
        "application/json": {"schema": schema_of(param.shape, schemas)}
    }
    body: dict[str, Any] = {"content": content}
    if param.default is EMPTY:
        body["required"] = True
    return body


def schema_of(shape: Shape, schemas: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a shape. A dataclass is a reference to its
    schema, which goes into schemas; `X | None` is X or null."""
    schema: dict[str, Any]
    if dataclasses.is_dataclass(shape.kind):
        schema = {"$ref": REF + _add_dataclass(shape, schemas)}
    elif shape.item is not None:  # a list
        schema = {"type": "array", "items": schema_of(shape.item, schemas)}
    else:
        schema = {"type": JSON_TYPES[shape.kind]}
    if shape.nullable:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _add_dataclass(shape: Shape, schemas: dict[str, Any]) -> str:
    """Put the schema of a dataclass into schemas, under its name, once;
    return the name."""
    name = shape.kind.__name__
    if name in schemas:
        return name
    properties = {}
    for field, declared in zip(
        shape.fields, dataclasses.fields(shape.kind), strict=True
    ):
        properties[field.name] = schema_of(field.shape, schemas)
        default = declared.default
        if default is not dataclasses.MISSING and default is not None:
            properties[field.name]["default"] = default
    schema: dict[str, Any] = {
        "properties": properties,
        "type": "object",
        "title": name,
    }
    required = [field.name for field in shape.fields if field.required]
    if required:
        schema["required"] = required
    schemas[name] = schema
    return name
