"""One open dossier: the only place where the window changes, saves and recomputes it.

Every user edit becomes an undo command (see `commands`); applying it changes the Dossier in
memory, persists it with the matching one-transaction Library call, recomputes with
`domain.compute` and emits `changed(result)`. When a save fails, the edit stays on screen and
in memory, the failure is reported once, and the next successful save writes the whole dossier.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from .. import referentiel
from ..domain.compute import Computer, Result
from ..domain.dossier_json import DossierFormatError, count_problem  # noqa: F401 (raised to the pages)
from ..domain.model import Dossier, Ecole, Ligne, Piece
from ..domain.rules import Rules
from ..store import LibraryError
from . import commands
from .worker import collection_paused

# Field kinds an edit can touch: what `set_field` understands.
COLLECTIVITE, PROJET, ECOLE, LIGNE, PIECE = "collectivite", "projet", "ecole", "ligne", "piece"
# Findings that say something is still missing (besides the *_MANQUANT codes of completeness).
QUIET_CODES = frozenset({"AUCUNE_ECOLE", "SIRET_INVALIDE_VIDE", "CODE_INSEE_VIDE"})


class DossierSession(QObject):
    """The open dossier, its library, its undo stack and its last computation."""

    changed = Signal(object)  # Result, after every applied edit (and on undo/redo)
    structure_changed = Signal(str)  # "ecoles" | "lignes" | "pieces": rows were added/removed
    saved = Signal()
    save_failed = Signal(str)  # a French sentence: what failed
    located = Signal(str)  # a `chemin` to show, after an undo or redo
    # Which findings are shown as « à compléter » (neutral) rather than as errors changed.
    attention_changed = Signal()

    def __init__(self, dossier: Dossier, rules: Rules, library=None, dossier_id: str | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.dossier = dossier
        self.rules = rules
        self.library = library
        self.dossier_id = dossier_id or dossier.id
        self.undo_stack = QUndoStack(self)
        self._needs_full_save = False
        self.last_edit: tuple[str, str | None, str] | None = None  # what the last `changed` is about
        # The attachments whose file the library lacks (a dossier imported without its files):
        # asked of the library when the list of attachments changes, not at each keystroke.
        self.absent_pieces: set[str] = self._absent_pieces()
        # Remembers each line's part of the computation: a keystroke redoes its line, not 3 000.
        self.computer = Computer(rules)
        self.result: Result = self.computer.compute(dossier, referentiel.for_checks(), self.absent_pieces)
        # A field the user has left (or edited), and whether Contrôles was opened: until then an
        # empty field the rules require reads « à compléter », in a neutral style, not an error.
        self.touched: set[str] = set()
        self.revealed = False
        self.typing: str | None = None  # the field being typed in: its findings wait until it is left

    # --- « à compléter » or error ---------------------------------------------------------

    def touch(self, chemin: str) -> None:
        if self.typing is not None:  # the user moved on: what was typed is judged now
            self.typing = None
            if chemin in self.touched:
                self.attention_changed.emit()
        if chemin not in self.touched:
            self.touched.add(chemin)
            self.attention_changed.emit()

    def reveal(self) -> None:
        """Show every finding as what it is (the user opened Contrôles)."""
        if not self.revealed:
            self.revealed = True
            self.attention_changed.emit()

    def is_quiet(self, constat) -> bool:
        """Whether `constat` is only « à compléter » for now: a missing value in a field the user
        has not reached yet. A wrong value (a SIRET typed with a bad key) is never quiet."""
        if constat.chemin == self.typing:  # « m » is not yet a wrong e-mail address: still typing
            return True
        if self.revealed or constat.chemin in self.touched:
            return False
        if constat.code.endswith(("_MANQUANT", "_MANQUANTE")) or constat.code in QUIET_CODES:
            return True
        return self._empty_at(constat.chemin)

    def _empty_at(self, chemin: str) -> bool:
        """Whether the field at `chemin` holds nothing yet (an empty text, a count of 0)."""
        head, _, field = chemin.partition(".")
        try:
            if head in (COLLECTIVITE, PROJET) and field:
                value = self.get_field(head, None, field)
            elif head.startswith("ecoles[") and field and field != "equipement":
                value = getattr(self.dossier.ecoles[int(head[7:-1])], field)
            else:
                return False
        except (AttributeError, IndexError, ValueError, KeyError):
            return False
        return value in ("", 0, None) or (isinstance(value, str) and not value.strip())

    # --- what the pages call (each pushes one undoable step) -----------------------------

    def edit(self, kind: str, key: str | None, field: str, value, *, typing: bool = False) -> None:
        """Change one field; `typing` merges consecutive keystrokes in the same field."""
        old = self.get_field(kind, key, field)
        if old == value:
            return
        self.undo_stack.push(commands.SetField(self, kind, key, field, old, value, typing=typing))

    def add_ecole(self, ecole: Ecole | None = None, position: int | None = None) -> Ecole:
        """Raises DossierFormatError (a code naming the field, worded by the catalogue) when the
        dossier holds as many schools as a dossier may (the reader's own bound: saving would refuse it)."""
        _check_room(self.dossier.ecoles, "ecoles")
        ecole = ecole or Ecole()
        position = len(self.dossier.ecoles) if position is None else position
        self.undo_stack.push(commands.InsertEcole(self, ecole, position))
        return ecole

    def remove_ecoles(self, ecole_ids: list[str]) -> None:
        """Remove schools and, in the same undo step, the lines attached to them."""
        if not ecole_ids:
            return
        # « Annuler la suppression de 2 écoles »: the Édition menu puts « Annuler » before it.
        self.undo_stack.beginMacro(self.tr("la suppression d'une école") if len(ecole_ids) == 1
                                   else self.tr("la suppression de %n école(s)", "", len(ecole_ids)))
        first = min((i for i, e in enumerate(self.dossier.ecoles) if e.id in set(ecole_ids)), default=0)
        self.undo_stack.push(commands.ShowOnUndo(self, f"ecoles[{first}]"))  # undo ends on the schools
        for ecole_id in ecole_ids:
            for ligne in [ligne_ for ligne_ in self.dossier.lignes if ligne_.ecole == ecole_id]:
                self.undo_stack.push(commands.RemoveLigne(self, ligne))
            ecole = self.dossier.ecole_by_id(ecole_id)
            if ecole is not None:
                self.undo_stack.push(commands.RemoveEcole(self, ecole))
        # A devis no longer covers a removed school (undone with it): else it would name a school
        # the dossier does not hold, which no tick on the Pièces jointes page could show.
        removed = set(ecole_ids)
        for piece in self.dossier.pieces:
            if removed & set(piece.ecoles):
                self.edit(PIECE, piece.id, "ecoles", tuple(e for e in piece.ecoles if e not in removed))
        self.undo_stack.endMacro()

    def add_ligne(self, volet: str, ecole_id: str | None = None, categorie: str = "autre") -> Ligne:
        """Raises DossierFormatError when the dossier holds as many lines as a dossier may."""
        _check_room(self.dossier.lignes, "lignes")
        ligne = Ligne(volet=volet, ecole=ecole_id, categorie=categorie)
        self.undo_stack.push(commands.InsertLigne(self, ligne, self._ligne_insert_position(ligne)))
        return ligne

    def remove_lignes(self, ligne_ids: list[str]) -> None:
        lignes = [ligne_ for ligne_ in self.dossier.lignes if ligne_.id in set(ligne_ids)]
        if not lignes:
            return
        self.undo_stack.beginMacro(self.tr("la suppression d'une ligne") if len(lignes) == 1
                                   else self.tr("la suppression de %n ligne(s)", "", len(lignes)))
        for ligne in lignes:
            self.undo_stack.push(commands.RemoveLigne(self, ligne))
        self.undo_stack.endMacro()

    def import_lignes(self, ecoles: list[Ecole], lignes: list[Ligne], volet: str) -> None:
        """Lines from a spreadsheet and the schools made for them: one undoable step."""
        if lignes or ecoles:
            self.undo_stack.push(commands.ImportLignes(self, ecoles, lignes, volet))

    def add_piece(self, source: Path, type_: str = "autre") -> Piece:
        """Attach a file; raises the store's error (French) when it cannot be read or stored.
        The very file a piece lacked gives it its bytes back: nothing to undo, the dossier says
        the same as before, now with the file it named."""
        known = {piece.id for piece in self.dossier.pieces}
        piece = self.attach_piece(Path(source), type_)
        if piece.id not in known:
            self.undo_stack.push(commands.AddPiece(self, piece, self.piece_bytes(piece)))
        return piece

    def remove_piece(self, piece_id: str) -> None:
        piece = next((p for p in self.dossier.pieces if p.id == piece_id), None)
        if piece is not None:
            self.undo_stack.push(commands.RemovePiece(self, piece))

    def piece_bytes(self, piece: Piece) -> bytes:
        return self.library.piece_bytes(piece.sha256)

    def snapshot(self) -> Dossier:
        """A copy for a worker thread: the worker never sees later edits half-applied."""
        return copy.deepcopy(self.dossier)

    # --- what the commands call (no undo here) -------------------------------------------

    def get_field(self, kind: str, key: str | None, field: str):
        target, attribute = self._target(kind, key, field)
        if isinstance(target, dict):
            return target.get(attribute, "")
        return getattr(target, attribute)

    def set_field(self, kind: str, key: str | None, field: str, value) -> None:
        target, attribute = self._target(kind, key, field)
        if isinstance(target, dict):
            target[attribute] = value
        else:
            setattr(target, attribute, value)
        self.last_edit = (kind, key, field)
        self.touched.add(self.chemin_of(kind, key, field))
        if kind in (COLLECTIVITE, PROJET):  # a form's field, typed key by key (a table's cell is committed)
            self.typing = self.chemin_of(kind, key, field)
        if kind == COLLECTIVITE:
            self._persist(lambda lib: lib.update_collectivite(self.dossier_id, self.dossier.collectivite))
        elif kind == PROJET:
            self._persist(lambda lib: lib.update_projet(self.dossier_id, self.dossier.projet))
        elif kind == ECOLE:
            ecole = self.dossier.ecole_by_id(key)
            self._persist(lambda lib: lib.put_ecole(self.dossier_id, ecole))
        elif kind == LIGNE:
            ligne = self.ligne_by_id(key)
            self._persist(lambda lib: lib.put_ligne(self.dossier_id, ligne))
        elif kind == PIECE:
            piece = self.piece_by_id(key)
            self._persist(lambda lib: lib.put_piece(self.dossier_id, piece))
            self.structure_changed.emit("pieces")
        self.recompute()

    def insert_ecole(self, ecole: Ecole, position: int) -> None:
        self.dossier.ecoles.insert(position, ecole)
        self._persist(lambda lib: lib.put_ecole(self.dossier_id, ecole, position=position))
        self.structure_changed.emit("ecoles")
        self.recompute()

    def take_ecole(self, ecole_id: str) -> int:
        position = next(i for i, e in enumerate(self.dossier.ecoles) if e.id == ecole_id)
        del self.dossier.ecoles[position]
        self._persist(lambda lib: lib.remove_ecole(self.dossier_id, ecole_id))
        self.structure_changed.emit("ecoles")
        self.recompute()
        return position

    def insert_ligne(self, ligne: Ligne, position: int) -> None:
        self.dossier.lignes.insert(position, ligne)
        self._persist(lambda lib: lib.put_ligne(self.dossier_id, ligne, position=position))
        self.structure_changed.emit("lignes")
        self.recompute()

    def take_ligne(self, ligne_id: str) -> int:
        position = next(i for i, ligne_ in enumerate(self.dossier.lignes) if ligne_.id == ligne_id)
        del self.dossier.lignes[position]
        self._persist(lambda lib: lib.remove_ligne(self.dossier_id, ligne_id))
        self.structure_changed.emit("lignes")
        self.recompute()
        return position

    def add_many(self, ecoles: list[Ecole], lignes: list[Ligne]) -> None:
        """Append schools and lines, saved in one transaction (the whole dossier)."""
        with collection_paused():
            self.dossier.ecoles.extend(ecoles)
            self.dossier.lignes.extend(lignes)
            self._persist(lambda lib: lib.save(self.dossier))
            self._structure_after_many(ecoles)

    def take_many(self, ecole_ids: list[str], ligne_ids: list[str]) -> None:
        gone_ecoles, gone_lignes = set(ecole_ids), set(ligne_ids)
        with collection_paused():
            self.dossier.ecoles[:] = [e for e in self.dossier.ecoles if e.id not in gone_ecoles]
            self.dossier.lignes[:] = [ligne for ligne in self.dossier.lignes if ligne.id not in gone_lignes]
            self._persist(lambda lib: lib.save(self.dossier))
            self._structure_after_many(ecole_ids)

    def _structure_after_many(self, ecoles) -> None:
        if ecoles:
            self.structure_changed.emit("ecoles")
        self.structure_changed.emit("lignes")
        self.recompute()

    def attach_piece(self, source: Path, type_: str, nom: str | None = None) -> Piece:
        """Copy a file into the library; raises the store's LibraryError (a code) on failure."""
        piece = self.library.add_piece(self.dossier_id, source, type=type_, nom=nom)
        self._reload_pieces(piece)
        return piece

    def detach_piece(self, piece_id: str) -> None:
        self.library.remove_piece(self.dossier_id, piece_id)
        self.dossier.pieces = [p for p in self.dossier.pieces if p.id != piece_id]
        self.absent_pieces.discard(piece_id)
        self.structure_changed.emit("pieces")
        self.saved.emit()
        self.recompute()

    def reinsert_piece(self, piece: Piece, position: int) -> None:
        """Put back a piece removed while the library lacked its file (undo): its row as it was."""
        self.dossier.pieces.insert(position, piece)
        self._persist(lambda lib: lib.save(self.dossier))
        self.absent_pieces = self._absent_pieces()
        self.structure_changed.emit("pieces")
        self.recompute()

    def recompute(self) -> None:
        if self.computer.rules is not self.rules:  # rules swapped (a test, an imported edition)
            self.computer = Computer(self.rules)
        self.result = self.computer.compute(self.dossier, referentiel.for_checks(), self.absent_pieces)
        self.changed.emit(self.result)
        self.last_edit = None

    def piece_by_id(self, piece_id: str) -> Piece | None:
        return next((piece for piece in self.dossier.pieces if piece.id == piece_id), None)

    def ligne_by_id(self, ligne_id: str) -> Ligne | None:
        return next((ligne for ligne in self.dossier.lignes if ligne.id == ligne_id), None)

    def chemin_of(self, kind: str, key: str | None, field: str) -> str:
        """The JSON path of a field (the `chemin` of findings), to show it after undo/redo."""
        if kind == ECOLE:
            index = next((i for i, e in enumerate(self.dossier.ecoles) if e.id == key), 0)
            return f"ecoles[{index}].{field}"
        if kind == LIGNE:
            index = next((i for i, ligne_ in enumerate(self.dossier.lignes) if ligne_.id == key), 0)
            return f"lignes[{index}].{field}"
        if kind == PROJET:
            return f"projet.{field}"
        if kind == PIECE:  # the page of attachments (a finding about them names "pieces")
            return "pieces"
        return f"{kind}.{field}"

    # --- internals ------------------------------------------------------------------------

    def _target(self, kind: str, key: str | None, field: str):
        """The object (or dict) holding `field`, and the attribute name inside it."""
        if kind == COLLECTIVITE:
            target = self.dossier.collectivite
            *parents, attribute = field.split(".")
            for parent in parents:
                target = getattr(target, parent)
            return target, attribute
        if kind == PROJET:
            if field in ("intitule", "description"):
                return self.dossier.projet, field
            return self.dossier.projet.autres, field
        if kind == ECOLE:
            return self.dossier.ecole_by_id(key), field
        if kind == LIGNE:
            return self.ligne_by_id(key), field
        if kind == PIECE:
            return self.piece_by_id(key), field
        raise ValueError(f"unknown field kind {kind!r}")

    def _ligne_insert_position(self, ligne: Ligne) -> int:
        """After the last line of the same volet and school, so lines stay grouped."""
        position = len(self.dossier.lignes)
        for index, other in enumerate(self.dossier.lignes):
            if other.volet == ligne.volet and (ligne.ecole is None or other.ecole == ligne.ecole):
                position = index + 1
        return position

    def _reload_pieces(self, piece: Piece) -> None:
        try:
            self.dossier.pieces = self.library.load(self.dossier_id).pieces
        except LibraryError:  # the piece was stored; show it even if re-reading failed
            self.dossier.pieces.append(piece)
        if all(p.id != piece.id for p in self.dossier.pieces):
            self.dossier.pieces.append(piece)
        self.absent_pieces = self._absent_pieces()
        self.structure_changed.emit("pieces")
        self.saved.emit()
        self.recompute()

    def _absent_pieces(self) -> set[str]:
        if self.library is None or not self.dossier.pieces:
            return set()
        try:
            return self.library.absent_pieces(self.dossier)
        except LibraryError:  # the library's trouble is reported where it happens; not a finding
            return set()

    def _persist(self, write: Callable) -> None:
        """Save one edit; after an earlier failure, save the whole dossier instead."""
        if self.library is None:
            return
        try:
            if self._needs_full_save:
                self.library.save(self.dossier)
                self._needs_full_save = False
            else:
                write(self.library)
        except (LibraryError, OSError) as error:  # keep the edit, tell the user
            self._needs_full_save = True
            from ..catalogue.errors import error_text

            self.save_failed.emit(error_text(error))
            return
        self.saved.emit()


def _check_room(items: list, key: str) -> None:
    problem = count_problem(key, len(items) + 1)
    if problem:
        raise problem
