"""Your workspace for part3/03-exception-handlers: edit app.py."""
