"""The sync history (newest first) and the events set aside, as tables for the Synchronisation page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from civodesk.i18n import N_, _
from sync.client.state import HistoryEntry, Rejection
from ui.formatting import locale

Index = QModelIndex | QPersistentModelIndex
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

OUTCOME_LABELS = {
    "ok": N_("Réussie"),
    "incomplete": N_("Incomplète"),
    "unreachable": N_("Serveur injoignable"),
    "busy": N_("Serveur occupé"),
    "unauthorized": N_("Poste refusé"),
    "refused": N_("Demande refusée"),
    "cancelled": N_("Interrompue"),
}


def outcome_label(outcome: str) -> str:
    return _(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else outcome


def format_bytes(size: int) -> str:
    if size < 1024:
        return _("{n} o").format(n=size)
    if size < 1024 * 1024:
        return _("{n} Ko").format(n=locale().toString(size / 1024, "f", 1))
    return _("{n} Mo").format(n=locale().toString(size / 1024 / 1024, "f", 1))


class _TableModel(QAbstractTableModel):
    """Rows of frozen dataclasses under translated headers; ``set_items`` replaces them all."""

    headers: tuple[str, ...] = ()

    def __init__(self, format_time: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        self._format_time = format_time

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def _item(self, index: Index) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return _(self.headers[section])
        return None


class SyncHistoryModel(_TableModel):
    headers = (
        N_("Heure"),
        N_("Résultat"),
        N_("Envoyés"),
        N_("Reçus"),
        N_("Refusés"),
        N_("Données"),
        N_("Détail"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry: HistoryEntry | None = self._item(index)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self._format_time(entry.finished_at_ms),
                outcome_label(entry.outcome),
                str(entry.pushed),
                str(entry.pulled),
                str(entry.rejected),
                format_bytes(entry.bytes_sent + entry.bytes_received),
                entry.message,
            ][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            return entry.message or None
        return None


class RejectionModel(_TableModel):
    headers = (N_("Événement"), N_("Type"), N_("N°"), N_("Raison"), N_("Refusé le"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rejection: Rejection | None = self._item(index)
        if rejection is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                rejection.event_id,
                rejection.event_type,
                str(rejection.seq),
                rejection.reason,
                self._format_time(rejection.rejected_at_ms),
            ][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return rejection.reason
        if role == EVENT_ID_ROLE:
            return rejection.event_id
        return None
