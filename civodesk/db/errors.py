"""Storage failures a person can act on, each with a message that says what to do.

Messages are translatable; callers show ``str(error)``.
"""

from __future__ import annotations

from pathlib import Path

from civodesk.i18n import _


class StorageError(Exception):
    """Base class: something is wrong with the database file; nothing was changed."""


class DatabaseCorruptError(StorageError):
    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(
            _(
                "Le fichier {path} n'est pas une base CivoDesk lisible (fichier endommagé ou "
                "d'un autre type). Il n'a pas été modifié. Restaurez une sauvegarde ou choisissez "
                "un autre fichier."
            ).format(path=path)
            + (f" ({detail})" if detail else "")
        )


class DatabaseUnwritableError(StorageError):
    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(
            _(
                "Impossible d'écrire dans {path}. Vérifiez les droits sur le fichier et son "
                "dossier, ou choisissez un autre emplacement."
            ).format(path=path)
            + (f" ({detail})" if detail else "")
        )


class DatabaseTooNewError(StorageError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            _(
                "La base {path} a été créée par une version plus récente de CivoDesk "
                "(schéma {revision}). Mettez CivoDesk à jour pour l'ouvrir ; le fichier n'a pas été "
                "modifié."
            ).format(path=path, revision=revision)
        )


class DatabaseInUseError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "La base {path} est déjà ouverte dans une autre fenêtre CivoDesk. Fermez l'autre "
                "instance, ou ouvrez une autre base avec --db."
            ).format(path=path)
        )


class DatabaseClosedError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            _("La base {path} est fermée : CivoDesk se ferme, rien n'a été modifié.").format(
                path=path
            )
        )


class StorageFullError(StorageError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Le disque est plein : la dernière action n'a pas été enregistrée, les données "
                "précédentes sont intactes. Libérez de la place puis recommencez."
            )
        )


def is_storage_failure(error: BaseException) -> bool:
    """Whether ``error`` means the disk or the database failed (the work may not be saved),
    as opposed to a refusal of the action itself (invalid input, a rule, a closed meeting)."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    return isinstance(error, StorageError | OSError | sqlite3.Error | DBAPIError)
