"""The check-in desk core: badges, scans, duplicates, revocation, walk-ins, proxies, attendance."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from civodesk.checkin.badge_token import PREFIX, looks_like_token
from civodesk.checkin.handlers import scans_table
from civodesk.checkin.keyboard_layout import LayoutMismatch, as_typed_through
from civodesk.checkin.manual_code import ALPHABET, LENGTH
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.clock import ManualClock
from civodesk.journal.store import events_table
from civodesk.meetings.guards import MeetingClosedError
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.core.desks import open_desk
from tests.factories import meeting_fields

PEOPLE = (
    ParticipantFields("Hélène", "Dupré", "helene@example.org", commune="Mana", age_bracket="30-44"),
    ParticipantFields("Jean", "Martin", commune="Mana", neighbourhood="Bourg"),
    ParticipantFields("Zoé", "Œuvray", commune="Apatou"),
)


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields(quorum_percent=50.0)).created_ids[
        0
    ]
    services.participants.register_many(meeting_id, PEOPLE, consent_purpose="Émargement")
    services.checkin.issue_badges(meeting_id)
    return meeting_id


def badge_of(services: Services, meeting_id: str, last_name: str) -> tuple[str, str, str]:
    badge = next(b for b in services.checkin.list_badges(meeting_id) if b.last_name == last_name)
    return badge.participant_id, badge.token, badge.manual_code


def test_badges_are_signed_tokens_and_unique_manual_codes(services: Services, meeting: str) -> None:
    badges = services.checkin.list_badges(meeting)
    assert len(badges) == 3
    assert all(looks_like_token(b.token) and b.token.startswith(PREFIX) for b in badges)
    codes = [b.manual_code for b in badges]
    assert len(set(codes)) == 3
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("".join(codes)) & set("OI01")
    assert all("Dupré" not in b.token and "Hélène" not in b.token for b in badges)


def test_issuing_again_gives_badges_only_to_people_without_one(
    services: Services, meeting: str
) -> None:
    assert services.checkin.issue_badges(meeting).event_count == 0
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")])
    change = services.checkin.issue_badges(meeting)
    assert change.event_count == 1
    assert len(services.checkin.list_badges(meeting)) == 4


def test_scan_accepts_then_flags_a_duplicate_with_time_and_desk(
    services: Services, meeting: str, clock: ManualClock
) -> None:
    _participant_id, token, _code = badge_of(services, meeting, "Dupré")
    first = services.checkin.scan(meeting, token)
    assert first.outcome == ScanOutcome.ACCEPTED
    assert first.display_name == "Hélène Dupré"
    clock.advance(60_000)
    second = services.checkin.scan(meeting, token)
    assert second.outcome == ScanOutcome.DUPLICATE
    assert second.admitted_at_ms == first.admitted_at_ms
    assert second.admitted_by_desk == "desk-1"
    with services.database.read() as conn:
        rows = conn.execute(select(scans_table).order_by(scans_table.c.hlc)).all()
    assert [(r.accepted, r.duplicate) for r in rows] == [(True, False), (True, True)]
    assert services.checkin.attendance(meeting).present == 1


def test_manual_code_checks_in_case_and_spacing_forgiven(services: Services, meeting: str) -> None:
    _pid, _token, code = badge_of(services, meeting, "Martin")
    typed = f"{code[:4].lower()} {code[4:].lower()}"
    result = services.checkin.scan(meeting, typed)
    assert result.outcome == ScanOutcome.ACCEPTED
    assert result.display_name == "Jean Martin"
    unused = next(
        c
        for c in ("ABCDEFGH", "HGFEDCBA")
        if c not in {b.manual_code for b in services.checkin.list_badges(meeting)}
    )
    assert services.checkin.scan(meeting, unused).reason == RefusalReason.UNKNOWN_CODE


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda t: t[:40] + ("B" if t[40] == "A" else "A") + t[41:], RefusalReason.BAD_SIGNATURE),
        (lambda t: t[:-1], RefusalReason.DAMAGED),
        (lambda t: "x" * 10_000, RefusalReason.NOT_A_BADGE),
        (lambda t: "\x00\x1b[2J\n\t", RefusalReason.NOT_A_BADGE),
        (lambda t: "   ", RefusalReason.EMPTY),
        (
            lambda t: as_typed_through(t, LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY),
            RefusalReason.WRONG_LAYOUT,
        ),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_recorded(
    services: Services, meeting: str, mangle: object, reason: RefusalReason
) -> None:
    _pid, token, _code = badge_of(services, meeting, "Dupré")
    result = services.checkin.scan(meeting, mangle(token))  # type: ignore[operator]
    assert result.outcome == ScanOutcome.REFUSED
    assert result.reason == reason
    assert result.message
    with services.database.read() as conn:
        row = conn.execute(
            select(scans_table).where(scans_table.c.event_id == result.event_id)
        ).one()
    assert not row.accepted
    assert row.reason == reason.value
    assert len(row.excerpt) <= 60


def test_wrong_layout_explains_the_fix(services: Services, meeting: str) -> None:
    _pid, token, _code = badge_of(services, meeting, "Dupré")
    typed = as_typed_through(token, LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY)
    assert "é" in typed or "&" in typed or "(" in typed
    result = services.checkin.scan(meeting, typed)
    assert "AZERTY" in result.message
    assert "QWERTY" in result.message
    reverse = as_typed_through(token, LayoutMismatch.SCANNER_AZERTY_COMPUTER_QWERTY)
    assert services.checkin.scan(meeting, reverse).reason == RefusalReason.WRONG_LAYOUT


def test_reissue_revokes_the_old_badge(services: Services, meeting: str) -> None:
    participant_id, old_token, old_code = badge_of(services, meeting, "Dupré")
    services.checkin.reissue_badge(meeting, participant_id)
    _pid, new_token, new_code = badge_of(services, meeting, "Dupré")
    assert new_token != old_token
    assert new_code != old_code
    assert services.checkin.scan(meeting, old_token).reason == RefusalReason.REVOKED
    assert services.checkin.scan(meeting, old_code).reason == RefusalReason.REVOKED
    assert services.checkin.scan(meeting, new_token).outcome == ScanOutcome.ACCEPTED
    with services.database.read() as conn:
        types = list(conn.execute(select(events_table.c.type)).scalars())
    assert "badge.revoked" in types


def test_badge_of_another_meeting_and_unknown_key_are_refused(
    services: Services, meeting: str, tmp_path: Path
) -> None:
    other = services.meetings.create_meeting(meeting_fields(title="Autre")).created_ids[0]
    services.participants.register_many(other, [ParticipantFields("Awa", "Diallo")])
    services.checkin.issue_badges(other)
    foreign = services.checkin.list_badges(other)[0].token
    assert services.checkin.scan(meeting, foreign).reason == RefusalReason.OTHER_MEETING

    stranger = open_desk(tmp_path / "stranger.db", "intrus")
    try:
        forged_meeting = stranger.services.meetings.create_meeting(meeting_fields())
        stranger_meeting = forged_meeting.created_ids[0]
        stranger.services.participants.register_many(stranger_meeting, [PEOPLE[0]], "Émargement")
        stranger.services.checkin.issue_badges(stranger_meeting)
        token = stranger.services.checkin.list_badges(stranger_meeting)[0].token
    finally:
        stranger.close()
    assert services.checkin.scan(meeting, token).reason == RefusalReason.OTHER_MEETING


def test_search_is_accent_and_case_insensitive_and_checks_in(
    services: Services, meeting: str
) -> None:
    assert [r.last_name for r in services.checkin.search(meeting, "HELENE")] == ["Dupré"]
    assert [r.last_name for r in services.checkin.search(meeting, "dupre hel")] == ["Dupré"]
    assert [r.last_name for r in services.checkin.search(meeting, "oeuv")] == ["Œuvray"]
    assert [r.last_name for r in services.checkin.search(meeting, "zoe")] == ["Œuvray"]
    assert services.checkin.search(meeting, "xyz") == []
    row = services.checkin.search(meeting, "martin")[0]
    assert services.checkin.check_in(meeting, row.participant_id).outcome == ScanOutcome.ACCEPTED
    assert services.checkin.search(meeting, "martin")[0].present
    code = row.manual_code
    assert [r.last_name for r in services.checkin.search(meeting, code)] == ["Martin"]


def test_search_follows_name_edits(services: Services, meeting: str) -> None:
    participant_id = services.checkin.search(meeting, "martin")[0].participant_id
    services.participants.update_participant(meeting, participant_id, {"last_name": "Léger"})
    assert services.checkin.search(meeting, "martin") == []
    assert [r.last_name for r in services.checkin.search(meeting, "leger")] == ["Léger"]
    assert [p.last_name for p in services.participants.list_participants(meeting, "LEGER")] == [
        "Léger"
    ]


def test_removed_participant_is_refused(services: Services, meeting: str) -> None:
    participant_id, token, _code = badge_of(services, meeting, "Martin")
    services.participants.remove_participant(meeting, participant_id)
    assert services.checkin.scan(meeting, token).reason == RefusalReason.REMOVED


def test_walk_in_registers_badges_and_checks_in_at_once(services: Services, meeting: str) -> None:
    result = services.checkin.register_walk_in(
        meeting, ParticipantFields("Awa", "Diallo", commune="Mana"), "Émargement"
    )
    assert result.scan.outcome == ScanOutcome.ACCEPTED
    assert result.badge.display_name == "Awa Diallo"
    assert services.checkin.scan(meeting, result.badge.token).outcome == ScanOutcome.DUPLICATE
    assert services.checkin.attendance(meeting).present == 1
    with pytest.raises(ValidationError):
        services.checkin.register_walk_in(meeting, ParticipantFields("", ""), "")


def test_check_out_and_back_in(services: Services, meeting: str, clock: ManualClock) -> None:
    participant_id, token, _code = badge_of(services, meeting, "Dupré")
    services.checkin.scan(meeting, token)
    clock.advance(1000)
    services.checkin.check_out(meeting, participant_id)
    assert services.checkin.attendance(meeting).present == 0
    with pytest.raises(ValidationError):
        services.checkin.check_out(meeting, participant_id)
    clock.advance(1000)
    assert services.checkin.scan(meeting, token).outcome == ScanOutcome.ACCEPTED


def test_attendance_count_quorum_and_breakdowns(services: Services, meeting: str) -> None:
    summary = services.checkin.attendance(meeting)
    assert (summary.registered, summary.present, summary.quorum_required) == (3, 0, 2)
    assert summary.quorum_reached is False
    for name in ("Dupré", "Martin"):
        services.checkin.scan(meeting, badge_of(services, meeting, name)[1])
    summary = services.checkin.attendance(meeting)
    assert summary.present == 2
    assert summary.quorum_reached
    communes = {row.label: (row.present, row.registered) for row in summary.breakdowns["commune"]}
    assert communes == {"Mana": (2, 2), "Apatou": (0, 1)}
    ages = {row.label: row.registered for row in summary.breakdowns["age_bracket"]}
    assert ages == {"30-44": 1, "Non renseigné": 2}


def test_attendance_timeline_answers_who_was_present_at_a_time(
    services: Services, meeting: str, clock: ManualClock
) -> None:
    start = clock.now_ms()
    dupre, dupre_token, _ = badge_of(services, meeting, "Dupré")
    services.checkin.scan(meeting, dupre_token)
    clock.advance(10 * 60_000)
    services.checkin.scan(meeting, badge_of(services, meeting, "Martin")[1])
    clock.advance(10 * 60_000)
    services.checkin.check_out(meeting, dupre)

    def names(at_ms: int) -> list[str]:
        return [p.display_name for p in services.checkin.present_at(meeting, at_ms)]

    assert names(start - 1) == []
    assert names(start + 5 * 60_000) == ["Hélène Dupré"]
    assert names(start + 15 * 60_000) == ["Hélène Dupré", "Jean Martin"]
    assert names(start + 25 * 60_000) == ["Jean Martin"]


def test_proxies_limit_one_per_holder(services: Services, meeting: str) -> None:
    dupre, token, _ = badge_of(services, meeting, "Dupré")
    martin, _t, _c = badge_of(services, meeting, "Martin")
    oeuvray, _t2, _c2 = badge_of(services, meeting, "Œuvray")
    with pytest.raises(ValidationError, match="présente"):
        services.checkin.grant_proxy(meeting, martin, dupre)
    services.checkin.scan(meeting, token)
    services.checkin.grant_proxy(meeting, martin, dupre)
    with pytest.raises(ValidationError, match="maximum"):
        services.checkin.grant_proxy(meeting, oeuvray, dupre)
    details = services.meetings.get_meeting(meeting)
    services.meetings.update_meeting(meeting, replace(details.fields, proxy_limit=2))
    services.checkin.grant_proxy(meeting, oeuvray, dupre)
    proxies = services.checkin.list_proxies(meeting)
    assert [(p.giver_name, p.holder_name) for p in proxies] == [
        ("Jean Martin", "Hélène Dupré"),
        ("Zoé Œuvray", "Hélène Dupré"),
    ]
    services.checkin.revoke_proxy(meeting, proxies[0].id)
    assert services.checkin.attendance(meeting).proxies == 1


def test_closed_meeting_refuses_scans_without_writing(services: Services, meeting: str) -> None:
    _pid, token, _ = badge_of(services, meeting, "Dupré")
    services.meetings.close_meeting(meeting)
    result = services.checkin.scan(meeting, token)
    assert result.reason == RefusalReason.MEETING_CLOSED
    with pytest.raises(MeetingClosedError):
        services.checkin.issue_badges(meeting)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=400),
        st.binary(max_size=400).map(lambda raw: raw.decode("latin-1")),
        st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50),
    )
)
def test_the_desk_never_crashes_on_arbitrary_input(
    services: Services, meeting: str, text: str
) -> None:
    result = services.checkin.scan(meeting, text)
    assert result.outcome == ScanOutcome.REFUSED
    assert result.message


def test_the_demo_meeting_has_badges_and_early_arrivals(services: Services) -> None:
    from civodesk.demo import create_demo_meeting

    meeting_id = create_demo_meeting(services, participants=30, ideas=0, seed=5)
    badges = services.checkin.list_badges(meeting_id)
    assert len(badges) == 30
    summary = services.checkin.attendance(meeting_id)
    assert summary.present == 7
    assert services.checkin.verify(meeting_id, badges[0].token).outcome == ScanOutcome.ACCEPTED
    exported = services.privacy.export_person(meeting_id, badges[0].participant_id)
    assert exported["consent_purpose"] == "l'émargement et le compte-rendu de la réunion"
