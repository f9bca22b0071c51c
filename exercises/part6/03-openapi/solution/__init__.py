"""Reference solution of part6/03-openapi."""
