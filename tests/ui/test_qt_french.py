"""Qt's own dialogs speak the interface language, and printing badges asks in our own words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView
from pytestqt.qtbot import QtBot

from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.factories import meeting_fields
from ui.checkin.badge_print_dialog import BadgePrintDialog
from ui.checkin.checkin_page import CheckinPage
from ui.shell.language import LanguageManager
from ui.shell.main_window import MainWindow
from ui.shell.qt_gaps import file_dialog


def shown_rows(dialog: QFileDialog) -> dict[str, list[str]]:
    view = next(v for v in dialog.findChildren(QTreeView) if v.model() is not None)
    model, root = view.model(), view.rootIndex()
    return {
        model.index(row, 0, root).data(): [
            model.index(row, column, root).data() for column in range(1, 4)
        ]
        for row in range(model.rowCount(root))
    }


def test_the_file_dialog_speaks_french_labels_types_and_sizes(
    qtbot: QtBot, language: LanguageManager, tmp_path: Path
) -> None:
    (tmp_path / "dossier").mkdir()
    (tmp_path / "liste.pdf").write_bytes(b"x" * 3000)
    language.apply("fr")
    dialog = file_dialog(None, "Ouvrir", str(tmp_path), "PDF (*.pdf)", saving=False)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "&Regarder dans\xa0:"
    assert labels["fileTypeLabel"] == "&Type de fichier\xa0:"
    qtbot.waitUntil(lambda: len(shown_rows(dialog)) == 2)
    rows = shown_rows(dialog)
    assert rows["dossier"][1] == "Dossier"
    assert rows["liste.pdf"][0] == "2,9 Kio"
    language.apply("en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    language.apply("fr")


def test_badges_are_printed_as_invitations_chosen_in_our_dialog(
    qtbot: QtBot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).created_ids[0]
    people = [ParticipantFields(first, "Roux") for first in ("Awa", "Jean", "Léa")]
    services.participants.register_many(meeting, people, "Émargement")
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting, page=1)
    assert window.workspace is not None
    page = window.workspace.page(1)
    assert isinstance(page, CheckinPage)
    qtbot.keyClick(
        page.search,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.findChild(BadgePrintDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.sheet_choice.isChecked()
    qtbot.mouseClick(dialog.invitation_choice, Qt.MouseButton.LeftButton)
    dialog.path_edit.setText(str(tmp_path / "invitations"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "invitations.pdf"
    qtbot.waitUntil(lambda: "3 badges sur 3 pages" in window.message_label.text())
    assert pdf.read_bytes().startswith(b"%PDF")
