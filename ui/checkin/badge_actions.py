"""Badges from Accueil: showing a person's badge, re-issuing a lost one, printing the PDF.

Badges missing at print time are issued first (database thread); the PDF is written on the I/O
pool with a progress bar in the page's toolbar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from civodesk.changes import ChangeSet
from civodesk.checkin.views import BadgeView
from civodesk.documents.badges import Layout, write_badges_pdf
from civodesk.i18n import _, ngettext
from civodesk.meetings.meeting import MeetingDetails
from ui.checkin.badge_dialog import BadgeDialog
from ui.checkin.badge_print_dialog import BadgePrintDialog
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.confirmation import ask_confirmation

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage


@dataclass(frozen=True)
class IssuedBadges:
    """Badges to show or print, and the change that issued the missing ones (the writer
    publishes it like any other)."""

    badges: list[BadgeView]
    change: ChangeSet | None
    meeting: MeetingDetails | None = None


class ProgressRelay(QObject):
    """Carries progress from a worker thread to the GUI thread (queued signal)."""

    progressed = Signal(int)


class BadgeActions(QObject):
    def __init__(self, page: CheckinPage, context: WorkspaceContext) -> None:
        super().__init__(page)
        self._page = page
        self._context = context
        self.last_pdf: Path | None = None

    def open_badge(self) -> None:
        page = self._page
        row = page.selected_row()
        if row is None or page.meeting is None:
            return
        meeting_id, participant_id = page.meeting.id, row.participant_id
        self._context.tasks.submit_db(
            self._badge_for,
            meeting_id,
            participant_id,
            page.read_only,
            on_done=self._show_issued,
        )

    def _badge_for(self, meeting_id: str, participant_id: str, read_only: bool) -> IssuedBadges:
        """Writer's thread: the person's valid badge, issuing one first if they have none."""
        checkin = self._context.services.checkin
        change = None if read_only else checkin.issue_badges(meeting_id, [participant_id])
        badges = checkin.list_badges(meeting_id, [participant_id])
        if not badges:
            raise LookupError(_("Aucun badge pour cette personne."))
        return IssuedBadges(badges, change)

    def _show_issued(self, issued: IssuedBadges) -> None:
        self.show_badge(issued.badges[0])

    def show_badge(self, badge: BadgeView) -> None:
        dialog = BadgeDialog(badge, self._page.read_only, self._page)
        dialog.print_requested.connect(lambda pid: self.choose_badges_pdf([pid]))
        dialog.reissue_requested.connect(lambda pid: self._confirm_reissue(pid, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.badge_dialog = dialog

    def _confirm_reissue(self, participant_id: str, dialog: BadgeDialog) -> None:
        assert self._page.meeting is not None
        meeting_id = self._page.meeting.id

        def reissue() -> None:
            dialog.close()
            self._context.run_change(
                self._context.services.checkin.reissue_badge,
                meeting_id,
                participant_id,
                on_done=lambda _change: self._context.tasks.submit_db(
                    self._badge_for, meeting_id, participant_id, False, on_done=self._show_issued
                ),
            )

        ask_confirmation(
            self._page,
            _("Réémettre le badge"),
            _("L'ancien badge et son code manuel seront refusés à l'accueil. Continuer ?"),
            _("Réémettre"),
            reissue,
        )

    def choose_badges_pdf(self, participant_ids: Sequence[str] | None = None) -> None:
        """Ask what to print (a sheet or invitations) and where, in our own dialog."""
        if self._page.meeting is None:
            return
        count_text = (
            _("Les badges de toutes les personnes inscrites, créés s'il en manque.")
            if participant_ids is None
            else ngettext(
                "Le badge de la personne choisie.",
                "Les badges des {count} personnes choisies.",
                len(participant_ids),
            ).format(count=len(participant_ids))
        )
        dialog = BadgePrintDialog(count_text, self._page)
        dialog.accepted.connect(
            lambda: self.print_badges_to(dialog.path(), dialog.chosen_layout(), participant_ids)
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.print_dialog = dialog

    def print_badges_to(
        self, path: Path, layout: Layout, participant_ids: Sequence[str] | None = None
    ) -> None:
        """Issue missing badges, then write the PDF on the I/O pool with a progress bar."""
        page = self._page
        if page.meeting is None:
            return
        meeting_id = page.meeting.id
        ids = list(participant_ids) if participant_ids is not None else None
        read_only = page.read_only
        page.work_label.setText(_("Préparation des badges…"))
        page.work_progress.setRange(0, 0)
        page.work_progress.show()

        def collect() -> IssuedBadges:
            services = self._context.services
            change = None if read_only else services.checkin.issue_badges(meeting_id, ids)
            return IssuedBadges(
                services.checkin.list_badges(meeting_id, ids),
                change,
                services.meetings.get_meeting(meeting_id),
            )

        self._context.tasks.submit_db(
            collect,
            on_done=lambda found: self._write_pdf(path, layout, found.meeting, found.badges),
            on_error=page.on_work_failed,
        )

    def _write_pdf(
        self, path: Path, layout: Layout, meeting: MeetingDetails, badges: list[BadgeView]
    ) -> None:
        page = self._page
        if not badges:
            page.on_work_failed(LookupError(_("Aucun participant inscrit : rien à imprimer.")))
            return
        relay = ProgressRelay(self)
        relay.progressed.connect(page.work_progress.setValue)
        page.work_progress.setRange(0, len(badges))
        page.work_label.setText(_("Création du PDF…"))
        self._context.tasks.submit_io(
            write_badges_pdf,
            path,
            meeting,
            badges,
            layout,
            relay.progressed.emit,
            on_done=lambda pages: self._on_pdf_written(path, len(badges), pages, relay),
            on_error=page.on_work_failed,
        )

    def _on_pdf_written(self, path: Path, count: int, pages: int, relay: QObject) -> None:
        relay.deleteLater()
        self._page.work_progress.hide()
        self._page.work_label.clear()
        self.last_pdf = path
        self._context.report(
            _("{count} badges sur {pages} pages : {path}").format(
                count=count, pages=pages, path=path
            )
        )
