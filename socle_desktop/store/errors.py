"""The store's errors: each carries one plain French sentence the window or the CLI shows as is."""

from __future__ import annotations

import errno
from pathlib import Path

from ..domain.dossier_json import DossierFormatError


class LibraryError(Exception):
    """Something the user must know about the library of dossiers; `str(error)` is French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LibraryLockedError(LibraryError):
    """Another socle-desktop (window or command) is writing to the same library."""


class LibraryDamagedError(LibraryError):
    """The database file is damaged; `latest_backup` is the backup to offer (or None)."""

    def __init__(self, message: str, *, database: Path, latest_backup: Path | None = None, detail: str = ""):
        super().__init__(message)
        self.database = database
        self.latest_backup = latest_backup
        self.detail = detail or message  # what is damaged, without the advice around it


class DossierNotFound(LibraryError):
    """No dossier with this id (or id prefix) in the library."""

    def __init__(self, dossier_id: str, message: str | None = None):
        super().__init__(message or f"aucun dossier « {dossier_id} » dans la bibliothèque.")
        self.dossier_id = dossier_id


class PieceNotFound(LibraryError):
    """The bytes of an attachment are not in the library (e.g. an imported dossier's pieces)."""


class LibraryMissing(LibraryError):
    """A read-only open of a data folder that holds no library yet."""


class LibraryOutdated(LibraryError):
    """A read-only open of a library that this version must first migrate (a write open does it)."""


class InvalidDossierError(LibraryError, DossierFormatError):
    """The JSON given to `import_json`, or a dossier given to `save`/`put_*`, is not a valid
    socle-dossier v1 (a wrong type, an unknown volet, an id twice).

    Both a LibraryError and the domain's DossierFormatError (with `.chemin`), so callers may
    catch either.
    """

    def __init__(self, error: DossierFormatError):
        DossierFormatError.__init__(self, error.chemin, error.message)


# The operating system's own messages (`strerror`) are in the system's language, English on
# most machines: users read these instead.
_OS_ERRORS_BY_NAME = {
    "ENOENT": "fichier ou dossier introuvable",
    "EEXIST": "un fichier de ce nom existe déjà",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier",
    "EISDIR": "c'est un dossier, pas un fichier",
    "EACCES": "droits insuffisants",
    "EPERM": "opération interdite par le système",
    "EROFS": "disque ou dossier en lecture seule",
    "ENOSPC": "disque plein",
    "EDQUOT": "quota de disque dépassé",
    "EIO": "erreur d'entrée-sortie du disque",
    "ENAMETOOLONG": "nom de fichier trop long",
    "ELOOP": "trop de liens symboliques",
    "EBUSY": "fichier occupé",
    "EINVAL": "chemin ou opération invalide",
    "EMFILE": "trop de fichiers ouverts",
    "ENODEV": "périphérique absent",
    "ENXIO": "périphérique absent",
    "EXDEV": "déplacement impossible entre deux disques",
    "EPIPE": "le programme qui lisait la sortie s'est arrêté",
}
# Not every name exists on every system (Windows lacks a few).
_OS_ERRORS_FR = {getattr(errno, name): text for name, text in _OS_ERRORS_BY_NAME.items() if hasattr(errno, name)}


def describe_os_error(error: OSError) -> str:
    """A short French description of an operating-system error (`disque plein`)."""
    if isinstance(error, PermissionError) and error.errno is None:
        return "droits insuffisants"
    known = _OS_ERRORS_FR.get(error.errno)
    if known:
        return known
    return f"erreur du système n° {error.errno}" if error.errno else "erreur du système"
