"""The demo: a fictional commune's dossier, into the library or exported signed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..domain.model import Dossier, new_id
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
    library holds it, else a fresh import.

    « The one already there » is a dossier that is still the demo: its collectivité has the
    demo's fictional SIREN. A dossier that kept the demo's id but is someone's own (made from
    the demo's file, then imported) is never opened as the demo: the demo is then looked for
    under another id, or imported under a new one."""
    read = read_demo()
    try:
        stored = library.load(read.dossier.id)
    except DossierNotFound:
        return store_import(library, read)
    if not is_demo(stored):
        elsewhere = _demo_under_another_id(library, read.dossier)
        if elsewhere is None:
            fresh = ReadDossier(replace(read.dossier, id=new_id()), read.piece_files, read.source)
            return store_import(library, fresh)
        stored = elsewhere
    missing = tuple(piece for dossier_id, piece in library.missing_piece_files() if dossier_id == stored.id)
    return ImportResult(stored.id, stored, missing, tuple(library.warnings))


def is_demo(dossier: Dossier) -> bool:
    """Whether `dossier` is still the demo: its SIREN is the demo's, which is fictional (the
    demo's commune, code INSEE 43999, does not exist), whatever else the user changed."""
    return _siren(dossier.collectivite.siret) == _siren(demo_dossier().collectivite.siret)


def _demo_under_another_id(library, demo: Dossier) -> Dossier | None:
    for summary in library.list_dossiers():
        if summary.id != demo.id and summary.raison_sociale == demo.collectivite.raison_sociale:
            candidate = library.load(summary.id)
            if is_demo(candidate):
                return candidate
    return None


def _siren(siret: str) -> str:
    return "".join(char for char in siret if char.isdigit())[:9]
