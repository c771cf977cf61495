"""The demo meeting: realistic, valid, deterministic from its seed, and varied at scale."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civodesk.checkin.scan_reason import RefusalReason
from civodesk.clock import ManualClock, ms_to_datetime
from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.demo.generator import (
    DEMO_PERIOD_DAYS,
    EMAIL_DOMAINS,
    elide_de,
    generate_ideas,
    generate_participants,
    paris_offset,
    plan_meeting,
    with_de,
)
from civodesk.demo.wordlists import communes, first_names, idea_themes, last_names, projects
from civodesk.devices.identity import DeviceIdentity
from civodesk.ideas.idea import IdeaSource
from civodesk.meetings.meeting import MeetingStatus, validate_agenda_item, validate_meeting
from civodesk.participants.participant import validate_participant
from civodesk.services import Services, build_services

DAY = 86_400_000


def demo_snapshot(
    directory: Path, seed: int, participants: int = 200, ideas: int = 100
) -> dict[str, object]:
    """Everything a person would see of a demo meeting made in a fresh database."""
    database = open_database(directory / f"demo-{seed}.db")
    try:
        services = build_services(database, DeviceIdentity.generate("desk"), ManualClock())
        meeting_id = create_demo_meeting(
            services, participants=participants, ideas=ideas, seed=seed
        )
        details = services.meetings.get_meeting(meeting_id)
        people = services.participants.list_participants(meeting_id)
        noted = services.ideas.list_ideas(meeting_id)
        return {
            "fields": details.fields,
            "agenda": [(item.title, item.duration_minutes) for item in details.agenda],
            "people": sorted(
                (p.first_name, p.last_name, p.email, p.phone, p.commune, p.neighbourhood)
                for p in people
            ),
            "ideas": sorted((idea.text, idea.source.value) for idea in noted),
        }
    finally:
        database.close()


def test_demo_meeting_is_open_complete_and_journaled(services: Services) -> None:
    meeting_id = create_demo_meeting(services, participants=150, ideas=80, seed=7)

    details = services.meetings.get_meeting(meeting_id)
    assert details.status is MeetingStatus.OPEN
    assert validate_meeting(details.fields) == []
    assert " — " in details.fields.title
    assert details.fields.organization
    assert details.fields.place
    assert details.fields.description
    assert 2 <= len(details.fields.facilitators) <= 3
    assert 5 <= len(details.agenda) <= 7
    assert all(item.duration_minutes > 0 for item in details.agenda)
    assert details.fields.ends_at - details.fields.starts_at >= timedelta(
        minutes=details.planned_minutes
    )
    assert services.participants.count(meeting_id) == 150
    assert services.ideas.count(meeting_id) == 80
    assert services.journal_tools.verify().ok
    summary = services.meetings.list_meetings()[0]
    assert (summary.id, summary.participant_count) == (meeting_id, 150)


def test_ideas_are_noted_under_agenda_items_of_the_meeting(services: Services) -> None:
    meeting_id = create_demo_meeting(services, participants=0, ideas=200, seed=3)

    agenda_ids = {item.id for item in services.meetings.get_meeting(meeting_id).agenda}
    ideas = services.ideas.list_ideas(meeting_id)
    attached = [idea for idea in ideas if idea.agenda_item_id is not None]
    assert attached, "most ideas belong to a discussion item of the agenda"
    assert {idea.agenda_item_id for idea in attached} <= agenda_ids
    assert {idea.source for idea in ideas} == {IdeaSource.FLOOR, IdeaSource.POSTIT}
    assert services.participants.count(meeting_id) == 0


def test_contacts_are_fake_and_valid(services: Services) -> None:
    meeting_id = create_demo_meeting(services, participants=500, ideas=0, seed=11)

    people = services.participants.list_participants(meeting_id)
    emails = [p.email for p in people if p.email]
    phones = [p.phone for p in people if p.phone]
    assert emails
    assert phones
    assert all(email.rsplit("@", 1)[1] in EMAIL_DOMAINS for email in emails)
    assert all(re.fullmatch(r"06 00 \d\d \d\d \d\d", phone) for phone in phones)
    assert all(re.fullmatch(r"[a-z0-9.-]+@[a-z.]+", email) for email in emails)
    assert len({p.commune for p in people}) > 1


def test_same_seed_gives_the_same_meeting_and_another_seed_another(tmp_path: Path) -> None:
    first = demo_snapshot(tmp_path / "a", seed=42)
    again = demo_snapshot(tmp_path / "b", seed=42)
    other = demo_snapshot(tmp_path / "c", seed=43)

    assert first == again
    assert first["people"] != other["people"]
    assert first["ideas"] != other["ideas"]
    assert first["fields"] != other["fields"]


def test_two_thousand_participants_have_varied_names() -> None:
    rng = random.Random(5)
    host = plan_meeting(rng).host
    people = generate_participants(rng, host, 2000)

    full_names = {(p.first_name, p.last_name) for p in people}
    assert len(full_names) >= 0.95 * len(people)
    assert len({p.first_name for p in people}) >= 150
    assert len({p.last_name for p in people}) >= 200
    assert any("-" in p.first_name for p in people)  # compound first names
    assert any(p.last_name.startswith(("de ", "d'", "du ")) for p in people)  # particles
    assert all(validate_participant(p) == [] for p in people)


def test_thousand_ideas_are_varied_and_plausible() -> None:
    rng = random.Random(9)
    plan = plan_meeting(rng)
    ideas = generate_ideas(rng, plan.host, plan.idea_item_indexes, 1000)

    texts = [idea.text for idea in ideas]
    assert len(set(texts)) >= 0.95 * len(texts)
    assert all(text[0].isupper() for text in texts)
    assert all("{" not in text and "  " not in text for text in texts)
    floor_ideas = [idea.text for idea in ideas if idea.source is IdeaSource.FLOOR]
    assert all(text.endswith((".", "?")) for text in floor_ideas)
    assert not any(" de installer" in text or " de aménager" in text for text in texts)


def test_five_thousand_ideas_stay_mostly_distinct() -> None:
    rng = random.Random(1)
    plan = plan_meeting(rng)
    texts = [idea.text for idea in generate_ideas(rng, plan.host, plan.idea_item_indexes, 5000)]
    assert len(set(texts)) >= 0.9 * len(texts)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_every_seed_plans_a_valid_meeting(seed: int) -> None:
    plan = plan_meeting(random.Random(seed))

    assert validate_meeting(plan.fields) == []
    assert all(validate_agenda_item(item) == [] for item in plan.agenda)
    assert 5 <= len(plan.agenda) <= 7
    assert plan.idea_item_indexes, "every demo agenda has an item where ideas are noted"
    assert plan.fields.starts_at.weekday() != 6
    assert plan.host.name in plan.fields.place


def test_word_lists_are_large_and_cover_the_territories() -> None:
    assert len(first_names()) >= 150
    assert len(set(first_names())) == len(first_names())
    assert len(last_names()) >= 200
    assert len(set(last_names())) == len(last_names())
    territories = {commune.territory for commune in communes()}
    assert {"Guyane", "La Réunion", "Mayotte", "Finistère", "Savoie"} <= territories
    assert all(commune.neighbourhoods and all(commune.neighbourhoods) for commune in communes())
    assert len(projects()) >= 20
    assert all((theme.located or theme.general) and theme.reasons for theme in idea_themes())
    assert sum(len(theme.located) + len(theme.general) for theme in idea_themes()) >= 80


def test_french_elision_of_place_names_and_verbs() -> None:
    assert with_de("Ajaccio") == "d'Ajaccio"
    assert with_de("Le Tampon") == "du Tampon"
    assert with_de("Les Abymes") == "des Abymes"
    assert with_de("Gap") == "de Gap"
    assert with_de("Haguenau") == "de Haguenau"
    assert elide_de("installer des bancs") == "d'installer des bancs"
    assert elide_de("créer un verger") == "de créer un verger"


def test_metropolitan_times_follow_paris_legal_time() -> None:
    paris = ZoneInfo("Europe/Paris")
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=paris)
        assert paris_offset(day) == noon.utcoffset(), day
        day += timedelta(days=1)


def test_negative_counts_are_refused(services: Services) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        create_demo_meeting(services, participants=-1)
    assert services.meetings.list_meetings() == []


def test_the_demo_meeting_is_held_from_the_desks_today_and_its_badges_admit(
    services: Services, clock: ManualClock
) -> None:
    today = ms_to_datetime(clock.now_ms()).date()
    meeting_id = create_demo_meeting(services, participants=30, ideas=0, seed=3)

    fields = services.meetings.get_meeting(meeting_id).fields
    assert today <= fields.starts_at.date() <= today + timedelta(days=DEMO_PERIOD_DAYS)
    assert services.checkin.attendance(meeting_id).present > 0  # the early arrivals' scans
    badge = services.checkin.list_badges(meeting_id)[0]
    assert services.checkin.verify(meeting_id, badge.token).reason is None
    clock.value_ms = int(fields.ends_at.timestamp() * 1000) + (fields.badge_margin_days + 1) * DAY
    assert services.checkin.verify(meeting_id, badge.token).reason is RefusalReason.EXPIRED
