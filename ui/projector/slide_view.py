"""Paints a projector slide: large fonts readable from the back of the room, high contrast.

Sizes follow the window's height, so the same slide reads the same on a 720p beamer and on a
4K screen. Nothing here decides what may be shown: that is ``civodesk.projector``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from civodesk.facilitation.agenda_run import TimerLevel, format_duration
from civodesk.i18n import _, ngettext
from civodesk.projector.slides import (
    BlankSlide,
    QuestionSlide,
    ResultsSlide,
    Slide,
    TimerSlide,
    WallColumn,
    WallSlide,
    WelcomeSlide,
    WordCloudSlide,
)
from ui.projector.results_painter import ResultsPainter

CARD_COLOURS = {
    "yellow": "#fff176",
    "pink": "#f8bbd0",
    "blue": "#b3e5fc",
    "green": "#c5e1a5",
    "orange": "#ffcc80",
    "purple": "#d1c4e9",
}


@dataclass(frozen=True)
class Theme:
    background: QColor
    text: QColor
    accent: QColor
    muted: QColor
    card: QColor
    card_text: QColor
    warning: QColor
    over: QColor


HIGH_CONTRAST = Theme(
    QColor("#000000"), QColor("#ffffff"), QColor("#ffd600"), QColor("#bdbdbd"),
    QColor("#1a1a1a"), QColor("#ffffff"), QColor("#ffd600"), QColor("#ff5252"),
)  # fmt: skip
STANDARD = Theme(
    QColor("#f7f7f2"), QColor("#1b1b1b"), QColor("#0b4f8a"), QColor("#555555"),
    QColor("#ffffff"), QColor("#1b1b1b"), QColor("#b45f00"), QColor("#c62828"),
)  # fmt: skip


CARD_LINES = 6


def fit_lines(metrics: QFontMetricsF, text: str, width: float, lines: int) -> str:
    """``text`` shortened (with « … ») so that it wraps into at most ``lines`` lines."""
    limit = metrics.height() * lines + 1
    box = QRectF(0, 0, width, 100_000)
    flags = int(Qt.TextFlag.TextWordWrap)
    if metrics.boundingRect(box, flags, text).height() <= limit:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits, found by halving
        middle = (low + high + 1) // 2
        if metrics.boundingRect(box, flags, text[:middle].rstrip() + "…").height() <= limit:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:") + "…"


MAX_WALL_COLUMNS = 6
"""Columns the projector's wall shows at most: wider, a card's words no longer fit the back of
the room (at 1080 lines, six columns give about fifteen characters a line)."""


def projected_columns(
    columns: tuple[WallColumn, ...], limit: int = MAX_WALL_COLUMNS
) -> tuple[tuple[WallColumn, ...], int]:
    """The columns painted, and how many groups are left out: the first groups in wall order,
    and always the ungrouped column, where the ideas just typed land."""
    if len(columns) <= limit:
        return columns, 0
    loose = tuple(column for column in columns if column.cluster_id is None)
    groups = tuple(column for column in columns if column.cluster_id is not None)
    kept = groups[: limit - len(loose)] + loose
    return kept, len(columns) - len(kept)


class SlideView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideView")
        self.slide: Slide = BlankSlide()
        self.theme = HIGH_CONTRAST
        self._fitted: dict[tuple[str, float, str], tuple[str, float]] = {}
        self._columns: dict[int, tuple[WallColumn, tuple[object, ...], QPixmap]] = {}

    def show_slide(self, slide: Slide) -> None:
        self.slide = slide
        self.update()

    def set_high_contrast(self, on: bool) -> None:
        self.theme = HIGH_CONTRAST if on else STANDARD
        self.update()

    # Painting -----------------------------------------------------------------------------------

    def _font(self, share: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(14, int(self.height() * share)))
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        slide = self.slide
        if isinstance(slide, BlankSlide):
            painter.fillRect(self.rect(), QColor("#000000"))
            return
        painter.fillRect(self.rect(), self.theme.background)
        margin = self.height() * 0.05
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        if isinstance(slide, WelcomeSlide):
            self._welcome(painter, area, slide)
        elif isinstance(slide, QuestionSlide):
            self._question(painter, area, slide)
        elif isinstance(slide, TimerSlide):
            self._timer(painter, area, slide)
        elif isinstance(slide, WordCloudSlide):
            self._word_cloud(painter, area, slide)
        elif isinstance(slide, WallSlide):
            self._wall(painter, area, slide)
        elif isinstance(slide, ResultsSlide):
            theme = self.theme
            ResultsPainter(
                painter, self.height(), self._font, theme.text, theme.accent, theme.muted
            ).paint(area, slide)

    def _text(
        self,
        painter: QPainter,
        rect: QRectF,
        text: str,
        font: QFont,
        colour: QColor,
        flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
    ) -> None:
        painter.setFont(font)
        painter.setPen(QPen(colour))
        painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)

    def _heading(self, painter: QPainter, area: QRectF, text: str | None) -> QRectF:
        """A line at the top (the agenda item); returns the area left below it."""
        if not text:
            return area
        height = self.height() * 0.08
        self._text(
            painter,
            QRectF(area.left(), area.top(), area.width(), height),
            text,
            self._font(0.045, True),
            self.theme.accent,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        return area.adjusted(0, height + self.height() * 0.02, 0, 0)

    def _welcome(self, painter: QPainter, area: QRectF, slide: WelcomeSlide) -> None:
        third = area.height() / 3
        self._text(painter, QRectF(area.left(), area.top(), area.width(), third * 1.4),
                   slide.title, self._font(0.075, True), self.theme.text)  # fmt: skip
        subtitle = " · ".join(part for part in (slide.organization, slide.place) if part)
        self._text(painter, QRectF(area.left(), area.top() + third * 1.4, area.width(), third * 0.6),
                   subtitle, self._font(0.04), self.theme.muted)  # fmt: skip
        count = ngettext(
            "{count} personne présente", "{count} personnes présentes", slide.present_count
        ).format(count=slide.present_count)
        self._text(painter, QRectF(area.left(), area.top() + third * 2, area.width(), third),
                   count, self._font(0.06, True), self.theme.accent)  # fmt: skip

    def _question(self, painter: QPainter, area: QRectF, slide: QuestionSlide) -> None:
        rest = self._heading(painter, area, slide.item_title)
        text = slide.question or _("Pas de question en cours")
        colour = self.theme.text if slide.question else self.theme.muted
        self._text(painter, rest, text, self._font(0.08, True), colour)

    def _timer(self, painter: QPainter, area: QRectF, slide: TimerSlide) -> None:
        rest = self._heading(painter, area, slide.item_title or _("Aucun point en cours"))
        colour = {
            TimerLevel.NORMAL: self.theme.text,
            TimerLevel.WARNING: self.theme.warning,
            TimerLevel.OVER: self.theme.over,
        }[slide.level]
        big = QRectF(rest.left(), rest.top(), rest.width(), rest.height() * 0.75)
        self._text(
            painter, big, format_duration(slide.remaining_ms), self._font(0.32, True), colour
        )
        note = _("Prévu {planned}").format(planned=format_duration(slide.planned_ms))
        if slide.level == TimerLevel.OVER:
            note = _("Temps dépassé · prévu {planned}").format(
                planned=format_duration(slide.planned_ms)
            )
        elif not slide.running and slide.item_title:
            note = _("En pause · prévu {planned}").format(planned=format_duration(slide.planned_ms))
        self._text(painter, QRectF(rest.left(), big.bottom(), rest.width(), rest.height() * 0.25),
                   note, self._font(0.045), self.theme.muted)  # fmt: skip

    def _word_cloud(self, painter: QPainter, area: QRectF, slide: WordCloudSlide) -> None:
        rest = self._heading(painter, area, slide.item_title)
        if not slide.words:
            self._text(painter, rest, _("Pas encore d'idées pour ce point"), self._font(0.05),
                       self.theme.muted)  # fmt: skip
            return
        lines: list[list[tuple[str, QFont, float]]] = [[]]
        widths = [0.0]
        gap = self.height() * 0.025
        for index, word in enumerate(slide.words):
            font = self._font(0.035 + 0.09 * word.weight, word.weight > 0.5)
            width = QFontMetricsF(font).horizontalAdvance(word.text)
            if widths[-1] + width > rest.width() and lines[-1]:
                lines.append([])
                widths.append(0.0)
            lines[-1].append((word.text, font, width))
            widths[-1] += width + gap
            del index
        heights = [max(QFontMetricsF(f).height() for _t, f, _w in line) for line in lines]
        top = rest.top() + max(0.0, (rest.height() - sum(heights)) / 2)
        colours = (self.theme.text, self.theme.accent, self.theme.muted)
        for row, (line, height) in enumerate(zip(lines, heights, strict=True)):
            if top + height > rest.bottom():
                break
            x = rest.left() + (rest.width() - widths[row] + gap) / 2
            for position, (text, font, width) in enumerate(line):
                colour = colours[(row + position) % 2] if font.bold() else colours[2]
                self._text(painter, QRectF(x, top, width + 2, height), text, font, colour)
                x += width + gap
            top += height

    def _fit_card(
        self, metrics: QFontMetricsF, font: QFont, text: str, width: float
    ) -> tuple[str, float]:
        """A card's text fitted to its lines, and its height: measured once per text and size,
        so a wall repainted for each new idea measures only the new card."""
        key = (text, width, font.key())
        if key not in self._fitted:
            if len(self._fitted) > 5_000:
                self._fitted.clear()
            fitted = fit_lines(metrics, text, width, CARD_LINES)
            inner = QRectF(0, 0, width, 10_000)
            needed = metrics.boundingRect(inner, int(Qt.TextFlag.TextWordWrap), fitted).height()
            self._fitted[key] = (fitted, needed)
        return self._fitted[key]

    def _wall(self, painter: QPainter, area: QRectF, slide: WallSlide) -> None:
        rest = self._heading(painter, area, slide.item_title)
        if not slide.columns:
            self._text(painter, rest, _("Les idées apparaîtront ici dès qu'elles sont notées"),
                       self._font(0.05), self.theme.muted)  # fmt: skip
            return
        columns, hidden = projected_columns(slide.columns)
        if hidden:
            line = self.height() * 0.05
            self._text(painter, QRectF(rest.left(), rest.bottom() - line, rest.width(), line),
                       ngettext("+ {count} autre groupe, sur l'écran de l'animation",
                                "+ {count} autres groupes, sur l'écran de l'animation",
                                hidden).format(count=hidden),
                       self._font(0.03), self.theme.muted,
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
            rest = rest.adjusted(0, 0, 0, -line * 1.2)
        count = len(columns)
        gap = self.width() * 0.012
        width = (rest.width() - gap * (count - 1)) / count
        ratio = self.devicePixelRatioF()
        cache: dict[int, tuple[WallColumn, tuple[object, ...], QPixmap]] = {}
        for index, column in enumerate(columns):
            size = (width, rest.height(), gap, ratio, count, self.theme)
            cached = self._columns.get(id(column))
            if cached is not None and cached[0] is column and cached[1] == size:
                pixmap = cached[2]
            else:
                pixmap = QPixmap(int(width * ratio) + 1, int(rest.height() * ratio) + 1)
                pixmap.setDevicePixelRatio(ratio)
                pixmap.fill(self.theme.background)
                column_painter = QPainter(pixmap)
                column_painter.setRenderHints(painter.renderHints())
                self._column(column_painter, QRectF(0, 0, width, rest.height()), column, gap, count)
                column_painter.end()
            cache[id(column)] = (column, size, pixmap)
            painter.drawPixmap(QPointF(rest.left() + index * (width + gap), rest.top()), pixmap)
        self._columns = cache

    def _column(
        self, painter: QPainter, rest: QRectF, column: WallColumn, gap: float, count: int
    ) -> None:
        """One column of the wall, painted once into a pixmap and reused while it is unchanged
        (a new idea repaints its own column only)."""
        width = rest.width()
        left = rest.left()
        title_font = self._font(0.036 if count <= 4 else 0.028, True)
        card_font = self._font(0.026 if count > 3 else 0.03)
        metrics = QFontMetricsF(card_font)
        title = QFontMetricsF(title_font).elidedText(
            column.name or _("À classer"), Qt.TextElideMode.ElideRight, width
        )
        title_height = self.height() * 0.06
        self._text(painter, QRectF(left, rest.top(), width, title_height), title, title_font,
                   self.theme.accent, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        top = rest.top() + title_height + gap / 2
        for shown, card in enumerate(column.cards):
            text = card.text if card.author is None else f"{card.text} — {card.author}"
            badge_font = self._font(0.026, True)
            badge = f"+{card.supports}" if card.supports else ""
            reserved = QFontMetricsF(badge_font).horizontalAdvance(badge) + gap * 1.4
            text, needed = self._fit_card(metrics, card_font, text, width - gap * 1.2 - reserved)
            height = needed + gap * 1.2
            if top + height > rest.bottom() - metrics.height() * 1.5 and shown:
                more = len(column.cards) - shown
                self._text(painter, QRectF(left, top, width, metrics.height() * 1.4),
                           ngettext("+ {count} autre", "+ {count} autres", more).format(count=more),
                           card_font, self.theme.muted)  # fmt: skip
                break
            box = QRectF(left, top, width, height)
            fill = QColor(CARD_COLOURS.get(card.colour or "", self.theme.card.name()))
            painter.setPen(QPen(self.theme.muted, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(box, gap / 2, gap / 2)
            text_colour = QColor("#111111") if card.colour else self.theme.card_text
            self._text(painter, box.adjusted(gap * 0.6, gap * 0.6, -reserved, -gap * 0.6),
                       text, card_font, text_colour,
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            if card.supports:
                self._text(painter, box.adjusted(0, gap * 0.4, -gap * 0.5, 0), badge,
                           badge_font, self.theme.accent if not card.colour else QColor("#0b4f8a"),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            top += height + gap / 2
