"""Part 3: responses, errors and request bodies.

Handlers return `BaseHTTPResponse` objects, client errors are exceptions that
carry their response (404, 405 with Allow, 400), and `RequestData` streams and
caches the request body.
"""
