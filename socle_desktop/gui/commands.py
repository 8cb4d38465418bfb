"""Undo commands: each one applies an edit through the session, and takes it back.

The first `redo()` is Qt's push; later ones (and every `undo()`) also ask the window to show
where the change happened, so undoing an edit made on another page is never invisible.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ..domain.model import Ecole, Ligne, Piece
from ..store import LibraryError
from .labels import modification_text
from .scratch import scratch_folder

TYPING_ID = 1  # QUndoCommand.id() of edits that merge while the user types in one field



class _SessionCommand(QUndoCommand):
    def __init__(self, session, text: str):
        super().__init__(text)
        self.session = session
        self._pushed = False

    def _locate(self, chemin: str) -> None:
        if self._pushed:
            self.session.located.emit(chemin)
        self._pushed = True


class SetField(_SessionCommand):
    """One field of the collectivité, the projet, a school or a line."""

    def __init__(self, session, kind, key, field, old, new, *, typing=False):
        super().__init__(session, modification_text(field))
        self.kind, self.key, self.field = kind, key, field
        self.old, self.new = old, new
        self.typing = typing

    def id(self) -> int:
        return TYPING_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetField) and other.typing
                and (other.kind, other.key, other.field) == (self.kind, self.key, self.field)):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.session.set_field(self.kind, self.key, self.field, self.new)
        self._locate(self.session.chemin_of(self.kind, self.key, self.field))

    def undo(self) -> None:
        self.session.set_field(self.kind, self.key, self.field, self.old)
        self._locate(self.session.chemin_of(self.kind, self.key, self.field))


class ShowOnUndo(_SessionCommand):
    """The first step of a macro: when the whole macro is undone, show `chemin` last."""

    def __init__(self, session, chemin: str):
        super().__init__(session, "")
        self.chemin = chemin

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        self.session.located.emit(self.chemin)


class InsertEcole(_SessionCommand):
    def __init__(self, session, ecole: Ecole, position: int):
        super().__init__(session, QCoreApplication.translate("commands", "l'ajout d'une école"))
        self.ecole, self.position = ecole, position

    def redo(self) -> None:
        self.session.insert_ecole(self.ecole, self.position)
        self._locate(f"ecoles[{self.position}]")

    def undo(self) -> None:
        self.session.take_ecole(self.ecole.id)
        self._locate("ecoles")


class RemoveEcole(_SessionCommand):
    def __init__(self, session, ecole: Ecole):
        super().__init__(session, QCoreApplication.translate("commands", "la suppression d'une école"))
        self.ecole, self.position = ecole, 0

    def redo(self) -> None:
        self.position = self.session.take_ecole(self.ecole.id)
        self._locate("ecoles")

    def undo(self) -> None:
        self.session.insert_ecole(self.ecole, self.position)
        self._locate(f"ecoles[{self.position}]")


class InsertLigne(_SessionCommand):
    def __init__(self, session, ligne: Ligne, position: int):
        super().__init__(session, QCoreApplication.translate("commands", "l'ajout d'une ligne"))
        self.ligne, self.position = ligne, position

    def redo(self) -> None:
        self.session.insert_ligne(self.ligne, self.position)
        self._locate(f"lignes[{self.position}]")

    def undo(self) -> None:
        self.session.take_ligne(self.ligne.id)
        self._locate(f"volet:{self.ligne.volet}")


class RemoveLigne(_SessionCommand):
    def __init__(self, session, ligne: Ligne):
        super().__init__(session, QCoreApplication.translate("commands", "la suppression d'une ligne"))
        self.ligne, self.position = ligne, 0

    def redo(self) -> None:
        self.position = self.session.take_ligne(self.ligne.id)
        self._locate(f"volet:{self.ligne.volet}")

    def undo(self) -> None:
        self.session.insert_ligne(self.ligne, self.position)
        self._locate(f"lignes[{self.position}]")


class ImportLignes(_SessionCommand):
    """Lines read from a spreadsheet, with the schools created for them: one step, one transaction."""

    def __init__(self, session, ecoles: list[Ecole], lignes: list[Ligne], volet: str):
        super().__init__(session, QCoreApplication.translate("commands", "l'import de %n ligne(s)", "",
                                                             len(lignes)))
        self.ecoles, self.lignes, self.volet = list(ecoles), list(lignes), volet

    def redo(self) -> None:
        self.session.add_many(self.ecoles, self.lignes)
        self._locate(f"volet:{self.volet}")

    def undo(self) -> None:
        self.session.take_many([e.id for e in self.ecoles], [ligne.id for ligne in self.lignes])
        self._locate(f"volet:{self.volet}")


class _PieceCommand(_SessionCommand):
    """Attaching and detaching files: the bytes are kept so undo/redo can attach them again."""

    _scratch: Path | None = None

    def _attach_from_bytes(self, data: bytes, nom: str, type_: str) -> Piece:
        # The copy lives only while the library takes it in: no attachment stays in the system's
        # temporary folder (the folder itself goes when the window closes, or at a later start).
        if _PieceCommand._scratch is None or not _PieceCommand._scratch.is_dir():
            _PieceCommand._scratch = scratch_folder("socle-pieces-")
        path = _PieceCommand._scratch / nom
        path.write_bytes(data)
        try:
            return self.session.attach_piece(path, type_, nom)
        finally:
            path.unlink(missing_ok=True)


class AddPiece(_PieceCommand):
    """Pushed after the file was attached (attaching can fail: the caller reports it)."""

    def __init__(self, session, piece: Piece, data: bytes):
        super().__init__(session, QCoreApplication.translate("commands", "l'ajout de la pièce « %1 »")
                         .replace("%1", piece.nom))
        self.piece, self.data = piece, data
        self._attached = True

    def redo(self) -> None:
        if not self._attached:
            self.piece = self._attach_from_bytes(self.data, self.piece.nom, self.piece.type)
        self._attached = False
        self._locate("pieces")

    def undo(self) -> None:
        self.session.detach_piece(self.piece.id)
        self._locate("pieces")


class RemovePiece(_PieceCommand):
    def __init__(self, session, piece: Piece):
        super().__init__(session, QCoreApplication.translate("commands", "le retrait de la pièce « %1 »")
                         .replace("%1", piece.nom))
        self.piece = piece
        self.position = next((i for i, p in enumerate(session.dossier.pieces) if p.id == piece.id), 0)
        try:
            self.data: bytes | None = session.piece_bytes(piece)
        except LibraryError:  # a piece imported without its file: removing it is the way out
            self.data = None

    def redo(self) -> None:
        self.session.detach_piece(self.piece.id)
        self._locate("pieces")

    def undo(self) -> None:
        if self.data is None:  # put back as it was, still without its file
            self.session.reinsert_piece(self.piece, self.position)
        else:
            self.piece = self._attach_from_bytes(self.data, self.piece.nom, self.piece.type)
        self._locate("pieces")
