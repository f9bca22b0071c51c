"""Your workspace for part7/03-presence: edit chat.py."""
