"""Reference solution of part5/01-request-id."""
