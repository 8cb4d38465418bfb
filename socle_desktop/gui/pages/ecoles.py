"""Écoles: the schools of the project, one row each."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton

from ...catalogue.errors import error_text
from ...domain.dossier_json import DossierFormatError
from ...domain.findings import ERREUR
from ...domain.model import SECTEURS, Ecole
from .. import findings_index as fi
from ..delegates import ComboDelegate, CountDelegate
from ..models import EcolesModel
from .base import EditorPage, page_layout
from .tables import delete_key, make_table, select_cell, selected_rows


class EcolesPage(EditorPage):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Écoles"), self.tr(
            "Les écoles élémentaires et primaires du projet. Double-cliquez ou tapez dans une "
            "cellule pour la modifier ; le code UAI figure sur les courriers de l'académie."))
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Ajouter une école"))
        self.remove_button = QPushButton(self.tr("&Supprimer la sélection"))
        self.add_button.clicked.connect(self.add_ecole)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout.addLayout(buttons)

        self.model = EcolesModel(session, self)
        self.view = make_table(self.model, self.tr("Tableau des écoles"))
        sectors = [(code, label) for code, label in SECTEURS.items()]
        self.view.setItemDelegateForColumn(self.model.column_of("secteur"), ComboDelegate(lambda: sectors, self))
        counts = CountDelegate(self)
        counts.invalid.connect(self.status_message)
        self.view.setItemDelegateForColumn(self.model.column_of("nb_classes"), counts)
        self.view.setItemDelegateForColumn(self.model.column_of("nb_eleves"), counts)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column, width in ((1, 100), (2, 100), (3, 180), (4, 80), (5, 80), (6, 150)):
            header.resizeSection(column, width)
        layout.addWidget(self.view)
        delete_key(self.view, self.remove_selected)
        # A school's equipment problems, each on a line of its own with a link to the Équipement
        # page where they are fixed (the school's name is not coloured for them).
        self.equipment_notes = QLabel()
        self.equipment_notes.setObjectName("ecoles.equipment_notes")
        self.equipment_notes.setWordWrap(True)
        self.equipment_notes.setTextFormat(Qt.RichText)
        self.equipment_notes.setAccessibleName(self.tr("Équipement des écoles à revoir"))
        self.equipment_notes.linkActivated.connect(self.session.located.emit)
        layout.addWidget(self.equipment_notes)
        self.refresh_notes()
        session.changed.connect(self.when_shown(lambda _result: self.refresh_notes()))

    def refresh_notes(self) -> None:
        lines = []
        for constat in self.session.result.constats:
            head, index, field = fi.parse_chemin(constat.chemin)
            if head != "ecoles" or index is None or field != "equipement":
                continue
            color = "#a4161a" if constat.gravite == ERREUR else "#8a5a00"
            lines.append(f"<p style='margin: 2px 0'><span style='color: {color}'>■</span> {escape(constat.message)} "
                         f"<a href='{escape(constat.chemin)}'>{escape(self.tr('Voir son équipement'))}</a></p>")
        self.equipment_notes.setText("".join(lines))
        self.equipment_notes.setVisible(bool(lines))

    def add_ecole(self) -> None:
        commune = self.session.dossier.collectivite
        try:
            ecole = self.session.add_ecole(Ecole(commune=commune.commune, code_insee=commune.code_insee))
        except DossierFormatError as error:  # the dossier holds as many schools as it may
            self.status_message.emit(error_text(error))
            return
        row = self.session.dossier.ecoles.index(ecole)
        select_cell(self.view, row, 0)
        self.view.edit(self.view.currentIndex())

    def remove_selected(self) -> None:
        rows = selected_rows(self.view)
        if not rows:
            self.status_message.emit(self.tr("Sélectionnez d'abord l'école à supprimer."))
            return
        ecoles = [self.model.ecole_at(row) for row in rows]
        attached = sum(1 for ligne_ in self.session.dossier.lignes if ligne_.ecole in {e.id for e in ecoles})
        names = self.names(ecoles)
        question = self.tr("Supprimer %1 ?").replace("%1", names)  # asked always: Delete is near at hand
        if attached:
            question += "\n\n" + self.tr("%n ligne(s) de dépense sont rattachées à ces écoles ; elles seront "
                                          "supprimées avec elles.", "", attached)
        question += "\n\n" + self.tr("Vous pourrez tout rétablir avec Annuler (Ctrl+Z).")
        if QMessageBox.question(self, self.tr("Supprimer des écoles"), question) != QMessageBox.Yes:
            return
        self.session.remove_ecoles([e.id for e in ecoles])
        self.status_message.emit(self.tr("Supprimé : %1, avec %n ligne(s). Ctrl+Z pour rétablir.", "",
                                         attached).replace("%1", names))

    def names(self, ecoles) -> str:
        """« École A », « École B » et 3 autres: what the user is about to lose, by name."""
        shown = [f"« {e.nom or self.tr('école sans nom')} »" for e in ecoles[:4]]
        text = ", ".join(shown)
        if len(ecoles) > 4:
            text += " " + self.tr("et %n autre(s) école(s)", "", len(ecoles) - 4)
        return text

    def show_chemin(self, chemin: str) -> None:
        _, index, field = fi.parse_chemin(chemin)
        if not self.model.rowCount():  # « aucune école »: the way to fix it is the Add button
            self.add_button.setFocus()
            return
        if index is None or index >= self.model.rowCount():
            self.view.setFocus()
            return
        column = self.model.column_of(field) if field in dict(self.model.columns) else 0
        select_cell(self.view, index, column)
