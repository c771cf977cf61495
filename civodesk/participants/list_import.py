"""Importing a registration list, possibly over the one already registered: all or nothing.

New people become ``participant.registered`` events; people already registered whose row differs
become ``participant.edited`` events through the same edit mechanism as the participant dialog
(based on the version the preview saw, so a concurrent edit on another desk is a reviewed conflict,
never a silent loss). Everything is written in one transaction, and the whole import is undone as
one step: the new people are removed and the changed ones get their previous values back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from civodesk.changes import ChangeSet, touched
from civodesk.i18n import _, ngettext
from civodesk.ids import new_id
from civodesk.journal.store import NewEvent
from civodesk.meetings.meeting import FieldError, ValidationError
from civodesk.participants.events import edit_event, registration_event
from civodesk.participants.handlers import participants_table as participants
from civodesk.participants.import_preview import ImportPreview, RegisteredPerson
from civodesk.participants.participant import PARTICIPANT_FIELD_NAMES, ParticipantFields

if TYPE_CHECKING:
    from civodesk.services import Services

LIST_TOPICS = frozenset({"participants"})


class StalePreviewError(ValidationError):
    """The registered list changed since the preview was made: read the file again."""

    def __init__(self) -> None:
        super().__init__(
            [
                FieldError(
                    "file",
                    _(
                        "La liste des inscrits a changé depuis l'aperçu (sur ce poste ou un "
                        "autre) : relisez le fichier pour mettre l'aperçu à jour. Rien n'a été "
                        "importé."
                    ),
                )
            ]
        )


@dataclass(frozen=True)
class SetManyParticipantFields:
    """Undo/redo of a list import: several participants' fields at once, in one transaction.

    ``destructive`` says the step removes people, so the interface asks before running it.
    """

    meeting_id: str
    changes: tuple[tuple[str, Mapping[str, Any]], ...]
    label: str
    destructive: bool = False

    def run(self, services: Services) -> ChangeSet:
        return services.participants.set_many(self.meeting_id, self.changes, self.label)


def registered_people(conn: Connection, meeting_id: str) -> list[RegisteredPerson]:
    """Everyone registered for the meeting (not removed), as the preview compares them."""
    rows = conn.execute(
        select(participants).where(
            participants.c.meeting_id == meeting_id, participants.c.removed.is_(False)
        )
    ).all()
    return [
        RegisteredPerson(
            participant_id=row.id,
            version=row.version,
            fields=ParticipantFields(
                **{name: getattr(row, name) or "" for name in PARTICIPANT_FIELD_NAMES}
            ),
            consent=bool(row.consent),
            consent_purpose=row.consent_purpose or "",
        )
        for row in rows
    ]


def refusal(preview: ImportPreview, skip_errors: bool) -> ValidationError | None:
    """Why this preview cannot be imported as asked, or None."""
    if preview.file_errors:
        return ValidationError([FieldError("file", problem) for problem in preview.file_errors])
    if preview.error_rows and not skip_errors:
        return ValidationError(
            [
                FieldError("file", _("Ligne {line} : {message}").format(line=row.line, message=e))
                for row in preview.error_rows
                for e in row.errors
            ]
        )
    if not (preview.new_rows or preview.changed_rows):
        return ValidationError([FieldError("file", _("Aucune ligne à importer."))])
    return None


def import_events(
    preview: ImportPreview,
) -> tuple[list[NewEvent], list[str], list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]]:
    """(events, new ids, [(changed id, before, after)]) for the rows to write."""
    events: list[NewEvent] = []
    created: list[str] = []
    for row in preview.new_rows:
        participant_id = new_id()
        created.append(participant_id)
        events.append(
            registration_event(
                participant_id, row.fields, row.consent_purpose if row.consent else ""
            )
        )
    changed = []
    for row in preview.changed_rows:
        assert row.participant_id is not None
        assert row.version is not None
        events.append(edit_event(row.participant_id, row.version, row.changes))
        changed.append((row.participant_id, row.before, row.changes))
    return events, created, changed


def import_change_set(
    meeting_id: str,
    created: list[str],
    changed: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
) -> ChangeSet:
    """The import as one undoable step."""
    undo = [(pid, {"removed": True}) for pid in created] + [
        (pid, dict(before)) for pid, before, _after in changed
    ]
    redo = [(pid, {"removed": False}) for pid in created] + [
        (pid, dict(after)) for pid, _before, after in changed
    ]
    label = ngettext(
        "Importer la liste ({count} personne)",
        "Importer la liste ({count} personnes)",
        len(undo),
    ).format(count=len(undo))
    return ChangeSet(
        meeting_id=meeting_id,
        label=label,
        topics=LIST_TOPICS,
        event_count=len(undo),
        undo=SetManyParticipantFields(meeting_id, tuple(undo), label, destructive=True),
        redo=SetManyParticipantFields(meeting_id, tuple(redo), label),
        created_ids=tuple(created),
        changed=touched(participants=[pid for pid, _fields in undo]),
    )
