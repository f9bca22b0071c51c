"""Reference solution of part5/03-cors."""
