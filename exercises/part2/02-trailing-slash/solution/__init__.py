"""Reference solution of part2/02-trailing-slash."""
