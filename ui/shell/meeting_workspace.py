"""The workspace of one open meeting: a header, a stage navigation bar, and one page per stage."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from civodesk.changes import ChangeSet
from civodesk.i18n import N_, _
from civodesk.meetings.meeting import MeetingDetails
from ui.meetings.overview_page import OverviewPage
from ui.shell.formatting import format_datetime, status_label
from ui.shell.icons import icon
from ui.shell.workspace_context import WorkspaceContext


@dataclass(frozen=True)
class Stage:
    key: str
    label: str  # an N_() msgid, translated when shown
    icon_name: str
    page_class: str  # "module:Class", imported when the page is first shown

    def build(self, context: WorkspaceContext) -> QWidget:
        module_name, class_name = self.page_class.split(":")
        page_class = getattr(importlib.import_module(module_name), class_name)
        page: QWidget = page_class(context)
        return page


STAGES = (
    Stage("overview", N_("Réunion"), "meeting", "ui.meetings.overview_page:OverviewPage"),
    Stage("checkin", N_("Accueil"), "checkin", "ui.checkin.checkin_page:CheckinPage"),
    Stage("ideas", N_("Idées"), "ideas", "ui.ideas.ideas_page:IdeasPage"),
    Stage("votes", N_("Votes"), "votes", "ui.voting.votes_page:VotesPage"),
    Stage("minutes", N_("Compte-rendu"), "minutes", "ui.minutes.minutes_page:MinutesPage"),
    Stage("sync", N_("Synchronisation"), "sync", "ui.sync.sync_page:SyncPage"),
)


def stage_shortcut(index: int) -> str:
    return f"Ctrl+{index + 1}"


class MeetingWorkspace(QWidget):
    """Shows one meeting. The main window owns the actions (edit, close, reopen, undo…).

    Pages are built the first time they are shown, so opening a meeting costs only the page in
    view: the Accueil page's camera support and the sync page's network stack load on demand.

    ``back_requested`` returns to the meeting list; ``edit_requested`` and ``reopen_requested``
    come from buttons inside the workspace.
    """

    back_requested = Signal()
    edit_requested = Signal()
    reopen_requested = Signal()
    page_changed = Signal(int)

    def __init__(self, context: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingWorkspace")
        self._context = context
        self.details: MeetingDetails | None = None

        self.back_button = QToolButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setIcon(icon("back"))
        self.back_button.setText(_("Réunions"))
        self.back_button.setToolTip(_("Revenir à la liste des réunions (Alt+Gauche)"))
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.clicked.connect(self.back_requested)
        self.title_label = QLabel()
        self.title_label.setObjectName("workspaceTitle")
        self.title_label.setWordWrap(True)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("secondaryText")
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")

        titles = QVBoxLayout()
        titles.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        titles.addLayout(title_row)
        titles.addWidget(self.subtitle_label)
        header = QFrame()
        header.setObjectName("workspaceHeader")
        header_layout = QHBoxLayout(header)
        header_layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        header_layout.addSpacing(8)
        header_layout.addLayout(titles, 1)

        self.closed_banner = QFrame()
        self.closed_banner.setObjectName("closedBanner")
        banner_text = QLabel(
            _(
                "Cette réunion est close : elle est en lecture seule. La rouvrir est une action "
                "enregistrée dans le journal, avec sa raison."
            )
        )
        banner_text.setWordWrap(True)
        self.reopen_button = QPushButton(icon("unlock"), _("Rouvrir…"))
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.clicked.connect(self.reopen_requested)
        banner_layout = QHBoxLayout(self.closed_banner)
        lock = QLabel()
        lock.setPixmap(icon("lock").pixmap(QSize(20, 20)))
        banner_layout.addWidget(lock)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.reopen_button)
        self.closed_banner.hide()

        self.navigation = QFrame()
        self.navigation.setObjectName("stageNavigation")
        navigation_layout = QVBoxLayout(self.navigation)
        navigation_layout.setContentsMargins(8, 12, 8, 12)
        navigation_layout.setSpacing(4)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        self.stack = QStackedWidget()
        self._built: dict[int, QWidget] = {}
        for index, stage in enumerate(STAGES):
            self.stack.addWidget(QWidget())  # replaced by the real page on first show
            button = QToolButton()
            button.setObjectName(f"{stage.key}StageButton")
            button.setCheckable(True)
            button.setIcon(icon(stage.icon_name))
            button.setIconSize(QSize(22, 22))
            button.setText(_(stage.label))
            button.setToolTip(
                _("{page} ({shortcut})").format(page=_(stage.label), shortcut=stage_shortcut(index))
            )
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self._buttons.addButton(button, index)
            navigation_layout.addWidget(button)
        navigation_layout.addStretch(1)
        self._buttons.idClicked.connect(self.show_page)

        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.navigation)
        content = QVBoxLayout()
        content.setContentsMargins(16, 12, 16, 8)
        content.addWidget(self.closed_banner)
        content.addWidget(self.stack, 1)
        body.addLayout(content, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.show_page(0)

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built (and given the current meeting) if not yet."""
        if index not in self._built:
            stage = STAGES[index]
            page = stage.build(self._context)
            page.setObjectName(f"{stage.key}Page")
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[index] = page
            if index == 0:
                page.edit_requested.connect(self.edit_requested)  # type: ignore[attr-defined]
            if self.details is not None:
                page.set_meeting(self.details)  # type: ignore[attr-defined]
        return self._built[index]

    @property
    def pages(self) -> list[QWidget]:
        """Every page, building those not shown yet (tests and tools; the UI uses ``page``)."""
        return [self.page(index) for index in range(len(STAGES))]

    @property
    def built_pages(self) -> list[QWidget]:
        return [self._built[index] for index in sorted(self._built)]

    @property
    def overview_page(self) -> OverviewPage:
        page = self.page(0)
        assert isinstance(page, OverviewPage)
        return page

    @property
    def current_index(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, index: int) -> None:
        if 0 <= index < len(STAGES):
            self.page(index)
            self.stack.setCurrentIndex(index)
            button = self._buttons.button(index)
            if button is not None:
                button.setChecked(True)
            self.page_changed.emit(index)

    def set_meeting(self, details: MeetingDetails) -> None:
        self.details = details
        self.title_label.setText(details.fields.title)
        self.subtitle_label.setText(
            _("{organization} · {place} · {date}").format(
                organization=details.fields.organization,
                place=details.fields.place or _("lieu non précisé"),
                date=format_datetime(details.fields.starts_at),
            )
        )
        self.status_badge.setText(status_label(details.status))
        self.status_badge.setProperty("status", details.status.value)
        self.status_badge.style().unpolish(self.status_badge)
        self.status_badge.style().polish(self.status_badge)
        self.closed_banner.setVisible(details.is_read_only)
        for page in self.built_pages:
            page.set_meeting(details)  # type: ignore[attr-defined]

    def refresh(self, topics: frozenset[str]) -> None:
        for page in self.built_pages:
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh(topics)

    def apply_change(self, change: ChangeSet) -> None:
        """One committed change: pages that can update only what it names get it whole
        (``apply_change``), the others reload what its topics concern (``refresh``)."""
        for page in self.built_pages:
            apply_change = getattr(page, "apply_change", None)
            if callable(apply_change):
                apply_change(change)
                continue
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh(change.topics)

    def shutdown(self) -> None:
        for page in self.built_pages:
            shutdown = getattr(page, "shutdown", None)
            if callable(shutdown):
                shutdown()
