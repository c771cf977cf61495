"""The relevé de décisions: who takes an action on, read and written so that no name escapes
the erasure of personal data (RGPD).

An owner is either a participant of the meeting (``owner_id``: the name is read from their
record, so erasing that person erases it here) or a typed text such as « Services techniques »,
which travels in the events' personal part and goes with the meeting's purge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from civodesk.facilitation.agenda_run import DecisionFields, DecisionKind, DecisionView
from civodesk.facilitation.handlers import decisions_table
from civodesk.i18n import _
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.handlers import participants_table


def owner_fields(fields: DecisionFields) -> dict[str, Any]:
    """A participant, or else the typed text (which the service sends in the personal part)."""
    if fields.owner_id:
        return {"owner": "", "owner_id": fields.owner_id}
    return {"owner": " ".join(fields.owner.split()), "owner_id": None}


def require_participant(conn: Connection, meeting_id: str, participant_id: str | None) -> None:
    if participant_id is None:
        return
    found = conn.execute(
        select(participants_table.c.id).where(
            participants_table.c.meeting_id == meeting_id,
            participants_table.c.id == participant_id,
            participants_table.c.removed.is_(False),
        )
    ).first()
    if found is None:
        raise ValidationError(
            [FieldError("owner", _("Le responsable doit être un participant de la réunion."))]
        )


def _owner_name(first_name: str | None, last_name: str | None) -> str:
    """The participant's full name, as the minutes print it (empty once their data is erased)."""
    return " ".join(part for part in (first_name, last_name) if part)


def read_decisions(conn: Connection, meeting_id: str) -> list[DecisionView]:
    return [
        DecisionView(
            row.id,
            row.agenda_item_id,
            DecisionKind(row.kind),
            row.text,
            _owner_name(row.first_name, row.last_name) if row.owner_id else row.owner,
            date.fromisoformat(row.due_date) if row.due_date else None,
            row.owner_id,
        )
        for row in conn.execute(
            select(decisions_table, participants_table.c.first_name, participants_table.c.last_name)
            .outerjoin(
                participants_table,
                (participants_table.c.id == decisions_table.c.owner_id)
                & (participants_table.c.meeting_id == meeting_id),
            )
            .where(decisions_table.c.meeting_id == meeting_id, decisions_table.c.removed.is_(False))
            .order_by(decisions_table.c.recorded_hlc, decisions_table.c.id)
        ).all()
    ]
