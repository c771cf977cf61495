"""Models of the Votes page: the list of votes, and the names of a public vote."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from civodesk.i18n import N_, _
from civodesk.voting.vote import NamedVote, VoteStatus, VoteView, method_label
from ui.widgets.row_table_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex


def status_text(status: VoteStatus) -> str:
    return {
        VoteStatus.DRAFT: _("En préparation"),
        VoteStatus.OPEN: _("Ouvert"),
        VoteStatus.CLOSED: _("Clos"),
    }[status]


class VoteListModel(RowTableModel):
    headers = (N_("Question"), N_("Méthode"), N_("État"), N_("Ont voté"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        vote: VoteView | None = self.row_for(index)
        if vote is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                vote.question,
                method_label(vote.method),
                status_text(vote.status),
                str(vote.voters),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return vote.question
        return None

    def row_of(self, vote_id: str) -> int:
        return next((n for n, vote in enumerate(self._rows) if vote.id == vote_id), -1)


class NamedVoteModel(RowTableModel):
    """A public vote's list: each voter's name and choice, as formal minutes require."""

    headers = (N_("Nom"), N_("Vote"), N_("Par"), N_("Origine"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line: NamedVote | None = self.row_for(index)
        if line is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            by = "" if line.cast_by_name == line.name else line.cast_by_name
            choice = line.choice + (_(" (double vote)") if line.duplicate else "")
            return (line.name, choice, by, origin_text(line.origin.value))[index.column()]
        return None


def origin_text(origin: str) -> str:
    return {
        "kiosk": _("borne"),
        "paper": _("papier"),
        "phone": _("téléphone"),
        "desk": _("poste"),
        "hands": _("main levée"),
    }.get(origin, origin)
