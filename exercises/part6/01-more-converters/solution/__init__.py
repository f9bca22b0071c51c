"""Reference solution of part6/01-more-converters."""
