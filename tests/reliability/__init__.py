"""Reliability (SPEC section 9): property-based tests, live fault tests, conformance matrix."""
