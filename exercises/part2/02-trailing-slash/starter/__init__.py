"""Your workspace for part2/02-trailing-slash: edit app.py."""
