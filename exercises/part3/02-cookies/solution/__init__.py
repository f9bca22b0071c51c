"""Reference solution of part3/02-cookies."""
