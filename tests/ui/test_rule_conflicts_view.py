"""The facilitator sees a one-per-person rule two desks broke, and resolves it from the list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from civodesk.clock import ManualClock
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.core.desks import Desk, open_desk, send
from tests.identities import remember
from tests.ui.test_sync_page import open_sync_page
from ui.shell.main_window import MainWindow


def test_two_proxies_for_one_absent_person_are_a_conflict_resolved_from_the_sync_page(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    clock: ManualClock,
    meeting_id: str,
    tmp_path: Path,
) -> None:
    people = [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")]
    people.append(ParticipantFields("Hélène", "Dupré"))
    services.participants.register_many(meeting_id, people, "Émargement")
    ids = {p.last_name: p.id for p in services.participants.list_participants(meeting_id)}
    remember(services.device)
    here = Desk(services, clock)
    hall = open_desk(tmp_path / "hall.db", "salle")
    try:
        send(here, hall)
        services.checkin.check_in(meeting_id, ids["Martin"])
        services.checkin.grant_proxy(meeting_id, ids["Diallo"], ids["Martin"])
        hall.clock.advance(60_000)
        hall.services.checkin.check_in(meeting_id, ids["Dupré"])
        hall.services.checkin.grant_proxy(meeting_id, ids["Diallo"], ids["Dupré"])
        send(hall, here)

        page = open_sync_page(qtbot, window, meeting_id)
        assert page.tabs.tabText(2) == "Conflits à revoir (1)"
        page.tabs.setCurrentIndex(2)
        model = page.conflict_model
        assert [model.index(0, column).data() for column in range(4)] == [
            "Procuration",
            "Une seule procuration par personne absente",
            "Jean Martin vote pour Awa Diallo",
            "Hélène Dupré vote pour Awa Diallo",
        ]
        assert services.checkin.attendance(meeting_id).proxies == 1  # she counts once
        assert not page.resolve_button.isEnabled()
        page.conflict_view.selectRow(0)
        assert page.resolve_button.isEnabled()
        assert not page.review_button.isEnabled()  # "seen" is for edits, not for rules
        qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: model.rowCount() == 0)
        assert page.tabs.tabText(2) == "Conflits à revoir"
        assert [p.holder_name for p in services.checkin.list_proxies(meeting_id)] == ["Jean Martin"]
    finally:
        hall.close()
