"""The demo: a fictional commune's dossier, into the library or exported signed."""

from __future__ import annotations

from pathlib import Path

from ..export.demo import demo_dossier
from ..resources import resource_path
from ..store.errors import DossierNotFound
from ..store.library import find_piece_files
from .imports import ImportResult, ReadDossier, store_import


def read_demo() -> ReadDossier:
    """The demo dossier and its attachments, found among the shipped files by their SHA-256."""
    dossier = demo_dossier()
    return ReadDossier(dossier, find_piece_files(dossier.pieces, Path(resource_path("demo"))))


def import_demo(library) -> ImportResult:
    """The demo in the library: the one already there (with the user's changes) when the
    library holds it, else a fresh import."""
    read = read_demo()
    try:
        stored = library.load(read.dossier.id)
    except DossierNotFound:
        return store_import(library, read)
    missing = tuple(piece for dossier_id, piece in library.missing_piece_files() if dossier_id == stored.id)
    return ImportResult(stored.id, stored, missing, tuple(library.warnings))
