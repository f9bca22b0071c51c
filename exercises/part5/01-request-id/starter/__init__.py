"""Your workspace for part5/01-request-id: edit middleware.py."""
