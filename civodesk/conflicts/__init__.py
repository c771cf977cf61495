"""Concurrent edits of one field: detection results kept for review, and their review."""
