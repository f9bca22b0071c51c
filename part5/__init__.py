"""Part 5: middleware and logging.

Global middleware wraps every matched route's handler, built once into a
chain in which errors are responses too; the sample adds an ASGI middleware
that wraps the whole app, and sets up where the log lines go.
"""
