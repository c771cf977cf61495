"""The server's view of a meeting's votes, on SQLite and PostgreSQL: the results the desk counts,
counted on the server by the same ``civodesk.voting`` code, for the organization's own credential
only; and ``civodesk-server votes``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from civodesk.ids import new_meeting_id
from civodesk.participants.participant import ParticipantFields
from civodesk.voting.service import BallotIntake
from civodesk.voting.tally import Tally
from civodesk.voting.vote import Origin, VoteOption, VoteSetup, yes_no_options
from sync.protocol import MEETINGS_PATH
from sync.server import cli
from tests.sync.journal_data import SyncDesk, fill_meeting
from tests.sync.server_api import EnrolledDevice, ServerApi

DeskFactory = Callable[..., SyncDesk]
PEOPLE = [("Hélène", "Dupré"), ("Jean", "Martin"), ("Awa", "Diallo"), ("Louis", "Petit")]
OPTIONS = (VoteOption("parc", "Un parc"), VoteOption("piste", "Une piste"))


@dataclass
class VotedMeeting:
    api: ServerApi
    device: EnrolledDevice
    desk: SyncDesk
    meeting_id: str
    secret: str
    public: str
    draft: str


@pytest.fixture
def voted(server_api: ServerApi, sync_desk_factory: DeskFactory) -> VotedMeeting:
    """A secret yes/no vote (kiosk and hands) closed and revealed, a public approval vote left
    open, and a vote still in preparation, pushed by the desk."""
    desk = sync_desk_factory("accueil")
    services = desk.services
    meeting = fill_meeting(desk, participants=0, idea_count=0)
    people = list(
        services.participants.register_many(
            meeting, [ParticipantFields(first, last) for first, last in PEOPLE]
        ).created_ids
    )
    for person in people:
        desk.clock.advance(1_000)
        services.checkin.check_in(meeting, person)
    votes = services.votes
    secret = votes.create_vote(
        meeting, VoteSetup("Adopter le budget ?", "yes_no_abstain", yes_no_options())
    ).created_ids[0]
    votes.open_vote(meeting, secret)
    votes.cast(meeting, secret, BallotIntake("yes", Origin.KIOSK, people[0]))
    votes.cast(meeting, secret, BallotIntake("no", Origin.KIOSK, people[1]))
    votes.record_tally(meeting, secret, Origin.HANDS, Tally({"yes": 1}, blank=1))
    votes.close_vote(meeting, secret)
    votes.reveal(meeting, secret)
    public_setup = VoteSetup("Quels aménagements ?", "approval", OPTIONS, secret=False)
    public = votes.create_vote(meeting, public_setup).created_ids[0]
    votes.open_vote(meeting, public)
    votes.cast(meeting, public, BallotIntake({"parc", "piste"}, Origin.DESK, people[2]))
    votes.cast(meeting, public, BallotIntake({"parc"}, Origin.DESK, people[3]))
    draft = votes.create_vote(
        meeting, VoteSetup("Classez les jours", "borda", OPTIONS)
    ).created_ids[0]
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    assert not server_api.push(device, desk.events()).rejected
    return VotedMeeting(server_api, device, desk, meeting, secret, public, draft)


def _get(voted: VotedMeeting, meeting_id: str, device: EnrolledDevice) -> tuple[int, str]:
    response = voted.api.client.get(f"{MEETINGS_PATH}/{meeting_id}/votes", headers=device.headers)
    return response.status_code, response.text


def test_the_server_counts_every_vote_as_the_desk_does(voted: VotedMeeting) -> None:
    status, text = _get(voted, voted.meeting_id, voted.device)
    assert status == 200, text
    body = json.loads(text)
    assert body["meeting_id"] == voted.meeting_id
    listed = {vote["vote_id"]: vote for vote in body["votes"]}
    assert list(listed) == [voted.secret, voted.public, voted.draft]
    desk = {o.vote.id: o for o in voted.desk.services.votes.outcomes(voted.meeting_id)}
    for vote_id in (voted.secret, voted.draft):
        assert listed[vote_id]["result"] == json.loads(json.dumps(desk[vote_id].result.to_dict()))
    secret = listed[voted.secret]
    assert (secret["status"], secret["revealed"], secret["live"]) == ("closed", True, False)
    assert secret["voters"] == 2
    assert secret["result"]["figures"]["yes"]["votes"] == 2
    assert secret["result"]["tally"]["blank"] == 1
    assert secret["result"]["ranking"][0] == ["yes"]
    assert secret["named"] == []
    assert secret["attendance"]["present"] == 4
    public = listed[voted.public]
    assert (public["status"], public["live"]) == ("open", True)
    # The desk's count holds no open box for a public vote: the server's is the same.
    assert public["result"] == json.loads(json.dumps(desk[voted.public].result.to_dict()))
    assert public["result"]["figures"]["parc"]["approvals"] == 2
    ids = {line["participant_id"] for line in public["named"]}
    assert len(ids) == 2
    for first, last in PEOPLE:  # people by id only, as in every server view
        assert first not in text
        assert last not in text
    assert listed[voted.draft]["result"]["tally"]["ballots"] == 0


def test_another_organization_reads_no_vote_of_this_meeting(voted: VotedMeeting) -> None:
    other = voted.api.enroll(voted.api.organization("Commune d'Awala"), "awala-desk")
    unknown = new_meeting_id("nobody")
    theirs = _get(voted, voted.meeting_id, other)
    absent = _get(voted, unknown, other)
    assert theirs[0] == absent[0] == 404
    assert theirs[1].replace(voted.meeting_id, unknown) == absent[1]


def test_the_openapi_document_lists_the_votes_view_and_its_statuses(server_api: ServerApi) -> None:
    schema = server_api.client.get("/openapi.json").json()
    operation = schema["paths"][f"{MEETINGS_PATH}/{{meeting_id}}/votes"]["get"]
    assert {"200", "401", "404", "422"} <= set(operation["responses"])
    assert (
        "VoteList" in operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    )


def test_command_line_votes(voted: VotedMeeting, capsys: pytest.CaptureFixture[str]) -> None:
    url = ["--database-url", voted.api.settings.database_url]
    assert cli.main(["--lang", "fr", "votes", "--meeting", voted.meeting_id, *url]) == 0
    out = capsys.readouterr().out
    assert "Adopter le budget ?" in out
    assert "La proposition est adoptée." in out
    assert "Décompte en cours :" in out  # the public vote is still open
    assert cli.main(["votes", "--meeting", voted.meeting_id, "--json", *url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [vote["id"] for vote in listed] == [voted.secret, voted.public, voted.draft]
    assert listed[0]["result"]["figures"]["yes"]["votes"] == 2
    assert cli.main(["votes", "--meeting", new_meeting_id("nobody"), *url]) == 1
    assert "aucune réunion" in capsys.readouterr().err
