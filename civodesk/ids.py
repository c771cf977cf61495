"""Identifiers made on the device: UUIDv7, so they sort by creation time and never collide."""


def new_id() -> str:
    """A fresh UUIDv7 as its canonical 36-character string."""
    # Imported on first use: the uuid6 package reads its own metadata when imported (~30 ms),
    # which would otherwise be paid at every start-up before the window shows.
    from uuid6 import uuid7

    return str(uuid7())
