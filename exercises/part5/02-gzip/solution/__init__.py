"""Reference solution of part5/02-gzip."""
