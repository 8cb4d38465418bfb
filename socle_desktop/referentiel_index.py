"""The référentiel's rows in an SQLite file, so a process that looks up three communes does not
parse the 37 000 of the shipped table first.

Parsing the shipped table (gzip + JSON, 1.9 MB) and indexing it cost about a tenth of a second
of every `compute` on the command line and of every reception worker (issue 15: `compute` on a
file under 0.15 s). The index holds the rows `domain.referentiel.index_rows` derives from that
table — the same rows, so the same answers — and is named after the table's SHA-256: a new
table (an upgrade) gets a new index, and a file that does not say it was built from these bytes
is built again. It is a cache: written atomically on first use, never needed (anything wrong
with it and the table is parsed as before).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .domain.referentiel import IndexedRows, Referentiel, ReferentielError, index_rows

INDEX_FORMAT = "1"  # bump when the tables below change

_SCHEMA = """
CREATE TABLE meta (cle TEXT PRIMARY KEY, valeur TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE regions (code TEXT PRIMARY KEY, nom TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE departements (code TEXT PRIMARY KEY, nom TEXT NOT NULL, region TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (code TEXT PRIMARY KEY, nom TEXT NOT NULL, departement TEXT NOT NULL,
                     siren TEXT NOT NULL, statut TEXT NOT NULL, rattachement TEXT NOT NULL);
CREATE TABLE commune_by_siren (siren TEXT PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE groupements (siren TEXT PRIMARY KEY, nom TEXT NOT NULL, type TEXT NOT NULL,
                          membres TEXT NOT NULL);
CREATE TABLE membres (code TEXT NOT NULL, siren TEXT NOT NULL, PRIMARY KEY (code, siren)) WITHOUT ROWID;
"""


def index_name(table_bytes: bytes) -> str:
    return _name_of(hashlib.sha256(table_bytes).hexdigest())


def _name_of(empreinte: str) -> str:
    return f"referentiel-{INDEX_FORMAT}-{empreinte[:32]}.sqlite"


def open_index(folder: Path, table_bytes: bytes, academies: Mapping[str, Any]) -> Referentiel | None:
    """The référentiel over the index built from `table_bytes`, or None when there is none yet
    (or one that cannot be trusted to be it)."""
    empreinte = hashlib.sha256(table_bytes).hexdigest()  # once: the name is made of it
    path = folder / _name_of(empreinte)
    if not path.is_file():
        return None
    try:
        index = _Index(path)
        if index.meta("empreinte") != empreinte:
            index.close()
            return None
        return Referentiel.from_rows(index.rows(), academies, epcis_of_code=index.epcis_of_code())
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, ReferentielError):
        return None


def write_index(folder: Path, table_bytes: bytes, table: Mapping[str, Any]) -> bool:
    """Build the index of `table` (parsed from `table_bytes`) in `folder`: True when written.
    A folder that cannot be written is no error: the next process parses the table again."""
    import tempfile

    rows = index_rows(table)
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".referentiel-", suffix=".tmp", dir=folder)
        os.close(handle)
        _fill(Path(temporary), rows, hashlib.sha256(table_bytes).hexdigest())
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, folder / index_name(table_bytes))
        return True
    except (OSError, sqlite3.Error):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False


def _fill(path: Path, rows: IndexedRows, empreinte: str) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:  # one transaction
            connection.executescript(_SCHEMA)
            connection.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", INDEX_FORMAT), ("empreinte", empreinte),
                ("source", json.dumps(dict(rows.source), ensure_ascii=False)),
                ("coordonnees", rows.coordonnees)])
            connection.executemany("INSERT INTO regions VALUES (?, ?)",
                                   [(r.code, r.nom) for r in rows.regions.values()])
            connection.executemany("INSERT INTO departements VALUES (?, ?, ?)",
                                   [(d.code, d.nom, d.region) for d in rows.departements.values()])
            connection.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)",
                                   [(code, *place) for code, place in rows.places.items()])
            connection.executemany("INSERT INTO commune_by_siren VALUES (?, ?)", rows.commune_by_siren.items())
            connection.executemany("INSERT INTO groupements VALUES (?, ?, ?, ?)", [
                (siren, nom, kind, " ".join(membres)) for siren, (nom, kind, membres) in rows.groupements.items()])
            connection.executemany("INSERT OR IGNORE INTO membres VALUES (?, ?)", [
                (code, siren) for siren, (_nom, _kind, membres) in rows.groupements.items() for code in membres])
    finally:
        connection.close()


class _Index:
    """One read-only connection to the index, shared by the threads that look up (the window's
    page and its workers): each query under a lock."""

    def __init__(self, path: Path) -> None:
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._connection.close()

    def one(self, sql: str, parameters: tuple = ()) -> tuple | None:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchone()

    def all(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def meta(self, key: str) -> str | None:
        found = self.one("SELECT valeur FROM meta WHERE cle = ?", (key,))
        return found[0] if found else None

    def rows(self) -> IndexedRows:
        from .domain.referentiel import Departement, Region

        return IndexedRows(
            source=json.loads(self.meta("source") or "{}"),
            coordonnees=self.meta("coordonnees") or "",
            regions={code: Region(code, nom) for code, nom in self.all("SELECT code, nom FROM regions")},
            departements={code: Departement(code, nom, region) for code, nom, region
                          in self.all("SELECT code, nom, region FROM departements")},
            places=_Table(self, "places", "code", "nom, departement, siren, statut, rattachement", tuple),
            commune_by_siren=_Table(self, "commune_by_siren", "siren", "code", lambda row: row[0]),
            groupements=_Table(self, "groupements", "siren", "nom, type, membres",
                               lambda row: (row[0], row[1], row[2].split())),
        )

    def epcis_of_code(self) -> Mapping[str, list[str]]:
        return _Members(self)


class _Table(Mapping):
    """One table of the index as a read-only mapping: a key, one query; iterated in the shipped
    table's order (the rows were inserted in it)."""

    def __init__(self, index: _Index, table: str, key: str, columns: str, shape) -> None:
        self._index = index
        self._one = f"SELECT {columns} FROM {table} WHERE {key} = ?"
        self._keys = f"SELECT {key} FROM {table} ORDER BY rowid"  # the shipped table's order
        self._count = f"SELECT count(*) FROM {table}"
        self._shape = shape

    def __getitem__(self, key: str):
        row = self._index.one(self._one, (key,))
        if row is None:
            raise KeyError(key)
        return self._shape(row)

    def __iter__(self):
        return iter([row[0] for row in self._index.all(self._keys)])

    def __len__(self) -> int:
        return self._index.one(self._count)[0]


class _Members(Mapping):
    """Code INSEE -> SIREN of the groupements it is a member of."""

    def __init__(self, index: _Index) -> None:
        self._index = index

    def __getitem__(self, code: str) -> list[str]:
        found = [row[0] for row in self._index.all(
            "SELECT m.siren FROM membres m JOIN groupements g ON g.siren = m.siren WHERE m.code = ? "
            "ORDER BY g.rowid", (code,))]
        if not found:
            raise KeyError(code)
        return found

    def __iter__(self):
        return iter([row[0] for row in self._index.all("SELECT DISTINCT code FROM membres")])

    def __len__(self) -> int:
        return self._index.one("SELECT count(DISTINCT code) FROM membres")[0]
