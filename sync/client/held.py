"""Received events the journal refused, kept whole and tried again (``sync_held_events``).

A pulled event may come before what it needs (an earlier event of its stream, a certificate, a
confirmed key, a newer CivoDesk). The pull's cursor moves past it, so it is held with its origin's
signature and tried again whenever something may have brought what it lacked: after every pull,
and after a package import, which can carry the missing events too. A purge or an erasure reaches
these copies as it reaches the journal.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, inspect

from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead
from civodesk.journal.store import IngestStatus, ingest_events
from civodesk.services import Services
from sync.client import state
from sync.client.trust import verify_events


def take_events(
    conn: Connection,
    services: Services,
    events: Sequence[JournalEvent],
    vouched: Sequence[JournalEvent],
    refused: list[state.Rejection],
    heads: Sequence[SignedHead],
) -> int:
    """Ingest the vouched events; hold the refused ones whole, so that nothing is lost.

    Returns how many events entered the journal."""
    now = services.journal.clock.now_ms()
    outcomes = ingest_events(conn, vouched, services.journal.registry, services.journal, defer=True)
    stored: dict[tuple[str, str], int] = {}
    ingested = 0
    for event, outcome in zip(vouched, outcomes, strict=True):
        if outcome.status is IngestStatus.REJECTED:
            refused.append(state.Rejection.of(event, outcome.reason, now))
            continue
        stream = (event.meeting_id, event.device_id)
        stored[stream] = max(stored.get(stream, 0), event.seq)
        if outcome.status is IngestStatus.ACCEPTED:
            ingested += 1
    state.record_acks(conn, stored)
    state.forget_rejections_up_to(conn, stored)
    refused_ids = {r.event_id for r in refused}
    state.release_held(conn, [e.event_id for e in events if e.event_id not in refused_ids])
    state.forget_rejections(conn, sorted(refused_ids))  # the reason may have changed
    state.record_rejections(conn, refused)  # shown on the Sync page, with the reason
    signatures = {(h.meeting_id, h.device_id, h.seq): h.signature for h in heads}
    state.hold_events(conn, [e for e in events if e.event_id in refused_ids], signatures)
    state.erase_held_personal(conn)
    return ingested


def retry_held(conn: Connection, services: Services) -> int:
    """Try every held event again; returns how many entered the journal this time."""
    if not _has_held_table(conn):
        return 0
    events, signatures = state.held_events(conn)
    if not events:
        return 0
    heads = [
        SignedHead(e.meeting_id, e.device_id, e.seq, e.hash, signature)
        for e in events
        if (signature := signatures.get((e.meeting_id, e.device_id, e.seq))) is not None
    ]
    vouched, refused = verify_events(conn, services, events, heads)
    return take_events(conn, services, events, vouched, refused, heads)


def erase_held_after_erasure(conn: Connection) -> None:
    """A purge or an erasure made on this desk reaches its held copies at once."""
    if _has_held_table(conn):
        state.erase_held_personal(conn)


def _has_held_table(conn: Connection) -> bool:
    """False until a sync made the client's tables: nothing was ever held then."""
    return inspect(conn).has_table(state.held_table.name)
