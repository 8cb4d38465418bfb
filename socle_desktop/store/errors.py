"""The store's errors: each carries one plain French sentence the window or the CLI shows as is."""

from __future__ import annotations

from pathlib import Path

from ..domain.dossier_json import DossierFormatError
from ..fileio import describe_os_error  # noqa: F401  (re-exported: the store's callers use it)


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


class DossierExistsError(LibraryError):
    """An import whose id the library already holds, and no choice made (replace or keep both)."""

    def __init__(self, dossier_id: str, description: str):
        super().__init__(f"la bibliothèque contient déjà ce dossier (identifiant {dossier_id}, {description}) : "
                         "choisissez de le remplacer ou de garder les deux.")
        self.dossier_id = dossier_id
        self.description = description


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
