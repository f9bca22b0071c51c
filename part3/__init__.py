"""Part 3: responses, errors and request bodies.

Handlers return `BaseHTTPResponse` objects, client errors are exceptions that
carry their response (404, 405 with Allow, 400, 413), and `RequestData`
streams the request body or reads it whole, within a size limit.
"""
