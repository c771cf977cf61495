"""Transitional: the domain rules now live in each feature package (``civodesk.meetings`` …)."""
