"""The territory's meetings on the server, and "Rejoindre" to bring one onto this desk.

A desk holds only the meetings it takes part in. The panel lists the organization's meetings as
the server gives them (title, dates, place: nothing about the people in them) and joins the one
chosen; the sync that follows brings its events. Every request runs on the task runner's network
pool, so the window never waits for the link; a failure is said in the panel, in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from civodesk.i18n import N_, _
from ui.shell.workspace_context import WorkspaceContext
from ui.sync.tables import read_only_table, with_empty_text
from ui.widgets.row_table_model import Index, RowTableModel

if TYPE_CHECKING:
    from sync.client.directory import JoinResult, RemoteMeeting

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (N_("Réunion"), N_("Date"), N_("Lieu"), N_("Sur ce poste"))


def show_dates(starts_at: str, ends_at: str) -> str:
    """ "03/12/2026 18:30 – 20:30" in local time (the server sends ISO 8601)."""
    start = QDateTime.fromString(starts_at, Qt.DateFormat.ISODate)
    end = QDateTime.fromString(ends_at, Qt.DateFormat.ISODate)
    if not start.isValid():
        return starts_at
    text = start.toLocalTime().toString(_("dd/MM/yyyy HH:mm"))
    if end.isValid():
        text += " – " + end.toLocalTime().toString("HH:mm")
    return text


class RemoteMeetingsModel(RowTableModel):
    headers = HEADERS

    key_attribute = "meeting_id"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        meeting: RemoteMeeting | None = self.row_for(index)
        if meeting is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                meeting.title,
                show_dates(meeting.starts_at, meeting.ends_at),
                meeting.place,
                _("rejointe") if meeting.joined else "",
            ][index.column()]
        if role == MEETING_ID_ROLE:
            return meeting.meeting_id
        return None


def _list(services: Any) -> list[RemoteMeeting]:
    from sync.client.directory import remote_meetings  # the network stack, on the worker only

    return remote_meetings(services)


def _join(services: Any, meeting_id: str) -> JoinResult:
    from sync.client.directory import join_meeting

    return join_meeting(services, meeting_id)


class RemoteMeetingsPanel(QWidget):
    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = RemoteMeetingsModel(self)
        self.view = read_only_table(self.model, "remoteMeetingsTable")
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stack, self.empty_label = with_empty_text(self.view, "")
        self.error_label = QLabel()
        self.error_label.setObjectName("remoteMeetingsError")
        self.error_label.setProperty("role", "fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        intro = QLabel(
            _(
                "Ce poste ne reçoit que les réunions qu'il a créées, importées ou rejointes. "
                "Rejoignez une réunion de la collectivité pour en recevoir les événements."
            )
        )
        intro.setWordWrap(True)
        self.refresh_button = QPushButton(_("Actualiser la liste"))
        self.refresh_button.setObjectName("refreshRemoteMeetingsButton")
        self.refresh_button.clicked.connect(self.load)
        self.join_button = QPushButton(_("Rejoindre"))
        self.join_button.setObjectName("joinMeetingButton")
        self.join_button.setToolTip(
            _("Recevoir les événements de cette réunion à la prochaine synchronisation")
        )
        self.join_button.clicked.connect(self._on_join_clicked)
        self.join_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.join_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.error_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._busy = False
        self._loaded = False
        self._show_empty(_("Actualisez la liste pour voir les réunions de la collectivité."))

    def showEvent(self, event: QShowEvent) -> None:
        """The list is asked for when the tab is first shown, never at start-up."""
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.load()

    def load(self) -> None:
        """Ask the server for the list (on the network pool)."""
        self._set_busy(True)
        self._context.tasks.submit_io(
            _list, self._context.services, on_done=self._on_loaded, on_error=self._on_failed
        )

    def _on_loaded(self, meetings: Sequence[RemoteMeeting]) -> None:
        self._set_busy(False)
        self.error_label.hide()
        self.model.set_rows(meetings)
        if meetings:
            self.stack.setCurrentIndex(1)
        else:
            self._show_empty(_("Le serveur ne connaît encore aucune réunion de la collectivité."))
        self._update_buttons()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error_label.setText(
            _("Impossible d'obtenir la liste des réunions : {reason}").format(
                reason=str(error) or type(error).__name__
            )
        )
        self.error_label.show()

    def _selected(self) -> RemoteMeeting | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_join_clicked(self) -> None:
        meeting = self._selected()
        if meeting is None or meeting.joined:
            return
        self._set_busy(True)
        self._context.tasks.submit_io(
            _join,
            self._context.services,
            meeting.meeting_id,
            on_done=self._on_joined,
            on_error=self._on_join_failed,
        )

    def _on_joined(self, result: JoinResult) -> None:
        position = self.model.position_of(result.meeting_id)
        if position is not None:
            self.model.replace_row(position, replace(self.model.row_at(position), joined=True))
        self._set_busy(False)
        self._context.report(
            _("Réunion rejointe : ses événements arrivent avec la synchronisation.")
        )
        self._context.sync.request_sync(automatic=False)

    def _on_join_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = _("Impossible de rejoindre la réunion : {reason}").format(
            reason=str(error) or type(error).__name__
        )
        self.error_label.setText(message)
        self.error_label.show()
        self._context.report(message, is_error=True)

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.stack.setCurrentIndex(0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh_button.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        meeting = self._selected()
        self.join_button.setEnabled(not self._busy and meeting is not None and not meeting.joined)
