"""The Idées page and its model."""
