"""Your workspace for part1/02-method-not-allowed: edit router.py, app.py."""
