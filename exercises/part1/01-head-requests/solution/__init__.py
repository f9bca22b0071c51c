"""Reference solution of part1/01-head-requests."""
