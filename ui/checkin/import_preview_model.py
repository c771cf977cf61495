"""The rows of a CSV import preview: what happens to each (new, changed, unchanged, to fix) and why.

The reason or the change is shown beside the state, wrapped, and in full in the tooltip of every
cell of the row, since the table is often too narrow for a long reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from civodesk.i18n import N_, _
from civodesk.participants.column_mapping import IMPORT_FIELDS, field_label
from civodesk.participants.import_preview import ImportPreview, PreviewRow, RowStatus, match_label
from ui.widgets.row_table_model import Index, RowTableModel

COLUMNS = (
    N_("Ligne"),
    N_("État"),
    N_("Problème ou modification"),
    N_("Nom"),
    N_("Prénom"),
    N_("Courriel"),
    N_("Téléphone"),
    N_("Commune"),
    N_("Quartier"),
    N_("Tranche d'âge"),
    N_("Consentement"),
)
REASON_COLUMN = 2
"""Right after the state, so the reason is read first, not cut off at the right edge."""
ERROR_BACKGROUND = QColor("#fde8e6")
ERROR_TEXT = QColor("#b3261e")
CHANGED_BACKGROUND = QColor("#fff4d6")


def status_text(row: PreviewRow) -> str:
    if row.status == RowStatus.ERROR:
        return _("À corriger")
    if row.status == RowStatus.NEW:
        return _("Nouvelle")
    key = match_label(row.matched_by)
    if row.status == RowStatus.CHANGED:
        return _("Modifiée (par {key})").format(key=key)
    return _("Inchangée (par {key})").format(key=key)


def _label(name: str) -> str:
    if name == "consent":
        return _("Consentement")
    if name in IMPORT_FIELDS:
        return field_label(name)
    return _("Finalité du consentement") if name == "consent_purpose" else name


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return str(value) if value else "—"


def reason_text(row: PreviewRow) -> str:
    """The row's problems, or what the import changes, in full."""
    if row.errors:
        return " ".join(row.errors)
    return "; ".join(
        _("{field} : {before} → {after}").format(
            field=_label(name), before=_shown(row.before.get(name)), after=_shown(value)
        )
        for name, value in row.changes.items()
    )


class ImportPreviewModel(RowTableModel):
    headers = COLUMNS

    def set_preview(self, preview: ImportPreview | None, errors_only: bool = False) -> None:
        rows = list(preview.rows) if preview is not None else []
        self.set_rows([row for row in rows if row.errors] if errors_only else rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row: PreviewRow | None = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            fields = row.fields
            values = (
                row.line,
                status_text(row),
                reason_text(row),
                fields.last_name,
                fields.first_name,
                fields.email,
                fields.phone,
                fields.commune,
                fields.neighbourhood,
                fields.age_bracket,
                "" if row.errors else _shown(row.consent),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = reason_text(row)
            return text or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.errors:
                return QBrush(ERROR_BACKGROUND)
            if row.status == RowStatus.CHANGED:
                return QBrush(CHANGED_BACKGROUND)
        if (
            row.errors
            and role == Qt.ItemDataRole.ForegroundRole
            and index.column()
            in (
                1,
                REASON_COLUMN,
            )
        ):
            return QBrush(ERROR_TEXT)
        return None
