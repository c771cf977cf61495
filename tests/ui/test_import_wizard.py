"""The import wizard driven like a person: a broken file, an updated list, consent, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from tests.ui.helpers import confirm
from ui.checkin.checkin_page import CheckinPage
from ui.checkin.import_preview_model import REASON_COLUMN
from ui.checkin.import_wizard import ImportWizard
from ui.shell.main_window import MainWindow

UPDATED = (
    "Nom;Prénom;Courriel;Commune\n"
    "Dupré-Roux;Hélène;helene@example.org;Mana\n"
    "Martin;Jean;;Apatou\n"
    "Diallo;Awa;awa@example.org;Mana\n"
    "Roux;Paul;pas-un-courriel;Mana\n"
)


@pytest.fixture
def checkin_meeting(services: Services) -> str:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    services.participants.register_many(
        meeting,
        [
            ParticipantFields("Hélène", "Dupré", email="helene@example.org", commune="Mana"),
            ParticipantFields("Jean", "Martin", commune="Apatou"),
        ],
        "Émargement",
    )
    return meeting


@pytest.fixture
def wizard(qtbot: QtBot, window: MainWindow, checkin_meeting: str) -> ImportWizard:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=1)
    assert window.workspace is not None
    page = window.workspace.page(1)
    assert isinstance(page, CheckinPage)
    page.participants.open_import()
    opened = page.participants.import_wizard
    assert opened is not None
    return opened


def _names(services: Services, meeting: str) -> set[str]:
    return {p.display_name for p in services.participants.list_participants(meeting)}


def test_a_broken_quote_is_refused_with_its_line(wizard: ImportWizard, tmp_path: Path) -> None:
    broken = tmp_path / "liste.csv"
    broken.write_bytes('Nom;Prénom\n"Petit;Léa\nRoux";Paul\n'.encode())
    wizard.load_file(broken)
    assert "Ligne 2" in wizard.summary_label.text()
    assert "guillemet" in wizard.summary_label.text()
    assert not wizard.import_button.isEnabled()


def test_an_updated_list_skipping_errors_then_undone_after_confirmation(
    qtbot: QtBot,
    window: MainWindow,
    wizard: ImportWizard,
    services: Services,
    checkin_meeting: str,
    tmp_path: Path,
) -> None:
    before = _names(services, checkin_meeting)
    path = tmp_path / "liste.csv"
    path.write_bytes(UPDATED.encode("cp1252"))
    wizard.load_file(path)
    summary = wizard.summary_label.text()
    assert "Excel (Windows)" in summary
    assert "nouvelles : 1, modifiées : 1, inchangées : 1, à corriger : 1" in summary
    assert not wizard.import_button.isEnabled()
    # only the row to fix is listed, with its reason in full and as a tooltip
    assert wizard.model.rowCount() == 1
    reason = wizard.model.index(0, REASON_COLUMN).data()
    assert "courriel invalide" in reason
    assert wizard.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == reason

    qtbot.mouseClick(wizard.errors_only, Qt.MouseButton.LeftButton)
    assert wizard.model.rowCount() == 4
    assert wizard.model.index(0, 1).data() == "Modifiée (par courriel)"
    assert "Dupré → Dupré-Roux" in wizard.model.index(0, REASON_COLUMN).data()

    assert wizard.skip_errors.isVisible()
    qtbot.mouseClick(wizard.skip_errors, Qt.MouseButton.LeftButton)
    assert wizard.import_button.isEnabled()
    assert wizard.import_button.text() == "Importer (nouvelles : 1, modifiées : 1)"
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert _names(services, checkin_meeting) == {"Hélène Dupré-Roux", "Jean Martin", "Awa Diallo"}
    awa = next(
        p for p in services.participants.list_participants(checkin_meeting) if p.first_name == "Awa"
    )
    assert (awa.email, awa.consent) == ("", False)  # no consent stated: no e-mail kept

    assert window.history.undo_destroys, window.history.undo_label
    # Édition > Annuler (Ctrl+Z) asks first, since undoing removes people; "Annuler" keeps all
    assert window.menu_actions is not None
    undo = window.menu_actions.undo_action
    assert undo.shortcut().toString() == "Ctrl+Z"
    assert "Importer la liste (2 personnes)" in undo.text()
    undo.trigger()
    box = window.findChild(QMessageBox, "confirmationBox")
    assert box is not None
    assert box.isVisible()
    box.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert "Awa Diallo" in _names(services, checkin_meeting)
    undo.trigger()
    confirm(qtbot, window)
    qtbot.waitUntil(lambda: _names(services, checkin_meeting) == before)


def test_consent_stated_in_the_wizard_keeps_contacts(
    qtbot: QtBot, wizard: ImportWizard, services: Services, checkin_meeting: str, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Prénom;Courriel\nDiallo;Awa;awa@example.org\n", encoding="utf-8")
    wizard.load_file(path)
    assert wizard.model.index(0, 5).data() == ""  # no consent yet: the e-mail would be dropped
    assert "ne sont pas enregistrés" in wizard.consent_hint.text()
    qtbot.mouseClick(wizard.consent_check, Qt.MouseButton.LeftButton)
    assert wizard.purpose.isEnabled()
    assert wizard.model.index(0, 5).data() == "awa@example.org"
    assert wizard.model.index(0, 10).data() == "oui"
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    awa = next(
        p for p in services.participants.list_participants(checkin_meeting) if p.first_name == "Awa"
    )
    assert (awa.email, awa.consent, awa.consent_purpose) == (
        "awa@example.org",
        True,
        wizard.purpose.text(),
    )


def test_choosing_the_encoding_in_plain_words_rereads_the_file(
    wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes("Nom;Prénom\nŒuvray;Zoé\n".encode("cp1252"))
    labels = [wizard.encoding_box.itemText(i) for i in range(wizard.encoding_box.count())]
    assert "Excel (Windows)" in labels
    assert not any("cp1252" in label for label in labels)
    wizard.load_file(path)
    assert wizard.model.index(0, 3).data() == "Œuvray"
    wizard.encoding_box.setCurrentIndex(
        labels.index(next(text for text in labels if "UTF-8" in text))
    )
    assert "ne peut pas être lu en UTF-8" in wizard.summary_label.text()


def test_erasing_a_person_from_accueil_asks_then_forgets_them(
    qtbot: QtBot, window: MainWindow, services: Services, checkin_meeting: str
) -> None:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(checkin_meeting, page=1)
    assert window.workspace is not None
    page = window.workspace.page(1)
    assert isinstance(page, CheckinPage)
    page.search.setText("helene")
    page.run_search()
    row = page.selected_row()
    assert row is not None
    assert page.erase_action.isEnabled()
    model = page.table.model()
    assert any("Dupré" in str(model.index(r, 0).data()) for r in range(model.rowCount()))
    page.erase_action.trigger()
    confirm(qtbot, page)
    erased = services.participants.get_participant(checkin_meeting, row.participant_id)
    assert (erased.last_name, erased.email) == ("", "")
    assert services.participants.count(checkin_meeting) == 2
    assert services.journal_tools.verify().ok
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert not any("Dupré" in str(text) for text in shown)  # the desk's list forgot her too


def test_a_preview_made_stale_is_read_again_before_importing(
    qtbot: QtBot, wizard: ImportWizard, services: Services, checkin_meeting: str, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Prénom;Commune\nDiallo;Awa;Mana\n", encoding="utf-8")
    wizard.load_file(path)
    assert wizard.import_button.text() == "Importer 1 participant"
    # meanwhile Awa registers at the door on this desk
    services.participants.register_many(
        checkin_meeting, [ParticipantFields("Awa", "Diallo", commune="Mana")]
    )
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert "a changé depuis l'aperçu" in wizard.summary_label.text()
    assert "inchangées : 1" in wizard.summary_label.text()
    assert not wizard.import_button.isEnabled()  # nothing left to import
    assert services.participants.count(checkin_meeting) == 3  # no duplicate Awa
