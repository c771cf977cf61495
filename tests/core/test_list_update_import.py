"""An updated list imported over the registered one: matched, counted, all or nothing, one undo."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civodesk.journal.store import events_table
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields

HEADER = "Nom;Prénom;Courriel;Téléphone;Commune\n"


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Hélène", "Dupré", email="helene@example.org", commune="Mana"),
            ParticipantFields("Paul", "Martin", commune="Apatou"),
            ParticipantFields("Léa", "Petit", commune="Mana"),
        ],
        consent_purpose="Émargement",
    )
    return meeting_id


UPDATED = (
    HEADER
    + "Dupré-Roux;Hélène;helene@example.org;;Mana\n"  # matched by e-mail, name changed
    + "MARTIN;paul;;06 94 00 00 01;Apatou\n"  # matched by name and commune, phone added
    + "Petit;Léa;;;Mana\n"  # unchanged
    + "Diallo;Awa;awa@example.org;;Mana\n"  # new
    + "Roux;;pas-un-courriel;;Mana\n"  # error
)


def _by_name(services: Services, meeting: str) -> dict[str, ParticipantFields]:
    return {
        p.first_name: ParticipantFields(
            p.first_name, p.last_name, p.email, p.phone, p.commune, p.neighbourhood
        )
        for p in services.participants.list_participants(meeting)
    }


def test_preview_counts_new_changed_unchanged_and_errors(services: Services, meeting: str) -> None:
    preview = services.participants.preview_import(
        meeting, UPDATED.encode(), consent_purpose="Émargement"
    )
    assert [row.status for row in preview.rows] == [
        "changed",
        "changed",
        "unchanged",
        "new",
        "error",
    ]
    assert [row.matched_by for row in preview.rows[:3]] == ["email", "name_commune", "name_commune"]
    assert preview.rows[0].changes == {"last_name": "Dupré-Roux"}
    assert preview.rows[1].changes == {"phone": "06 94 00 00 01"}
    assert preview.rows[1].fields.last_name == "Martin"  # a blank or re-cased cell keeps the value
    assert not preview.importable
    assert preview.importable_skipping_errors()


def test_rows_in_error_refuse_everything_unless_skipped(services: Services, meeting: str) -> None:
    preview = services.participants.preview_import(
        meeting, UPDATED.encode(), consent_purpose="Émargement"
    )
    before = _by_name(services, meeting)
    with pytest.raises(ValidationError, match="Ligne 6"):
        services.participants.import_preview(meeting, preview)
    assert _by_name(services, meeting) == before  # nothing half-imported

    change = services.participants.import_preview(meeting, preview, skip_errors=True)
    people = _by_name(services, meeting)
    assert set(people) == {"Hélène", "Paul", "Léa", "Awa"}
    assert people["Hélène"].last_name == "Dupré-Roux"
    assert people["Paul"].phone == "06 94 00 00 01"
    assert change.event_count == 3
    assert change.undoable


def test_the_import_is_undone_and_redone_as_one_step(services: Services, meeting: str) -> None:
    before = _by_name(services, meeting)
    preview = services.participants.preview_import(
        meeting, UPDATED.encode(), consent_purpose="Émargement"
    )
    change = services.participants.import_preview(meeting, preview, skip_errors=True)
    after = _by_name(services, meeting)
    assert change.undo is not None
    assert change.redo is not None
    assert change.undo.destructive  # type: ignore[union-attr]

    services.execute(change.undo)
    assert _by_name(services, meeting) == before
    services.execute(change.redo)
    assert _by_name(services, meeting) == after
    assert services.journal_tools.verify().ok


def test_changed_people_are_participant_edits_in_the_journal(
    services: Services, meeting: str
) -> None:
    preview = services.participants.preview_import(
        meeting, UPDATED.encode(), consent_purpose="Émargement"
    )
    services.participants.import_preview(meeting, preview, skip_errors=True)
    with services.database.read() as conn:
        types = list(
            conn.execute(
                select(events_table.c.type)
                .where(events_table.c.meeting_id == meeting)
                .order_by(events_table.c.seq)
            ).scalars()
        )
    assert types[-3:] == ["participant.registered", "participant.edited", "participant.edited"]


def test_two_registered_people_with_the_same_name_need_an_email(
    services: Services, meeting: str
) -> None:
    services.participants.register_many(
        meeting, [ParticipantFields("Léa", "Petit", commune="Mana")]
    )
    preview = services.participants.preview_import(
        meeting, (HEADER + "Petit;Léa;;;Mana\n").encode()
    )
    (row,) = preview.error_rows
    assert "2 inscrits" in row.errors[0]


def test_the_same_person_twice_in_the_file_is_an_error(services: Services, meeting: str) -> None:
    data = HEADER + "Diallo;Awa;;;Mana\nDIALLO;Awa;;;Mana\n"
    preview = services.participants.preview_import(meeting, data.encode())
    assert [row.errors for row in preview.error_rows] == [("Doublon de la ligne 2.",)]


def test_a_preview_made_stale_by_another_change_is_refused(
    services: Services, meeting: str
) -> None:
    preview = services.participants.preview_import(
        meeting, UPDATED.encode(), consent_purpose="Émargement"
    )
    paul = next(
        p for p in services.participants.list_participants(meeting) if p.first_name == "Paul"
    )
    services.participants.update_participant(meeting, paul.id, {"commune": "Mana"})
    before = _by_name(services, meeting)
    with pytest.raises(ValidationError, match="a changé depuis l'aperçu"):
        services.participants.import_preview(meeting, preview, skip_errors=True)
    assert _by_name(services, meeting) == before
