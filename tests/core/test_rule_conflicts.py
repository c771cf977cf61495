"""Two desks apart break a one-per-person rule: after sync the rule decides what counts, the
facilitator sees a conflict, and resolving it makes the rule's choice final on every desk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from civodesk.checkin.attendance_rules import proxy_counts, represented
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.conflicts.service import ConflictView
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import meeting_fields

PEOPLE = [
    ParticipantFields("Awa", "Diallo"),
    ParticipantFields("Jean", "Martin"),
    ParticipantFields("Hélène", "Dupré"),
    ParticipantFields("Zoé", "Œuvray"),
]


@pytest.fixture
def desks(tmp_path: Path) -> tuple[Desk, Desk, str, dict[str, str]]:
    entrance = open_desk(tmp_path / "entrance.db", "entrée")
    hall = open_desk(tmp_path / "hall.db", "salle", start_ms=1_764_150_000_000 + 7)
    meeting = entrance.services.meetings.create_meeting(meeting_fields()).meeting_id
    entrance.services.participants.register_many(meeting, PEOPLE, "Émargement")
    entrance.services.checkin.issue_badges(meeting)
    ids = {p.last_name: p.id for p in entrance.services.participants.list_participants(meeting)}
    send(entrance, hall)
    yield entrance, hall, meeting, ids
    entrance.close()
    hall.close()


def _sync(a: Desk, b: Desk) -> None:
    send(a, b)
    send(b, a)


def _rules(desk: Desk, meeting: str) -> list[ConflictView]:
    return [c for c in desk.services.conflicts.list_conflicts(meeting) if c.kind == "rule"]


def test_two_desks_record_a_proxy_for_the_same_absent_person_she_counts_once(
    desks: tuple[Desk, Desk, str, dict[str, str]],
) -> None:
    entrance, hall, meeting, ids = desks
    entrance.services.checkin.check_in(meeting, ids["Martin"])
    hall.services.checkin.check_in(meeting, ids["Dupré"])
    _sync(entrance, hall)
    # Apart again: each desk records a proxy for the absent Awa Diallo.
    entrance.clock.advance(1_000)
    first = entrance.services.checkin.grant_proxy(meeting, ids["Diallo"], ids["Martin"])
    hall.clock.advance(5_000)
    hall.services.checkin.grant_proxy(meeting, ids["Diallo"], ids["Dupré"])
    _sync(entrance, hall)

    for desk in (entrance, hall):
        with desk.database.read() as conn:
            assert proxy_counts(conn, meeting) == (1, 1)  # one in force, one set aside
            (counted,) = represented(conn, meeting)
        assert (counted.proxy_id, counted.giver_id) == (first.created_ids[0], ids["Diallo"])
        assert desk.services.checkin.attendance(meeting).proxies == 1
        (conflict,) = _rules(desk, meeting)
        assert conflict.entity_type == "proxy_giver"
        assert conflict.kept_value == "Jean Martin vote pour Awa Diallo"
        assert conflict.other_value == "Hélène Dupré vote pour Awa Diallo"
    assert _rules(entrance, meeting)[0].id == _rules(hall, meeting)[0].id

    hall.services.conflicts.resolve_rule(meeting, _rules(hall, meeting)[0].id)
    _sync(entrance, hall)
    for desk in (entrance, hall):
        assert _rules(desk, meeting) == []
        assert [p.holder_name for p in desk.services.checkin.list_proxies(meeting)] == [
            "Jean Martin"
        ]
    with pytest.raises(LookupError, match="déjà résolu"):
        entrance.services.conflicts.resolve_rule(meeting, conflict.id)
    with entrance.database.read() as e_conn, hall.database.read() as h_conn:
        assert dump_tables(e_conn) == dump_tables(h_conn)


def test_a_holder_over_the_meetings_limit_keeps_the_first_proxies(
    desks: tuple[Desk, Desk, str, dict[str, str]],
) -> None:
    entrance, hall, meeting, ids = desks
    entrance.services.checkin.check_in(meeting, ids["Martin"])
    _sync(entrance, hall)
    entrance.clock.advance(1_000)
    entrance.services.checkin.grant_proxy(meeting, ids["Diallo"], ids["Martin"])
    hall.clock.advance(5_000)
    hall.services.checkin.grant_proxy(meeting, ids["Dupré"], ids["Martin"])
    _sync(entrance, hall)
    (conflict,) = _rules(hall, meeting)
    assert conflict.entity_type == "proxy_limit"
    assert conflict.kept_value == "Jean Martin vote pour Awa Diallo"
    assert conflict.other_value == "Jean Martin vote pour Hélène Dupré"
    with hall.database.read() as conn:
        assert [r.giver_id for r in represented(conn, meeting)] == [ids["Diallo"]]
    # Raising the meeting's limit to two settles it: both count, no conflict is left.
    details = hall.services.meetings.get_meeting(meeting)
    hall.services.meetings.update_meeting(meeting, replace(details.fields, proxy_limit=2))
    assert _rules(hall, meeting) == []
    with hall.database.read() as conn:
        assert proxy_counts(conn, meeting) == (2, 0)


def test_badges_reissued_on_two_desks_and_a_double_arrival_are_shown_and_resolved(
    desks: tuple[Desk, Desk, str, dict[str, str]],
) -> None:
    entrance, hall, meeting, ids = desks
    person = ids["Diallo"]
    entrance.clock.advance(1_000)
    entrance.services.checkin.reissue_badge(meeting, person)
    hall.clock.advance(60_000)
    hall.services.checkin.reissue_badge(meeting, person)
    (at_entrance,) = entrance.services.checkin.list_badges(meeting, [person])
    (at_hall,) = hall.services.checkin.list_badges(meeting, [person])
    # Both desks admit her while apart.
    assert (
        entrance.services.checkin.scan(meeting, at_entrance.token).outcome is ScanOutcome.ACCEPTED
    )
    assert hall.services.checkin.scan(meeting, at_hall.token).outcome is ScanOutcome.ACCEPTED
    _sync(entrance, hall)

    conflicts = {c.entity_type: c for c in _rules(entrance, meeting)}
    assert set(conflicts) == {"badge", "arrival"}
    assert "poste « salle »" in conflicts["badge"].kept_value
    assert at_hall.manual_code in conflicts["badge"].kept_value
    assert at_entrance.manual_code in conflicts["badge"].other_value
    assert conflicts["arrival"].kept_value.startswith("entrée d'Awa Diallo au poste « entrée » à")
    assert conflicts["arrival"].other_value.startswith("entrée d'Awa Diallo au poste « salle » à")
    assert entrance.services.checkin.attendance(meeting).present == 1

    for conflict in conflicts.values():
        entrance.services.conflicts.resolve_rule(meeting, conflict.id)
    _sync(entrance, hall)
    for desk in (entrance, hall):
        assert _rules(desk, meeting) == []
        assert desk.services.checkin.attendance(meeting).present == 1
        assert desk.services.checkin.verify(meeting, at_entrance.token).reason is (
            RefusalReason.REVOKED
        )
        assert desk.services.checkin.verify(meeting, at_hall.token).reason is None
    with entrance.database.read() as e_conn, hall.database.read() as h_conn:
        assert dump_tables(e_conn) == dump_tables(h_conn)
