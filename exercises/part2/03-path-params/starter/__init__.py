"""Your workspace for part2/03-path-params: edit router.py."""
