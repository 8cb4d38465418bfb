"""Backup copies of the library, under `data_dir/sauvegardes/`, and putting one back.

Copies are made with SQLite's online backup API (a consistent snapshot even while the window
writes), into a temporary file that is fsynced and then renamed: a crash never leaves a half
backup under a backup's name. Names carry the local time and the reason, so a user browsing
the folder understands them: `bibliotheque-20261127-214005-123-quotidienne.sqlite`.
Each reason keeps its own rotation (KEEP_PER_REASON copies), so ten exports in one afternoon
never push the daily copies of last week out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

from ..fileio import fsync_directory, make_folder

BACKUP_DIRNAME = "sauvegardes"
SET_ASIDE_DIRNAME = "mises-de-cote"
KEEP_PER_REASON = 10

REASON_DAILY = "quotidienne"
REASON_MIGRATION = "avant-mise-a-jour"
REASON_EXPORT = "avant-export"
REASON_REPLACE = "avant-remplacement"

_NAME = re.compile(r"^bibliotheque-(\d{8})-(\d{6})-(\d{3})-([a-z0-9-]+)\.sqlite$")


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIRNAME


def reason_slug(reason: str) -> str:
    """`Avant l'export` -> `avant-l-export`: safe in a file name on every system."""
    ascii_text = unicodedata.normalize("NFKD", reason).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40] or "manuelle"


def parse_backup_name(path: Path) -> tuple[dt.datetime, str] | None:
    """(local time, reason) of a backup file name, or None for any other file."""
    match = _NAME.match(path.name)
    if not match:
        return None
    day, time, millis, reason = match.groups()
    moment = dt.datetime.strptime(day + time, "%Y%m%d%H%M%S").replace(microsecond=int(millis) * 1000)
    return moment, reason


def list_backups(data_dir: Path) -> list[Path]:
    """Every backup, newest first."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [(parsed[0], path) for path in folder.iterdir() if (parsed := parse_backup_name(path))]
    return [path for _, path in sorted(found, reverse=True)]


def has_backup_of_day(data_dir: Path, reason: str, day: dt.date) -> bool:
    for path in list_backups(data_dir):
        parsed = parse_backup_name(path)
        if parsed and parsed[1] == reason and parsed[0].date() == day:
            return True
    return False


def new_backup_path(data_dir: Path, reason: str) -> Path:
    folder = backup_dir(data_dir)
    moment = dt.datetime.now()
    while True:
        name = f"bibliotheque-{moment:%Y%m%d-%H%M%S}-{moment.microsecond // 1000:03d}-{reason}.sqlite"
        path = folder / name
        if not path.exists():
            return path
        moment += dt.timedelta(milliseconds=1)


def write_backup(connection: sqlite3.Connection, data_dir: Path, reason: str) -> Path:
    """Copy the open database into a new backup file; rotate that reason's copies."""
    reason = reason_slug(reason)
    folder = backup_dir(data_dir)
    make_folder(folder)
    target = new_backup_path(data_dir, reason)
    fd, temp_name = tempfile.mkstemp(prefix=".sauvegarde-", suffix=".partiel", dir=folder)
    os.close(fd)
    try:
        destination = sqlite3.connect(temp_name)
        try:
            connection.backup(destination)
            # A backup is a single self-contained file: no -wal beside it.
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        _fsync_file(Path(temp_name))
        os.replace(temp_name, target)
        fsync_directory(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    rotate(data_dir, reason)
    return target


def remove_stale_partials(data_dir: Path) -> None:
    """Remove half-written copies a killed process left (never a backup: those are renamed
    into place only once complete). Called under the writer's lock, so nobody is writing them."""
    patterns = ((backup_dir(data_dir), ".sauvegarde-*.partiel"), (data_dir, ".bibliotheque.sqlite.*.partiel"),
                (data_dir, ".bibliotheque-etat.json.*.partiel"))
    for folder, pattern in patterns:
        if folder.is_dir():
            for stale in folder.glob(pattern):
                with contextlib.suppress(OSError):
                    stale.unlink()


def rotate(data_dir: Path, reason: str, keep: int = KEEP_PER_REASON) -> None:
    same_reason = [path for path in list_backups(data_dir) if parse_backup_name(path)[1] == reason]
    for old in same_reason[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def set_aside(database: Path) -> Path | None:
    """Move the database (and its -wal/-shm) into `mises-de-cote/`, never deleting anything."""
    if not database.exists():
        return None
    folder = database.parent / SET_ASIDE_DIRNAME
    make_folder(folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = folder / f"{database.stem}-{stamp}{database.suffix}"
    counter = 1
    while aside.exists():
        counter += 1
        aside = folder / f"{database.stem}-{stamp}-{counter}{database.suffix}"
    # The -wal holds committed transactions not yet copied into the main file: it must stay
    # paired with it (same base name) to be of any use to whoever tries to recover the data.
    _move_with_companions(database, aside)
    return aside


def put_back(aside: Path, database: Path) -> None:
    """Undo `set_aside` (a restore that failed half-way must not leave an empty library)."""
    _move_with_companions(aside, database)


def _move_with_companions(source: Path, target: Path) -> None:
    """Move a database file with its -wal and -shm, which only make sense beside it."""
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{source}{suffix}")
        if companion.exists():
            os.replace(companion, f"{target}{suffix}")
    os.replace(source, target)
    fsync_directory(target.parent)
    if source.parent != target.parent:
        fsync_directory(source.parent)


def stage_copy(source: Path, database: Path) -> Path:
    """Copy `source`, fsynced, beside `database` under a name `remove_stale_partials` cleans
    if the process dies; the caller renames it into place."""
    staged = database.with_name(f".{database.name}.restauration.partiel")
    try:
        # 0600: the library it becomes holds every dossier (issue 17).
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with source.open("rb") as inp, os.fdopen(descriptor, "wb") as out:
            shutil.copyfileobj(inp, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise
    return staged


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
