"""The demo meeting's votes: several methods, entry modes and states, with their ballots.

A closed secret yes/no vote cast at the kiosk (revealed), a closed majority judgment on ideas
entered from paper ballots, a closed public single-choice vote by show of hands, a Condorcet
ranking still open with a few ballots in, and an approval vote in preparation. Choices come from
the demo's seeded random generator, so the same seed gives the same results.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from civodesk.services import Services
from civodesk.voting.ballots import BLANK, Ballot
from civodesk.voting.service import BallotIntake
from civodesk.voting.tally import Tally
from civodesk.voting.vote import (
    Origin,
    VoteOption,
    VoteSetup,
    options_from_ideas,
    yes_no_options,
)

PAPER_BALLOTS = 30


def add_demo_votes(
    services: Services, meeting_id: str, present: Sequence[str], rng: random.Random
) -> None:
    votes = services.votes
    agenda = services.meetings.get_meeting(meeting_id).agenda
    item = agenda[len(agenda) // 2].id if agenda else None
    ideas = services.ideas.list_ideas(meeting_id)[:4]

    budget = _open(
        services,
        meeting_id,
        VoteSetup(
            "Approuvez-vous l'inscription du projet au budget participatif ?",
            "yes_no_abstain",
            yes_no_options(),
            {"majority": "absolute", "base": "cast"},
            secret=True,
            agenda_item_id=item,
        ),
    )
    for person in present:
        choices: list[Ballot] = ["yes", "no", "abstain", BLANK]
        choice = rng.choices(choices, weights=[6, 3, 1, 0.3])[0]
        votes.cast(meeting_id, budget, BallotIntake(choice, Origin.KIOSK, person))
    votes.close_vote(meeting_id, budget)
    votes.reveal(meeting_id, budget)

    if len(ideas) >= 2:
        judged = _open(
            services,
            meeting_id,
            VoteSetup(
                "Quelles idées retenir pour l'atelier suivant ?",
                "majority_judgment",
                options_from_ideas(ideas),
                secret=True,
                agenda_item_id=item,
            ),
        )
        leaning = [rng.randint(0, 4) for _idea in ideas]
        for _ballot in range(PAPER_BALLOTS):
            grades: Ballot = {
                idea.id: min(6, max(0, lean + rng.randint(-2, 2)))
                for idea, lean in zip(ideas, leaning, strict=True)
            }
            votes.cast(meeting_id, judged, BallotIntake(grades, Origin.PAPER))
        votes.close_vote(meeting_id, judged)

    slots = (
        VoteOption("mardi", "Mardi soir"),
        VoteOption("jeudi", "Jeudi soir"),
        VoteOption("samedi", "Samedi matin"),
    )
    hands = _open(
        services,
        meeting_id,
        VoteSetup("Quel créneau pour la prochaine réunion ?", "single", slots, secret=False),
    )
    voters = len(present)
    first = rng.randint(0, voters // 2) if voters else 4
    second = rng.randint(0, max(0, voters - first)) if voters else 3
    votes.record_tally(
        meeting_id, hands, Origin.HANDS, Tally({"mardi": first, "jeudi": second, "samedi": 0})
    )
    votes.close_vote(meeting_id, hands)

    if len(ideas) >= 3:
        ranked = _open(
            services,
            meeting_id,
            VoteSetup(
                "Classez les idées par ordre de priorité",
                "schulze",
                options_from_ideas(ideas),
                secret=True,
            ),
        )
        ids = [idea.id for idea in ideas]
        for _ballot in range(12):
            order = ids[:]
            rng.shuffle(order)
            votes.cast(
                meeting_id, ranked, BallotIntake(order[: rng.randint(1, len(order))], Origin.PAPER)
            )

    votes.create_vote(
        meeting_id,
        VoteSetup(
            "Quels thèmes approfondir ? (trois au plus)",
            "approval",
            (
                VoteOption("mobilite", "Mobilités"),
                VoteOption("espaces", "Espaces verts"),
                VoteOption("jeunesse", "Jeunesse"),
                VoteOption("commerces", "Commerces"),
            ),
            {"max_choices": 3},
            secret=False,
        ),
    )


def _open(services: Services, meeting_id: str, setup: VoteSetup) -> str:
    vote_id = services.votes.create_vote(meeting_id, setup).created_ids[0]
    services.votes.open_vote(meeting_id, vote_id)
    return vote_id
