"""Reference solution of part2/03-path-params."""
