"""The demo: a fictional commune's dossier, into the library or exported signed."""

from __future__ import annotations

from pathlib import Path

from ..export.demo import demo_dossier
from ..resources import resource_path
from ..store.library import find_piece_files
from .imports import ImportResult, ReadDossier, store_import


def read_demo() -> ReadDossier:
    """The demo dossier and its attachments, found among the shipped files by their SHA-256."""
    dossier = demo_dossier()
    return ReadDossier(dossier, find_piece_files(dossier.pieces, Path(resource_path("demo"))))


def import_demo(library) -> ImportResult:
    return store_import(library, read_demo())
