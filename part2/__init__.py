"""Part 2: many methods, grouped routes and request data.

Routes are collected with `ApiRouter` decorators and added to the app once,
by `App.include_routes`. Handlers get a `RequestData` with the query string.
"""
