"""Synthèse: the financing per volet and in total, a chart, and the figures per school.

Every amount comes from the session's last `domain.compute` result.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
)

from ... import catalogue
from ...domain.compute import unconfirmed_parameters
from ...domain.model import VOLET_LABELS, VOLETS
from ...domain.money import format_euros
from ..chart import FinancingChart
from .base import EditorPage, page_layout

FIGURE_COLUMNS = ("depense_ht", "depense_ttc", "assiette", "subvention", "reste_a_charge")


SUBSIDY_COLUMN, MINIMUM_COLUMN = 4, 6  # in the per-school table


def read_only_table(rows: int, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
    table.verticalHeader().hide()
    return table


def amount_item(centimes: int, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(format_euros(centimes))
    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class SynthesePage(EditorPage):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        layout = page_layout(self, self.tr("Synthèse du financement"))
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        # Figures that rest on a parameter no primary source confirms: say so, and whom to ask.
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("synthese.notice")
        self.notice.setStyleSheet("QLabel { background: #fff3cd; color: #5c3d00; border: 1px solid #e0c36c;"
                                  " border-radius: 3px; padding: 6px; }")
        self.notice.setAccessibleName(self.tr("Paramètres à vérifier"))
        self.notice.hide()
        layout.addWidget(self.notice)
        figure_headers = [self.tr("Dépense HT"), self.tr("Dépense TTC"), self.tr("Assiette"),
                          self.tr("Subvention"), self.tr("Reste à charge")]
        self.volets = read_only_table(len(VOLETS) + 1, [self.tr("Volet"), *figure_headers],
                                      self.tr("Financement par volet"))
        self.volets.setFixedHeight(self.volets.verticalHeader().defaultSectionSize() * (len(VOLETS) + 1)
                                   + self.volets.horizontalHeader().sizeHint().height() + 4)
        self.volets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        layout.addWidget(self.volets)
        splitter = QSplitter(Qt.Vertical)
        self.chart = FinancingChart()
        splitter.addWidget(self.chart)
        self.ecoles = read_only_table(0, [self.tr("École"), self.tr("Équipement TTC"),
                                          self.tr("Ressources TTC"), self.tr("Accompagnement TTC"),
                                          self.tr("Subvention"), self.tr("Reste à charge"),
                                          self.tr("Minimum d'équipement")],
                                      self.tr("Financement par école"))
        self._size_school_columns()
        splitter.addWidget(self.ecoles)
        layout.addWidget(splitter, 1)
        self.refresh(session.result)
        session.changed.connect(self.when_shown(self.refresh))

    def _size_school_columns(self) -> None:
        """The school's name gets what the figures leave, and never less than a third; the headers
        wrap on two lines so the figures need little more than a large amount's width."""
        table = self.ecoles
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignCenter | Qt.TextWordWrap)
        header.setFixedHeight(header.fontMetrics().height() * 2 + 10)
        amount = table.fontMetrics().horizontalAdvance(format_euros(99_999_999_99))
        wanted = [max(amount, self._two_line_width(table.horizontalHeaderItem(c).text())) + 20
                  for c in range(1, table.columnCount())]
        available = table.viewport().width()
        room = max(0, available - max(available // 3, 120))
        scale = min(1.0, room / sum(wanted)) if wanted else 1.0
        for column, width in enumerate(wanted, start=1):
            header.setSectionResizeMode(column, QHeaderView.Interactive)
            header.resizeSection(column, int(width * scale))
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        table.setWordWrap(False)

    def _two_line_width(self, title: str) -> int:
        """The width `title` needs when its words may go on two lines."""
        metrics = self.ecoles.horizontalHeader().fontMetrics()
        words = title.split()
        return min(max(metrics.horizontalAdvance(" ".join(words[:cut])), metrics.horizontalAdvance(
            " ".join(words[cut:]))) for cut in range(1, len(words) + 1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_school_columns()

    _stale = False

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh(self.session.result)
        super().showEvent(event)
        self._size_school_columns()

    def refresh(self, result) -> None:
        """Hidden, the page only notes it is out of date: typing elsewhere stays fast."""
        if not self.isVisible() and self.volets.item(0, 0) is not None:
            self._stale = True
            return
        self._stale = False
        total = result.total
        self.headline.setText(self.tr(
            "Pour une dépense de <b>%1</b> TTC, l'État apporterait <b>%2</b> ; "
            "le reste à charge de la collectivité serait de <b>%3</b>.")
            .replace("%1", format_euros(total.depense_ttc))
            .replace("%2", format_euros(total.subvention))
            .replace("%3", format_euros(total.reste_a_charge)))
        rows = [(VOLET_LABELS[v], result.volets[v], False) for v in VOLETS]
        rows.append((self.tr("Total"), total, True))
        for row, (label, figures, bold) in enumerate(rows):
            name = QTableWidgetItem(label)
            if bold:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            self.volets.setItem(row, 0, name)
            for column, key in enumerate(FIGURE_COLUMNS, start=1):
                self.volets.setItem(row, column, amount_item(getattr(figures, key), bold))
        self.chart.set_groups([(VOLET_LABELS[v], result.volets[v].subvention,
                                result.volets[v].reste_a_charge) for v in VOLETS])
        self._refresh_schools(result)
        self._refresh_notice(result)

    def _refresh_notice(self, result) -> None:
        unconfirmed = unconfirmed_parameters(self.session.dossier, result, self.session.rules)
        self.notice.setVisible(bool(unconfirmed))
        if not unconfirmed:
            return
        items = "".join(f"<li>{escape(p.label)} : {escape(catalogue.parameter_value(p))}</li>" for p in unconfirmed)
        self.notice.setText(self.tr(
            "<b>À vérifier auprès de la DSDEN</b> : ces montants dépendent de paramètres de l'appel "
            "qu'aucune source primaire ne confirme encore :<ul style='margin: 2px 0'>%1</ul>"
            "Leurs sources sont dans Aide › Règles de calcul appliquées.").replace("%1", items))
        self.notice.setToolTip("\n".join(f"{p.label} — {p.source}" for p in unconfirmed))

    def _refresh_schools(self, result) -> None:
        """One row per school, then the lines attached to none, so the rows add up to the totals."""
        ecoles = self.session.dossier.ecoles
        shared = result.hors_ecole.total
        has_shared_row = shared.depense_ttc != 0 or shared.subvention != 0
        self.ecoles.setRowCount(len(ecoles) + has_shared_row)
        if has_shared_row:
            self._fill_school_row(len(ecoles), self.tr("Dépenses communes (sans école)"), result.hors_ecole)
            self.ecoles.setItem(len(ecoles), MINIMUM_COLUMN, QTableWidgetItem("—"))
        for row, ecole in enumerate(ecoles):
            bucket = result.ecoles.get(ecole.id)
            if bucket is None:
                continue
            self._fill_school_row(row, ecole.nom or self.tr("(école sans nom)"), bucket)
            reached = QTableWidgetItem(self.tr("atteint") if bucket.equipement_minimum_atteint
                                       else self.tr("non atteint"))
            if not bucket.equipement_minimum_atteint:
                reached.setForeground(Qt.darkRed)
            self.ecoles.setItem(row, MINIMUM_COLUMN, reached)

    def _fill_school_row(self, row: int, label: str, bucket) -> None:
        total = bucket.total
        self.ecoles.setItem(row, 0, QTableWidgetItem(label))
        self.ecoles.setItem(row, 1, amount_item(bucket.volets["equipement"].depense_ttc))
        self.ecoles.setItem(row, 2, amount_item(bucket.volets["ressources"].depense_ttc))
        self.ecoles.setItem(row, 3, amount_item(bucket.volets["accompagnement"].depense_ttc))
        self.ecoles.setItem(row, SUBSIDY_COLUMN, amount_item(total.subvention))
        self.ecoles.setItem(row, SUBSIDY_COLUMN + 1, amount_item(total.reste_a_charge))
