"""Your workspace for part1/03-wildcard-routes: edit router.py."""
