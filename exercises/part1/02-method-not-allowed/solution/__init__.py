"""Reference solution of part1/02-method-not-allowed."""
