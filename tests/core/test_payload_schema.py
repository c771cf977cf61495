"""Declared payloads: every handled event type has one, and a payload that breaks it is refused
before any handler runs, on the desk at entry (nothing written) and at ingest (per event)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from civodesk.features import registry
from civodesk.ideas.idea import IdeaFields
from civodesk.journal.payload_schema import INT64_MAX, INT64_MIN, Integer, PayloadError, Text
from civodesk.journal.store import EventRefusedError, IngestProblem, events_table, ingest_events
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import AGENDA, meeting_fields
from tests.sync.hostile_events import clean_story, is_valid, spoil

CONTROL = [chr(code) for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def test_every_handled_event_type_declares_its_payload() -> None:
    handled = set(registry.single) | set(registry.batch)
    assert handled <= set(registry.schemas)


def test_the_payloads_the_desk_writes_match_their_declarations() -> None:
    story = clean_story("desk")
    assert {step[0] for step in story.steps} == set(registry.schemas)
    assert all(is_valid(event) for event in story.events())


@given(st.text(min_size=0, max_size=20), st.sampled_from(CONTROL), st.text(max_size=20))
def test_text_with_a_control_character_other_than_newline_and_tab_is_refused(
    before: str, control: str, after: str
) -> None:
    with pytest.raises(PayloadError, match="caractère de contrôle"):
        Text(100).check("text", before + control + after)


def test_newline_and_tab_are_kept() -> None:
    Text(100).check("text", "ligne 1\n\tligne 2")


@given(st.one_of(st.integers(max_value=INT64_MIN - 1), st.integers(min_value=INT64_MAX + 1)))
def test_integers_past_64_bits_are_refused(value: int) -> None:
    with pytest.raises(PayloadError, match="hors de l'intervalle"):
        Integer().check("n", value)


def test_booleans_are_not_integers() -> None:
    with pytest.raises(PayloadError, match="nombre entier"):
        Integer().check("n", True)


@pytest.mark.parametrize(
    ("index", "path", "how", "value", "expected"),
    [
        (6, ("changes", "commune"), "add", "meeting_id", "ne peut pas être modifié"),
        (3, ("changes", "title"), "add", "meeting_id", "ne peut pas être modifié"),
        (8, ("changes", "text"), "add", "organization_id", "ne peut pas être modifié"),
        (17, ("changes", "place"), "add", "id", "ne peut pas être modifié"),
        (1, ("organization", "id"), "set", "00000000-0000-7000-8000-000000000000", "nom de l'organisation"),
        (4, ("participant_id",), "delete", None, "obligatoire « participant_id »"),
        (7, ("text",), "set", "x" * 20_001, "trop long"),
        (7, ("text",), "set", "un\x00marché", "caractère de contrôle"),
        (9, ("serial",), "set", 2**64, "hors de l'intervalle"),
        (2, ("duration_minutes",), "set", "20", "nombre entier attendu"),
        (0, ("public_key",), "add", "extra", "champ inconnu « extra »"),
    ],
)  # fmt: skip
def test_a_spoiled_payload_is_refused_with_the_field_and_the_rule(
    index: int, path: tuple[str, ...], how: str, value: object, expected: str
) -> None:
    story = clean_story("desk")
    payload = story.steps[index][1]
    event = story.events()[index]
    spoiled = replace(event, payload=spoil(payload, path, how, value))
    problem = registry.payload_problem(spoiled)
    assert problem is not None
    assert expected in str(problem)
    if how == "set" and isinstance(value, str) and len(value) > 3:
        assert value not in str(problem)  # reasons name the field, never the value


def test_ingest_refuses_a_spoiled_event_before_its_handler_runs(services: Services) -> None:
    story = clean_story("other-desk")
    events = story.events(story.steps[:8])
    spoiled_payload = spoil(events[7].payload, ("text",), "set", "a\x00b")
    events[7] = replace(events[7], payload=spoiled_payload)
    events[7] = replace(events[7], hash=events[7].computed_hash())
    with services.database.write() as conn:
        outcomes = ingest_events(conn, events, registry)
    assert [o.status.value for o in outcomes[:7]] == ["accepted"] * 7
    assert outcomes[7].problem is IngestProblem.INVALID_PAYLOAD
    assert "caractère de contrôle" in outcomes[7].reason


def _event_count(services: Services) -> int:
    with services.database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def test_the_desk_refuses_unsyncable_input_at_entry_with_nothing_written(
    services: Services,
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    written = _event_count(services)
    with pytest.raises(ValidationError) as refused:
        services.ideas.capture_many(meeting, [IdeaFields(text="Une idée\x00cachée")])
    assert isinstance(refused.value, EventRefusedError)
    assert refused.value.errors[0].field == "text"
    assert "Saisie refusée" in refused.value.errors[0].message
    person = ParticipantFields(first_name="Ana", last_name="Ho", commune="C" * 201)
    with pytest.raises(ValidationError, match="trop long"):
        services.participants.register_many(meeting, [person])
    assert _event_count(services) == written
