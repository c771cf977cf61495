"""The desk's side of the signed record in sync: signing what it pushes, checking what it pulls.

A pushed run must end on a head its origin device signed. This desk signs the heads of its own
streams as it pushes them; a stream it relays (from a package) can only be cut where its origin's
signatures are stored, so batches are aligned on those. Pulled runs are checked offline against the
organization's certificates (sent with the page, kept when signed by this desk's trust anchor): a
stream signed by a key not certified for its device is set aside with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from civodesk.journal.certificates import KeyBook, parse_certificate, store_certificates
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead, sign_head, store_signed_heads, stored_heads
from civodesk.journal.stream_trust import group_streams, verified_heads, verify_stream
from civodesk.services import Services
from sync.batch_codec import DecodedBatch
from sync.client import state

Position = tuple[str, str, int]


class PushSigner:
    """Tail signatures for the runs this desk pushes (``encode_batch``'s ``signer``)."""

    def __init__(self, services: Services, pending: Sequence[JournalEvent]) -> None:
        self._device = services.device
        self._stored: dict[Position, SignedHead] = {}
        relayed = {(e.meeting_id, e.device_id) for e in pending if not self._own(e)}
        with services.database.read() as conn:
            for meeting_id, device_id in sorted(relayed):
                for head in stored_heads(conn, meeting_id, device_id):
                    self._stored[(meeting_id, device_id, head.seq)] = head

    def _own(self, event: JournalEvent) -> bool:
        return event.device_id == self._device.device_id

    def signable(self, event: JournalEvent) -> bool:
        """Whether a run may end on this event."""
        if self._own(event):
            return True
        head = self._stored.get((event.meeting_id, event.device_id, event.seq))
        return head is not None and head.hash == event.hash

    def __call__(self, event: JournalEvent) -> str | None:
        if self._own(event):
            return sign_head(self._device, event.meeting_id, event.seq, event.hash).signature
        head = self._stored.get((event.meeting_id, event.device_id, event.seq))
        return head.signature if head is not None and head.hash == event.hash else None

    def pushable(self, pending: Sequence[JournalEvent]) -> list[JournalEvent]:
        """Pending events without relayed events past their stream's last stored signature."""
        last_signed: dict[tuple[str, str], int] = {}
        for event in pending:
            if self.signable(event):
                last_signed[(event.meeting_id, event.device_id)] = event.seq
        return [e for e in pending if e.seq <= last_signed.get((e.meeting_id, e.device_id), 0)]

    def cut(self, pending: Sequence[JournalEvent], start: int, end: int) -> int:
        """Move a batch end so that the batch's last run ends on a signable event."""
        end = min(end, len(pending))
        if end >= len(pending) or self.signable(pending[end - 1]):
            return end
        last = pending[end - 1]
        stream = (last.meeting_id, last.device_id)
        index = end - 1
        while index >= start and (pending[index].meeting_id, pending[index].device_id) == stream:
            if self.signable(pending[index]):
                return index + 1
            index -= 1
        if index >= start:  # the stream began inside the batch: end the batch before it
            return index + 1
        while end < len(pending) and not self.signable(pending[end - 1]):
            end += 1
        return end


def verify_pulled(
    conn: Connection, services: Services, batch: DecodedBatch
) -> tuple[list[JournalEvent], list[state.Rejection]]:
    """The pulled events vouched for by their origin's signature, and the others set aside."""
    certificates = [cert for item in batch.certificates if (cert := parse_certificate(item))]
    store_certificates(conn, certificates)
    return verify_events(conn, services, batch.events, batch.heads)


def verify_events(
    conn: Connection,
    services: Services,
    events: Sequence[JournalEvent],
    heads: Sequence[SignedHead],
) -> tuple[list[JournalEvent], list[state.Rejection]]:
    """``events`` vouched for by ``heads`` signed with their device's certified key, and the
    others with the reason (pulled now, or held since an earlier pull)."""
    book = KeyBook(conn, services.device)
    taken: set[str] = set()
    kept_heads: list[SignedHead] = []
    refused: list[state.Rejection] = []
    now = services.journal.clock.now_ms()
    for (_meeting, device_id), stream in group_streams(events).items():
        verdict = verify_stream(stream, heads, book.key_for(device_id))
        taken.update(e.event_id for e in stream if e.seq <= verdict.verified_seq)
        kept_heads += verified_heads(stream, heads, book.key_for(device_id), verdict.verified_seq)
        refused += [
            state.Rejection.of(e, verdict.reason, now)
            for e in stream
            if e.seq > verdict.verified_seq
        ]
    store_signed_heads(conn, kept_heads)
    return [e for e in events if e.event_id in taken], refused
