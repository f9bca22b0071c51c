"""Your workspace for part5/02-gzip: edit middleware.py."""
