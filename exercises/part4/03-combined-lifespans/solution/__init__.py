"""Reference solution of part4/03-combined-lifespans."""
