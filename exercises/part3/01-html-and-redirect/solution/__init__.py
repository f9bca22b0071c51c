"""Reference solution of part3/01-html-and-redirect."""
