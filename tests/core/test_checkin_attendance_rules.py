"""Attendance rules found by the audit: proxies in force only, the quorum threshold, revocation."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from civodesk.checkin.attendance_rules import Representation, quorum_required, represented
from civodesk.journal.store import events_table
from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields

PEOPLE = (
    ParticipantFields("Hélène", "Dupré"),
    ParticipantFields("Jean", "Martin"),
    ParticipantFields("Zoé", "Œuvray"),
)


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields(quorum_percent=50.0)).meeting_id
    services.participants.register_many(meeting_id, PEOPLE, consent_purpose="Émargement")
    return meeting_id


def person(services: Services, meeting_id: str, last_name: str) -> str:
    return next(row.participant_id for row in services.checkin.search(meeting_id, last_name))


def event_count(services: Services) -> int:
    with services.database.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


@pytest.fixture
def proxy(services: Services, meeting: str) -> tuple[str, str, str]:
    """Dupré (present) holds Martin's proxy; returns (giver, holder, proxy id)."""
    giver, holder = person(services, meeting, "Martin"), person(services, meeting, "Dupré")
    services.checkin.check_in(meeting, holder)
    proxy_id = services.checkin.grant_proxy(meeting, giver, holder).created_ids[0]
    return giver, holder, proxy_id


def counts(services: Services, meeting: str) -> tuple[int, int, int, int]:
    """(present, proxies in force, proxies on hold, present or represented)."""
    summary = services.checkin.attendance(meeting)
    return summary.present, summary.proxies, summary.proxies_on_hold, summary.represented


# Proxies in force --------------------------------------------------------------------------


def test_a_proxy_counts_while_its_holder_is_present_and_its_giver_absent(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    assert counts(services, meeting) == (1, 1, 0, 2)


def test_a_proxy_stops_counting_when_the_giver_arrives_and_counts_again_when_they_leave(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    giver, _holder, proxy_id = proxy
    services.checkin.check_in(meeting, giver)
    assert counts(services, meeting) == (2, 0, 1, 2)
    assert [p.id for p in services.checkin.list_proxies(meeting)] == [proxy_id]
    services.checkin.check_out(meeting, giver)
    assert counts(services, meeting) == (1, 1, 0, 2)


def test_a_proxy_stops_counting_when_the_holder_leaves_and_counts_again_on_return(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    _giver, holder, _proxy_id = proxy
    services.checkin.check_out(meeting, holder)
    assert counts(services, meeting) == (0, 0, 1, 0)
    services.checkin.check_in(meeting, holder)
    assert counts(services, meeting) == (1, 1, 0, 2)


def test_who_is_represented_follows_the_proxies_in_force(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    """The votes ask who is represented: only proxies in force, never one on hold."""
    giver, holder, proxy_id = proxy
    with services.database.read() as conn:
        assert represented(conn, meeting) == [Representation(proxy_id, giver, holder)]
    services.checkin.check_in(meeting, giver)  # the giver arrives: votes in person
    with services.database.read() as conn:
        assert represented(conn, meeting) == []


def test_a_proxy_on_hold_still_takes_the_holders_only_place(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    giver, holder, _proxy_id = proxy
    services.checkin.check_in(meeting, giver)
    third = person(services, meeting, "Œuvray")
    with pytest.raises(ValidationError, match="maximum"):
        services.checkin.grant_proxy(meeting, third, holder)


def test_a_proxy_of_a_removed_registration_does_not_count(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    giver, _holder, _proxy_id = proxy
    services.participants.remove_participant(meeting, giver)
    assert counts(services, meeting) == (1, 0, 1, 1)


# Quorum ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "percent", "required"),
    [
        pytest.param(10, 50.0, 6, id="half-of-10-is-more-than-half"),
        pytest.param(11, 50.0, 6, id="half-of-11"),
        pytest.param(3, 50.0, 2, id="half-of-3"),
        pytest.param(100, 33.0, 33, id="33-percent-of-100"),
        pytest.param(100, 33.3, 34, id="33.3-percent-of-100"),
        pytest.param(1000, 33.3, 333, id="decimal-typed-not-binary-float"),
        pytest.param(20, 25.0, 5, id="quarter-of-20"),
        pytest.param(10, 100.0, 10, id="everyone"),
        pytest.param(10, 0.5, 1, id="tiny-percent-still-one-person"),
        pytest.param(0, 50.0, 1, id="nobody-registered-majority"),
        pytest.param(0, 25.0, 1, id="nobody-registered"),
    ],
)
def test_quorum_threshold(registered: int, percent: float, required: int) -> None:
    assert quorum_required(registered, percent) == required


@given(
    registered=st.integers(min_value=0, max_value=20_000),
    percent=st.sampled_from([0.5, 10.0, 25.0, 33.3, 50.0, 66.67, 75.0, 100.0]),
)
def test_quorum_is_at_least_the_share_never_above_the_registered_and_never_zero(
    registered: int, percent: float
) -> None:
    required = quorum_required(registered, percent)
    share = registered * Fraction(str(percent)) / 100
    assert required >= 1
    assert required >= share
    if registered:
        assert required <= registered
    if percent == 50.0:
        assert 2 * required > registered >= 2 * (required - 1)
    else:
        assert required - 1 < share or required == 1


def test_nobody_registered_means_the_quorum_is_not_reached(services: Services) -> None:
    meeting_id = services.meetings.create_meeting(meeting_fields(quorum_percent=25.0)).meeting_id
    summary = services.checkin.attendance(meeting_id)
    assert (summary.registered, summary.present, summary.quorum_required) == (0, 0, 1)
    assert summary.quorum_reached is False


def test_majority_quorum_counts_people_present_not_proxies(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    summary = services.checkin.attendance(meeting)
    assert (summary.quorum_required, summary.present, summary.represented) == (2, 1, 2)
    assert summary.quorum_reached is False


# Revoking a proxy --------------------------------------------------------------------------


def test_revoking_an_unknown_proxy_is_refused_and_writes_nothing(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    before = event_count(services)
    with pytest.raises(LookupError, match="introuvable"):
        services.checkin.revoke_proxy(meeting, "0190f0e0-0000-7000-8000-000000000000")
    assert event_count(services) == before
    assert counts(services, meeting) == (1, 1, 0, 2)


def test_revoking_a_proxy_of_another_meeting_is_refused_and_writes_nothing(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    other = services.meetings.create_meeting(meeting_fields(title="Autre")).meeting_id
    before = event_count(services)
    with pytest.raises(LookupError, match="introuvable"):
        services.checkin.revoke_proxy(other, proxy[2])
    assert event_count(services) == before
    assert counts(services, meeting) == (1, 1, 0, 2)


def test_revoking_twice_is_refused_the_second_time(
    services: Services, meeting: str, proxy: tuple[str, str, str]
) -> None:
    change = services.checkin.revoke_proxy(meeting, proxy[2])
    assert change.event_count == 1
    assert counts(services, meeting) == (1, 0, 0, 1)
    before = event_count(services)
    with pytest.raises(LookupError, match="déjà été retirée"):
        services.checkin.revoke_proxy(meeting, proxy[2])
    assert event_count(services) == before
    assert services.checkin.list_proxies(meeting) == []
