"""Your workspace for part1/01-head-requests: edit app.py."""
