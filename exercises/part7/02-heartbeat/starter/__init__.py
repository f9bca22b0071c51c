"""Your workspace for part7/02-heartbeat: edit heartbeat.py."""
