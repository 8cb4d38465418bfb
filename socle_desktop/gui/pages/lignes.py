"""Équipement, Ressources, Accompagnement: the spending lines of one volet.

Equipment lines are grouped by school: the table lists them in the order of the schools (the
École column comes first) and a filter shows one school at a time.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton

from ...catalogue.errors import error_text
from ...domain.dossier_json import DossierFormatError
from ...domain.model import VOLET_LABELS
from ...domain.money import format_euros, format_integer
from .. import findings_index as fi
from ..delegates import ComboDelegate, CountDelegate, MoneyDelegate
from ..line_import import add_sheet_buttons
from ..models import LignesModel, tva_label
from ..steady_label import SteadyLabel
from .base import EditorPage, QuietComboBox, page_layout
from .tables import delete_key, make_table, select_cell, selected_rows

INTROS = {
    "equipement": QT_TRANSLATE_NOOP("LignesPage", "Le socle numérique de base : matériels et réseaux, "
                                    "école par école. Chaque classe devrait avoir un dispositif de "
                                    "projection et un ordinateur portable pour l'enseignant."),
    "ressources": QT_TRANSLATE_NOOP("LignesPage", "Services et ressources numériques : ENT, ressources "
                                    "pédagogiques, abonnements."),
    "accompagnement": QT_TRANSLATE_NOOP("LignesPage", "La prise en main des équipements et des ressources "
                                        "(décrite et chiffrée, non subventionnée : l'académie la prend en "
                                        "charge)."),
}


CELL_PAD = 24  # a cell's margins and the room Qt keeps beside its text


def _fits(metrics, text: str, width: int, lines: int) -> bool:
    """Whether `text` shows whole in a column `width` px wide (with CELL_PAD), wrapped on at most
    `lines` lines, no word cut."""
    if metrics.horizontalAdvance(text) + CELL_PAD <= width:
        return True
    if lines == 1:
        return False
    room = width - CELL_PAD
    box = metrics.boundingRect(QRect(0, 0, max(room, 1), 100_000), Qt.TextWordWrap, text)
    return box.height() <= metrics.lineSpacing() * lines + 1 and box.width() <= room


def _wrapped_width(metrics, texts, floor: int, lines: int = 2, longest: int = 25) -> int:
    """The narrowest column (with CELL_PAD) in which each text wraps onto at most `lines` lines,
    at least `floor`. Only the `longest` texts are tried: a shorter one needs no more room."""
    if lines == 1:
        return max([floor, *(metrics.horizontalAdvance(t) + CELL_PAD for t in texts)])
    limit = metrics.lineSpacing() * lines + 1
    best = floor
    for text in sorted(set(texts), key=metrics.horizontalAdvance, reverse=True)[:longest]:
        low, high = 10, metrics.horizontalAdvance(text)
        if high + CELL_PAD <= best:
            continue
        while low < high:  # the narrowest width whose wrapped text fits the lines, no word cut
            middle = (low + high) // 2
            box = metrics.boundingRect(QRect(0, 0, middle, 100_000), Qt.TextWordWrap, text)
            if box.height() <= limit and box.width() <= middle:
                high = middle
            else:
                low = middle + 1
        best = max(best, low + CELL_PAD)
    return best


# What French school names share at their start: « École élémentaire publique », « Groupe
# scolaire », « École primaire privée »… In a 40-school dossier these words are what make the
# rows look alike; what follows them (« Jean-de-La-Fontaine du Haut-Exemple ») tells them apart.
_GENERIC_START = re.compile(
    r"^(?:[ée]cole|groupe\s+scolaire|[ée]\.?\s?[pmeé]\.?\s?pu\.?)"
    r"(?:\s+(?:maternelle|[ée]l[ée]mentaire|primaire|publique|public|priv[ée]e?|mixte|"
    r"d['’]application|catholique|rurale)\b)*+\s+", re.IGNORECASE)  # *+: never keeps one back


def distinctive_names(names) -> dict[str, str]:
    """For each name that starts with such generic words, the part that tells it apart, after
    an ellipsis: « École élémentaire publique Jean-de-La-Fontaine du Haut-Exemple » gives
    « … Jean-de-La-Fontaine du Haut-Exemple ». A name whose short form another name shares
    (« École élémentaire Jules-Ferry » and « École maternelle Jules-Ferry ») keeps its words."""
    short: dict[str, str] = {}
    for name in set(names):
        match = _GENERIC_START.match(name)
        rest = name[match.end():].strip() if match else ""
        if sum(char.isalnum() for char in rest) >= 2:
            short[name] = rest
    counts: dict[str, int] = {}
    for rest in short.values():
        counts[rest.casefold()] = counts.get(rest.casefold(), 0) + 1
    return {name: "…\u00a0" + rest for name, rest in short.items() if counts[rest.casefold()] == 1}


class SchoolDelegate(ComboDelegate):
    """The school column: a name the column cannot show whole is shown by the part that tells it
    apart (`shown`, set when the columns are sized), then cut in its middle if still too long;
    the tooltip and screen readers keep the whole name."""

    def __init__(self, choices, parent=None):
        super().__init__(choices, parent, elide=Qt.ElideMiddle)
        self.shown: dict[str, str] = {}

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.text = self.shown.get(option.text, option.text)


class LignesPage(EditorPage):
    def __init__(self, session, volet: str, parent=None):
        super().__init__(session, parent)
        self.volet = volet
        layout = page_layout(self, VOLET_LABELS[volet], self.tr(INTROS[volet]))
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Ajouter une ligne"))
        self.remove_button = QPushButton(self.tr("&Supprimer la sélection"))
        self.add_button.clicked.connect(self.add_ligne)
        self.remove_button.clicked.connect(self.remove_selected)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        add_sheet_buttons(self, bar)  # « Importer des lignes… », « Exporter les lignes… »
        bar.addStretch()
        self.school_filter = QuietComboBox()
        self.school_filter.setAccessibleName(self.tr("Afficher les lignes de l'école"))
        self.school_filter.setMinimumContentsLength(24)
        # As wide as 24 characters whatever the names (a long one is cut, whole in the list):
        # sized to its contents, a 250-character name widened the window past the screen.
        self.school_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.school_filter.activated.connect(self._filter_changed)
        filter_label = QLabel(self.tr("É&cole :"))
        filter_label.setBuddy(self.school_filter)
        bar.addWidget(filter_label)
        bar.addWidget(self.school_filter)
        layout.addLayout(bar)

        self.model = LignesModel(session, volet, self)
        self._needs: dict[tuple, int] = {}  # _fit_text_columns' measures
        self.view = make_table(self.model, self.tr("Lignes de dépense : %1").replace(
            "%1", VOLET_LABELS[volet]))
        self._set_delegates()
        if volet == "equipement":  # banded by school (LignesModel), not line by line
            self.view.setAlternatingRowColors(False)
        layout.addWidget(self.view)
        delete_key(self.view, self.remove_selected)
        self.totals = SteadyLabel()  # rewritten at each keystroke: see SteadyLabel
        self.totals.setAccessibleName(self.tr("Totaux du volet"))
        layout.addWidget(self.totals)
        self._fill_school_filter()
        self.refresh_totals()
        session.changed.connect(self.when_shown(lambda _result: self._on_changed()))
        session.structure_changed.connect(self._on_structure)

    def _set_delegates(self) -> None:
        model, view = self.model, self.view
        # School names share their start (« École élémentaire publique … »): a name too long for
        # its cell is shown by what tells it apart, cut in the middle if need be (SchoolDelegate).
        self.school_delegate = SchoolDelegate(self._school_choices, self)
        view.setItemDelegateForColumn(model.column_of("ecole"), self.school_delegate)
        view.setItemDelegateForColumn(model.column_of("categorie"), ComboDelegate(
            lambda: list(self.session.rules.categories[self.volet].items()), self))
        quantities = CountDelegate(self)
        quantities.invalid.connect(self.status_message)
        view.setItemDelegateForColumn(model.column_of("quantite"), quantities)
        self.money = MoneyDelegate(self)
        self.money.invalid.connect(self.status_message)
        view.setItemDelegateForColumn(model.column_of("prix_unitaire_ht_centimes"), self.money)
        view.setItemDelegateForColumn(model.column_of("taux_tva"), ComboDelegate(
            lambda: [(taux, tva_label(taux)) for taux in self.session.rules.taux_tva], self))
        header = view.horizontalHeader()
        header.setSectionResizeMode(model.column_of("libelle"), QHeaderView.Stretch)
        for field, width in (("quantite", 70), ("prix_unitaire_ht_centimes", 115), ("taux_tva", 60),
                             ("ttc", 115)):
            header.resizeSection(model.column_of(field), width)
        self._fit_text_columns()

    def _fit_text_columns(self) -> None:
        """Size the school, category and label columns by need, so that nothing is cut and the
        table is never wider than its room. By preference: each text whole on one line; rows of
        two lines, the three columns wrapping (school and category as narrow as two lines allow,
        the label the rest); two lines with the schools' names shown by the part that tells them
        apart (« … Jean-de-La-Fontaine du Haut-Exemple », see `distinctive_names`), the school
        column taking what the label leaves; the same on three lines; last, the school and label
        share what is left in proportion to their needs (cut, whole in the tooltip). The category
        column is never wider than the longest category in use. Only the texts the table shows
        are measured (the schools that have lines, not every school). Run on a resize, a structure
        change, a committed name, category or label, never on a keystroke (issue 15)."""
        model, view = self.model, self.view
        header = view.horizontalHeader()
        metrics = view.fontMetrics()
        fixed = sum(header.sectionSize(model.column_of(f))
                    for f in ("quantite", "prix_unitaire_ht_centimes", "taux_tva", "ttc"))
        room = max(300, self._table_room() - fixed)
        lignes = [ligne for ligne in self.session.dossier.lignes if ligne.volet == self.volet
                  and (model.ecole_filter is None or ligne.ecole == model.ecole_filter)]
        used = {ligne.categorie for ligne in lignes}
        categories = [label for code, label in self.session.rules.categories[self.volet].items() if code in used]
        names = sorted({model._display(ligne, "ecole") for ligne in lignes})
        labels = {ligne.libelle for ligne in lignes}
        short = distinctive_names(names)
        short_names = [short.get(name, name) for name in names]

        def header_width(field: str) -> int:
            return metrics.horizontalAdvance(model.headerData(model.column_of(field), Qt.Horizontal)) + CELL_PAD

        def need(field: str, texts, lines: int) -> int:
            # Remembered: a window being resized asks for the same needs at each step.
            key = (view.font().key(), field, lines, tuple(sorted(texts)))
            if key not in self._needs:
                if len(self._needs) > 200:
                    self._needs.clear()
                self._needs[key] = _wrapped_width(metrics, texts, header_width(field), lines)
            return self._needs[key]

        plan = None
        for lines in (1, 2, 3):
            category, label = need("categorie", categories, lines), need("libelle", labels, lines)
            school = need("ecole", names, lines)
            if category + school + label <= room:
                plan = lines, category, school
                break
            if lines > 1 and category + need("ecole", short_names, lines) + label <= room:
                plan = lines, category, room - category - label  # the label's need, the school the rest
                break
        if plan is None:  # too narrow even on three lines: school and label share what is left
            category = min(need("categorie", categories, 3), room // 4)
            school_need, label_need = need("ecole", short_names, 3), need("libelle", labels, 3)
            left = room - category
            school = max(header_width("ecole"), left * school_need // (school_need + label_need))
            plan = 3, category, school
        lines, category, school = plan
        self.school_delegate.shown = {name: short[name] for name in names
                                      if name in short and not _fits(metrics, name, school, lines)}
        header.resizeSection(model.column_of("categorie"), category)
        header.resizeSection(model.column_of("ecole"), school)
        view.setWordWrap(lines > 1)
        view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * lines + 10)
        view.viewport().update()

    def _table_room(self) -> int:
        """The width the table's columns may take: the view less its frame, its row numbers and
        a vertical scroll bar (kept aside even when absent: the table must not need to be
        re-sized when one appears). Before the page is first laid out, the page's width."""
        view = self.view
        if not view.isVisible() and view.width() < 200:
            return self.width() - 60
        numbers = view.verticalHeader()
        return (view.width() - 2 * view.frameWidth() - max(numbers.width(), numbers.sizeHint().width())
                - view.verticalScrollBar().sizeHint().width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_text_columns()

    def _school_choices(self) -> list[tuple[object, str]]:
        choices = [] if self.volet == "equipement" else [(None, self.tr("(aucune école)"))]
        return choices + [(e.id, e.nom or self.tr("(école sans nom)")) for e in self.session.dossier.ecoles]

    def _fill_school_filter(self) -> None:
        current = self.school_filter.currentData()
        self.school_filter.clear()
        self.school_filter.addItem(self.tr("Toutes les écoles"), None)
        for ecole in self.session.dossier.ecoles:
            self.school_filter.addItem(ecole.nom or self.tr("(école sans nom)"), ecole.id)
        self.school_filter.setCurrentIndex(max(self.school_filter.findData(current), 0))

    def _on_structure(self, what: str) -> None:
        if what == "ecoles":
            self._fill_school_filter()
            if self.school_filter.currentData() != self.model.ecole_filter:
                self.model.set_ecole_filter(None)
        self._fit_text_columns()

    def _on_changed(self) -> None:
        """A school renamed on the Écoles page keeps its name in the filter (never « sans nom »)."""
        ecoles = self.session.dossier.ecoles
        if self.school_filter.count() != len(ecoles) + 1:
            self._fill_school_filter()
        else:
            for row, ecole in enumerate(ecoles, start=1):
                name = ecole.nom or self.tr("(école sans nom)")
                if self.school_filter.itemData(row) != ecole.id:
                    self._fill_school_filter()
                    break
                if self.school_filter.itemText(row) != name:
                    self.school_filter.setItemText(row, name)
        if self.session.last_edit and self.session.last_edit[2] in ("nom", "categorie", "libelle", "ecole"):
            self._fit_text_columns()
        self.refresh_totals()
    def _filter_changed(self, _index: int) -> None:
        self.model.set_ecole_filter(self.school_filter.currentData())
        self._fit_text_columns()  # the columns fit the lines shown
        self.refresh_totals()

    def showEvent(self, event) -> None:
        self.refresh_totals()
        super().showEvent(event)
        self._fit_text_columns()

    def refresh_totals(self) -> None:
        if not self.isVisible() and self.totals.text():
            return  # hidden: refreshed when shown (typing elsewhere stays fast)
        result = self.session.result
        ecole_id = self.model.ecole_filter
        lignes = [ligne_ for ligne_ in self.session.dossier.lignes if ligne_.volet == self.volet
                  and (ecole_id is None or ligne_.ecole == ecole_id)]
        if ecole_id is not None and ecole_id in result.ecoles:
            # The filter is on: the footer totals the lines shown, and says whose they are.
            figures = result.ecoles[ecole_id].volets[self.volet]
            ecole = self.session.dossier.ecole_by_id(ecole_id)
            # The school on a line of its own, a long name cut in its middle (the filter shows it
            # whole), so the footer is never wider than the totals alone.
            prefix = self.tr("École « %1 » :").replace(
                "%1", html.escape(_middle_cut(ecole.nom)) or self.tr("(école sans nom)")) + "<br>"
        else:
            figures = result.volets[self.volet]
            prefix = ""
        count = (self.tr("%n ligne") if len(lignes) <= 1 else self.tr("%n lignes")
                 ).replace("%n", format_integer(len(lignes)))
        self.totals.setText(prefix + self.tr(
            "<b>%1</b> — dépense HT %2 — dépense TTC <b>%3</b> — subvention <b>%4</b> — "
            "reste à charge <b>%5</b>")
            .replace("%1", count)
            .replace("%2", format_euros(figures.depense_ht))
            .replace("%3", format_euros(figures.depense_ttc))
            .replace("%4", format_euros(figures.subvention))
            .replace("%5", format_euros(figures.reste_a_charge)))

    def add_ligne(self) -> None:
        ecole_id = self.school_filter.currentData()
        if ecole_id is None and self.volet == "equipement":
            current = self.view.currentIndex()
            if current.isValid():
                ecole_id = self.model.ligne_at(current.row()).ecole
            elif self.session.dossier.ecoles:
                ecole_id = self.session.dossier.ecoles[-1].id
        try:
            ligne = self.session.add_ligne(self.volet, ecole_id)
        except DossierFormatError as error:  # the dossier holds as many lines as it may
            self.status_message.emit(error_text(error))
            return
        row = self.model.row_of(ligne.id)
        if row is not None:
            select_cell(self.view, row, self.model.column_of("categorie"))

    def remove_selected(self) -> None:
        rows = selected_rows(self.view)
        if not rows:
            self.status_message.emit(self.tr("Sélectionnez d'abord la ligne à supprimer."))
            return
        self.session.remove_lignes([self.model.ligne_at(row).id for row in rows])
        self.status_message.emit(self.tr("%n ligne(s) supprimée(s). Ctrl+Z pour rétablir.", "", len(rows)))

    def show_ligne(self, ligne_id: str, field: str | None) -> None:
        row = self.model.row_of(ligne_id)
        if row is None:  # hidden by the school filter
            self.school_filter.setCurrentIndex(0)
            self.model.set_ecole_filter(None)
            row = self.model.row_of(ligne_id)
        if row is None:
            return
        columns = dict(self.model.columns)
        select_cell(self.view, row, self.model.column_of(field) if field in columns else 0)

    def show_chemin(self, chemin: str) -> None:
        head, index, field = fi.parse_chemin(chemin)
        if head == "ecoles" and index is not None and index < len(self.session.dossier.ecoles):
            # A school's equipment problem: show that school's lines only.
            ecole_id = self.session.dossier.ecoles[index].id
            self.school_filter.setCurrentIndex(max(self.school_filter.findData(ecole_id), 0))
            self._filter_changed(self.school_filter.currentIndex())
            if self.model.rowCount():
                select_cell(self.view, 0, self.model.column_of("categorie"))
            else:
                self.add_button.setFocus()
            return
        if index is not None and index < len(self.session.dossier.lignes):
            self.show_ligne(self.session.dossier.lignes[index].id, field)
        else:
            self.view.setFocus()


def _middle_cut(name: str, limit: int = 48) -> str:
    """« École élémentaire publique … du Haut-Exemple »: a long school name in a one-line footer."""
    return name if len(name) <= limit else f"{name[:limit // 2 - 1]}…{name[-(limit // 2):]}"
