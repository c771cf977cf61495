"""The registration list from Accueil: walk-ins, adding, editing, removing, importing a CSV.

The dialogs are children of the page (window-modal, non-blocking); every change goes through the
workspace's change path, so undo, the save indicator and sync follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from civodesk.checkin.admission import WalkInResult
from civodesk.checkin.manual_code import normalize_manual_code
from civodesk.i18n import _
from civodesk.participants.participant import PARTICIPANT_FIELD_NAMES, ParticipantView
from ui.checkin.import_wizard import ImportWizard
from ui.checkin.participant_dialog import ParticipantDialog
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.confirmation import ask_confirmation

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage


class ParticipantActions(QObject):
    def __init__(self, page: CheckinPage, context: WorkspaceContext) -> None:
        super().__init__(page)
        self._page = page
        self._context = context

    def open_walk_in(self) -> None:
        page = self._page
        if page.meeting is None or page.read_only:
            return
        dialog = ParticipantDialog("walk_in", page)
        query = page.search.text().strip()
        if query and normalize_manual_code(query) is None:
            words = query.split()
            dialog.first_name.setText(words[0].capitalize())
            dialog.last_name.setText(" ".join(words[1:]))
        dialog.accepted.connect(lambda: self._register_walk_in(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.walk_in_dialog = dialog

    def _register_walk_in(self, dialog: ParticipantDialog) -> None:
        assert self._page.meeting is not None
        self._context.tasks.submit_db(
            self._context.services.checkin.register_walk_in,
            self._page.meeting.id,
            dialog.fields(),
            dialog.consent_purpose(),
            on_done=self._on_walk_in_registered,
            on_error=self._page.on_scan_failed,
        )

    def _on_walk_in_registered(self, result: WalkInResult) -> None:
        self._context.record(result.change)
        self._page.search.clear()
        self._page.show_result(result.scan)
        self._page.badges.show_badge(result.badge)

    def open_add(self) -> None:
        page = self._page
        if page.meeting is None or page.read_only:
            return
        dialog = ParticipantDialog("add", page)
        dialog.accepted.connect(lambda: self._add(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.add_dialog = dialog

    def _add(self, dialog: ParticipantDialog) -> None:
        assert self._page.meeting is not None
        self._context.run_change(
            self._context.services.participants.register_many,
            self._page.meeting.id,
            [dialog.fields()],
            dialog.consent_purpose(),
        )

    def open_edit(self) -> None:
        page = self._page
        row = page.selected_row()
        if row is None or page.meeting is None or page.read_only:
            return
        self._context.tasks.submit_db(
            self._context.services.participants.get_participant,
            page.meeting.id,
            row.participant_id,
            on_done=self._show_edit_dialog,
        )

    def _show_edit_dialog(self, person: ParticipantView) -> None:
        dialog = ParticipantDialog("edit", self._page, person)
        dialog.accepted.connect(lambda: self._save_edit(person, dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.edit_dialog = dialog

    def _save_edit(self, person: ParticipantView, dialog: ParticipantDialog) -> None:
        assert self._page.meeting is not None
        fields = dialog.fields()
        changes = {
            name: getattr(fields, name)
            for name in PARTICIPANT_FIELD_NAMES
            if getattr(fields, name) != getattr(person, name)
        }
        changes.update(dialog.consent_changes())
        if changes:
            self._context.run_change(
                self._context.services.participants.update_participant,
                self._page.meeting.id,
                person.id,
                changes,
                person.version,
            )

    def confirm_remove(self) -> None:
        page = self._page
        row = page.selected_row()
        if row is None or page.meeting is None or page.read_only:
            return
        meeting_id = page.meeting.id
        ask_confirmation(
            page,
            _("Retirer le participant"),
            _(
                "Retirer {name} de la liste d'inscription ? Son badge sera refusé. "
                "Vous pourrez annuler (Ctrl+Z)."
            ).format(name=row.display_name),
            _("Retirer"),
            lambda: self._context.run_change(
                self._context.services.participants.remove_participant,
                meeting_id,
                row.participant_id,
            ),
        )

    def open_import(self) -> None:
        page = self._page
        if page.meeting is None or page.read_only:
            return
        wizard = ImportWizard(self._context, page.meeting.id, page)
        wizard.finished.connect(wizard.deleteLater)
        wizard.open()
        self.import_wizard = wizard
