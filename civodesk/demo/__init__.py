"""A realistic French demo meeting, so a new install has something to explore.

``create_demo_meeting`` goes through the services like a person would: it creates the meeting and
its agenda, registers the participants (with their consent's purpose) and issues their badges,
notes the ideas in bulk, opens the meeting, groups the ideas on the wall (``demo.facilitation``:
clusters, supports, merged duplicates, notes and decisions), checks the first arrivals in and runs
a few votes (``civodesk.demo.votes``). Later capabilities
extend it with their own data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from civodesk.clock import ms_to_datetime
from civodesk.demo.facilitation import add_demo_minutes, add_demo_wall
from civodesk.demo.generator import generate_ideas, generate_participants, plan_meeting
from civodesk.demo.votes import add_demo_votes
from civodesk.ideas.idea import IdeaFields
from civodesk.services import Services

__all__ = ["create_demo_meeting"]

DEMO_CONSENT_PURPOSE = "l'émargement et le compte-rendu de la réunion"
EARLY_ARRIVALS = 40


def create_demo_meeting(
    services: Services, *, participants: int = 120, ideas: int = 60, seed: int = 1
) -> str:
    """Create and open a demo meeting; the same seed gives the same names, places and ideas."""
    if participants < 0 or ideas < 0:
        raise ValueError("participants and ideas must be zero or more")
    rng = random.Random(seed)
    # From the desk's today, so the badges it prints admit now (they expire after the meeting).
    plan = plan_meeting(rng, ms_to_datetime(services.journal.clock.now_ms()).date())
    meeting_id = services.meetings.create_meeting(plan.fields, plan.agenda).meeting_id
    registered: tuple[str, ...] = ()
    if participants:
        people = generate_participants(rng, plan.host, participants)
        registered = services.participants.register_many(
            meeting_id, people, DEMO_CONSENT_PURPOSE
        ).created_ids
        services.checkin.issue_badges(meeting_id)
    if ideas:
        agenda_ids = [item.id for item in services.meetings.get_meeting(meeting_id).agenda]
        noted = generate_ideas(rng, plan.host, plan.idea_item_indexes, ideas)
        captured = services.ideas.capture_many(
            meeting_id,
            [
                IdeaFields(
                    idea.text,
                    idea.source,
                    None if idea.agenda_index is None else agenda_ids[idea.agenda_index],
                )
                for idea in noted
            ],
        )
    services.meetings.open_meeting(meeting_id)
    if ideas:
        add_demo_wall(services, meeting_id, noted, captured.created_ids, random.Random(seed))
    add_demo_minutes(services, meeting_id, random.Random(seed))
    arrivals: list[str] = []
    if registered:
        arrivals = _check_in_early_arrivals(services, meeting_id, registered, random.Random(seed))
    add_demo_votes(services, meeting_id, arrivals, random.Random(seed + 1))
    return meeting_id


def _check_in_early_arrivals(
    services: Services, meeting_id: str, registered: Sequence[str], rng: random.Random
) -> list[str]:
    """The first arrivals at the door: their badges scanned, one manual code typed.

    Only the arrivals' badges are read, so a 20,000-person demo does not load every badge.
    """
    count = min(len(registered), max(1, len(registered) // 4), EARLY_ARRIVALS)
    arrivals = rng.sample(list(registered), count)
    badges = {
        badge.participant_id: badge for badge in services.checkin.list_badges(meeting_id, arrivals)
    }
    for index, participant_id in enumerate(arrivals):
        badge = badges[participant_id]
        services.checkin.scan(meeting_id, badge.manual_code if index == 0 else badge.token)
    return arrivals
