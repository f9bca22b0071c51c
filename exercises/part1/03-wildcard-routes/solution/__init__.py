"""Reference solution of part1/03-wildcard-routes."""
