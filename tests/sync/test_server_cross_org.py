"""Organization A's credential against organization B, on SQLite and PostgreSQL.

A reads B's meeting, pushes into it, edits B's rows by naming their ids from its own meeting,
squats B's participant and meeting ids, and reuses B's event ids. None of it succeeds, B's
meeting keeps syncing, and every refusal reads as it would for an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from civodesk.features import registry
from civodesk.ids import new_id, new_meeting_id
from civodesk.journal.event import JournalEvent
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import ingest_events
from civodesk.voting.handlers import VOTE_CREATED
from civodesk.voting.results import vote_outcome
from civodesk.voting.tally import Tally
from civodesk.voting.vote import Origin
from sync.protocol import MEETINGS_PATH, PushResponse, RejectionCode
from tests.sync.hostile_events import Step, chain, clean_story
from tests.sync.journal_data import SyncDesk, fill_meeting, open_sync_desk
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[[str], SyncDesk]
VIEWS = ("", "/attendance", "/agenda", "/ideas", "/proxies", "/checkins", "/events/summary",
         "/fingerprint")  # fmt: skip


@dataclass
class Rivals:
    api: ServerApi
    mana: EnrolledDevice  # organization A: the attacker
    awala: EnrolledDevice  # organization B
    awala_desk: SyncDesk
    awala_meeting: str
    mana_meeting: str
    mana_steps: list[Step]
    awala_ids: dict[str, str]
    mana_event_ids: list[str]

    def awala_views(self) -> list[Any]:
        return [
            self.api.client.get(
                f"{MEETINGS_PATH}/{self.awala_meeting}{view}", headers=self.awala.headers
            ).json()
            for view in VIEWS
        ]

    def mana_push(self, steps: list[Step], meeting_id: str | None = None) -> PushResponse:
        """A's desk pushes its own stream (its device) in a meeting (its own by default)."""
        events = chain(meeting_id or self.mana_meeting, self.mana.device_id, steps)
        return self.api.push(self.mana, events)


@pytest.fixture
def rivals(server_api: ServerApi, sync_desk_factory: DeskFactory) -> Rivals:
    awala_desk = sync_desk_factory("awala")
    meeting = fill_meeting(awala_desk, participants=4, idea_count=2, seed=5)
    services = awala_desk.services
    participant = next(
        e.payload["participant_id"]
        for e in awala_desk.events(meeting)
        if e.type == "participant.registered"
    )
    services.checkin.issue_badges(meeting)
    awala = server_api.enroll(server_api.organization("Commune d'Awala"), awala_desk.device_id)
    mana = server_api.enroll(server_api.organization("Commune de Mana"), "mana-desk")
    assert not server_api.push(awala, awala_desk.events()).rejected
    story = clean_story(mana.device_id)
    idea = next(
        e.payload["idea_id"] for e in awala_desk.events(meeting) if e.type == "idea.captured"
    )
    item = next(
        e.payload["item_id"] for e in awala_desk.events(meeting) if e.type == "agenda_item.added"
    )
    ids = {"participant": participant, "idea": idea, "item": item}
    mana_events = story.events()
    assert not server_api.push(mana, mana_events).rejected
    return Rivals(
        server_api,
        mana,
        awala,
        awala_desk,
        meeting,
        story.meeting_id,
        story.steps,
        ids,
        [event.event_id for event in mana_events],
    )


def _without_ids(answer: PushResponse) -> list[tuple[str, str, bool]]:
    return sorted((r.code, r.reason, r.retryable) for r in answer.rejected)


def test_reads_of_the_other_organizations_meeting_answer_as_for_an_unknown_one(
    rivals: Rivals,
) -> None:
    unknown = new_meeting_id("nobody")
    for view in VIEWS:
        theirs = rivals.api.client.get(
            f"{MEETINGS_PATH}/{rivals.awala_meeting}{view}", headers=rivals.mana.headers
        )
        absent = rivals.api.client.get(
            f"{MEETINGS_PATH}/{unknown}{view}", headers=rivals.mana.headers
        )
        assert theirs.status_code == absent.status_code == 404
        assert theirs.text.replace(rivals.awala_meeting, unknown) == absent.text
    listing = rivals.api.client.get(MEETINGS_PATH, headers=rivals.mana.headers).json()
    assert rivals.awala_meeting not in str(listing)
    events, _cursor = rivals.api.pull_all(rivals.api.enroll("Commune de Mana", "mana-2"))
    assert rivals.awala_meeting not in {event.meeting_id for event in events}


def test_pushes_into_the_other_organizations_meeting_read_as_for_an_unknown_one(
    rivals: Rivals,
) -> None:
    before = rivals.awala_views()
    joined, _created, *rest = rivals.mana_steps
    stray = [joined, *rest[:6]]
    into_theirs = rivals.mana_push(stray, rivals.awala_meeting)
    into_nothing = rivals.mana_push(stray, new_meeting_id("nobody"))
    assert into_theirs.accepted == into_nothing.accepted == 0
    assert _without_ids(into_theirs) == _without_ids(into_nothing)
    assert {r.code for r in into_theirs.rejected} == {RejectionCode.MISSING_DEPENDENCY}
    assert rivals.awala_views() == before


def test_a_forged_creation_of_the_other_organizations_meeting_is_refused(rivals: Rivals) -> None:
    before = rivals.awala_views()
    forged = rivals.mana_push(rivals.mana_steps[:5], rivals.awala_meeting)
    unknown = rivals.mana_push(rivals.mana_steps[:5], new_meeting_id("another-desk"))
    assert forged.accepted == unknown.accepted == 0
    assert _without_ids(forged) == _without_ids(unknown)
    assert {r.code for r in forged.rejected} == {RejectionCode.FOREIGN_MEETING}
    assert rivals.awala_views() == before


def test_a_meeting_id_read_off_a_badge_cannot_be_squatted_before_its_owner_syncs(
    rivals: Rivals,
) -> None:
    desk = rivals.awala_desk
    fresh = fill_meeting(desk, participants=2, idea_count=1, seed=8)  # not pushed yet
    squat = rivals.mana_push(rivals.mana_steps[:4], fresh)
    assert squat.accepted == 0
    assert {r.code for r in squat.rejected} == {RejectionCode.FOREIGN_MEETING}
    answer = rivals.api.push(rivals.awala, desk.events(fresh))
    assert not answer.rejected
    assert answer.accepted == len(desk.events(fresh))


def test_edits_naming_the_other_organizations_rows_change_nothing_there(rivals: Rivals) -> None:
    """From A's own meeting, edits and scans naming B's ids answer as for ids that do not exist."""
    before = rivals.awala_views()
    ids = rivals.awala_ids

    def edits(participant: str, idea: str, item: str) -> list[Step]:
        return [
            ("participant.edited", {"participant_id": participant, "base": None, "changes": {"commune": "INJECTÉ"}}, None),
            ("idea.edited", {"idea_id": idea, "base": None, "changes": {"text": "INJECTÉ", "removed": True}}, None),
            ("agenda_item.edited", {"item_id": item, "base": None, "changes": {"title": "INJECTÉ"}}, None),
            ("checkin.scanned", {"participant_id": participant, "method": "qr", "accepted": True, "reason": "", "excerpt": ""}, None),
            ("badge.revoked", {"participant_id": participant, "serial": 1}, None),
            ("checkin.checked_out", {"participant_id": participant, "method": "desk"}, None),
        ]  # fmt: skip

    theirs = _continue_mana_stream(rivals, edits(ids["participant"], ids["idea"], ids["item"]))
    absent = _continue_mana_stream(rivals, edits(new_id(), new_id(), new_id()))
    assert not theirs.rejected
    assert not absent.rejected
    assert theirs.accepted == absent.accepted == 6
    assert rivals.awala_views() == before


def test_an_edit_cannot_move_a_row_into_another_meeting(rivals: Rivals) -> None:
    """The seen attack: ``changes`` naming B's meeting. Refused before any handler runs."""
    before = rivals.awala_views()
    participant = rivals.mana_steps[4][1]["participant_id"]
    answer = _continue_mana_stream(
        rivals,
        [("participant.edited", {"participant_id": participant, "base": None, "changes": {"meeting_id": rivals.awala_meeting}}, None)],
    )  # fmt: skip
    assert [r.code for r in answer.rejected] == [RejectionCode.INVALID_EVENT]
    assert "meeting_id" in answer.rejected[0].reason
    assert rivals.awala_meeting not in answer.rejected[0].reason
    assert rivals.awala_views() == before


def test_a_squatted_participant_id_never_blocks_the_owner(rivals: Rivals) -> None:
    """A registers, in its own meeting, the id of a person B registered offline (read off a
    badge) before B syncs; B's registration and everything after it still get in."""
    desk = rivals.awala_desk
    fill_meeting(desk, rivals.awala_meeting, participants=2, idea_count=0, seed=11)
    newcomer = [
        e.payload["participant_id"]
        for e in desk.events(rivals.awala_meeting)
        if e.type == "participant.registered"
    ][-1]
    squat = _continue_mana_stream(
        rivals, [("participant.registered", {"participant_id": newcomer, "commune": "Mana"}, None)]
    )
    assert squat.accepted == 1  # harmless: a row of A's own meeting
    answer = rivals.api.push(rivals.awala, desk.events())
    assert not answer.rejected
    assert answer.accepted == 2
    attendance = rivals.awala_views()[1]
    assert attendance["registered"] == 6


def test_a_reused_event_id_of_the_other_organization_is_a_conflict(rivals: Rivals) -> None:
    theirs = rivals.awala_desk.events(rivals.awala_meeting)[-1]
    idea: Step = ("idea.captured", {"idea_id": new_id(), "text": "Un marché"}, None)
    answer = rivals.api.push(rivals.mana, _mana_stream(rivals, [idea], [theirs.event_id]))
    assert answer.duplicate == 0
    assert [r.code for r in answer.rejected] == [RejectionCode.EVENT_ID_CONFLICT]
    awala_reader = rivals.api.enroll("Commune d'Awala", "awala-2")
    rivals.api.join(awala_reader, rivals.awala_meeting)
    pulled, _cursor = rivals.api.pull_all(awala_reader)
    assert theirs in pulled


def test_the_other_organization_keeps_syncing_after_every_attack(
    rivals: Rivals, tmp_path: Path
) -> None:
    test_edits_naming_the_other_organizations_rows_change_nothing_there(rivals)
    test_a_forged_creation_of_the_other_organizations_meeting_is_refused(rivals)
    desk = rivals.awala_desk
    fill_meeting(desk, rivals.awala_meeting, participants=3, idea_count=2, seed=12)
    answer = rivals.api.push(rivals.awala, desk.events())
    assert not answer.rejected
    assert answer.accepted == 5
    reader = open_sync_desk(tmp_path / "awala-reader.db", "awala-reader")
    try:
        reader_device = rivals.api.enroll("Commune d'Awala", reader.device_id)
        rivals.api.join(reader_device, rivals.awala_meeting)
        events, _cursor = rivals.api.pull_all(reader_device)
        with reader.services.database.write() as conn:
            assert {o.status.value for o in ingest_events(conn, events, registry)} == {"accepted"}
        with reader.services.database.read() as conn:
            mine = meeting_fingerprint(conn, rivals.awala_meeting)
        with desk.services.database.read() as conn:
            theirs = meeting_fingerprint(conn, rivals.awala_meeting)
        assert mine == theirs == rivals.awala_views()[-1]["fingerprint"]
    finally:
        reader.close()


def _mana_stream(rivals: Rivals, steps: list[Step], ids: list[str]) -> list[JournalEvent]:
    """A's stream in its own meeting: what it pushed already, then ``steps`` under ``ids``."""
    return chain(
        rivals.mana_meeting,
        rivals.mana.device_id,
        [*rivals.mana_steps, *steps],
        event_ids=[*rivals.mana_event_ids, *ids],
    )[len(rivals.mana_steps) :]


def _continue_mana_stream(rivals: Rivals, steps: list[Step]) -> PushResponse:
    """Append steps to A's stream in its own meeting (after what was already pushed)."""
    ids = [new_id() for _step in steps]
    answer = rivals.api.push(rivals.mana, _mana_stream(rivals, steps, ids))
    rivals.mana_steps.extend(steps)
    rivals.mana_event_ids.extend(ids)
    return answer


def test_a_squatted_vote_id_never_blocks_the_owner_nor_joins_its_count(rivals: Rivals) -> None:
    """A's meeting already holds a vote (opened, a mark, a tally, a sealed box) under an id
    that B then uses for its own vote (a vote id is printed on the paper ballots): B's vote gets
    in, and B's count holds B's votes only."""
    squatted = next(step[1]["vote_id"] for step in rivals.mana_steps if step[0] == VOTE_CREATED)
    desk = rivals.awala_desk
    services = desk.services
    meeting = rivals.awala_meeting
    for person in services.participants.list_participants(meeting)[:2]:
        desk.clock.advance(1_000)
        services.checkin.check_in(meeting, person.id)
    with services.database.write() as conn:
        services.journal.append(
            conn,
            meeting,
            VOTE_CREATED,
            {
                "vote_id": squatted,
                "agenda_item_id": None,
                "question": "Ouvre-t-on la salle le dimanche ?",
                "method": "yes_no_abstain",
                "options": [{"id": "yes", "label": "Pour"}, {"id": "no", "label": "Contre"}],
                "rules": None,
                "secret": False,
                "projector_live": False,
                "meeting_quorum": False,
            },
        )
    services.votes.open_vote(meeting, squatted)
    services.votes.record_tally(meeting, squatted, Origin.HANDS, Tally({"yes": 2}))
    services.votes.close_vote(meeting, squatted)
    answer = rivals.api.push(rivals.awala, desk.events())
    assert not answer.rejected
    with rivals.api.database.read() as conn:
        theirs = vote_outcome(conn, meeting, squatted)
        ours = vote_outcome(conn, rivals.mana_meeting, squatted)
    assert theirs.marks == 0
    assert theirs.sealed_ballots == 0
    assert theirs.result.tally.ballots == 2
    assert theirs.result.tally.spoiled == 0
    assert theirs.result.figures["yes"]["votes"] == 2
    assert theirs.vote.question == "Ouvre-t-on la salle le dimanche ?"
    assert ours.marks == 1  # A's own vote is untouched
    assert ours.vote.question != theirs.vote.question
