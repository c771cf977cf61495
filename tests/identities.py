"""Device identities of the desks a test opened, by device id, so test servers can check them.

A test harness pushing a desk's events signs each run as its origin device would (the desk's own
key), and enrols a device id with the key that desk holds.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead, sign_head

_KNOWN: dict[str, DeviceIdentity] = {}


def remember(identity: DeviceIdentity) -> DeviceIdentity:
    _KNOWN[identity.device_id] = identity
    return identity


def identity_for(device_id: str, label: str = "") -> DeviceIdentity:
    """The identity of an opened desk, or a new key for a plain test device id."""
    if device_id not in _KNOWN:
        remember(DeviceIdentity(device_id, label, Ed25519PrivateKey.generate()))
    return _KNOWN[device_id]


def sign_as_origin(event: JournalEvent) -> str | None:
    """The origin device's signature of the head ending at ``event`` (None for unknown devices)."""
    identity = _KNOWN.get(event.device_id)
    if identity is None:
        return None
    return sign_head(identity, event.meeting_id, event.seq, event.hash).signature


def origin_heads(events: list[JournalEvent]) -> list[SignedHead]:
    """Every event's head signed by its origin device (what a verified transfer leaves behind)."""
    return [
        sign_head(_KNOWN[event.device_id], event.meeting_id, event.seq, event.hash)
        for event in events
        if event.device_id in _KNOWN
    ]
