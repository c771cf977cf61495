"""Personal data from Accueil (RGPD): one person's export and erasure, the purge of a closed meeting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from civodesk.i18n import _
from civodesk.owner_only import open_owner_only
from ui.shell.workspace_context import WorkspaceContext
from ui.widgets.confirmation import ask_confirmation

if TYPE_CHECKING:
    from ui.checkin.checkin_page import CheckinPage


class PersonalDataActions(QObject):
    def __init__(self, page: CheckinPage, context: WorkspaceContext) -> None:
        super().__init__(page)
        self._page = page
        self._context = context

    def choose_export_path(self) -> None:
        row = self._page.selected_row()
        if row is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self._page,
            _("Exporter les données de la personne"),
            f"{row.display_name or row.participant_id}.json",
            _("JSON (*.json)"),
        )
        if path:
            self.export_person_to(row.participant_id, Path(path))

    def export_person_to(self, participant_id: str, path: Path) -> None:
        page = self._page
        if page.meeting is None:
            return
        self._context.tasks.submit_db(
            self._context.services.privacy.export_person,
            page.meeting.id,
            participant_id,
            on_done=lambda data: self._context.tasks.submit_io(
                _write_json,
                path,
                data,
                on_done=lambda _r: self._context.report(
                    _("Données exportées : {path}").format(path=path)
                ),
                on_error=page.on_work_failed,
            ),
            on_error=page.on_work_failed,
        )

    def confirm_erase_person(self) -> None:
        """A person asks to be forgotten: confirm, then erase their names and contacts for good."""
        page = self._page
        row = page.selected_row()
        if page.meeting is None or row is None:
            return
        meeting_id, participant_id = page.meeting.id, row.participant_id
        ask_confirmation(
            page,
            _("Effacer les données de la personne"),
            _(
                "Effacer définitivement le nom, le courriel et le téléphone de {name}, sur ce "
                "poste puis sur les autres postes et le serveur à la prochaine synchronisation ? "
                "Sa présence reste comptée, anonymement. Cette action est enregistrée dans le "
                "journal et ne peut pas être annulée."
            ).format(name=row.display_name or _("cette personne")),
            _("Effacer définitivement"),
            lambda: self._context.run_change(
                self._context.services.privacy.erase_participant, meeting_id, participant_id
            ),
        )

    def confirm_purge(self) -> None:
        page = self._page
        if page.meeting is None:
            return
        if not page.read_only:
            self._context.report(
                _("Clôturez la réunion avant d'effacer les données personnelles."), is_error=True
            )
            return
        meeting_id = page.meeting.id
        ask_confirmation(
            page,
            _("Effacer les données personnelles"),
            _(
                "Effacer définitivement les noms, courriels et téléphones de tous les "
                "participants de cette réunion ? Les décomptes anonymes (présents, communes, "
                "votes) sont conservés. Cette action est enregistrée dans le journal et ne peut "
                "pas être annulée."
            ),
            _("Effacer définitivement"),
            lambda: self._context.run_change(
                self._context.services.privacy.purge_personal_data, meeting_id
            ),
        )


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with open_owner_only(path, encoding="utf-8") as stream:  # one person's data: owner only
        stream.write(json.dumps(data, ensure_ascii=False, indent=2))
