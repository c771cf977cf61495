"""The big answer after each scan, readable at arm's length: green, orange or red."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from civodesk.checkin.views import ScanOutcome, ScanResult
from civodesk.i18n import _
from ui.widgets.style import set_style_sheet

IDLE_AFTER_MS = 12_000
STYLES = {
    "idle": ("#e8eef5", "#12344f", "#c9d6e3"),
    ScanOutcome.ACCEPTED: ("#1e7b34", "#ffffff", "#145523"),
    ScanOutcome.DUPLICATE: ("#e07b00", "#ffffff", "#a85c00"),
    ScanOutcome.REFUSED: ("#b3261e", "#ffffff", "#7f1b15"),
}


def admitted_text(result: ScanResult) -> str:
    """ "déjà enregistré à 18:32, poste 2" """
    if result.admitted_at_ms is None:
        return _("Déjà enregistré.")
    when = QDateTime.fromMSecsSinceEpoch(result.admitted_at_ms).toString("HH:mm")
    if result.admitted_by_desk:
        return _("Déjà enregistré à {time}, {desk}.").format(
            time=when, desk=result.admitted_by_desk
        )
    return _("Déjà enregistré à {time}.").format(time=when)


class ResultBanner(QFrame):
    """Shows the last scan's result; goes back to "ready" after a while so an old green is
    never mistaken for the next person's. After a check-in it offers to undo it
    (``undo_requested``), until anything else is shown."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanResultBanner")
        self.setMinimumHeight(96)
        self.title_label = QLabel()
        self.title_label.setObjectName("scanResultTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("scanResultDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.undo_button = QPushButton(_("Annuler l'entrée (Ctrl+Z)"))
        self.undo_button.setObjectName("undoEntryButton")
        self.undo_button.setToolTip(_("Une erreur de personne ? L'entrée est annulée au journal."))
        self.undo_button.clicked.connect(self.undo_requested)
        self.undo_button.hide()
        self._undo_wanted = False
        self._undo_pending = False
        texts = QVBoxLayout()
        texts.addWidget(self.title_label)
        texts.addWidget(self.detail_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.addLayout(texts, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.state: str = "idle"
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self.show_idle)
        self.show_idle()

    def show_idle(self, text: str = "") -> None:
        self._apply(
            "idle",
            _("Prêt : présentez un badge"),
            text or _("Douchette, caméra, code manuel ou recherche par nom."),
        )

    def show_result(self, result: ScanResult) -> None:
        if result.outcome == ScanOutcome.ACCEPTED:
            title = result.display_name or _("Participant")
            detail = _("Bienvenue !")
        elif result.outcome == ScanOutcome.DUPLICATE:
            title = result.display_name or _("Participant")
            detail = admitted_text(result)
        else:
            title = _("Refusé")
            detail = result.message
            if result.display_name:
                title = _("Refusé : {name}").format(name=result.display_name)
        self._apply(result.outcome, title, detail)
        self._idle_timer.start(IDLE_AFTER_MS)

    def show_message(self, outcome: ScanOutcome, title: str, detail: str) -> None:
        self._apply(outcome, title, detail)
        self._idle_timer.start(IDLE_AFTER_MS)

    def offer_undo(self, offered: bool) -> None:
        """Show or hide the undo button just after the answer is painted, not before it.

        Showing or hiding a widget lays the whole window out again (7–10 ms measured at the
        door); the name and colour are what the person at the door waits for."""
        self._undo_wanted = offered
        if not self._undo_pending:
            self._undo_pending = True
            QTimer.singleShot(0, self._apply_undo_offer)

    def _apply_undo_offer(self) -> None:
        self._undo_pending = False
        if self.undo_button.isVisible() != self._undo_wanted:
            self.undo_button.setVisible(self._undo_wanted)

    def _apply(self, state: str, title: str, detail: str) -> None:
        self.offer_undo(False)
        self.state = str(state)
        background, foreground, border = STYLES[state]  # type: ignore[index]
        big = 30 if state != "idle" else 20
        set_style_sheet(
            self,
            f"QFrame#scanResultBanner {{ background: {background}; border: 2px solid {border};"
            f" border-radius: 10px; }}"
            f" QLabel {{ color: {foreground}; background: transparent; }}"
            f" QLabel#scanResultTitle {{ font-size: {big}pt; font-weight: 700; }}"
            f" QLabel#scanResultDetail {{ font-size: 15pt; }}"
            f" QPushButton {{ color: #12344f; }}",
        )
        self.title_label.setText(title)
        self.detail_label.setText(detail)
        self.setAccessibleName(f"{title}. {detail}")
