"""The store's errors: a code and the values it names (domain.coded_error), worded in French by
the front-ends' catalogue (catalogue/store_errors.py)."""

from __future__ import annotations

from pathlib import Path

from ..domain.coded_error import CodedError
from ..domain.dossier_json import DossierFormatError


class LibraryError(CodedError):
    """Something the user must know about the library of dossiers: `code` and `values`, worded
    by catalogue.errors.error_text."""


class StoreNote(CodedError):
    """A problem `check` found, or a warning of an open library: never raised, a code and values
    like an error, worded by the catalogue the same way."""


class Damage(CodedError):
    """What is damaged in a library (the `detail` of a LibraryDamagedError): SQLite's message
    (`sqlite`, `message=`) or what the store found wrong (a dossier's row, a piece's bytes)."""


class LibraryLockedError(LibraryError):
    """Another socle-desktop (window or command) is writing to the same library."""


class LibraryDamagedError(LibraryError):
    """The database file is damaged; `latest_backup` is the backup to offer (or None); `detail`
    (a Damage) what is damaged, without the advice around it."""

    def __init__(self, code: str, /, *, database: Path, detail: Damage, latest_backup: Path | None = None,
                 **values):
        super().__init__(code, path=database, detail=detail, latest_backup=latest_backup, **values)
        self.database = database
        self.latest_backup = latest_backup
        self.detail = detail


class DossierExistsError(LibraryError):
    """An import whose id the library already holds, and no choice made (replace or keep both).
    `description` names the stored one (store.dossiers.Description)."""

    def __init__(self, dossier_id: str, description):
        super().__init__("dossier_exists", dossier_id=dossier_id, description=description)
        self.dossier_id = dossier_id
        self.description = description


class DossierNotFound(LibraryError):
    """No dossier with this id (or id prefix) in the library."""

    def __init__(self, dossier_id: str):
        super().__init__("dossier_not_found", dossier_id=dossier_id)
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
    catch either: it carries the domain error's code and values (catalogue/domain_errors.py).
    """

    def __init__(self, error: DossierFormatError):
        DossierFormatError.__init__(self, error.code, **error.values)
