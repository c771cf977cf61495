"""The server makes the minutes of a synced meeting with the desk's code: the same bytes."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.service import MinutesService
from civodesk.participants.participant import ParticipantFields
from sync.protocol import MEETINGS_PATH
from sync.server.cli import main as server_main
from tests.factories import meeting_fields
from tests.sync.journal_data import SyncDesk
from tests.sync.server_api import ServerApi

DeskFactory = Callable[..., SyncDesk]


def _closed_meeting(desk: SyncDesk) -> str:
    services = desk.services
    meeting = services.meetings.create_meeting(
        meeting_fields(
            title="Conseil municipal", president="Josée Ngô", secretaries=("Loïc Hébert",)
        )
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
    for person in services.participants.list_participants(meeting)[:2]:
        desk.clock.advance(60_000)
        services.checkin.check_in(meeting, person.id)
    services.meetings.close_meeting(meeting)
    return meeting


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
