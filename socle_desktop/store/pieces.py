"""The attachments of the library: files stored once by SHA-256, whatever the number of uses.

A piece (the row in `pieces`) may name bytes the library does not hold (a dossier imported from
JSON without its files): `piece_bytes` and `check` say so, and `find_piece_files` brings them
along when an import or a bundle has them beside the JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.model import PIECE_TYPES, Dossier, Piece
from . import rows as R
from .database import Database, operation
from .errors import Damage, LibraryError, PieceNotFound

if TYPE_CHECKING:
    from .dossiers import Dossiers

MAX_PIECE_BYTES = 50 * 1024 * 1024


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def store_file(conn: sqlite3.Connection, data: bytes, sha256: str | None = None) -> str:
    """Keep an attachment's bytes (once per content), inside the caller's transaction."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    # A row whose content is not whole (shorter or longer than recorded) takes these bytes.
    added = conn.execute("INSERT INTO fichiers (sha256, taille, contenu, ajoute_le) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (sha256) DO UPDATE SET taille = excluded.taille, contenu = excluded.contenu, "
                         "ajoute_le = excluded.ajoute_le WHERE length(fichiers.contenu) != fichiers.taille",
                         [sha256, len(data), data, now()]).rowcount
    if added:  # other dossiers naming these bytes had them missing: their cached summary is stale
        conn.execute("UPDATE dossiers SET resume_revision = -1 WHERE id IN "
                     "(SELECT dossier_id FROM pieces WHERE sha256 = ?)", [sha256])
    return sha256


class Pieces:
    """The attachments part of a library; an attachment's row belongs to its dossier (each
    change is an edit of the dossier, made through the dossiers part)."""

    def __init__(self, database: Database, dossiers: Dossiers):
        self.database = database
        self.dossiers = dossiers

    @operation
    def add_piece(self, dossier_id: str, source: Path | str, type: str = "autre",
                  nom: str | None = None) -> Piece:
        """Attach a file (at most 50 Mo); its bytes are stored once whatever the number of uses.

        The very file a piece of the dossier lacks (imported without it) gives that piece its
        bytes back, and that piece is returned: no second piece of the same document."""
        if type not in PIECE_TYPES:
            raise LibraryError("piece_type_unknown", type=type, expected=PIECE_TYPES)
        data = _read_piece_file(Path(source))
        piece = Piece(nom=nom or Path(source).name, type=type,
                      sha256=hashlib.sha256(data).hexdigest(), taille=len(data))
        with self.database.write() as conn:
            self.dossiers.bump(dossier_id)
            lacking = _fetch_all(conn, """
                SELECT p.* FROM pieces p WHERE p.dossier_id = ? AND p.sha256 = ? AND p.taille = ? AND NOT EXISTS
                (SELECT 1 FROM fichiers f WHERE f.sha256 = p.sha256 AND length(f.contenu) = f.taille)
                ORDER BY p.position LIMIT 1""", [dossier_id, piece.sha256, piece.taille])
            store_file(conn, data, piece.sha256)
            if lacking:
                return R.piece_from_row(lacking[0])
            self.dossiers.put_item("pieces", dossier_id, piece, None)
        return piece

    @operation
    def put_piece(self, dossier_id: str, piece: Piece) -> None:
        """Change what the library says of an attached piece (its type, the schools it covers);
        its bytes stay as they are."""
        from .dossiers import _validated

        _validated(Dossier(id=dossier_id, pieces=[piece]))
        with self.database.write() as conn:
            self.dossiers.bump(dossier_id)
            if conn.execute("SELECT 1 FROM pieces WHERE dossier_id = ? AND id = ?",
                            [dossier_id, piece.id]).fetchone() is None:
                raise LibraryError("item_not_found", table="pieces", item_id=piece.id[:80])
            self.dossiers.put_item("pieces", dossier_id, piece, None)

    @operation
    def remove_piece(self, dossier_id: str, piece_id: str) -> None:
        """Detach a piece. Its bytes stay until a purge finds them unused (an undo can re-add it)."""
        with self.database.write():
            self.dossiers.bump(dossier_id)
            self.dossiers.remove_item("pieces", dossier_id, piece_id)

    @operation
    def piece_bytes(self, sha256: str) -> bytes:
        row = self.database.connection.execute(
            "SELECT contenu FROM fichiers WHERE sha256 = ?", [sha256.lower()]).fetchone()
        if row is None:
            raise PieceNotFound("piece_bytes_missing", sha256=sha256)
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha256.lower():
            raise self.database.damaged(Damage("piece_bytes_mismatch", sha256=sha256))
        return data

    @operation
    def missing_piece_files(self) -> list[tuple[str, Piece]]:
        """(dossier id, piece) for each piece whose bytes the library does not hold (imported)."""
        found = _fetch_all(self.database.connection, """
            SELECT p.* , p.dossier_id FROM pieces p LEFT JOIN fichiers f ON f.sha256 = p.sha256
            WHERE f.sha256 IS NULL ORDER BY p.dossier_id, p.position""")
        return [(row["dossier_id"], R.piece_from_row(row)) for row in found]


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
            raise LibraryError("piece_is_folder", path=source)
        if not source.is_file():
            if source.exists():  # a device, a pipe: no size to check, maybe endless
                raise LibraryError("piece_not_regular", path=source)
            raise LibraryError("piece_not_found", path=source)
        size = source.stat().st_size
        if size > MAX_PIECE_BYTES:
            raise LibraryError("piece_too_big", name=source.name, size=size, limit=MAX_PIECE_BYTES)
        with source.open("rb") as handle:
            data = handle.read(MAX_PIECE_BYTES + 1)
    except PermissionError:
        raise LibraryError("piece_permission", path=source) from None
    except OSError as error:
        raise LibraryError("piece_unreadable", path=source, os_error=error) from None
    if len(data) > MAX_PIECE_BYTES:
        raise LibraryError("piece_too_big", name=source.name, size=len(data), limit=MAX_PIECE_BYTES)
    return data


def _fetch_all(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
