"""The library of dossiers (issue 3): an embedded SQLite store that never loses work.

    from socle_desktop.store import Library
    with Library.open(data_dir) as lib:
        dossier_id = lib.import_json(text)
        lib.put_ligne(dossier_id, ligne)        # one edit, one transaction

library.py composes the parts (database, dossiers, pieces, maintenance); database.py explains
the durability choices (WAL + synchronous=FULL, one writer per library).
"""

from .backups import REASON_DAILY, REASON_EXPORT, REASON_MIGRATION, REASON_REPLACE
from .database import Database, DiskFullError
from .errors import (
    DossierExistsError,
    DossierNotFound,
    InvalidDossierError,
    LibraryDamagedError,
    LibraryError,
    LibraryLockedError,
    LibraryMissing,
    LibraryOutdated,
    PieceNotFound,
)
from .library import (
    COPY,
    DATABASE_FILENAME,
    ETATS,
    MAX_PIECE_BYTES,
    REFUSE,
    REPLACE,
    DossierSummary,
    Library,
    database_path,
    summary_figures,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "COPY",
    "DATABASE_FILENAME",
    "ETATS",
    "MAX_PIECE_BYTES",
    "REASON_DAILY",
    "REASON_EXPORT",
    "REASON_MIGRATION",
    "REASON_REPLACE",
    "REFUSE",
    "REPLACE",
    "SCHEMA_VERSION",
    "Database",
    "DiskFullError",
    "DossierExistsError",
    "DossierNotFound",
    "DossierSummary",
    "InvalidDossierError",
    "Library",
    "LibraryDamagedError",
    "LibraryError",
    "LibraryLockedError",
    "LibraryMissing",
    "LibraryOutdated",
    "PieceNotFound",
    "database_path",
    "summary_figures",
]
