"""A badge admits until its meeting's end plus the meeting's margin; the desk's clock decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from civodesk.checkin.scan_reason import RefusalReason
from civodesk.checkin.views import ScanOutcome
from civodesk.clock import ManualClock
from civodesk.meetings.meeting import validate_meeting
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields

START = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _meeting_with_badge(services: Services, margin_days: int) -> tuple[str, str, str]:
    fields = meeting_fields(
        starts_at=START, ends_at=START + timedelta(hours=2), badge_margin_days=margin_days
    )
    meeting = services.meetings.create_meeting(fields).meeting_id
    services.participants.register_many(meeting, [ParticipantFields("Awa", "Diallo")], "")
    services.checkin.issue_badges(meeting)
    (badge,) = services.checkin.list_badges(meeting)
    return meeting, badge.token, badge.manual_code


def test_a_badge_admits_until_the_end_plus_the_margin_then_is_refused_as_expired(
    services: Services, clock: ManualClock
) -> None:
    clock.value_ms = _ms(START - timedelta(days=20))  # printed weeks ahead
    meeting, token, code = _meeting_with_badge(services, margin_days=1)
    end_of_validity = START + timedelta(hours=2, days=1)

    clock.value_ms = _ms(end_of_validity)
    assert services.checkin.verify(meeting, token).outcome is ScanOutcome.ACCEPTED
    clock.advance(1)
    for text in (token, code):
        refused = services.checkin.verify(meeting, text)
        assert refused.reason is RefusalReason.EXPIRED
        assert refused.message == (
            "Badge expiré : la réunion de ce badge est terminée. "
            "Il était valable jusqu'au 11/03/2026 à 20:00."
        )
    scanned = services.checkin.scan(meeting, token)
    assert scanned.outcome is ScanOutcome.REFUSED
    assert scanned.reason is RefusalReason.EXPIRED
    assert services.checkin.attendance(meeting).present == 0
    # Found by name, the person can still be admitted: only the badge has expired.
    person = services.checkin.search(meeting, "awa")[0].participant_id
    assert services.checkin.check_in(meeting, person).outcome is ScanOutcome.ACCEPTED


def test_the_margin_is_a_meeting_field_and_moving_the_meeting_moves_the_expiry(
    services: Services, clock: ManualClock
) -> None:
    clock.value_ms = _ms(START)
    meeting, token, _code = _meeting_with_badge(services, margin_days=0)
    clock.value_ms = _ms(START + timedelta(hours=3))
    assert services.checkin.verify(meeting, token).reason is RefusalReason.EXPIRED

    details = services.meetings.get_meeting(meeting)
    assert details.fields.badge_margin_days == 0
    later = meeting_fields(starts_at=START, ends_at=START + timedelta(hours=2), badge_margin_days=2)
    services.meetings.update_meeting(meeting, later)
    assert services.meetings.get_meeting(meeting).fields.badge_margin_days == 2
    assert services.checkin.verify(meeting, token).outcome is ScanOutcome.ACCEPTED


def test_the_margin_is_validated() -> None:
    assert [e.field for e in validate_meeting(meeting_fields(badge_margin_days=-1))] == [
        "badge_margin_days"
    ]
    assert validate_meeting(meeting_fields(badge_margin_days=0)) == []
