"""Part 2's sample app. Run it with: uvicorn part2.sample:app --port 8001"""

from typing import Any

from .api_router import ApiRouter
from .app import App
from .request_data import RequestData
from .types import Methods

Params = dict[str, str | list[str]]


def keep_single_values(params: dict[str, list[str]]) -> Params:
    """A query-string extractor: unwrap lone values, keep repeats as lists."""
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in params.items()
    }


home_router = ApiRouter()
about_router = ApiRouter()


@home_router.get("/home")
async def home(request_data: RequestData[Any, Any]) -> dict[str, str]:
    # Part 2 ignores what a handler returns: the client still gets 200 "ok".
    return {"page": "home"}


@about_router.get("/about")
async def about(request_data: RequestData[Any, Any]) -> None:
    pass


@about_router.multi_methods(
    "/about/careers",
    [Methods.GET, Methods.POST],
    query_string_extractor=keep_single_values,
)
async def careers(request_data: RequestData[Params, Any]) -> None:
    params = await request_data.get_query_string_params()
    print(f"careers query: {params}")


app = App()
app.include_routes([home_router, about_router])

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
