"""Why a scan was refused, as a stable code (stored in the journal) and a plain sentence."""

from __future__ import annotations

from enum import StrEnum

from civodesk.i18n import N_, _


class RefusalReason(StrEnum):
    EMPTY = "empty"
    NOT_A_BADGE = "not_a_badge"
    DAMAGED = "damaged"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    OTHER_MEETING = "other_meeting"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN_PARTICIPANT = "unknown_participant"
    REMOVED = "removed"
    UNKNOWN_CODE = "unknown_code"
    AMBIGUOUS_CODE = "ambiguous_code"
    WRONG_LAYOUT = "wrong_layout"
    MEETING_CLOSED = "meeting_closed"

    @property
    def message(self) -> str:
        return _(_MESSAGES[self])


_MESSAGES = {
    RefusalReason.EMPTY: N_("Lecture vide : scannez à nouveau."),
    RefusalReason.NOT_A_BADGE: N_("Ce code n'est pas un badge de CivoDesk."),
    RefusalReason.DAMAGED: N_(
        "Badge illisible ou abîmé : scannez à nouveau ou tapez le code manuel."
    ),
    RefusalReason.UNSUPPORTED_VERSION: N_(
        "Badge d'un format plus récent : mettez CivoDesk à jour sur ce poste."
    ),
    RefusalReason.UNKNOWN_KEY: N_(
        "Badge émis par un poste inconnu de cette réunion : synchronisez les postes, "
        "ou cherchez la personne par son nom."
    ),
    RefusalReason.BAD_SIGNATURE: N_("Signature invalide : ce badge a été modifié ou contrefait."),
    RefusalReason.OTHER_MEETING: N_("Ce badge est celui d'une autre réunion."),
    RefusalReason.REVOKED: N_("Badge remplacé : un nouveau badge a été émis pour cette personne."),
    RefusalReason.EXPIRED: N_("Badge expiré : la réunion de ce badge est terminée."),
    RefusalReason.UNKNOWN_PARTICIPANT: N_(
        "Personne inconnue sur ce poste : synchronisez les postes, ou cherchez-la par son nom."
    ),
    RefusalReason.REMOVED: N_("Cette inscription a été retirée."),
    RefusalReason.UNKNOWN_CODE: N_("Code manuel inconnu pour cette réunion."),
    RefusalReason.AMBIGUOUS_CODE: N_(
        "Ce code manuel désigne plusieurs personnes : cherchez la personne par son nom."
    ),
    RefusalReason.WRONG_LAYOUT: N_("Disposition de clavier du lecteur incorrecte."),
    RefusalReason.MEETING_CLOSED: N_("La réunion est close : l'accueil est fermé."),
}
