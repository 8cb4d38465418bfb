"""Contrôles: every finding; a double-click (or Enter) shows the field or cell concerned."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem

from ...domain.findings import AVERTISSEMENT, ERREUR, GRAVITE_LABELS
from ...domain.model import VOLET_LABELS
from .. import findings_index as fi
from ..labels import field_label
from .base import EditorPage, page_layout

GRAVITE_COLORS = {ERREUR: QColor("#a4161a"), AVERTISSEMENT: QColor("#8a5a00")}
GRAVITE_ORDER = {ERREUR: 0, AVERTISSEMENT: 1}


class ControlesPage(EditorPage):
    jump = Signal(str)  # chemin

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Contrôles"), self.tr(
            "Ce que l'application a relevé dans le dossier. Double-cliquez sur un constat (ou "
            "appuyez sur Entrée) pour aller au champ concerné. Un dossier avec des erreurs peut "
            "être enregistré, imprimé et exporté comme brouillon, mais pas déposé."))
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
        layout.addWidget(self.tree)
        self.refresh(session.result)
        session.changed.connect(self.refresh)

    def refresh(self, result) -> None:
        constats = sorted(result.constats, key=lambda c: GRAVITE_ORDER.get(c.gravite, 2))
        errors = sum(1 for c in constats if c.gravite == ERREUR)
        warnings = sum(1 for c in constats if c.gravite == AVERTISSEMENT)
        if not constats:
            self.summary.setText(self.tr("Aucun constat : le dossier est prêt à être signé."))
        else:
            self.summary.setText(self.tr("%1 erreur(s), %2 avertissement(s), %3 information(s).")
                                 .replace("%1", str(errors)).replace("%2", str(warnings))
                                 .replace("%3", str(len(constats) - errors - warnings)))
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

    def _fit_place_column(self) -> None:
        """As wide as the places, but never more than a third: a long line label must not squeeze
        the findings themselves (the whole place is in the tooltip)."""
        self.tree.resizeColumnToContents(2)
        limit = max(120, self.tree.width() // 3)
        self.tree.setColumnWidth(2, min(self.tree.columnWidth(2) + 12, limit))  # 12: a margin at the edge

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_place_column()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_place_column()

    def place(self, chemin: str) -> str:
        """« École n° 3, UAI » rather than ecoles[2].uai."""
        head, index, field = fi.parse_chemin(chemin)
        where = {"collectivite": self.tr("Collectivité"), "projet": self.tr("Projet"),
                 "ecoles": self.tr("Écoles"), "lignes": self.tr("Lignes"),
                 "pieces": self.tr("Pièces jointes")}.get(head, head)
        if index is not None:
            where = self._indexed_place(head, index)
        if not field:
            return where
        return f"{where} — {field_label(field)}"

    def _indexed_place(self, head: str, index: int) -> str:
        """« École n° 3 (École du Lac) », « Ressources numériques, ligne « ENT » »: as the pages show them.

        Lines are numbered per page and grouped by school there, so a line is named by its page
        and its label, never by its position in the dossier's JSON.
        """
        dossier = self.session.dossier
        if head == "ecoles":
            where = self.tr("École n° %1").replace("%1", str(index + 1))
            if index < len(dossier.ecoles) and dossier.ecoles[index].nom:
                where += f" ({dossier.ecoles[index].nom})"
            return where
        if index >= len(dossier.lignes):
            return self.tr("Ligne n° %1").replace("%1", str(index + 1))
        ligne = dossier.lignes[index]
        label = ligne.libelle or self.tr("sans libellé")
        if len(label) > 40:
            label = label[:39].rstrip() + "…"
        return self.tr("%1, ligne « %2 »").replace("%1", VOLET_LABELS.get(ligne.volet, ligne.volet)
                                                   ).replace("%2", label)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump.emit(item.data(0, Qt.UserRole))
