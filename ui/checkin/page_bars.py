"""The Accueil page's two bars: the toolbar above the banner (walk-in, the list menu, sound, the
progress of a long print) and the action row below the list (entry, departure, proxy, badge,
edit, remove). Each bar builds its widgets and says which are enabled; the page wires them to its
controllers (``participant_actions``, ``attendance_actions``, ``badge_actions``,
``personal_data_actions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from civodesk.checkin.views import CheckinRow
from civodesk.i18n import _
from ui.shell.icons import icon

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage


def page_button(text: str, name: str, slot: Any, icon_name: str = "") -> QPushButton:
    button = QPushButton(icon(icon_name), text) if icon_name else QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class CheckinToolbar(QWidget):
    """Walk-in, the "Liste" menu (its actions also carry shortcuts on the page), sound, progress."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self.walk_in_button = page_button(
            _("Inscrire sur place"), "walkInButton", page.participants.open_walk_in, "add"
        )
        self.walk_in_button.setToolTip(
            _("Inscrire une personne venue sans inscription (Ctrl+Maj+N)")
        )
        self.list_button = QToolButton()
        self.list_button.setObjectName("listMenuButton")
        self.list_button.setText(_("Liste"))
        self.list_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        menu = QMenu(self.list_button)
        self.add_action = QAction(_("Ajouter un participant…"), page)
        self.add_action.triggered.connect(page.participants.open_add)
        self.import_action = QAction(_("Importer une liste CSV…"), page)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(page.participants.open_import)
        self.print_action = QAction(_("Imprimer les badges…"), page)
        self.print_action.triggered.connect(page.badges.choose_badges_pdf)
        self.export_action = QAction(_("Exporter les données de la personne…"), page)
        self.export_action.triggered.connect(page.personal_data.choose_export_path)
        self.erase_action = QAction(_("Effacer les données de la personne…"), page)
        self.erase_action.triggered.connect(page.personal_data.confirm_erase_person)
        self.purge_action = QAction(_("Effacer les données personnelles…"), page)
        self.purge_action.triggered.connect(page.personal_data.confirm_purge)
        self.proxy_action = QAction(_("Procuration de la personne choisie…"), page)
        self.proxy_action.setObjectName("proxyAction")
        self.proxy_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.proxy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.proxy_action.triggered.connect(page.attendance_actions.open_proxies)
        for action in (self.add_action, self.import_action, self.print_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.proxy_action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.erase_action)
        menu.addAction(self.purge_action)
        self.list_button.setMenu(menu)
        self.sound_check = QCheckBox(_("Son"))
        self.sound_check.setObjectName("soundCheck")
        self.sound_check.setToolTip(_("Un bip différent pour une entrée, un doublon ou un refus"))
        self.work_progress = QProgressBar()
        self.work_progress.setMaximumWidth(200)
        self.work_progress.hide()
        self.work_label = QLabel()
        self.work_label.setObjectName("secondaryText")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 6)
        row.addWidget(self.walk_in_button)
        row.addWidget(self.list_button)
        row.addStretch(1)
        row.addWidget(self.work_label)
        row.addWidget(self.work_progress)
        row.addWidget(self.sound_check)

    def update_state(self, row: CheckinRow | None, has_meeting: bool, read_only: bool) -> None:
        editable = has_meeting and not read_only
        self.walk_in_button.setEnabled(editable)
        self.add_action.setEnabled(editable)
        self.import_action.setEnabled(editable)
        self.purge_action.setEnabled(has_meeting and read_only)
        self.print_action.setEnabled(has_meeting)
        self.proxy_action.setEnabled(row is not None and has_meeting)
        self.export_action.setEnabled(row is not None)
        self.erase_action.setEnabled(row is not None)


class ActionBar(QWidget):
    """What can be done with the chosen row: entry, departure, proxy, badge; edit and remove."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self.check_in_button = page_button(
            _("Enregistrer l'entrée"), "checkInButton", page.check_in_selected
        )
        self.check_in_button.setToolTip(_("Entrée dans la recherche ou sur la ligne choisie"))
        self.check_out_button = page_button(_("Départ"), "checkOutButton", page.check_out_selected)
        self.check_out_button.setToolTip(_("La personne quitte la réunion (avant un vote)"))
        self.proxy_button = page_button(
            _("Procuration…"), "proxyButton", page.attendance_actions.open_proxies
        )
        self.proxy_button.setToolTip(_("Procurations données à la personne choisie (Ctrl+Maj+R)"))
        self.badge_button = page_button(_("Badge…"), "badgeButton", page.badges.open_badge)
        self.badge_button.setToolTip(_("Afficher, imprimer ou réémettre le badge (Ctrl+B)"))
        self.edit_button = page_button(
            _("Modifier…"), "editButton", page.participants.open_edit, "edit"
        )
        self.remove_button = page_button(
            _("Retirer"), "removeButton", page.participants.confirm_remove, "delete"
        )
        buttons = QHBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.check_in_button,
            self.check_out_button,
            self.proxy_button,
            self.badge_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)

    def update_state(self, row: CheckinRow | None, has_meeting: bool, read_only: bool) -> None:
        editable = has_meeting and not read_only
        self.check_in_button.setEnabled(editable and row is not None and not row.present)
        self.check_out_button.setEnabled(editable and row is not None and row.present)
        self.proxy_button.setEnabled(row is not None and has_meeting)
        self.badge_button.setEnabled(row is not None)
        self.edit_button.setEnabled(editable and row is not None)
        self.remove_button.setEnabled(editable and row is not None)
