"""Your workspace for part6/02-depends: edit depends.py."""
