"""Reference solution of part3/03-exception-handlers."""
