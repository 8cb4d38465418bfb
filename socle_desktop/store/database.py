"""The database layer: one SQLite file in the data folder, shared by the library and the outbox.

What it owns, and nothing else: the connection and its pragmas, the writer's lock, the
transactions, the translation of SQLite's errors into the store's codes, the migrations (each set in one
transaction per step, after a backup), the file modes, and the identity of the files under the
open connection.

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
opens with `read_only=True`. Every write is one `BEGIN IMMEDIATE` transaction (`write()`), with
one busy timeout for every connection to the file (the outbox's included).

Files under the connection (issue 17). Committed transactions live in the -wal until a
checkpoint; if someone deletes or replaces the -wal (or the database file) while the connection
is open, SQLite keeps writing into a file nobody will ever read again, and a crash then loses
every commit since. Before each write, the identity (device, inode) of both files is compared
with what the connection saw; a change stops every write with an error.

Privacy (issue 17). The data folder is 0700 and the database, its -wal/-shm and the lock 0600 on
POSIX systems: another local account must not read the dossiers. Looser modes are tightened at
each open.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from .errors import Damage, LibraryDamagedError, LibraryError, LibraryLockedError, LibraryMissing, LibraryOutdated
from .lock import LibraryLock, LockBusy

DATABASE_FILENAME = "bibliotheque.sqlite"
BUSY_TIMEOUT_MS = 5000
JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
COMPANIONS = ("-wal", "-shm")


def database_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / DATABASE_FILENAME


# --- file modes ---------------------------------------------------------------------------


def private_folder(folder: Path) -> None:
    """Create `folder` for this user only (its missing parents as usual); tighten it when
    looser (POSIX)."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)  # parents: the usual mode
    tighten(folder, FOLDER_MODE)


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """Remove group and other permissions from an existing file or folder (POSIX only; a file
    owned by someone else, or on a file system without modes, is left as it is)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        current = stat.S_IMODE(os.stat(path).st_mode)
        if current & 0o077:
            os.chmod(path, current & ~0o077 & 0o7777 | (mode & 0o700))


# What the application keeps in the data folder (the folder itself may be one the user chose,
# holding other things: only these are tightened).
DATA_FILES = (DATABASE_FILENAME, *(DATABASE_FILENAME + suffix for suffix in COMPANIONS), ".verrou",
              "envoi.json", "fenetre.ini", "bibliotheque-etat.json")
DATA_FOLDERS = ("sauvegardes", "mises-de-cote", "envoi", "identites", "journaux")


def tighten_data_folder(data_dir: Path) -> None:
    """Make the data folder and what the application keeps there private (POSIX): a library
    created by an older version, or files copied in, may be readable by other accounts."""
    if os.name != "posix":
        return
    tighten(data_dir, FOLDER_MODE)
    for name in DATA_FILES:
        candidate = data_dir / name
        if candidate.is_file() and not candidate.is_symlink():
            tighten(candidate)
    for name in DATA_FOLDERS:
        top = data_dir / name
        if not top.is_dir() or top.is_symlink():
            continue
        tighten(top, FOLDER_MODE)
        for root, folders, files in os.walk(top):  # never follows symbolic links
            for folder in folders:
                if not os.path.islink(os.path.join(root, folder)):
                    tighten(Path(root, folder), FOLDER_MODE)
            for file in files:
                if not os.path.islink(os.path.join(root, file)):
                    tighten(Path(root, file))


# --- the database -------------------------------------------------------------------------


class Database:
    """One connection to the library's file, with its transactions and coded errors.

    `Database.open(data_dir)` opens the library's file for the application (lock, pragmas, file
    checks); `other.connect_another()` gives a second connection to the same file (the outbox,
    a sending thread); `Database.connect(path)` opens any file with the same settings (tests).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, *, read_only: bool,
                 lock: LibraryLock | None = None, data_dir: Path | None = None):
        self.path = path
        self.data_dir = data_dir if data_dir is not None else path.parent
        self.read_only = read_only
        self.connection: sqlite3.Connection | None = connection
        self.lock = lock
        self.mutex = threading.RLock()
        self.db = sqlite_utils.Database(connection, execute_plugins=False)
        self._identity: dict[str, tuple[int, int]] = {}
        self._files_lost: Damage | None = None
        # Where damage errors find the backups to offer (set by the library's maintenance part).
        self.damaged: Callable[[Damage], LibraryDamagedError] = self._plain_damaged

    # --- opening and closing

    @classmethod
    def open(cls, data_dir: Path | str, *, read_only: bool = False) -> Database:
        """The library's database of `data_dir`, opened for writing (with the writer's lock) or
        for reading. Raises LibraryError (a code); a file SQLite cannot read raises
        sqlite3.DatabaseError for the caller to turn into a LibraryDamagedError with backups."""
        data_dir = Path(data_dir)
        path = database_path(data_dir)
        if data_dir.exists() and not data_dir.is_dir():
            raise LibraryError("data_dir_is_file", path=data_dir)
        if path.is_dir():
            raise LibraryError("library_is_folder", path=path)
        lock = None
        if read_only:
            if not path.exists():
                raise LibraryMissing("library_missing", path=data_dir)
        else:
            lock = acquire_lock(data_dir)
        try:
            if not read_only:
                _create_private(path)
            connection = _connect(path, read_only=read_only)
        except sqlite3.Error as error:
            if lock:
                lock.release()
            if isinstance(error, sqlite3.OperationalError):
                raise unopenable(path) from error
            raise
        return cls(path, connection, read_only=read_only, lock=lock, data_dir=data_dir)

    @classmethod
    def connect(cls, path: Path | str, *, read_only: bool = False, data_dir: Path | None = None) -> Database:
        """Any database file, with the library's connection settings and no writer's lock."""
        path = Path(path)
        try:
            connection = _connect(path, read_only=read_only)
        except sqlite3.Error as error:
            raise unopenable(path) from error
        database = cls(path, connection, read_only=read_only, data_dir=data_dir)
        database.remember_files()
        return database

    def connect_another(self) -> Database:
        """A second connection to the same file (its own transactions; another thread may use it)."""
        self.require_open()
        other = Database.connect(self.path, read_only=self.read_only, data_dir=self.data_dir)
        other.damaged = self.damaged
        return other

    def configure(self) -> None:
        """The pragmas of a library opened by the application (WAL + FULL, see above)."""
        conn = self.connection
        if not self.read_only:
            conn.execute("PRAGMA journal_mode = WAL")  # persistent in the file
        if not self.read_only:
            private_folder(self.data_dir)
            tighten_data_folder(self.data_dir)
        self.remember_files()

    def close(self, before: Callable[[], None] | None = None) -> None:
        with self.mutex:
            if self.connection is None:
                return
            if before is not None:
                before()
            with contextlib.suppress(sqlite3.Error):
                if self.lock is not None and self._files_lost is None:  # the writer's own connection
                    self.connection.execute("PRAGMA optimize")  # keeps the query plans good, cheap
                self.connection.close()
            self.connection = None
            if self.lock:
                self.lock.release()

    @property
    def is_open(self) -> bool:
        return self.connection is not None

    def require_open(self) -> None:
        if self.connection is None:
            raise LibraryError("library_closed")

    def user_version(self) -> int:
        return self.connection.execute("PRAGMA user_version").fetchone()[0]

    # --- migrations

    def pending(self, migrations: sqlite_utils.Migrations) -> list:
        return migrations.pending(self.db)

    def migrate(self, migrations: sqlite_utils.Migrations, *, backup: Callable[[], Path | None] | None = None,
                what: str = "library") -> bool:
        """Apply a migration set's pending steps, each in one transaction with its record.

        Read-only: raise LibraryOutdated when steps are pending (the caller may catch it).
        `what` names the migrated part for the message (a code: "library", "outbox").
        `backup` is called first, when there is something to migrate; returns True when a
        step ran."""
        pending = migrations.pending(self.db)
        if not pending:
            return False
        if self.read_only:
            raise LibraryOutdated("library_outdated", what=what)
        saved = backup() if backup else None
        self.check_files()
        try:
            migrations.apply(self.db)
        except Exception as error:
            raise LibraryError("migration_failed", what=what, cause=error, backup=saved) from error
        self.remember_files()
        return True

    # --- transactions

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes SQLite's write lock up front, so two
        writers never both read 'free' and then write. Nested calls join the outer one."""
        if self.read_only:
            raise LibraryError("library_read_only")
        self.require_open()
        conn = self.connection
        if conn.in_transaction:
            with self.db.atomic():
                yield conn
            return
        self.check_files()
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
        self.remember_files()

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Several SELECTs seeing one snapshot, even while another process commits."""
        self.require_open()
        conn = self.connection
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    # --- the files under the connection (issue 17, item 13)

    def _file_identities(self) -> dict[str, tuple[int, int] | None]:
        found: dict[str, tuple[int, int] | None] = {}
        for suffix in ("", "-wal"):
            try:
                info = os.stat(f"{self.path}{suffix}")
                found[suffix] = (info.st_dev, info.st_ino)
            except OSError:
                found[suffix] = None
        return found

    def remember_files(self) -> None:
        """Record which files the connection works on (after opening, after each commit)."""
        if self._files_lost is not None or (not self.path.is_absolute() and str(self.path) == ":memory:"):
            return
        for suffix, identity in self._file_identities().items():
            if identity is not None:
                self._identity[suffix] = identity

    def check_files(self) -> None:
        """Raise (and refuse every later write) when the database or its -wal vanished or was
        replaced under the open connection: what SQLite would write there would be lost."""
        if self._files_lost is None:
            now = self._file_identities()
            for suffix, seen in self._identity.items():
                if now.get(suffix) != seen:
                    self._files_lost = Damage("files_lost", name=f"{self.path.name}{suffix}",
                                              vanished=now.get(suffix) is None)
                    break
        if self._files_lost is not None:
            raise LibraryDamagedError("library_files_lost", database=self.path, detail=self._files_lost)

    # --- errors

    def translate(self, error: sqlite3.Error) -> LibraryError:
        """SQLite's English error as one of the store's codes (the catalogue words it)."""
        text = str(error).lower()
        code = getattr(error, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return DiskFullError("disk_full")
        if "unable to open" in text:
            return unopenable(self.path)
        if "no such table" in text or "no such column" in text:
            return self.damaged(Damage("structure_missing", message=str(error)))
        if "locked" in text or "busy" in text:
            return LibraryLockedError("library_busy", seconds=BUSY_TIMEOUT_MS // 1000)
        if "readonly" in text or "read-only" in text:
            return LibraryError("library_not_writable", path=self.path, companion=self.read_only_companion())
        if "malformed" in text or "not a database" in text or "disk i/o" in text:
            return self.damaged(Damage("sqlite", message=str(error)))
        return LibraryError("library_refused", message=str(error))

    def read_only_companion(self) -> str | None:
        """Which companion file refuses writing (its name), None for the database or its disk. A
        -shm left read-only (created while the database file itself was read-only, e.g. copied
        from a CD) blocks every write until removed."""
        for companion in (Path(f"{self.path}-shm"), Path(f"{self.path}-wal")):
            if companion.exists() and os.access(self.path, os.W_OK) and not os.access(companion, os.W_OK):
                return companion.name
        return None

    def _plain_damaged(self, detail: Damage) -> LibraryDamagedError:
        return LibraryDamagedError("library_damaged", database=self.path, detail=detail)


class DiskFullError(LibraryError):
    """SQLITE_FULL: nothing was written (the transaction was rolled back)."""


def operation(method):
    """For the methods of a part built on a Database (`self.database`): serialise calls (the
    window may read pieces from a worker thread), refuse a closed library, and turn SQLite's
    errors into LibraryError with a code: never a raw traceback for the user."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        database: Database = self.database
        with database.mutex:
            database.require_open()
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.DataError) as error:
                raise database.translate(error) from error
            except UnicodeEncodeError:  # a lone surrogate that SQLite cannot store as UTF-8
                raise LibraryError("lone_surrogate") from None
            except sqlite3.DatabaseError as error:
                if type(error) is not sqlite3.DatabaseError:
                    raise  # a programming error: let it show in the logs
                raise database.damaged(Damage("sqlite", message=str(error))) from error

    return wrapper


# --- module helpers ------------------------------------------------------------------------


def _create_private(path: Path) -> None:
    """A new database file is created 0600 before SQLite opens it (SQLite would follow the
    umask); its -wal and -shm take the main file's mode."""
    if os.name != "posix" or path.exists():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        return _writable(_configured(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000,
                                                     isolation_level=None, check_same_thread=False)))
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
    # check_same_thread=False: calls are serialised by Database.mutex instead.
    # Per connection, so every connection to the file (the outbox's too) gets them.
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _writable(connection: sqlite3.Connection) -> sqlite3.Connection:
    """A writer's durability settings (per connection; a reader writes nothing, and on a
    write-protected medium these pragmas would touch the file before the immutable fallback)."""
    connection.execute("PRAGMA synchronous = FULL")
    # After adding a 50 Mo attachment the -wal file would otherwise keep that size on disk.
    connection.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
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


def unopenable(path: Path) -> LibraryError:
    return LibraryError("library_unopenable", path=path)


def acquire_lock(data_dir: Path) -> LibraryLock:
    try:
        private_folder(data_dir)
    except OSError as error:
        raise LibraryError("data_dir_not_created", path=data_dir, os_error=error) from None
    lock = LibraryLock(data_dir)
    try:
        lock.acquire()
    except LockBusy:
        raise LibraryLockedError("library_locked", path=data_dir) from None
    except OSError as error:
        raise LibraryError("data_dir_not_writable", path=data_dir, os_error=error) from None
    tighten(lock.path)
    return lock
