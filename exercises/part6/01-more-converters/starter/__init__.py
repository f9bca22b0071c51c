"""Your workspace for part6/01-more-converters: edit converters.py."""
