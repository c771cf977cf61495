"""The Compte-rendu page: pick the kind and the no-names option, make the PDF, export open data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.minutes.minutes_page import MinutesPage
from ui.shell.main_window import MainWindow
from ui.shell.meeting_workspace import STAGES

MINUTES_INDEX = [stage.key for stage in STAGES].index("minutes")


def _minutes_page(qtbot: QtBot, window: MainWindow, meeting_id: str) -> MinutesPage:
    with qtbot.waitSignal(window.meeting_opened):
        window.open_meeting(meeting_id)
    assert window.workspace is not None
    window.workspace.show_page(MINUTES_INDEX)
    page = window.workspace.page(MINUTES_INDEX)
    assert isinstance(page, MinutesPage)
    page.open_in_viewer = False
    return page


def test_making_a_proces_verbal_writes_the_pdf_and_says_so(
    qtbot: QtBot, meeting_id: str, window: MainWindow, tmp_path: Path
) -> None:
    page = _minutes_page(qtbot, window, meeting_id)
    assert "PROJET" in page.status_label.text()
    page.kind_box.setCurrentIndex(1)
    page.no_names_box.setFocus()
    qtbot.keyClick(page.no_names_box, Qt.Key.Key_Space)
    assert page.no_names_box.isChecked()
    target = tmp_path / "pv.pdf"
    page.make_pdf(target)
    qtbot.waitUntil(lambda: page.last_pdf == target, timeout=20_000)
    assert page.generate_button.isEnabled()
    assert page.progress.isHidden()
    assert page.progress.maximum() > 1  # the layout reported its progress to the bar
    assert "page(s)" in page.status_label.text()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Procès-verbal de séance" in text
    assert "Publication sans noms" in text


def test_export_writes_one_csv_per_table(
    qtbot: QtBot, meeting_id: str, window: MainWindow, tmp_path: Path
) -> None:
    page = _minutes_page(qtbot, window, meeting_id)
    page.export_to(tmp_path / "open-data")
    qtbot.waitUntil(lambda: "exporté" in page.status_label.text(), timeout=10_000)
    assert (tmp_path / "open-data" / "ideas.csv").exists()
    assert "6 fichier(s)" in page.status_label.text()


def test_an_unwritable_target_is_reported_without_a_file(
    qtbot: QtBot, meeting_id: str, window: MainWindow, tmp_path: Path
) -> None:
    page = _minutes_page(qtbot, window, meeting_id)
    page.make_pdf(tmp_path / "missing" / "cr.pdf")
    qtbot.waitUntil(lambda: page.generate_button.isEnabled(), timeout=20_000)
    assert "n'a pas pu être enregistré" in page.status_label.text()
    assert not (tmp_path / "missing").exists()


def test_the_finished_pdf_opens_in_the_systems_viewer(
    qtbot: QtBot,
    meeting_id: str,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QUrl

    opened: list[QUrl] = []
    monkeypatch.setattr(
        "ui.minutes.minutes_page.QDesktopServices.openUrl",
        lambda url: opened.append(url) or True,
    )
    page = _minutes_page(qtbot, window, meeting_id)
    page.open_in_viewer = True
    target = tmp_path / "cr.pdf"
    page.make_pdf(target)
    qtbot.waitUntil(lambda: page.last_pdf == target, timeout=20_000)
    assert [url.toLocalFile() for url in opened] == [str(target)]
