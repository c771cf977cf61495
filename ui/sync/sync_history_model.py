"""The sync history (newest first) and the events set aside, as tables for the Synchronisation page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from civodesk.i18n import N_, _, ngettext
from civodesk.journal.deferred import Deferred
from sync.client.messages import deferred_text, describe_rejection, split_rejection
from sync.client.state import HistoryEntry, Rejection
from ui.shell.formatting import locale
from ui.widgets.row_table_model import Index, RowTableModel

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


class _TableModel(RowTableModel):
    """A row table whose times are shown with the page's ``format_time``."""

    def __init__(self, format_time: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._format_time = format_time


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
        entry: HistoryEntry | None = self.row_for(index)
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
        rejection: Rejection | None = self.row_for(index)
        if rejection is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                rejection.event_id,
                rejection.event_type,
                str(rejection.seq),
                _with_retries(describe_rejection(rejection.reason), rejection.retries),
                self._format_time(rejection.rejected_at_ms),
            ][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _with_retries(_rejection_tooltip(rejection.reason), rejection.retries)
        if role == EVENT_ID_ROLE:
            return rejection.event_id
        return None


class DeferredModel(_TableModel):
    """Received events kept in the journal, waiting for what they refer to before they count."""

    headers = (N_("Événement"), N_("Type"), N_("N°"), N_("Raison"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        waiting: Deferred | None = self.row_for(index)
        if waiting is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [
                waiting.event_id,
                waiting.type,
                str(waiting.seq),
                deferred_text(waiting.reason),
            ][index.column()]
        if role == EVENT_ID_ROLE:
            return waiting.event_id
        return None


def _with_retries(text: str, retries: int) -> str:
    """A received event kept whole says how often it was tried again: never retried silently."""
    if not retries:
        return text
    note = ngettext(
        "gardé, réessayé {count} fois (à chaque synchronisation et import de paquet)",
        "gardé, réessayé {count} fois (à chaque synchronisation et import de paquet)",
        retries,
    ).format(count=retries)
    return f"{text} — {note}"


def _rejection_tooltip(stored_reason: str) -> str:
    """The local explanation, then the server's own words for whoever investigates."""
    code, server_reason = split_rejection(stored_reason)
    text = describe_rejection(stored_reason)
    if code and server_reason:
        return _("{reason}\nDétail du serveur : {detail}").format(reason=text, detail=server_reason)
    return text
