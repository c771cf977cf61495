"""Registering and listing participants. Names and contacts go to the events' personal part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.name_search import query_words
from civodesk.db.database import Database
from civodesk.i18n import _
from civodesk.ids import new_id
from civodesk.journal.store import Journal
from civodesk.meetings.guards import require_editable
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.column_mapping import guess_mapping
from civodesk.participants.csv_reading import UnreadableFileError, read_table
from civodesk.participants.events import edit_event, registration_event
from civodesk.participants.handlers import (
    CONSENT_FIELDS,
    PERSONAL_FIELDS,
    PUBLIC_FIELDS,
)
from civodesk.participants.handlers import (
    participants_table as participants,
)
from civodesk.participants.import_preview import (
    Consent,
    ImportPreview,
    basis_of,
    build_preview,
    failed_preview,
)
from civodesk.participants.list_import import (
    StalePreviewError,
    import_change_set,
    import_events,
    refusal,
    registered_people,
)
from civodesk.participants.participant import (
    CONTACT_FIELDS,
    ParticipantFields,
    ParticipantView,
    consent_problems,
    contacts_without_consent,
    purpose_problems,
    validate_participant,
)

CONTACT_OR_CONSENT = CONTACT_FIELDS + CONSENT_FIELDS

if TYPE_CHECKING:
    from civodesk.services import Services

PARTICIPANT_TOPICS = frozenset({"participants"})


@dataclass(frozen=True)
class SetParticipantFields:
    """Undo/redo: set fields of a participant (``removed`` included) to these values."""

    meeting_id: str
    participant_id: str
    changes: Mapping[str, Any]

    def run(self, services: Services) -> ChangeSet:
        return services.participants.update_participant(
            self.meeting_id, self.participant_id, self.changes
        )


def participant_row(conn: Connection, meeting_id: str, participant_id: str) -> Any:
    """The participant's projection row in this meeting; ``LookupError`` when there is none."""
    row = conn.execute(
        select(participants).where(
            participants.c.id == participant_id, participants.c.meeting_id == meeting_id
        )
    ).one_or_none()
    if row is None:
        raise LookupError(_("Participant introuvable."))
    return row


class ParticipantService:
    def __init__(self, database: Database, journal: Journal) -> None:
        self._db = database
        self._journal = journal

    def register_many(
        self,
        meeting_id: str,
        people: Sequence[ParticipantFields],
        consent_purpose: str = "",
    ) -> ChangeSet:
        """Register everyone in one transaction: all of them, or none if any is invalid.

        ``consent_purpose`` is what all of them consented to; empty, nobody consented, and an
        e-mail or phone given for them is refused (the rule of ``consent_problems``), never kept or
        dropped silently.
        """
        consented = bool(consent_purpose.strip())
        errors = purpose_problems(consented, consent_purpose)  # once: it is everyone's purpose
        for row, fields in enumerate(people, start=1):
            errors.extend(
                FieldError(
                    error.field, _("Ligne {row} : {message}").format(row=row, message=error.message)
                )
                for error in validate_participant(fields)
                + contacts_without_consent(fields.email, fields.phone, consented)
            )
        if errors:
            raise ValidationError(errors)
        ids = [new_id() for _person in people]
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            self._journal.append_many(
                conn,
                meeting_id,
                [
                    registration_event(pid, fields, consent_purpose)
                    for pid, fields in zip(ids, people, strict=True)
                ],
            )
        undo = (
            SetParticipantFields(meeting_id, ids[0], {"removed": True}) if len(ids) == 1 else None
        )
        return ChangeSet(
            meeting_id=meeting_id,
            label=_("Inscrire des participants"),
            topics=PARTICIPANT_TOPICS,
            event_count=len(ids),
            undo=undo,
            redo=SetParticipantFields(meeting_id, ids[0], {"removed": False}) if undo else None,
            created_ids=tuple(ids),
            changed=touched(participants=ids),
        )

    def preview_import(
        self,
        meeting_id: str,
        data: bytes,
        mapping: Mapping[int, str | None] | None = None,
        encoding: str | None = None,
        separator: str | None = None,
        consent_purpose: str = "",
    ) -> ImportPreview:
        """Read a CSV registration list, match it to who is registered; nothing is written.

        ``mapping`` (column index → field) overrides the automatic matching of the headers;
        ``consent_purpose`` is what the person importing states the whole list consented to
        (empty: only the file's consent column counts, else nobody consented).
        """
        try:
            table = read_table(data, encoding, separator)
        except UnreadableFileError as error:
            return failed_preview(str(error))
        with self._db.read() as conn:
            registered = registered_people(conn, meeting_id)
        chosen = guess_mapping(table.headers) if mapping is None else mapping
        return build_preview(table, chosen, registered, Consent(consent_purpose))

    def import_preview(
        self, meeting_id: str, preview: ImportPreview, skip_errors: bool = False
    ) -> ChangeSet:
        """Write the new and changed rows of a preview in one transaction (all or nothing).

        Rows in error refuse the whole import unless ``skip_errors`` says to leave them out.
        """
        problem = refusal(preview, skip_errors)
        if problem is not None:
            raise problem
        events, created, changed = import_events(preview)
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            if basis_of(registered_people(conn, meeting_id)) != preview.basis:
                raise StalePreviewError()
            self._journal.append_many(conn, meeting_id, events)
        return import_change_set(meeting_id, created, changed)

    def count(self, meeting_id: str) -> int:
        with self._db.read() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        participants.c.meeting_id == meeting_id, participants.c.removed.is_(False)
                    )
                ).scalar_one()
            )

    def list_participants(
        self, meeting_id: str, search: str = "", limit: int | None = None
    ) -> list[ParticipantView]:
        query = (
            select(participants)
            .where(participants.c.meeting_id == meeting_id, participants.c.removed.is_(False))
            .order_by(participants.c.last_name, participants.c.first_name, participants.c.id)
        )
        for word in query_words(search):
            query = query.where(participants.c.search_name.like(f"% {word}%"))
        if limit is not None:
            query = query.limit(limit)
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [_view(row) for row in rows]

    def get_participant(self, meeting_id: str, participant_id: str) -> ParticipantView:
        with self._db.read() as conn:
            row = participant_row(conn, meeting_id, participant_id)
        return _view(row)

    def update_participant(
        self,
        meeting_id: str,
        participant_id: str,
        changes: Mapping[str, Any],
        base_version: str | None = None,
        label: str | None = None,
    ) -> ChangeSet:
        """Change some fields; names and contacts are written to the event's personal part."""
        unknown = (
            set(changes) - set(PERSONAL_FIELDS) - set(PUBLIC_FIELDS) - set(CONSENT_FIELDS)
        ) - {"removed"}
        if unknown:
            raise ValueError(f"not participant fields: {sorted(unknown)}")
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            row = participant_row(conn, meeting_id, participant_id)
            changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
            if not changes:
                return ChangeSet(meeting_id, label or "", frozenset(), 0)
            if set(changes) & set(CONTACT_OR_CONSENT):  # a name fix never trips on old data
                after = {name: changes.get(name, getattr(row, name)) for name in CONTACT_OR_CONSENT}
                refused = consent_problems(
                    after["email"] or "",
                    after["phone"] or "",
                    bool(after["consent"]),
                    after["consent_purpose"] or "",
                )
                if refused:
                    raise ValidationError(refused)
            before = {name: getattr(row, name) for name in changes}
            self._journal.append_many(
                conn, meeting_id, [edit_event(participant_id, base_version or row.version, changes)]
            )
        return ChangeSet(
            meeting_id=meeting_id,
            label=label or _("Modifier le participant"),
            topics=PARTICIPANT_TOPICS,
            event_count=1,
            undo=SetParticipantFields(meeting_id, participant_id, before),
            redo=SetParticipantFields(meeting_id, participant_id, dict(changes)),
            changed=touched(participants=[participant_id]),
        )

    def remove_participant(self, meeting_id: str, participant_id: str) -> ChangeSet:
        return self.update_participant(
            meeting_id, participant_id, {"removed": True}, label=_("Retirer le participant")
        )

    def set_many(
        self, meeting_id: str, changes: Sequence[tuple[str, Mapping[str, Any]]], label: str
    ) -> ChangeSet:
        """Undo or redo a list import: every participant's fields in one transaction."""
        events = []
        with self._db.write() as conn:
            require_editable(conn, meeting_id)
            for participant_id, fields in changes:
                row = participant_row(conn, meeting_id, participant_id)
                differing = {k: v for k, v in fields.items() if getattr(row, k) != v}
                if differing:
                    events.append(edit_event(participant_id, row.version, differing))
            self._journal.append_many(conn, meeting_id, events)
        return ChangeSet(
            meeting_id,
            label,
            PARTICIPANT_TOPICS,
            len(events),
            changed=touched(participants=[pid for pid, _fields in changes]),
        )


def _view(row: Any) -> ParticipantView:
    return ParticipantView(
        id=row.id,
        first_name=row.first_name or "",
        last_name=row.last_name or "",
        email=row.email or "",
        phone=row.phone or "",
        commune=row.commune or "",
        neighbourhood=row.neighbourhood or "",
        age_bracket=row.age_bracket or "",
        version=row.version,
        consent=bool(row.consent),
        consent_purpose=row.consent_purpose or "",
    )
