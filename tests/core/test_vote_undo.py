"""Undo and redo of vote actions through ``civodesk.undo``: a draft's setup, the reveal and the
tallies come back; an opening, a ballot and a close say why they cannot."""

from __future__ import annotations

import pytest

from civodesk.features import registry
from civodesk.journal.rebuild import rebuild_projections
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.undo import UndoHistory
from civodesk.voting.commands import CannotUndoError
from civodesk.voting.service import BallotIntake
from civodesk.voting.tally import Tally
from civodesk.voting.vote import Origin, VoteSetup, yes_no_options
from tests.factories import meeting_fields

SETUP = VoteSetup("Adopter le budget ?", "yes_no_abstain", yes_no_options(), secret=True)


def _meeting(services: Services) -> tuple[str, list[str]]:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = list(
        services.participants.register_many(
            meeting, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")]
        ).created_ids
    )
    for person in people:
        services.checkin.check_in(meeting, person)
    return meeting, people


def _rebuild(services: Services) -> None:
    with services.database.write() as conn:
        rebuild_projections(conn, registry)


def _history(services: Services, meeting: str) -> UndoHistory:
    history = UndoHistory(services.execute)
    history.scope = meeting
    return history


def test_setting_up_a_vote_is_undone_with_a_warning_and_redone(services: Services) -> None:
    meeting, _people = _meeting(services)
    history = _history(services, meeting)
    change = services.votes.create_vote(meeting, SETUP)
    history.record(change)
    vote = change.created_ids[0]
    assert history.undo_label == "Préparer un vote"
    assert history.undo_destroys  # the window asks before removing the draft
    history.undo()
    assert services.votes.list_votes(meeting) == []
    history.redo()
    assert [v.id for v in services.votes.list_votes(meeting)] == [vote]
    history.record(services.votes.remove_vote(meeting, vote))
    assert not history.undo_destroys  # undoing a removal brings the draft back
    history.undo()
    assert [v.id for v in services.votes.list_votes(meeting)] == [vote]
    history.redo()
    assert services.votes.list_votes(meeting) == []
    _rebuild(services)  # removal and restoration replay in causal order
    assert services.votes.list_votes(meeting) == []
    history.undo()
    _rebuild(services)
    assert [v.id for v in services.votes.list_votes(meeting)] == [vote]


def test_tallies_and_the_reveal_are_undone_ballots_and_the_close_are_final(
    services: Services,
) -> None:
    meeting, people = _meeting(services)
    history = _history(services, meeting)
    vote = services.votes.create_vote(meeting, SETUP).created_ids[0]
    history.record(services.votes.open_vote(meeting, vote))
    with pytest.raises(CannotUndoError, match="ne revient pas en préparation"):
        history.undo()
    assert history.undo_label == "Ouvrir le vote"  # still there: it keeps explaining

    history.record(services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"yes": 1})))
    history.record(services.votes.record_tally(meeting, vote, Origin.HANDS, Tally({"no": 2})))
    figures = lambda: {  # noqa: E731
        option: dict(services.votes.outcome(meeting, vote).result.figures[option])["votes"]
        for option in ("yes", "no")
    }
    assert figures() == {"yes": 0, "no": 2}
    history.undo()
    assert figures() == {"yes": 1, "no": 0}  # the earlier count is back
    history.undo()
    assert figures() == {"yes": 0, "no": 0}  # no show of hands any more
    history.redo()
    assert figures() == {"yes": 1, "no": 0}

    receipt = services.votes.cast(meeting, vote, BallotIntake("no", Origin.KIOSK, people[0]))
    history.record(receipt.change)
    with pytest.raises(CannotUndoError, match="rien ne relie le bulletin à la personne"):
        history.undo()
    assert figures() == {"yes": 1, "no": 1}  # the tally under it was not undone either

    history.record(services.votes.close_vote(meeting, vote))
    history.record(services.votes.reveal(meeting, vote))
    history.undo()
    assert not services.votes.outcome(meeting, vote).vote.revealed
    history.redo()
    assert services.votes.outcome(meeting, vote).vote.revealed
    history.undo()
    with pytest.raises(CannotUndoError, match="Un vote clos ne se rouvre pas"):
        history.undo()
    assert services.votes.outcome(meeting, vote).vote.status.value == "closed"
