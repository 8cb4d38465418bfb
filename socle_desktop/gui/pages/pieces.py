"""Pièces jointes: quotes, the council's deliberation, other documents (PDF and images)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ...catalogue.errors import error_text
from ...domain.model import PIECE_TYPES
from ...domain.sizes import format_size
from ...store import LibraryError
from ..scratch import scratch_folder
from ..session import PIECE
from .base import EditorPage, QuietComboBox, page_layout
from .tables import delete_key

ACCEPTED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")


class PiecesPage(EditorPage):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.setAcceptDrops(True)
        layout = page_layout(self, self.tr("Pièces jointes"), self.tr(
            "Devis, délibération du conseil et autres documents, en PDF ou en image. "
            "Glissez-déposez des fichiers ici ou utilisez « Joindre un fichier »."))
        bar = QHBoxLayout()
        self.type_combo = QuietComboBox()
        for code, label in PIECE_TYPES.items():
            self.type_combo.addItem(label, code)
        self.type_combo.setAccessibleName(self.tr("Type de la pièce à joindre"))
        type_label = QLabel(self.tr("&Type :"))
        type_label.setBuddy(self.type_combo)
        self.add_button = QPushButton(self.tr("&Joindre un fichier…"))
        self.open_button = QPushButton(self.tr("&Ouvrir"))
        self.remove_button = QPushButton(self.tr("&Retirer"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for widget in (type_label, self.type_combo, self.add_button, self.open_button, self.remove_button):
            bar.addWidget(widget)
        bar.addStretch()
        layout.addLayout(bar)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Nom"), self.tr("Type"), self.tr("Taille"),
                                              self.tr("Écoles couvertes")])
        self.table.setAccessibleName(self.tr("Pièces jointes du dossier"))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().resizeSection(1, 160)
        self.table.horizontalHeader().resizeSection(3, 260)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter, for the keyboard
        delete_key(self.table, self.remove_selected)
        layout.addWidget(self.table)
        # Which schools the selected devis covers: one devis may cover several schools, and the
        # completeness check (DEVIS_A_VERIFIER) then knows every equipped school has its devis.
        self.coverage_label = QLabel()
        self.coverage_label.setWordWrap(True)
        layout.addWidget(self.coverage_label)
        self._coverage_for: tuple | None = None  # (piece id, school ids) the list shows
        self.coverage = QListWidget()
        self.coverage.setAccessibleName(self.tr("Écoles couvertes par le devis sélectionné"))
        self.coverage.setMaximumHeight(140)
        self.coverage.itemChanged.connect(self._coverage_changed)
        self.coverage_label.setBuddy(self.coverage)
        layout.addWidget(self.coverage)
        self.table.itemSelectionChanged.connect(self._show_coverage)
        self.drop_hint = QLabel(self.tr("Déposez ici des fichiers PDF, PNG ou JPEG."))
        self.drop_hint.setAlignment(Qt.AlignCenter)
        self.drop_hint.setStyleSheet("border: 2px dashed palette(mid); padding: 16px;")
        layout.addWidget(self.drop_hint)
        self.refresh()
        session.structure_changed.connect(lambda what: what in ("pieces", "ecoles") and self.refresh())

    def refresh(self) -> None:
        selected = self._selected_piece_id()
        pieces = self.session.dossier.pieces
        self.table.setRowCount(len(pieces))
        for row, piece in enumerate(pieces):
            name = QTableWidgetItem(piece.nom)
            name.setData(Qt.UserRole, piece.id)
            size = QTableWidgetItem(format_size(piece.taille))
            size.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            if piece.id in self.session.absent_pieces:  # imported without its file: said on its row
                size.setText(self.tr("fichier absent"))
                size.setForeground(QColor("#a4161a"))
                missing = self.tr("Le fichier de cette pièce n'est pas dans la bibliothèque : joignez à nouveau "
                                  "le même fichier (il est reconnu à son empreinte), ou retirez la pièce.")
                size.setToolTip(missing)
                name.setToolTip(missing)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(PIECE_TYPES.get(piece.type, piece.type)))
            self.table.setItem(row, 2, size)
            covered = QTableWidgetItem(self._coverage_text(piece))
            covered.setToolTip(covered.text())
            self.table.setItem(row, 3, covered)
        if selected is not None:
            row = next((i for i, piece in enumerate(pieces) if piece.id == selected), -1)
            if row >= 0 and row != self.table.currentRow():
                self.table.setCurrentCell(row, 0)
        self._show_coverage()

    def _coverage_text(self, piece) -> str:
        if piece.type != "devis":
            return "—"
        ecoles = self.session.dossier.ecoles
        names = [e.nom or self.tr("(école sans nom)") for e in ecoles if e.id in piece.ecoles]
        if not names:
            return self.tr("Non précisé")
        if len(names) == len(ecoles) and len(ecoles) > 1:
            return self.tr("Toutes les écoles")
        return ", ".join(names)

    def _show_coverage(self) -> None:
        """The schools of the dossier, ticked when the selected devis covers them."""
        piece = self.session.piece_by_id(self._selected_piece_id() or "")
        ecoles = self.session.dossier.ecoles
        shown = (piece.id, tuple(e.id for e in ecoles)) if piece is not None and piece.type == "devis" else None
        self.coverage.blockSignals(True)
        if shown is not None and shown == self._coverage_for:
            # the same devis and schools (a tick being applied): only the marks change, the
            # list is not rebuilt under the signal that is editing it
            for row in range(self.coverage.count()):
                item = self.coverage.item(row)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in piece.ecoles else Qt.Unchecked)
            self.coverage.blockSignals(False)
            return
        self._coverage_for = shown
        self.coverage.clear()
        if piece is None or piece.type != "devis":
            self.coverage_label.setText(self.tr(
                "Sélectionnez un devis pour indiquer les écoles qu'il couvre."))
            self.coverage.setEnabled(False)
            self.coverage.setVisible(False)  # no empty box under the table
        else:
            self.coverage_label.setText(self.tr("Écoles couvertes par le devis « %1 » :").replace("%1", piece.nom))
            self.coverage.setEnabled(True)
            self.coverage.setVisible(True)
            for ecole in ecoles:
                item = QListWidgetItem(ecole.nom or self.tr("(école sans nom)"))
                item.setData(Qt.UserRole, ecole.id)
                item.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                item.setCheckState(Qt.Checked if ecole.id in piece.ecoles else Qt.Unchecked)
                self.coverage.addItem(item)
        self.coverage.blockSignals(False)

    def _coverage_changed(self, _item) -> None:
        piece_id = self._selected_piece_id()
        if piece_id is None:
            return
        ticked = tuple(self.coverage.item(row).data(Qt.UserRole) for row in range(self.coverage.count())
                       if self.coverage.item(row).checkState() == Qt.Checked)
        self.session.edit(PIECE, piece_id, "ecoles", ticked)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Joindre des fichiers"), str(Path.home()),
            self.tr("Documents (*.pdf *.png *.jpg *.jpeg)"))
        self.attach([Path(p) for p in paths])

    def attach(self, paths: list[Path]) -> None:
        """Attach what can be; then one message for everything that was not, with the reason."""
        problems = []
        for path in paths:
            if path.suffix.lower() not in ACCEPTED_SUFFIXES:
                problems.append(self.tr("« %1 » : seuls les fichiers PDF, PNG et JPEG peuvent être "
                                        "joints.").replace("%1", path.name))
                continue
            try:
                self.session.add_piece(path, self.type_combo.currentData())
            except (LibraryError, OSError) as error:  # worded in French by the catalogue
                text = error_text(error)
                problems.append(text if path.name in text else f"« {path.name} » : {text}")
        if problems:
            QMessageBox.warning(self, self.tr("Pièces non jointes"), self.tr(
                "%n fichier(s) n'ont pas été joints :", "", len(problems)) + "\n\n" + "\n".join(
                f"• {problem}" for problem in problems) + "\n\n" + self.tr(
                "Les autres pièces du dossier n'ont pas changé."))

    def _selected_piece_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def open_selected(self) -> None:
        piece_id = self._selected_piece_id()
        piece = next((p for p in self.session.dossier.pieces if p.id == piece_id), None)
        if piece is None:
            self.status_message.emit(self.tr("Sélectionnez d'abord une pièce."))
            return
        try:
            folder = scratch_folder("socle-piece-")  # removed when the window closes
            path = folder / Path(piece.nom).name
            path.write_bytes(self.session.piece_bytes(piece))
        except (LibraryError, OSError) as error:
            QMessageBox.warning(self, self.tr("Pièce illisible"), self.tr(
                "La pièce « %1 » n'a pas pu être lue : %2").replace("%1", piece.nom).replace("%2", error_text(error)))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        piece_id = self._selected_piece_id()
        if piece_id is None:
            self.status_message.emit(self.tr("Sélectionnez d'abord une pièce."))
            return
        self.session.remove_piece(piece_id)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # After the drop returns: the file manager is not held while files are copied or a
            # message waits for its OK.
            QTimer.singleShot(0, self, lambda: self.attach(paths))

    def show_chemin(self, chemin: str) -> None:
        self.table.setFocus()
