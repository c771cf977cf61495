"""Charts of a vote's result: bars for counts, merit profiles for majority judgment, the pairwise
matrix for Condorcet and the rounds of instant-runoff. They draw ``civodesk.voting.display``
data, so the projector can reuse them as they are."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from civodesk.i18n import _
from civodesk.voting.display import VoteDisplay

ACCENT = QColor(28, 77, 133)
WINNER = QColor(24, 128, 56)
GRADE_COLOURS = (
    QColor(0, 104, 55),
    QColor(49, 163, 84),
    QColor(120, 198, 121),
    QColor(194, 230, 153),
    QColor(255, 237, 160),
    QColor(253, 174, 97),
    QColor(215, 48, 39),
)
ROW_HEIGHT = 26


class BarChart(QWidget):
    """Horizontal bars, one per option; the winners in green. Accessible name lists the values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self._display: VoteDisplay | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_display(self, display: VoteDisplay) -> None:
        self._display = display
        self.setMinimumHeight(ROW_HEIGHT * max(1, len(display.bars)) + 8)
        self.setAccessibleName(
            "; ".join(f"{bar.label} : {bar.value} {display.bar_unit}" for bar in display.bars)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, self.minimumHeight())

    def paintEvent(self, _event: QPaintEvent) -> None:
        display = self._display
        if display is None or not display.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_width = min(
            self.width() // 3, max(metrics.horizontalAdvance(b.label) for b in display.bars) + 12
        )
        top = max(bar.value for bar in display.bars) or 1
        room = self.width() - label_width - 70
        for row, bar in enumerate(display.bars):
            y = 4 + row * ROW_HEIGHT
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(0, y, label_width - 8, ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                text,
            )
            width = room * bar.value / top
            painter.fillRect(
                QRectF(label_width, y + 3, width, ROW_HEIGHT - 12), WINNER if bar.winner else ACCENT
            )
            painter.drawText(
                QRectF(label_width + width + 6, y, 64, ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignVCenter,
                str(bar.value),
            )
        painter.end()


class MeritProfiles(QWidget):
    """One stacked bar of grade shares per option, with the median line and a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meritProfiles")
        self._display: VoteDisplay | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _legend_places(
        self, metrics: QFontMetrics, left: int, room: int
    ) -> list[tuple[float, int]]:
        """Where each grade's legend goes: (x, line), wrapping to a new line when full."""
        assert self._display is not None
        places: list[tuple[float, int]] = []
        x, line = float(left), 0
        for name in self._display.grades:
            width = metrics.horizontalAdvance(name) + 24
            if x + width > left + room and x > left:
                x, line = float(left), line + 1
            places.append((x, line))
            x += width
        return places

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        if self._display is None:
            return
        metrics = QFontMetrics(self.font())
        places = self._legend_places(
            metrics, self.width() // 3, self.width() - self.width() // 3 - 8
        )
        lines = 1 + max((line for _x, line in places), default=0)
        height = ROW_HEIGHT * len(self._display.profiles) + 18 * lines + 12
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def set_display(self, display: VoteDisplay) -> None:
        self._display = display
        self._fit_height()
        self.setAccessibleName(
            "; ".join(
                f"{p.label} : {display.grades[p.majority_grade]}"
                for p in display.profiles
                if p.majority_grade is not None
            )
        )
        self.updateGeometry()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        display = self._display
        if display is None or not display.profiles:
            return
        painter = QPainter(self)
        metrics = QFontMetrics(self.font())
        label_width = self.width() // 3
        room = self.width() - label_width - 8
        for row, profile in enumerate(display.profiles):
            y = 4 + row * ROW_HEIGHT
            text = metrics.elidedText(profile.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(WINNER if profile.winner else self.palette().windowText().color())
            painter.drawText(
                QRectF(0, y, label_width - 8, ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                text,
            )
            total = sum(profile.counts) or 1
            x = float(label_width)
            for grade, number in enumerate(profile.counts):
                width = room * number / total
                painter.fillRect(QRectF(x, y + 2, width, ROW_HEIGHT - 10), GRADE_COLOURS[grade])
                x += width
            painter.setPen(QColor(0, 0, 0))
            middle = label_width + room / 2
            painter.drawLine(int(middle), y, int(middle), y + ROW_HEIGHT - 6)
        y = 4 + len(display.profiles) * ROW_HEIGHT
        for grade, (x, line) in enumerate(self._legend_places(metrics, label_width, room)):
            top = y + line * 18
            painter.fillRect(QRectF(x, top + 4, 10, 10), GRADE_COLOURS[grade])
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(x + 13, top, room, 18), Qt.AlignmentFlag.AlignVCenter, display.grades[grade]
            )
        painter.end()


def _read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setMaximumHeight(220)
    return table


class ResultView(QWidget):
    """The whole result: the chart that fits the method and the plain-words explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("resultSummary")
        self.bars = BarChart()
        self.profiles = MeritProfiles()
        self.matrix = _read_only_table("pairwiseMatrix")
        self.rounds = _read_only_table("irvRounds")
        self.explanation = QLabel()
        self.explanation.setObjectName("resultExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (
            self.summary,
            self.bars,
            self.profiles,
            self.matrix,
            self.rounds,
            self.explanation,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def set_display(self, display: VoteDisplay) -> None:
        state = _("décompte en cours") if display.live else _("résultat final")
        self.summary.setText(
            _("{state} — bulletins : {ballots}, blancs : {blank}, nuls : {spoiled}").format(
                state=state, ballots=display.ballots, blank=display.blank, spoiled=display.spoiled
            )
        )
        self.bars.setVisible(bool(display.bars) and not display.profiles)
        self.bars.set_display(display)
        self.profiles.setVisible(bool(display.profiles))
        self.profiles.set_display(display)
        self.matrix.setVisible(bool(display.matrix))
        if display.matrix:
            self._fill_matrix(display)
        self.rounds.setVisible(bool(display.rounds))
        if display.rounds:
            self._fill_rounds(display)
        self.explanation.setText(display.explanation)

    def _fill_matrix(self, display: VoteDisplay) -> None:
        labels = display.matrix_labels
        self.matrix.setRowCount(len(labels))
        self.matrix.setColumnCount(len(labels))
        self.matrix.setVerticalHeaderLabels(list(labels))
        self.matrix.setHorizontalHeaderLabels([str(n + 1) for n in range(len(labels))])
        self.matrix.setToolTip(_("Ligne préférée à colonne : nombre de bulletins."))
        for a, row in enumerate(display.matrix):
            for b, value in enumerate(row):
                item = QTableWidgetItem("—" if a == b else str(value))
                if a != b and value > display.matrix[b][a]:
                    item.setForeground(WINNER)
                self.matrix.setItem(a, b, item)

    def _fill_rounds(self, display: VoteDisplay) -> None:
        options = [label for label, _n in display.rounds[0]]
        self.rounds.setRowCount(len(options))
        self.rounds.setColumnCount(len(display.rounds))
        self.rounds.setVerticalHeaderLabels(options)
        self.rounds.setHorizontalHeaderLabels(
            [_("Tour {number}").format(number=n + 1) for n in range(len(display.rounds))]
        )
        for column, round_votes in enumerate(display.rounds):
            counts = dict(round_votes)
            for row, label in enumerate(options):
                text = str(counts[label]) if label in counts else ""
                self.rounds.setItem(row, column, QTableWidgetItem(text))
