"""Concurrent edits kept for review: which field, the value kept by rule, and the other one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from civodesk.conflicts.service import ConflictView
from civodesk.i18n import N_, _
from ui.widgets.row_table_model import Index, RowTableModel

CONFLICT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CONFLICT_KIND_ROLE = Qt.ItemDataRole.UserRole + 2

ENTITY_LABELS = {
    "meeting": N_("Réunion"),
    "agenda_item": N_("Point de l'ordre du jour"),
    "participant": N_("Participant"),
    "idea": N_("Idée"),
    "proxy_giver": N_("Procuration"),
    "proxy_limit": N_("Procurations"),
    "badge": N_("Badge"),
    "arrival": N_("Entrée"),
}
FIELD_LABELS = {
    "title": N_("Titre"),
    "place": N_("Lieu"),
    "starts_at": N_("Début"),
    "ends_at": N_("Fin"),
    "description": N_("Description"),
    "facilitators": N_("Animateurs"),
    "quorum_percent": N_("Quorum"),
    "organization": N_("Organisme"),
    "duration_minutes": N_("Durée"),
    "position": N_("Position"),
    "first_name": N_("Prénom"),
    "last_name": N_("Nom"),
    "email": N_("Courriel"),
    "phone": N_("Téléphone"),
    "commune": N_("Commune"),
    "neighbourhood": N_("Quartier"),
    "age_bracket": N_("Tranche d'âge"),
    "text": N_("Texte"),
    "removed": N_("Retiré"),
    "deleted": N_("Supprimée"),
    # One-per-person rules broken by two desks (civodesk.conflicts.rule_conflicts)
    "proxy_giver": N_("Une seule procuration par personne absente"),
    "proxy_limit": N_("Maximum de procurations par personne"),
    "badge": N_("Un seul badge valide par personne"),
    "arrival": N_("Une seule entrée par personne"),
}
HEADERS = (N_("Élément"), N_("Champ"), N_("Valeur retenue"), N_("Autre valeur"))


def show_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return str(value.get("name", value))
    return str(value)


class ConflictModel(RowTableModel):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        conflict: ConflictView | None = self.row_for(index)
        if conflict is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            entity = ENTITY_LABELS.get(conflict.entity_type)
            field = FIELD_LABELS.get(conflict.field)
            return [
                _(entity) if entity else conflict.entity_type,
                _(field) if field else conflict.field,
                show_value(conflict.kept_value),
                show_value(conflict.other_value),
            ][index.column()]
        if role == CONFLICT_ID_ROLE:
            return conflict.id
        if role == CONFLICT_KIND_ROLE:
            return conflict.kind
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= 2:
            return show_value(conflict.kept_value if index.column() == 2 else conflict.other_value)
        return None
