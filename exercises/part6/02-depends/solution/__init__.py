"""Reference solution of part6/02-depends."""
