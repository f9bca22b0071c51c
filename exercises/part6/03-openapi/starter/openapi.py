"""An OpenAPI 3.1 document, made from the routes and their plans: what
FastAPI serves at /openapi.json, and what Swagger UI and client
generators read. Edit this file."""

from collections.abc import Sequence
from typing import Any

from part6.api_router import RouteDefinition

REF = "#/components/schemas/"

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
    # TODO: an operation for each route; plan_handler(route) of
    # part6/params.py says what its handler reads.
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": {},
    }
