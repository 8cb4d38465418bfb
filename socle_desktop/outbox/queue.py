"""The persistent queue of bundles waiting to be sent (or handed over on a USB key).

The queue lives in the library's SQLite database, in tables of its own (`outbox_entries`,
`outbox_events`), on the store's database layer (store/database.py): the same connection
settings and busy timeout, every change one `BEGIN IMMEDIATE` transaction (`database.write()`),
SQLite's errors as the store's codes, and the tables created by the `socle-outbox` sqlite-utils migration
set through the same mechanism as the library's own migrations. Each accepted bundle is first copied into the data
folder (`envoi/<sha256>.zip`, atomically), so moving or deleting the original loses nothing.

A bundle's SHA-256 is its identity: the same bytes are queued once, and an entry that has
reached `envoye` is never uploaded again. The upload URL the server gave is stored before
the first byte is sent, so a cut connection or a restart resumes that upload.

Several senders may share one queue (the window's background sending, a `send` command in
a terminal): an entry is *claimed* with a lease before it is sent. A lease ends when its
holder releases it, when it expires, or (same machine) when the holder's process is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ..domain.coded_error import CodedError
from ..fileio import atomic_writer, fsync_directory
from ..store.database import Database, operation
from .reasons import to_record

EN_ATTENTE = "en_attente"
ENVOI_EN_COURS = "envoi_en_cours"
ENVOYE = "envoye"
ECHEC = "echec"
REMIS = "remis"  # handed over AND acknowledged by the receiving side (a receipt), never a copy alone
COPIE_SUR_SUPPORT = "copie_sur_support"  # a checked copy on a folder or USB stick (the life cycle's code)

# States that `send` works on; `envoye` and `remis` are done.
SENDABLE_STATES = (EN_ATTENTE, ENVOI_EN_COURS, ECHEC)

OUTBOX_FOLDER = "envoi"
LEASE_SECONDS = 120.0
HASH_BLOCK = 1024 * 1024

migrations = sqlite_utils.Migrations("socle-outbox")


@migrations()
def create_outbox_tables(db: sqlite_utils.Database) -> None:
    db["outbox_entries"].create({
        "id": str, "sha256": str, "size": int, "filename": str, "dossier_id": str,
        "source_path": str, "stored_name": str, "state": str,
        "added_at": str, "updated_at": str,
        "endpoint": str, "upload_url": str, "offset": int, "sent_at": str,
        "handed_over_path": str, "handed_over_at": str,
        "error": str, "error_retryable": int, "tries": int,
        "lease_owner": str, "lease_until": float,
    }, pk="id", not_null={"sha256", "size", "state", "stored_name"}, defaults={"offset": 0, "tries": 0})
    db["outbox_entries"].create_index(["sha256"], unique=True)
    db["outbox_events"].create({
        "id": int, "entry_id": str, "at": str, "kind": str, "detail": str,
    }, pk="id", foreign_keys=[("entry_id", "outbox_entries", "id")])
    db["outbox_events"].create_index(["entry_id"])


class OutboxError(CodedError):
    """Something the user must know or fix: a code and the values it names, worded by the
    front-ends' catalogue (catalogue/outbox_errors.py)."""


class BundleRefused(OutboxError):
    """The bundle may not enter the queue (verification failed, draft, unreadable)."""


class EntryNotFound(OutboxError):
    pass


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    sha256: str
    size: int
    filename: str
    dossier_id: str | None
    state: str
    added_at: str
    updated_at: str
    stored_name: str
    source_path: str | None = None
    endpoint: str | None = None
    upload_url: str | None = None
    offset: int = 0
    sent_at: str | None = None
    handed_over_path: str | None = None
    handed_over_at: str | None = None
    error: str | None = None
    error_retryable: bool = False
    tries: int = 0

    @property
    def short_id(self) -> str:
        return self.id[:8]

    @property
    def is_sendable(self) -> bool:
        return self.state in SENDABLE_STATES

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# What `add` notes (the front-ends' catalogue words them).
ALREADY_QUEUED, SAME_DOSSIER_QUEUED, FICTIONAL_EXAMPLE = "deja_dans_la_file", "meme_dossier", "exemple_fictif"


@dataclass(frozen=True)
class Note:
    code: str
    entry_id: str = ""  # the other entry a note is about
    state: str = ""     # and its state


@dataclass
class AddResult:
    entry: OutboxEntry
    created: bool
    notes: list[Note] = field(default_factory=list)


ACKNOWLEDGMENT_EVENT = "accuse_reception"
ACKNOWLEDGMENT_EXPECTED_EVENT = "accuse_attendu"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# Why a database write failed for a reason of the machine (database_write_problem's codes).
DB_LIBRARY, DB_SYSTEM, DB_FULL, DB_READ_ONLY, DB_IO, DB_BUSY, DB_DAMAGED = (
    "library", "system", "disk_full", "read_only", "io_error", "busy", "damaged")


def database_write_problem(error: BaseException) -> str | None:
    """The code of a database write that failed for a reason of the machine (full disk,
    read-only or damaged file, I/O error), or None for any other error (a bug: let it be seen).
    The store's own errors (`LibraryError`) and an OSError are `library` and `system`: they
    carry their own reason. The catalogue words them (catalogue.outbox_errors.database_problem)."""
    from ..store.errors import LibraryError  # the store translates its own database errors

    if isinstance(error, LibraryError):
        return DB_LIBRARY
    if isinstance(error, OSError):
        return DB_SYSTEM
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DB_FULL
    if code == sqlite3.SQLITE_READONLY or "readonly" in text:
        return DB_READ_ONLY
    if code == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        return DB_IO
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return DB_BUSY
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return DB_DAMAGED
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _default_verify(path: Path):
    from ..export.verify import verify_bundle  # imported late: the export part is optional here

    return verify_bundle(path)


class Outbox:
    """The queue. Open it with `Outbox.from_library(lib)`, or on any store Database."""

    def __init__(self, database: Database, data_dir: Path | None = None,
                 verify: Callable[[Path], Any] | None = None):
        self.database = database
        self.db = database.db  # the sqlite-utils view of the same connection
        self.data_dir = Path(data_dir) if data_dir is not None else database.data_dir
        self.folder = self.data_dir / OUTBOX_FOLDER
        self.read_only = database.read_only
        self._verify = verify or _default_verify
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        if self.read_only:
            self._has_tables = not database.pending(migrations)
        else:
            with database.mutex:
                try:
                    database.migrate(migrations, what="outbox")  # a code: the store words it
                except sqlite3.DatabaseError as error:
                    raise database.translate(error) from error
            self._has_tables = True
            self._remove_stale_temporary_files()

    @classmethod
    def from_library(cls, library, verify=None) -> Outbox:
        """The outbox of an open library, on a connection of its own to the same file.

        Its own connection keeps the outbox's transactions apart from the library's (which
        may run in another thread), and lets a sending thread open yet another one.
        """
        return cls(library.database.connect_another(), library.data_dir, verify=verify)

    def reopen(self) -> Outbox:
        """A second Outbox on the same database file, for another thread (one connection per thread)."""
        from ..store.errors import LibraryError

        try:
            return Outbox(self.database.connect_another(), self.data_dir, verify=self._verify)
        except LibraryError as error:  # the callers (the sending thread) expect the outbox's errors
            raise OutboxError("outbox_reopen_failed", cause=error) from None

    def database_path(self) -> Path | None:
        return self.database.path

    def close(self) -> None:
        self.database.close()

    # ----- reading -------------------------------------------------------------------------

    @operation
    def entries(self) -> list[OutboxEntry]:
        if not self._has_tables:
            return []  # a read-only look at a library whose outbox was never opened
        rows = self.db["outbox_entries"].rows_where(order_by="added_at, rowid")
        return [_entry_from_row(row) for row in rows]

    @operation
    def get(self, entry_id: str) -> OutboxEntry:
        """The entry with this id, or the only one whose id starts with it (4 characters at least)."""
        entry_id = (entry_id or "").strip().lower()
        if not self._has_tables:
            raise EntryNotFound("entry_not_found", entry_id=entry_id)
        rows = list(self.db["outbox_entries"].rows_where("id = ?", [entry_id]))
        if not rows and entry_id:  # a prefix, compared as text (LIKE would take « % » and « _ » as wildcards)
            rows = list(self.db["outbox_entries"].rows_where(
                "substr(id, 1, ?) = ?", [len(entry_id), entry_id], order_by="added_at, rowid"))
        if len(rows) == 1 and len(entry_id) >= MIN_ENTRY_PREFIX:
            return _entry_from_row(rows[0])
        if not rows:
            raise EntryNotFound("entry_not_found", entry_id=entry_id)
        raise _prefix_problem(entry_id, rows)

    @operation
    def find_by_sha256(self, sha256: str) -> OutboxEntry | None:
        rows = list(self.db["outbox_entries"].rows_where("sha256 = ?", [sha256]))
        return _entry_from_row(rows[0]) if rows else None

    def sendable(self, automatic: bool = False, *, include_superseded: bool = False) -> list[OutboxEntry]:
        """Entries `send` works on; automatic sending leaves out failures that need the user.
        A bundle of an older version of its dossier (superseded.py) is sent only when the user
        confirmed it (`include_superseded`)."""
        entries = [entry for entry in self.entries() if entry.is_sendable
                   and not (automatic and entry.state == ECHEC and not entry.error_retryable)]
        if include_superseded or not entries:
            return entries
        from .superseded import superseded_entries

        stale = superseded_entries(self)
        return [entry for entry in entries if entry.id not in stale]

    def bundle_path(self, entry: OutboxEntry) -> Path:
        return self.folder / entry.stored_name

    @operation
    def events(self, entry_id: str) -> list[dict]:
        return list(self.db["outbox_events"].rows_where("entry_id = ?", [entry_id], order_by="id"))

    # ----- adding --------------------------------------------------------------------------

    @operation
    def add(self, source: Path | str) -> AddResult:
        """Queue a verified, non-draft bundle; the same bytes twice give the existing entry."""
        source = Path(source)
        self.require_writable()
        incoming = self._copy_in(source)
        try:
            sha256 = file_sha256(incoming)
            existing = self.find_by_sha256(sha256)
            if existing is not None:
                return AddResult(existing, created=False, notes=[Note(ALREADY_QUEUED, existing.id, existing.state)])
            report = self._checked_report(source, incoming)
            stored_name = f"{sha256}.zip"
            try:
                os.replace(incoming, self.folder / stored_name)
                fsync_directory(self.folder)  # the name itself survives a power cut
            except OSError as error:
                raise BundleRefused("bundle_not_added", filename=source.name, cause=error) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                incoming.unlink()
        notes = self._same_dossier_notes(report.dossier_id)
        if getattr(report, "example", False):
            notes.append(Note(FICTIONAL_EXAMPLE))
        entry_id = uuid.uuid4().hex
        moment = now_iso()
        row = {
            "id": entry_id, "sha256": sha256, "size": (self.folder / stored_name).stat().st_size,
            "filename": source.name, "dossier_id": report.dossier_id, "source_path": str(source.resolve()),
            "stored_name": stored_name, "state": EN_ATTENTE, "added_at": moment, "updated_at": moment,
            "offset": 0, "tries": 0, "error_retryable": 0,
        }
        try:
            with self.database.write():
                self.db["outbox_entries"].insert(row)
                self._event(entry_id, "ajout", to_record(CodedError("event_added", source=source, size=row["size"],
                                                                     sha256=sha256)))
        except sqlite3.IntegrityError:  # the same bundle queued meanwhile by another process
            return AddResult(self.find_by_sha256(sha256), created=False,
                             notes=[Note(ALREADY_QUEUED)])
        except Exception as error:  # a full disk, a damaged file: the copy goes, nothing half-added
            problem = database_write_problem(error)
            if problem is None:
                raise
            with contextlib.suppress(OSError, sqlite3.Error):
                if self.find_by_sha256(sha256) is None:
                    (self.folder / stored_name).unlink()
            raise OutboxError("bundle_not_added", filename=source.name, cause=error) from None
        return AddResult(self.get(entry_id), created=True, notes=notes)

    def _copy_in(self, source: Path) -> Path:
        """Copy the bundle into the outbox folder under a temporary name (atomic write)."""
        if not source.exists():
            raise BundleRefused("bundle_not_found", path=source)
        if not source.is_file():
            raise BundleRefused("bundle_not_a_file", path=source)
        incoming = self.folder / f".arrivee-{uuid.uuid4().hex}.zip"
        try:
            with open(source, "rb") as reader, atomic_writer(incoming) as writer:
                while block := reader.read(HASH_BLOCK):
                    writer.write(block)
        except PermissionError:
            raise BundleRefused("bundle_permission", path=source) from None
        except OSError as error:
            raise BundleRefused("bundle_copy_failed", path=source, os_error=error) from None
        return incoming

    def _checked_report(self, source: Path, copy: Path):
        try:
            report = self._verify(copy)
        except OutboxError:
            raise
        except Exception as error:  # an unreadable zip is bad input, not a crash
            raise BundleRefused("bundle_unverifiable", filename=source.name, cause=error) from None
        if getattr(report, "unchecked", ""):  # verify's own finding (a document's words)
            raise BundleRefused("bundle_unchecked", filename=source.name, unchecked=report.unchecked)
        if not report.ok:  # the failed checks' labels and details: verify's findings
            failed = tuple((label, detail) for label, ok, detail in report.checks if not ok)
            raise BundleRefused("bundle_verification_failed", filename=source.name, failed=failed)
        if report.draft:
            raise BundleRefused("bundle_draft", filename=source.name)
        return report

    def _same_dossier_notes(self, dossier_id: str | None) -> list[Note]:
        if not dossier_id:
            return []
        others = [e for e in self.entries() if e.dossier_id == dossier_id]
        return [Note(SAME_DOSSIER_QUEUED, e.id, e.state)
                for e in others]

    # ----- state changes (each one transaction) -------------------------------------------

    @operation
    def claim(self, entry_id: str, lease_seconds: float = LEASE_SECONDS) -> bool:
        """Take the right to send this entry; False when another sender holds it or it is done."""
        self.require_writable()
        with self.database.write():
            row = self._row(entry_id)
            if row["state"] not in SENDABLE_STATES:
                return False
            holder = row["lease_owner"]
            if holder and holder != self._owner and not _lease_is_stale(holder, row["lease_until"]):
                return False
            self.db["outbox_entries"].update(entry_id, {
                "lease_owner": self._owner, "lease_until": time.time() + lease_seconds})
        return True

    @operation
    def release(self, entry_id: str) -> None:
        with self.database.write():
            row = self._row(entry_id)
            if row["lease_owner"] == self._owner:
                changes = {"lease_owner": None, "lease_until": None}
                if row["state"] == ENVOI_EN_COURS:
                    changes["state"] = EN_ATTENTE  # interrupted: resumes from the server's offset
                    changes["updated_at"] = now_iso()
                self.db["outbox_entries"].update(entry_id, changes)

    @operation
    def record_upload_url(self, entry_id: str, endpoint: str, url: str) -> None:
        """Stored before the first byte leaves: a restart resumes this upload, never a new one."""
        with self.database.write():
            self.db["outbox_entries"].update(entry_id, {
                "endpoint": endpoint, "upload_url": url, "offset": 0, "state": ENVOI_EN_COURS,
                "updated_at": now_iso(), "lease_until": time.time() + LEASE_SECONDS})
            self._event(entry_id, "creation", url)

    @operation
    def forget_upload(self, entry_id: str, reason: CodedError | str) -> None:
        with self.database.write():
            self.db["outbox_entries"].update(entry_id, {
                "upload_url": None, "endpoint": None, "offset": 0, "updated_at": now_iso()})
            self._event(entry_id, "oubli", _kept(reason))

    @operation
    def record_progress(self, entry_id: str, offset: int, resumed: bool = False) -> None:
        with self.database.write():
            self.db["outbox_entries"].update(entry_id, {
                "offset": offset, "state": ENVOI_EN_COURS, "updated_at": now_iso(),
                "lease_until": time.time() + LEASE_SECONDS})
            if resumed:
                self._event(entry_id, "reprise", str(offset))

    @operation
    def renew_lease(self, entry_id: str) -> None:
        """Still sending (a slow chunk, a long wait): keep the claim alive."""
        with self.database.write():
            self.db.execute("UPDATE outbox_entries SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                            [time.time() + LEASE_SECONDS, entry_id, self._owner])

    @operation
    def record_try_failed(self, entry_id: str, reason: CodedError | str) -> None:
        with self.database.write():
            self.db.execute("UPDATE outbox_entries SET tries = tries + 1, lease_until = ? WHERE id = ?",
                            [time.time() + LEASE_SECONDS, entry_id])
            self._event(entry_id, "incident", _kept(reason))

    @operation
    def mark_sent(self, entry_id: str, url: str, offset: int) -> None:
        with self.database.write():
            self.db["outbox_entries"].update(entry_id, {
                "state": ENVOYE, "upload_url": url, "offset": offset, "sent_at": now_iso(),
                "updated_at": now_iso(), "error": None, "error_retryable": 0,
                "lease_owner": None, "lease_until": None})
            self._event(entry_id, "envoye", url)

    @operation
    def record_acknowledgment(self, entry_id: str, text: str) -> None:
        """The reception point's receipt for this entry's bytes (outbox/receipt.py), kept once."""
        with self.database.write():
            if self.acknowledgment(entry_id) is None:
                self._event(entry_id, ACKNOWLEDGMENT_EVENT, text)

    @operation
    def expect_acknowledgment(self, entry_id: str) -> None:
        """The reception point is verifying this entry (or the question was cut): ask again later."""
        with self.database.write():
            if not self.acknowledgment_expected(entry_id):
                self._event(entry_id, ACKNOWLEDGMENT_EXPECTED_EVENT, "")

    @operation
    def acknowledgment_expected(self, entry_id: str) -> bool:
        return bool(list(self.db["outbox_events"].rows_where(
            "entry_id = ? and kind = ?", [entry_id, ACKNOWLEDGMENT_EXPECTED_EVENT], limit=1)))

    @operation
    def acknowledgment(self, entry_id: str) -> str | None:
        rows = list(self.db["outbox_events"].rows_where("entry_id = ? and kind = ?", [entry_id, ACKNOWLEDGMENT_EVENT],
                                                        order_by="id", limit=1))
        return rows[0]["detail"] if rows else None

    @operation
    def mark_failed(self, entry_id: str, reason: CodedError | str, retryable: bool) -> None:
        """`reason` is kept as its code and values (reasons.py); the catalogue words it when shown."""
        kept = _kept(reason)
        with self.database.write():
            self.db["outbox_entries"].update(entry_id, {
                "state": ECHEC, "error": kept, "error_retryable": int(retryable),
                "updated_at": now_iso(), "lease_owner": None, "lease_until": None})
            self._event(entry_id, "echec", kept)

    @operation
    def mark_handed_over(self, entry_id: str, path: Path) -> None:
        with self.database.write():
            sent = self._row(entry_id)["state"] == ENVOYE  # a sent entry stays "envoye"
            self.db["outbox_entries"].update(entry_id, {
                "state": ENVOYE if sent else COPIE_SUR_SUPPORT, "handed_over_path": str(path),
                "handed_over_at": now_iso(), "updated_at": now_iso(), "error": None})
            self._event(entry_id, "remis", str(path))

    @operation
    def retry(self, entry_id: str) -> OutboxEntry:
        """Put a failed entry back in the queue (its upload URL, if any, is kept: it resumes)."""
        self.require_writable()
        entry = self.get(entry_id)
        if entry.state == ECHEC:
            with self.database.write():
                self.db["outbox_entries"].update(entry.id, {
                    "state": EN_ATTENTE, "error": None, "tries": 0, "updated_at": now_iso()})
                self._event(entry.id, "nouvel_essai", "")
        return self.get(entry.id)

    @operation
    def remove(self, entry_id: str) -> OutboxEntry:
        """Take a bundle out of the queue (a wrong export, replaced by a new one).

        A sent bundle stays: its receipt is the proof of sending. A bundle being sent right now
        stays too. An upload begun on the server is abandoned there (its expiry removes it).
        """
        self.require_writable()
        entry = self.get(entry_id)
        if entry.state == ENVOYE:
            raise OutboxError("entry_sent_stays", filename=entry.filename)
        with self.database.write():
            row = self._row(entry.id)
            holder = row["lease_owner"]
            if holder and holder != self._owner and not _lease_is_stale(holder, row["lease_until"]):
                raise OutboxError("entry_being_sent", filename=entry.filename)
            self.db["outbox_events"].delete_where("entry_id = ?", [entry.id])
            self.db["outbox_entries"].delete(entry.id)
        with contextlib.suppress(FileNotFoundError):
            self.bundle_path(entry).unlink()
        return entry

    # ----- helpers -------------------------------------------------------------------------

    def _remove_stale_temporary_files(self, older_than: float = 3600.0) -> None:
        """Copies cut short by a crash or a power cut (never a queued bundle: those have no dot)."""
        if not self.folder.is_dir():
            return
        limit = time.time() - older_than
        for path in [*self.folder.glob(".arrivee-*"), *self.folder.glob(".*.partiel")]:
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()

    def require_writable(self) -> None:
        if self.read_only:
            raise OutboxError("outbox_read_only")

    def _row(self, entry_id: str) -> dict:
        try:
            return self.db["outbox_entries"].get(entry_id)
        except sqlite_utils.db.NotFoundError:
            raise EntryNotFound("entry_not_found", entry_id=entry_id) from None

    def _event(self, entry_id: str, kind: str, detail: str) -> None:
        self.db["outbox_events"].insert({"entry_id": entry_id, "at": now_iso(), "kind": kind, "detail": detail})



MIN_ENTRY_PREFIX = 4  # `outbox list` shows 8 characters; 4 still tell a queue's bundles apart
SHOWN_CANDIDATES = 5


def _prefix_problem(entry_id: str, rows: list[dict]) -> EntryNotFound:
    """A too-short or ambiguous prefix, with the bundles it starts (ids and file names of the
    first SHOWN_CANDIDATES, and how many there are)."""
    code = "entry_prefix_too_short" if len(entry_id) < MIN_ENTRY_PREFIX else "entry_prefix_ambiguous"
    candidates = tuple((row["id"], row["filename"]) for row in rows[:SHOWN_CANDIDATES])
    return EntryNotFound(code, entry_id=entry_id, candidates=candidates, count=len(rows),
                         minimum=MIN_ENTRY_PREFIX)


def _kept(reason: CodedError | str) -> str:
    """What the queue stores of a reason: a coded error's record (a text is kept as it is)."""
    return to_record(reason) if isinstance(reason, CodedError) else reason


def _entry_from_row(row: dict) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"], sha256=row["sha256"], size=row["size"], filename=row["filename"] or "",
        dossier_id=row["dossier_id"], state=row["state"], added_at=row["added_at"],
        updated_at=row["updated_at"], stored_name=row["stored_name"], source_path=row["source_path"],
        endpoint=row["endpoint"], upload_url=row["upload_url"], offset=row["offset"] or 0,
        sent_at=row["sent_at"], handed_over_path=row["handed_over_path"],
        handed_over_at=row["handed_over_at"], error=row["error"],
        error_retryable=bool(row["error_retryable"]), tries=row["tries"] or 0,
    )


def _lease_is_stale(owner: str, until: float | None) -> bool:
    if until is None or until < time.time():
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit():
        return not _process_alive(int(pid_text))
    return False


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap, safe check on Windows: the lease's expiry decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
