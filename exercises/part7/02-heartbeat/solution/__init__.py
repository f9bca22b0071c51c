"""Reference solution of part7/02-heartbeat."""
