"""Part 3's sample app. Run it with: uvicorn part3.sample:app --port 8001"""

import logging
from typing import Any

from .api_router import ApiRouter
from .app import App
from .http_responses import JsonResponse, OK_JSONResponse
from .request_data import RequestData
from .types import Methods

# The framework only creates loggers; the application says where their lines
# go. Without this, a handler's traceback would reach Python's last-resort
# handler, with no level and no logger name.
logging.basicConfig(
    level=logging.INFO, format="%(levelname)s:     %(name)s - %(message)s"
)

Params = dict[str, str | list[str]]


def keep_single_values(params: dict[str, list[str]]) -> Params:
    """A query-string extractor: unwrap lone values, keep repeats as lists."""
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in params.items()
    }


def decode_text(body: bytes) -> str:
    """A body extractor: the body as text, undecodable bytes replaced."""
    return body.decode("utf-8", "replace")


home_router = ApiRouter()
about_router = ApiRouter()


@home_router.get("/")
@home_router.get("/home")
async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
    return OK_JSONResponse({"page": "home"})


@about_router.get("/about")
async def about(request_data: RequestData[Any, Any]) -> None:
    # Deliberately returns no response: the app logs the mistake, answers 500.
    return None


@about_router.multi_methods(
    "/about/careers",
    [Methods.GET, Methods.POST],
    query_string_extractor=keep_single_values,
    body_extractor=decode_text,
)
async def careers(request_data: RequestData[Params, str]) -> JsonResponse:
    return OK_JSONResponse(
        {
            "query": await request_data.get_query_string_params(),
            "body": await request_data.get_body(),
            "json": await request_data.get_json_body(),  # invalid JSON: 400
        }
    )


app = App()
app.include_routes([home_router, about_router])

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
