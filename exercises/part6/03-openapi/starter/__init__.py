"""Your workspace for part6/03-openapi: edit openapi.py."""
