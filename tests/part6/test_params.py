"""Part 6's typed handlers (params.py): a handler's signature read once, when
include_routes adds its route, into a plan that fills its parameters per request
(tests/params_suite.py, which Part 7 runs too). The same answers from a real FastAPI
app: test_fastapi.py."""

from tests.params_suite import params_tests

globals().update(params_tests("part6"))
