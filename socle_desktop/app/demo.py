"""The demo: a fictional commune's dossier, into the library or exported signed."""

from __future__ import annotations

import uuid
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
    """The demo in the library: the one already there (with the user's changes, a new name
    included) when the library holds it, else a fresh import.

    The demo is found by its id. « The one already there » is a dossier that is still the demo:
    its collectivité has the demo's fictional SIREN. A dossier that kept the demo's id but is
    someone's own (made from the demo's file, then imported) is never opened as the demo: the
    demo then lives under an id derived from its own (`second_demo_id`), found again by that id
    whatever the user renames; a library where an earlier version gave it a random id finds it
    by its fictional SIREN."""
    read = read_demo()
    stored = _stored_demo(library, read.dossier.id)
    if stored is None:
        second = _stored_demo(library, second_demo_id(read.dossier.id))
        stored = second if second is not None else _demo_by_siren(library, read.dossier)
    if stored is None:
        free = next(candidate for candidate in _demo_ids(read.dossier.id) if not library.exists(candidate))
        return store_import(library, ReadDossier(replace(read.dossier, id=free), read.piece_files, read.source))
    missing = tuple(piece for dossier_id, piece in library.missing_piece_files() if dossier_id == stored.id)
    return ImportResult(stored.id, stored, missing, tuple(library.warnings))


def second_demo_id(demo_id: str) -> str:
    """The demo's id when its own is taken by someone's dossier: always the same, so the demo
    is found again by its id."""
    return str(uuid.uuid5(uuid.UUID(demo_id), "socle-desktop demonstration"))


def _demo_ids(demo_id: str):
    yield demo_id
    yield second_demo_id(demo_id)
    while True:  # both taken by dossiers that are not the demo (copied by hand): any free id
        yield new_id()


def _stored_demo(library, dossier_id: str) -> Dossier | None:
    try:
        stored = library.load(dossier_id)
    except DossierNotFound:
        return None
    return stored if is_demo(stored) else None


def is_demo(dossier: Dossier) -> bool:
    """Whether `dossier` is still the demo: its SIREN is the demo's, which is fictional (the
    demo's commune, code INSEE 43999, does not exist), whatever else the user changed."""
    return _siren(dossier.collectivite.siret) == _siren(demo_dossier().collectivite.siret)


def _demo_by_siren(library, demo: Dossier) -> Dossier | None:
    for dossier_id in library.ids_with_siren(_siren(demo.collectivite.siret)):
        candidate = library.load(dossier_id)
        if is_demo(candidate):
            return candidate
    return None


def _siren(siret: str) -> str:
    return "".join(char for char in siret if char.isdigit())[:9]
