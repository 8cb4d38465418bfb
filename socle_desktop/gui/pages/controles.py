"""Contrôles: every finding; a double-click (or Enter) shows the field or cell concerned."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem

from ...domain.findings import AVERTISSEMENT, ERREUR, GRAVITE_LABELS
from ...domain.money import format_integer
from ...domain.places import checklist, place_of
from .base import EditorPage, page_layout

GRAVITE_COLORS = {ERREUR: QColor("#a4161a"), AVERTISSEMENT: QColor("#8a5a00")}
GRAVITE_ORDER = {ERREUR: 0, AVERTISSEMENT: 1}


def counted(count: int, one: str, many: str) -> str:
    """French agreement: 0 and 1 take the singular (« 0 erreur », « 2 erreurs »)."""
    return (one if count <= 1 else many).replace("%n", format_integer(count))


class ControlesPage(EditorPage):
    jump = Signal(str)  # chemin

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Contrôles"), self.tr(
            "Ce que l'application a relevé dans le dossier. Double-cliquez sur un constat (ou "
            "appuyez sur Entrée) pour aller au champ concerné. Un dossier avec des erreurs peut "
            "être enregistré, imprimé et exporté comme brouillon, mais pas déposé."))
        self.checklist = QTreeWidget()
        self.checklist.setColumnCount(2)
        self.checklist.setHeaderLabels([self.tr("Liste de contrôle"), self.tr("Page")])
        self.checklist.setRootIsDecorated(False)
        self.checklist.setAccessibleName(self.tr("Liste de contrôle du dossier"))
        self.checklist.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.checklist.header().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.checklist.header().setStretchLastSection(False)
        self.checklist.itemActivated.connect(self._activated)
        self.checklist.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.checklist)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Gravité"), self.tr("Constat"), self.tr("Emplacement")])
        self.tree.setRootIsDecorated(False)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 0; }")
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setAccessibleName(self.tr("Liste des constats"))
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Interactive)  # sized by _fit_place_column
        header.setStretchLastSection(False)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.tree, 2)
        self.refresh(session.result)
        session.changed.connect(self.when_shown(self.refresh))

    def refresh(self, result) -> None:
        constats = sorted(result.constats, key=lambda c: GRAVITE_ORDER.get(c.gravite, 2))
        errors = sum(1 for c in constats if c.gravite == ERREUR)
        warnings = sum(1 for c in constats if c.gravite == AVERTISSEMENT)
        if not constats:
            self.summary.setText(self.tr("Aucun constat : le dossier est prêt à être signé."))
        else:
            infos = len(constats) - errors - warnings
            self.summary.setText(", ".join((
                counted(errors, self.tr("%n erreur"), self.tr("%n erreurs")),
                counted(warnings, self.tr("%n avertissement"), self.tr("%n avertissements")),
                counted(infos, self.tr("%n information"), self.tr("%n informations")),
            )) + ".")
        self.tree.clear()
        items = []
        for constat in constats:
            item = QTreeWidgetItem([GRAVITE_LABELS.get(constat.gravite, constat.gravite),
                                    constat.message, self.place(constat.chemin)])
            item.setData(0, Qt.UserRole, constat.chemin)
            item.setToolTip(1, constat.message)
            item.setToolTip(2, item.text(2))
            color = GRAVITE_COLORS.get(constat.gravite)
            if color is not None:
                item.setForeground(0, color)
            items.append(item)
        self.tree.addTopLevelItems(items)
        self._fit_place_column()
        self._refresh_checklist(result)

    def _refresh_checklist(self, result) -> None:
        self.checklist.clear()
        rows = checklist(self.session.dossier, result.constats, self.session.rules)
        done_color, todo_color = QColor("#1e7b34"), QColor("#a4161a")
        for chemin, label, done, page in rows:
            item = QTreeWidgetItem([f"{'✓' if done else '✗'}  {label}", page])
            item.setForeground(0, done_color if done else todo_color)
            item.setData(0, Qt.UserRole, chemin)
            item.setData(0, Qt.AccessibleTextRole, f"{label} : {self.tr('fait') if done else self.tr('à faire')}")
            self.checklist.addTopLevelItem(item)
        height = self.checklist.sizeHintForRow(0) if rows else 20
        self.checklist.setFixedHeight(min(len(rows), 10) * height + self.checklist.header().sizeHint().height() + 6)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_place_column()
        self.session.reveal()  # from now on, what is missing is shown as what it is

    def _fit_place_column(self) -> None:
        """As wide as the places, but never more than a third: a long line label must not squeeze
        the findings themselves (the whole place is in the tooltip)."""
        self.tree.resizeColumnToContents(2)
        limit = max(120, self.tree.width() // 3)
        self.tree.setColumnWidth(2, min(self.tree.columnWidth(2) + 12, limit))  # 12: a margin at the edge

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_place_column()

    def place(self, chemin: str) -> str:
        """« Équipement › « École du Lac » › ligne « Vidéoprojecteur » › quantité », not lignes[3]."""
        return place_of(self.session.dossier, chemin)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump.emit(item.data(0, Qt.UserRole))
