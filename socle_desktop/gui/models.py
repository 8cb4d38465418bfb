"""Qt table models over the dossier's schools and lines.

Models read the Dossier and the last Result the session computed; they never compute money.
Edits go to `session.edit(...)`, which pushes an undo command.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from .. import referentiel
from ..domain.model import SECTEURS
from ..domain.money import format_euros
from . import findings_index as fi
from .session import ECOLE, LIGNE, DossierSession

_ROOT = QModelIndex()



# The roles the tables answer; a view asks for a dozen per cell and paint, so the rest return at once.
_ROLES = frozenset({Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole, Qt.BackgroundRole,
                    Qt.TextAlignmentRole, Qt.AccessibleTextRole})
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_NUMERIC_LINE_FIELDS = frozenset({"quantite", "prix_unitaire_ht_centimes", "ttc", "taux_tva"})


def tva_label(taux: str) -> str:
    return taux.replace(".", ",") + "\u00a0%"


class _SessionTableModel(QAbstractTableModel):
    columns: tuple[tuple[str, str], ...] = ()

    def __init__(self, session: DossierSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._findings: dict = {}
        self._refresh_findings()
        session.changed.connect(self._on_changed)
        session.attention_changed.connect(lambda: self._on_changed(None))

    def column_of(self, field: str) -> int:
        return next(i for i, (name, _) in enumerate(self.columns) if name == field)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return QCoreApplication.translate("models", self.columns[section][1])
        if role == Qt.DisplayRole and orientation == Qt.Vertical:
            return str(section + 1)
        return None

    def _rows(self) -> list:
        raise NotImplementedError

    def _refresh_findings(self) -> None:
        self._findings = fi.by_chemin(self.session.result.constats)

    def _on_changed(self, _result) -> None:
        self._refresh_findings()
        self._emit_all()

    def _emit_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _finding_role(self, role, constats):
        if role == Qt.BackgroundRole:
            # « à compléter » cells of an untouched dossier stay plain: no red before anything is typed
            return fi.background_for([c for c in constats if not self.session.is_quiet(c)])
        if role == Qt.ToolTipRole:
            return fi.tooltip_for(constats)
        return None


class EcolesModel(_SessionTableModel):
    columns = (
        ("nom", QT_TRANSLATE_NOOP("models", "Nom de l'école")),
        ("uai", QT_TRANSLATE_NOOP("models", "UAI")),
        ("code_insee", QT_TRANSLATE_NOOP("models", "Code INSEE")),
        ("commune", QT_TRANSLATE_NOOP("models", "Commune")),
        ("nb_classes", QT_TRANSLATE_NOOP("models", "Classes")),
        ("nb_eleves", QT_TRANSLATE_NOOP("models", "Élèves")),
        ("secteur", QT_TRANSLATE_NOOP("models", "Secteur")),
    )

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        session.structure_changed.connect(self._on_structure)

    def _rows(self):
        return self.session.dossier.ecoles

    def _on_structure(self, what: str) -> None:
        if what == "ecoles":
            self.beginResetModel()
            self.endResetModel()

    def ecole_at(self, row: int):
        return self.session.dossier.ecoles[row]

    def flags(self, index):
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        ecole = self.ecole_at(index.row())
        field = self.columns[index.column()][0]
        value = getattr(ecole, field)
        if role == Qt.EditRole:
            return value
        if role == Qt.DisplayRole:
            return SECTEURS.get(value, value) if field == "secteur" else value
        if role == Qt.TextAlignmentRole and field in ("nb_classes", "nb_eleves"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role in (Qt.BackgroundRole, Qt.ToolTipRole):
            # A school's equipment problems are not shown on its name: the Écoles page lists them
            # on a line of their own, with a link to the Équipement page where they are fixed.
            constats = self._findings.get(f"ecoles[{index.row()}].{field}", [])
            return self._finding_role(role, constats)
        if role == Qt.AccessibleTextRole:
            return str(value)
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        field = self.columns[index.column()][0]
        if field in ("nb_classes", "nb_eleves"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                return False
        elif field == "secteur" and value not in SECTEURS:
            return False
        elif field == "uai":
            value = str(value).strip().upper()
        else:
            value = str(value)
        ecole = self.ecole_at(index.row())
        self.session.edit(ECOLE, ecole.id, field, value)
        if field == "code_insee" and not ecole.commune.strip():
            # The commune's name from the official référentiel (still editable; its own undo step).
            ref = referentiel.for_checks()
            commune = ref.commune(value) if ref is not None and len(value.strip()) == 5 else None
            if commune is not None:
                self.session.edit(ECOLE, ecole.id, "commune", commune.nom)
        return True


class LignesModel(_SessionTableModel):
    """The lines of one volet; equipment lines are grouped by school (schools' order)."""

    def __init__(self, session, volet: str, parent=None):
        self.volet = volet
        self.ecole_filter: str | None = None
        self._ids: list[str] = []
        self._dossier_index: dict[str, int] = {}
        self.columns = (
            ("ecole", QCoreApplication.translate("models", "École")),
            ("categorie", QCoreApplication.translate("models", "Catégorie")),
            ("libelle", QCoreApplication.translate("models", "Libellé")),
            ("quantite", QCoreApplication.translate("models", "Quantité")),
            ("prix_unitaire_ht_centimes", QCoreApplication.translate("models", "Prix unitaire HT")),
            ("taux_tva", QCoreApplication.translate("models", "TVA")),
            ("ttc", QCoreApplication.translate("models", "Total TTC")),
        )
        super().__init__(session, parent)
        self._rebuild()
        session.structure_changed.connect(self._on_structure)

    def set_ecole_filter(self, ecole_id: str | None) -> None:
        self.beginResetModel()
        self.ecole_filter = ecole_id
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        dossier = self.session.dossier
        school_rank = {ecole.id: rank for rank, ecole in enumerate(dossier.ecoles)}
        self._school_names = {ecole.id: ecole.nom for ecole in dossier.ecoles}
        self._dossier_index = {ligne.id: i for i, ligne in enumerate(dossier.lignes)}
        lignes = [ligne for ligne in dossier.lignes if ligne.volet == self.volet
                  and (self.ecole_filter is None or ligne.ecole == self.ecole_filter)]
        if self.volet == "equipement":
            lignes.sort(key=lambda ligne: (school_rank.get(ligne.ecole, len(school_rank)),
                                           self._dossier_index[ligne.id]))
        self._ids = [ligne.id for ligne in lignes]
        self._by_id = {ligne.id: ligne for ligne in lignes}
        # Equipment rows are banded by school, not line by line: the lines of one school share a
        # background, the next school's lines the other one (the school is named once per group).
        self._band: list[bool] = []
        if self.volet == "equipement":
            odd = True
            for rank, ligne in enumerate(lignes):
                odd = odd if rank and ligne.ecole == lignes[rank - 1].ecole else not odd
                self._band.append(odd)
            self._band_brush = QGuiApplication.palette().alternateBase()

    def _on_structure(self, what: str) -> None:
        if what in ("lignes", "ecoles"):
            self.beginResetModel()
            self._rebuild()
            self.endResetModel()

    def _on_changed(self, result) -> None:
        kind, _key, field = self.session.last_edit or ("", None, "")
        if kind == "ecole" and field == "nom":
            self._school_names = {ecole.id: ecole.nom for ecole in self.session.dossier.ecoles}
        elif kind != "ligne" or field in ("ecole", "volet"):
            # A school change can move a line to another group: keep the order right.
            order = list(self._ids)
            self._rebuild()
            if order != self._ids:
                self.beginResetModel()
                self.endResetModel()
        if kind == "ligne" and field not in ("ecole", "volet"):
            self._refresh_edited_row(_key)
            return
        super()._on_changed(result)

    def _refresh_edited_row(self, ligne_id) -> None:
        """One line's field changed: only its row and the rows whose findings changed are
        repainted, not the whole table (the typing path: issue 15). A line's cells show only
        its own values, its own TTC and its own findings."""
        before = self._findings
        self._refresh_findings()
        after = self._findings
        changed = [chemin for chemin in before.keys() | after.keys() if before.get(chemin) != after.get(chemin)]
        rows = {self.row_of(ligne_id)} if ligne_id in self._by_id else set()
        places = [fi.parse_chemin(chemin) for chemin in changed]
        indexes = [index for head, index, _field in places if head == "lignes" and index is not None]
        if indexes:  # (not when only a dossier-wide finding changed, as at most keystrokes)
            row_of_index = {self._dossier_index.get(id_): row for row, id_ in enumerate(self._ids)}
            rows.update(row_of_index.get(index) for index in indexes)
        rows.discard(None)
        if len(rows) > 50:  # many lines' findings changed: one signal for the whole table
            super()._emit_all()
            return
        last_column = self.columnCount() - 1
        for row in sorted(rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def _rows(self):
        return self._ids

    def ligne_at(self, row: int):
        return self._by_id[self._ids[row]]

    def row_of(self, ligne_id: str) -> int | None:
        try:
            return self._ids.index(ligne_id)
        except ValueError:
            return None

    def flags(self, index):
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if self.columns[index.column()][0] != "ttc":
            flags |= Qt.ItemIsEditable
        return flags

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        ligne = self._by_id[self._ids[row]]
        field = self.columns[index.column()][0]
        if role == Qt.EditRole:
            return ligne.ecole if field == "ecole" else getattr(ligne, field, None)
        if role == Qt.DisplayRole and field == "ecole" and self._same_school_as_above(row):
            return ""  # grouped: the school is named on the first line of its group
        if role == Qt.DisplayRole or role == Qt.AccessibleTextRole:
            return self._display(ligne, field)
        if role == Qt.TextAlignmentRole:
            return _RIGHT if field in _NUMERIC_LINE_FIELDS else None
        if role == Qt.ToolTipRole and field in ("ecole", "categorie", "libelle") and not self._findings.get(
                f"lignes[{self._dossier_index.get(ligne.id, -1)}].{field}"):
            return self._display(ligne, field) or None  # the whole text when the column is narrow
        constats = self._findings.get(
            f"lignes[{self._dossier_index.get(ligne.id, -1)}].{field}") if self._findings else None
        shown = self._finding_role(role, constats) if constats else None
        if shown is None and role == Qt.BackgroundRole and self._band and self._band[row]:
            return self._band_brush  # a finding's colour first, then the school's band
        return shown

    def _same_school_as_above(self, row: int) -> bool:
        return (self.volet == "equipement" and row > 0
                and self.ligne_at(row - 1).ecole == self.ligne_at(row).ecole)

    def _display(self, ligne, field: str) -> str:
        if field == "ecole":
            name = self._school_names.get(ligne.ecole)
            if name is not None:
                return name or QCoreApplication.translate("models", "(école sans nom)")
            if ligne.ecole is None:
                return QCoreApplication.translate("models", "(aucune école)")
            return QCoreApplication.translate("models", "(école inconnue)")
        if field == "categorie":
            return self.session.rules.categories[self.volet].get(ligne.categorie, ligne.categorie)
        if field == "prix_unitaire_ht_centimes":
            return format_euros(ligne.prix_unitaire_ht_centimes)
        if field == "taux_tva":
            return tva_label(ligne.taux_tva)
        if field == "ttc":
            amounts = self.session.result.lignes.get(ligne.id)
            return format_euros(amounts.ttc) if amounts else ""
        return str(getattr(ligne, field))

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        field = self.columns[index.column()][0]
        if field in ("quantite", "prix_unitaire_ht_centimes"):
            if isinstance(value, bool) or not isinstance(value, int):
                return False
        elif field == "categorie" and value not in self.session.rules.categories[self.volet]:
            return False
        elif field == "ecole" and value is not None and self.session.dossier.ecole_by_id(value) is None:
            return False
        elif field not in ("ecole",):
            value = str(value)
        self.session.edit(LIGNE, self.ligne_at(index.row()).id, field, value)
        return True
