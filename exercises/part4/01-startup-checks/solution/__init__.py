"""Reference solution of part4/01-startup-checks."""
