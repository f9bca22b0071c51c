"""The "Make it faster" lab (benchmarks/lab): every step still applies to the
current part3/, each on top of the ones before, and the copy with all of them
behaves exactly like Part 3.

The copy is the package `part3_faster`, built once per test process in a
temporary folder put on sys.path. Part 3's own suites and behaviour table run
against it by that name, as tests/part3 runs them against "part3" (Part 3's
errata and live tests are about Part 3's file and server, not its behaviour).
Then what the steps touch is compared with Part 3 directly: every JSON body
renders to the same bytes or fails the same way, and a body that contains
itself is still a 500. No valgrind here: `python -m benchmarks.lab` counts.
"""

import atexit
import enum
import importlib
import shutil
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from benchmarks import lab
from tests.api_router_suite import api_router_tests
from tests.app_suite import app_tests
from tests.asgi import call, http_scope, response_of
from tests.behaviours import behaviour_tests
from tests.exceptions_suite import exceptions_tests
from tests.http_responses_suite import http_responses_tests
from tests.request_data_suite import request_data_tests
from tests.router_suite import router_tests
from tests.sample_suite import sample_tests
from tests.types_suite import types_tests

# Nothing measured runs here: the copy is not a part folder.
pytestmark = pytest.mark.no_cover

COPY = "part3_faster"
FOLDER = Path(tempfile.mkdtemp(prefix="lab-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
try:
    lab.build(FOLDER, COPY)
    NOT_APPLIED = None
except lab.StepDoesNotApply as error:
    NOT_APPLIED = str(error)


def test_every_step_is_listed_and_applies_to_part3_in_order() -> None:
    files = sorted(path.stem for path in lab.FOLDER.glob("*.diff"))
    assert files == list(lab.STEPS), "lab.STEPS names every .diff file, in order"
    assert NOT_APPLIED is None, NOT_APPLIED


def test_a_step_that_no_longer_matches_is_refused_and_changes_nothing(tmp_path) -> None:
    copy = lab.build(tmp_path, "part3_copy", 0)
    router = (copy / "router.py").read_text()
    (copy / "router.py").write_text(router.replace("get_segments(path)", "segments(path)"))
    before = {path.name: path.read_text() for path in copy.iterdir() if path.is_file()}
    with pytest.raises(lab.StepDoesNotApply, match=r"01-walk-the-split.diff: hunk 1 of router"):
        lab.apply(lab.path("01-walk-the-split").read_text(), copy, "01-walk-the-split.diff")
    assert {path.name: path.read_text() for path in copy.iterdir() if path.is_file()} == before


def _suites(part: str) -> dict[str, Callable[..., Any]]:
    """Part 3's shared tests, bound to part, each named after its suite."""
    suites: dict[str, Any] = {
        "api_router": {test.__name__: test for test in api_router_tests(part)},
        "app": app_tests(part),
        "behaviours": behaviour_tests(part),
        "exceptions": exceptions_tests(part),
        "http_responses": http_responses_tests(part),
        "request_data": request_data_tests(part),
        "router": router_tests(part),
        "sample": sample_tests(part),
        "types": types_tests(part),
    }
    return {
        f"test_{suite}__{name.removeprefix('test_')}": test
        for suite, tests in suites.items()
        for name, test in tests.items()
    }


sys.path.insert(0, str(FOLDER))
if NOT_APPLIED is None:  # else the first test fails, and says why
    globals().update(_suites(COPY))


class Level(enum.IntEnum):
    HIGH = 3


class Text(str):
    pass


ITSELF: list[Any] = []
ITSELF.append(ITSELF)

BODIES = [
    {"page": "home"},
    [1, [2, [3, {"a": None}]], (4, 5), True, False],
    {"text": "café ✓ \ud800", "n": -0.0, "big": 10**30, "f": 1e-7},
    "a string alone",
    Text("a str subclass"),
    {1: "int key", 2.5: "float key", False: "bool key", None: "null key"},
    Level.HIGH,
    {"level": Level.HIGH},
    float("nan"),
    [float("inf")],
    {"bad": object()},
    {("tuple",): "key"},
    Decimal("1.5"),
]


def _render(part: str, body: Any) -> bytes | tuple[str, str]:
    JsonResponse = importlib.import_module(f"{part}.http_responses").JsonResponse
    try:
        return JsonResponse(body).body
    except Exception as error:  # the same failure, worded the same way
        return type(error).__name__, str(error)


@pytest.mark.parametrize("body", BODIES, ids=[f"body{n}" for n in range(len(BODIES))])
def test_a_json_body_renders_to_the_same_bytes_or_fails_the_same_way(body) -> None:
    assert _render(COPY, body) == _render("part3", body)


@pytest.mark.parametrize("part", ["part3", COPY])
async def test_a_body_that_contains_itself_is_a_500(part, caplog) -> None:
    api = importlib.import_module(f"{part}.api_router").ApiRouter()
    responses = importlib.import_module(f"{part}.http_responses")

    @api.get("/itself")
    async def itself(request_data: Any) -> Any:
        return responses.OK_JSONResponse(ITSELF)

    app = importlib.import_module(f"{part}.app").App()
    app.include_routes([api])
    status, _, body = response_of(await call(app, http_scope("GET", "/itself")))
    assert (status, body) == (500, b"Internal Server Error")
    assert [record.levelname for record in caplog.records] == ["ERROR"]
