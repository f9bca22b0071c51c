"""Part 7's 422s against a real FastAPI app: the same endpoints in both, the same
requests, the same answers, and where Part 7 is stricter on purpose
(tests/fastapi_suite.py, shared by Parts 6 and 7; of Part 7's tests, only it imports
FastAPI)."""

from tests.fastapi_suite import fastapi_tests

globals().update(fastapi_tests("part7"))
