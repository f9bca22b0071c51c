"""Your workspace for part3/02-cookies: edit request_data.py, cookies.py."""
