"""Reference solution of part7/03-presence."""
