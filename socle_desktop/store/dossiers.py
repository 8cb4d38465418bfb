"""The dossiers of the library: whole dossiers, their list, the trash, and one edit per transaction.

One transaction per user edit: `put_ligne` writes one row (and shifts positions when a line is
inserted in the middle), bumps the dossier's `revision` and `modifie_le`, and commits. The
summary shown by `list` (subsidy, errors) is computed by the domain and cached in `dossiers`:
whole-dossier writes (create, import, save, duplicate) store it fresh in their transaction; a
small edit only bumps `revision` in its transaction, which marks the cached summary stale
(`resume_revision != revision`), and the next `list_dossiers` recomputes it; so does a summary
computed by another version of the application (`resume_calcul`), whose findings may differ. So an edit of a
3,000-line dossier stays a few milliseconds (the full computation costs ~20 ms there) and the
list never shows a figure that an edit made wrong.

Ids. An import through `store_imported` keeps the dossier's id; when the library already holds
it, the front-end's choice (REFUSE, REPLACE, COPY) decides, so importing the same file twice never
makes two rows nobody can tell apart. `import_json` without a choice stores a distinct copy under
a new id (the store's own callers and tests). Inner ids (écoles, lignes, pièces) are kept, they
are unique within a dossier only.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from .. import __version__, referentiel
from ..domain import lifecycle
from ..domain.compute import compute
from ..domain.dossier_json import DossierFormatError, count_problem, dossier_from_dict, dossier_to_dict
from ..domain.model import Dossier, Ecole, Ligne, new_id
from ..domain.storable import check_storable, free_form_problem, is_encodable, loads_storable
from ..resources import has_rules, load_rules
from . import rows as R
from .database import Database, operation
from .errors import Damage, DossierExistsError, DossierNotFound, InvalidDossierError, LibraryDamagedError, LibraryError
from .pieces import find_piece_files, store_file

MIN_ID_PREFIX = 8
# The states a dossier may be in: the life cycle (domain/lifecycle.py) decides them all.
ETATS = lifecycle.STORED_STATES
# What an import does when the library already holds the dossier's id (the user's choice).
REFUSE, REPLACE, COPY = "refuser", "remplacer", "copie"
_SQLITE_INTEGER_MIN, _SQLITE_INTEGER_MAX = -(2**63), 2**63 - 1
# Who computed a cached summary: another version of the application may find otherwise.
SUMMARY_COMPUTED_BY = f"socle-desktop {__version__}"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DossierSummary:
    """One row of the list of dossiers. Figures come from domain.compute (None: unknown rules)."""

    id: str
    raison_sociale: str
    intitule: str
    nb_ecoles: int
    subvention_centimes: int | None
    has_errors: bool | None
    etat: str
    created: dt.datetime  # aware, UTC
    modified: dt.datetime  # aware, UTC
    regles: str = ""
    trashed: dt.datetime | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "raison_sociale": self.raison_sociale,
            "intitule": self.intitule,
            "nb_ecoles": self.nb_ecoles,
            "subvention_centimes": self.subvention_centimes,
            "has_errors": self.has_errors,
            "etat": self.etat,
            "regles": self.regles,
            "created": self.created.isoformat(),
            "modified": self.modified.isoformat(),
            "trashed": self.trashed.isoformat() if self.trashed else None,
        }


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def time_or_epoch(text) -> dt.datetime:
    """A stored timestamp; one altered outside the application shows as 01/01/1970 (and
    `check` reports it) rather than hiding the whole list."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _rules_for(edition: str):
    """The shipped rules of an edition, or None when this version does not ship it (the list
    then shows unknown figures). A shipped file that does not parse raises: never hidden."""
    return load_rules(edition) if has_rules(edition) else None


def summary_figures(dossier: Dossier, absent_pieces: Collection[str] = ()) -> tuple[int | None, bool | None]:
    """(total subsidy, has errors) as the domain computes them, with the référentiel's findings
    as the window and the export have them (a SIRET of another commune is an error in the list
    too; an attachment whose file the library lacks, `absent_pieces`, is one too); (None, None)
    for unknown rules."""
    rules = _rules_for(dossier.regles)
    if rules is None:
        return None, None
    result = compute(dossier, rules, referentiel.for_checks(), absent_pieces)
    subvention = result.total.subvention
    if not _SQLITE_INTEGER_MIN <= subvention <= _SQLITE_INTEGER_MAX:
        subvention = None  # absurd amounts (the findings say so): unknown rather than a crash
    return subvention, result.has_errors


def absent_pieces(conn, pieces, present: Collection[str] = ()) -> set[str]:
    """The ids of `pieces` whose file the library does not hold whole (no row in `fichiers`, or
    a content shorter or longer than recorded), unless its SHA-256 is in `present` (files about
    to be stored with the dossier). One query; the content itself is not read."""
    wanted = {piece.sha256.lower() for piece in pieces if piece.sha256.lower() not in present}
    held: set[str] = set()
    listed = list(wanted)
    for start in range(0, len(listed), 500):  # SQLite's bound on the parameters of one query
        chunk = listed[start:start + 500]
        held.update(row[0] for row in conn.execute(
            f"SELECT sha256 FROM fichiers WHERE sha256 IN ({','.join('?' * len(chunk))}) "
            "AND length(contenu) = taille", chunk))
    return {piece.id for piece in pieces
            if piece.sha256.lower() not in present and piece.sha256.lower() not in held}


def summary_is_fresh(row) -> bool:
    """The cached summary of a `dossiers` row holds: no edit since, and computed by this version."""
    return row["resume_revision"] == row["revision"] and row["resume_calcul"] == SUMMARY_COMPUTED_BY


def describe(dossier: Dossier) -> tuple[str, str]:
    """(collectivité, projet), stripped and cut to 80 characters: how the user recognises the
    dossier already stored (the catalogue words it « Commune de X » — « Projet Y »)."""
    return (dossier.collectivite.raison_sociale.strip()[:80], dossier.projet.intitule.strip()[:80])


# `CASE etat WHEN 'signe' THEN 'modifie_apres_signature' … ELSE etat END`, from the life cycle's table.
_AFTER_EDIT = "CASE etat {} ELSE etat END".format(" ".join(
    f"WHEN '{state}' THEN '{target}'" for state, target in lifecycle.states_changed_by(lifecycle.EDITED).items()))


class Dossiers:
    """The dossiers part of a library, on its Database."""

    def __init__(self, database: Database):
        self.database = database
        # Called after a transaction that added or deleted dossiers (the maintenance part keeps
        # the last known list of dossiers, to tell later whether committed work went missing).
        self.on_count_changed: Callable[..., None] = lambda purged=None: None
        self.before_purge: Callable[[str], None] = lambda dossier_id: None

    # --- dossiers: whole ---------------------------------------------------------------

    def absent_pieces(self, dossier: Dossier, piece_files: dict[str, bytes] | None = None) -> set[str]:
        """The ids of the dossier's attachments whose file the library lacks (besides
        `piece_files`, stored with it): the completeness check reports each."""
        if not dossier.pieces:
            return set()
        with self.database.read() as conn:
            return absent_pieces(conn, dossier.pieces, set(piece_files or ()))

    @operation
    def create(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None) -> str:
        """Store a new dossier; returns its id (its own, or a fresh one if that id is taken).

        `piece_files` (sha256 -> bytes) are stored with it, in the same transaction."""
        dossier = _validated(dossier)
        if not dossier.id.strip() or self.exists(dossier.id):
            dossier = replace(dossier, id=new_id())
        figures = summary_figures(dossier, self.absent_pieces(dossier, piece_files))
        with self.database.write() as conn:
            for sha256, data in (piece_files or {}).items():  # first: storing marks their users' summaries stale
                store_file(conn, data, sha256)
            self._insert_dossier(dossier, figures)
        self.on_count_changed()
        return dossier.id

    def import_json(self, text: str, *, pieces_dir: Path | str | None = None, existing: str | None = None) -> str:
        """Validate a socle-dossier JSON and store it; returns its id. With `existing` (what the
        user chose: REFUSE, REPLACE or COPY, see `store_imported`) it keeps its own id; without,
        it is stored as a distinct copy under a new id (the store's own callers and tests).

        With `pieces_dir` (the JSON file's folder), the attachments' files found there or in its
        `pieces/` subfolder, whatever their name, are stored too when their SHA-256 and size
        match the dossier's list: importing the demo or an unzipped bundle brings them along.
        """
        try:
            dossier = loads_storable(text)
        except DossierFormatError as error:
            raise InvalidDossierError(error) from None
        files = find_piece_files(dossier.pieces, Path(pieces_dir)) if pieces_dir else {}
        if existing is None:
            return self.create(replace(dossier, id=new_id()), piece_files=files)
        return self.store_imported(dossier, piece_files=files, existing=existing)

    @operation
    def store_imported(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None,
                       existing: str = REFUSE) -> str:
        """Store an imported dossier under its own id. When the library already holds that id:
        REFUSE raises DossierExistsError (nothing written), REPLACE replaces the stored dossier
        (one transaction, attachments included), COPY keeps both (the import gets a new id and
        « (copie) » after its title)."""
        if existing not in (REFUSE, REPLACE, COPY):
            raise ValueError(f"unknown choice {existing!r}")
        if dossier.id.strip() and self.exists(dossier.id):
            if existing == REFUSE:
                raise DossierExistsError(dossier.id, describe(self.load_rows(dossier.id)))
            if existing == REPLACE:
                self.save(dossier, piece_files=piece_files)
                return dossier.id
            title = f"{dossier.projet.intitule} (copie)".strip()
            dossier = replace(dossier, id=new_id(), projet=replace(dossier.projet, intitule=title))
        return self.create(dossier, piece_files=piece_files)

    @operation
    def load(self, dossier_id: str, *, verify: bool = False) -> Dossier:
        """The stored dossier. With `verify`, every field's type is checked as an import would
        (a few ms on 3,000 lines): a row altered outside the application then raises
        LibraryDamagedError naming the field, instead of reaching a computation or an export."""
        dossier = self.load_rows(dossier_id)
        if verify:
            try:
                check_storable(dossier)
            except DossierFormatError as error:
                damage = Damage("dossier_invalid_value", dossier_id=dossier_id, cause=error)
                raise self.database.damaged(damage) from None
        return dossier

    def load_rows(self, dossier_id: str) -> Dossier:
        with self.database.read() as conn:
            head = fetch_one(conn, "SELECT id, regles, extra FROM dossiers WHERE id = ?", [dossier_id])
            if head is None:
                raise DossierNotFound(dossier_id)
            collectivite = fetch_one(conn, "SELECT * FROM collectivites WHERE dossier_id = ?", [dossier_id])
            projet = fetch_one(conn, "SELECT * FROM projets WHERE dossier_id = ?", [dossier_id])
            items = {table: self._items(conn, table, dossier_id) for table in R.ITEM_TABLES}
        if collectivite is None or projet is None:
            raise self.database.damaged(Damage("dossier_incomplete", dossier_id=dossier_id))
        return Dossier(
            id=head["id"],
            regles=head["regles"],
            collectivite=R.collectivite_from_row(collectivite),
            ecoles=items["ecoles"],
            lignes=items["lignes"],
            projet=R.projet_from_row(projet, self._json_object(projet["autres"], dossier_id, "projet")),
            pieces=items["pieces"],
            extra=self._json_object(head["extra"], dossier_id, "dossier"),
        )

    def _json_object(self, text, dossier_id: str, where: str) -> dict:
        """The JSON object kept in a text column; a damaged value is reported, never a traceback."""
        try:
            value = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            value = None
        if not isinstance(value, dict):
            raise self.database.damaged(Damage("dossier_extra_unreadable", where=where, dossier_id=dossier_id))
        return value

    @operation
    def save(self, dossier: Dossier, *, piece_files: dict[str, bytes] | None = None) -> None:
        """Replace the whole stored dossier by `dossier` (same id), in one transaction, with the
        attachments' `piece_files` (sha256 -> bytes) if given."""
        dossier = _validated(dossier)
        figures = summary_figures(dossier, self.absent_pieces(dossier, piece_files))
        with self.database.write() as conn:
            for sha256, data in (piece_files or {}).items():
                store_file(conn, data, sha256)
            self.bump(dossier.id)
            for table in ("collectivites", "projets", *R.ITEM_TABLES):
                conn.execute(f"DELETE FROM {table} WHERE dossier_id = ?", [dossier.id])
            conn.execute("UPDATE dossiers SET regles = ?, extra = ? WHERE id = ?",
                         [dossier.regles, R.dumps_json(dossier.extra), dossier.id])
            self._insert_parts(dossier)
            self._store_summary(dossier.id, figures)

    @operation
    def duplicate(self, dossier_id: str) -> str:
        """A copy under a new id, state `brouillon`; attachments shared, not copied."""
        copy = replace(self.load(dossier_id), id=new_id())
        figures = summary_figures(copy, self.absent_pieces(copy))
        with self.database.write():
            self._insert_dossier(copy, figures)
        self.on_count_changed()
        return copy.id

    @operation
    def apply_event(self, dossier_id: str, event: str) -> str:
        """Record a life-cycle event (domain/lifecycle.py decides the next state); returns the
        state the dossier is in afterwards. The jobs of socle_desktop.app call it."""
        if event not in lifecycle.EVENTS:
            raise lifecycle.UnknownLifecycleCode(event)  # a programming error, not a damaged library
        with self.database.write() as conn:
            row = fetch_one(conn, "SELECT etat FROM dossiers WHERE id = ?", [dossier_id])
            if row is None:
                raise DossierNotFound(dossier_id)
            try:
                target = lifecycle.next_state(row["etat"], event)
            except lifecycle.UnknownLifecycleCode:
                raise self.database.damaged(Damage("dossier_unknown_state", dossier_id=dossier_id,
                                                   state=row["etat"])) from None
            if target != row["etat"]:
                conn.execute("UPDATE dossiers SET etat = ?, modifie_le = ? WHERE id = ?",
                             [target, now(), dossier_id])
            return target

    # --- trash ---------------------------------------------------------------------------

    @operation
    def trash(self, dossier_id: str) -> None:
        """Move to the trash (restorable); nothing is deleted."""
        with self.database.write() as conn:
            cursor = conn.execute("UPDATE dossiers SET corbeille_le = ? WHERE id = ?", [now(), dossier_id])
            if cursor.rowcount == 0:
                raise DossierNotFound(dossier_id)

    @operation
    def restore(self, dossier_id: str) -> None:
        with self.database.write() as conn:
            cursor = conn.execute("UPDATE dossiers SET corbeille_le = NULL WHERE id = ?", [dossier_id])
            if cursor.rowcount == 0:
                raise DossierNotFound(dossier_id)

    @operation
    def purge(self, dossier_id: str) -> None:
        """Delete for good a dossier that is in the trash, and the attachments nobody uses any more."""
        trashed = fetch_one(self.database.connection, "SELECT 1 FROM dossiers WHERE id = ? "
                                                      "AND corbeille_le IS NOT NULL", [dossier_id])
        if trashed:
            self.before_purge(dossier_id)
        with self.database.write() as conn:
            row = fetch_one(conn, "SELECT corbeille_le FROM dossiers WHERE id = ?", [dossier_id])
            if row is None:
                raise DossierNotFound(dossier_id)
            if row["corbeille_le"] is None:
                raise LibraryError("purge_not_trashed")
            conn.execute("DELETE FROM dossiers WHERE id = ?", [dossier_id])
            conn.execute("DELETE FROM fichiers WHERE sha256 NOT IN (SELECT sha256 FROM pieces)")
        self.on_count_changed(purged=dossier_id)

    # --- listing -------------------------------------------------------------------------

    @operation
    def list_dossiers(self) -> list[DossierSummary]:
        """Dossiers not in the trash, most recently modified first."""
        return self._summaries(trashed=False)

    @operation
    def ids_with_siren(self, siren: str) -> list[str]:
        """Dossiers not in the trash whose collectivité's SIRET starts with `siren` (spaces
        ignored), most recently modified first."""
        with self.database.read() as conn:
            return [row[0] for row in conn.execute(
                "SELECT d.id FROM dossiers d JOIN collectivites c ON c.dossier_id = d.id "
                "WHERE d.corbeille_le IS NULL AND substr(replace(c.siret, ' ', ''), 1, 9) = ? "
                "ORDER BY d.modifie_le DESC, d.id", [siren])]

    @operation
    def list_trash(self) -> list[DossierSummary]:
        return self._summaries(trashed=True)

    def _summaries(self, *, trashed: bool) -> list[DossierSummary]:
        where = "d.corbeille_le IS NOT NULL" if trashed else "d.corbeille_le IS NULL"
        with self.database.read() as conn:
            found = fetch_all(conn, f"""
                SELECT d.id, d.regles, d.etat, d.cree_le, d.modifie_le, d.corbeille_le,
                       d.revision, d.resume_revision, d.resume_subvention_centimes, d.resume_erreurs,
                       d.resume_calcul,
                       c.raison_sociale, p.intitule,
                       (SELECT COUNT(*) FROM ecoles e WHERE e.dossier_id = d.id) AS nb_ecoles
                FROM dossiers d
                LEFT JOIN collectivites c ON c.dossier_id = d.id
                LEFT JOIN projets p ON p.dossier_id = d.id
                WHERE {where}
                ORDER BY d.modifie_le DESC, d.id""")
        return [self._summary(row) for row in found]

    def _summary(self, row: dict) -> DossierSummary:
        subvention, erreurs = row["resume_subvention_centimes"], row["resume_erreurs"]
        if not summary_is_fresh(row):
            subvention, has_errors = self._refresh_summary(row["id"], row["revision"])
        else:
            has_errors = bool(erreurs) if erreurs in (0, 1) else None
        if isinstance(subvention, bool) or not isinstance(subvention, int):
            subvention = None
        return DossierSummary(
            id=row["id"],
            raison_sociale=row["raison_sociale"] or "",
            intitule=row["intitule"] or "",
            nb_ecoles=row["nb_ecoles"],
            subvention_centimes=subvention,
            has_errors=has_errors,
            etat=lifecycle.displayed_state(row["etat"], has_errors),
            created=time_or_epoch(row["cree_le"]),
            modified=time_or_epoch(row["modifie_le"]),
            regles=row["regles"],
            trashed=time_or_epoch(row["corbeille_le"]) if row["corbeille_le"] else None,
        )

    def _refresh_summary(self, dossier_id: str, revision: int) -> tuple[int | None, bool | None]:
        """Compute a stale summary; store it unless read-only or edited meanwhile.
        A dossier damaged outside the application gets unknown figures (`check` says why)."""
        try:
            dossier = self.load(dossier_id, verify=True)
            figures = summary_figures(dossier, self.absent_pieces(dossier))
        except LibraryDamagedError:
            return None, None
        if not self.database.read_only:
            with self.database.write() as conn:
                conn.execute(
                    "UPDATE dossiers SET resume_subvention_centimes = ?, resume_erreurs = ?, "
                    "resume_revision = revision, resume_calcul = ? WHERE id = ? AND revision = ?",
                    [figures[0], as_int(figures[1]), SUMMARY_COMPUTED_BY, dossier_id, revision],
                )
        return figures

    @operation
    def resolve_id(self, text: str) -> str:
        """The full id for an id or an unambiguous prefix of at least 8 characters."""
        if not is_encodable(text):  # bytes typed on a command line that are not UTF-8
            raise DossierNotFound(text.encode("utf-8", "backslashreplace").decode("ascii"))
        if self.exists(text):
            return text
        text = text.strip()
        if self.exists(text):
            return text
        if len(text) < MIN_ID_PREFIX:
            raise DossierNotFound(text)
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = [row[0] for row in self.database.connection.execute(
            "SELECT id FROM dossiers WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [escaped + "%"])]
        if len(found) > 1:
            raise LibraryError("dossier_id_ambiguous", prefix=text)
        if not found:
            raise DossierNotFound(text)
        return found[0]

    # --- one edit, one transaction -------------------------------------------------------

    @operation
    def update_collectivite(self, dossier_id: str, collectivite) -> None:
        _validated(Dossier(id=dossier_id, collectivite=collectivite))
        placeholders = ", ".join(f"{column} = ?" for column in R.COLLECTIVITE_COLUMNS)
        with self.database.write() as conn:
            self.bump(dossier_id)
            conn.execute(f"UPDATE collectivites SET {placeholders} WHERE dossier_id = ?",
                         [*R.collectivite_values(collectivite), dossier_id])

    @operation
    def update_projet(self, dossier_id: str, projet) -> None:
        _validated(Dossier(id=dossier_id, projet=projet))
        with self.database.write() as conn:
            self.bump(dossier_id)
            conn.execute("UPDATE projets SET intitule = ?, description = ?, autres = ? WHERE dossier_id = ?",
                         [projet.intitule, projet.description, R.dumps_json(projet.autres), dossier_id])

    @operation
    def put_ecole(self, dossier_id: str, ecole: Ecole, position: int | None = None) -> None:
        """Add or update a school; `position` (0-based) moves it, None keeps it (or appends)."""
        _validated(Dossier(id=dossier_id, ecoles=[ecole]))
        with self.database.write():
            self.bump(dossier_id)
            self.put_item("ecoles", dossier_id, ecole, position)

    @operation
    def remove_ecole(self, dossier_id: str, ecole_id: str) -> None:
        """Remove a school. Its lines stay (the domain then reports them as attached to no
        known school): deleting a user's budget lines is left to an explicit action."""
        with self.database.write():
            self.bump(dossier_id)
            self.remove_item("ecoles", dossier_id, ecole_id)

    @operation
    def put_ligne(self, dossier_id: str, ligne: Ligne, position: int | None = None) -> None:
        """Add or update a line; `position` is its 0-based index among all the dossier's lines."""
        _validated(Dossier(id=dossier_id, lignes=[ligne]))
        with self.database.write():
            self.bump(dossier_id)
            self.put_item("lignes", dossier_id, ligne, position)

    @operation
    def remove_ligne(self, dossier_id: str, ligne_id: str) -> None:
        with self.database.write():
            self.bump(dossier_id)
            self.remove_item("lignes", dossier_id, ligne_id)

    # --- rows ----------------------------------------------------------------------------

    def exists(self, dossier_id: str) -> bool:
        row = self.database.connection.execute("SELECT 1 FROM dossiers WHERE id = ?", [dossier_id]).fetchone()
        return row is not None

    def bump(self, dossier_id: str) -> None:
        """Mark an edit: new revision (the cached summary goes stale) and modification time."""
        # The life cycle's `modifie` event, in the edit's own transaction (a signed export no
        # longer describes the edited dossier).
        cursor = self.database.connection.execute(
            f"UPDATE dossiers SET revision = revision + 1, modifie_le = ?, etat = {_AFTER_EDIT} WHERE id = ?",
            [now(), dossier_id])
        if cursor.rowcount == 0:
            raise DossierNotFound(dossier_id)

    def _insert_dossier(self, dossier: Dossier, figures: tuple[int | None, bool | None]) -> None:
        moment = now()
        self.database.connection.execute(
            "INSERT INTO dossiers (id, regles, extra, cree_le, modifie_le, etat, revision) "
            "VALUES (?, ?, ?, ?, ?, 'brouillon', 0)",
            [dossier.id, dossier.regles, R.dumps_json(dossier.extra), moment, moment])
        self._insert_parts(dossier)
        self._store_summary(dossier.id, figures)

    def _insert_parts(self, dossier: Dossier) -> None:
        conn = self.database.connection
        conn.execute(
            f"INSERT INTO collectivites (dossier_id, {', '.join(R.COLLECTIVITE_COLUMNS)}) "
            f"VALUES (?{', ?' * len(R.COLLECTIVITE_COLUMNS)})",
            [dossier.id, *R.collectivite_values(dossier.collectivite)])
        conn.execute("INSERT INTO projets (dossier_id, intitule, description, autres) VALUES (?, ?, ?, ?)",
                     [dossier.id, dossier.projet.intitule, dossier.projet.description,
                      R.dumps_json(dossier.projet.autres)])
        for table, items in (("ecoles", dossier.ecoles), ("lignes", dossier.lignes), ("pieces", dossier.pieces)):
            columns = R.ITEM_TABLES[table]
            conn.executemany(
                f"INSERT INTO {table} (dossier_id, position, {', '.join(columns)}) "
                f"VALUES (?, ?{', ?' * len(columns)})",
                [[dossier.id, index, *R.item_values(item, columns)] for index, item in enumerate(items)])

    def _store_summary(self, dossier_id: str, figures: tuple[int | None, bool | None]) -> None:
        self.database.connection.execute(
            "UPDATE dossiers SET resume_subvention_centimes = ?, resume_erreurs = ?, "
            "resume_revision = revision, resume_calcul = ? WHERE id = ?",
            [figures[0], as_int(figures[1]), SUMMARY_COMPUTED_BY, dossier_id])

    def _items(self, conn: sqlite3.Connection, table: str, dossier_id: str) -> list:
        item_class, order = R.ITEM_CLASSES[table], R.FIELD_ORDER[table]
        cursor = conn.execute(
            f"SELECT {', '.join(order)} FROM {table} WHERE dossier_id = ? ORDER BY position", [dossier_id])
        if table == "pieces":  # its `ecoles` column is JSON text
            return [R.piece_from_row(dict(zip(order, row, strict=True))) for row in cursor]
        return [item_class(*row) for row in cursor]

    def put_item(self, table: str, dossier_id: str, item, position: int | None) -> None:
        columns = R.ITEM_TABLES[table]
        target = self._place(table, dossier_id, item.id, position)
        updates = ", ".join(f"{column} = excluded.{column}" for column in (*columns, "position"))
        self.database.connection.execute(
            f"INSERT INTO {table} (dossier_id, position, {', '.join(columns)}) VALUES (?, ?{', ?' * len(columns)}) "
            f"ON CONFLICT (dossier_id, id) DO UPDATE SET {updates}",
            [dossier_id, target, *R.item_values(item, columns)])

    def _place(self, table: str, dossier_id: str, item_id: str, position: int | None) -> int:
        """The position the item takes; shifts the others so positions stay 0..n-1."""
        conn = self.database.connection
        count = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE dossier_id = ?", [dossier_id]).fetchone()[0]
        row = conn.execute(f"SELECT position FROM {table} WHERE dossier_id = ? AND id = ?",
                           [dossier_id, item_id]).fetchone()
        if row is None:  # one more item: within what a dossier may hold (the reader's own bound)
            problem = count_problem(table, count + 1)
            if problem:
                raise InvalidDossierError(problem)
            target = count if position is None else max(0, min(position, count))
            if target < count:
                conn.execute(f"UPDATE {table} SET position = position + 1 WHERE dossier_id = ? AND position >= ?",
                             [dossier_id, target])
            return target
        current = row[0]
        if position is None:
            return current
        target = max(0, min(position, count - 1))
        if target > current:
            conn.execute(f"UPDATE {table} SET position = position - 1 "
                         "WHERE dossier_id = ? AND position > ? AND position <= ?", [dossier_id, current, target])
        elif target < current:
            conn.execute(f"UPDATE {table} SET position = position + 1 "
                         "WHERE dossier_id = ? AND position >= ? AND position < ?", [dossier_id, target, current])
        return target

    def remove_item(self, table: str, dossier_id: str, item_id: str) -> None:
        conn = self.database.connection
        row = conn.execute(f"SELECT position FROM {table} WHERE dossier_id = ? AND id = ?",
                           [dossier_id, item_id]).fetchone()
        if row is None:
            raise LibraryError("item_not_found", table=table, item_id=item_id)
        conn.execute(f"DELETE FROM {table} WHERE dossier_id = ? AND id = ?", [dossier_id, item_id])
        conn.execute(f"UPDATE {table} SET position = position - 1 WHERE dossier_id = ? AND position > ?",
                     [dossier_id, row[0]])



def _validated(dossier: Dossier) -> Dossier:
    """The domain's own type checks (volet, TVA rate, integers, unique ids) before any write.

    The free-form JSON (extra fields) is walked for NaN and lone surrogates; a lone surrogate
    in a typed text field is caught when SQLite refuses it (see `_operation`), which spares
    every save of a 3,000-line dossier a full walk."""
    problem = free_form_problem(dossier)
    try:
        if problem:
            raise problem
        return dossier_from_dict(dossier_to_dict(dossier))
    except DossierFormatError as error:
        raise InvalidDossierError(error) from None


def fetch_one(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    cursor = conn.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def fetch_all(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def as_int(flag: bool | None) -> int | None:
    return None if flag is None else int(flag)

