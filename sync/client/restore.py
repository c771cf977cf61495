"""A desk restored from an old backup gets its own newer events back and continues after them.

The pull never sends a desk its own events, so a laptop put back to an older copy of its database
would never see again what it had pushed after that copy, and each new event it writes takes a
sequence number the server already holds (a fork the server must refuse). At every sync the desk
compares the heads the server holds of its own streams with its journal. Where the server's stream
is longer or forks, the desk fetches the server's events from the last acknowledged one, checks
that this device signed them, and rewrites its stream: the server's events, then this copy's own
events since the restore, renumbered after them (same ids, payloads, clocks and personal data;
new sequence numbers and hashes, re-signed when pushed). Projections are rebuilt from the journal,
so both copies' events count.

Why continue the stream rather than start a new device id: the server token, the organization's
certificate and the badge keys are bound to this device id, and a new one would need a new
enrolment code from the central team, on a laptop that may be offline in a village hall.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pydantic import ValidationError
from sqlalchemy import Connection, delete, select

from civodesk.i18n import _, ngettext
from civodesk.journal.event import JournalEvent
from civodesk.journal.rebuild import rebuild_projections
from civodesk.journal.signing import head_signed_by
from civodesk.journal.store import (
    DEVICE_JOINED,
    event_to_row,
    events_table,
    row_to_event,
    stream_head,
    stream_misfit,
)
from civodesk.journal.trust_tables import stream_signatures
from civodesk.services import Services
from sync.batch_codec import BatchDecodeError, decode_batch
from sync.client import state
from sync.client.transport import ServerConnection, SyncError
from sync.protocol_streams import OWN_STREAMS_PATH, OwnStreamHead, OwnStreams

logger = logging.getLogger("civodesk.sync")


@dataclass(frozen=True)
class Recovery:
    """What a sync brought back of this desk's own streams, and how many local events moved."""

    meetings: int
    recovered: int
    """Events of this device the server held and this copy of the database did not."""
    renumbered: int
    """Events written on this copy since the restore, now numbered after the recovered ones."""

    def sentence(self) -> str:
        recovered = ngettext(
            "Ce poste a été restauré depuis une sauvegarde : {count} événement qu'il avait "
            "envoyé a été récupéré du serveur.",
            "Ce poste a été restauré depuis une sauvegarde : {count} événements qu'il avait "
            "envoyés ont été récupérés du serveur.",
            self.recovered,
        ).format(count=self.recovered)
        renumbered = ngettext(
            "{count} événement saisi depuis la restauration est placé à leur suite ; aucun "
            "n'est perdu.",
            "{count} événements saisis depuis la restauration sont placés à leur suite ; aucun "
            "n'est perdu.",
            self.renumbered,
        ).format(count=self.renumbered)
        return f"{recovered} {renumbered}"


def recover_own_streams(
    services: Services, server: ServerConnection, page_limit: int
) -> Recovery | None:
    """Bring back this device's events the server holds and the journal lacks (None: nothing)."""
    response = server.request("GET", OWN_STREAMS_PATH)
    if response.status_code == 404:
        return None  # a server from before this endpoint
    server.raise_for_refusal(response)
    try:
        heads = OwnStreams.model_validate_json(response.content).streams
    except ValidationError as error:
        raise SyncError(_("Réponse inattendue du serveur sur les journaux de ce poste.")) from error
    device_id = services.device.device_id
    with services.database.read() as conn:
        behind = [head for head in heads if not _holds(conn, head, device_id)]
        acked = state.acked_seqs(conn)
    if not behind:
        return None
    # Fetched before the write transaction: the facilitator's writes never wait on the network.
    fetched = [
        (
            head,
            _fetch(
                services,
                server,
                head,
                min(acked.get((head.meeting_id, device_id), 0), head.seq - 1),
                page_limit,
            ),
        )
        for head in behind
    ]
    recovered = renumbered = 0
    with services.database.write() as conn:
        for head, theirs in fetched:
            got, moved = _rewrite(conn, services, head, theirs)
            recovered += got
            renumbered += moved
        if not recovered:
            return None  # nothing the server could prove is this device's: leave the journal
        rebuild_projections(conn, services.journal.registry)
        state.record_restore(
            conn, services.journal.clock.now_ms(), len(behind), recovered, renumbered
        )
    logger.info(
        "restored desk: %d events recovered, %d renumbered in %d meetings",
        recovered,
        renumbered,
        len(behind),
    )
    return Recovery(len(behind), recovered, renumbered)


def _holds(conn: Connection, head: OwnStreamHead, device_id: str) -> bool:
    """Whether the journal holds the server's head of this stream (same event at that number)."""
    stored = conn.execute(
        select(events_table.c.hash).where(
            events_table.c.meeting_id == head.meeting_id,
            events_table.c.device_id == device_id,
            events_table.c.seq == head.seq,
        )
    ).scalar()
    return stored == head.hash


def _fetch(
    services: Services, server: ServerConnection, head: OwnStreamHead, after: int, limit: int
) -> list[JournalEvent]:
    """The server's events of this device's stream after ``after``, each page signed by it."""
    events: list[JournalEvent] = []
    key = services.device.public_key_b64
    while True:
        response = server.request(
            "GET", f"{OWN_STREAMS_PATH}/{head.meeting_id}", params={"after": after, "limit": limit}
        )
        server.raise_for_refusal(response)
        try:
            batch = decode_batch(response.content)
        except BatchDecodeError as error:
            raise SyncError(
                _("Les événements reçus du serveur sont illisibles ({error}).").format(error=error)
            ) from error
        page = sorted(batch.events, key=lambda e: e.seq)
        signed = {h.seq for h in batch.heads if head_signed_by(key, h)}
        if batch.broken_runs or (page and page[-1].seq not in signed):
            raise SyncError(
                _(
                    "Le serveur a renvoyé des événements de ce poste qui ne portent pas sa signature."
                )
            )
        events += page
        if not batch.has_more or not page:
            return events
        after = page[-1].seq


def _rewrite(
    conn: Connection, services: Services, head: OwnStreamHead, theirs: Sequence[JournalEvent]
) -> tuple[int, int]:
    """Put the server's events in the stream, this copy's newer ones after them; (got, moved)."""
    meeting_id, device_id = head.meeting_id, services.device.device_id
    in_stream = (events_table.c.meeting_id == meeting_id) & (events_table.c.device_id == device_id)
    if not theirs:
        return 0, 0
    mine = {
        row.seq: row_to_event(row)
        for row in conn.execute(
            select(events_table).where(in_stream, events_table.c.seq >= theirs[0].seq)
        )
    }
    fork = next((e.seq for e in theirs if e.seq not in mine or mine[e.seq].hash != e.hash), None)
    if fork is None:
        return 0, 0
    forked = [mine[seq] for seq in sorted(mine) if seq >= fork]
    conn.execute(delete(events_table).where(in_stream, events_table.c.seq >= fork))
    conn.execute(
        delete(stream_signatures).where(
            stream_signatures.c.meeting_id == meeting_id,
            stream_signatures.c.device_id == device_id,
            stream_signatures.c.seq >= fork,
        )
    )
    conn.execute(
        delete(state.rejections_table).where(
            state.rejections_table.c.meeting_id == meeting_id,
            state.rejections_table.c.device_id == device_id,
        )
    )
    seq, prev_hash = stream_head(conn, meeting_id, device_id)
    restored: list[JournalEvent] = []
    for event in (e for e in theirs if e.seq >= fork):
        misfit = stream_misfit(event, seq, prev_hash)
        if misfit is not None:
            raise SyncError(
                _(
                    "Le journal de ce poste renvoyé par le serveur ne s'enchaîne pas : {reason}."
                ).format(reason=misfit.reason)
            )
        restored.append(event)
        seq, prev_hash = event.seq, event.hash
    moved: list[JournalEvent] = []
    for event in forked:
        if event.type == DEVICE_JOINED:
            continue  # the server's copy of the stream already opens with this device's key
        seq += 1
        event = replace(event, seq=seq, prev_hash=prev_hash)
        event = replace(event, hash=event.computed_hash())
        prev_hash = event.hash
        moved.append(event)
    rows = [event_to_row(event) for event in (*restored, *moved)]
    if rows:
        conn.execute(events_table.insert(), rows)
    for event in restored:
        services.journal.observe(event.hlc)
    state.record_acks(conn, {(meeting_id, device_id): head.seq})
    return len(restored), len(moved)
