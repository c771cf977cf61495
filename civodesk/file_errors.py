"""Operating-system file errors told in the user's language, with the path concerned.

``OSError.strerror`` comes from the C library in English (or in the system's language, not the
one chosen in CivoDesk); the user is told what happened to which file instead.
"""

from __future__ import annotations

import errno

from civodesk.i18n import _


def describe_os_error(error: OSError) -> str:
    """A sentence naming the file and the problem; a service's own sentence when it has no errno."""
    if error.errno is None:  # raised by CivoDesk itself with a sentence, not by the system
        return str(error)
    path = str(error.filename) if error.filename is not None else ""
    if isinstance(error, FileNotFoundError):
        return _("Fichier introuvable : {path}").format(path=path)
    if isinstance(error, PermissionError):
        return _("Accès refusé : {path}").format(path=path)
    if isinstance(error, IsADirectoryError):
        return _("{path} est un dossier, pas un fichier.").format(path=path)
    if error.errno == errno.ENOSPC:
        return _("Plus de place sur le disque pour écrire {path}.").format(path=path)
    code = errno.errorcode.get(error.errno, str(error.errno))
    if path:
        return _("Fichier inaccessible : {path} (erreur système {code})").format(
            path=path, code=code
        )
    return _("Erreur d'accès aux fichiers (erreur système {code})").format(code=code)
