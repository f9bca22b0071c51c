"""Part 4's sample app. Run it with: uvicorn part4.sample:app --port 8001"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from .api_router import ApiRouter
from .app import App
from .background_tasks import TaskParams, create_task
from .exceptions import InvalidRequestDataException
from .http_responses import JsonResponse, OK_JSONResponse
from .request_data import RequestData
from .types import Methods, StatusCode

# The framework only creates loggers; the application says where their lines
# go. Without this, a handler's traceback would reach Python's last-resort
# handler, with no level and no logger name.
logging.basicConfig(
    level=logging.INFO, format="%(levelname)s:     %(name)s - %(message)s"
)
logger = logging.getLogger(__name__)

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


class VisitCounter:
    """Shared by every request: the lifespan puts one in the state."""

    def __init__(self) -> None:
        self.count = 0


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, Any]]:
    """Start-up before the yield, shut-down after it."""
    visits = VisitCounter()
    logger.info("Start-up: the visit counter is ready")
    yield {"visits": visits}
    logger.info("Shut-down: %d visit(s) counted", visits.count)


async def send_welcome(params: TaskParams) -> None:
    """A background task: pretend to send an email, not delaying the
    answer (it may start before the answer is sent, or after)."""
    await asyncio.sleep(0.1)
    logger.info("Welcome message sent to %s", params.data)


home_router = ApiRouter()
about_router = ApiRouter()


@home_router.get("/")
@home_router.get("/home")
async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
    return OK_JSONResponse({"page": "home"})


@home_router.get("/visits")
async def count_visit(request_data: RequestData[Any, Any]) -> JsonResponse:
    visits: VisitCounter = (await request_data.get_state())["visits"]
    visits.count += 1
    return OK_JSONResponse({"visits": visits.count})


@home_router.post("/signup")
async def signup(request_data: RequestData[Any, Any]) -> JsonResponse:
    body = await request_data.get_json_body()
    if not isinstance(body, dict) or not isinstance(body.get("email"), str):
        raise InvalidRequestDataException('Send {"email": "..."}')
    tasks = await request_data.get_background_tasks()
    await tasks.add_tasks(
        [create_task(send_welcome, TaskParams(body["email"]))]
    )
    # 202 Accepted: the answer does not wait for the welcome message.
    return JsonResponse({"queued": "welcome"}, StatusCode.ACCEPTED)


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


app = App(lifespan=lifespan)
app.include_routes([home_router, about_router])

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
