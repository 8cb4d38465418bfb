"""Import: a socle-dossier JSON file into the library, with the attachments found beside it.

Two steps, so a front-end may read and check (interruptible, nothing written) before it opens
the library for writing: `read_dossier_file` then `store_import`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.model import Dossier, Piece
from ..domain.storable import loads_storable
from ..store.backups import REASON_REPLACE
from ..store.library import REFUSE, REPLACE, find_piece_files
from .inputs import DOSSIER_FILE, read_input_text


@dataclass(frozen=True)
class ReadDossier:
    """A dossier read and checked, and the bytes of its attachments found on the disk."""

    dossier: Dossier
    piece_files: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes
    source: Path | None = None


@dataclass(frozen=True)
class ImportResult:
    dossier_id: str
    dossier: Dossier
    missing_pieces: tuple[Piece, ...]  # listed by the dossier, their file not found
    warnings: tuple[str, ...] = ()     # the library's warnings (a daily backup that failed…)


def parse_dossier_text(text: str) -> Dossier:
    """The dossier of a socle-dossier JSON text, checked as the library will store it.
    Raises DossierFormatError (a code at the faulty field's path)."""
    return loads_storable(text)


def read_dossier_file(path: Path | str) -> ReadDossier:
    """Read (bounded), parse and check `path`; its attachments are looked for in its folder and
    in a `pieces/` folder beside it, by size and SHA-256, never by the name the JSON gives.
    Raises JobRefused (input_*) or DossierFormatError."""
    path = Path(path)
    dossier = parse_dossier_text(read_input_text(path, DOSSIER_FILE))
    return ReadDossier(dossier, find_piece_files(dossier.pieces, path.resolve().parent), path)


def store_import(library, read: ReadDossier, *, existing: str = REFUSE) -> ImportResult:
    """Store `read` under its own id. When the library already holds that id, `existing` (what
    the user chose) decides: REFUSE raises store.DossierExistsError, nothing written (its
    `description` names the stored dossier, for the front-end to ask), REPLACE replaces the stored
    dossier, COPY keeps both (the import gets a new id and « (copie) » after its title). So
    importing the same file twice never makes two rows nobody can tell apart. Before a stored
    dossier is replaced, the library is backed up (its edits since are not lost: `check
    --restaurer`); when that backup cannot be made, nothing is replaced."""
    if existing == REPLACE and library.exists(read.dossier.id):
        library.backup(REASON_REPLACE)
    stored_id = library.store_imported(read.dossier, piece_files=read.piece_files, existing=existing)
    missing = tuple(piece for dossier_id, piece in library.missing_piece_files() if dossier_id == stored_id)
    return ImportResult(stored_id, library.load(stored_id), missing, tuple(library.warnings))


def import_file(library, path: Path | str, *, existing: str = REFUSE) -> ImportResult:
    return store_import(library, read_dossier_file(path), existing=existing)
