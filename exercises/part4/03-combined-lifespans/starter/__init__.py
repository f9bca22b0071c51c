"""Your workspace for part4/03-combined-lifespans: edit lifespans.py."""
