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

from ..domain.completeness import plural
from ..domain.dossier_json import DossierFormatError
from ..domain.money import format_euros
from ..domain.storable import check_storable
from ..fileio import describe_os_error, fsync_directory
from . import backups
from . import rows as R
from .database import DAMAGE_DETAILS, SQLITE_HEADER, Database, acquire_lock, database_path, operation
from .dossiers import EPOCH, ETATS, Dossiers, as_int, fetch_one, summary_figures, summary_is_fresh, time_or_epoch
from .errors import LibraryDamagedError, LibraryError
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


def damaged_error(data_dir: Path, detail: str) -> LibraryDamagedError:
    """The library of `data_dir` is damaged: say so, with the latest backup to offer."""
    path = database_path(data_dir)
    detail = DAMAGE_DETAILS.get(detail, detail)
    available = backups.list_backups(data_dir)
    latest = available[0] if available else None
    if latest:
        offer = (f"la dernière sauvegarde automatique est {backups.describe_backup(latest)} ; "
                 "« socle-desktop check » montre ce que le fichier endommagé contient encore et ce que "
                 "chaque sauvegarde remettrait en place (le fichier endommagé sera mis de côté, jamais effacé).")
    else:
        offer = "aucune sauvegarde automatique n'existe encore ; n'effacez pas ce fichier."
    return LibraryDamagedError(f"la bibliothèque de dossiers {path} est endommagée ({detail}) ; {offer}",
                               database=path, latest_backup=latest, detail=detail)


class Maintenance:
    """Backups and checks of an open library."""

    def __init__(self, database: Database, dossiers: Dossiers):
        self.database = database
        self.dossiers = dossiers
        self.data_dir = database.data_dir
        # Problems that did not prevent opening (a daily backup that could not be written),
        # in French, for the window to show once.
        self.warnings: list[str] = []

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
            text = (f"la liste des dossiers connus n'a pas pu être mise à jour ({error}) ; "
                    "les dossiers, eux, sont enregistrés.")
            if text not in self.warnings:
                self.warnings.append(text)

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
            self.warnings.append(
                plural(len(lost), "un dossier enregistré auparavant manque", "{n} dossiers enregistrés "
                       "auparavant manquent") + " dans la bibliothèque : lancez "
                "« socle-desktop check », qui les nomme et les compare aux sauvegardes.")

    def lost_dossiers(self) -> list[tuple[str, str]]:
        """(id, collectivité) of each dossier the record knows and the database no longer has."""
        known = read_known(self.data_dir)
        if known is None:
            return []
        present = {row[0] for row in self.database.connection.execute("SELECT id FROM dossiers")}
        purged = set(known["supprimes"])
        return [(key, str(name)) for key, name in known["dossiers"].items()
                if key not in present and key not in purged]

    def compare_with_known(self) -> list[str]:
        """Problems: dossiers recorded as saved and now missing; dossiers the newest backup made
        since the record began holds and the library lost, or holds in a newer version."""
        problems = [f"dossier {key} ({name or 'sans nom'}) : enregistré auparavant, il manque dans la "
                    "bibliothèque (modifications validées perdues : fichier -wal effacé, copie "
                    "remplacée ?). Cherchez-le dans les sauvegardes : socle-desktop check --restaurer FICHIER."
                    for key, name in self.lost_dossiers()]
        known = read_known(self.data_dir)
        newest = self._newest_backup_since(known.get("depuis") if known else None)
        if newest is None:
            return problems
        from .salvage import describe_file

        saved = describe_file(newest, backups.describe_backup(newest))
        if not saved.usable:
            return problems
        purged = set(known["supprimes"]) if known else set()
        reported = {problem.split(" ", 2)[1] for problem in problems}
        here = {row[0]: row[1] or "" for row in self.database.connection.execute(
            "SELECT id, modifie_le FROM dossiers")}
        for info in saved.dossiers:
            if info.id in purged or info.id in reported:
                continue
            if info.id not in here:
                problems.append(f"dossier {info.id} ({info.raison_sociale or 'sans nom'}) : présent dans "
                                f"{saved.title}, il manque dans la bibliothèque.")
            elif here[info.id] < info.modifie_le:
                problems.append(f"dossier {info.id} ({info.raison_sociale or 'sans nom'}) : {saved.title} "
                                f"en a une version plus récente (modifiée le {info.modified_text}) : des "
                                "modifications validées ont été perdues.")
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
            raise LibraryError(
                f"la sauvegarde n'a pas pu être écrite dans {backups.backup_dir(self.data_dir)} "
                f"({describe_os_error(error)}) ; les dossiers, eux, sont intacts."
            ) from None

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
                if str(error) not in self.warnings:
                    self.warnings.append(str(error))

    # --- checks

    @operation
    def check(self) -> list[str]:
        """Every problem found in the file and in each dossier, in French; [] when all is well."""
        conn = self.database.connection
        problems = [f"base SQLite : {row[0]}" for row in conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        if problems:
            return problems
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"table {table}, ligne {rowid} : référence vers {parent} absente.")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            problems.append("l'identifiant d'application du fichier n'est pas celui de socle-desktop.")
        version = self.database.user_version()
        if version != SCHEMA_VERSION:
            problems.append(f"version du schéma {version} au lieu de {SCHEMA_VERSION}.")
        problems += self._check_files()
        for (dossier_id,) in conn.execute("SELECT id FROM dossiers ORDER BY cree_le").fetchall():
            problems += self._check_dossier(dossier_id)
        return problems + self.compare_with_known()

    def _check_files(self) -> list[str]:
        problems = []
        for sha256, taille, contenu in self.database.connection.execute(
                "SELECT sha256, taille, contenu FROM fichiers"):
            if not isinstance(contenu, bytes) or not isinstance(sha256, str):
                problems.append(f"pièce jointe {str(sha256)[:12]}… : le contenu n'est plus un fichier.")
            elif hashlib.sha256(contenu).hexdigest() != sha256 or len(contenu) != taille:
                problems.append(f"pièce jointe {sha256[:12]}… : le contenu ne correspond plus à son empreinte.")
        return problems

    def _check_dossier(self, dossier_id: str) -> list[str]:
        label = f"dossier {dossier_id}"
        try:
            dossier = self.dossiers.load_rows(dossier_id)
            check_storable(dossier)
        except LibraryDamagedError as error:
            return [f"{label} : enregistrement incomplet ou illisible ({error.detail})."]
        except DossierFormatError as error:
            return [f"{label} : {error}"]
        except LibraryError as error:
            return [f"{label} : illisible ({error})"]
        problems = self._check_dossier_row(dossier_id)
        conn = self.database.connection
        for table in R.ITEM_TABLES:
            positions = [row[0] for row in conn.execute(
                f"SELECT position FROM {table} WHERE dossier_id = ? ORDER BY position", [dossier_id])]
            if positions != list(range(len(positions))):
                problems.append(f"{label} : l'ordre des {table} est incohérent.")
        row = fetch_one(conn, "SELECT revision, resume_revision, resume_subvention_centimes, resume_erreurs, "
                              "resume_calcul FROM dossiers WHERE id = ?", [dossier_id])
        if summary_is_fresh(row):
            subvention, has_errors = summary_figures(dossier, self.dossiers.absent_pieces(dossier))
            if (row["resume_subvention_centimes"], row["resume_erreurs"]) != (subvention, as_int(has_errors)):
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
        row = fetch_one(self.database.connection, "SELECT etat, cree_le, modifie_le, corbeille_le FROM dossiers "
                                                  "WHERE id = ?", [dossier_id])
        problems = []
        if row["etat"] not in ETATS:
            problems.append(f"{label} : état « {row['etat']} » inconnu.")
        for column in ("cree_le", "modifie_le", "corbeille_le"):
            if (row[column] is not None or column != "corbeille_le") and time_or_epoch(row[column]) == EPOCH:
                problems.append(f"{label} : date illisible dans « {column} ».")
        return problems


# --- putting a backup back (the library closed) ----------------------------------------------


def restore_backup(data_dir: Path | str, backup_path: Path | str) -> Path | None:
    """Put a backup back in place of the library. The current file (damaged or not) is moved
    into data_dir/mises-de-cote/, never deleted; returns where it went (None if absent).
    The library must be closed (here and in every other process)."""
    data_dir, backup_path = Path(data_dir), Path(backup_path)
    current = database_path(data_dir)
    if backup_path.resolve() in {current.resolve(), Path(f"{current}-wal").resolve()}:
        raise LibraryError(f"{backup_path} est la bibliothèque elle-même, pas une sauvegarde : "
                           f"choisissez un fichier de {backups.backup_dir(data_dir)}.")
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
        raise LibraryError(f"la restauration de {backup_path} a échoué ({describe_os_error(error)}) ; "
                           "rien n'a été effacé.") from None
    finally:
        lock.release()
    return aside


def verify_backup(path: Path) -> None:
    """Refuse to restore a file that is not an intact library."""
    if not path.is_file():
        raise LibraryError(f"sauvegarde introuvable : {path}")
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
        raise LibraryError(f"la sauvegarde {path} est elle-même illisible ({error}) : "
                           "choisissez-en une autre.") from None
    if application_id != APPLICATION_ID or checked != ["ok"]:
        raise LibraryError(f"{path} n'est pas une sauvegarde intacte de bibliothèque socle-desktop.")
    if version > SCHEMA_VERSION:
        raise LibraryError(f"{path} vient d'une version plus récente de socle-desktop : cette version ne "
                           "pourrait pas l'ouvrir ; rien n'a été restauré.")
