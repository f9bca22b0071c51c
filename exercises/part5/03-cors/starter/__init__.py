"""Your workspace for part5/03-cors: edit cors.py."""
