"""Keeping the library safe: backups, putting one back, and checking the file and each dossier.

Backups are SQLite backup-API copies (backups.py writes and rotates them). A damaged library is
never replaced silently: the damaged file is set aside in `mises-de-cote/`, never deleted, and
what it still holds is salvaged first (salvage.py).

Committed work that vanished (issue 17). SQLite cannot tell that a transaction it committed was
lost (a -wal deleted under the writer, then a crash): the file left is intact, just older. So the
library keeps, beside the database, the list of dossiers it last knew (`bibliotheque-etat.json`,
rewritten after each transaction that adds dossiers, and *before* each purge, so a crash can only
make it lag, never accuse); `check` compares the database with that list and with the newest
backup made since, and names each dossier that is missing or older than in that backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path

from ..domain.dossier_json import DossierFormatError
from ..domain.storable import check_storable
from ..fileio import fsync_directory
from . import backups
from . import rows as R
from .database import SQLITE_HEADER, Database, acquire_lock, database_path, operation
from .dossiers import EPOCH, ETATS, Dossiers, as_int, fetch_one, summary_figures, summary_is_fresh, time_or_epoch
from .errors import Damage, LibraryDamagedError, LibraryError, StoreNote
from .schema import APPLICATION_ID, SCHEMA_VERSION

STATE_FILENAME = "bibliotheque-etat.json"
STATE_FORMAT = "socle-etat-bibliotheque"
KEEP_PURGED = 1000


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def read_known(data_dir: Path) -> dict | None:
    """The last known state, or None (never written, or unreadable: then nothing is compared)."""
    try:
        data = json.loads((Path(data_dir) / STATE_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return None
    if not isinstance(data.get("dossiers"), dict) or not isinstance(data.get("supprimes"), list):
        return None
    return data


def write_known(data_dir: Path, dossiers: dict[str, str], supprimes: list[str], depuis: str) -> None:
    """Replace the record atomically, without fsync: it is only ever behind the database (a
    power cut may leave the previous record, or none, which is never read as a loss), and an
    import must not pay two more disk flushes for it."""
    target = Path(data_dir) / STATE_FILENAME
    temporary = target.with_name(f".{STATE_FILENAME}.{os.getpid()}.partiel")
    text = json.dumps({
        "format": STATE_FORMAT, "version_format": 1, "depuis": depuis, "le": _now(),
        "dossiers": dossiers, "supprimes": supprimes[-KEEP_PURGED:],
    }, ensure_ascii=False, indent=1) + "\n"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def reset_known(data_dir: Path) -> None:
    """After a restore: the library is what was restored, from now on."""
    path = database_path(data_dir)
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dossiers = _named_dossiers(connection)
        finally:
            connection.close()
        write_known(data_dir, dossiers, [], _now())
    except (sqlite3.Error, OSError):
        with contextlib.suppress(OSError):
            (Path(data_dir) / STATE_FILENAME).unlink()


def _named_dossiers(connection: sqlite3.Connection) -> dict[str, str]:
    return {str(row[0]): str(row[1] or "") for row in connection.execute(
        "SELECT d.id, c.raison_sociale FROM dossiers d LEFT JOIN collectivites c ON c.dossier_id = d.id")}


def damaged_error(data_dir: Path, detail: Damage | str) -> LibraryDamagedError:
    """The library of `data_dir` is damaged (`detail`: a Damage, or SQLite's message): say so,
    with the latest backup to offer."""
    if isinstance(detail, str):
        detail = Damage("sqlite", message=detail)
    available = backups.list_backups(data_dir)
    return LibraryDamagedError("library_damaged_backups", database=database_path(data_dir), detail=detail,
                               latest_backup=available[0] if available else None)


class Maintenance:
    """Backups and checks of an open library."""

    def __init__(self, database: Database, dossiers: Dossiers):
        self.database = database
        self.dossiers = dossiers
        self.data_dir = database.data_dir
        # Problems that did not prevent opening (a daily backup that could not be written),
        # for the window to show once (codes, worded by the catalogue).
        self.warnings: list[StoreNote | LibraryError] = []

    # --- the last known state

    def remember_dossiers(self, purged: str | None = None) -> None:
        """Record the dossiers now in the library (after a transaction that added some). Ids
        recorded before and now missing stay recorded (the evidence of a loss) unless purged."""
        if self.database.read_only:
            return
        try:
            current = _named_dossiers(self.database.connection)
            known = read_known(self.data_dir)
            supprimes = list(known["supprimes"]) if known else []
            if purged:
                supprimes.append(purged)
            kept = {} if known is None else {
                key: value for key, value in known["dossiers"].items() if key not in supprimes}
            write_known(self.data_dir, {**kept, **current}, supprimes,
                        known.get("depuis", _now()) if known else _now())
        except (OSError, sqlite3.Error) as error:
            self._warn(StoreNote("known_list_not_updated", message=str(error)))

    def before_purge(self, dossier_id: str) -> None:
        """Record a purge before it commits: a crash then never makes it look like a loss."""
        known = read_known(self.data_dir)
        if known is not None and not self.database.read_only:
            with contextlib.suppress(OSError):
                write_known(self.data_dir, known["dossiers"], [*known["supprimes"], dossier_id],
                            known.get("depuis", _now()))

    def start_known(self) -> None:
        """At a writer's open: begin the record if there is none; report a loss if there is one."""
        if read_known(self.data_dir) is None:
            self.remember_dossiers()
            return
        lost = self.lost_dossiers()
        if lost:
            self.warnings.append(StoreNote("dossiers_lost", count=len(lost)))

    def lost_dossiers(self) -> list[tuple[str, str]]:
        """(id, collectivité) of each dossier the record knows and the database no longer has."""
        known = read_known(self.data_dir)
        if known is None:
            return []
        present = {row[0] for row in self.database.connection.execute("SELECT id FROM dossiers")}
        purged = set(known["supprimes"])
        return [(key, str(name)) for key, name in known["dossiers"].items()
                if key not in present and key not in purged]

    def _warn(self, note: StoreNote | LibraryError) -> None:
        """Say a warning once (the same code and values: the same sentence)."""
        if all(str(note) != str(known) for known in self.warnings):
            self.warnings.append(note)

    def compare_with_known(self) -> list[StoreNote]:
        """Problems: dossiers recorded as saved and now missing; dossiers the newest backup made
        since the record began holds and the library lost, or holds in a newer version."""
        problems = [StoreNote("dossier_lost", dossier_id=key, name=name) for key, name in self.lost_dossiers()]
        known = read_known(self.data_dir)
        newest = self._newest_backup_since(known.get("depuis") if known else None)
        if newest is None:
            return problems
        from .salvage import BACKUP_FILE, describe_file

        saved = describe_file(newest, BACKUP_FILE)
        if not saved.usable:
            return problems
        purged = set(known["supprimes"]) if known else set()
        reported = {problem.values["dossier_id"] for problem in problems}
        here = {row[0]: row[1] or "" for row in self.database.connection.execute(
            "SELECT id, modifie_le FROM dossiers")}
        for info in saved.dossiers:
            if info.id in purged or info.id in reported:
                continue
            if info.id not in here:
                problems.append(StoreNote("dossier_only_in_backup", dossier_id=info.id, name=info.raison_sociale,
                                          backup=saved))
            elif here[info.id] < info.modifie_le:
                problems.append(StoreNote("dossier_newer_in_backup", dossier_id=info.id, name=info.raison_sociale,
                                          backup=saved, modified=info.modifie_le))
        return problems

    def _newest_backup_since(self, depuis: str | None) -> Path | None:
        try:
            start = dt.datetime.fromisoformat(depuis) if depuis else None
        except ValueError:
            start = None
        for path in backups.list_backups(self.data_dir):
            parsed = backups.parse_backup_name(path)
            if parsed is None or parsed[1] == "recuperee":
                continue
            if start is not None and parsed[0].astimezone() < start:
                return None
            return path
        return None

    # --- backups

    @operation
    def backup(self, reason: str) -> Path:
        """A consistent copy under data_dir/sauvegardes/ (e.g. reason "avant-export")."""
        try:
            return backups.write_backup(self.database.connection, self.data_dir, reason)
        except OSError as error:
            raise LibraryError("backup_failed", path=backups.backup_dir(self.data_dir), os_error=error) from None

    def list_backups(self) -> list[Path]:
        """Backups of this library, newest first."""
        return backups.list_backups(self.data_dir)

    def daily_backup(self) -> None:
        """One backup per day, made at the first open (or close) that has dossiers to protect."""
        if not self.database.connection.execute("SELECT 1 FROM dossiers LIMIT 1").fetchone():
            return  # nothing to protect yet
        if not backups.has_backup_of_day(self.data_dir, backups.REASON_DAILY, dt.date.today()):
            try:
                self.backup(backups.REASON_DAILY)
            except LibraryError as error:  # the dossiers are fine: open anyway, and say it (once)
                self._warn(error)

    # --- checks

    @operation
    def check(self) -> list[StoreNote]:
        """Every problem found in the file and in each dossier (codes, worded by the catalogue);
        [] when all is well."""
        conn = self.database.connection
        problems = [StoreNote("sqlite_integrity", message=row[0]) for row in conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        if problems:
            return problems
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(StoreNote("foreign_key_missing", table=table, rowid=rowid, parent=parent))
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            problems.append(StoreNote("application_id_wrong"))
        version = self.database.user_version()
        if version != SCHEMA_VERSION:
            problems.append(StoreNote("schema_version_wrong", version=version, expected=SCHEMA_VERSION))
        problems += self._check_files()
        for (dossier_id,) in conn.execute("SELECT id FROM dossiers ORDER BY cree_le").fetchall():
            problems += self._check_dossier(dossier_id)
        return problems + self.compare_with_known()

    def _check_files(self) -> list[StoreNote]:
        problems = []
        for sha256, taille, contenu in self.database.connection.execute(
                "SELECT sha256, taille, contenu FROM fichiers"):
            if not isinstance(contenu, bytes) or not isinstance(sha256, str):
                problems.append(StoreNote("piece_content_not_bytes", sha256=str(sha256)))
            elif hashlib.sha256(contenu).hexdigest() != sha256 or len(contenu) != taille:
                problems.append(StoreNote("piece_content_mismatch", sha256=sha256))
        return problems

    def _check_dossier(self, dossier_id: str) -> list[StoreNote]:
        try:
            dossier = self.dossiers.load_rows(dossier_id)
            check_storable(dossier)
        except LibraryDamagedError as error:
            return [StoreNote("dossier_record_damaged", dossier_id=dossier_id, detail=error.detail)]
        except DossierFormatError as error:
            return [StoreNote("dossier_invalid", dossier_id=dossier_id, cause=error)]
        except LibraryError as error:
            return [StoreNote("dossier_unreadable", dossier_id=dossier_id, cause=error)]
        problems = self._check_dossier_row(dossier_id)
        conn = self.database.connection
        for table in R.ITEM_TABLES:
            positions = [row[0] for row in conn.execute(
                f"SELECT position FROM {table} WHERE dossier_id = ? ORDER BY position", [dossier_id])]
            if positions != list(range(len(positions))):
                problems.append(StoreNote("dossier_order_wrong", dossier_id=dossier_id, table=table))
        row = fetch_one(conn, "SELECT revision, resume_revision, resume_subvention_centimes, resume_erreurs, "
                              "resume_calcul FROM dossiers WHERE id = ?", [dossier_id])
        if summary_is_fresh(row):
            subvention, has_errors = summary_figures(dossier, self.dossiers.absent_pieces(dossier))
            if (row["resume_subvention_centimes"], row["resume_erreurs"]) != (subvention, as_int(has_errors)):
                problems.append(StoreNote("dossier_summary_wrong", dossier_id=dossier_id,
                                          stored=row["resume_subvention_centimes"], computed=subvention))
        for piece in dossier.pieces:
            stored = conn.execute("SELECT taille FROM fichiers WHERE sha256 = ?", [piece.sha256]).fetchone()
            if stored is not None and stored[0] != piece.taille:
                problems.append(StoreNote("dossier_piece_size_wrong", dossier_id=dossier_id, name=piece.nom))
        return problems

    def _check_dossier_row(self, dossier_id: str) -> list[StoreNote]:
        """The dossier's own row: state and timestamps as the application writes them."""
        row = fetch_one(self.database.connection, "SELECT etat, cree_le, modifie_le, corbeille_le FROM dossiers "
                                                  "WHERE id = ?", [dossier_id])
        problems = []
        if row["etat"] not in ETATS:
            problems.append(StoreNote("dossier_state_unknown", dossier_id=dossier_id, state=row["etat"]))
        for column in ("cree_le", "modifie_le", "corbeille_le"):
            if (row[column] is not None or column != "corbeille_le") and time_or_epoch(row[column]) == EPOCH:
                problems.append(StoreNote("dossier_date_unreadable", dossier_id=dossier_id, column=column))
        return problems


# --- putting a backup back (the library closed) ----------------------------------------------


def restore_backup(data_dir: Path | str, backup_path: Path | str) -> Path | None:
    """Put a backup back in place of the library. The current file (damaged or not) is moved
    into data_dir/mises-de-cote/, never deleted; returns where it went (None if absent).
    The library must be closed (here and in every other process)."""
    data_dir, backup_path = Path(data_dir), Path(backup_path)
    current = database_path(data_dir)
    if backup_path.resolve() in {current.resolve(), Path(f"{current}-wal").resolve()}:
        raise LibraryError("restore_of_library_itself", path=backup_path, folder=backups.backup_dir(data_dir))
    verify_backup(backup_path)
    lock = acquire_lock(data_dir)
    aside = staged = None
    try:
        # The copy (the slow part) is made first, beside the library: an interruption
        # (Ctrl+C, a full disk) then leaves the current library in place, never no library,
        # which the next start would replace by an empty one.
        staged = backups.stage_copy(backup_path, current)
        aside = backups.set_aside(current)
        os.replace(staged, current)
        fsync_directory(data_dir)
        reset_known(data_dir)
    except BaseException as error:
        if aside is not None and not current.exists():
            with contextlib.suppress(OSError):  # put the current file back where it was
                backups.put_back(aside, current)
        if staged is not None:
            with contextlib.suppress(OSError):
                staged.unlink()
        if not isinstance(error, OSError):
            raise
        raise LibraryError("restore_failed", path=backup_path, os_error=error) from None
    finally:
        lock.release()
    return aside


def verify_backup(path: Path) -> None:
    """Refuse to restore a file that is not an intact library."""
    if not path.is_file():
        raise LibraryError("backup_not_found", path=path)
    try:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                raise sqlite3.DatabaseError("file is not a database")
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            checked = [row[0] for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise LibraryError("backup_unreadable", path=path, message=str(error)) from None
    if application_id != APPLICATION_ID or checked != ["ok"]:
        raise LibraryError("backup_not_intact", path=path)
    if version > SCHEMA_VERSION:
        raise LibraryError("backup_newer", path=path)
