"""Reference solution of part2/01-query-params."""
