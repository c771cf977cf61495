"""Checking that a stream comes from the device it names: a signed head, by a vouched key.

A stream (one device's events of one meeting) is genuine up to the highest head that carries a
valid signature by the key vouched for that device (``civodesk.journal.certificates.KeyBook``),
provided the head's hash is the hash of the event at that position. Its ``device.joined`` event must
announce that same key, since badges are checked against the key it announces. Events after the
last signed head are not vouched for yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from civodesk.i18n import _
from civodesk.journal.certificates import VouchedKey
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead, head_signed_by
from civodesk.journal.store import DEVICE_JOINED


class StreamProblem(StrEnum):
    UNVOUCHED_KEY = "unvouched_key"
    KEY_MISMATCH = "key_mismatch"
    BAD_SIGNATURE = "bad_signature"
    UNSIGNED = "unsigned"


@dataclass(frozen=True)
class StreamVerdict:
    meeting_id: str
    device_id: str
    verified_seq: int
    """Events of the stream up to this sequence are vouched for (0: none)."""
    last_seq: int
    problem: StreamProblem | None
    reason: str

    @property
    def complete(self) -> bool:
        return self.problem is None and self.verified_seq >= self.last_seq


def problem_reason(problem: StreamProblem, device: str) -> str:
    """The sentence shown for a stream refused for ``problem`` (``device``: its name or id)."""
    if problem is StreamProblem.UNVOUCHED_KEY:
        return _(
            "la clé de l'appareil {device} n'est garantie par aucun certificat ni confirmée "
            "sur ce poste"
        ).format(device=device)
    if problem is StreamProblem.KEY_MISMATCH:
        return _(
            "le journal de l'appareil {device} annonce une clé qui n'est pas celle certifiée "
            "pour lui"
        ).format(device=device)
    if problem is StreamProblem.BAD_SIGNATURE:
        return _(
            "le journal de l'appareil {device} est signé par une clé qui n'est pas certifiée "
            "pour lui"
        ).format(device=device)
    return _("le journal de l'appareil {device} ne porte pas la signature de cet appareil").format(
        device=device
    )


def verify_stream(
    events: Sequence[JournalEvent], heads: Iterable[SignedHead], key: VouchedKey | None
) -> StreamVerdict:
    """How far ``events`` (consecutive events of one stream, ascending) are vouched for."""
    first = events[0]
    last_seq = events[-1].seq

    def verdict(verified: int, problem: StreamProblem | None) -> StreamVerdict:
        reason = problem_reason(problem, first.device_id) if problem else ""
        return StreamVerdict(first.meeting_id, first.device_id, verified, last_seq, problem, reason)

    if key is None:
        return verdict(0, StreamProblem.UNVOUCHED_KEY)
    for event in events:
        if event.type == DEVICE_JOINED and event.payload.get("public_key") != key.public_key:
            return verdict(0, StreamProblem.KEY_MISMATCH)
    by_seq = {event.seq: event.hash for event in events}
    candidates = sorted(
        (
            head
            for head in heads
            if head.meeting_id == first.meeting_id
            and head.device_id == first.device_id
            and by_seq.get(head.seq) == head.hash
        ),
        key=lambda head: head.seq,
        reverse=True,
    )
    for head in candidates:
        if head_signed_by(key.public_key, head):
            problem = None if head.seq >= last_seq else StreamProblem.UNSIGNED
            return verdict(head.seq, problem)
    return verdict(0, StreamProblem.BAD_SIGNATURE if candidates else StreamProblem.UNSIGNED)


def verified_heads(
    events: Sequence[JournalEvent],
    heads: Iterable[SignedHead],
    key: VouchedKey | None,
    up_to: int,
) -> list[SignedHead]:
    """The heads of ``events`` up to ``up_to`` that carry a valid signature by ``key`` (to keep)."""
    if key is None or up_to == 0:
        return []
    first = events[0]
    by_seq = {event.seq: event.hash for event in events}
    return [
        head
        for head in heads
        if head.meeting_id == first.meeting_id
        and head.device_id == first.device_id
        and head.seq <= up_to
        and by_seq.get(head.seq) == head.hash
        and head_signed_by(key.public_key, head)
    ]


def group_streams(events: Iterable[JournalEvent]) -> dict[tuple[str, str], list[JournalEvent]]:
    """Events by (meeting, device), each list in sequence order."""
    streams: dict[tuple[str, str], list[JournalEvent]] = {}
    for event in sorted(events, key=lambda e: (e.meeting_id, e.device_id, e.seq)):
        streams.setdefault((event.meeting_id, event.device_id), []).append(event)
    return streams
