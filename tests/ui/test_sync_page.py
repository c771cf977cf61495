"""The Synchronisation page and the status-bar indicator, driven like a person would."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from civodesk.i18n import set_language
from civodesk.journal.store import events_table, ingest_events
from civodesk.meetings.meeting import MeetingStatus
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from sync.client import schema, state
from sync.client.messages import stored_rejection
from sync.protocol import RejectionCode
from sync.server.admin import revoke_device
from tests.factories import meeting_fields
from tests.sync.sync_harness import LiveServer, loose_settings, make_desk
from ui.shell.main_window import MainWindow
from ui.sync.scheduler import SyncScheduler
from ui.sync.sync_page import DEFERRED_TAB, SyncPage

SYNC_PAGE = 5
ORG = "Commune de Saint-Georges"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(loose_settings(f"sqlite:///{tmp_path / 'server.db'}")).start()
    live.new_organization(ORG)
    yield live
    live.close()


def open_sync_page(qtbot: QtBot, window: MainWindow, meeting_id: str) -> SyncPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)
    assert window.workspace is not None
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.pages[SYNC_PAGE]
    assert isinstance(page, SyncPage)
    return page


def enroll_through_the_form(qtbot: QtBot, page: SyncPage, url: str, code: str) -> None:
    page.url_edit.setText(url)
    page.code_edit.setText(code)
    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)


def test_a_desk_not_enrolled_says_so_and_checks_the_form(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    assert page.enroll_form.isVisible()
    assert not page.enrolled_row.isVisible()
    assert "aucun serveur" in page.status_label.text()
    assert window.sync_indicator.text_label.text() == "Synchronisation : non configurée"
    assert window.sync_indicator.isVisible()
    assert not page.sync_button.isEnabled()
    assert page.history_stack.currentIndex() == 0  # the empty-state sentence

    page.url_edit.setText("sync.exemple.fr")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert page.enroll_error.isVisible()
    assert "https://" in page.enroll_error.text()
    page.url_edit.setText("https://sync.exemple.fr")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert "code" in page.enroll_error.text()


def test_enroll_then_sync_shows_history_and_status(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer, services: Services
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    page.url_edit.setText(server.url)
    page.code_edit.setText("mauvais-code")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert page.enroll_error.isVisible()
    assert "Code d'inscription refusé" in page.enroll_error.text()

    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))

    assert not page.enroll_form.isVisible()
    assert page.enrolled_row.isVisible()
    assert ORG in page.enrolled_label.text()
    assert "Tous les événements de ce poste sont sur le serveur" in page.status_label.text()
    assert page.history_model.rowCount() == 1
    assert page.history_model.index(0, 1).data() == "Réussie"
    assert window.sync_indicator.text_label.text().startswith("à jour (")
    assert window.sync_indicator.state == "ok"
    assert sorted(server.event_ids()) == sorted(e.event_id for e in make_events_of(services))
    window.grab().save(str(Path("/tmp") / "sync_page.png"))


def make_events_of(services: Services) -> list[object]:
    from civodesk.journal.store import iter_events

    with services.database.read() as conn:
        return list(iter_events(conn))


def test_the_periodic_timer_syncs_on_its_own(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    page.scheduler.set_timing(debounce_ms=60_000, interval_s=1)
    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=10_000) as finished:
        pass
    assert finished.args[0].ok
    assert page.history_model.rowCount() == 2


def test_local_changes_and_the_network_coming_back_trigger_syncs(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer, services: Services
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    page.scheduler.set_timing(debounce_ms=50, interval_s=3600)

    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000) as finished:
        window.context.run_change(
            services.participants.register_many, meeting_id, [ParticipantFields("Awa", "Diallo")]
        )
    assert finished.args[0].pushed == 1
    assert window.sync_indicator.state == "ok"

    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        page.scheduler._on_network_reachability_changed(QNetworkInformation.Reachability.Online)
    assert page.history_model.rowCount() == 3


def test_sync_runs_for_the_whole_session_without_the_sync_page(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer, services: Services
) -> None:
    """From the meeting list, with no Synchronisation page ever built, changes still go up."""
    from sync.client.engine import enroll

    enroll(services, server.url, server.enroll_code(ORG))
    window.show_meeting_list()
    assert window.workspace is None or not window.workspace.built_pages[5:]
    window.sync_scheduler.set_timing(debounce_ms=50, interval_s=3600)
    with qtbot.waitSignal(window.sync_scheduler.sync_finished, timeout=20_000) as finished:
        window.context.run_change(
            services.participants.register_many, meeting_id, [ParticipantFields("Léa", "Martin")]
        )
    assert finished.args[0].ok
    assert sorted(server.event_ids()) == sorted(e.event_id for e in make_events_of(services))
    assert window.sync_indicator.state == "ok"
    assert window.sync_indicator.isVisible()


def test_a_refused_desk_stops_and_the_page_says_so(
    qtbot: QtBot, window: MainWindow, meeting_id: str, server: LiveServer, services: Services
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    revoke_device(server.database, services.device.device_id)

    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        qtbot.keyClick(page, Qt.Key.Key_F5)

    assert page.blocked_banner.isVisible()
    assert "arrêtée" in page.blocked_label.text()
    assert "ce poste a été révoqué par l'équipe centrale" in page.blocked_label.text()
    assert "revoked on" not in page.blocked_label.text()  # not the server's English
    assert window.sync_indicator.state == "error"
    assert "arrêtée" in window.sync_indicator.text_label.text()
    assert window.message_label.text()
    # Automatic syncs no longer run while the server refuses the desk.
    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000) as automatic:
        page.scheduler.request_sync(automatic=True)
    assert automatic.args[0].pushed == 0


def test_set_aside_events_show_a_translated_reason_with_the_servers_detail_in_the_tooltip(
    qtbot: QtBot, window: MainWindow, meeting_id: str, services: Services
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    with services.database.read() as conn:
        row = conn.execute(
            select(events_table).where(events_table.c.meeting_id == meeting_id).limit(1)
        ).one()
    rejection = state.Rejection(
        event_id=row.event_id,
        meeting_id=meeting_id,
        device_id=row.device_id,
        seq=row.seq,
        event_type=row.type,
        reason=stored_rejection(
            RejectionCode.SEQUENCE_CONFLICT,
            "sequence 1 already used by another event of this device",
        ),
        rejected_at_ms=0,
    )
    with services.database.write() as conn:
        state.record_rejections(conn, [rejection])
    with qtbot.waitSignal(page.scheduler.status_changed, timeout=20_000):
        page.scheduler.refresh_status()

    model = page.rejection_model
    assert model.rowCount() == 1
    reason = model.index(0, 3)
    assert model.data(reason) == (
        "journal divergent : le serveur a un autre événement à ce numéro (sauvegarde restaurée ?)"
    )
    tooltip = model.data(reason, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.endswith(
        "Détail du serveur : sequence 1 already used by another event of this device"
    )
    set_language("en")
    assert model.data(reason) == (
        "diverging journal: the server has another event with this number (restored backup?)"
    )
    assert "Server detail: sequence 1" in model.data(reason, Qt.ItemDataRole.ToolTipRole)


def test_a_desk_found_restored_from_a_backup_says_so_on_the_page(
    qtbot: QtBot, window: MainWindow, meeting_id: str, services: Services
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    assert not page.restore_banner.isVisible()
    schema.ensure_schema(services.database)  # as the first sync does
    with services.database.write() as conn:  # what sync.client.restore records
        state.record_restore(conn, services.journal.clock.now_ms(), 1, 2, 3)
    with qtbot.waitSignal(page.scheduler.status_changed, timeout=20_000):
        page.scheduler.refresh_status()

    assert page.restore_banner.isVisible()
    text = page.restore_label.text()
    assert "restauré depuis une sauvegarde ancienne" in text
    assert "2 de ses événements ont été récupérés du serveur et 3 saisis" in text
    assert "Aucun n'est perdu" in text
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        window.grab().save(str(Path("/tmp") / f"sync_restore_{size[0]}.png"))


def test_received_events_waiting_for_their_meeting_are_listed_then_count(
    qtbot: QtBot, window: MainWindow, meeting_id: str, services: Services, tmp_path: Path
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    # Another desk's meeting reaches this desk in two parts, the people before the meeting.
    creator = make_desk(tmp_path, "creator")
    door = make_desk(tmp_path, "door")
    other = creator.services.meetings.create_meeting(meeting_fields(title="Autre")).meeting_id
    with door.services.database.write() as conn:
        ingest_events(conn, creator.events(other), door.services.journal.registry)
    door.services.participants.register_many(other, [ParticipantFields("Awa", "Diallo")])
    stream = [e for e in door.events(other) if e.device_id == door.device.device_id]
    with services.database.write() as conn:
        ingest_events(conn, stream, services.journal.registry, services.journal, defer=True)
    with qtbot.waitSignal(page.scheduler.status_changed, timeout=20_000):
        page.scheduler.refresh_status()

    assert page.tabs.tabText(DEFERRED_TAB) == "En attente d'application (1)"
    model = page.deferred_model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "participant.registered"
    assert "que ce poste n'a pas encore reçu" in model.index(0, 3).data()
    page.tabs.setCurrentIndex(DEFERRED_TAB)
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        window.grab().save(str(Path("/tmp") / f"sync_deferred_{size[0]}.png"))

    with services.database.write() as conn:
        ingest_events(conn, creator.events(other), services.journal.registry, defer=True)
    with qtbot.waitSignal(page.scheduler.status_changed, timeout=20_000):
        page.scheduler.refresh_status()
    assert page.tabs.tabText(DEFERRED_TAB) == "En attente d'application"
    assert model.rowCount() == 0
    assert page.deferred_stack.currentIndex() == 0  # the empty-state sentence


def test_conflicts_from_another_desk_are_listed_and_can_be_marked_reviewed(
    qtbot: QtBot,
    window: MainWindow,
    meeting_id: str,
    server: LiveServer,
    services: Services,
    tmp_path: Path,
) -> None:
    page = open_sync_page(qtbot, window, meeting_id)
    enroll_through_the_form(qtbot, page, server.url, server.enroll_code(ORG))
    other = make_desk(tmp_path, "other-desk")
    other.enroll(server.url, server.enroll_code(ORG))
    other.join(meeting_id)  # a desk receives only the meetings it takes part in
    assert other.sync().ok
    base = services.meetings.get_meeting(meeting_id).version
    other.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre B"), base)
    assert other.sync().ok
    services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre A"), base)

    with qtbot.waitSignal(page.scheduler.sync_finished, timeout=20_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)

    assert page.conflict_model.rowCount() == 1
    assert page.conflict_model.index(0, 1).data() == "Titre"
    assert {page.conflict_model.index(0, c).data() for c in (2, 3)} == {"Titre A", "Titre B"}
    assert page.tabs.tabText(2) == "Conflits à revoir (1)"
    page.tabs.setCurrentIndex(2)
    assert not page.review_button.isEnabled()
    page.conflict_view.selectRow(0)
    assert page.review_button.isEnabled()
    closed = services.meetings.get_meeting(meeting_id)
    page.set_meeting(replace(closed, status=MeetingStatus.CLOSED))
    assert not page.review_button.isEnabled()  # a closed meeting is read-only
    page.set_meeting(closed)
    assert page.review_button.isEnabled()
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    assert page.conflict_model.rowCount() == 0
    assert page.conflict_stack.currentIndex() == 0


def test_only_one_sync_runs_at_a_time(
    qtbot: QtBot, window: MainWindow, meeting_id: str, services: Services
) -> None:
    """Requests made during a sync are merged into one more sync afterwards."""
    page = open_sync_page(qtbot, window, meeting_id)
    calls: list[bool] = []

    class CountingClient:
        def __init__(self, _services: Services, **_options: object) -> None:
            pass

        def sync_once(self, automatic: bool = False) -> None:
            calls.append(automatic)
            if len(calls) == 1:
                scheduler.request_sync(automatic=True)
                scheduler.request_sync(automatic=False)

    scheduler = SyncScheduler(services, window.tasks, client_factory=CountingClient)  # type: ignore[arg-type]
    scheduler.request_sync(automatic=True)
    assert calls == [True, False]
    assert not scheduler.running
    scheduler.stop()
    assert page.scheduler is not scheduler


def test_closing_stops_a_sync_that_waits_to_retry(
    qtbot: QtBot, window: MainWindow, meeting_id: str, services: Services
) -> None:
    """The application never waits for a sync stuck in backoff on a dead link."""
    from sync.client import state as sync_state
    from sync.client.engine import SyncOutcome
    from sync.client.retry import RetryPolicy
    from tests.sync.sync_harness import free_port

    with services.database.write() as conn:
        sync_state.save_enrollment(
            conn,
            sync_state.Enrollment(f"http://127.0.0.1:{free_port()}", "token", ORG, 0, None),
        )
    results: list[object] = []

    def slow_retries(services: Services, **options: object) -> object:
        from sync.client.engine import SyncClient

        policy = RetryPolicy(
            max_attempts=50, base_delay_s=60, max_delay_s=60, random=random.Random(1)
        )
        return SyncClient(services, policy=policy, **options)  # type: ignore[arg-type]

    scheduler = SyncScheduler(services, window.tasks, client_factory=slow_retries)
    worker = threading.Thread(target=lambda: results.append(scheduler._sync(True)))
    worker.start()
    time.sleep(0.5)  # the first attempt failed; it now waits up to a minute before the next
    scheduler.stop()  # what closing the window does
    worker.join(timeout=30)
    assert not worker.is_alive()  # it did not sit out its backoff (up to 60 s per attempt × 50)
    assert results[0].outcome is SyncOutcome.CANCELLED  # type: ignore[attr-defined]


def test_export_and_import_packages_from_the_page(
    qtbot: QtBot,
    window: MainWindow,
    meeting_id: str,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from civodesk.journal.certificates import key_fingerprint
    from civodesk.transfer.package import export_meeting, read_package
    from tests.ui.helpers import confirm

    page = open_sync_page(qtbot, window, meeting_id)
    # What another desk's user compares with before trusting this desk's packages:
    assert key_fingerprint(services.device.public_key_b64) in page.fingerprint_label.text()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "usb" / "reunion"), "")
    )
    (tmp_path / "usb").mkdir()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    header, _events = read_package(tmp_path / "usb" / "reunion.civo")
    assert header.meeting_id == meeting_id
    assert "Réunion exportée dans" in window.message_label.text()

    # Another desk, never connected, registered people for this meeting: its package comes in.
    other = make_desk(tmp_path, "other")
    from civodesk.transfer.package import import_package

    import_package(other.services, tmp_path / "usb" / "reunion.civo", trust=True)
    other.services.participants.register_many(meeting_id, [ParticipantFields("Léa", "Martin")])
    export_meeting(other.services, meeting_id, tmp_path / "usb" / "other.civo")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "usb" / "other.civo"), "")
    )
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    # Nobody vouches for the other desk: its name and key fingerprint are shown before importing.
    fingerprint = key_fingerprint(other.services.device.public_key_b64)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "confirmationBox") is not None)
    box = window.findChild(QMessageBox, "confirmationBox")
    assert "other" in box.text()
    assert fingerprint in box.text()
    assert services.participants.list_participants(meeting_id) == []  # nothing before confirming
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: "importé" in window.message_label.text())
    assert "importé : 2 événements ajoutés" in window.message_label.text()
    assert [p.last_name for p in services.participants.list_participants(meeting_id)] == ["Martin"]

    damaged = bytearray((tmp_path / "usb" / "other.civo").read_bytes())
    damaged[-2] ^= 0xFF
    (tmp_path / "usb" / "bad.civo").write_bytes(bytes(damaged))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "usb" / "bad.civo"), "")
    )
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "Paquet refusé" in window.message_label.text()


def test_a_meeting_is_exported_then_its_package_imported_back_from_the_buttons(
    qtbot: QtBot,
    window: MainWindow,
    meeting_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The file dialogs answer with a path; export adds the suffix, and importing the package
    back into the same desk adds nothing (every event is already here) and says so."""
    target = tmp_path / "reunion-export"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    page = open_sync_page(qtbot, window, meeting_id)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    package = tmp_path / "reunion-export.civo"
    assert package.is_file()
    assert "Réunion exportée dans" in window.message_label.text()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "importé : 0 événement ajouté" in window.message_label.text()
    assert "déjà présents" in window.message_label.text()
