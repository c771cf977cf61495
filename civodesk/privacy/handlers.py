"""``personal_data.purged`` and ``participant.erased``: erasing names and contacts for good (RGPD).

The purge erases a whole closed meeting; the erasure one person who asked to be forgotten, at any
time.

The events keep their hashes: an event's hash covers only the digest of its personal part, so
setting ``events.personal`` to NULL leaves every chain verifiable. Anonymous facts stay: communes,
neighbourhoods, age brackets, check-ins and votes still count.

Running on every desk and on the server (the same event handler), the purge reaches every copy that
receives the event; personal data arriving later for a purged meeting or an erased person (from a
desk that had not synced) is erased on arrival by ``erase_if_purged``.
"""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, Connection, and_, select, true, update

from civodesk.checkin.tables import Scan
from civodesk.db.portable import insert_ignoring_duplicates
from civodesk.db.schema import table_of
from civodesk.facilitation.tables import Decision
from civodesk.journal.event import JournalEvent, canonical_json, make_stamp
from civodesk.journal.handlers import HandlerContext, registry
from civodesk.journal.lww import conflicts_table, edits_table
from civodesk.journal.store import events_table
from civodesk.participants.tables import Participant
from civodesk.privacy.tables import ParticipantErasure, PersonalDataPurge

PERSONAL_DATA_PURGED = "personal_data.purged"
PARTICIPANT_ERASED = "participant.erased"
ERASED_PARTICIPANT_FIELDS = ("first_name", "last_name", "email", "phone", "search_name")
_PERSONAL = frozenset({"first_name", "last_name", "email", "phone"})
_EVENTS_WITH_PERSONAL_DATA = ("participant.registered", "participant.edited")

purges_table = table_of(PersonalDataPurge)
erasures_table = table_of(ParticipantErasure)
_participants = table_of(Participant)
_scans = table_of(Scan)
_decisions = table_of(Decision)
registry.own_tables(purges_table, erasures_table)


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


@registry.on(PARTICIPANT_ERASED)
def _participant_erased(context: HandlerContext, event: JournalEvent) -> None:
    participant_id = event.payload["participant_id"]
    erase_personal_data(context.conn, event.meeting_id, participant_id)
    insert_ignoring_duplicates(
        context.conn,
        erasures_table,
        [
            {
                "meeting_id": event.meeting_id,
                "participant_id": participant_id,
                "event_id": event.event_id,
                "device_id": event.device_id,
                "device_time_ms": event.device_time_ms,
            }
        ],
    )


def is_purged(conn: Connection, meeting_id: str) -> bool:
    return (
        conn.execute(
            select(purges_table.c.meeting_id).where(purges_table.c.meeting_id == meeting_id)
        ).first()
        is not None
    )


def erased_participants(conn: Connection, meeting_id: str) -> set[str]:
    return set(
        conn.execute(
            select(erasures_table.c.participant_id).where(erasures_table.c.meeting_id == meeting_id)
        ).scalars()
    )


def erase_if_purged(conn: Connection, meeting_id: str) -> None:
    """Erase again when personal data reaches a purged meeting or an erased person (late sync)."""
    if is_purged(conn, meeting_id):
        erase_personal_data(conn, meeting_id)
        return
    for participant_id in sorted(erased_participants(conn, meeting_id)):
        erase_personal_data(conn, meeting_id, participant_id)


def erase_personal_data(
    conn: Connection, meeting_id: str, participant_id: str | None = None
) -> None:
    """Erase the names and contacts of a meeting, or of one of its participants only.

    Events keep their hashes (only the digest of ``personal`` is hashed), so the journal stays
    verifiable; the projection rows, edit history and conflicts lose the same values.
    """
    one = participant_id is not None
    conn.execute(
        update(events_table)
        .where(
            events_table.c.meeting_id == meeting_id,
            events_table.c.personal.is_not(None),
            _about(participant_id),
        )
        .values(personal=None)
    )
    conn.execute(
        update(_participants)
        .where(
            _participants.c.meeting_id == meeting_id,
            _participants.c.id == participant_id if one else true(),
        )
        .values(dict.fromkeys(ERASED_PARTICIPANT_FIELDS))
    )
    _reset_personal_stamps(conn, meeting_id, participant_id)
    if not one:
        conn.execute(update(_scans).where(_scans.c.meeting_id == meeting_id).values(excerpt=""))
        _erase_typed_owners(conn, meeting_id)
    edits = conn.execute(
        select(edits_table.c.event_id, edits_table.c.changes).where(
            edits_table.c.meeting_id == meeting_id,
            edits_table.c.entity_type == "participant",
            edits_table.c.entity_id == participant_id if one else true(),
        )
    ).all()
    for edit in edits:
        changes = json.loads(edit.changes)
        if _PERSONAL & set(changes):
            kept = {k: v for k, v in changes.items() if k not in _PERSONAL}
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
            conflicts_table.c.entity_id == participant_id if one else true(),
            conflicts_table.c.field.in_(sorted(_PERSONAL)),
        )
        .values(winner_value="null", loser_value="null")
    )


def _erase_typed_owners(conn: Connection, meeting_id: str) -> None:
    """The owners typed in the relevé de décisions (they may be names) go with the purge.

    Participants named as owners are references: erasing their record erased the name. As for
    participants, the edit history and conflicts lose the value, and the stamp goes back to the
    recording's, as a rebuild from the erased journal gives it.
    """
    recorded = {
        json.loads(row.payload)["decision_id"]: make_stamp(row.hlc, row.device_id)
        for row in conn.execute(
            select(events_table.c.payload, events_table.c.hlc, events_table.c.device_id).where(
                events_table.c.meeting_id == meeting_id,
                events_table.c.type == "decision.recorded",
            )
        )
    }
    for row in conn.execute(
        select(_decisions.c.id, _decisions.c.stamps).where(_decisions.c.meeting_id == meeting_id)
    ).all():
        stamps = json.loads(row.stamps)
        if row.id in recorded:
            stamps["owner"] = recorded[row.id]
        conn.execute(
            update(_decisions)
            .where(_decisions.c.meeting_id == meeting_id, _decisions.c.id == row.id)
            .values(owner="", stamps=canonical_json(stamps))
        )
    for edit in conn.execute(
        select(edits_table.c.event_id, edits_table.c.changes).where(
            edits_table.c.meeting_id == meeting_id, edits_table.c.entity_type == "decision"
        )
    ).all():
        changes = json.loads(edit.changes)
        if "owner" in changes:
            del changes["owner"]
            conn.execute(
                update(edits_table)
                .where(edits_table.c.event_id == edit.event_id)
                .values(changes=canonical_json(changes))
            )
    conn.execute(
        update(conflicts_table)
        .where(
            conflicts_table.c.meeting_id == meeting_id,
            conflicts_table.c.entity_type == "decision",
            conflicts_table.c.field == "owner",
        )
        .values(winner_value="null", loser_value="null")
    )


def _reset_personal_stamps(conn: Connection, meeting_id: str, participant_id: str | None) -> None:
    """Give the erased fields their registration stamp, as a rebuild from the erased journal does.

    An erased edit no longer says which fields it set, so replaying the journal stamps names and
    contacts with the registration only; the live rows must agree (a rebuild equals them).
    """
    registrations = conn.execute(
        select(events_table.c.payload, events_table.c.hlc, events_table.c.device_id).where(
            events_table.c.meeting_id == meeting_id,
            events_table.c.type == "participant.registered",
            _about(participant_id),
        )
    ).all()
    registered_at = {
        json.loads(row.payload)["participant_id"]: make_stamp(row.hlc, row.device_id)
        for row in registrations
    }
    rows = conn.execute(
        select(_participants.c.id, _participants.c.stamps).where(
            _participants.c.meeting_id == meeting_id,
            _participants.c.id == participant_id if participant_id is not None else true(),
        )
    ).all()
    for row in rows:
        if row.id not in registered_at:
            continue
        stamps = json.loads(row.stamps)
        reset = {**stamps, **dict.fromkeys(sorted(_PERSONAL), registered_at[row.id])}
        if reset != stamps:
            conn.execute(
                update(_participants)
                .where(_participants.c.meeting_id == meeting_id, _participants.c.id == row.id)
                .values(stamps=canonical_json(reset))
            )


def _about(participant_id: str | None) -> ColumnElement[bool]:
    """Events whose personal part is about this participant (all events when None)."""
    if participant_id is None:
        return true()
    return and_(
        events_table.c.type.in_(_EVENTS_WITH_PERSONAL_DATA),
        events_table.c.payload.like(f'%"participant_id":"{participant_id}"%'),
    )
