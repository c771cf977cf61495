"""Vote options taken from the facilitation's ideas and groups (``option_sources``)."""

from __future__ import annotations

from civodesk.ideas.idea import IdeaFields
from civodesk.meetings.meeting import AgendaItemFields
from civodesk.services import Services
from civodesk.voting.option_sources import OptionSource, option_sources, options_from_sources
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteSetup
from tests.factories import meeting_fields


def test_groups_then_ideas_as_the_wall_shows_them_and_they_become_a_vote(
    services: Services,
) -> None:
    agenda = [AgendaItemFields("Mobilités", 20), AgendaItemFields("Budget", 30)]
    meeting = services.meetings.create_meeting(meeting_fields(), agenda).meeting_id
    mobility, budget = (item.id for item in services.meetings.get_meeting(meeting).agenda)
    ideas = services.ideas
    ideas.capture_many(
        meeting,
        [
            IdeaFields("Une piste\n cyclable", agenda_item_id=mobility),
            IdeaFields("Des navettes", agenda_item_id=mobility),
            IdeaFields("Un budget participatif", agenda_item_id=budget),
            IdeaFields("Des bancs"),
            IdeaFields("Plus de bancs"),
        ],
    )
    by_text = {idea.text: idea.id for idea in ideas.list_ideas(meeting)}
    group = ideas.create_cluster(meeting, "Transports").created_ids[0]
    ideas.create_cluster(meeting, "Vide")
    ideas.move_to_cluster(
        meeting, [by_text["Une piste\n cyclable"], by_text["Des navettes"]], group
    )
    ideas.support(meeting, by_text["Des navettes"])
    ideas.merge(meeting, [by_text["Des bancs"], by_text["Plus de bancs"]])
    found = option_sources(ideas.list_ideas(meeting), ideas.clusters(meeting))
    assert found[0] == OptionSource(group, "Transports", True, 2, 1)  # the empty group is left out
    labels = [source.label for source in found[1:]]
    # One line each; the merged idea (« Des bancs », a new idea) replaces its two originals.
    assert labels == ["Une piste cyclable", "Des navettes", "Un budget participatif", "Des bancs"]
    assert found[-1].id not in (by_text["Des bancs"], by_text["Plus de bancs"])
    for_budget = option_sources(ideas.list_ideas(meeting), ideas.clusters(meeting), budget)
    # The budget item: its idea and those of no item (the transport group has none of them).
    assert [s.label for s in for_budget] == ["Un budget participatif", "Des bancs"]

    chosen = [
        source for source in found if source.label in ("Transports", "Un budget participatif")
    ]
    options = options_from_sources(chosen)
    assert [(o.id, o.label) for o in options] == [
        (group, "Transports"),
        (by_text["Un budget participatif"], "Un budget participatif"),
    ]
    vote = services.votes.create_vote(
        meeting, VoteSetup("Quelle priorité ?", "single", options)
    ).created_ids[0]
    services.votes.open_vote(meeting, vote)
    services.votes.cast(meeting, vote, BallotIntake(group, Origin.PAPER))
    assert services.votes.outcome(meeting, vote).result.winners == (group,)
