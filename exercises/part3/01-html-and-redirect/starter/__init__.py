"""Your workspace for part3/01-html-and-redirect: edit http_responses.py."""
