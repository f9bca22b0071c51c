"""Part 6's ApiRouter: decorators collect route definitions (tests/api_router_suite.py),
each with the status_code of what its handler returns as plain data."""

from tests.api_router_suite import api_router_tests, status_code_tests

(
    test_each_shortcut_registers_its_method,
    test_multi_methods_registers_one_definition_per_method,
    test_multi_methods_rejects_an_unknown_method,
    test_decorators_stack,
) = api_router_tests("part6")
(
    test_each_shortcut_takes_a_status_code_and_defaults_to_200,
    test_multi_methods_gives_every_method_the_status_code,
) = status_code_tests("part6")
