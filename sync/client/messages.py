"""The desk's own words for the server's error and rejection codes.

The server explains itself in English (its ``message`` and ``reason`` fields are for logs and
administrators); the desk shows a sentence in the user's language chosen from the protocol code,
and keeps the server's text only as a detail.
"""

from __future__ import annotations

from civodesk.i18n import N_, _
from civodesk.journal.deferred import MISSING_DEPENDENCY
from sync.protocol import ErrorCode, RejectionCode

ERROR_MESSAGES: dict[str, str] = {
    ErrorCode.MISSING_TOKEN: N_("ce poste n'a pas présenté de jeton d'accès"),
    ErrorCode.INVALID_TOKEN: N_("le jeton d'accès de ce poste est inconnu du serveur"),
    ErrorCode.DEVICE_REVOKED: N_("ce poste a été révoqué par l'équipe centrale"),
    ErrorCode.NOT_JOINED: N_("ce poste ne participe pas à cette réunion : rejoignez-la d'abord"),
    ErrorCode.FORBIDDEN_MEETING: N_("cette réunion appartient à une autre collectivité"),
    ErrorCode.NOT_FOUND: N_("adresse inconnue du serveur"),
    ErrorCode.INVALID_ENROLL_CODE: N_("code inconnu, déjà utilisé ou expiré"),
    ErrorCode.INVALID_PROOF: N_(
        "le serveur n'a pas reconnu la preuve de la clé de ce poste ; redemandez un code"
    ),
    ErrorCode.DEVICE_KEY_MISMATCH: N_(
        "cet identifiant de poste est déjà pris (par une autre clé, ou encore actif ailleurs) : "
        "réinscrivez-vous depuis le poste qui détient sa clé, ou sous un nouvel identifiant"
    ),
    ErrorCode.UNSUPPORTED_PROTOCOL: N_(
        "le serveur et ce poste ne parlent pas la même version du protocole ; mettez à jour le "
        "plus ancien des deux (le serveur avant les postes)"
    ),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: N_("format d'envoi non pris en charge par le serveur"),
    ErrorCode.REQUEST_TOO_LARGE: N_("envoi trop volumineux pour le serveur"),
    ErrorCode.BATCH_TOO_LARGE: N_("trop d'événements dans un seul envoi"),
    ErrorCode.INVALID_BATCH: N_("le serveur n'a pas pu lire le lot d'événements envoyé"),
    ErrorCode.INVALID_CURSOR: N_("position de réception inconnue du serveur"),
    ErrorCode.INVALID_REQUEST: N_("demande invalide"),
    ErrorCode.RATE_LIMITED: N_("trop de demandes, le serveur demande de patienter"),
    ErrorCode.SERVER_ERROR: N_("erreur interne du serveur"),
}

REJECTION_MESSAGES: dict[str, str] = {
    RejectionCode.INVALID_EVENT: N_("événement invalide ou altéré"),
    RejectionCode.EVENT_ID_CONFLICT: N_(
        "le serveur a déjà un autre événement sous cet identifiant"
    ),
    RejectionCode.ID_CONFLICT: N_(
        "l'identifiant que cet événement crée existe déjà dans la réunion"
    ),
    RejectionCode.CHAIN_MISMATCH: N_(
        "chaîne d'empreintes incohérente : un événement a été modifié ou manque"
    ),
    RejectionCode.SEQUENCE_GAP: N_("le serveur n'a pas encore reçu les événements précédents"),
    RejectionCode.SEQUENCE_CONFLICT: N_(
        "journal divergent : le serveur a un autre événement à ce numéro (sauvegarde restaurée ?)"
    ),
    RejectionCode.PREVIOUS_HASH_MISMATCH: N_(
        "journal divergent : cet événement ne suit pas le dernier reçu par le serveur"
    ),
    RejectionCode.FOREIGN_MEETING: N_("cette réunion appartient à une autre collectivité"),
    RejectionCode.MISSING_DEPENDENCY: N_(
        "cet événement dépend d'événements d'un autre poste que le serveur n'a pas encore reçus"
    ),
    RejectionCode.UNSIGNED_STREAM: N_(
        "journal refusé : il ne porte pas la signature de la clé certifiée pour son poste"
    ),
    RejectionCode.FOREIGN_DEVICE: N_(
        "journal refusé : il appartient à un poste d'une autre collectivité"
    ),
    RejectionCode.NOT_JOINED: N_(
        "ce poste ne participe pas à cette réunion : rejoignez-la (onglet « Réunions du "
        "territoire » ou civodesk join), ces événements repartiront"
    ),
}


DEFERRED_MESSAGES = {
    MISSING_DEPENDENCY: N_(
        "il désigne une réunion, un participant ou un élément que ce poste n'a pas encore reçu ; "
        "il comptera dès son arrivée"
    ),
}


def deferred_text(reason: str) -> str:
    """Why a received event waits to be applied on this desk, in the user's language."""
    message = DEFERRED_MESSAGES.get(reason)
    return _(message) if message else reason


def unexpected_detail(error: BaseException) -> str:
    """What an unexpected failure may show: a database error's class only, since its text quotes
    the statement's values (names, phone numbers) and the message reaches the screen and history."""
    from sqlalchemy.exc import StatementError

    if isinstance(error, StatementError):
        return type(error.orig or error).__name__
    return str(error) or type(error).__name__


def transport_text(error: BaseException) -> str:
    """A network failure in plain words (never the system's "[Errno 111] Connection refused")."""
    import httpx  # the network stack stays out of start-up

    detail = str(error).lower()
    if "certificate" in detail or "ssl" in detail:
        return _("certificat du serveur refusé ou connexion sécurisée impossible")
    if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
        return _("pas de réponse du serveur dans le délai : réseau coupé ou adresse erronée")
    if isinstance(error, httpx.TimeoutException):
        return _("le serveur ne répond pas dans le délai")
    if isinstance(error, httpx.ProxyError):
        return _("le proxy du réseau refuse la connexion")
    if isinstance(error, httpx.ConnectError):
        if "name" in detail or "resolution" in detail or "getaddrinfo" in detail:
            return _("adresse introuvable : vérifiez le nom du serveur et la connexion")
        return _("aucun serveur ne répond à cette adresse (serveur arrêté ou mauvais port)")
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return _("connexion coupée pendant l'échange avec le serveur")
    return _("erreur de réseau")


def error_text(code: str, server_message: str) -> str:
    """The local sentence for an ``ErrorCode``; the server's own words for a code we do not know."""
    message = ERROR_MESSAGES.get(code)
    return _(message) if message else server_message


def rejection_text(code: str, server_reason: str) -> str:
    """The local sentence for a ``RejectionCode``; the server's words for a code we do not know."""
    message = REJECTION_MESSAGES.get(code)
    return _(message) if message else server_reason


def stored_rejection(code: str, server_reason: str) -> str:
    """How a set-aside event's reason is stored: "code: server reason" (read by ``split_rejection``)."""
    return f"{code}: {server_reason}"


def split_rejection(stored: str) -> tuple[str, str]:
    """(code, server reason) of a stored reason; no code when it does not start with a known one."""
    code, separator, reason = stored.partition(": ")
    if separator and code in REJECTION_MESSAGES:
        return code, reason
    return "", stored


def describe_rejection(stored: str) -> str:
    """A set-aside event's reason in the user's language."""
    code, reason = split_rejection(stored)
    return rejection_text(code, reason)
