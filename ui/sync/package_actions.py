"""The Sync page's meeting packages: export to a file, import one (with trust confirmed when no
certificate vouches for its desks), and what each outcome tells the user."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from civodesk.changes import ChangeSet
from civodesk.file_errors import describe_os_error
from civodesk.i18n import _, ngettext
from civodesk.transfer.package import (
    SUFFIX,
    ExportReport,
    ImportReport,
    PackageError,
    UntrustedPackageError,
    export_meeting,
    import_package,
    released_message,
)
from ui.shell.workspace_context import WorkspaceContext
from ui.sync.scheduler import PULLED_TOPICS
from ui.widgets.confirmation import ask_confirmation


class PackageActions(QObject):
    """Export and import of ``.civo`` packages, on the database thread."""

    def __init__(
        self, page: QWidget, context: WorkspaceContext, meeting_id: Callable[[], str | None]
    ) -> None:
        super().__init__(page)
        self._page = page
        self._context = context
        self._meeting_id = meeting_id

    def choose_file_and_export(self) -> None:
        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self._page,
            _("Exporter la réunion"),
            str(Path.home() / "reunion.civo"),
            _("Paquets de réunion CivoDesk (*.civo)"),
        )
        if not path:
            return
        out = Path(path)
        if out.suffix != SUFFIX:
            out = out.with_name(out.name + SUFFIX)
        self._context.tasks.submit_db(
            export_meeting,
            self._context.services,
            meeting_id,
            out,
            on_done=self._on_exported,
            on_error=self._on_package_failed,
        )

    def _on_exported(self, report: ExportReport) -> None:
        self._context.report(
            ngettext(
                "Réunion exportée dans {path} ({count} événement).",
                "Réunion exportée dans {path} ({count} événements).",
                report.header.event_count,
            ).format(path=report.path, count=report.header.event_count)
        )

    def choose_file_and_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._page,
            _("Importer un paquet de réunion"),
            str(Path.home()),
            _("Paquets de réunion CivoDesk (*.civo)"),
        )
        if path:
            self._import(Path(path), trust=False)

    def _import(self, path: Path, *, trust: bool) -> None:
        self._context.tasks.submit_db(
            partial(import_package, trust=trust),
            self._context.services,
            path,
            on_done=self._on_imported,
            on_error=lambda error: self._on_import_failed(path, error),
        )

    def _on_import_failed(self, path: Path, error: BaseException) -> None:
        """A package from desks nobody vouches for: show them, and import only if confirmed."""
        if not isinstance(error, UntrustedPackageError):
            self._on_package_failed(error)
            return
        desks = "\n".join(
            _("• {label} — empreinte de clé {fingerprint}").format(
                label=desk.label or desk.device_id, fingerprint=desk.fingerprint
            )
            for desk in error.desks
        )
        ask_confirmation(
            self._page,
            _("Faire confiance à ces postes ?"),
            _(
                "Aucun certificat ne garantit les postes qui ont écrit ce paquet :\n\n{desks}\n\n"
                "Comparez ces empreintes avec celles que leurs utilisateurs lisent sur leur poste "
                "(page Synchronisation). N'importez le paquet que si elles sont identiques."
            ).format(desks=desks),
            _("Faire confiance et importer"),
            lambda: self._import(path, trust=True),
        )

    def _on_imported(self, report: ImportReport) -> None:
        message = ngettext(
            "Paquet « {title} » importé : {count} événement ajouté, {known} déjà présents.",
            "Paquet « {title} » importé : {count} événements ajoutés, {known} déjà présents.",
            report.accepted,
        ).format(title=report.header.meeting_title, count=report.accepted, known=report.duplicates)
        if report.released:
            message += " " + released_message(report.released)
        if report.rejected:
            message += " " + ngettext(
                "{count} refusé : {reason}", "{count} refusés : {reason}", len(report.rejected)
            ).format(count=len(report.rejected), reason=report.rejected[0].reason)
        self._context.report(message, is_error=bool(report.rejected))
        if report.accepted or report.released:
            self._context.record(
                ChangeSet(report.header.meeting_id, _("Import d'un paquet"), PULLED_TOPICS, 0)
            )
            self._context.sync.local_change()  # imported events go up like local ones
        self._context.sync.refresh_status()

    def _on_package_failed(self, error: BaseException) -> None:
        if isinstance(error, PackageError):
            message = _("Paquet refusé : {reason}").format(reason=error)
        elif isinstance(error, OSError):
            message = describe_os_error(error)
        else:
            message = str(error) or type(error).__name__
        self._context.report(message, is_error=True)
