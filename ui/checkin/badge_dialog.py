"""One person's badge on screen: to scan from the screen, print, or reissue when lost."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.checkin.manual_code import format_manual_code
from civodesk.checkin.views import BadgeView
from civodesk.documents.badges import qr_modules
from civodesk.i18n import _, elides

QR_PIXELS = 300


def qr_image(token: str, pixels: int = QR_PIXELS) -> QImage:
    """The badge QR as an image with a white margin (for the screen)."""
    modules = qr_modules(token)
    count = len(modules)
    image = QImage(count + 4, count + 4, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for row, values in enumerate(modules):
        for column, dark in enumerate(values):
            if dark:
                image.setPixel(column + 2, row + 2, 0xFF000000)
    return image.scaled(
        pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class BadgeDialog(QDialog):
    """``print_requested`` and ``reissue_requested`` are handled by the page (task runner)."""

    print_requested = Signal(str)
    reissue_requested = Signal(str)

    def __init__(self, badge: BadgeView, read_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badgeDialog")
        name = badge.display_name
        title = _("Badge d'{name}") if elides(name) else _("Badge de {name}")
        self.setWindowTitle(title.format(name=name))
        self.badge = badge
        picture = QLabel()
        picture.setObjectName("badgeQr")
        picture.setPixmap(QPixmap.fromImage(qr_image(badge.token)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = QLabel(badge.display_name or _("(nom effacé)"))
        name.setStyleSheet("font-size: 18pt; font-weight: 700;")
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label = QLabel(format_manual_code(badge.manual_code))
        self.code_label.setObjectName("badgeCode")
        self.code_label.setStyleSheet("font-family: monospace; font-size: 20pt; font-weight: 700;")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            _("Émis le {date}. Le code manuel sert quand le QR ne se lit pas.").format(
                date=badge.issued_on.strftime("%d/%m/%Y")
            )
        )
        hint.setObjectName("secondaryText")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Imprimer en PDF…"))
        self.print_button.setObjectName("printBadgeButton")
        self.reissue_button = QPushButton(_("Badge perdu : réémettre…"))
        self.reissue_button.setObjectName("reissueBadgeButton")
        self.reissue_button.setEnabled(not read_only)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reissue_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Fermer"))
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(badge.participant_id))
        self.reissue_button.clicked.connect(
            lambda: self.reissue_requested.emit(badge.participant_id)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(picture)
        layout.addWidget(name)
        layout.addWidget(self.code_label)
        layout.addWidget(hint)
        layout.addWidget(buttons)
