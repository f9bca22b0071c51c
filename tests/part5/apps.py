"""Small Part 5 apps for the live tests, importable by a uvicorn subprocess."""

from part5.api_router import ApiRouter
from part5.app import App
from part5.http_responses import OK_TEXTResponse, TextResponse
from part5.middleware import BaseGlobalMiddleware

api = ApiRouter()


@api.get("/hello")
async def hello(request_data):
    return OK_TEXTResponse("hello")


class AppendInPlace(BaseGlobalMiddleware):
    """The mistake: a longer body than the content-length already built."""

    async def __call__(self, request_data, call_next):
        response = await call_next(request_data)
        response.body += b" and more"
        return response


class AppendByReplacing(BaseGlobalMiddleware):
    """The way: a new response, whose content-length is computed again."""

    async def __call__(self, request_data, call_next):
        response = await call_next(request_data)
        replaced = TextResponse(response.get_body() + b" and more", response.get_status_code())
        return replaced


edits_in_place = App(middlewares=[AppendInPlace()])
edits_in_place.include_routes([api])
replaces = App(middlewares=[AppendByReplacing()])
replaces.include_routes([api])
