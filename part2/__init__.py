"""Part 2: many methods, grouped routes and request data.

Routes are collected with `ApiRouter` decorators and added to the app once
with `App.include_routes`. Handlers receive a `RequestData` with the query string.
"""
