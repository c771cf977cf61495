"""Consent is recorded yes or no with its purpose; never assumed by an import."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civodesk.participants.handlers import participants_table
from civodesk.participants.participant import KEPT_WITHOUT_CONSENT
from civodesk.services import Services
from tests.factories import meeting_fields

LIST = "Nom;Prénom;Courriel;Téléphone;Commune\nDupré;Hélène;helene@example.org;0694000001;Mana\n"


@pytest.fixture
def meeting(services: Services) -> str:
    return services.meetings.create_meeting(meeting_fields()).created_ids[0]


def _stored(services: Services, meeting: str) -> list[tuple[object, ...]]:
    with services.database.read() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(
                    participants_table.c.last_name,
                    participants_table.c.email,
                    participants_table.c.phone,
                    participants_table.c.commune,
                    participants_table.c.consent,
                    participants_table.c.consent_purpose,
                )
                .where(participants_table.c.meeting_id == meeting)
                .order_by(participants_table.c.last_name)
            )
        ]


def test_without_a_stated_consent_only_what_the_meeting_needs_is_kept(
    services: Services, meeting: str
) -> None:
    preview = services.participants.preview_import(meeting, LIST.encode())
    services.participants.import_preview(meeting, preview)
    assert _stored(services, meeting) == [("Dupré", "", "", "Mana", False, None)]
    assert "email" not in KEPT_WITHOUT_CONSENT
    assert "phone" not in KEPT_WITHOUT_CONSENT


def test_a_stated_purpose_is_recorded_as_consent(services: Services, meeting: str) -> None:
    preview = services.participants.preview_import(
        meeting, LIST.encode(), consent_purpose="Invitations aux prochaines réunions"
    )
    services.participants.import_preview(meeting, preview)
    assert _stored(services, meeting) == [
        (
            "Dupré",
            "helene@example.org",
            "0694000001",
            "Mana",
            True,
            "Invitations aux prochaines réunions",
        )
    ]


def test_a_consent_column_decides_row_by_row(services: Services, meeting: str) -> None:
    data = (
        "Nom;Prénom;Courriel;Consentement RGPD\n"
        "Dupré;Hélène;helene@example.org;Oui\n"
        "Martin;Paul;paul@example.org;non\n"
        "Petit;Léa;lea@example.org;\n"
        "Roux;Zoé;zoe@example.org;peut-être\n"
    )
    preview = services.participants.preview_import(meeting, data.encode(), consent_purpose="Suivi")
    assert [row.consent for row in preview.rows[:3]] == [True, False, False]
    (bad,) = preview.error_rows
    assert "peut-être" in bad.errors[0]
    services.participants.import_preview(meeting, preview, skip_errors=True)
    assert [(r[0], r[1], r[4]) for r in _stored(services, meeting)] == [
        ("Dupré", "helene@example.org", True),
        ("Martin", "", False),
        ("Petit", "", False),
    ]


def test_withdrawn_consent_in_an_updated_list_drops_the_contacts(
    services: Services, meeting: str
) -> None:
    first = services.participants.preview_import(meeting, LIST.encode(), consent_purpose="Suivi")
    services.participants.import_preview(meeting, first)
    data = "Nom;Prénom;Courriel;Commune;Consentement\nDupré;Hélène;helene@example.org;Mana;non\n"
    again = services.participants.preview_import(meeting, data.encode())
    (row,) = again.changed_rows
    assert row.changes == {"email": "", "phone": "", "consent": False, "consent_purpose": ""}
    services.participants.import_preview(meeting, again)
    assert _stored(services, meeting) == [("Dupré", "", "", "Mana", False, "")]


def test_registration_records_consent_yes_or_no(services: Services, meeting: str) -> None:
    preview = services.participants.preview_import(meeting, LIST.encode())
    services.participants.import_preview(meeting, preview)
    services.journal_tools.rebuild()
    assert _stored(services, meeting)[0][4] is False
