"""Paints the results slide: bars, merit profiles, the pairwise matrix or the rounds, big enough
for the back of the room. It draws ``civodesk.voting.display`` data as the facilitator's charts
do (``ui.voting.result_chart``), with the projector's theme and sizes that follow its height.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from civodesk.i18n import _, ngettext
from civodesk.projector.slides import ResultsSlide
from civodesk.voting.display import VoteDisplay
from civodesk.voting.vote import VoteStatus
from ui.voting.result_chart import GRADE_COLOURS

FontMaker = Callable[[float, bool], QFont]
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter


class ResultsPainter:
    """One paint of one results slide; ``font(share, bold)`` sizes text by the window height."""

    def __init__(
        self,
        painter: QPainter,
        height: float,
        font: FontMaker,
        text: QColor,
        accent: QColor,
        muted: QColor,
    ) -> None:
        self.painter = painter
        self.height = height
        self.font = font
        self.text_colour = text
        self.accent = accent
        self.muted = muted

    def text(
        self,
        rect: QRectF,
        text: str,
        font: QFont,
        colour: QColor,
        flags: Qt.AlignmentFlag = CENTRE,
    ) -> None:
        self.painter.setFont(font)
        self.painter.setPen(QPen(colour))
        self.painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)

    def elided(self, text: str, font: QFont, width: float) -> str:
        return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)

    # The slide ----------------------------------------------------------------------------------

    def paint(self, area: QRectF, slide: ResultsSlide) -> None:
        if slide.question is None:
            self.text(area, _("Aucun vote pour le moment"), self.font(0.05, False), self.muted)
            return
        title = QRectF(area.left(), area.top(), area.width(), self.height * 0.14)
        self.text(title, slide.question, self.font(0.05, True), self.accent, LEFT)
        rest = area.adjusted(0, title.height() + self.height * 0.01, 0, 0)
        display = slide.display
        if display is None:
            waiting = (
                _("Vote en cours : le résultat s'affichera une fois dévoilé")
                if slide.status is VoteStatus.OPEN
                else _("Vote clos : le résultat n'est pas encore dévoilé")
            )
            self.text(rest, waiting, self.font(0.055, True), self.text_colour)
            return
        line = self.height * 0.05
        self.text(QRectF(rest.left(), rest.top(), rest.width(), line), _summary(display),
                  self.font(0.03, False), self.muted, LEFT)  # fmt: skip
        footer = self.height * 0.15
        chart = QRectF(rest.left(), rest.top() + line * 1.3, rest.width(),
                       rest.height() - line * 1.3 - footer)  # fmt: skip
        if display.profiles:
            self.profiles(chart, display)
        elif display.matrix:
            self.matrix(chart, display)
        elif display.rounds:
            self.rounds(chart, display)
        else:
            self.bars(chart, display)
        why = "\n".join(display.explanation.splitlines()[1:])
        self.text(QRectF(rest.left(), chart.bottom() + self.height * 0.01, rest.width(), footer),
                  why, self.font(0.028, False), self.text_colour, LEFT)  # fmt: skip

    # Charts -------------------------------------------------------------------------------------

    def _rows(self, area: QRectF, count: int) -> float:
        return min(area.height() / max(1, count), self.height * 0.085)

    def _label_width(self, labels: Sequence[str], font: QFont, area: QRectF) -> float:
        """Room for the longest label, at most 40 % of the width (longer ones are elided)."""
        metrics = QFontMetricsF(font)
        longest = max((metrics.horizontalAdvance(label) for label in labels), default=0.0)
        return min(area.width() * 0.4, longest + metrics.height())

    def bars(self, area: QRectF, display: VoteDisplay) -> None:
        row = self._rows(area, len(display.bars))
        label_font = self.font(min(0.04, row / self.height * 0.5), False)
        label_width = self._label_width([bar.label for bar in display.bars], label_font, area)
        value_width = area.width() * 0.12
        room = area.width() - label_width - value_width
        top = max((bar.value for bar in display.bars), default=0) or 1
        for index, bar in enumerate(display.bars):
            y = area.top() + index * row
            colour = self.accent if bar.winner else self.text_colour
            label = self.elided(bar.label, label_font, label_width - row * 0.3)
            self.text(QRectF(area.left(), y, label_width - row * 0.3, row), label, label_font,
                      colour, RIGHT)  # fmt: skip
            width = room * bar.value / top
            fill = QRectF(area.left() + label_width, y + row * 0.18, width, row * 0.64)
            self.painter.fillRect(fill, self.accent if bar.winner else self.muted)
            self.text(QRectF(fill.right() + row * 0.2, y, value_width, row), str(bar.value),
                      self.font(min(0.04, row / self.height * 0.5), True), colour, LEFT)  # fmt: skip

    def profiles(self, area: QRectF, display: VoteDisplay) -> None:
        legend = self.height * 0.05
        body = area.adjusted(0, 0, 0, -legend)
        row = self._rows(body, len(display.profiles))
        font = self.font(min(0.036, row / self.height * 0.45), False)
        label_width = self._label_width([p.label for p in display.profiles], font, area)
        grade_width = area.width() * 0.16
        room = area.width() - label_width - grade_width
        for index, profile in enumerate(display.profiles):
            y = body.top() + index * row
            colour = self.accent if profile.winner else self.text_colour
            label = self.elided(profile.label, font, label_width - row * 0.3)
            self.text(QRectF(body.left(), y, label_width - row * 0.3, row), label, font, colour,
                      RIGHT)  # fmt: skip
            total = sum(profile.counts) or 1
            x = body.left() + label_width
            for grade, number in enumerate(profile.counts):
                width = room * number / total
                self.painter.fillRect(QRectF(x, y + row * 0.15, width, row * 0.7),
                                      GRADE_COLOURS[grade])  # fmt: skip
                x += width
            middle = body.left() + label_width + room / 2
            self.painter.setPen(QPen(self.text_colour, max(2.0, self.height * 0.003)))
            self.painter.drawLine(
                int(middle), int(y + row * 0.05), int(middle), int(y + row * 0.95)
            )
            if profile.majority_grade is not None:
                name = display.grades[profile.majority_grade]
                self.text(QRectF(body.left() + label_width + room + row * 0.3, y, grade_width, row),
                          name, self.font(min(0.032, row / self.height * 0.4), profile.winner),
                          colour, LEFT)  # fmt: skip
        self._legend(QRectF(area.left() + label_width, body.bottom(), room + grade_width, legend),
                     display.grades)  # fmt: skip

    def _legend(self, area: QRectF, grades: Sequence[str]) -> None:
        font = self.font(0.022, False)
        metrics = QFontMetricsF(font)
        box = metrics.height() * 0.7
        x = area.left()
        for grade, name in enumerate(grades):
            width = box * 1.4 + metrics.horizontalAdvance(name) + box
            self.painter.fillRect(QRectF(x, area.center().y() - box / 2, box, box),
                                  GRADE_COLOURS[grade])  # fmt: skip
            self.text(QRectF(x + box * 1.4, area.top(), width, area.height()), name, font,
                      self.text_colour, LEFT)  # fmt: skip
            x += width

    def _table(
        self,
        area: QRectF,
        rows: Sequence[str],
        columns: Sequence[str],
        cell: Callable[[int, int], tuple[str, bool]],
    ) -> None:
        """A grid: row labels on the left, a header line, cells (text, highlighted)."""
        height = self._rows(area, len(rows) + 1)
        font = self.font(min(0.034, height / self.height * 0.45), False)
        bold = self.font(min(0.034, height / self.height * 0.45), True)
        label_width = self._label_width(rows, font, area)
        width = min((area.width() - label_width) / max(1, len(columns)), self.height * 0.22)
        for column, name in enumerate(columns):
            rect = QRectF(area.left() + label_width + column * width, area.top(), width, height)
            self.text(rect, self.elided(name, font, width * 0.95), bold, self.muted)
        for row, name in enumerate(rows):
            y = area.top() + (row + 1) * height
            if row % 2 == 0:
                band = QColor(self.muted)
                band.setAlpha(40)
                self.painter.fillRect(
                    QRectF(area.left(), y, label_width + width * len(columns), height), band
                )
            self.text(QRectF(area.left(), y, label_width - height * 0.3, height),
                      self.elided(name, font, label_width - height * 0.3), font,
                      self.text_colour, RIGHT)  # fmt: skip
            for column in range(len(columns)):
                text, strong = cell(row, column)
                rect = QRectF(area.left() + label_width + column * width, y, width, height)
                self.text(rect, text, bold if strong else font,
                          self.accent if strong else self.text_colour)  # fmt: skip

    def matrix(self, area: QRectF, display: VoteDisplay) -> None:
        """Row preferred to column: the number of ballots; a duel won is highlighted."""
        labels = display.matrix_labels
        note = self.height * 0.045
        self.text(QRectF(area.left(), area.top(), area.width(), note),
                  _("Ligne préférée à colonne : nombre de bulletins."), self.font(0.024, False),
                  self.muted, LEFT)  # fmt: skip
        winners = set(display.winners)

        def cell(row: int, column: int) -> tuple[str, bool]:
            if row == column:
                return "—", False
            value = display.matrix[row][column]
            return str(value), value > display.matrix[column][row]

        self._table(
            area.adjusted(0, note, 0, 0),
            [f"{n + 1}. {label}" + (" ★" if label in winners else "") for n, label in enumerate(labels)],
            [str(n + 1) for n in range(len(labels))],
            cell,
        )  # fmt: skip

    def rounds(self, area: QRectF, display: VoteDisplay) -> None:
        options = [label for label, _n in display.rounds[0]]
        counts = [dict(round_votes) for round_votes in display.rounds]
        winners = set(display.winners)

        def cell(row: int, column: int) -> tuple[str, bool]:
            votes = counts[column]
            label = options[row]
            if label not in votes:
                return "", False
            last = column == len(counts) - 1
            return str(votes[label]), last and label in winners

        self._table(
            area,
            options,
            [_("Tour {number}").format(number=n + 1) for n in range(len(counts))],
            cell,
        )


def _summary(display: VoteDisplay) -> str:
    state = _("Décompte en cours") if display.live else _("Résultat final")
    ballots = ngettext("{count} bulletin", "{count} bulletins", display.ballots).format(
        count=display.ballots
    )
    return _("{method} · {state} · {ballots} (blancs : {blank}, nuls : {spoiled})").format(
        method=display.method_label,
        state=state,
        ballots=ballots,
        blank=display.blank,
        spoiled=display.spoiled,
    )
