"""Your workspace for part4/02-retry-backoff: edit background_tasks.py."""
