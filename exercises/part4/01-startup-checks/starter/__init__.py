"""Your workspace for part4/01-startup-checks: edit app.py."""
