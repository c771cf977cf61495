"""The Accueil page driven like a person: scans typed fast anywhere, search, walk-ins, proxies."""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from civodesk.checkin.keyboard_layout import LayoutMismatch, as_typed_through
from civodesk.checkin.views import ScanOutcome
from civodesk.clock import ManualClock
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.checkin.badge_dialog import BadgeDialog
from ui.checkin.checkin_page import CheckinPage
from ui.checkin.participant_dialog import ParticipantDialog
from ui.checkin.proxy_dialog import ProxyDialog
from ui.shell.main_window import MainWindow

PEOPLE = [
    ParticipantFields("Hélène", "Dupré", commune="Mana", age_bracket="30-44 ans"),
    ParticipantFields("Jean", "Martin", commune="Apatou"),
    ParticipantFields("Zoé", "Œuvray", commune="Mana"),
]


@pytest.fixture
def checkin_meeting(services: Services) -> str:
    meeting = services.meetings.create_meeting(meeting_fields(quorum_percent=50.0)).created_ids[0]
    services.participants.register_many(meeting, PEOPLE, "Émargement")
    services.checkin.issue_badges(meeting)
    return meeting


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, checkin_meeting: str) -> CheckinPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=1)
    assert window.workspace is not None
    checkin = window.workspace.page(1)
    assert isinstance(checkin, CheckinPage)
    assert checkin.isVisible()
    return checkin


def send_key(kind: QEvent.Type, key: Qt.Key, text: str, stamp: int | None = None) -> None:
    """A key event where a real keyboard sends it: to the widget that has focus now."""
    target = QApplication.focusWidget()
    assert target is not None
    event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
    if stamp is not None:
        event.setTimestamp(stamp)
    QApplication.sendEvent(target, event)


def type_fast(widget: QWidget, text: str, terminator: Qt.Key = Qt.Key.Key_Return) -> None:
    """What a USB scanner does: every character, then Enter, into ``widget`` (which has focus)."""
    assert QApplication.focusWidget() is widget
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
        send_key(QEvent.Type.KeyPress, key, char)
        send_key(QEvent.Type.KeyRelease, key, char)
    send_key(QEvent.Type.KeyPress, terminator, "\r")


def token_of(services: Services, meeting: str, last_name: str) -> str:
    return next(b.token for b in services.checkin.list_badges(meeting) if b.last_name == last_name)


def test_a_scan_typed_into_another_widget_shows_green_then_orange(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    token = token_of(services, checkin_meeting, "Dupré")
    page.sound_check.setFocus()
    assert QApplication.focusWidget() is page.sound_check
    with qtbot.waitSignal(page.result_shown) as shown:
        type_fast(page.sound_check, token)
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    assert page.banner.state == ScanOutcome.ACCEPTED
    assert page.banner.title_label.text() == "Hélène Dupré"
    assert "Bienvenue" in page.banner.detail_label.text()
    qtbot.waitUntil(lambda: page.attendance.count_label.text() == "1")

    page.search.setFocus()
    assert QApplication.focusWidget() is page.search
    with qtbot.waitSignal(page.result_shown):
        type_fast(page.search, token)
    assert page.banner.state == ScanOutcome.DUPLICATE
    assert page.banner.detail_label.text().startswith("Déjà enregistré à ")
    assert "desk-1" in page.banner.detail_label.text()
    assert page.search.text() == ""


def test_tampered_and_wrong_layout_scans_are_red_with_the_reason(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    token = token_of(services, checkin_meeting, "Martin")
    tampered = token[:50] + ("B" if token[50] == "A" else "A") + token[51:]
    page.table.setFocus()
    assert QApplication.focusWidget() is page.table
    with qtbot.waitSignal(page.result_shown):
        type_fast(page.table, tampered)
    assert page.banner.state == ScanOutcome.REFUSED
    assert "Signature invalide" in page.banner.detail_label.text()

    wrong = as_typed_through(token, LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY)
    assert QApplication.focusWidget() is page.search  # the first scan's keys moved it there
    with qtbot.waitSignal(page.result_shown):
        type_fast(page.search, wrong)
    assert "AZERTY" in page.banner.detail_label.text()
    assert services.checkin.attendance(checkin_meeting).present == 0


def test_slow_typing_reaches_the_search_box_untouched(qtbot: QtBot, page: CheckinPage) -> None:
    page.search.setFocus()
    for char in "zoe":
        qtbot.keyClick(page.search, char)
        qtbot.wait(60)
    qtbot.waitUntil(lambda: page.search.text() == "zoe")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).last_name == "Œuvray"  # type: ignore[union-attr]


def test_search_then_enter_checks_in_with_one_key(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    page.search.setText("HELENE")
    page.run_search()
    assert page.model.rowCount() == 1
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # picks the one match
    with qtbot.waitSignal(page.result_shown):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.banner.title_label.text() == "Hélène Dupré"
    assert services.checkin.attendance(checkin_meeting).present == 1


def test_typed_manual_code_checks_in(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    code = next(b.manual_code for b in services.checkin.list_badges(checkin_meeting))
    page.search.setText(code.lower())
    page.run_search()
    with qtbot.waitSignal(page.result_shown) as shown:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED


def test_walk_in_in_a_few_keystrokes_shows_the_badge(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    qtbot.keyClick(
        page.search,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.findChild(ParticipantDialog)
    assert dialog is not None
    qtbot.waitActive(dialog)
    qtbot.waitUntil(dialog.first_name.hasFocus)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.first_name, "Awa")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.last_name, "Diallo")
    qtbot.keyClick(dialog.last_name, Qt.Key.Key_Tab)
    assert dialog.consent.hasFocus()
    qtbot.keyClick(dialog.consent, Qt.Key.Key_Space)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(page.result_shown):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.banner.title_label.text() == "Awa Diallo"
    badge_dialog = page.findChild(BadgeDialog)
    assert badge_dialog is not None
    assert badge_dialog.isVisible()
    assert len(badge_dialog.code_label.text()) == 9
    assert services.checkin.attendance(checkin_meeting).present == 1
    badge_dialog.close()


def test_check_out_and_attendance_panel(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    for name in ("Dupré", "Martin"):
        services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, name))
    page.refresh(frozenset({"attendance"}))
    qtbot.waitUntil(lambda: page.attendance.count_label.text() == "2")
    assert "Quorum atteint" in page.attendance.quorum_label.text()
    assert page.attendance.breakdown_model.rowCount() == 2
    page.search.setText("martin")
    page.run_search()
    assert page.check_out_button.isEnabled()
    qtbot.mouseClick(page.check_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.attendance.count_label.text() == "1")
    assert "Quorum non atteint" in page.attendance.quorum_label.text()


def test_proxy_dialog_applies_the_meetings_proxy_limit(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Dupré"))
    page.search.setText("dupre")
    page.run_search()
    qtbot.mouseClick(page.proxy_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(ProxyDialog)
    assert dialog is not None
    dialog.search.setText("martin")
    dialog._run_search()
    assert dialog.model.rowCount() == 1
    qtbot.mouseClick(dialog.grant_button, Qt.MouseButton.LeftButton)
    assert dialog.current_model.stringList() == ["Hélène Dupré vote pour Jean Martin"]
    dialog.search.setText("oeuvray")
    dialog._run_search()
    assert dialog.limit_label.text() == (
        "Au plus 1 procuration par personne (réglage de la réunion)."
    )
    qtbot.mouseClick(dialog.grant_button, Qt.MouseButton.LeftButton)
    assert "maximum" in dialog.error_label.text()
    dialog.close()
    # The limit is the meeting's: raised in the meeting, the dialog says so and allows two.
    details = services.meetings.get_meeting(checkin_meeting)
    services.meetings.update_meeting(checkin_meeting, replace(details.fields, proxy_limit=2))
    page.set_meeting(services.meetings.get_meeting(checkin_meeting))
    qtbot.mouseClick(page.proxy_button, Qt.MouseButton.LeftButton)
    dialog = page.findChildren(ProxyDialog)[-1]
    assert "Au plus 2 procurations par personne" in dialog.limit_label.text()
    dialog.search.setText("oeuvray")
    dialog._run_search()
    qtbot.mouseClick(dialog.grant_button, Qt.MouseButton.LeftButton)
    assert len(dialog.current_model.stringList()) == 2
    dialog.close()


def test_attendance_panel_counts_a_proxy_only_while_its_giver_is_absent(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Dupré"))
    holder = services.checkin.search(checkin_meeting, "Dupré")[0].participant_id
    giver = services.checkin.search(checkin_meeting, "Martin")[0].participant_id
    services.checkin.grant_proxy(checkin_meeting, giver, holder)
    page.refresh(frozenset({"attendance"}))
    qtbot.waitUntil(lambda: "1 procuration en vigueur" in page.attendance.proxies_label.text())
    assert "Présents ou représentés : 2" in page.attendance.proxies_label.text()
    assert page.attendance.quorum_label.text() == "Quorum non atteint : encore 1 (sur 2 requis)"
    assert "plus de la moitié des inscrits" in page.attendance.quorum_rule_label.text()
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Martin"))
    page.refresh(frozenset({"attendance"}))
    qtbot.waitUntil(lambda: page.attendance.count_label.text() == "2")
    shown = page.attendance.proxies_label.text()
    assert "0 procuration en vigueur" in shown
    assert "Présents ou représentés : 2" in shown
    assert "1 procuration en attente (mandant présent ou mandataire sorti)" in shown
    assert page.attendance.quorum_label.text() == "Quorum atteint (2 présents requis)"


def test_attendance_panel_says_the_quorum_needs_registrations(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    empty = services.meetings.create_meeting(meeting_fields(quorum_percent=33.0)).meeting_id
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(empty, page=1)
    assert window.workspace is not None
    checkin = window.workspace.page(1)
    assert isinstance(checkin, CheckinPage)
    qtbot.waitUntil(lambda: "personne n'est inscrit" in checkin.attendance.quorum_label.text())
    assert "au moins 33 % des inscrits" in checkin.attendance.quorum_rule_label.text()


def test_sound_is_off_until_ticked_then_plays_three_distinct_tones(page: CheckinPage) -> None:
    import wave

    assert not page.sound.enabled
    page.sound_check.setChecked(True)
    assert page.sound.enabled
    page.sound.play("accepted")
    sources = {kind: effect.source().toLocalFile() for kind, effect in page.sound._effects.items()}
    assert set(sources) == {"accepted", "duplicate", "refused"}
    lengths = set()
    for path in sources.values():
        with wave.open(path) as tone:
            assert tone.getframerate() == 22_050
            lengths.add(tone.getnframes())
    assert len(lengths) == 3


def test_edit_and_remove_with_undo(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    page.search.setText("martin")
    page.run_search()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(ParticipantDialog)
    assert dialog is not None
    dialog.last_name.setText("Martin-Léger")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert services.checkin.search(checkin_meeting, "leger")[0].last_name == "Martin-Léger"
    page.search.setText("leger")
    page.run_search()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, page)
    assert services.checkin.search(checkin_meeting, "leger") == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(services.checkin.search(checkin_meeting, "leger")) == 1)


def test_import_wizard_shows_row_errors_then_imports(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Nom;Prénom;Courriel\nPetit;Léa;pas-un-courriel\nRoux;Paul;\n".encode("cp1252"))
    page.participants.open_import()
    wizard = page.participants.import_wizard
    wizard.load_file(bad)
    assert not wizard.import_button.isEnabled()
    assert wizard.model.rowCount() == 1
    assert "courriel" in wizard.model.index(0, 2).data()
    assert [box.currentData() for box in wizard.mapping_boxes] == [
        "last_name",
        "first_name",
        "email",
    ]
    wizard.mapping_boxes[2].setCurrentIndex(0)
    assert wizard.import_button.isEnabled()
    assert wizard.import_button.text() == "Importer 2 participants"
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert services.participants.count(checkin_meeting) == 5


def test_badges_pdf_and_person_export(
    qtbot: QtBot, page: CheckinPage, checkin_meeting: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "badges.pdf"
    page.badges.print_badges_to(pdf, "sheet")
    qtbot.waitUntil(lambda: pdf.exists() and pdf.stat().st_size > 0)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.search.setText("zoe")
    page.run_search()
    row = page.selected_row()
    assert row is not None
    out = tmp_path / "zoe.json"
    page.personal_data.export_person_to(row.participant_id, out)
    qtbot.waitUntil(out.exists)
    assert json.loads(out.read_text(encoding="utf-8"))["data"]["last_name"] == "Œuvray"
    if os.name == "posix":  # names: readable by their owner only
        assert {stat.S_IMODE(out.stat().st_mode), stat.S_IMODE(pdf.stat().st_mode)} == {0o600}


def test_purge_needs_a_closed_meeting_and_a_confirmation(
    qtbot: QtBot, window: MainWindow, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    assert not page.purge_action.isEnabled()
    services.meetings.close_meeting(checkin_meeting)
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=1)
    assert window.workspace is not None
    closed_page = window.workspace.page(1)
    assert isinstance(closed_page, CheckinPage)
    assert closed_page.purge_action.isEnabled()
    assert not closed_page.walk_in_button.isEnabled()
    closed_page.personal_data.confirm_purge()
    confirm(qtbot, closed_page)
    qtbot.waitUntil(lambda: services.privacy.personal_data_purged(checkin_meeting))
    assert services.checkin.search(checkin_meeting, "dupre") == []


def test_camera_pipeline_with_synthetic_frames_counts_a_badge_once(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    import zxingcpp
    from PySide6.QtGui import QImage
    from PySide6.QtMultimedia import QVideoFrame

    token = token_of(services, checkin_meeting, "Dupré")
    barcode = zxingcpp.create_barcode(token, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    qr = memoryview(barcode.to_image(scale=6, add_quiet_zones=True))  # type: ignore[arg-type]
    size = qr.shape[0]  # type: ignore[index]
    image = QImage(1280, 720, QImage.Format.Format_Grayscale8)
    image.fill(170)
    symbol = QImage(qr.tobytes(), size, size, size, QImage.Format.Format_Grayscale8)
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    painter.drawImage(400, 100, symbol)
    painter.end()
    results: list[object] = []
    page.result_shown.connect(results.append)
    for _ in range(5):
        page.camera_panel.camera.sink.setVideoFrame(QVideoFrame(image))
        time.sleep(0.001)
    qtbot.waitUntil(lambda: page.camera_panel.camera.frames_decoded >= 5)
    assert len(results) == 1
    assert page.banner.title_label.text() == "Hélène Dupré"


def test_no_camera_is_said_plainly(page: CheckinPage) -> None:
    assert not page.camera_panel.camera_button.isEnabled()
    assert "Aucune caméra" in page.camera_panel.camera_status.text()


def test_a_scan_survives_a_busy_moment_of_the_interface(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    """A scan is read by its content: a long pause in the middle (a busy machine) changes nothing."""
    token = token_of(services, checkin_meeting, "Œuvray")
    page.table.setFocus()
    stamp = 1_000_000
    with qtbot.waitSignal(page.result_shown) as shown:
        for index, char in enumerate([*token, "\r"]):
            key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
            stamp += 3 if index != 80 else 5_000  # the GUI thread was busy for five seconds
            send_key(QEvent.Type.KeyPress, key, char, stamp)
    assert shown.args[0].outcome == ScanOutcome.ACCEPTED
    assert page.banner.title_label.text() == "Zoé Œuvray"


def test_who_was_present_at_a_given_time(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str, clock: ManualClock
) -> None:
    from PySide6.QtCore import QDateTime

    from ui.checkin.presence_dialog import PresenceDialog

    start = services.journal.clock.now_ms()
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Dupré"))
    clock.advance(10 * 60_000)
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Martin"))
    qtbot.mouseClick(page.presence_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(PresenceDialog)
    assert dialog is not None
    dialog.when.setDateTime(QDateTime.fromMSecsSinceEpoch(start + 5 * 60_000))
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.model.stringList() == ["Hélène Dupré"]
    assert dialog.count_label.text() == "1 personne présente"
    dialog.when.setDateTime(QDateTime.fromMSecsSinceEpoch(start + 15 * 60_000))
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.model.stringList() == ["Hélène Dupré", "Jean Martin"]
    dialog.close()


def test_proxies_are_also_in_the_list_menu_with_a_shortcut(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Dupré"))
    page.search.setText("dupre")
    page.run_search()
    assert page.proxy_action in page.list_button.menu().actions()
    page.search.setFocus()
    qtbot.keyClick(
        page.search,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.findChild(ProxyDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.close()


def test_ctrl_f_on_accueil_searches_participants(
    qtbot: QtBot, window: MainWindow, page: CheckinPage
) -> None:
    page.sound_check.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 1  # still in the meeting
    assert QApplication.focusWidget() is page.search


def test_the_badge_dialog_title_elides_de_before_a_vowel(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    services.participants.register_many(checkin_meeting, [ParticipantFields("Awa", "Diallo")], "")
    services.checkin.issue_badges(checkin_meeting)
    page.search.setText("awa")
    page.run_search()
    page.badges.open_badge()
    dialog = page.findChild(BadgeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.windowTitle() != "")
    assert dialog.windowTitle() == "Badge d'Awa Diallo"
    dialog.close()


def test_counts_are_written_with_french_thousands_separators(page: CheckinPage) -> None:
    from civodesk.checkin.views import AttendanceSummary

    summary = AttendanceSummary(20_000, 12_345, 0, 50.0, 10_001, {}, 0)
    page.attendance.set_summary(summary)
    assert page.attendance.count_label.text() == "12\u202f345"
    assert page.attendance.registered_label.text() == "sur 20\u202f000 inscrits"
    assert "10\u202f001" in page.attendance.quorum_label.text()


def test_the_proxy_dialog_shows_its_columns_whole_and_eight_rows(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    more = [ParticipantFields(f"Prénom{n}", f"Nom-de-famille-long-{n}") for n in range(12)]
    services.participants.register_many(checkin_meeting, more, "Émargement")
    services.checkin.scan(checkin_meeting, token_of(services, checkin_meeting, "Dupré"))
    page.search.setText("dupre")
    page.run_search()
    page.attendance_actions.open_proxies()
    dialog = page.findChild(ProxyDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.viewport().height() // table.rowHeight(0) >= 8
    for column in range(dialog.model.columnCount()):
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), column
    dialog.close()


def test_the_walk_in_hint_is_exactly_the_keys_that_work(
    qtbot: QtBot, page: CheckinPage, services: Services, checkin_meeting: str
) -> None:
    page.participants.open_walk_in()
    dialog = page.findChild(ParticipantDialog)
    assert dialog is not None
    qtbot.waitActive(dialog)
    hint = next(
        label.text() for label in dialog.findChildren(QLabel) if label.text().startswith("Prénom,")
    )
    assert hint == "Prénom, Tab, nom, Tab, Espace pour le consentement, Entrée."
    qtbot.waitUntil(dialog.first_name.hasFocus)
    focused = QApplication.focusWidget
    qtbot.keyClicks(focused(), "Awa")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Diallo")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    with qtbot.waitSignal(page.result_shown):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert page.banner.title_label.text() == "Awa Diallo"
    for badge in page.findChildren(BadgeDialog):
        badge.close()
