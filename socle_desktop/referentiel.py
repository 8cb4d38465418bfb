"""The shipped référentiel, read from resources/referentiel/ on first use (never at start-up).

Thin I/O over `domain.referentiel`: `get()` opens the tables' index once, in the user's cache
folder (a few milliseconds; built from the shipped table on first use, about a tenth of a second
more, or kept in memory when no cache folder can be written), then every lookup reads one row
(referentiel_index). The short functions below are what
the rest of the application calls:

    commune("75056")                 -> Commune(code_insee, nom, departement, region, siren, statut, rattachement)
    epci("200054781")                -> Epci(siren, nom, type, membres) ; .a_pour_membre(code_insee)
    departement("2A")                -> Departement(code, nom, region)
    region("84")                     -> Region(code, nom)
    academie_of_departement("93")    -> Academie(code, nom, region_academique)
    collectivite_by_siren("217500016") -> Commune | Epci
    epcis_of_commune("93001")        -> (Epci, ...)
    source()                         -> Source(paquet, version, licence, adresse, coordonnees, academies)

Each returns None (or ()) for an unknown code.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path

from .domain.referentiel import (
    Academie,
    Commune,
    Departement,
    Epci,
    Referentiel,
    ReferentielError,
    Region,
    Source,
)
from .paths import user_folder
from .resources import resource_path

__all__ = [
    "Academie",
    "Commune",
    "Departement",
    "Epci",
    "Referentiel",
    "ReferentielError",
    "Region",
    "Source",
    "academie_of_departement",
    "collectivite_by_siren",
    "commune",
    "departement",
    "epci",
    "epcis_of_commune",
    "for_checks",
    "get",
    "is_loaded",
    "region",
    "source",
]

TABLE_FILE = ("referentiel", "decoupage-administratif.json.gz")
ACADEMIES_FILE = ("referentiel", "academies.json")

_lock = threading.Lock()
_loaded: Referentiel | None = None


def get() -> Referentiel:
    """The référentiel, loaded on first call (thread-safe). Raises ReferentielError (a code)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def for_checks() -> Referentiel | None:
    """The référentiel for `compute`'s findings, or None when this installation lacks it (a
    broken install must not stop the dossier from being computed: its findings are then absent)."""
    try:
        return get()
    except ReferentielError:
        return None


def is_loaded() -> bool:
    return _loaded is not None


def _load() -> Referentiel:
    from . import referentiel_index  # (sqlite3, hashlib: on first use, not at the window's start)

    table_path = resource_path(*TABLE_FILE)
    try:
        academies = json.loads(resource_path(*ACADEMIES_FILE).read_text(encoding="utf-8"))
        table_bytes = table_path.read_bytes()
    except (OSError, ValueError) as error:
        raise ReferentielError("referentiel_missing", cause=error) from error
    folder = _index_folder()
    if folder is not None:
        found = referentiel_index.open_index(folder, table_bytes, academies)
        if found is not None:
            return found
    try:
        table = json.loads(gzip.decompress(table_bytes))
    except (OSError, EOFError, ValueError) as error:
        raise ReferentielError("referentiel_missing", cause=error) from error
    loaded = Referentiel.from_tables(table, academies)
    if folder is not None:
        referentiel_index.write_index(folder, table_bytes, table)
    return loaded


def _index_folder() -> Path | None:
    """Where the référentiel's index lives: the user's cache folder (a derived file, rebuilt
    when missing), or SOCLE_CACHE_DIR; None when no folder can be named."""
    named = os.environ.get("SOCLE_CACHE_DIR")
    if named:
        return Path(named).expanduser()
    try:
        return user_folder("cache")
    except (OSError, ValueError, RuntimeError):
        return None


def commune(code_insee: str) -> Commune | None:
    return get().commune(code_insee)


def epci(siren: str) -> Epci | None:
    return get().epci(siren)


def departement(code: str) -> Departement | None:
    return get().departement(code)


def region(code: str) -> Region | None:
    return get().region(code)


def academie_of_departement(code: str) -> Academie | None:
    return get().academie_of_departement(code)


def collectivite_by_siren(siren: str) -> Commune | Epci | None:
    return get().collectivite_by_siren(siren)


def epcis_of_commune(code_insee: str) -> tuple[Epci, ...]:
    return get().epcis_of_commune(code_insee)


def source() -> Source:
    return get().source

