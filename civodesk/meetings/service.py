"""Creating, editing, opening and closing meetings and their agenda.

Every mutation validates first, then writes its events and projections in one transaction, and
returns a ``ChangeSet`` that carries the inverse command for undo.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ids import new_id, new_meeting_id
from civodesk.journal.store import Journal, NewEvent
from civodesk.meetings.agenda import AGENDA_TOPICS, AgendaEditing
from civodesk.meetings.guards import (
    MeetingClosedError,
    MeetingNotFoundError,
    require_valid,
)
from civodesk.meetings.handlers import (
    AGENDA_ITEM_ADDED,
    MEETING_CLOSED,
    MEETING_CREATED,
    MEETING_EDITED,
    MEETING_OPENED,
    MEETING_REOPENED,
    agenda_items,
    meetings,
    organizations,
)
from civodesk.meetings.meeting import (
    DEFAULT_BADGE_MARGIN_DAYS,
    DEFAULT_PROXY_LIMIT,
    AgendaItemFields,
    AgendaItemView,
    FieldError,
    MeetingDetails,
    MeetingFields,
    MeetingStatus,
    MeetingSummary,
    ValidationError,
    organization_id,
    validate_agenda_item,
    validate_meeting,
)
from civodesk.participants.handlers import participants_table as participants

if TYPE_CHECKING:
    from civodesk.services import Services

MEETING_TOPICS = frozenset({"meetings", "meeting"})


@dataclass(frozen=True)
class SetMeetingFields:
    """Undo/redo: set fields of a meeting (``deleted`` included) to these values."""

    meeting_id: str
    changes: Mapping[str, Any]

    def run(self, services: Services) -> ChangeSet:
        return services.meetings.replay_meeting_fields(self)


@dataclass(frozen=True)
class SetMeetingStatus:
    """Undo/redo: bring a meeting back to a status (a reopening records its reason)."""

    meeting_id: str
    status: str
    reason: str = ""

    def run(self, services: Services) -> ChangeSet:
        return services.meetings.replay_status(self)


# Fields left out of the journal while empty, so meetings without them keep their old payload.
OMITTED_WHEN_EMPTY: dict[str, Any] = {
    "president": "",
    "secretaries": [],
    "proxy_limit": DEFAULT_PROXY_LIMIT,
    "badge_margin_days": DEFAULT_BADGE_MARGIN_DAYS,
}


def meeting_payload(fields: MeetingFields) -> dict[str, Any]:
    """The journal form of the meeting fields (ISO dates, organization with its stable id)."""
    name = " ".join(fields.organization.split())
    payload = {
        "title": fields.title.strip(),
        "organization": {"id": organization_id(name), "name": name},
        "place": fields.place.strip(),
        "starts_at": fields.starts_at.isoformat(),
        "ends_at": fields.ends_at.isoformat(),
        "facilitators": [name.strip() for name in fields.facilitators if name.strip()],
        "description": fields.description.strip(),
        "quorum_percent": fields.quorum_percent,
        "president": " ".join(fields.president.split()),
        "secretaries": [" ".join(name.split()) for name in fields.secretaries if name.strip()],
        "proxy_limit": fields.proxy_limit,
        "badge_margin_days": fields.badge_margin_days,
    }
    return {
        name: value
        for name, value in payload.items()
        if name not in OMITTED_WHEN_EMPTY or value != OMITTED_WHEN_EMPTY[name]
    }


def fold_for_search(text: str) -> str:
    """Text as search compares it: « École » and « ecole » match, whatever the case or accents.

    (SQLite's LIKE folds only ASCII letters, so matching is done here; a desk has few meetings.)
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class MeetingService(AgendaEditing):
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    # Reading -------------------------------------------------------------------------------

    def list_meetings(
        self, search: str = "", among: Collection[str] | None = None
    ) -> list[MeetingSummary]:
        """Meetings, most recent first; every word of ``search`` must be in the title, organization
        or place (ignoring case and accents). ``among`` keeps only those meetings (the rows a
        change touched)."""
        counts = (
            select(participants.c.meeting_id, func.count().label("n"))
            .where(participants.c.removed.is_(False))
            .group_by(participants.c.meeting_id)
            .subquery()
        )
        query = (
            select(meetings, organizations.c.name.label("organization"), counts.c.n)
            .join(organizations, organizations.c.id == meetings.c.organization_id)
            .outerjoin(counts, counts.c.meeting_id == meetings.c.id)
            .where(meetings.c.deleted.is_(False))
            .order_by(meetings.c.starts_at.desc(), meetings.c.id)
        )
        if among is not None:
            query = query.where(meetings.c.id.in_(sorted(among)))
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        words = [fold_for_search(word) for word in search.split()]
        if words:
            rows = [
                row
                for row in rows
                if all(
                    word in fold_for_search(f"{row.title} {row.organization} {row.place}")
                    for word in words
                )
            ]
        return [
            MeetingSummary(
                id=row.id,
                title=row.title,
                organization=row.organization,
                place=row.place,
                starts_at=datetime.fromisoformat(row.starts_at),
                ends_at=datetime.fromisoformat(row.ends_at),
                status=MeetingStatus(row.status),
                participant_count=row.n or 0,
            )
            for row in rows
        ]

    def most_recent_meeting_id(self) -> str | None:
        """The meeting touched last on this desk (what start-up reopens)."""
        with self._db.read() as conn:
            return conn.execute(
                select(meetings.c.id)
                .where(meetings.c.deleted.is_(False))
                .order_by(meetings.c.updated_hlc.desc())
                .limit(1)
            ).scalar()

    def get_meeting(self, meeting_id: str) -> MeetingDetails:
        with self._db.read() as conn:
            return self._details(conn, meeting_id)

    def _details(self, conn: Connection, meeting_id: str) -> MeetingDetails:
        row = conn.execute(
            select(meetings, organizations.c.name.label("organization"))
            .join(organizations, organizations.c.id == meetings.c.organization_id)
            .where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
        ).one_or_none()
        if row is None:
            raise MeetingNotFoundError(meeting_id)
        items = conn.execute(
            select(agenda_items)
            .where(agenda_items.c.meeting_id == meeting_id, agenda_items.c.removed.is_(False))
            .order_by(agenda_items.c.position, agenda_items.c.id)
        ).all()
        return MeetingDetails(
            id=row.id,
            fields=MeetingFields(
                title=row.title,
                organization=row.organization,
                place=row.place,
                starts_at=datetime.fromisoformat(row.starts_at),
                ends_at=datetime.fromisoformat(row.ends_at),
                facilitators=tuple(json.loads(row.facilitators)),
                description=row.description,
                quorum_percent=row.quorum_percent,
                president=row.president or "",
                secretaries=tuple(json.loads(row.secretaries or "[]")),
                proxy_limit=row.proxy_limit,
                badge_margin_days=row.badge_margin_days,
            ),
            status=MeetingStatus(row.status),
            version=row.version,
            agenda=tuple(
                AgendaItemView(
                    id=item.id,
                    title=item.title,
                    duration_minutes=item.duration_minutes,
                    position=item.position,
                    version=item.version,
                )
                for item in items
            ),
        )

    # Creating ------------------------------------------------------------------------------

    def create_meeting(
        self, fields: MeetingFields, agenda: Sequence[AgendaItemFields] = ()
    ) -> ChangeSet:
        errors = validate_meeting(fields)
        for item in agenda:
            errors.extend(validate_agenda_item(item))
        require_valid(errors)
        meeting_id = new_meeting_id(self._journal.device.device_id)
        new_events = [NewEvent(MEETING_CREATED, meeting_payload(fields))]
        new_events += [
            NewEvent(
                AGENDA_ITEM_ADDED,
                {
                    "item_id": new_id(),
                    "title": item.title.strip(),
                    "duration_minutes": item.duration_minutes,
                    "position": float(index + 1),
                },
            )
            for index, item in enumerate(agenda)
        ]
        with self._db.write() as conn:
            self._journal.append_many(conn, meeting_id, new_events)
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Créer la réunion"),
            topics=MEETING_TOPICS | AGENDA_TOPICS,
            event_count=len(new_events),
            undo=SetMeetingFields(meeting_id, {"deleted": True}),
            redo=SetMeetingFields(meeting_id, {"deleted": False}),
            created_ids=(meeting_id,),
            changed=touched(meetings=[meeting_id], meeting=[meeting_id]),
        )

    # Editing -------------------------------------------------------------------------------

    def update_meeting(
        self, meeting_id: str, fields: MeetingFields, base_version: str | None = None
    ) -> ChangeSet:
        """Save the dialog's fields; only those that differ are written.

        ``base_version`` is the version the person started editing from: if another desk changed
        the meeting meanwhile, the edits are concurrent and any clash is recorded as a conflict.
        """
        require_valid(validate_meeting(fields))
        current = self.get_meeting(meeting_id)
        before, after = meeting_payload(current.fields), meeting_payload(fields)
        changes = {
            name: after.get(name, OMITTED_WHEN_EMPTY.get(name))
            for name in sorted(before.keys() | after.keys())
            if before.get(name, OMITTED_WHEN_EMPTY.get(name))
            != after.get(name, OMITTED_WHEN_EMPTY.get(name))
        }
        return self._set_meeting_fields(
            meeting_id, changes, base_version or current.version, _("Modifier la réunion")
        )

    def delete_meeting(self, meeting_id: str) -> ChangeSet:
        """Hide a meeting from the list; its journal stays, and undo brings it back."""
        return self._set_meeting_fields(
            meeting_id, {"deleted": True}, None, _("Supprimer la réunion")
        )

    def _set_meeting_fields(
        self, meeting_id: str, changes: Mapping[str, Any], base: str | None, label: str
    ) -> ChangeSet:
        with self._db.write() as conn:
            row = self._meeting_row(conn, meeting_id, include_deleted=True)
            if row.status == MeetingStatus.CLOSED and set(changes) - {"deleted"}:
                raise MeetingClosedError()
            if not changes:
                return ChangeSet(meeting_id, label, frozenset(), 0)
            before = self._current_meeting_values(conn, row, changes)
            self._journal.append(
                conn,
                meeting_id,
                MEETING_EDITED,
                {"base": base or row.version, "changes": dict(changes)},
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=label,
            topics=MEETING_TOPICS,
            event_count=1,
            undo=SetMeetingFields(meeting_id, before),
            redo=SetMeetingFields(meeting_id, dict(changes)),
            changed=touched(meetings=[meeting_id], meeting=[meeting_id]),
        )

    def _meeting_row(self, conn: Connection, meeting_id: str, include_deleted: bool = False) -> Any:
        query = select(meetings).where(meetings.c.id == meeting_id)
        if not include_deleted:
            query = query.where(meetings.c.deleted.is_(False))
        row = conn.execute(query).one_or_none()
        if row is None:
            raise MeetingNotFoundError(meeting_id)
        return row

    def _current_meeting_values(
        self, conn: Connection, row: Any, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in changes:
            if name == "organization":
                org_name = conn.execute(
                    select(organizations.c.name).where(organizations.c.id == row.organization_id)
                ).scalar_one()
                values[name] = {"id": row.organization_id, "name": org_name}
            elif name in ("facilitators", "secretaries"):
                values[name] = json.loads(getattr(row, name) or "[]")
            else:
                values[name] = getattr(row, name)
        return values

    # Status --------------------------------------------------------------------------------

    def open_meeting(self, meeting_id: str) -> ChangeSet:
        return self._set_status(meeting_id, MeetingStatus.OPEN)

    def close_meeting(self, meeting_id: str) -> ChangeSet:
        """Make the meeting read-only. Reopening is possible but recorded."""
        return self._set_status(meeting_id, MeetingStatus.CLOSED)

    def reopen_meeting(self, meeting_id: str, reason: str) -> ChangeSet:
        if not reason.strip():
            raise ValidationError(
                [FieldError("reason", _("Indiquez pourquoi la réunion est rouverte."))]
            )
        return self._set_status(meeting_id, MeetingStatus.OPEN, reason.strip())

    def _set_status(self, meeting_id: str, status: MeetingStatus, reason: str = "") -> ChangeSet:
        with self._db.write() as conn:
            row = self._meeting_row(conn, meeting_id)
            previous = MeetingStatus(row.status)
            if previous == status:
                return ChangeSet(meeting_id, "", frozenset(), 0)
            if status == MeetingStatus.CLOSED:
                event_type, label = MEETING_CLOSED, _("Clore la réunion")
            elif previous == MeetingStatus.CLOSED:
                event_type, label = MEETING_REOPENED, _("Rouvrir la réunion")
            else:
                event_type, label = MEETING_OPENED, _("Ouvrir la réunion")
            payload: dict[str, Any] = {"base": row.version}
            if status == MeetingStatus.DRAFT:  # only undo goes back to draft
                event_type = MEETING_EDITED
                payload["changes"] = {"status": status.value}
            if reason:
                payload["reason"] = reason
            self._journal.append(conn, meeting_id, event_type, payload)
        undo_reason = _("Annulation de « {label} »").format(label=label)
        return ChangeSet(
            meeting_id=meeting_id,
            label=label,
            topics=MEETING_TOPICS | {"status"},
            event_count=1,
            undo=SetMeetingStatus(meeting_id, previous.value, undo_reason),
            redo=SetMeetingStatus(meeting_id, status.value, reason),
            changed=touched(meetings=[meeting_id], meeting=[meeting_id], status=[meeting_id]),
        )

    # Undo / redo ---------------------------------------------------------------------------

    def replay_meeting_fields(self, command: SetMeetingFields) -> ChangeSet:
        return self._set_meeting_fields(
            command.meeting_id, command.changes, None, _("Modifier la réunion")
        )

    def replay_status(self, command: SetMeetingStatus) -> ChangeSet:
        status = MeetingStatus(command.status)
        with self._db.read() as conn:
            current = MeetingStatus(self._meeting_row(conn, command.meeting_id).status)
        if current == MeetingStatus.CLOSED and status != MeetingStatus.CLOSED:
            return self.reopen_meeting(command.meeting_id, command.reason or _("Annulation"))
        return self._set_status(command.meeting_id, status, command.reason)
