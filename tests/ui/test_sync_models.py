"""The Synchronisation page's table models pass Qt's model tester and show readable values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from civodesk.conflicts.service import ConflictView
from sync.client.state import HistoryEntry, Rejection
from ui.sync.conflict_model import CONFLICT_ID_ROLE, ConflictModel
from ui.sync.sync_history_model import RejectionModel, SyncHistoryModel


def entry(outcome: str, sent: int) -> HistoryEntry:
    return HistoryEntry(
        "h-" + outcome, 1, 2, outcome, outcome != "unreachable", 3, 3, 0, 0, 1, sent, 10, ""
    )


def test_history_model(qtmodeltester: Any) -> None:
    model = SyncHistoryModel(lambda ms: f"t{ms}")
    model.set_rows([entry("ok", 100), entry("unreachable", 4000)])
    qtmodeltester.check(model)
    assert [model.index(row, 1).data() for row in range(2)] == ["Réussie", "Serveur injoignable"]
    assert model.index(1, 5).data() == "3,9 Ko"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Heure"


def test_rejection_model(qtmodeltester: Any) -> None:
    model = RejectionModel(lambda ms: f"t{ms}")
    model.set_rows([Rejection("e1", "m", "d", 4, "participant.registered", "chain_mismatch: x", 9)])
    qtmodeltester.check(model)
    # the desk's own sentence for the server's code; the server's text stays in the tooltip
    assert model.index(0, 3).data() == (
        "chaîne d'empreintes incohérente : un événement a été modifié ou manque"
    )
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole).endswith("Détail du serveur : x")
    assert model.index(0, 4).data() == "t9"


def test_a_held_received_event_says_how_often_it_was_tried_again(qtmodeltester: Any) -> None:
    model = RejectionModel(lambda ms: f"t{ms}")
    fork = "numéro 3 déjà utilisé par un autre événement de cet appareil"
    model.set_rows([Rejection("e1", "m", "d", 3, "meeting.updated", fork, 9, retries=2)])
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == (
        f"{fork} — gardé, réessayé 2 fois (à chaque synchronisation et import de paquet)"
    )
    assert (
        model.index(0, 3)
        .data(Qt.ItemDataRole.ToolTipRole)
        .endswith("réessayé 2 fois (à chaque synchronisation et import de paquet)")
    )


def test_conflict_model(qtmodeltester: Any) -> None:
    model = ConflictModel()
    model.set_rows(
        [
            ConflictView("c1", "meeting", "m", "title", "Titre A", "Titre B", False),
            ConflictView("c2", "participant", "p", "removed", True, False, False),
        ]
    )
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == [
        "Réunion",
        "Titre",
        "Titre A",
        "Titre B",
    ]
    assert [model.index(1, c).data() for c in range(4)] == ["Participant", "Retiré", "oui", "non"]
    assert model.index(1, 0).data(CONFLICT_ID_ROLE) == "c2"
