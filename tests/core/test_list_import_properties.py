"""Invariants of importing a list over the registered one (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields

NAMES = st.text(alphabet="abcdeéèfghijklmnoœpqrstuvwxyzÀÉ -'", min_size=1, max_size=12).filter(
    lambda text: text.strip(" -'")
)
PERSON = st.tuples(NAMES, NAMES, st.sampled_from(["Mana", "Apatou", "Saint-Laurent", ""]))


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["Nom;Prénom;Commune"] + [f"{last};{first};{commune}" for first, last, commune in rows]
    return "\n".join(lines).encode()


def _state(services: Services, meeting: str) -> list[tuple[str, str, str, bool]]:
    return sorted(
        (p.first_name, p.last_name, p.commune, p.consent)
        for p in services.participants.list_participants(meeting)
    )


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(registered=st.lists(PERSON, max_size=8), listed=st.lists(PERSON, min_size=1, max_size=8))
def test_importing_then_undoing_leaves_the_list_as_it_was_and_a_repeat_changes_nothing(
    services: Services, registered: list[tuple[str, str, str]], listed: list[tuple[str, str, str]]
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    if registered:
        services.participants.register_many(
            meeting, [ParticipantFields(first, last, commune=c) for first, last, c in registered]
        )
    before = _state(services, meeting)
    preview = services.participants.preview_import(meeting, _csv(listed), consent_purpose="x")
    if not preview.importable_skipping_errors():
        return
    change = services.participants.import_preview(meeting, preview, skip_errors=True)
    assert len(services.participants.list_participants(meeting)) == len(registered) + len(
        preview.new_rows
    )
    again = services.participants.preview_import(meeting, _csv(listed), consent_purpose="x")
    assert not again.new_rows
    assert not again.changed_rows
    assert change.undo is not None
    services.execute(change.undo)
    assert _state(services, meeting) == before
