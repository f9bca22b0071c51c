"""Part 5's ApiRouter: decorators collect route definitions (tests/api_router_suite.py)."""

from tests.api_router_suite import api_router_tests

(
    test_each_shortcut_registers_its_method,
    test_multi_methods_registers_one_definition_per_method,
    test_multi_methods_rejects_an_unknown_method,
    test_decorators_stack,
) = api_router_tests("part5")
