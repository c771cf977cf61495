"""The server makes the minutes of a synced meeting with the desk's code: the same bytes."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

from civodesk.facilitation.agenda_run import DecisionFields, DecisionKind
from civodesk.ideas.idea import IdeaFields, IdeaSource
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.service import MinutesService
from civodesk.participants.participant import ParticipantFields
from civodesk.voting import NO, YES
from civodesk.voting.service import BallotIntake
from civodesk.voting.vote import Origin, VoteOption, VoteSetup, yes_no_options
from sync.protocol import MEETINGS_PATH
from sync.server.cli import main as server_main
from tests.factories import AGENDA, meeting_fields
from tests.sync.journal_data import SyncDesk
from tests.sync.server_api import ServerApi

DeskFactory = Callable[..., SyncDesk]


def _closed_meeting(desk: SyncDesk) -> str:
    services = desk.services
    meeting = services.meetings.create_meeting(
        meeting_fields(
            title="Conseil municipal", president="Josée Ngô", secretaries=("Loïc Hébert",)
        ),
        AGENDA,
    ).meeting_id
    services.participants.register_many(
        meeting,
        [
            ParticipantFields("Éloïse", "Nguyễn", commune="Mana"),
            ParticipantFields("Żaneta", "Ørsted", commune="Saül"),
            ParticipantFields("Kévin", "Œuvray", commune="Mana"),
        ],
    )
    services.meetings.open_meeting(meeting)
    present = services.participants.list_participants(meeting)[:2]
    for person in present:
        desk.clock.advance(60_000)
        services.checkin.check_in(meeting, person.id)
    _vote(desk, meeting, [YES, NO], secret=False, method="yes_no_abstain")
    _vote(desk, meeting, [frozenset({"a"}), frozenset({"a", "b"})], secret=True, method="approval")
    _facilitate(desk, meeting, present[0].id)
    services.meetings.close_meeting(meeting)
    return meeting


def _facilitate(desk: SyncDesk, meeting: str, author_id: str) -> None:
    """A cluster, supports, a merge, a signed idea, notes, a decision and an action."""
    ideas = desk.services.ideas
    shade = ideas.capture(meeting, IdeaFields("Des bancs à l'ombre")).created_ids[0]
    same = ideas.capture(meeting, IdeaFields("Bancs ombragés", IdeaSource.POSTIT)).created_ids[0]
    ideas.capture(meeting, IdeaFields("Un abri à vélos", author_id=author_id))
    ideas.set_support_count(meeting, shade, 6)
    ideas.support(meeting, same, 2)
    ideas.create_cluster(meeting, "Ombre", [shade, same])
    ideas.merge(meeting, [shade, same])
    facilitation = desk.services.facilitation
    item = facilitation.board(meeting).items[0].item_id
    facilitation.set_notes(meeting, item, "Débat sur l'ombre de la place.")
    facilitation.record_decision(meeting, DecisionFields("Chiffrer les bancs", agenda_item_id=item))
    facilitation.record_decision(
        meeting,
        DecisionFields(
            "Demander un devis", DecisionKind.ACTION, item, "Services techniques", date(2027, 2, 1)
        ),
    )


def _vote(desk: SyncDesk, meeting: str, ballots: list[object], **setup: object) -> None:
    """A vote cast by the people present and closed: public ballots or a sealed secret box."""
    services = desk.services
    options = (
        yes_no_options()
        if setup["method"] == "yes_no_abstain"
        else (VoteOption("a", "Kiosque"), VoteOption("b", "Fontaine"))
    )
    question = f"Délibération {setup['method']}"
    vote = services.votes.create_vote(
        meeting,
        VoteSetup(question=question, options=options, **setup),  # type: ignore[arg-type]
    ).created_ids[0]
    services.votes.open_vote(meeting, vote)
    people = services.participants.list_participants(meeting)
    for person, ballot in zip(people, ballots, strict=False):
        desk.clock.advance(1_000)
        services.votes.cast(meeting, vote, BallotIntake(ballot, Origin.DESK, person.id))  # type: ignore[arg-type]
    services.votes.close_vote(meeting, vote)


def test_the_servers_minutes_are_the_desks_bytes(
    server_api: ServerApi, sync_desk_factory: DeskFactory, tmp_path: Path
) -> None:
    desk = sync_desk_factory("mairie")
    meeting = _closed_meeting(desk)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())
    desks = MinutesService(desk.services.database)

    for kind, lang in ((MinutesKind.COMPTE_RENDU, "fr"), (MinutesKind.PROCES_VERBAL, "en")):
        response = server_api.client.get(
            f"{MEETINGS_PATH}/{meeting}/minutes.pdf",
            params={"kind": kind.value, "lang": lang},
            headers=device.headers,
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        expected = desks.render(meeting, MinutesOptions(kind=kind, language=lang)).pdf
        assert response.content == expected

    pdf = tmp_path / "pv.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Éloïse" in text
    assert "NGUYỄN" in text
    assert "Délibération yes_no_abstain" in text  # the votes, counted on the server's tables
    assert "Kiosque" in text
    assert "Débat sur l'ombre de la place." in text  # facilitation, read from the server's tables
    assert "Ombre — 1 idea, 8 supports" in " ".join(text.split())
    assert "Services techniques" in text


def test_minutes_of_another_organization_answer_as_for_an_unknown_meeting(
    server_api: ServerApi, sync_desk_factory: DeskFactory
) -> None:
    desk = sync_desk_factory("mairie")
    meeting = _closed_meeting(desk)
    owner = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(owner, desk.events())
    stranger_desk = sync_desk_factory("awala")
    stranger = server_api.enroll(
        server_api.organization("Commune d'Awala"), stranger_desk.device_id
    )
    refused = server_api.client.get(
        f"{MEETINGS_PATH}/{meeting}/minutes.pdf", headers=stranger.headers
    )
    missing = server_api.client.get(
        f"{MEETINGS_PATH}/01234567-89ab-7def-8123-456789abcdef/minutes.pdf", headers=owner.headers
    )
    assert missing.status_code == 404
    assert refused.status_code == 404
    assert refused.json() == missing.json()  # nothing tells the stranger the meeting exists


def test_server_command_writes_the_same_pdf(
    server_api: ServerApi, sync_desk_factory: DeskFactory, tmp_path: Path
) -> None:
    desk = sync_desk_factory("mairie")
    meeting = _closed_meeting(desk)
    device = server_api.enroll(server_api.organization("Commune de Mana"), desk.device_id)
    server_api.push(device, desk.events())
    out = tmp_path / "cr.pdf"
    code = server_main(
        [
            "minutes",
            "--database-url",
            server_api.settings.database_url,
            "--meeting",
            meeting,
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert (
        out.read_bytes()
        == MinutesService(desk.services.database).render(meeting, MinutesOptions()).pdf
    )
