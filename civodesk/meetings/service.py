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
from civodesk.meetings.handlers import (
    AGENDA_ITEM_ADDED,
    AGENDA_ITEM_EDITED,
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
AGENDA_TOPICS = frozenset({"agenda"})


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


@dataclass(frozen=True)
class SetAgendaItemFields:
    """Undo/redo: set fields of an agenda item (``removed`` included) to these values."""

    meeting_id: str
    item_id: str
    changes: Mapping[str, Any]

    def run(self, services: Services) -> ChangeSet:
        return services.meetings.replay_agenda_item_fields(self)


class MeetingNotFoundError(LookupError):
    def __init__(self, meeting_id: str) -> None:
        super().__init__(_("Réunion introuvable : {id}").format(id=meeting_id))


class MeetingClosedError(PermissionError):
    """A closed meeting is read-only until someone reopens it explicitly."""

    def __init__(self) -> None:
        super().__init__(_("Cette réunion est close : rouvrez-la explicitement pour la modifier."))


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


def require_editable(conn: Connection, meeting_id: str) -> None:
    """Refuse a change to an unknown, deleted or closed (read-only) meeting, inside its transaction.

    Every service that changes what belongs to a meeting calls it, so "closed means read-only"
    holds for participants and ideas as well as for the meeting itself.
    """
    status = conn.execute(
        select(meetings.c.status).where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
    ).scalar()
    if status is None:
        raise MeetingNotFoundError(meeting_id)
    if status == MeetingStatus.CLOSED:
        raise MeetingClosedError()


def _require_valid(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


class MeetingService:
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
        _require_valid(errors)
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
        _require_valid(validate_meeting(fields))
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

    # Agenda --------------------------------------------------------------------------------

    def add_agenda_item(
        self, meeting_id: str, fields: AgendaItemFields, index: int | None = None
    ) -> ChangeSet:
        """Insert an item at ``index`` (the end by default)."""
        _require_valid(validate_agenda_item(fields))
        item_id = new_id()
        with self._db.write() as conn:
            self._require_editable(conn, meeting_id)
            position = self._position_for(conn, meeting_id, index, moving=None)
            if position is None:
                self._respace_agenda(conn, meeting_id)
                position = self._position_for(conn, meeting_id, index, moving=None)
            self._journal.append(
                conn,
                meeting_id,
                AGENDA_ITEM_ADDED,
                {
                    "item_id": item_id,
                    "title": fields.title.strip(),
                    "duration_minutes": fields.duration_minutes,
                    "position": position,
                },
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Ajouter un point à l'ordre du jour"),
            topics=AGENDA_TOPICS,
            event_count=1,
            undo=SetAgendaItemFields(meeting_id, item_id, {"removed": True}),
            redo=SetAgendaItemFields(meeting_id, item_id, {"removed": False}),
            created_ids=(item_id,),
            changed=touched(agenda=[item_id]),
        )

    def update_agenda_item(
        self,
        meeting_id: str,
        item_id: str,
        fields: AgendaItemFields,
        base_version: str | None = None,
    ) -> ChangeSet:
        _require_valid(validate_agenda_item(fields))
        changes = {"title": fields.title.strip(), "duration_minutes": fields.duration_minutes}
        return self._set_item_fields(
            meeting_id, item_id, changes, base_version, _("Modifier le point")
        )

    def remove_agenda_item(self, meeting_id: str, item_id: str) -> ChangeSet:
        return self._set_item_fields(
            meeting_id, item_id, {"removed": True}, None, _("Retirer le point")
        )

    def move_agenda_item(self, meeting_id: str, item_id: str, new_index: int) -> ChangeSet:
        """Move an item so it ends up at ``new_index`` in the agenda."""
        with self._db.read() as conn:
            position = self._position_for(conn, meeting_id, new_index, moving=item_id)
        if position is None:
            # Its own transaction, before the move: undoing the move then puts the item back
            # among the respaced positions, where it was.
            with self._db.write() as conn:
                self._require_editable(conn, meeting_id)
                self._respace_agenda(conn, meeting_id)
                position = self._position_for(conn, meeting_id, new_index, moving=item_id)
        return self._set_item_fields(
            meeting_id, item_id, {"position": position}, None, _("Déplacer le point")
        )

    def _set_item_fields(
        self,
        meeting_id: str,
        item_id: str,
        changes: Mapping[str, Any],
        base: str | None,
        label: str,
    ) -> ChangeSet:
        with self._db.write() as conn:
            self._require_editable(conn, meeting_id)
            row = conn.execute(
                select(agenda_items).where(
                    agenda_items.c.id == item_id, agenda_items.c.meeting_id == meeting_id
                )
            ).one_or_none()
            if row is None:
                raise LookupError(_("Point de l'ordre du jour introuvable."))
            changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
            if not changes:
                return ChangeSet(meeting_id, label, frozenset(), 0)
            before = {name: getattr(row, name) for name in changes}
            self._journal.append(
                conn,
                meeting_id,
                AGENDA_ITEM_EDITED,
                {"item_id": item_id, "base": base or row.version, "changes": dict(changes)},
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=label,
            topics=AGENDA_TOPICS,
            event_count=1,
            undo=SetAgendaItemFields(meeting_id, item_id, before),
            redo=SetAgendaItemFields(meeting_id, item_id, dict(changes)),
            changed=touched(agenda=[item_id]),
        )

    def _require_editable(self, conn: Connection, meeting_id: str) -> None:
        require_editable(conn, meeting_id)

    def _position_for(
        self, conn: Connection, meeting_id: str, index: int | None, moving: str | None
    ) -> float | None:
        """A position between the neighbours at ``index`` (fractional, so one event moves one item).

        None when the neighbours are too close for a number strictly between them (after many
        moves into the same gap): the agenda must be respaced first.
        """
        positions: list[float] = [
            float(position)
            for item_id, position in self._agenda_positions(conn, meeting_id)
            if item_id != moving
        ]
        if index is None or index >= len(positions):
            return (positions[-1] + 1.0) if positions else 1.0
        index = max(index, 0)
        after = positions[index]
        before = positions[index - 1] if index > 0 else after - 2.0
        middle = (before + after) / 2
        return middle if before < middle < after else None

    def _agenda_positions(self, conn: Connection, meeting_id: str) -> list[tuple[str, float]]:
        return [
            (row.id, row.position)
            for row in conn.execute(
                select(agenda_items.c.id, agenda_items.c.position)
                .where(agenda_items.c.meeting_id == meeting_id, agenda_items.c.removed.is_(False))
                .order_by(agenda_items.c.position, agenda_items.c.id)
            )
        ]

    def _respace_agenda(self, conn: Connection, meeting_id: str) -> None:
        """Give the items positions 1, 2, 3… in their current order (one edit per item moved)."""
        versions = dict(
            conn.execute(
                select(agenda_items.c.id, agenda_items.c.version).where(
                    agenda_items.c.meeting_id == meeting_id
                )
            ).all()
        )
        self._journal.append_many(
            conn,
            meeting_id,
            [
                NewEvent(
                    AGENDA_ITEM_EDITED,
                    {
                        "item_id": item_id,
                        "base": versions[item_id],
                        "changes": {"position": float(number)},
                    },
                )
                for number, (item_id, position) in enumerate(
                    self._agenda_positions(conn, meeting_id), start=1
                )
                if position != float(number)
            ],
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

    def replay_agenda_item_fields(self, command: SetAgendaItemFields) -> ChangeSet:
        return self._set_item_fields(
            command.meeting_id, command.item_id, command.changes, None, _("Modifier le point")
        )
