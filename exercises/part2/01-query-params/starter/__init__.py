"""Your workspace for part2/01-query-params: edit request_data.py."""
