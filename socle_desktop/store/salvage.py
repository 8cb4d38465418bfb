"""What a damaged library still holds, and what each way back would restore (issue 17).

A few damaged bytes in `bibliotheque.sqlite` usually hit one page: an index, a page of one table.
Every other row is still readable, often all of them. Before any backup is offered, `salvage`
reads the damaged file table by table and row by row into a new, intact library placed among the
backups (`sauvegardes/bibliotheque-…-recuperee.sqlite`), and `recovery_options` describes each way
back (the salvaged state, each backup) by its dossiers and their dates, so that the user sees what
each would restore and what it would lose.

Why row by row, in Python: Python's sqlite3 module has no binding of SQLite's recovery API
(sqlite3_recover_*), and the `sqlite3` command-line tool and its `.recover` are not installed on
the Windows PCs most of our users have, so relying on it would protect only some of them. Reading
each table with `NOT INDEXED` (a damaged index is then never used) and skipping past an unreadable
page of a table by rowid recovers every row whose own page is intact; what is lost is named.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import fsync_directory, make_folder
from . import backups
from .database import database_path
from .schema import APPLICATION_ID, SCHEMA_VERSION

REASON_SALVAGE = "recuperee"
MAX_PROBES = 64
MAX_LISTED = 40  # rowid jumps past a damaged page: 2**64 covers every rowid


@dataclass(frozen=True)
class DossierInfo:
    id: str
    raison_sociale: str
    intitule: str
    modifie_le: str  # ISO 8601 as stored
    lignes: int
    corbeille: bool = False

    @property
    def modified(self) -> dt.datetime | None:
        """When it was last modified, in this computer's time zone; None when unreadable."""
        try:
            moment = dt.datetime.fromisoformat(self.modifie_le)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone()


# What a LibraryContent is (its `kind`), worded by the catalogue (store_errors.content_title):
SALVAGED = "salvaged"  # « état récupéré du fichier endommagé (…) »
BACKUP = "backup"  # « sauvegarde du 27/11/2026 à 21:40 (…) » (or « état récupéré le … » for a salvage)
BACKUP_FILE = "backup_file"  # « la sauvegarde du 27/11/2026 à 21:40 (chemin complet) »


@dataclass
class LibraryContent:
    """One way back: the salvaged state or a backup, and the dossiers it would restore."""

    path: Path
    kind: str  # SALVAGED, BACKUP, BACKUP_FILE, or a title a front-end gave
    dossiers: list[DossierInfo] = field(default_factory=list)
    problem: str = ""  # why it cannot be read, SQLite's message (then dossiers is empty)
    lost_rows: int = 0  # salvage only: rows that could not be read

    @property
    def usable(self) -> bool:
        return not self.problem

    @property
    def lignes(self) -> int:
        return sum(info.lignes for info in self.dossiers)

    @property
    def newest(self) -> DossierInfo | None:
        """The dossier modified last (None when it holds none)."""
        dated = sorted(self.dossiers, key=lambda info: info.modifie_le or "")
        return dated[-1] if dated else None

    def missing_from(self, other: LibraryContent) -> list[DossierInfo]:
        """Dossiers `other` holds that restoring this one would lose (absent, or older here)."""
        mine = {info.id: info for info in self.dossiers}
        lost = []
        for info in other.dossiers:
            here = mine.get(info.id)
            if here is None or (here.modifie_le or "") < (info.modifie_le or ""):
                lost.append(info)
        return lost


def describe_file(path: Path, kind: str) -> LibraryContent:
    """The dossiers of a library file (a backup, a salvaged copy), read without changing it."""
    try:
        connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dossiers = _dossiers(connection)
        finally:
            connection.close()
    except sqlite3.Error as error:
        return LibraryContent(path, kind, problem=str(error))
    return LibraryContent(path, kind, dossiers)


def _dossiers(connection: sqlite3.Connection) -> list[DossierInfo]:
    rows = connection.execute("""
        SELECT d.id, COALESCE(c.raison_sociale, ''), COALESCE(p.intitule, ''), d.modifie_le,
               (SELECT COUNT(*) FROM lignes l WHERE l.dossier_id = d.id), d.corbeille_le IS NOT NULL
        FROM dossiers d
        LEFT JOIN collectivites c ON c.dossier_id = d.id
        LEFT JOIN projets p ON p.dossier_id = d.id
        ORDER BY d.modifie_le DESC""").fetchall()
    return [DossierInfo(str(r[0]), str(r[1]), str(r[2]), str(r[3] or ""), int(r[4] or 0), bool(r[5]))
            for r in rows]


def recovery_options(data_dir: Path, *, salvaged: LibraryContent | None = None,
                     limit: int = 5) -> list[LibraryContent]:
    """The ways back, most complete first in time: the salvaged state (when given), then the
    newest backups (at most `limit`), each with its dossiers."""
    options = [salvaged] if salvaged is not None else []
    for path in backups.list_backups(data_dir):
        if salvaged is not None and path == salvaged.path:
            continue
        if len(options) >= limit + (1 if salvaged else 0):
            break
        options.append(describe_file(path, BACKUP))
    return options


def is_salvage(path: Path) -> bool:
    parsed = backups.parse_backup_name(Path(path))
    return parsed is not None and parsed[1] == REASON_SALVAGE


# The options side by side, and what the chosen one loses: worded by the catalogue
# (store_errors.recovery_lines and recovery_losses).


def plan_recovery(data_dir: Path) -> list[LibraryContent]:
    """Salvage the damaged library, then describe every way back (salvaged state first)."""
    try:
        salvaged = salvage(data_dir)
    except OSError:
        salvaged = None  # no room to write the salvaged copy: the backups are still offered
    return recovery_options(data_dir, salvaged=salvaged)


def default_choice(options: list[LibraryContent]) -> LibraryContent | None:
    """The most recent complete state: the salvaged one when it could be read, else the newest
    readable backup."""
    return next((option for option in options if option.usable), None)


# --- salvage ---------------------------------------------------------------------------------


def salvage(data_dir: Path) -> LibraryContent | None:
    """Read what the damaged library of `data_dir` still holds into a new library among the
    backups; None when nothing can be read (not even the list of tables). Never changes the
    damaged file: it works on a copy (with its -wal, which holds recent commits)."""
    source = database_path(data_dir)
    if not source.is_file():
        return None
    folder = backups.backup_dir(data_dir)
    previous = _recent_salvage(data_dir, source)
    if previous is not None:  # the damaged file has not changed since: the same result
        return describe_file(previous, SALVAGED)
    make_folder(folder)
    with tempfile.TemporaryDirectory(prefix=".recuperation-", dir=folder) as work:
        copy = Path(work) / source.name
        shutil.copyfile(source, copy)
        wal = Path(f"{source}-wal")
        if wal.is_file():
            shutil.copyfile(wal, f"{copy}-wal")
        target = Path(work) / "recuperee.sqlite"
        try:
            lost = _salvage_into(copy, target)
        except sqlite3.Error:
            return None
        final = backups.new_backup_path(data_dir, REASON_SALVAGE)
        os.replace(target, final)
        fsync_directory(folder)
    backups.rotate(data_dir, REASON_SALVAGE)
    content = describe_file(final, SALVAGED)
    content.lost_rows = lost
    return content


def _recent_salvage(data_dir: Path, source: Path) -> Path | None:
    """A salvaged copy made after the damaged file (and its -wal) last changed, if any."""
    try:
        changed = max(Path(f"{source}{suffix}").stat().st_mtime
                      for suffix in ("", "-wal") if Path(f"{source}{suffix}").exists())
        for path in backups.list_backups(data_dir):
            if is_salvage(path) and path.stat().st_mtime >= changed:
                return path
    except (OSError, ValueError):
        return None
    return None


def _salvage_into(damaged: Path, target: Path) -> int:
    """Copy every readable row of `damaged` into a new file `target`; returns the rows lost."""
    source = sqlite3.connect(damaged.resolve().as_uri() + "?mode=ro", uri=True)
    source.execute("PRAGMA query_only = ON")
    # Damage in a page must not be "fixed" by guessing: read what SQLite can read as it is.
    with contextlib.suppress(sqlite3.Error):
        source.execute("PRAGMA writable_schema = OFF")
    try:
        schema = source.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        try:
            version = source.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            version = SCHEMA_VERSION
        tables = [(name, sql) for kind, name, sql in schema if kind == "table" and not name.startswith("sqlite_")]
        indexes = [sql for kind, name, sql in schema if kind == "index"]
        if not any(name == "dossiers" for name, _ in tables):
            raise sqlite3.DatabaseError("the table of dossiers is unreadable")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        destination = sqlite3.connect(target, isolation_level=None)
        lost = 0
        try:
            destination.execute("BEGIN")
            for name, sql in tables:
                destination.execute(sql)
                lost += _copy_rows(source, destination, name)
            _drop_incomplete(destination)
            for sql in indexes:
                with contextlib.suppress(sqlite3.Error):  # a unique index the data no longer meets
                    destination.execute(sql)
            destination.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            destination.execute(f"PRAGMA user_version = {int(min(version, SCHEMA_VERSION))}")
            destination.execute("COMMIT")
            problems = [row[0] for row in destination.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems[:3]))
        finally:
            destination.close()
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
        return lost
    finally:
        source.close()


def _copy_rows(source: sqlite3.Connection, destination: sqlite3.Connection, table: str) -> int:
    """Copy a table's readable rows (rowid kept); skip past pages that cannot be read."""
    quoted = '"' + table.replace('"', '""') + '"'
    columns = None
    last: int | None = None
    lost = 0
    while True:
        where = "" if last is None else f" WHERE rowid > {int(last)}"
        cursor = source.execute(f"SELECT rowid, * FROM {quoted} NOT INDEXED{where} ORDER BY rowid")
        if columns is None:
            columns = [d[0] for d in cursor.description][1:]
            insert = (f"INSERT OR IGNORE INTO {quoted} (rowid, {', '.join(_q(c) for c in columns)}) "
                      f"VALUES (?{', ?' * len(columns)})")
        try:
            for row in cursor:
                destination.execute(insert, row)
                last = row[0]
            return lost
        except sqlite3.DatabaseError:
            lost += 1
            resume = _next_readable_rowid(source, quoted, last)
            if resume is None:
                return lost
            last = resume - 1


def _next_readable_rowid(source: sqlite3.Connection, quoted: str, last: int | None) -> int | None:
    start = (last or 0) + 1
    step = 1
    for _ in range(MAX_PROBES):
        try:
            row = source.execute(f"SELECT rowid FROM {quoted} NOT INDEXED WHERE rowid >= ? "
                                 "ORDER BY rowid LIMIT 1", [start + step]).fetchone()
        except sqlite3.DatabaseError:
            step *= 2
            if start + step > 2**63 - 1:
                return None
            continue
        return None if row is None else row[0]
    return None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _drop_incomplete(connection: sqlite3.Connection) -> None:
    """A dossier whose collectivité or projet row was lost cannot be opened: it is left out (the
    comparison with the backups names it); rows of dossiers that were lost go with them; each
    list's positions are renumbered; summaries are recomputed at the next listing; attachment
    bytes that no longer match their SHA-256 are dropped (the piece then asks for its file)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"dossiers", "collectivites", "projets"} <= tables:
        raise sqlite3.DatabaseError("the library's tables are unreadable")
    connection.execute("DELETE FROM dossiers WHERE id NOT IN (SELECT dossier_id FROM collectivites) "
                       "OR id NOT IN (SELECT dossier_id FROM projets)")
    for table in ("collectivites", "projets", "ecoles", "lignes", "pieces"):
        if table in tables:
            connection.execute(f"DELETE FROM {table} WHERE dossier_id NOT IN (SELECT id FROM dossiers)")
    for table in ("ecoles", "lignes", "pieces"):
        if table in tables:
            connection.execute(f"""UPDATE {table} SET position = (
                SELECT COUNT(*) FROM {table} other WHERE other.dossier_id = {table}.dossier_id
                AND (other.position < {table}.position
                     OR (other.position = {table}.position AND other.rowid < {table}.rowid)))""")
    if "resume_revision" in {row[1] for row in connection.execute("PRAGMA table_info(dossiers)")}:
        connection.execute("UPDATE dossiers SET resume_revision = -1")
    if "fichiers" in tables:
        for sha256, contenu in connection.execute("SELECT sha256, contenu FROM fichiers").fetchall():
            if not isinstance(contenu, bytes) or hashlib.sha256(contenu).hexdigest() != sha256:
                connection.execute("DELETE FROM fichiers WHERE sha256 = ?", [sha256])
