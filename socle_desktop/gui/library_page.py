"""The library: the user's dossiers, the trash, and the demo dossier one click away.

The page can be built before its library is open (the window's first paint comes first, issue 15):
it then says « Chargement de la bibliothèque… », its buttons are disabled and nothing of the store
is imported, until `attach_library`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import catalogue
from ..domain import lifecycle
from ..domain.money import format_euros, format_integer
from ..domain.text import visible


def when_text(value) -> str:
    """A stored timestamp as « 27/11/2026 21:06 » (accepts datetime or ISO text)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value or "")


def alphabetical_key(text: str) -> tuple[str, str]:
    """French dictionary order: « École » beside « Ecole », before « Fay », whatever the case."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.casefold(), text


class SortKeyItem(QTableWidgetItem):
    """A cell shown as text but sorted by a key (amounts, dates)."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.key = key

    def __lt__(self, other):
        if isinstance(other, SortKeyItem):
            return self.key < other.key
        return super().__lt__(other)


class LibraryPage(QWidget):
    open_requested = Signal(str)
    status_message = Signal(str)

    def __init__(self, library=None, parent=None):
        super().__init__(parent)
        self.library = None  # see attach_library
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h2>Mes dossiers</h2>"))
        layout.addWidget(title)
        layout.addWidget(self._welcome())
        self.loading_label = QLabel(self.tr("Chargement de la bibliothèque…"))
        self.loading_label.setAlignment(Qt.AlignCenter)
        self.loading_label.setAccessibleName(self.tr("État de la bibliothèque"))
        layout.addWidget(self.loading_label)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&Nouveau dossier"))
        self.open_button = QPushButton(self.tr("&Ouvrir"))
        self.duplicate_button = QPushButton(self.tr("&Dupliquer"))
        self.trash_button = QPushButton(self.tr("Mettre à la &corbeille"))
        self.import_button = QPushButton(self.tr("&Importer un fichier JSON…"))
        self.new_button.clicked.connect(self.new_dossier)
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.trash_button.clicked.connect(self.trash_selected)
        self.import_button.clicked.connect(self.import_file)
        for button in (self.new_button, self.open_button, self.duplicate_button,
                       self.trash_button, self.import_button):
            bar.addWidget(button)
        bar.addStretch()
        self.button_bar = bar
        layout.addLayout(bar)
        self.table = self._table(self.tr("Dossiers de la bibliothèque"))
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        delete = QShortcut(QKeySequence.Delete, self.table)
        delete.setContext(Qt.WidgetShortcut)
        delete.activated.connect(self.trash_selected)
        layout.addWidget(self.table, 3)

        self.trash_title = QLabel(self.tr("<b>Corbeille</b> — les dossiers supprimés restent ici "
                                          "tant qu'on ne les supprime pas définitivement."))
        self.trash_title.setWordWrap(True)
        layout.addWidget(self.trash_title)
        trash_bar = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("&Restaurer"))
        self.purge_button = QPushButton(self.tr("Supprimer &définitivement"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        trash_bar.addWidget(self.restore_button)
        trash_bar.addWidget(self.purge_button)
        trash_bar.addStretch()
        layout.addLayout(trash_bar)
        self.trash_table = self._table(self.tr("Dossiers dans la corbeille"))
        layout.addWidget(self.trash_table, 1)
        self._library_buttons = [self.new_button, self.open_button, self.duplicate_button, self.trash_button,
                                 self.import_button, self.restore_button, self.purge_button, self.demo_button]
        if library is not None:
            self.attach_library(library)
        else:
            self.welcome.hide()  # neither the welcome nor the trash until we know what the library holds
            for widget in (self.trash_title, self.restore_button, self.purge_button, self.trash_table):
                widget.hide()
            for button in self._library_buttons:
                button.setEnabled(False)

    def attach_library(self, library) -> None:
        """The library is open: list it and allow the actions on it."""
        self.library = library
        self.loading_label.hide()
        for button in self._library_buttons:
            button.setEnabled(True)
        self.refresh()

    def _library_button(self, button: QPushButton) -> QPushButton:
        """A button that acts on the library: disabled until it is open."""
        button.setEnabled(self.library is not None)
        self._library_buttons.append(button)
        return button

    def add_outbox_button(self, slot) -> None:
        self.outbox_button = self._library_button(QPushButton(self.tr("Boîte d'en&voi")))
        self.outbox_button.clicked.connect(slot)
        self.button_bar.addWidget(self.outbox_button)

    def add_reception_choice(self, slot) -> None:
        """At first start, the State agent's way in: the reception of dossiers, not a dossier."""
        self.reception_button = self._library_button(
            QPushButton(self.tr("Je reçois des dossiers (services de l'&État)")))
        self.reception_button.setToolTip(self.tr(
            "Vérifier, enregistrer et instruire les paquets reçus ; exporter les tableaux"))
        self.reception_button.clicked.connect(slot)
        self.welcome.layout().addWidget(self.reception_button)

    def _welcome(self) -> QFrame:
        self.welcome = QFrame()
        self.welcome.setFrameShape(QFrame.StyledPanel)
        row = QHBoxLayout(self.welcome)
        text = QLabel(self.tr(
            "Bienvenue. Pour découvrir l'application, ouvrez le dossier de démonstration (une "
            "commune fictive, deux écoles) ; vous pourrez le modifier ou le supprimer ensuite. "
            "Pour commencer votre propre dossier, choisissez « Nouveau dossier »."))
        text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Ouvrir le dossier de dé&monstration"))
        self.demo_button.clicked.connect(self.open_demo)
        row.addWidget(text, 1)
        row.addWidget(self.demo_button)
        return self.welcome

    def _table(self, name: str) -> QTableWidget:
        headers = [self.tr("Collectivité"), self.tr("Projet"), self.tr("Écoles"),
                   self.tr("Subvention"), self.tr("État"), self.tr("Modifié le")]
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(name)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        metrics = table.fontMetrics()
        widest_etat = max(metrics.horizontalAdvance(catalogue.state_label(state, has_errors=True))
                          for state in lifecycle.DISPLAYED_STATES)
        for column, width in ((2, 70), (3, 130), (4, widest_etat + 24),
                              (5, metrics.horizontalAdvance("00/00/0000 00:00") + 24)):
            header.resizeSection(column, width)
        header.setSortIndicator(5, Qt.DescendingOrder)  # the latest work first, until the user sorts
        return table

    # --- content --------------------------------------------------------------------------

    def refresh(self) -> None:
        from ..store import LibraryError

        if self.library is None:
            return
        try:
            dossiers = self.library.list_dossiers()
            trash = self.library.list_trash()
        except LibraryError as error:
            self._error(self.tr("La liste des dossiers n'a pas pu être lue"), catalogue.error_text(error))
            return
        self._fill(self.table, dossiers)
        self._fill(self.trash_table, trash)
        self.welcome.setVisible(not dossiers)
        has_trash = bool(trash)
        for widget in (self.trash_title, self.restore_button, self.purge_button, self.trash_table):
            widget.setVisible(has_trash)
        if dossiers and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _fill(self, table: QTableWidget, summaries) -> None:
        header = table.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()  # the user's choice
        table.setSortingEnabled(False)
        table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            label = visible(summary.raison_sociale, 120) or self.tr("(collectivité à renseigner)")
            name = SortKeyItem(label, alphabetical_key(label))
            name.setData(Qt.UserRole, summary.id)
            schools = SortKeyItem(str(summary.nb_ecoles), summary.nb_ecoles)
            schools.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            subvention = summary.subvention_centimes  # None: rules this version does not know
            amount = SortKeyItem("—" if subvention is None else format_euros(subvention),
                                 -1 if subvention is None else subvention)
            amount.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            etat = catalogue.state_label(summary.etat, summary.has_errors)
            modified = SortKeyItem(when_text(summary.modified), str(summary.modified))
            intitule = SortKeyItem(visible(summary.intitule or "", 200), alphabetical_key(summary.intitule or ""))
            for index, item in enumerate((name, intitule, schools, amount, QTableWidgetItem(etat), modified)):
                table.setItem(row, index, item)
        table.setSortingEnabled(True)
        table.sortByColumn(column, order)

    def selected_id(self, table: QTableWidget | None = None) -> str | None:
        table = table or self.table
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def select_id(self, dossier_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == dossier_id:
                self.table.selectRow(row)

    # --- actions --------------------------------------------------------------------------

    def new_dossier(self) -> None:
        from ..domain.model import Dossier

        if self.library is None:
            return
        self._act(lambda: self.open_requested.emit(self.library.create(Dossier())),
                  self.tr("Le dossier n'a pas pu être créé"))

    def open_selected(self) -> None:
        if self.library is None:
            return
        dossier_id = self.selected_id()
        if dossier_id is None:
            self.status_message.emit(self.tr("Sélectionnez d'abord un dossier."))
            return
        self.open_requested.emit(dossier_id)

    def duplicate_selected(self) -> None:
        dossier_id = self.selected_id()
        if dossier_id is not None:
            def duplicate():
                new_id = self.library.duplicate(dossier_id)
                self.refresh()
                self.select_id(new_id)
                self.status_message.emit(self.tr("Dossier dupliqué."))
            self._act(duplicate, self.tr("Le dossier n'a pas pu être dupliqué"))

    def trash_selected(self) -> None:
        dossier_id = self.selected_id()
        if dossier_id is not None:
            def trash():
                self.library.trash(dossier_id)
                self.refresh()
                self.status_message.emit(self.tr("Dossier mis à la corbeille ; « Restaurer » le ramène."))
            self._act(trash, self.tr("Le dossier n'a pas pu être mis à la corbeille"))

    def restore_selected(self) -> None:
        dossier_id = self.selected_id(self.trash_table)
        if dossier_id is not None:
            def restore():
                self.library.restore(dossier_id)
                self.refresh()
                self.select_id(dossier_id)
            self._act(restore, self.tr("Le dossier n'a pas pu être restauré"))

    def purge_selected(self) -> None:
        dossier_id = self.selected_id(self.trash_table)
        if dossier_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Supprimer définitivement"), self.tr(
            "Ce dossier sera effacé de la bibliothèque, sans retour possible. Continuer ?"))
        if answer == QMessageBox.Yes:
            def purge():
                self.library.purge(dossier_id)
                self.refresh()
            self._act(purge, self.tr("Le dossier n'a pas pu être supprimé"))

    def import_file(self) -> None:
        if self.library is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Importer un dossier"), str(Path.home()),
                                              self.tr("Dossiers socle (*.json)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> str | None:
        """The import job (app/imports.py), as `socle-desktop import` runs it."""
        from ..app import imports
        from ..app.errors import JobRefused
        from ..domain.dossier_json import DossierFormatError
        from ..store import DossierExistsError, LibraryError

        try:
            try:
                result = imports.import_file(self.library, path)
            except DossierExistsError as error:
                choice = self._ask_same_id(path, error)
                if choice is None:
                    self.status_message.emit(self.tr("Import annulé : le dossier déjà présent est inchangé."))
                    return None
                result = imports.import_file(self.library, path, existing=choice)
        except JobRefused as error:  # the file cannot be read as a dossier: say what is wrong with it
            self._file_error(catalogue.refusal(error))
            return None
        except DossierFormatError as error:
            self._file_error(self.tr("« %1 » n'est pas un dossier socle valide : %2").replace(
                "%1", path.name).replace("%2", catalogue.error_text(error)))
            return None
        except LibraryError as error:  # the library, not the file: the generic advice
            self._error(self.tr("Import impossible"), f"{path.name} : {catalogue.error_text(error)}")
            return None
        return self._imported(result, self.tr("Dossier importé."))

    def _ask_same_id(self, path: Path, error) -> str | None:
        """The library holds a dossier with this id (a DossierExistsError): replace it, keep both,
        or cancel (None)."""
        from ..catalogue.store_errors import dossier_description
        from ..store import COPY, REPLACE

        box = QMessageBox(QMessageBox.Question, self.tr("Ce dossier est déjà dans la bibliothèque"), self.tr(
            "%1 a le même identifiant qu'un dossier de la bibliothèque : %2.\n\n"
            "Remplacer le dossier de la bibliothèque par celui du fichier, garder les deux (le dossier "
            "importé reçoit un nouvel identifiant et « (copie) » après son intitulé), ou annuler ?")
            .replace("%1", path.name).replace("%2", dossier_description(error.description)), QMessageBox.NoButton, self)
        replace_button = box.addButton(self.tr("&Remplacer"), QMessageBox.DestructiveRole)
        copy_button = box.addButton(self.tr("&Garder les deux"), QMessageBox.AcceptRole)
        cancel_button = box.addButton(self.tr("Annuler"), QMessageBox.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is replace_button:
            return REPLACE
        if clicked is copy_button:
            return COPY
        return None

    def open_demo(self) -> None:
        if self.library is None:
            return
        new_id = self.import_demo()
        if new_id:
            self.open_requested.emit(new_id)

    def import_demo(self) -> str | None:
        """The demo dossier with its attachments (app/demo.py)."""
        from ..app import demo  # loads the export part: not at start-up
        from ..store import LibraryError

        try:
            result = demo.import_demo(self.library)
        except LibraryError as error:
            self._error(self.tr("Le dossier de démonstration n'a pas pu être importé"), catalogue.error_text(error))
            return None
        return self._imported(result, self.tr("Dossier importé."))

    def _imported(self, result, message: str) -> str:
        """Says what was imported (« Importé : Commune de …, projet « … » : 2 écoles, 13 lignes,
        2 pièces jointes. »), as `socle-desktop import` does; `message` when nothing more is known."""
        self.refresh()
        self.select_id(result.dossier_id)
        if getattr(result, "dossier", None) is not None:
            message = self.tr("Importé : %1.").replace("%1", visible(catalogue.import_summary(result.dossier), 300))
        if result.missing_pieces:
            count = len(result.missing_pieces)
            message += " " + (self.tr("Une pièce jointe à joindre avant l'export.") if count == 1 else
                              self.tr("%1 pièces jointes à joindre avant l'export.").replace(
                                  "%1", format_integer(count)))
        self.status_message.emit(message)
        return result.dossier_id

    def _act(self, action, failure: str) -> None:
        from ..store import LibraryError

        if self.library is None:
            return
        try:
            action()
        except LibraryError as error:  # anything else is unexpected: logged and said (error_dialog)
            self._error(failure, catalogue.error_text(error))

    def _file_error(self, sentence: str) -> None:
        """A file that is not a dossier: one sentence on what is wrong with it; restarting the
        application would change nothing, so it is not advised."""
        QMessageBox.warning(self, self.tr("Import impossible"), self.tr(
            "%1\n\nVos dossiers n'ont pas été modifiés.").replace("%1", sentence[:1].upper() + sentence[1:]))

    def _error(self, what: str, detail: str) -> None:
        QMessageBox.warning(self, self.tr("Bibliothèque"), self.tr(
            "%1 : %2\n\nVos dossiers n'ont pas été modifiés. Si le problème persiste, fermez puis "
            "rouvrez l'application.").replace("%1", what).replace("%2", detail))
