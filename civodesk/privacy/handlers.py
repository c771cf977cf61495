"""``personal_data.purged``: erasing names and contacts of a meeting, for good (RGPD).

The events keep their hashes: an event's hash covers only the digest of its personal part, so
setting ``events.personal`` to NULL leaves every chain verifiable. Anonymous facts stay: communes,
neighbourhoods, age brackets, check-ins and votes still count.

Running on every desk and on the server (the same event handler), the purge reaches every copy that
receives the event; personal data arriving later for a purged meeting (from a desk that had not
synced) is erased on arrival by ``erase_if_purged``.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, select, update

from civodesk.checkin.tables import Scan
from civodesk.db.schema import table_of
from civodesk.journal.event import JournalEvent, canonical_json
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import conflicts_table, edits_table
from civodesk.journal.store import events_table
from civodesk.participants.tables import Participant
from civodesk.privacy.tables import PersonalDataPurge

PERSONAL_DATA_PURGED = "personal_data.purged"
ERASED_PARTICIPANT_FIELDS = ("first_name", "last_name", "email", "phone", "search_name")

purges_table = table_of(PersonalDataPurge)
_participants = table_of(Participant)
_scans = table_of(Scan)
registry.own_tables(purges_table)


@registry.on(PERSONAL_DATA_PURGED)
def _personal_data_purged(context: HandlerContext, event: JournalEvent) -> None:
    erase_personal_data(context.conn, event.meeting_id)
    context.conn.execute(purges_table.delete().where(purges_table.c.meeting_id == event.meeting_id))
    context.conn.execute(
        purges_table.insert().values(
            meeting_id=event.meeting_id,
            event_id=event.event_id,
            device_id=event.device_id,
            device_time_ms=event.device_time_ms,
            participants_erased=int(event.payload.get("participants", 0)),
        )
    )


def is_purged(conn: Connection, meeting_id: str) -> bool:
    return (
        conn.execute(
            select(purges_table.c.meeting_id).where(purges_table.c.meeting_id == meeting_id)
        ).first()
        is not None
    )


def erase_if_purged(conn: Connection, meeting_id: str) -> None:
    """Erase again when personal data reaches a meeting already purged (late sync)."""
    if is_purged(conn, meeting_id):
        erase_personal_data(conn, meeting_id)


def erase_personal_data(conn: Connection, meeting_id: str) -> None:
    conn.execute(
        update(events_table)
        .where(events_table.c.meeting_id == meeting_id, events_table.c.personal.is_not(None))
        .values(personal=None)
    )
    conn.execute(
        update(_participants)
        .where(_participants.c.meeting_id == meeting_id)
        .values(dict.fromkeys(ERASED_PARTICIPANT_FIELDS))
    )
    conn.execute(update(_scans).where(_scans.c.meeting_id == meeting_id).values(excerpt=""))
    personal = {"first_name", "last_name", "email", "phone"}
    edits = conn.execute(
        select(edits_table.c.event_id, edits_table.c.changes).where(
            edits_table.c.meeting_id == meeting_id, edits_table.c.entity_type == "participant"
        )
    ).all()
    for edit in edits:
        changes = json.loads(edit.changes)
        if personal & set(changes):
            kept = {k: v for k, v in changes.items() if k not in personal}
            conn.execute(
                update(edits_table)
                .where(edits_table.c.event_id == edit.event_id)
                .values(changes=canonical_json(kept))
            )
    conn.execute(
        update(conflicts_table)
        .where(
            conflicts_table.c.meeting_id == meeting_id,
            conflicts_table.c.entity_type == "participant",
            conflicts_table.c.field.in_(sorted(personal)),
        )
        .values(winner_value="null", loser_value="null")
    )
