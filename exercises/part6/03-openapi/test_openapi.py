"""part6/03-openapi: GET /openapi.json answers an OpenAPI 3.1 document made
from the route table and the handlers' plans: paths, methods, parameters
with their schemas, the JSON body from the dataclass, and the 422."""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from exercises import load
from exercises.asgi import request
from part6.api_router import ApiRouter
from part6.http_responses import JsonResponse, OK_JSONResponse
from part6.request_data import RequestData
from part6.types import Methods

openapi = load(__file__, "openapi")
App = load(__file__, "app").App


@dataclass
class Address:
    city: str
    zip: str | None = None


@dataclass
class NewUser:
    name: str
    age: int | None = None
    tags: list[str] = field(default_factory=list)
    address: Address | None = None
    score: float = 1.5
    admin: bool = False


users = ApiRouter()


@users.get("/users/{user_id:int}")
async def show_user(
    user_id: int,
    limit: int = 10,
    verbose: bool = False,
    q: str | None = None,
    ids: list[int] | None = None,
) -> dict[str, Any]:
    """One user.

    Typed path and query values."""
    return {"user_id": user_id}


@users.post("/users", status_code=201)
async def create_user(user: NewUser) -> NewUser:
    return user


@users.put("/users")
async def replace_user(user: NewUser | None = None) -> None:
    return None


@users.get("/files/{rest:path}")
async def show_file(rest: str) -> dict[str, str]:
    return {"path": rest}


pages = ApiRouter()


@pages.get("/")
async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
    return OK_JSONResponse({"page": "home"})


@pages.multi_methods("/about/careers/", [Methods.GET, Methods.POST])
async def careers(request_data: RequestData[Any, Any]) -> JsonResponse:
    return OK_JSONResponse({"page": "careers"})


async def document(*routers: ApiRouter) -> dict[str, Any]:
    """What GET /openapi.json answers, for an app with routers."""
    app = App(title="Shop", version="1.0.0")
    app.include_routes(list(routers))
    sent = await request(app, "GET", "/openapi.json")
    assert (sent.status, sent.header("content-type")) == (200, "application/json; charset=utf-8")
    return json.loads(sent.body)


async def test_the_document_is_served_at_openapi_json() -> None:
    """GET /openapi.json answers JSON: an OpenAPI 3.1.0 document, whose info
    has the app's title and version. It does not list /openapi.json."""
    served = await document(pages)
    assert served["openapi"] == "3.1.0"
    assert served["info"] == {"title": "Shop", "version": "1.0.0"}
    assert "/openapi.json" not in served["paths"]


async def test_paths_are_templates_without_converters() -> None:
    """Each path is the route's, with {user_id:int} written {user_id} and no
    trailing slash; under it, one operation per method, in lower case."""
    served = await document(users, pages)
    assert {path: sorted(item) for path, item in served["paths"].items()} == {
        "/users/{user_id}": ["get"],
        "/users": ["post", "put"],
        "/files/{rest}": ["get"],
        "/": ["get"],
        "/about/careers": ["get", "post"],
    }


async def test_operations_are_named_as_fastapi_names_them() -> None:
    """summary is the handler's name in words, description its docstring,
    and operationId FastAPI's: name and path, every non-word character an
    underscore, then the method."""
    paths = (await document(users, pages))["paths"]
    show = paths["/users/{user_id}"]["get"]
    assert (show["summary"], show["operationId"]) == (
        "Show User",
        "show_user_users__user_id__get",
    )
    assert show["description"] == "One user.\n\nTyped path and query values."
    assert [paths["/"]["get"]["operationId"], paths["/about/careers"]["post"]["operationId"]] == [
        "home__get",
        "careers_about_careers_post",
    ]
    assert "description" not in paths["/"]["get"]


async def test_path_and_query_parameters_with_their_schemas() -> None:
    """Path parameters first, then query ones, in signature order: a path's
    is required, a query's unless it has a default, which its schema gives
    (None is left out). int is integer, bool boolean, a list an array of
    its items, and X | None is anyOf X and null."""
    paths = (await document(users))["paths"]
    assert paths["/users/{user_id}"]["get"]["parameters"] == [
        {"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}},
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "default": 10},
        },
        {
            "name": "verbose",
            "in": "query",
            "required": False,
            "schema": {"type": "boolean", "default": False},
        },
        {
            "name": "q",
            "in": "query",
            "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        {
            "name": "ids",
            "in": "query",
            "required": False,
            "schema": {
                "anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]
            },
        },
    ]
    assert paths["/files/{rest}"]["get"]["parameters"] == [
        {"name": "rest", "in": "path", "required": True, "schema": {"type": "string"}}
    ]


async def test_the_body_is_its_dataclass_in_components() -> None:
    """A dataclass parameter is the requestBody, a reference to its schema
    in components.schemas: every field a property, with its default (not
    None, not a factory's), the fields without one required, a nested
    dataclass a reference of its own."""
    served = await document(users)
    assert served["paths"]["/users"]["post"]["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUser"}}},
        "required": True,
    }
    schemas = served["components"]["schemas"]
    assert schemas["NewUser"] == {
        "properties": {
            "name": {"type": "string"},
            "age": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "address": {"anyOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}]},
            "score": {"type": "number", "default": 1.5},
            "admin": {"type": "boolean", "default": False},
        },
        "type": "object",
        "title": "NewUser",
        "required": ["name"],
    }
    assert schemas["Address"] == {
        "properties": {
            "city": {"type": "string"},
            "zip": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "type": "object",
        "title": "Address",
        "required": ["city"],
    }


async def test_a_body_with_a_default_is_not_required() -> None:
    """user: NewUser | None = None is a body that may be null, and is not
    required."""
    served = await document(users)
    assert served["paths"]["/users"]["put"]["requestBody"] == {
        "content": {
            "application/json": {
                "schema": {"anyOf": [{"$ref": "#/components/schemas/NewUser"}, {"type": "null"}]}
            }
        }
    }


async def test_responses_say_the_status_and_the_422() -> None:
    """An operation answers its route's status_code, "Successful Response",
    and, if its handler reads any value, a 422 "Validation Error" whose
    schema is FastAPI's HTTPValidationError, in components. A handler that
    reads none (request_data only) has no 422."""
    served = await document(users, pages)
    success = {
        "description": "Successful Response",
        "content": {"application/json": {"schema": {}}},
    }
    invalid = {
        "description": "Validation Error",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        },
    }
    paths = served["paths"]
    assert paths["/users"]["post"]["responses"] == {"201": success, "422": invalid}
    assert paths["/"]["get"]["responses"] == {"200": success}
    assert "parameters" not in paths["/"]["get"]
    assert "requestBody" not in paths["/"]["get"]
    schemas = served["components"]["schemas"]
    for name in ("HTTPValidationError", "ValidationError"):
        assert schemas[name] == openapi.VALIDATION_SCHEMAS[name]


async def test_no_components_when_there_are_none() -> None:
    """A document whose handlers read nothing has no components at all."""
    assert "components" not in await document(pages)


def refs(value: Any) -> list[str]:
    """Every $ref in value, at any depth."""
    if isinstance(value, dict):
        own = [value["$ref"]] if "$ref" in value else []
        return own + [ref for item in value.values() for ref in refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in refs(item)]
    return []


def schemas_in(value: Any, names: bool = False) -> list[dict[str, Any]]:
    """Every dict in value that has a "type" or an "anyOf": the schemas. The
    value of "properties" maps names to schemas (names: True)."""
    if isinstance(value, list):
        return [schema for item in value for schema in schemas_in(item)]
    if not isinstance(value, dict):
        return []
    own = [value] if not names and ("type" in value or "anyOf" in value) else []
    inside = [
        schema
        for key, item in value.items()
        for schema in schemas_in(item, names=not names and key == "properties")
    ]
    return own + inside


async def test_key_points_of_openapi_3_1() -> None:
    """Rules of OpenAPI 3.1 that a validator would check: paths start with
    "/"; each {name} in a path has exactly one parameter "in": "path",
    required, and nothing else is in the path; (name, in) is unique in an
    operation; operationIds are unique; every response has a description;
    every $ref points into components.schemas; a nullable value is JSON
    Schema's "null" type, not 3.0's "nullable"."""
    served = await document(users, pages)
    operation_ids = []
    for path, item in served["paths"].items():
        assert path.startswith("/"), path
        templated = re.findall(r"{([^}]+)}", path)
        for method, operation in item.items():
            assert method in {"get", "put", "post", "delete", "patch"}, method
            operation_ids.append(operation["operationId"])
            parameters = operation.get("parameters", [])
            in_path = [p["name"] for p in parameters if p["in"] == "path"]
            assert in_path == templated, path
            assert all(p["required"] for p in parameters if p["in"] == "path")
            pairs = [(p["name"], p["in"]) for p in parameters]
            assert len(pairs) == len(set(pairs))
            assert {p["in"] for p in parameters} <= {"path", "query"}
            assert operation["responses"]
            for status, response in operation["responses"].items():
                assert re.fullmatch(r"[1-5]\d\d", status) and response["description"]
    assert len(operation_ids) == len(set(operation_ids)) == 7
    components = served["components"]["schemas"]
    for ref in refs(served):
        assert ref.removeprefix("#/components/schemas/") in components, ref
    json_types = {"string", "integer", "number", "boolean", "array", "object", "null"}
    for schema in schemas_in(served):
        assert "nullable" not in schema
        assert schema.get("type", "null") in json_types, schema


async def test_the_function_makes_the_same_document() -> None:
    """openapi(routes, title=..., version=...) is what the app serves."""
    served = await document(users, pages)
    made = openapi.openapi([*users.routes, *pages.routes], title="Shop", version="1.0.0")
    assert json.loads(json.dumps(made)) == served
