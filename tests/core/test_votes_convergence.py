"""Property: desks that take votes offline agree on every vote table and result once they have
the same events, whatever was cast where and in whatever order the events travelled; a person
accepted by two desks is flagged on every desk, and no ballot is lost or counted twice by a merge.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civodesk.participants.participant import ParticipantFields
from civodesk.voting.service import BallotIntake, VoteStateError
from civodesk.voting.vote import Origin, VoteOption, VoteSetup
from civodesk.voting.voters import AlreadyVotedError
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.core.test_convergence_property import _deliver
from tests.factories import meeting_fields

PEOPLE = 5
OPTIONS = (VoteOption("a", "A"), VoteOption("b", "B"), VoteOption("c", "C"))


def _outcome(desk: Desk, meeting: str, vote: str) -> tuple[object, ...]:
    outcome = desk.services.votes.outcome(meeting, vote)
    return (
        outcome.result.to_json(),
        sorted(d.mark_event_id for d in outcome.doubles),
        outcome.sealed_ballots,
        outcome.marks,
        outcome.named,
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_vote_desks_converge_and_flag_double_votes(data: st.DataObject) -> None:
    directory = Path(tempfile.mkdtemp(prefix="civodesk-votes-"))
    a = open_desk(directory / "a.db", "a")
    b = open_desk(directory / "b.db", "b", start_ms=1_764_150_000_000 - 5_000)
    c = open_desk(directory / "c.db", "c")
    try:
        services = a.services
        meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
        people = [ParticipantFields(f"P{n}", f"N{n}") for n in range(PEOPLE)]
        ids = list(services.participants.register_many(meeting, people).created_ids)
        for person in ids:
            services.checkin.check_in(meeting, person)
        secret = data.draw(st.booleans(), label="secret")
        setup = VoteSetup("Q ?", "single", OPTIONS, secret=secret)
        vote = services.votes.create_vote(meeting, setup).created_ids[0]
        services.votes.open_vote(meeting, vote)
        send(a, b)
        steps = data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["a", "b", "sync"]),
                    st.integers(0, PEOPLE - 1),
                    st.sampled_from(["a", "b", "c"]),
                ),
                min_size=1,
                max_size=12,
            ),
            label="steps",
        )
        accepted = 0
        for where, person, choice in steps:
            if where == "sync":
                source, target = (a, b) if person % 2 else (b, a)
                send(source, target)
                continue
            desk = a if where == "a" else b
            desk.clock.advance(700)
            try:
                desk.services.votes.cast(
                    meeting, vote, BallotIntake(choice, Origin.KIOSK, ids[person])
                )
                accepted += 1
            except (AlreadyVotedError, VoteStateError):  # voted here already, or closed by sync
                pass
        for desk in data.draw(st.permutations([a, b]), label="closing order"):
            with suppress(VoteStateError):  # closed by the other desk, and nothing to seal here
                desk.services.votes.close_vote(meeting, vote)
        everything = {e.event_id: e for desk in (a, b) for e in desk.events()}
        # c gets the streams one after the other in a random order (a vote's close or a sealed
        # box may arrive before the vote's creation), in random batches.
        streams = data.draw(st.permutations(sorted({e.device_id for e in everything.values()})))
        ordered = sorted(everything.values(), key=lambda e: (streams.index(e.device_id), e.seq))
        sizes = data.draw(st.lists(st.integers(1, 40), max_size=6), label="batches")
        _deliver(c, ordered, sizes)
        send(a, b)
        send(b, a)

        outcomes = [_outcome(desk, meeting, vote) for desk in (a, b, c)]
        assert outcomes[0] == outcomes[1] == outcomes[2]
        dumps = []
        for desk in (a, b, c):
            with desk.database.read() as conn:
                dumps.append(dump_tables(conn))
        assert dumps[0] == dumps[1] == dumps[2]
        result = c.services.votes.outcome(meeting, vote)
        assert result.marks + len(result.doubles) == accepted  # every accepted mark is kept
        assert result.marks == len({ids[i] for where, i, _c in steps if where != "sync"})
        counted = result.result.tally.ballots
        # Secret: both ballots of a double vote are in the sealed boxes; public: the first counts.
        assert counted == (accepted if secret else result.marks)
    finally:
        for desk in (a, b, c):
            desk.close()
        shutil.rmtree(directory, ignore_errors=True)
