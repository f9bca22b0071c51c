"""Your workspace for part7/01-sse-keepalive: edit http_responses.py."""
