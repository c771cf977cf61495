"""Identifiers made on the device: UUIDv7, so they sort by creation time and never collide.

A meeting's id also names the device that created it (a UUIDv8 whose last 56 bits are a digest of
the creator's device id and of the rest of the id), so the sync server can tell the creator's
own ``meeting.created`` from a copy forged by another organization's desk that learned the id
(it is printed in every badge).
"""

from __future__ import annotations

import hashlib
import uuid

MEETING_ID_VERSION = 8
_TAG_BYTES = 7
_TAG_CONTEXT = b"civodesk-meeting-id\x00"


def new_id() -> str:
    """A fresh UUIDv7 as its canonical 36-character string."""
    # Imported on first use: the uuid6 package reads its own metadata when imported (~30 ms),
    # which would otherwise be paid at every start-up before the window shows.
    from uuid6 import uuid7

    return str(uuid7())


def _creator_tag(device_id: str, head: bytes) -> bytes:
    return hashlib.sha256(_TAG_CONTEXT + device_id.encode() + b"\x00" + head).digest()[:_TAG_BYTES]


def new_meeting_id(device_id: str) -> str:
    """A meeting id that sorts by creation time (UUIDv7 layout) and names its creating device."""
    raw = bytearray(uuid.UUID(new_id()).bytes)
    raw[6] = (MEETING_ID_VERSION << 4) | (raw[6] & 0x0F)
    head = bytes(raw[: 16 - _TAG_BYTES])
    return str(uuid.UUID(bytes=head + _creator_tag(device_id, head)))


def names_its_creator(meeting_id: str) -> bool:
    """True for an id made by ``new_meeting_id`` (older meeting ids are plain UUIDv7)."""
    try:
        return uuid.UUID(meeting_id).version == MEETING_ID_VERSION
    except ValueError:
        return False


def created_by(meeting_id: str, device_id: str) -> bool:
    """True when ``new_meeting_id`` made this id on the device ``device_id``."""
    if not names_its_creator(meeting_id):
        return False
    raw = uuid.UUID(meeting_id).bytes
    head, tag = raw[: 16 - _TAG_BYTES], raw[16 - _TAG_BYTES :]
    return _creator_tag(device_id, head) == tag
