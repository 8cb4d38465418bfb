"""« Importer des lignes… » and « Exporter les lignes… » of the volet pages.

The import dialog reads the file in a worker thread (a big workbook never freezes the window),
then shows either the column mapping (when the headers are not recognised, or on request: a
field chooser above each column of a preview of the first rows) or the report: the lines that
would be added, each refused row with its number and reason, and each school the file names
but the dossier lacks (create it, send its rows to an existing school, or leave them out).
Nothing is written until « Importer » is pressed; then the lines and the new schools go in
as one undoable step, saved in one transaction (app/line_import.py plans, the session adds).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import catalogue
from ..app import line_import as job
from ..catalogue.errors import describe_os_error
from ..domain.money import format_euros
from .error_dialog import unexpected_line
from .worker import JobThread

PREVIEW_ROWS = 12
REFUSED_SHOWN = 500  # more would only slow the dialog: the count says how many there are
SUFFIXES = {"xlsx": ".xlsx", "ods": ".ods", "csv": ".csv"}

# The fields a column can hold, as the mapping dialog names them (None: the column is ignored).
FIELD_LABELS = (
    (None, "(ignorer)"),
    ("libelle", "Désignation"),
    ("quantite", "Quantité"),
    ("prix_unitaire_ht", "Prix unitaire HT"),
    ("taux_tva", "TVA"),
    ("montant_ttc", "Montant TTC (contrôle)"),
    ("ecole", "École (nom)"),
    ("uai", "UAI de l'école"),
    ("categorie", "Catégorie"),
    ("volet", "Volet"),
)


def rule_lists(rules) -> tuple[dict, tuple]:
    """The categories and VAT rates a line may use: the dossier's rules file's."""
    return rules.categories, tuple(rules.taux_tva)


def describe_error(error: BaseException) -> str:
    """Why reading or writing a table failed, on one line; what nobody expected is logged."""
    if isinstance(error, FileNotFoundError):
        return "fichier introuvable."
    if isinstance(error, job.SpreadsheetError | job.LineTableError):
        return catalogue.error_text(error)
    if isinstance(error, MemoryError):
        return "fichier trop volumineux pour être lu."
    if isinstance(error, OSError):
        return f"fichier illisible ({describe_os_error(error)})."
    return unexpected_line(error, "import ou export de lignes")


def add_sheet_buttons(page, bar: QHBoxLayout) -> None:
    """The two buttons of a volet page, placed in its button bar."""
    page.import_lines_button = QPushButton(QCoreApplication.translate("LignesPage", "&Importer des lignes…"))
    page.import_lines_button.setToolTip(QCoreApplication.translate(
        "LignesPage", "Ajouter les lignes d'un devis ou d'un tableau (CSV, XLSX, ODS)"))
    page.export_lines_button = QPushButton(QCoreApplication.translate("LignesPage", "E&xporter les lignes…"))
    page.export_lines_button.setToolTip(QCoreApplication.translate(
        "LignesPage", "Écrire les lignes et le financement dans un tableur (XLSX, ODS ou CSV)"))
    page.import_lines_button.clicked.connect(lambda: ask_and_import(page))
    page.export_lines_button.clicked.connect(lambda: ask_and_export(page))
    bar.addWidget(page.import_lines_button)
    bar.addWidget(page.export_lines_button)


def _data_dir(session):
    library = session.library
    return getattr(library, "data_dir", None) if library is not None else None


def ask_and_import(page, path: str | None = None):
    """Ask for a file (or take `path`) and open the import dialog on it; returns the dialog."""
    if not path:
        path, _ = QFileDialog.getOpenFileName(
            page, QCoreApplication.translate("LignesPage", "Importer des lignes"), "",
            QCoreApplication.translate("LignesPage", "Tableaux (*.xlsx *.ods *.csv);;Excel (*.xlsx);;"
                                       "LibreOffice (*.ods);;CSV (*.csv)"))
    if not path:
        return None
    school = page.school_filter.currentData() if hasattr(page, "school_filter") else None
    dialog = LineImportDialog(page.session, Path(path), page.volet, school, page)
    dialog.imported.connect(page.status_message)
    page.import_dialog = dialog
    dialog.open()  # window-modal, returns at once: nothing waits on it
    return dialog


class LineImportDialog(QDialog):
    imported = Signal(str)  # the status-bar sentence once the lines are in

    READING, MAPPING, REPORT, FAILED = range(4)

    def __init__(self, session, path: Path, volet: str, ecole_id: str | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self.volet = volet
        self.categories, self.taux_tva = rule_lists(session.rules)
        data_dir = _data_dir(session)
        self.memory = job.LayoutMemory(data_dir) if data_dir is not None else None
        self.rows: list = []
        self.columns: job.Columns | None = None
        self.plan: job.ImportPlan | None = None
        self.school_answers: dict[str, tuple[str, str | None]] = {}
        self.mapped_by_hand = False  # remembered on import, for the next file of this layout
        self.thread: JobThread | None = None
        self._pending = None  # a re-validation asked while one runs
        self.setWindowTitle(self.tr("Importer des lignes — %1").replace("%1", self.path.name))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        sheet_line = QHBoxLayout()
        self.sheet_label = QLabel(self.tr("&Feuille :"))
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName(self.tr("Feuille du classeur à importer"))
        self.sheet_box.activated.connect(lambda _index: self.choose_sheet(self.sheet_box.currentText()))
        self.sheet_label.setBuddy(self.sheet_box)
        sheet_line.addWidget(self.sheet_label)
        sheet_line.addWidget(self.sheet_box)
        sheet_line.addStretch()
        layout.addLayout(sheet_line)
        self.sheet_label.hide()
        self.sheet_box.hide()
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._reading_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._report_page(ecole_id))
        self.pages.addWidget(self._failed_page())
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.columns_button = self.buttons.addButton(self.tr("Modifier les &colonnes…"), QDialogButtonBox.ResetRole)
        self.columns_button.clicked.connect(self.show_mapping)
        self.apply_columns_button = self.buttons.addButton(self.tr("&Valider les colonnes"),
                                                           QDialogButtonBox.ActionRole)
        self.apply_columns_button.clicked.connect(self.apply_mapping)
        self.import_button = self.buttons.addButton(self.tr("&Importer"), QDialogButtonBox.AcceptRole)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.read()

    def read(self, sheet: str | None = None) -> None:
        """Read the file (its first sheet, or `sheet`) in the worker, then show the mapping or the report."""
        self._show(self.READING)
        dossier, school = self._snapshot(), self.default_school.currentData()
        self._run(lambda: self._read_job(dossier, school, sheet), self._read_done)

    def choose_sheet(self, name: str) -> None:
        """Import another sheet of the workbook (what choosing it in « Feuille » does)."""
        self.sheet_box.setCurrentIndex(max(self.sheet_box.findText(name), 0))
        self.columns = None
        self.school_answers = {}
        self.read(name)

    # --- pages -------------------------------------------------------------------------------

    def _reading_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.reading_label = QLabel(self.tr("Lecture de %1…").replace("%1", self.path.name))
        self.reading_label.setTextFormat(Qt.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Lecture du fichier"))
        column.addStretch()
        column.addWidget(self.reading_label)
        column.addWidget(self.progress)
        column.addStretch()
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        column.addWidget(self.mapping_intro)
        line = QHBoxLayout()
        label = QLabel(self.tr("&Ligne des en-têtes :"))
        self.header_spin = QSpinBox()
        self.header_spin.setSpecialValueText(self.tr("aucune"))
        self.header_spin.setAccessibleName(self.tr("Numéro de la ligne des en-têtes"))
        self.header_spin.setToolTip(self.tr("Les lignes au-dessus et celle-ci ne sont pas importées ; "
                                            "« aucune » : le tableau commence à la ligne 1."))
        label.setBuddy(self.header_spin)
        self.header_spin.valueChanged.connect(lambda _value: self._mark_header())
        line.addWidget(label)
        line.addWidget(self.header_spin)
        line.addStretch()
        column.addLayout(line)
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.preview.setAccessibleName(self.tr("Aperçu des premières lignes du fichier"))
        self.preview.setSelectionMode(QAbstractItemView.NoSelection)
        column.addWidget(self.preview, 1)
        self.remember_box = QCheckBox(self.tr("Se souvenir de ces colonnes pour les fichiers de même disposition"))
        self.remember_box.setChecked(True)
        column.addWidget(self.remember_box)
        self.mapping_message = QLabel()
        self.mapping_message.setWordWrap(True)
        self.mapping_message.setStyleSheet("color: #a4161a;")
        column.addWidget(self.mapping_message)
        self.field_boxes: list[QComboBox] = []
        return page

    def _report_page(self, ecole_id: str | None) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        line = QHBoxLayout()
        label = QLabel(self.tr("École des lignes qui n'en nomment &pas :"))
        self.default_school = QComboBox()
        self.default_school.setAccessibleName(self.tr("École des lignes qui n'en nomment pas"))
        self.default_school.addItem(self.tr("(aucune école)"), None)
        for ecole in self.session.dossier.ecoles:
            self.default_school.addItem(ecole.nom or ecole.uai or self.tr("(école sans nom)"), ecole.id)
        self.default_school.setCurrentIndex(max(self.default_school.findData(ecole_id), 0))
        self.default_school.currentIndexChanged.connect(lambda _index: self.revalidate())
        label.setBuddy(self.default_school)
        line.addWidget(label)
        line.addWidget(self.default_school, 1)
        column.addLayout(line)
        self.schools_label = QLabel()
        self.schools_label.setWordWrap(True)
        column.addWidget(self.schools_label)
        self.schools_table = QTableWidget(0, 3)
        self.schools_table.setHorizontalHeaderLabels(
            [self.tr("École nommée par le fichier"), self.tr("Lignes"), self.tr("Que faire ?")])
        self.schools_table.setAccessibleName(self.tr("Écoles absentes du dossier"))
        self.schools_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.schools_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.schools_table.verticalHeader().hide()
        self.schools_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        column.addWidget(self.schools_table, 1)
        self.refused_label = QLabel()
        self.refused_label.setWordWrap(True)
        column.addWidget(self.refused_label)
        self.refused_table = QTableWidget(0, 2)
        self.refused_table.setHorizontalHeaderLabels([self.tr("Ligne du fichier"), self.tr("Motif du refus")])
        self.refused_table.setAccessibleName(self.tr("Lignes refusées"))
        self.refused_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.refused_table.verticalHeader().hide()
        self.refused_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        column.addWidget(self.refused_table, 2)
        return page

    def _failed_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.failure = QLabel()
        self.failure.setWordWrap(True)
        self.failure.setTextFormat(Qt.PlainText)
        self.failure.setTextInteractionFlags(Qt.TextSelectableByMouse)
        column.addWidget(self.failure)
        column.addStretch()
        return page

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.columns_button.setVisible(page == self.REPORT)
        self.apply_columns_button.setVisible(page == self.MAPPING)
        self.import_button.setVisible(page == self.REPORT)
        if page != self.REPORT:
            self.import_button.setEnabled(False)

    # --- work in the worker thread -------------------------------------------------------------

    def _run(self, work, done) -> None:
        if self.thread is not None:
            self._pending = (work, done)
            return
        self.thread = JobThread(lambda _progress, _cancel: work(), describe_error)
        self.thread.succeeded.connect(done)
        self.thread.failed.connect(self._failed)
        self.thread.finished.connect(self._thread_finished)
        keep_until_finished(self.thread)  # not a child of the dialog: closing it never kills a running thread
        self.import_button.setEnabled(False)
        self.thread.start()

    def _thread_finished(self) -> None:
        self.thread = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._run(*pending)

    def _read_job(self, dossier, ecole_id, sheet):
        rows, sheets = job.read_file_and_sheets(self.path, sheet)
        columns = job.find_columns(rows, self.memory)
        plan = self._plan_job(dossier, rows, columns, {}, ecole_id) if columns is not None else None
        return rows, sheets, columns, plan

    def _plan_job(self, dossier, rows, columns, answers, ecole_id):
        ecole = dossier.ecole_by_id(ecole_id) if ecole_id else None
        return job.plan(rows, dossier, columns, taux_tva=self.taux_tva, categories=self.categories,
                        volet=self.volet, ecole=ecole,  # rows that name their volet keep it
                        schools=answers)

    def _read_done(self, result) -> None:
        self.rows, sheets, self.columns, plan = result
        if sheets and self.sheet_box.count() == 0:
            self.sheet_box.addItems(sheets)
        self.sheet_label.setVisible(len(sheets) > 1)
        self.sheet_box.setVisible(len(sheets) > 1)
        if not any(any(cell is not None for cell in row) for row in self.rows):
            self._failed(self.tr("cette feuille est vide.") if sheets else self.tr("ce fichier est vide."))
            return
        if self.columns is None:
            self.show_mapping()
            return
        self._planned(plan)

    def _failed(self, message: str) -> None:
        self.failure.setText(self.tr("Ce fichier ne peut pas être importé : %1").replace("%1", message)
                             + "\n\n" + self.tr("Rien n'a été ajouté au dossier."))
        self._show(self.FAILED)

    def revalidate(self) -> None:
        """Validate again with the current answers (in the worker: 3 000 rows take a while)."""
        if self.columns is None:
            return
        rows, columns, dossier = self.rows, self.columns, self._snapshot()
        answers, ecole_id = dict(self.school_answers), self.default_school.currentData()
        self.summary.setText(self.tr("Vérification des lignes…"))
        self._run(lambda: self._plan_job(dossier, rows, columns, answers, ecole_id), self._planned)

    def _snapshot(self):
        """What the plan reads of the dossier (its schools, its number of lines), copied on the
        window's thread: the worker never sees an edit half-made (the dialog is window-modal)."""
        dossier = self.session.dossier
        return dataclasses.replace(dossier, ecoles=[dataclasses.replace(e) for e in dossier.ecoles],
                                   lignes=list(dossier.lignes))

    # --- the mapping -----------------------------------------------------------------------------

    def show_mapping(self) -> None:
        rows = self.rows[:max(PREVIEW_ROWS, (self.columns.header_row + 1 if self.columns else 0) + 6)]
        width = max((len(row) for row in rows), default=0)
        while width and all(len(row) < width or row[width - 1] is None for row in rows):
            width -= 1
        self.mapping_intro.setText(self.tr(
            "Indiquez ce que contient chaque colonne : au moins la désignation, la quantité et le prix "
            "unitaire HT. La ligne des en-têtes et celles au-dessus ne sont pas importées.")
            if self.columns is not None else self.tr(
            "Les en-têtes de ce fichier ne sont pas reconnus. Indiquez ce que contient chaque colonne : "
            "au moins la désignation, la quantité et le prix unitaire HT."))
        self.preview.clear()
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows) + 1)
        self.preview.setVerticalHeaderLabels([self.tr("Contenu"), *(str(i + 1) for i in range(len(rows)))])
        self.preview.setHorizontalHeaderLabels([_column_letter(c) for c in range(width)])
        mapping = self.columns.mapping if self.columns is not None else {}
        by_column = {column: fld for fld, column in mapping.items()}
        self.field_boxes = []
        for column in range(width):
            box = QComboBox()
            box.setAccessibleName(self.tr("Contenu de la colonne %1").replace("%1", _column_letter(column)))
            for fld, label in FIELD_LABELS:
                box.addItem(self.tr(label), fld)
            box.setCurrentIndex(max(box.findData(by_column.get(column)), 0))
            self.preview.setCellWidget(0, column, box)
            self.field_boxes.append(box)
        for r, row in enumerate(rows, start=1):
            for c in range(width):
                value = row[c] if c < len(row) else None
                item = QTableWidgetItem("" if value is None else _shown(value))
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        for c in range(width):
            self.preview.setColumnWidth(c, min(max(self.preview.columnWidth(c), 130), 260))
        self.header_spin.setRange(0, min(len(self.rows), 20))
        self.header_spin.setValue(self.columns.header_row + 1 if self.columns is not None
                                  else _likely_header(rows, width) + 1)
        self._mark_header()
        self.mapping_message.clear()
        self._show(self.MAPPING)

    def _mark_header(self) -> None:
        """Grey the rows that are not imported (the header and above), the header in bold."""
        header = self.header_spin.value()
        for r in range(1, self.preview.rowCount()):
            for c in range(self.preview.columnCount()):
                item = self.preview.item(r, c)
                if item is None:
                    continue
                font = item.font()
                font.setBold(r == header)
                item.setFont(font)
                item.setForeground(Qt.gray if r < header else Qt.black)
                item.setBackground(Qt.lightGray if r == header else Qt.transparent)

    def chosen_mapping(self) -> dict[str, int]:
        return {box.currentData(): column for column, box in enumerate(self.field_boxes)
                if box.currentData() is not None}

    def set_field(self, column: int, fld: str | None) -> None:
        """Choose what column `column` holds (what a click in its combo box does)."""
        box = self.field_boxes[column]
        box.setCurrentIndex(box.findData(fld))

    def apply_mapping(self) -> None:
        fields = [box.currentData() for box in self.field_boxes if box.currentData() is not None]
        twice = sorted({dict(FIELD_LABELS)[f] for f in fields if fields.count(f) > 1})
        missing = [dict(FIELD_LABELS)[f] for f in job.REQUIRED_FIELDS if f not in fields]
        if twice:
            self.mapping_message.setText(self.tr("Une même information est choisie pour deux colonnes : %1.")
                                         .replace("%1", ", ".join(self.tr(t) for t in twice)))
            return
        if missing:
            self.mapping_message.setText(self.tr("Colonnes à indiquer : %1.")
                                         .replace("%1", ", ".join(self.tr(m) for m in missing)))
            return
        self.columns = job.Columns(self.header_spin.value() - 1, self.chosen_mapping())
        self.mapped_by_hand = True
        self.school_answers = {}
        self._show(self.REPORT)
        self.revalidate()

    # --- the report ------------------------------------------------------------------------------

    def _planned(self, plan) -> None:
        self.plan = plan
        table = plan.table
        self._show(self.REPORT)
        lignes = plan.lignes
        ttc = sum(_ttc(ligne) for ligne in lignes)
        header = (self.tr("ligne %1").replace("%1", str(table.header_row)) if table.header_row
                  else self.tr("aucune"))
        where = self.tr("colonnes mémorisées pour cette disposition de fichier") if self.columns.remembered \
            else self.tr("en-têtes à la %1").replace("%1", header)
        text = self.tr("<b>%1</b> (%2 HT, %3 TTC) ; %4 ; %5.") \
            .replace("%1", self.tr("%n ligne(s) à ajouter", "", len(lignes))) \
            .replace("%2", format_euros(plan.total_ht_centimes)).replace("%3", format_euros(ttc)) \
            .replace("%4", self.tr("%n refusée(s)", "", len(table.refused))).replace("%5", where)
        if plan.new_ecoles:
            text += " " + self.tr("%n école(s) à créer.", "", len(plan.new_ecoles))
        if plan.problem:
            text += "<br><span style='color:#a4161a'>" + _escape(catalogue.line_import_problem(plan)) + "</span>"
        if plan.already_in_dossier:
            text += "<br><span style='color:#a4161a'>" + _escape(catalogue.line_import_duplicates(plan)) + "</span>"
        text += "<br>" + self.tr("Rien n'est écrit avant « Importer » ; Ctrl+Z annule ensuite l'import entier.")
        self.summary.setText(text)
        self._fill_schools(table.unknown_details)
        self._fill_refused(table.refused)
        self.import_button.setText(self.tr("&Importer %n ligne(s)", "", len(lignes)) if not table.refused
                                   else self.tr("&Importer %n ligne(s) valide(s)", "", len(lignes)))
        self.import_button.setEnabled(bool(lignes or plan.new_ecoles) and not plan.problem
                                      and self.thread_idle_after_this())

    def thread_idle_after_this(self) -> bool:
        return self._pending is None

    def _fill_schools(self, unknown) -> None:
        self.schools_label.setVisible(bool(unknown))
        self.schools_table.setVisible(bool(unknown))
        self.schools_label.setText(self.tr(
            "<b>Écoles absentes du dossier</b> : créez-les, ou rattachez leurs lignes à une école du dossier "
            "(sinon ces lignes sont laissées de côté)."))
        self.schools_table.setRowCount(len(unknown))
        self.school_boxes: dict[str, QComboBox] = {}
        for r, school in enumerate(unknown):
            name = school.nom if not school.uai else (f"{school.uai} — {school.nom}" if school.nom else school.uai)
            self.schools_table.setItem(r, 0, QTableWidgetItem(name))
            self.schools_table.setItem(r, 1, QTableWidgetItem(str(len(school.rows))))
            box = QComboBox()
            box.setAccessibleName(self.tr("Que faire des lignes de l'école %1").replace("%1", name))
            box.addItem(self.tr("Laisser ces lignes de côté"), _answer_code(job.LEAVE))
            box.addItem(self.tr("Créer l'école dans le dossier"), _answer_code(job.CREATE))
            for ecole in self.session.dossier.ecoles:
                label = ecole.nom or ecole.uai or self.tr("(école sans nom)")
                box.addItem(self.tr("Rattacher à : %1").replace("%1", label), _answer_code(job.MAP, ecole.id))
            answer = self.school_answers.get(school.key, (job.LEAVE, None))
            box.setCurrentIndex(max(box.findData(_answer_code(*answer)), 0))
            box.currentIndexChanged.connect(lambda _i, key=school.key, box=box: self._school_answered(key, box))
            self.schools_table.setCellWidget(r, 2, box)
            self.school_boxes[school.key] = box

    def answer_school(self, key: str, action: str, ecole_id: str | None = None) -> None:
        """Choose what happens to an unknown school's rows (what its combo box does)."""
        box = self.school_boxes[key]
        box.setCurrentIndex(box.findData(_answer_code(action, ecole_id)))

    def _school_answered(self, key: str, box: QComboBox) -> None:
        action, _sep, ecole_id = (box.currentData() or job.LEAVE).partition(":")
        self.school_answers[key] = (action, ecole_id or None)
        self.revalidate()  # in the worker: the tables are filled again once it is done

    def _fill_refused(self, refused) -> None:
        self.refused_label.setVisible(bool(refused))
        self.refused_table.setVisible(bool(refused))
        shown = refused[:REFUSED_SHOWN]
        self.refused_label.setText(
            self.tr("<b>%n ligne(s) refusée(s)</b>, laissées de côté si vous importez :", "", len(refused))
            + ("" if len(refused) <= REFUSED_SHOWN else " " + self.tr("(les %1 premières affichées)")
               .replace("%1", str(REFUSED_SHOWN))))
        self.refused_table.setRowCount(len(shown))
        for r, refusal in enumerate(shown):
            number = QTableWidgetItem(str(refusal.row))
            number.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.refused_table.setItem(r, 0, number)
            self.refused_table.setItem(r, 1, QTableWidgetItem(catalogue.error_text(refusal.reason)))
        self.refused_table.resizeColumnToContents(0)

    # --- accepting -------------------------------------------------------------------------------

    def do_import(self) -> None:
        plan = self.plan
        if plan is None or plan.problem or self.thread is not None or not (plan.lignes or plan.new_ecoles):
            return
        self.session.import_lignes(plan.new_ecoles, plan.lignes, self.volet)
        if self.memory is not None and self.columns is not None and not self.columns.remembered \
                and self.remember_box.isChecked() and self.mapped_by_hand:
            try:
                self.memory.remember(self.rows, self.columns)
            except OSError:
                pass  # the lines are in; only the convenience for next time is lost
        message = self.tr("%n ligne(s) importée(s). Ctrl+Z pour annuler l'import.", "", len(plan.lignes))
        if plan.new_ecoles:
            message += " " + self.tr("%n école(s) créée(s) : complétez-les sur la page Écoles.", "",
                                     len(plan.new_ecoles))
        self.imported.emit(message)
        self.accept()

    def reject(self) -> None:
        """Cancel: a reading in progress ends unheard (its thread is kept until it finishes)."""
        if self.thread is not None:
            self.thread.cancel()
            self.thread.succeeded.disconnect()
            self.thread.failed.disconnect()
            self.thread.finished.disconnect(self._thread_finished)  # the keeper still hears it
            self.thread = None
        self._pending = None
        super().reject()


def _likely_header(rows, width: int) -> int:
    """The first row that fills most columns with text: a header under a letterhead (0-based)."""
    for index, row in enumerate(rows[:20]):
        texts = sum(1 for cell in row if isinstance(cell, str) and cell.strip())
        if width and texts * 2 >= width:
            return index
    return 0


def _answer_code(action: str, ecole_id: str | None = None) -> str:
    """A school answer as a combo box's data (Qt keeps strings as they are)."""
    return f"{action}:{ecole_id}" if ecole_id else action


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ttc(ligne) -> int:
    from ..domain.compute import line_amounts

    return line_amounts(ligne).ttc


# --- export ------------------------------------------------------------------------------------------

def ask_and_export(page, path: str | None = None):
    """Ask where (or take `path`) and write the lines and the financing summary there, in a worker
    thread (a 3 000-line ODS takes seconds); returns the thread (None when nothing was chosen)."""
    if not path:
        path, chosen = QFileDialog.getSaveFileName(
            page, QCoreApplication.translate("LignesPage", "Exporter les lignes"),
            str(Path.home() / "budget-socle.xlsx"),
            QCoreApplication.translate("LignesPage", "Excel (*.xlsx);;LibreOffice (*.ods);;CSV pour Excel (*.csv)"))
        if not path:
            return None
        if Path(path).suffix.lower() not in SUFFIXES.values():
            wanted = next((s for key, s in SUFFIXES.items() if key in (chosen or "").lower()), ".xlsx")
            path += wanted
    from ..domain.model import VOLET_LABELS
    from ..export.spreadsheet import budget_rows, write_table

    session = page.session
    categories, _taux = rule_lists(session.rules)
    dossier = session.snapshot()
    calcul = session.result.to_dict()
    target = Path(path)

    def work(_progress, _cancel):
        write_table(target, budget_rows(dossier, calcul, categories, VOLET_LABELS), VOLET_LABELS)
        return target

    thread = JobThread(work, lambda error: describe_error(error) if not isinstance(error, OSError)
                       else f"écriture impossible ({describe_os_error(error)}).")
    report = _ExportReport(page, target)  # dies with the page: its slots are then disconnected
    thread.succeeded.connect(report.succeeded)
    thread.failed.connect(report.failed)
    thread.finished.connect(report.finished)
    page.export_thread = thread
    page.export_lines_button.setEnabled(False)
    page.status_message.emit(QCoreApplication.translate("LignesPage", "Écriture de %1…").replace("%1", target.name))
    keep_until_finished(thread)
    thread.start()
    return thread


class _ExportReport(QObject):
    """What the page hears of an export; a child of the page, so a page closed meanwhile hears nothing."""

    def __init__(self, page, target: Path):
        super().__init__(page)
        self.page, self.target = page, target

    def succeeded(self, written) -> None:
        self.page.status_message.emit(QCoreApplication.translate("LignesPage", "Lignes exportées : %1")
                                      .replace("%1", str(written)))

    def failed(self, message: str) -> None:
        _export_failed(self.page, self.target, message)

    def finished(self) -> None:
        self.page.export_lines_button.setEnabled(True)
        self.page.export_thread = None
        self.deleteLater()


class _Keeper(QObject):
    """Holds the worker threads whose dialog or page may close before they end (a QThread
    destroyed while it runs aborts the process), and lets each go once it has finished."""

    def __init__(self):
        super().__init__()
        self.threads: set = set()

    def keep(self, thread) -> None:
        self.threads.add(thread)
        thread.finished.connect(self.forget)  # queued to the window's thread: this object lives there

    def forget(self) -> None:
        thread = self.sender()
        if thread in self.threads:
            self.threads.discard(thread)
            thread.deleteLater()


_keeper: _Keeper | None = None


def keep_until_finished(thread) -> None:
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _keeper.keep(thread)


def _export_failed(page, target: Path, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(page, QCoreApplication.translate("LignesPage", "Export des lignes"), QCoreApplication.translate(
        "LignesPage", "Le tableur %1 n'a pas été écrit : %2").replace("%1", str(target)).replace("%2", message))
