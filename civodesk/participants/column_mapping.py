"""Matching the columns of a registration list to participant fields, French or English headers.

Headers are folded (no accents, lower case) and compared with known names: "Prénom", "PRENOM" and
"First name" all mean ``first_name``. The result is only a proposal: the import wizard shows it and
lets the person change any column before importing.
"""

from __future__ import annotations

from collections.abc import Sequence

from civodesk.checkin.name_search import fold
from civodesk.i18n import N_, _

FULL_NAME = "full_name"
CONSENT = "consent"
IMPORT_FIELDS = (
    "last_name",
    "first_name",
    FULL_NAME,
    "email",
    "phone",
    "commune",
    "neighbourhood",
    "age_bracket",
    CONSENT,
)
FIELD_LABELS = {
    "last_name": N_("Nom"),
    "first_name": N_("Prénom"),
    FULL_NAME: N_("Nom complet (prénom puis nom)"),
    "email": N_("Courriel"),
    "phone": N_("Téléphone"),
    "commune": N_("Commune"),
    "neighbourhood": N_("Quartier"),
    "age_bracket": N_("Tranche d'âge"),
    CONSENT: N_("Consentement (oui ou non)"),
}

_SYNONYMS = {
    "last_name": (
        "nom", "nom de famille", "nom d usage", "nom de naissance", "last name", "lastname",
        "surname", "family name",
    ),
    "first_name": ("prenom", "prenoms", "first name", "firstname", "given name", "forename"),
    FULL_NAME: (
        "nom complet", "nom et prenom", "prenom et nom", "prenom nom", "nom prenom", "full name",
        "name", "participant", "identite",
    ),
    "email": (
        "courriel", "email", "e mail", "mail", "adresse mail", "adresse email", "adresse e mail",
        "adresse electronique", "adresse courriel", "email address", "e mail address",
    ),
    "phone": (
        "telephone", "tel", "portable", "mobile", "phone", "phone number", "numero de telephone",
        "telephone mobile", "telephone portable", "cell", "cellphone",
    ),
    "commune": ("commune", "ville", "city", "town", "municipality", "localite", "commune de residence"),
    "neighbourhood": (
        "quartier", "neighbourhood", "neighborhood", "district", "secteur", "hameau", "village",
    ),
    "age_bracket": (
        "tranche d age", "tranche age", "age", "classe d age", "age bracket", "age group",
        "age range", "tranche",
    ),
    CONSENT: (
        "consentement", "consent", "consentement rgpd", "accord rgpd", "rgpd", "accord",
        "j accepte", "accepte", "opt in", "gdpr consent",
    ),
}  # fmt: skip
_EXACT = {fold(name): field for field, names in _SYNONYMS.items() for name in names}


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field])


def guess_field(header: str) -> str | None:
    """The field a header most likely holds, or None."""
    folded = fold(header)
    if not folded:
        return None
    if folded in _EXACT:
        return _EXACT[folded]
    padded = f" {folded} "
    matches = [(len(name), field) for name, field in _EXACT.items() if f" {name} " in padded]
    return max(matches)[1] if matches else None


def guess_mapping(headers: Sequence[str]) -> dict[int, str | None]:
    """Column index → field; a field is given to its first matching column only."""
    mapping: dict[int, str | None] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = guess_field(header)
        if field is not None and field in taken:
            field = None
        if field is not None:
            taken.add(field)
        mapping[index] = field
    if FULL_NAME in taken and ({"first_name", "last_name"} & taken):
        mapping = {i: (None if f == FULL_NAME else f) for i, f in mapping.items()}
    return mapping
