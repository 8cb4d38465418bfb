"""The library of dossiers: one SQLite file in the data folder, shared by the window and the CLI.

`Library` is a thin façade that opens the file and composes the parts, each with one job:
- database.py: connection, writer's lock, pragmas, transactions, French errors, migrations,
  file modes and identity (durability choices are explained there);
- dossiers.py: whole dossiers, the list and its cached summary, the trash, one edit per
  transaction;
- pieces.py: attachments, stored once by SHA-256;
- maintenance.py: backups, restore, the check of the file and of each dossier, salvage.

    with Library.open(data_dir) as lib:
        dossier_id = lib.import_json(text)
        lib.put_ligne(dossier_id, ligne)        # one edit, one transaction

The outbox (outbox/queue.py) works on the same database through `lib.database.connect_another()`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from ..domain.model import Dossier, Ecole, Ligne, Piece
from .database import DATABASE_FILENAME, SQLITE_HEADER, Database, database_path
from .dossiers import COPY, ETATS, MIN_ID_PREFIX, REFUSE, REPLACE, Dossiers, DossierSummary, summary_figures
from .errors import LibraryError, StoreNote
from .maintenance import Maintenance, damaged_error, restore_backup
from .pieces import MAX_PIECE_BYTES, Pieces, find_piece_files
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrations

__all__ = [
    "COPY",
    "DATABASE_FILENAME",
    "ETATS",
    "MAX_PIECE_BYTES",
    "MIN_ID_PREFIX",
    "REFUSE",
    "REPLACE",
    "DossierSummary",
    "Library",
    "database_path",
    "find_piece_files",
    "summary_figures",
]


class Library:
    """Open with `Library.open(data_dir)`; use as a context manager or call `close()`."""

    def __init__(self, database: Database):
        self.database = database
        self.data_dir = database.data_dir
        self.path = database.path
        self.read_only = database.read_only
        self.db = database.db  # the sqlite-utils view of the connection (tests, migrations)
        self.dossiers = Dossiers(database)
        self.pieces = Pieces(database, self.dossiers)
        self.maintenance = Maintenance(database, self.dossiers)
        database.damaged = lambda detail: damaged_error(self.data_dir, detail)
        self.dossiers.on_count_changed = self.maintenance.remember_dossiers
        self.dossiers.before_purge = self.maintenance.before_purge

    @property
    def warnings(self) -> list[StoreNote | LibraryError]:
        """Problems that did not prevent opening (codes, worded by the catalogue), for the window
        to show once."""
        return self.maintenance.warnings

    # --- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | str, read_only: bool = False) -> Library:
        """Open (creating, migrating after a backup, checking) the library of `data_dir`.

        Raises LibraryLockedError when another process writes to it, LibraryDamagedError when
        the file is damaged (with the latest backup to offer), LibraryMissing for a read-only
        open of a folder without library, LibraryError for anything else.
        """
        data_dir = Path(data_dir)
        try:
            database = Database.open(data_dir, read_only=read_only)
        except sqlite3.Error as error:
            raise damaged_error(data_dir, str(error)) from error
        library = cls(database)
        try:
            with database.mutex:
                library._prepare()
        except sqlite3.DatabaseError as error:
            library.close()
            if isinstance(error, sqlite3.OperationalError):
                raise database.translate(error) from error
            raise damaged_error(data_dir, str(error)) from error
        except BaseException:
            library.close()
            raise
        return library

    def _prepare(self) -> None:
        self._verify_file()
        self.database.configure()
        if migrations.pending(self.db) and self.database.user_version() >= SCHEMA_VERSION:
            # The schema says up to date, the record of applied migrations disagrees: re-running
            # them would fail half-way (tables exist). Someone edited the file by hand.
            raise sqlite3.DatabaseError("migrations_record_inconsistent")  # worded as a damage by the catalogue
        self.database.migrate(migrations, backup=self._backup_before_migration)
        if not self.read_only:
            from . import backups

            backups.remove_stale_partials(self.data_dir)
            self.maintenance.start_known()
            self.maintenance.daily_backup()

    def _backup_before_migration(self) -> Path | None:
        from . import backups

        return self.backup(backups.REASON_MIGRATION) if self.database.user_version() > 0 else None

    def _verify_file(self) -> None:
        """Is this our database, intact, and not from a newer version? Raise otherwise."""
        if self.path.exists() and self.path.stat().st_size > 0:
            with self.path.open("rb") as handle:
                if handle.read(16) != SQLITE_HEADER:
                    raise sqlite3.DatabaseError("file is not a database")
        conn = self.database.connection
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.database.user_version()
        if application_id not in (0, APPLICATION_ID) or (
            application_id == 0 and version == 0 and self._has_foreign_tables()
        ):
            raise LibraryError("not_a_library", path=self.path)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:  # SQLite's own words (English, page numbers) are for `check`
            raise sqlite3.DatabaseError("database disk image is malformed")
        if version > SCHEMA_VERSION:
            raise LibraryError("library_newer", path=self.path)

    def _has_foreign_tables(self) -> bool:
        names = [row[0] for row in self.database.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return any(name != migrations.migrations_table and not name.startswith("sqlite_") for name in names)

    def close(self) -> None:
        def before() -> None:
            if not self.read_only:
                # The day's first dossier gets its daily copy now rather than at the next start.
                with contextlib.suppress(LibraryError, sqlite3.Error):
                    self.maintenance.daily_backup()

        self.database.close(before)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- dossiers (dossiers.py) -----------------------------------------------------------

    def create(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None) -> str:
        return self.dossiers.create(dossier, piece_files=piece_files)

    def import_json(self, text: str, *, pieces_dir: Path | str | None = None, existing: str | None = None) -> str:
        return self.dossiers.import_json(text, pieces_dir=pieces_dir, existing=existing)

    def store_imported(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None,
                       existing: str = REFUSE) -> str:
        return self.dossiers.store_imported(dossier, piece_files=piece_files, existing=existing)

    def load(self, dossier_id: str, *, verify: bool = False) -> Dossier:
        return self.dossiers.load(dossier_id, verify=verify)

    def save(self, dossier: Dossier) -> None:
        self.dossiers.save(dossier)

    def duplicate(self, dossier_id: str) -> str:
        return self.dossiers.duplicate(dossier_id)

    def apply_event(self, dossier_id: str, event: str) -> str:
        return self.dossiers.apply_event(dossier_id, event)

    def trash(self, dossier_id: str) -> None:
        self.dossiers.trash(dossier_id)

    def restore(self, dossier_id: str) -> None:
        self.dossiers.restore(dossier_id)

    def purge(self, dossier_id: str) -> None:
        self.dossiers.purge(dossier_id)

    def list_dossiers(self) -> list[DossierSummary]:
        return self.dossiers.list_dossiers()

    def exists(self, dossier_id: str) -> bool:
        with self.database.mutex:
            self.database.require_open()
            return self.dossiers.exists(dossier_id)

    def ids_with_siren(self, siren: str) -> list[str]:
        return self.dossiers.ids_with_siren(siren)

    def list_trash(self) -> list[DossierSummary]:
        return self.dossiers.list_trash()

    def resolve_id(self, text: str) -> str:
        return self.dossiers.resolve_id(text)

    def update_collectivite(self, dossier_id: str, collectivite) -> None:
        self.dossiers.update_collectivite(dossier_id, collectivite)

    def update_projet(self, dossier_id: str, projet) -> None:
        self.dossiers.update_projet(dossier_id, projet)

    def put_ecole(self, dossier_id: str, ecole: Ecole, position: int | None = None) -> None:
        self.dossiers.put_ecole(dossier_id, ecole, position)

    def remove_ecole(self, dossier_id: str, ecole_id: str) -> None:
        self.dossiers.remove_ecole(dossier_id, ecole_id)

    def put_ligne(self, dossier_id: str, ligne: Ligne, position: int | None = None) -> None:
        self.dossiers.put_ligne(dossier_id, ligne, position)

    def remove_ligne(self, dossier_id: str, ligne_id: str) -> None:
        self.dossiers.remove_ligne(dossier_id, ligne_id)

    # --- attachments (pieces.py) ----------------------------------------------------------

    def add_piece(self, dossier_id: str, source: Path | str, type: str = "autre",
                  nom: str | None = None) -> Piece:
        return self.pieces.add_piece(dossier_id, source, type, nom)

    def put_piece(self, dossier_id: str, piece: Piece) -> None:
        self.pieces.put_piece(dossier_id, piece)

    def remove_piece(self, dossier_id: str, piece_id: str) -> None:
        self.pieces.remove_piece(dossier_id, piece_id)

    def piece_bytes(self, sha256: str) -> bytes:
        return self.pieces.piece_bytes(sha256)

    def absent_pieces(self, dossier: Dossier) -> set[str]:
        """Ids of the dossier's attachments whose file the library lacks (for `compute`)."""
        return self.dossiers.absent_pieces(dossier)

    def missing_piece_files(self) -> list[tuple[str, Piece]]:
        return self.pieces.missing_piece_files()

    # --- backups and checks (maintenance.py) ----------------------------------------------

    def backup(self, reason: str) -> Path:
        return self.maintenance.backup(reason)

    def list_backups(self) -> list[Path]:
        return self.maintenance.list_backups()

    def check(self) -> list[str]:
        return self.maintenance.check()

    @staticmethod
    def restore_backup(data_dir: Path | str, backup_path: Path | str) -> Path | None:
        return restore_backup(data_dir, backup_path)
