"""Identifiers made on the device: UUIDv7, so they sort by creation time and never collide."""

from uuid6 import uuid7


def new_id() -> str:
    """A fresh UUIDv7 as its canonical 36-character string."""
    return str(uuid7())
