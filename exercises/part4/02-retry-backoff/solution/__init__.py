"""Reference solution of part4/02-retry-backoff."""
