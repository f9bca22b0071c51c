"""Reference solution of part7/01-sse-keepalive."""
