"""The journal event, its canonical encoding and its hash.

An event belongs to a *stream*: the events one device wrote for one meeting. Within a stream the
sequence numbers run 1, 2, 3… with no gap and each event carries the hash of the previous one, so a
missing, reordered or altered event is detected. Streams are per meeting so that a meeting can be
exported, synced or purged on its own.

Personal data (names, contacts) travels in ``personal``, apart from ``payload``. The hash covers only
its digest, and ``personal`` holds a random salt, so the personal part can later be erased (RGPD)
without breaking the chain and without the digest revealing a guessable name.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64

JsonObject = dict[str, Any]


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text; identical on every device."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def salted_personal(data: JsonObject) -> JsonObject:
    """Add the random salt that keeps the digest of a short name from being guessed."""
    return {**data, "_salt": secrets.token_hex(8)}


def personal_digest(personal: JsonObject | None) -> str | None:
    if personal is None:
        return None
    return hashlib.sha256(canonical_json(personal).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class JournalEvent:
    event_id: str
    meeting_id: str
    device_id: str
    seq: int
    device_time_ms: int
    hlc: int
    type: str
    payload: JsonObject
    prev_hash: str
    hash: str
    personal: JsonObject | None = None
    personal_digest: str | None = None

    @property
    def stamp(self) -> str:
        """Total order used by last-writer-wins rules: HLC, then device id as tie-breaker."""
        return make_stamp(self.hlc, self.device_id)

    def computed_hash(self) -> str:
        return compute_hash(
            event_id=self.event_id,
            meeting_id=self.meeting_id,
            device_id=self.device_id,
            seq=self.seq,
            device_time_ms=self.device_time_ms,
            hlc=self.hlc,
            type=self.type,
            payload=self.payload,
            personal_digest=self.personal_digest,
            prev_hash=self.prev_hash,
        )


def make_stamp(hlc: int, device_id: str) -> str:
    return f"{hlc:016x}:{device_id}"


def compute_hash(
    *,
    event_id: str,
    meeting_id: str,
    device_id: str,
    seq: int,
    device_time_ms: int,
    hlc: int,
    type: str,
    payload: JsonObject,
    personal_digest: str | None,
    prev_hash: str,
) -> str:
    body = canonical_json(
        {
            "event_id": event_id,
            "meeting_id": meeting_id,
            "device_id": device_id,
            "seq": seq,
            "device_time_ms": device_time_ms,
            "hlc": hlc,
            "type": type,
            "payload": payload,
            "personal_digest": personal_digest,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()
