"""The library of dossiers: one SQLite file in the data folder, shared by the window and the CLI.

Durability. The database runs in WAL mode with `synchronous=FULL`:
- with FULL, every COMMIT fsyncs the write-ahead log before returning, so an edit the window
  reported as saved survives a pulled plug or a crashed PC (with NORMAL, WAL mode may lose the
  last transactions on power loss: not acceptable for an autosave);
- WAL needs one fsync per commit (a rollback journal needs at least two), which keeps one
  edit around a millisecond on an ordinary disk;
- WAL lets the read-only commands (`list`, `show`, `compute`, `check`) read a consistent
  snapshot while the window writes, without blocking it;
- the library lives in the user's local data folder (WAL does not work on network shares,
  which is why we never put it there). The -wal file beside the database holds recent commits
  until a checkpoint: backups are therefore made with SQLite's backup API, never a file copy.

One writer. A process that opens the library for writing holds an OS lock on
`data_dir/.verrou` (lock.py) until it closes; a second writer gets LibraryLockedError, a reader
opens with `read_only=True`. Writes also use BEGIN IMMEDIATE with a busy timeout.

One transaction per user edit: `put_ligne` writes one row (and shifts positions when a line is
inserted in the middle), bumps the dossier's `revision` and `modifie_le`, and commits. The
summary shown by `list` (subsidy, errors) is computed by the domain and cached in `dossiers`:
whole-dossier writes (create, import, save, duplicate) store it fresh in their transaction; a
small edit only bumps `revision` in its transaction, which marks the cached summary stale
(`resume_revision != revision`), and the next `list_dossiers` recomputes it. So an edit of a
3,000-line dossier stays a few milliseconds (the full computation costs ~20 ms there) and the
list never shows a figure that an edit made wrong.

Ids. `import_json` always stores a distinct copy under a new id (importing the same file
twice gives two dossiers); inner ids (écoles, lignes, pièces) are kept, they are unique within
a dossier only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from ..domain.compute import compute
from ..domain.dossier_json import DossierFormatError, dossier_from_dict, dossier_to_dict
from ..domain.model import PIECE_TYPES, Dossier, Ecole, Ligne, Piece, new_id
from ..domain.money import format_euros
from ..domain.storable import check_storable, free_form_problem, is_encodable, loads_storable
from ..fileio import fsync_directory
from ..resources import has_rules, load_rules
from . import backups
from . import rows as R
from .errors import (
    DossierNotFound,
    InvalidDossierError,
    LibraryDamagedError,
    LibraryError,
    LibraryLockedError,
    LibraryMissing,
    LibraryOutdated,
    PieceNotFound,
    describe_os_error,
)
from .lock import LibraryLock, LockBusy
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrations

DATABASE_FILENAME = "bibliotheque.sqlite"
MAX_PIECE_BYTES = 50 * 1024 * 1024
MIN_ID_PREFIX = 8
BUSY_TIMEOUT_MS = 5000
JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024
ETATS = {"brouillon": "Brouillon", "complet": "Complet", "signe": "Signé", "envoye": "Envoyé"}
_SQLITE_HEADER = b"SQLite format 3\x00"
_SQLITE_INTEGER_MIN, _SQLITE_INTEGER_MAX = -(2**63), 2**63 - 1
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DossierSummary:
    """One row of the list of dossiers. Figures come from domain.compute (None: unknown rules)."""

    id: str
    raison_sociale: str
    intitule: str
    nb_ecoles: int
    subvention_centimes: int | None
    has_errors: bool | None
    etat: str
    created: dt.datetime  # aware, UTC
    modified: dt.datetime  # aware, UTC
    regles: str = ""
    trashed: dt.datetime | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "raison_sociale": self.raison_sociale,
            "intitule": self.intitule,
            "nb_ecoles": self.nb_ecoles,
            "subvention_centimes": self.subvention_centimes,
            "has_errors": self.has_errors,
            "etat": self.etat,
            "regles": self.regles,
            "created": self.created.isoformat(),
            "modified": self.modified.isoformat(),
            "trashed": self.trashed.isoformat() if self.trashed else None,
        }


def database_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / DATABASE_FILENAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _time_or_epoch(text) -> dt.datetime:
    """A stored timestamp; one altered outside the application shows as 01/01/1970 (and
    `check` reports it) rather than hiding the whole list."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return _EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _rules_for(edition: str):
    """The shipped rules of an edition, or None when this version does not ship it (the list
    then shows unknown figures). A shipped file that does not parse raises: never hidden."""
    return load_rules(edition) if has_rules(edition) else None


def summary_figures(dossier: Dossier) -> tuple[int | None, bool | None]:
    """(total subsidy, has errors) as the domain computes them; (None, None) for unknown rules."""
    rules = _rules_for(dossier.regles)
    if rules is None:
        return None, None
    result = compute(dossier, rules)
    subvention = result.total.subvention
    if not _SQLITE_INTEGER_MIN <= subvention <= _SQLITE_INTEGER_MAX:
        subvention = None  # absurd amounts (the findings say so): unknown rather than a crash
    return subvention, result.has_errors


def _displayed_etat(stored: str, has_errors: bool | None) -> str:
    """The stored state records facts (signed, sent); between those, a dossier without any
    finding of gravity `erreur` is shown as complete."""
    if stored == "brouillon" and has_errors is False:
        return "complet"
    return stored


def _operation(method):
    """Serialise calls (the window may read pieces from a worker thread) and turn SQLite's
    errors into LibraryError with a French sentence: never a raw traceback for the user."""

    @functools.wraps(method)
    def wrapper(self: Library, *args, **kwargs):
        with self._mutex:
            self._require_open()
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.DataError) as error:
                raise self._translate(error) from error
            except UnicodeEncodeError:  # a lone surrogate that SQLite cannot store as UTF-8
                raise LibraryError("un texte contient un caractère invalide (Unicode isolé) : "
                                   "la modification n'a pas été enregistrée.") from None
            except sqlite3.DatabaseError as error:
                if type(error) is not sqlite3.DatabaseError:
                    raise  # a programming error: let it show in the logs
                raise self._damaged(str(error)) from error

    return wrapper


class Library:
    """Open with `Library.open(data_dir)`; use as a context manager or call `close()`."""

    def __init__(self, data_dir: Path, connection: sqlite3.Connection, *, read_only: bool,
                 lock: LibraryLock | None):
        self.data_dir = data_dir
        self.path = database_path(data_dir)
        self.read_only = read_only
        self._connection = connection
        self._lock = lock
        self._mutex = threading.RLock()
        self.db = sqlite_utils.Database(connection, execute_plugins=False)
        # Problems that did not prevent opening (a daily backup that could not be written),
        # in French, for the window to show once.
        self.warnings: list[str] = []

    # --- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | str, read_only: bool = False) -> Library:
        """Open (creating, migrating after a backup, checking) the library of `data_dir`.

        Raises LibraryLockedError when another process writes to it, LibraryDamagedError when
        the file is damaged (with the latest backup to offer), LibraryMissing for a read-only
        open of a folder without library, LibraryError for anything else.
        """
        data_dir = Path(data_dir)
        path = database_path(data_dir)
        if data_dir.exists() and not data_dir.is_dir():
            raise LibraryError(f"{data_dir} est un fichier, pas un dossier : le dossier des données "
                               "doit être un dossier (option --data-dir ou SOCLE_DATA_DIR).")
        if path.is_dir():
            raise LibraryError(f"{path} est un dossier, à la place du fichier de la bibliothèque : "
                               "renommez-le ou choisissez un autre dossier de données.")
        lock = None
        if read_only:
            if not path.exists():
                raise LibraryMissing(f"aucune bibliothèque de dossiers dans {data_dir}.")
        else:
            lock = _acquire_lock(data_dir)
        try:
            connection = _connect(path, read_only=read_only)
        except sqlite3.Error as error:
            if lock:
                lock.release()
            if isinstance(error, sqlite3.OperationalError):
                raise _unopenable(path) from error
            raise _damaged_error(data_dir, str(error)) from error
        library = cls(data_dir, connection, read_only=read_only, lock=lock)
        try:
            with library._mutex:
                library._prepare()
        except sqlite3.DatabaseError as error:
            library.close()
            if isinstance(error, sqlite3.OperationalError):
                raise library._translate(error) from error
            raise _damaged_error(data_dir, str(error)) from error
        except BaseException:
            library.close()
            raise
        return library

    def close(self) -> None:
        with self._mutex:
            if self._connection is None:
                return
            if not self.read_only:
                # The day's first dossier gets its daily copy now rather than at the next start.
                with contextlib.suppress(LibraryError, sqlite3.Error):
                    self._daily_backup()
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    self._connection.execute("PRAGMA optimize")  # keeps the query plans good, cheap
                self._connection.close()
            self._connection = None
            if self._lock:
                self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _require_open(self) -> None:
        if self._connection is None:
            raise LibraryError("la bibliothèque de dossiers est fermée.")

    def _prepare(self) -> None:
        self._verify_file()
        conn = self._connection
        if not self.read_only:
            # Persistent in the file; see the module docstring for why WAL + FULL.
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # After adding a 50 Mo attachment the -wal file would otherwise keep that size on disk.
        conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        pending = migrations.pending(self.db)
        if pending and self._user_version() >= SCHEMA_VERSION:
            # The schema says up to date, the record of applied migrations disagrees: re-running
            # them would fail half-way (tables exist). Someone edited the file by hand.
            raise sqlite3.DatabaseError("registre des mises à jour absent ou incohérent")
        if pending:
            if self.read_only:
                raise LibraryOutdated(
                    "la bibliothèque de dossiers doit être mise à jour par cette version : "
                    "ouvrez-la une fois sans qu'une autre fenêtre de socle-desktop soit ouverte."
                )
            saved = self.backup(backups.REASON_MIGRATION) if self._user_version() > 0 else None
            try:
                migrations.apply(self.db)
            except Exception as error:
                kept = f" ; une copie d'avant la mise à jour est gardée : {saved}" if saved else ""
                raise LibraryError(
                    f"la mise à jour de la bibliothèque a échoué ({error}) ; l'étape en cours a été "
                    f"annulée, les dossiers sont intacts{kept}."
                ) from error
        if not self.read_only:
            backups.remove_stale_partials(self.data_dir)
            self._daily_backup()

    def _user_version(self) -> int:
        return self._connection.execute("PRAGMA user_version").fetchone()[0]

    def _verify_file(self) -> None:
        """Is this our database, intact, and not from a newer version? Raise otherwise."""
        if self.path.exists() and self.path.stat().st_size > 0:
            with self.path.open("rb") as handle:
                if handle.read(16) != _SQLITE_HEADER:
                    raise sqlite3.DatabaseError("file is not a database")
        conn = self._connection
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = self._user_version()
        if application_id not in (0, APPLICATION_ID) or (
            application_id == 0 and version == 0 and self._has_foreign_tables()
        ):
            raise LibraryError(
                f"{self.path} n'est pas une bibliothèque de socle-desktop (autre base SQLite) : "
                "choisissez un autre dossier de données."
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems[:3]))
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"la bibliothèque {self.path} a été créée par une version plus récente de "
                "socle-desktop : installez cette version pour l'ouvrir (rien n'a été modifié)."
            )

    def _has_foreign_tables(self) -> bool:
        names = [row[0] for row in self._connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return any(name != migrations.migrations_table and not name.startswith("sqlite_") for name in names)

    def _daily_backup(self) -> None:
        """One backup per day, made at the first open (or close) that has dossiers to protect."""
        if not self._connection.execute("SELECT 1 FROM dossiers LIMIT 1").fetchone():
            return  # nothing to protect yet
        if not backups.has_backup_of_day(self.data_dir, backups.REASON_DAILY, dt.date.today()):
            try:
                self.backup(backups.REASON_DAILY)
            except LibraryError as error:  # the dossiers are fine: open anyway, and say it (once)
                if str(error) not in self.warnings:
                    self.warnings.append(str(error))

    # --- transactions and errors ---------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes SQLite's write lock up front."""
        if self.read_only:
            raise LibraryError(
                "la bibliothèque est ouverte en lecture seule (une autre fenêtre de socle-desktop "
                "l'utilise) : la modification n'a pas été faite."
            )
        conn = self._connection
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Several SELECTs seeing one snapshot, even while another process commits."""
        conn = self._connection
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def _translate(self, error: sqlite3.Error) -> LibraryError:
        text = str(error).lower()
        if "unable to open" in text:
            return _unopenable(self.path)
        if "no such table" in text or "no such column" in text:
            return self._damaged(f"il manque une partie de sa structure : {error}")
        if "locked" in text or "busy" in text:
            return LibraryLockedError(
                f"la bibliothèque de dossiers est occupée par une autre opération depuis plus de "
                f"{BUSY_TIMEOUT_MS // 1000} secondes : l'opération n'a pas été faite, réessayez.")
        if "full" in text:
            return LibraryError("le disque est plein : la dernière modification n'a pas été "
                                "enregistrée ; libérez de la place puis recommencez.")
        if "readonly" in text or "read-only" in text:
            return LibraryError(f"la bibliothèque {self.path} ne peut pas être modifiée "
                                f"({self._read_only_cause()}).")
        if "malformed" in text or "not a database" in text or "disk i/o" in text:
            return self._damaged(str(error))
        return LibraryError(f"la bibliothèque a refusé l'opération ({error}).")

    def _read_only_cause(self) -> str:
        """Which file refuses writing. A -shm left read-only (created while the database file
        itself was read-only, e.g. copied from a CD) blocks every write until removed."""
        for companion in (Path(f"{self.path}-shm"), Path(f"{self.path}-wal")):
            if companion.exists() and os.access(self.path, os.W_OK) and not os.access(companion, os.W_OK):
                return (f"le fichier {companion.name} est en lecture seule : fermez toute fenêtre "
                        "socle-desktop, rendez-le modifiable ou supprimez-le, puis réessayez")
        return "fichier ou disque en lecture seule"

    def _damaged(self, detail: str) -> LibraryDamagedError:
        return _damaged_error(self.data_dir, detail)

    # --- dossiers: whole ---------------------------------------------------------------

    @_operation
    def create(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None) -> str:
        """Store a new dossier; returns its id (its own, or a fresh one if that id is taken).

        `piece_files` (sha256 -> bytes) are stored with it, in the same transaction."""
        dossier = _validated(dossier)
        if not dossier.id.strip() or self._exists(dossier.id):
            dossier = replace(dossier, id=new_id())
        figures = summary_figures(dossier)
        with self._write() as conn:
            self._insert_dossier(dossier, figures)
            for sha256, data in (piece_files or {}).items():
                conn.execute("INSERT OR IGNORE INTO fichiers (sha256, taille, contenu, ajoute_le) "
                             "VALUES (?, ?, ?, ?)", [sha256, len(data), data, _now()])
        return dossier.id

    def import_json(self, text: str, *, pieces_dir: Path | str | None = None) -> str:
        """Validate a socle-dossier JSON and store it as a distinct copy; returns the new id.

        With `pieces_dir` (the JSON file's folder), the attachments' files found there or in its
        `pieces/` subfolder, whatever their name, are stored too when their SHA-256 and size
        match the dossier's list: importing the demo or an unzipped bundle brings them along.
        """
        try:
            dossier = loads_storable(text)
        except DossierFormatError as error:
            raise InvalidDossierError(error) from None
        files = find_piece_files(dossier.pieces, Path(pieces_dir)) if pieces_dir else {}
        return self.create(replace(dossier, id=new_id()), piece_files=files)

    @_operation
    def load(self, dossier_id: str, *, verify: bool = False) -> Dossier:
        """The stored dossier. With `verify`, every field's type is checked as an import would
        (a few ms on 3,000 lines): a row altered outside the application then raises
        LibraryDamagedError naming the field, instead of reaching a computation or an export."""
        dossier = self._load(dossier_id)
        if verify:
            try:
                check_storable(dossier)
            except DossierFormatError as error:
                raise self._damaged(f"le dossier {dossier_id} contient une valeur invalide : {error}") from None
        return dossier

    def _load(self, dossier_id: str) -> Dossier:
        with self._read() as conn:
            head = _fetch_one(conn, "SELECT id, regles, extra FROM dossiers WHERE id = ?", [dossier_id])
            if head is None:
                raise DossierNotFound(dossier_id)
            collectivite = _fetch_one(conn, "SELECT * FROM collectivites WHERE dossier_id = ?", [dossier_id])
            projet = _fetch_one(conn, "SELECT * FROM projets WHERE dossier_id = ?", [dossier_id])
            items = {table: self._items(conn, table, dossier_id) for table in R.ITEM_TABLES}
        if collectivite is None or projet is None:
            raise self._damaged(f"le dossier {dossier_id} est incomplet")
        return Dossier(
            id=head["id"],
            regles=head["regles"],
            collectivite=R.collectivite_from_row(collectivite),
            ecoles=items["ecoles"],
            lignes=items["lignes"],
            projet=R.projet_from_row(projet, self._json_object(projet["autres"], dossier_id, "projet")),
            pieces=items["pieces"],
            extra=self._json_object(head["extra"], dossier_id, "dossier"),
        )

    def _json_object(self, text, dossier_id: str, where: str) -> dict:
        """The JSON object kept in a text column; a damaged value is reported, never a traceback."""
        try:
            value = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            value = None
        if not isinstance(value, dict):
            raise self._damaged(f"les champs supplémentaires ({where}) du dossier {dossier_id} sont illisibles")
        return value

    @_operation
    def save(self, dossier: Dossier) -> None:
        """Replace the whole stored dossier by `dossier` (same id), in one transaction."""
        dossier = _validated(dossier)
        figures = summary_figures(dossier)
        with self._write() as conn:
            self._bump(dossier.id)
            for table in ("collectivites", "projets", *R.ITEM_TABLES):
                conn.execute(f"DELETE FROM {table} WHERE dossier_id = ?", [dossier.id])
            conn.execute("UPDATE dossiers SET regles = ?, extra = ? WHERE id = ?",
                         [dossier.regles, R.dumps_json(dossier.extra), dossier.id])
            self._insert_parts(dossier)
            self._store_summary(dossier.id, figures)

    @_operation
    def duplicate(self, dossier_id: str) -> str:
        """A copy under a new id, state `brouillon`; attachments shared, not copied."""
        copy = replace(self.load(dossier_id), id=new_id())
        figures = summary_figures(copy)
        with self._write():
            self._insert_dossier(copy, figures)
        return copy.id

    @_operation
    def set_etat(self, dossier_id: str, etat: str) -> None:
        if etat not in ETATS:
            raise LibraryError(f"état « {etat} » inconnu ; attendu : {', '.join(ETATS)}.")
        with self._write() as conn:
            cursor = conn.execute("UPDATE dossiers SET etat = ?, modifie_le = ? WHERE id = ?",
                                  [etat, _now(), dossier_id])
            if cursor.rowcount == 0:
                raise DossierNotFound(dossier_id)

    # --- trash ---------------------------------------------------------------------------

    @_operation
    def trash(self, dossier_id: str) -> None:
        """Move to the trash (restorable); nothing is deleted."""
        with self._write() as conn:
            cursor = conn.execute("UPDATE dossiers SET corbeille_le = ? WHERE id = ?", [_now(), dossier_id])
            if cursor.rowcount == 0:
                raise DossierNotFound(dossier_id)

    @_operation
    def restore(self, dossier_id: str) -> None:
        with self._write() as conn:
            cursor = conn.execute("UPDATE dossiers SET corbeille_le = NULL WHERE id = ?", [dossier_id])
            if cursor.rowcount == 0:
                raise DossierNotFound(dossier_id)

    @_operation
    def purge(self, dossier_id: str) -> None:
        """Delete for good a dossier that is in the trash, and the attachments nobody uses any more."""
        with self._write() as conn:
            row = _fetch_one(conn, "SELECT corbeille_le FROM dossiers WHERE id = ?", [dossier_id])
            if row is None:
                raise DossierNotFound(dossier_id)
            if row["corbeille_le"] is None:
                raise LibraryError("seul un dossier mis à la corbeille peut être supprimé définitivement.")
            conn.execute("DELETE FROM dossiers WHERE id = ?", [dossier_id])
            conn.execute("DELETE FROM fichiers WHERE sha256 NOT IN (SELECT sha256 FROM pieces)")

    # --- listing -------------------------------------------------------------------------

    @_operation
    def list_dossiers(self) -> list[DossierSummary]:
        """Dossiers not in the trash, most recently modified first."""
        return self._summaries(trashed=False)

    @_operation
    def list_trash(self) -> list[DossierSummary]:
        return self._summaries(trashed=True)

    def _summaries(self, *, trashed: bool) -> list[DossierSummary]:
        where = "d.corbeille_le IS NOT NULL" if trashed else "d.corbeille_le IS NULL"
        with self._read() as conn:
            found = _fetch_all(conn, f"""
                SELECT d.id, d.regles, d.etat, d.cree_le, d.modifie_le, d.corbeille_le,
                       d.revision, d.resume_revision, d.resume_subvention_centimes, d.resume_erreurs,
                       c.raison_sociale, p.intitule,
                       (SELECT COUNT(*) FROM ecoles e WHERE e.dossier_id = d.id) AS nb_ecoles
                FROM dossiers d
                LEFT JOIN collectivites c ON c.dossier_id = d.id
                LEFT JOIN projets p ON p.dossier_id = d.id
                WHERE {where}
                ORDER BY d.modifie_le DESC, d.id""")
        return [self._summary(row) for row in found]

    def _summary(self, row: dict) -> DossierSummary:
        subvention, erreurs = row["resume_subvention_centimes"], row["resume_erreurs"]
        if row["resume_revision"] != row["revision"]:
            subvention, has_errors = self._refresh_summary(row["id"], row["revision"])
        else:
            has_errors = bool(erreurs) if erreurs in (0, 1) else None
        if isinstance(subvention, bool) or not isinstance(subvention, int):
            subvention = None
        return DossierSummary(
            id=row["id"],
            raison_sociale=row["raison_sociale"] or "",
            intitule=row["intitule"] or "",
            nb_ecoles=row["nb_ecoles"],
            subvention_centimes=subvention,
            has_errors=has_errors,
            etat=_displayed_etat(row["etat"], has_errors),
            created=_time_or_epoch(row["cree_le"]),
            modified=_time_or_epoch(row["modifie_le"]),
            regles=row["regles"],
            trashed=_time_or_epoch(row["corbeille_le"]) if row["corbeille_le"] else None,
        )

    def _refresh_summary(self, dossier_id: str, revision: int) -> tuple[int | None, bool | None]:
        """Compute a stale summary; store it unless read-only or edited meanwhile.
        A dossier damaged outside the application gets unknown figures (`check` says why)."""
        try:
            figures = summary_figures(self.load(dossier_id, verify=True))
        except LibraryDamagedError:
            return None, None
        if not self.read_only:
            with self._write() as conn:
                conn.execute(
                    "UPDATE dossiers SET resume_subvention_centimes = ?, resume_erreurs = ?, "
                    "resume_revision = revision WHERE id = ? AND revision = ?",
                    [figures[0], _as_int(figures[1]), dossier_id, revision],
                )
        return figures

    @_operation
    def resolve_id(self, text: str) -> str:
        """The full id for an id or an unambiguous prefix of at least 8 characters."""
        if not is_encodable(text):  # bytes typed on a command line that are not UTF-8
            raise DossierNotFound(text.encode("utf-8", "backslashreplace").decode("ascii"))
        if self._exists(text):
            return text
        text = text.strip()
        if self._exists(text):
            return text
        if len(text) < MIN_ID_PREFIX:
            raise DossierNotFound(text)
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = [row[0] for row in self._connection.execute(
            "SELECT id FROM dossiers WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [escaped + "%"])]
        if len(found) > 1:
            raise LibraryError(f"« {text} » désigne plusieurs dossiers : donnez plus de caractères de l'identifiant.")
        if not found:
            raise DossierNotFound(text)
        return found[0]

    # --- one edit, one transaction -------------------------------------------------------

    @_operation
    def update_collectivite(self, dossier_id: str, collectivite) -> None:
        _validated(Dossier(id=dossier_id, collectivite=collectivite))
        placeholders = ", ".join(f"{column} = ?" for column in R.COLLECTIVITE_COLUMNS)
        with self._write() as conn:
            self._bump(dossier_id)
            conn.execute(f"UPDATE collectivites SET {placeholders} WHERE dossier_id = ?",
                         [*R.collectivite_values(collectivite), dossier_id])

    @_operation
    def update_projet(self, dossier_id: str, projet) -> None:
        _validated(Dossier(id=dossier_id, projet=projet))
        with self._write() as conn:
            self._bump(dossier_id)
            conn.execute("UPDATE projets SET intitule = ?, description = ?, autres = ? WHERE dossier_id = ?",
                         [projet.intitule, projet.description, R.dumps_json(projet.autres), dossier_id])

    @_operation
    def put_ecole(self, dossier_id: str, ecole: Ecole, position: int | None = None) -> None:
        """Add or update a school; `position` (0-based) moves it, None keeps it (or appends)."""
        _validated(Dossier(id=dossier_id, ecoles=[ecole]))
        with self._write():
            self._bump(dossier_id)
            self._put_item("ecoles", dossier_id, ecole, position)

    @_operation
    def remove_ecole(self, dossier_id: str, ecole_id: str) -> None:
        """Remove a school. Its lines stay (the domain then reports them as attached to no
        known school): deleting a user's budget lines is left to an explicit action."""
        with self._write():
            self._bump(dossier_id)
            self._remove_item("ecoles", dossier_id, ecole_id, "aucune école")

    @_operation
    def put_ligne(self, dossier_id: str, ligne: Ligne, position: int | None = None) -> None:
        """Add or update a line; `position` is its 0-based index among all the dossier's lines."""
        _validated(Dossier(id=dossier_id, lignes=[ligne]))
        with self._write():
            self._bump(dossier_id)
            self._put_item("lignes", dossier_id, ligne, position)

    @_operation
    def remove_ligne(self, dossier_id: str, ligne_id: str) -> None:
        with self._write():
            self._bump(dossier_id)
            self._remove_item("lignes", dossier_id, ligne_id, "aucune ligne")

    # --- attachments ---------------------------------------------------------------------

    @_operation
    def add_piece(self, dossier_id: str, source: Path | str, type: str = "autre",
                  nom: str | None = None) -> Piece:
        """Attach a file (at most 50 Mo); its bytes are stored once whatever the number of uses."""
        if type not in PIECE_TYPES:
            raise LibraryError(f"type de pièce « {type} » inconnu ; attendu : {', '.join(PIECE_TYPES)}.")
        data = _read_piece_file(Path(source))
        piece = Piece(nom=nom or Path(source).name, type=type,
                      sha256=hashlib.sha256(data).hexdigest(), taille=len(data))
        with self._write() as conn:
            self._bump(dossier_id)
            conn.execute("INSERT OR IGNORE INTO fichiers (sha256, taille, contenu, ajoute_le) VALUES (?, ?, ?, ?)",
                         [piece.sha256, piece.taille, data, _now()])
            self._put_item("pieces", dossier_id, piece, None)
        return piece

    @_operation
    def remove_piece(self, dossier_id: str, piece_id: str) -> None:
        """Detach a piece. Its bytes stay until a purge finds them unused (an undo can re-add it)."""
        with self._write():
            self._bump(dossier_id)
            self._remove_item("pieces", dossier_id, piece_id, "aucune pièce")

    @_operation
    def piece_bytes(self, sha256: str) -> bytes:
        row = self._connection.execute("SELECT contenu FROM fichiers WHERE sha256 = ?", [sha256.lower()]).fetchone()
        if row is None:
            raise PieceNotFound(
                f"le contenu de la pièce d'empreinte {sha256[:12]}… n'est pas dans la bibliothèque "
                "(dossier importé sans ses fichiers) : joignez à nouveau le fichier."
            )
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha256.lower():
            raise self._damaged(f"le contenu de la pièce {sha256[:12]}… ne correspond plus à son empreinte")
        return data

    # --- backups and checks --------------------------------------------------------------

    @_operation
    def backup(self, reason: str) -> Path:
        """A consistent copy under data_dir/sauvegardes/ (e.g. reason "avant-export")."""
        try:
            return backups.write_backup(self._connection, self.data_dir, reason)
        except OSError as error:
            raise LibraryError(
                f"la sauvegarde n'a pas pu être écrite dans {backups.backup_dir(self.data_dir)} "
                f"({describe_os_error(error)}) ; les dossiers, eux, sont intacts."
            ) from None

    def list_backups(self) -> list[Path]:
        """Backups of this library, newest first."""
        return backups.list_backups(self.data_dir)

    @staticmethod
    def restore_backup(data_dir: Path | str, backup_path: Path | str) -> Path | None:
        """Put a backup back in place of the library. The current file (damaged or not) is moved
        into data_dir/mises-de-cote/, never deleted; returns where it went (None if absent).
        The library must be closed (here and in every other process)."""
        data_dir, backup_path = Path(data_dir), Path(backup_path)
        current = database_path(data_dir)
        if backup_path.resolve() in {current.resolve(), Path(f"{current}-wal").resolve()}:
            raise LibraryError(f"{backup_path} est la bibliothèque elle-même, pas une sauvegarde : "
                               f"choisissez un fichier de {backups.backup_dir(data_dir)}.")
        _verify_backup(backup_path)
        lock = _acquire_lock(data_dir)
        aside = staged = None
        try:
            # The copy (the slow part) is made first, beside the library: an interruption
            # (Ctrl+C, a full disk) then leaves the current library in place, never no library,
            # which the next start would replace by an empty one.
            staged = backups.stage_copy(backup_path, current)
            aside = backups.set_aside(current)
            os.replace(staged, current)
            fsync_directory(data_dir)
        except BaseException as error:
            if aside is not None and not current.exists():
                with contextlib.suppress(OSError):  # put the current file back where it was
                    backups.put_back(aside, current)
            if staged is not None:
                with contextlib.suppress(OSError):
                    staged.unlink()
            if not isinstance(error, OSError):
                raise
            raise LibraryError(f"la restauration de {backup_path} a échoué ({describe_os_error(error)}) ; "
                               "rien n'a été effacé.") from None
        finally:
            lock.release()
        return aside

    @_operation
    def check(self) -> list[str]:
        """Every problem found in the file and in each dossier, in French; [] when all is well."""
        conn = self._connection
        problems = [f"base SQLite : {row[0]}" for row in conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        if problems:
            return problems
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"table {table}, ligne {rowid} : référence vers {parent} absente.")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            problems.append("l'identifiant d'application du fichier n'est pas celui de socle-desktop.")
        if self._user_version() != SCHEMA_VERSION:
            problems.append(f"version du schéma {self._user_version()} au lieu de {SCHEMA_VERSION}.")
        problems += self._check_files()
        for (dossier_id,) in conn.execute("SELECT id FROM dossiers ORDER BY cree_le").fetchall():
            problems += self._check_dossier(dossier_id)
        return problems

    def _check_files(self) -> list[str]:
        problems = []
        for sha256, taille, contenu in self._connection.execute("SELECT sha256, taille, contenu FROM fichiers"):
            if not isinstance(contenu, bytes) or not isinstance(sha256, str):
                problems.append(f"pièce jointe {str(sha256)[:12]}… : le contenu n'est plus un fichier.")
            elif hashlib.sha256(contenu).hexdigest() != sha256 or len(contenu) != taille:
                problems.append(f"pièce jointe {sha256[:12]}… : le contenu ne correspond plus à son empreinte.")
        return problems

    def _check_dossier(self, dossier_id: str) -> list[str]:
        label = f"dossier {dossier_id}"
        try:
            dossier = self._load(dossier_id)
            check_storable(dossier)
        except LibraryDamagedError as error:
            return [f"{label} : enregistrement incomplet ou illisible ({error.detail})."]
        except DossierFormatError as error:
            return [f"{label} : {error}"]
        except LibraryError as error:
            return [f"{label} : illisible ({error})"]
        problems = self._check_dossier_row(dossier_id)
        conn = self._connection
        for table in R.ITEM_TABLES:
            positions = [row[0] for row in conn.execute(
                f"SELECT position FROM {table} WHERE dossier_id = ? ORDER BY position", [dossier_id])]
            if positions != list(range(len(positions))):
                problems.append(f"{label} : l'ordre des {table} est incohérent.")
        row = _fetch_one(conn, "SELECT revision, resume_revision, resume_subvention_centimes, resume_erreurs "
                               "FROM dossiers WHERE id = ?", [dossier_id])
        if row["revision"] == row["resume_revision"]:
            subvention, has_errors = summary_figures(dossier)
            if (row["resume_subvention_centimes"], row["resume_erreurs"]) != (subvention, _as_int(has_errors)):
                shown = row["resume_subvention_centimes"]
                problems.append(
                    f"{label} : le résumé enregistré ({format_euros(shown) if isinstance(shown, int) else '—'}) "
                    f"ne correspond pas au calcul ({format_euros(subvention) if subvention is not None else '—'})."
                )
        for piece in dossier.pieces:
            stored = conn.execute("SELECT taille FROM fichiers WHERE sha256 = ?", [piece.sha256]).fetchone()
            if stored is not None and stored[0] != piece.taille:
                problems.append(f"{label} : la taille de la pièce « {piece.nom} » ne correspond pas à son fichier.")
        return problems

    def _check_dossier_row(self, dossier_id: str) -> list[str]:
        """The dossier's own row: state and timestamps as the application writes them."""
        label = f"dossier {dossier_id}"
        row = _fetch_one(self._connection, "SELECT etat, cree_le, modifie_le, corbeille_le FROM dossiers "
                                           "WHERE id = ?", [dossier_id])
        problems = []
        if row["etat"] not in ETATS:
            problems.append(f"{label} : état « {row['etat']} » inconnu.")
        for column in ("cree_le", "modifie_le", "corbeille_le"):
            if (row[column] is not None or column != "corbeille_le") and _time_or_epoch(row[column]) == _EPOCH:
                problems.append(f"{label} : date illisible dans « {column} ».")
        return problems

    @_operation
    def missing_piece_files(self) -> list[tuple[str, Piece]]:
        """(dossier id, piece) for each piece whose bytes the library does not hold (imported)."""
        found = _fetch_all(self._connection, """
            SELECT p.* , p.dossier_id FROM pieces p LEFT JOIN fichiers f ON f.sha256 = p.sha256
            WHERE f.sha256 IS NULL ORDER BY p.dossier_id, p.position""")
        return [(row["dossier_id"], R.piece_from_row(row)) for row in found]

    # --- rows ----------------------------------------------------------------------------

    def _exists(self, dossier_id: str) -> bool:
        return self._connection.execute("SELECT 1 FROM dossiers WHERE id = ?", [dossier_id]).fetchone() is not None

    def _bump(self, dossier_id: str) -> None:
        """Mark an edit: new revision (the cached summary goes stale) and modification time."""
        # A signed export no longer describes the edited dossier: it is back to work in progress.
        cursor = self._connection.execute(
            "UPDATE dossiers SET revision = revision + 1, modifie_le = ?, "
            "etat = CASE etat WHEN 'signe' THEN 'brouillon' ELSE etat END WHERE id = ?", [_now(), dossier_id])
        if cursor.rowcount == 0:
            raise DossierNotFound(dossier_id)

    def _insert_dossier(self, dossier: Dossier, figures: tuple[int | None, bool | None]) -> None:
        now = _now()
        self._connection.execute(
            "INSERT INTO dossiers (id, regles, extra, cree_le, modifie_le, etat, revision) "
            "VALUES (?, ?, ?, ?, ?, 'brouillon', 0)",
            [dossier.id, dossier.regles, R.dumps_json(dossier.extra), now, now])
        self._insert_parts(dossier)
        self._store_summary(dossier.id, figures)

    def _insert_parts(self, dossier: Dossier) -> None:
        conn = self._connection
        conn.execute(
            f"INSERT INTO collectivites (dossier_id, {', '.join(R.COLLECTIVITE_COLUMNS)}) "
            f"VALUES (?{', ?' * len(R.COLLECTIVITE_COLUMNS)})",
            [dossier.id, *R.collectivite_values(dossier.collectivite)])
        conn.execute("INSERT INTO projets (dossier_id, intitule, description, autres) VALUES (?, ?, ?, ?)",
                     [dossier.id, dossier.projet.intitule, dossier.projet.description,
                      R.dumps_json(dossier.projet.autres)])
        for table, items in (("ecoles", dossier.ecoles), ("lignes", dossier.lignes), ("pieces", dossier.pieces)):
            columns = R.ITEM_TABLES[table]
            conn.executemany(
                f"INSERT INTO {table} (dossier_id, position, {', '.join(columns)}) "
                f"VALUES (?, ?{', ?' * len(columns)})",
                [[dossier.id, index, *R.item_values(item, columns)] for index, item in enumerate(items)])

    def _store_summary(self, dossier_id: str, figures: tuple[int | None, bool | None]) -> None:
        self._connection.execute(
            "UPDATE dossiers SET resume_subvention_centimes = ?, resume_erreurs = ?, "
            "resume_revision = revision WHERE id = ?",
            [figures[0], _as_int(figures[1]), dossier_id])

    def _items(self, conn: sqlite3.Connection, table: str, dossier_id: str) -> list:
        item_class, order = R.ITEM_CLASSES[table], R.FIELD_ORDER[table]
        cursor = conn.execute(
            f"SELECT {', '.join(order)} FROM {table} WHERE dossier_id = ? ORDER BY position", [dossier_id])
        return [item_class(*row) for row in cursor]

    def _put_item(self, table: str, dossier_id: str, item, position: int | None) -> None:
        columns = R.ITEM_TABLES[table]
        target = self._place(table, dossier_id, item.id, position)
        updates = ", ".join(f"{column} = excluded.{column}" for column in (*columns, "position"))
        self._connection.execute(
            f"INSERT INTO {table} (dossier_id, position, {', '.join(columns)}) VALUES (?, ?{', ?' * len(columns)}) "
            f"ON CONFLICT (dossier_id, id) DO UPDATE SET {updates}",
            [dossier_id, target, *R.item_values(item, columns)])

    def _place(self, table: str, dossier_id: str, item_id: str, position: int | None) -> int:
        """The position the item takes; shifts the others so positions stay 0..n-1."""
        conn = self._connection
        count = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE dossier_id = ?", [dossier_id]).fetchone()[0]
        row = conn.execute(f"SELECT position FROM {table} WHERE dossier_id = ? AND id = ?",
                           [dossier_id, item_id]).fetchone()
        if row is None:
            target = count if position is None else max(0, min(position, count))
            if target < count:
                conn.execute(f"UPDATE {table} SET position = position + 1 WHERE dossier_id = ? AND position >= ?",
                             [dossier_id, target])
            return target
        current = row[0]
        if position is None:
            return current
        target = max(0, min(position, count - 1))
        if target > current:
            conn.execute(f"UPDATE {table} SET position = position - 1 "
                         "WHERE dossier_id = ? AND position > ? AND position <= ?", [dossier_id, current, target])
        elif target < current:
            conn.execute(f"UPDATE {table} SET position = position + 1 "
                         "WHERE dossier_id = ? AND position >= ? AND position < ?", [dossier_id, target, current])
        return target

    def _remove_item(self, table: str, dossier_id: str, item_id: str, what: str) -> None:
        conn = self._connection
        row = conn.execute(f"SELECT position FROM {table} WHERE dossier_id = ? AND id = ?",
                           [dossier_id, item_id]).fetchone()
        if row is None:
            raise LibraryError(f"{what} « {item_id} » dans ce dossier.")
        conn.execute(f"DELETE FROM {table} WHERE dossier_id = ? AND id = ?", [dossier_id, item_id])
        conn.execute(f"UPDATE {table} SET position = position - 1 WHERE dossier_id = ? AND position > ?",
                     [dossier_id, row[0]])


# --- module helpers ------------------------------------------------------------------------


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        return _configured(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000,
                                           isolation_level=None, check_same_thread=False))
    uri = path.resolve().as_uri() + "?mode=ro"
    connection = _configured(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                             isolation_level=None, check_same_thread=False))
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # the first real read of the file
        return connection
    except sqlite3.OperationalError:
        connection.close()
        if not _on_read_only_medium(path):
            raise
    # A library on a write-protected medium (a USB stick, a CD, a read-only share): SQLite
    # cannot create the -shm file a WAL database needs. Nobody can write there, so reading it
    # as immutable is safe, provided no -wal holds commits not yet in the main file.
    return _configured(sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                                       check_same_thread=False))


def _configured(connection: sqlite3.Connection) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions, every one is explicit (BEGIN IMMEDIATE).
    # check_same_thread=False: calls are serialised by Library._mutex instead.
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _on_read_only_medium(path: Path) -> bool:
    """True when nobody can write beside the database and no -wal holds pending commits."""
    wal = Path(f"{path}-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
    except OSError:
        return False
    return not os.access(path.parent, os.W_OK) or _is_read_only_mount(path.parent)


def _is_read_only_mount(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _unopenable(path: Path) -> LibraryError:
    return LibraryError(f"impossible d'ouvrir la bibliothèque {path} : fichier illisible, droits "
                        "insuffisants ou disque en lecture seule.")


def _acquire_lock(data_dir: Path) -> LibraryLock:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"impossible de créer le dossier des données {data_dir} "
                           f"({describe_os_error(error)}).") from None
    lock = LibraryLock(data_dir)
    try:
        lock.acquire()
    except LockBusy:
        raise LibraryLockedError(_locked_message(data_dir)) from None
    except OSError as error:
        raise LibraryError(f"impossible d'écrire dans le dossier des données {data_dir} "
                           f"({describe_os_error(error)}).") from None
    return lock


def _locked_message(data_dir: Path) -> str:
    return (f"la bibliothèque de dossiers ({data_dir}) est déjà ouverte par une autre fenêtre ou "
            "commande socle-desktop ; fermez-la puis réessayez (la consultation reste possible : "
            "list, show, compute, check).")


_DAMAGE_DETAILS = {
    "database disk image is malformed": "structure interne corrompue",
    "file is not a database": "ce n'est plus un fichier SQLite lisible",
}


def _damaged_error(data_dir: Path, detail: str) -> LibraryDamagedError:
    path = database_path(data_dir)
    detail = _DAMAGE_DETAILS.get(detail, detail)
    available = backups.list_backups(data_dir)
    latest = available[0] if available else None
    if latest:
        offer = (f"la dernière sauvegarde automatique est {backups.describe_backup(latest)} : "
                 "restaurez-la (le fichier endommagé sera mis de côté, jamais effacé).")
    else:
        offer = "aucune sauvegarde automatique n'existe encore ; n'effacez pas ce fichier."
    return LibraryDamagedError(f"la bibliothèque de dossiers {path} est endommagée ({detail}) ; {offer}",
                               database=path, latest_backup=latest, detail=detail)


def _verify_backup(path: Path) -> None:
    """Refuse to restore a file that is not an intact library."""
    if not path.is_file():
        raise LibraryError(f"sauvegarde introuvable : {path}")
    try:
        with path.open("rb") as handle:
            if handle.read(16) != _SQLITE_HEADER:
                raise sqlite3.DatabaseError("file is not a database")
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            checked = [row[0] for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise LibraryError(f"la sauvegarde {path} est elle-même illisible ({error}) : "
                           "choisissez-en une autre.") from None
    if application_id != APPLICATION_ID or checked != ["ok"]:
        raise LibraryError(f"{path} n'est pas une sauvegarde intacte de bibliothèque socle-desktop.")
    if version > SCHEMA_VERSION:
        raise LibraryError(f"{path} vient d'une version plus récente de socle-desktop : cette version ne "
                           "pourrait pas l'ouvrir ; rien n'a été restauré.")


def _validated(dossier: Dossier) -> Dossier:
    """The domain's own type checks (volet, TVA rate, integers, unique ids) before any write.

    The free-form JSON (extra fields) is walked for NaN and lone surrogates; a lone surrogate
    in a typed text field is caught when SQLite refuses it (see `_operation`), which spares
    every save of a 3,000-line dossier a full walk."""
    problem = free_form_problem(dossier)
    try:
        if problem:
            raise DossierFormatError(*problem)
        return dossier_from_dict(dossier_to_dict(dossier))
    except DossierFormatError as error:
        raise InvalidDossierError(error) from None


def find_piece_files(pieces: list[Piece], folder: Path) -> dict[str, bytes]:
    """sha256 -> bytes of the pieces whose file lies in `folder` or `folder/pieces`.

    Files are matched by size then SHA-256, never by trusting a name from the JSON."""
    wanted = {piece.sha256: piece.taille for piece in pieces if 0 <= piece.taille <= MAX_PIECE_BYTES}
    found: dict[str, bytes] = {}
    sizes = set(wanted.values())
    for directory in (folder, folder / "pieces"):
        try:
            candidates = [path for path in directory.iterdir() if path.is_file()]
        except OSError:
            continue
        for path in candidates:
            try:
                if path.stat().st_size not in sizes:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            digest = hashlib.sha256(data).hexdigest()
            if wanted.get(digest) == len(data):
                found[digest] = data
    return found


def _read_piece_file(source: Path) -> bytes:
    try:
        if source.is_dir():
            raise LibraryError(f"{source} est un dossier : choisissez un fichier à joindre.")
        if not source.is_file():
            if source.exists():  # a device, a pipe: no size to check, maybe endless
                raise LibraryError(f"{source} n'est pas un fichier ordinaire : il ne peut pas être joint.")
            raise LibraryError(f"fichier introuvable : {source}")
        size = source.stat().st_size
        if size > MAX_PIECE_BYTES:
            raise LibraryError(_too_big(source, size))
        with source.open("rb") as handle:
            data = handle.read(MAX_PIECE_BYTES + 1)
    except PermissionError:
        raise LibraryError(f"lecture refusée (droits insuffisants) : {source}") from None
    except OSError as error:
        raise LibraryError(f"impossible de lire {source} ({describe_os_error(error)}).") from None
    if len(data) > MAX_PIECE_BYTES:
        raise LibraryError(_too_big(source, len(data)))
    return data


def _too_big(source: Path, size: int) -> str:
    megabytes = f"{size / 2**20:.1f}".replace(".", ",")
    return (f"« {source.name} » pèse {megabytes} Mo : une pièce jointe ne peut pas dépasser "
            f"{MAX_PIECE_BYTES // 2**20} Mo ; réduisez-la (PDF compressé, scan en niveaux de gris) "
            "ou découpez-la.")


def _fetch_one(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    cursor = conn.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _fetch_all(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _as_int(flag: bool | None) -> int | None:
    return None if flag is None else int(flag)
