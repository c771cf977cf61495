"""Proxies (procurations): who, present, holds the vote of whom, absent, within the meeting's limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from civodesk.checkin.views import CheckinRow, ProxyView
from civodesk.i18n import _, ngettext
from ui.checkin.participant_table_model import CheckinTableModel
from ui.shell.workspace_context import WorkspaceContext

SEARCH_DELAY_MS = 150


class ProxyDialog(QDialog):
    def __init__(
        self,
        context: WorkspaceContext,
        meeting_id: str,
        holder: CheckinRow,
        read_only: bool,
        proxy_limit: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("proxyDialog")
        self.setWindowTitle(_("Procurations"))
        self.setMinimumSize(760, 600)  # eight rows of candidates, still inside 1280×720
        self._context = context
        self._meeting_id = meeting_id
        self.holder = holder
        self._proxies: list[ProxyView] = []
        intro = QLabel(
            _("{name} est présent(e) et peut voter pour une personne absente :").format(
                name=holder.display_name
            )
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("proxySearch")
        self.search.setPlaceholderText(_("Nom de la personne absente…"))
        self.search.setClearButtonEnabled(True)
        self.model = CheckinTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        self._fit_eight_rows()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # never clipped
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the commune takes the rest
        self.grant_button = QPushButton(_("Enregistrer la procuration"))
        self.grant_button.setObjectName("grantProxyButton")
        self.grant_button.setEnabled(False)
        # The limit is the meeting's (set in the meeting dialog), the same on every desk.
        self.limit_label = QLabel(
            ngettext(
                "Au plus {count} procuration par personne (réglage de la réunion).",
                "Au plus {count} procurations par personne (réglage de la réunion).",
                proxy_limit,
            ).format(count=proxy_limit)
        )
        self.limit_label.setObjectName("proxyLimitLabel")
        self.limit_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "fieldError")
        self.error_label.setWordWrap(True)
        current_title = QLabel(_("Procurations en cours"))
        current_title.setObjectName("sectionTitle")
        self.current_model = QStringListModel(self)
        self.current_view = QListView()
        self.current_view.setModel(self.current_model)
        self.current_view.setMaximumHeight(110)
        self.revoke_button = QPushButton(_("Retirer la procuration"))
        self.revoke_button.setObjectName("revokeProxyButton")
        self.revoke_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Fermer"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.limit_label, 1)
        row.addWidget(self.grant_button)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(current_title)
        layout.addWidget(self.current_view)
        layout.addWidget(self.revoke_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.current_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.grant_button.clicked.connect(self._grant)
        self.revoke_button.clicked.connect(self._revoke)
        self._read_only = read_only
        self.search.setEnabled(not read_only)
        self._run_search()
        self._load_proxies()

    def _fit_eight_rows(self) -> None:
        """Eight candidate rows below the header, with the header and frame the style gives."""
        table = self.table
        chrome = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        scroll_bar = table.horizontalScrollBar().sizeHint().height()
        table.setMinimumHeight(8 * 28 + chrome + scroll_bar)

    def showEvent(self, event: Any) -> None:
        self._fit_eight_rows()  # the style sheet is applied by now
        super().showEvent(event)

    def _run_search(self) -> None:
        self._context.tasks.submit_db(
            self._context.services.checkin.search,
            self._meeting_id,
            self.search.text(),
            on_done=self._on_search_done,
        )

    def _on_search_done(self, rows: Sequence[CheckinRow]) -> None:
        absent = [
            r for r in rows if not r.present and r.participant_id != self.holder.participant_id
        ]
        self.model.set_rows(absent)
        if absent:
            self.table.selectRow(0)
        self._update_buttons()

    def _load_proxies(self) -> None:
        self._context.tasks.submit_db(
            self._context.services.checkin.list_proxies,
            self._meeting_id,
            on_done=self._on_proxies_loaded,
        )

    def _on_proxies_loaded(self, proxies: Sequence[ProxyView]) -> None:
        self._proxies = list(proxies)
        self.current_model.setStringList(
            [
                _("{holder} vote pour {giver}").format(holder=p.holder_name, giver=p.giver_name)
                for p in self._proxies
            ]
        )
        self._update_buttons()

    def _selected_giver(self) -> CheckinRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.grant_button.setEnabled(not self._read_only and self._selected_giver() is not None)
        self.revoke_button.setEnabled(
            not self._read_only and bool(self.current_view.selectionModel().selectedRows())
        )

    def _grant(self) -> None:
        giver = self._selected_giver()
        if giver is None:
            return
        self.error_label.clear()
        self._context.run_change(
            self._context.services.checkin.grant_proxy,
            self._meeting_id,
            giver.participant_id,
            self.holder.participant_id,
            on_done=lambda _change: self._after_change(),
            on_error=self._on_error,
        )

    def _revoke(self) -> None:
        rows = self.current_view.selectionModel().selectedRows()
        if not rows:
            return
        proxy = self._proxies[rows[0].row()]
        self._context.run_change(
            self._context.services.checkin.revoke_proxy,
            self._meeting_id,
            proxy.id,
            on_done=lambda _change: self._after_change(),
        )

    def _after_change(self) -> None:
        self._load_proxies()
        self._run_search()

    def _on_error(self, error: BaseException) -> None:
        self.error_label.setText(str(error))
