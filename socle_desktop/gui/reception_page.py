"""Réception: the State agent's page — drop a folder or a USB stick, watch the bundles being
verified, filter them, read a report, decide, export the tables and the département figures.

Verification runs in a JobThread (its own register connection; the process pool of
`reception.batch` under it): the window never freezes. The list is read from the register in
a JobThread too (its own connection: 6 870 rows take about half a second to read, far more
than a frame), while bundles are filed and whenever it may have changed; the window thread only
swaps the list it receives and filters it in memory. Decisions are written at once (one
transaction each, on the window thread: one row, a few milliseconds). No modal dialog except
the folder choosers.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import catalogue
from ..catalogue.errors import describe_os_error
from ..domain.money import MoneyFormatError, format_euros, format_integer, parse_euros
from ..reception.register import (
    CONFLICT,
    DECISIONS,
    NOT_RETAINED,
    REJECTED,
    RETAINED,
    SET_ASIDE,
    STATUSES,
    SUPERSEDED,
    UNCHECKED,
    VALID,
    Register,
    RegisterError,
    register_path,
)
from .error_dialog import unexpected_line
from .worker import JobThread

REFRESH_MS = 1000  # the list re-read while a folder is verified: at most this often…
REFRESH_SHARE = 4  # … and never more than a quarter of the time (a read of a big register takes a while)



def describe_error(error: BaseException) -> str:
    """A reception job's failure on one line: the register's refusals and the system's in
    French; anything else unexpected, logged (error_dialog)."""
    if isinstance(error, RegisterError):
        return catalogue.register_error(error)
    if isinstance(error, OSError):
        return describe_os_error(error) + (f" : {error.filename}" if error.filename else "")
    return unexpected_line(error, "réception")

class DepartementChart(QWidget):
    """The département chart of the exports (reception.chart.paint_chart), on screen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.departements = []
        self.setAccessibleName(self.tr("Graphique : écoles retenues sur écoles proposées, par département"))

    def set_departements(self, departements) -> None:
        from ..reception.chart import chart_size

        self.departements = list(departements)
        width, height = chart_size(len(self.departements))
        self.setMinimumSize(width, height)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        from ..reception.chart import chart_size

        return QSize(*chart_size(len(self.departements)))

    def paintEvent(self, event) -> None:
        from ..reception.chart import paint_chart

        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        paint_chart(painter, self.width(), self.height(), self.departements)
        painter.end()


class EntriesModel(QAbstractTableModel):
    """The register's entries for a QTableView: cells are made when painted, so thousands of
    bundles refresh in an instant (a table of items would build 70 000 of them each time)."""

    RIGHT_ALIGNED = (5, 6, 7, 9)

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.entries = []
        self.headers = [page.tr("Dossier"), page.tr("Version"), page.tr("État"), page.tr("Collectivité"),
                        page.tr("Dép."), page.tr("Écoles"), page.tr("Classes"), page.tr("Subvention demandée"),
                        page.tr("Décision"), page.tr("Subvention accordée")]

    def set_entries(self, entries) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return self.page.cell_text(entry, column)
        if role == Qt.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and column == 2 and entry.status in (REJECTED, CONFLICT):
            return Qt.darkRed
        return None


class ReceptionPage(QWidget):
    status_message = Signal(str)
    verification_finished = Signal(object)  # BatchResult
    export_finished = Signal(object)  # list of paths
    summary_ready = Signal()
    listed = Signal()  # the list now shows the register as read by the last refresh

    def __init__(self, data_dir: Path, parent=None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.register = Register(register_path(self.data_dir))
        self._closing = False
        self.thread: JobThread | None = None
        self.summary_thread: JobThread | None = None
        self.reader: JobThread | None = None  # the register being read for the list
        self._read_again = False
        self._generation = 0  # bumped by each write of this page: a read begun before it is stale
        self.workers: int | None = None  # None: one verification process per core
        self.everything = []  # every entry, as last read
        self.entries = []  # what the list shows (the filter applied)
        self.counts: dict[str, int] = {}
        self.read_seconds = 0.0  # how long the last read of the register took (off the window thread)
        self.status_labels = {status: catalogue.reception_status(status) for status in STATUSES}
        self.decision_labels = {decision: catalogue.reception_decision(decision) for decision in (*DECISIONS, "")}
        self.setAcceptDrops(True)
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        title = QLabel(self.tr("<b>Réception des dossiers</b> — services de l'État"))
        column.addWidget(title)
        self.drop_hint = QLabel(self.tr(
            "Déposez ici un dossier ou une clé USB contenant des paquets (.zip), ou choisissez-le : "
            "chaque paquet est vérifié (signatures, sommes de contrôle, montants) et inscrit au registre. "
            "Un paquet déjà vérifié ne l'est pas deux fois."))
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("border: 2px dashed palette(mid); padding: 10px;")
        column.addWidget(self.drop_hint)

        bar = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("&Vérifier un dossier ou une clé USB…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.cancel_button = QPushButton(self.tr("Interrompre"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Filtrer par état"))
        self.filter.addItem(self.tr("Tous les paquets"), None)
        self.filter.addItem(self.tr("Dossiers en vigueur (valides)"), VALID)
        for status in STATUSES:
            if status != VALID:
                self.filter.addItem(self.status_labels[status].capitalize(), status)
        self.filter.currentIndexChanged.connect(self.show_entries)
        self.export_button = QPushButton(self.tr("E&xporter les tableaux…"))
        self.export_button.clicked.connect(self.choose_export_folder)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.cancel_button)
        bar.addStretch()
        bar.addWidget(QLabel(self.tr("Afficher :")))
        bar.addWidget(self.filter)
        bar.addWidget(self.export_button)
        column.addLayout(bar)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m paquets vérifiés"))
        self.progress.setVisible(False)
        self.counts_label = QLabel()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.counts_label)
        column.addLayout(progress_row)

        self.tabs = QTabWidget()
        split = QSplitter(Qt.Vertical)
        self.model = EntriesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        state_width = max(metrics.horizontalAdvance(label) for label in self.status_labels.values()) + 16
        for section, width in enumerate((80, 60, state_width, 0, 45, 60, 65, 140, 100, 140)):
            if width:  # no narrower than its title (« Subvention demandée » was cut at 140 px)
                title = self.model.headerData(section, Qt.Horizontal)
                header.resizeSection(section, max(width, metrics.horizontalAdvance(title) + 16))
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        split.addWidget(self.table)

        detail = QWidget()
        detail_column = QVBoxLayout(detail)
        detail_column.setContentsMargins(0, 0, 0, 0)
        decide_row = QHBoxLayout()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("montant accordé (par défaut : la demande)"))
        self.amount.setAccessibleName(self.tr("Subvention accordée"))
        self.retain_button = QPushButton(self.tr("&Retenir"))
        self.retain_button.clicked.connect(lambda: self.decide(RETAINED))
        self.reject_button = QPushButton(self.tr("&Ne pas retenir"))
        self.reject_button.clicked.connect(lambda: self.decide(NOT_RETAINED))
        self.decision_label = QLabel()
        decide_row.addWidget(QLabel(self.tr("Décision :")))
        decide_row.addWidget(self.amount, 1)
        decide_row.addWidget(self.retain_button)
        decide_row.addWidget(self.reject_button)
        self.keep_signer_button = QPushButton(self.tr("&Garder ce signataire"))
        self.keep_signer_button.setToolTip(self.tr(
            "Après avoir confirmé le code de vérification auprès de la collectivité : ce paquet redevient "
            "instructible, les versions signées par d'autres certificats sont écartées."))
        self.keep_signer_button.clicked.connect(self.keep_signer)
        self.keep_signer_button.setVisible(False)
        decide_row.addWidget(self.keep_signer_button)
        decide_row.addWidget(self.decision_label)
        detail_column.addLayout(decide_row)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName(self.tr("Rapport de vérification du paquet"))
        self.report_view.setPlaceholderText(self.tr("Choisissez un paquet pour lire son rapport de vérification."))
        detail_column.addWidget(self.report_view, 1)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.tabs.addTab(split, self.tr("Paquets reçus"))

        self.chart = DepartementChart()
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        self.summary_text = QLabel()
        self.summary_text.setWordWrap(True)
        self.summary_text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        summary = QWidget()
        summary_column = QVBoxLayout(summary)
        summary_column.addWidget(self.summary_text)
        summary_column.addWidget(scroll, 1)
        self.tabs.addTab(summary, self.tr("Synthèse par département"))
        self.tabs.currentChanged.connect(lambda index: self.refresh_summary() if index == 1 else None)
        column.addWidget(self.tabs, 1)
        self._selection_changed()

    # --- the list ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the register again, in a worker thread; the list is replaced when the rows arrive
        (`listed`). A refresh asked while one runs is done once that one ends."""
        if self.reader is not None:
            self._read_again = True
            return
        self._read_again = False
        database = register_path(self.data_dir)
        generation = self._generation

        def job(progress, cancel):
            started = time.perf_counter()
            with Register(database) as register:  # this thread's own connection
                everything = register.entries()
                counts = register.counts(everything)
            return generation, everything, counts, time.perf_counter() - started

        self.reader = JobThread(job, describe_error, self)
        self.reader.succeeded.connect(self._read)
        self.reader.failed.connect(lambda detail: self.status_message.emit(
            self.tr("Lecture du registre impossible : %1").replace("%1", detail)))
        self.reader.finished.connect(self._reader_done)
        self.reader.start()

    def _read(self, result) -> None:
        generation, everything, counts, seconds = result
        if generation != self._generation:  # this page wrote meanwhile: read again
            self._read_again = True
            return
        self.everything, self.counts, self.read_seconds = everything, counts, seconds
        self._refresh_timer.setInterval(max(REFRESH_MS, int(seconds * 1000 * REFRESH_SHARE)))
        self.show_entries()
        self.listed.emit()

    def _reader_done(self) -> None:
        if self.reader is not None:
            self.reader.deleteLater()
            self.reader = None
        if self._read_again and not self._closing:
            self.refresh()

    def show_entries(self) -> None:
        """The entries read last, through the filter (in memory: a few milliseconds for thousands)."""
        selected = self.selected_entry()
        status = self.filter.currentData()
        everything = self.everything
        self.entries = everything if status is None else [entry for entry in everything if entry.status == status]
        self.model.set_entries(self.entries)
        parts = [catalogue.reception_count(status, self.counts[status]) for status in STATUSES
                 if self.counts.get(status)]
        self.counts_label.setText(", ".join(parts) if parts else self.tr("registre vide"))
        if selected is not None:
            self.select(selected.sha256)
        else:
            self._selection_changed()

    def wait_listed(self, timeout_ms: int = 60_000) -> bool:
        """Wait (processing events) until no read of the register is pending: for the screenshots."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        while (self.reader is not None or self._read_again) and time.monotonic() < deadline:
            if self.reader is not None:
                self.reader.wait(50)
            QCoreApplication.processEvents()
        return self.reader is None

    def cell_text(self, entry, column: int) -> str:
        known = bool(entry.dossier_id)
        if column == 0:
            return entry.dossier_id[:8] if known else entry.sha256[:8]
        if column == 1:
            return f"v{entry.version}" if known else ""
        if column == 2:
            text = self.status_labels[entry.status]
            return text + self.tr(" · identité confirmée") if entry.confirmed and known else text
        if column == 3:
            return entry.raison_sociale or Path(entry.path).name
        if column == 4:
            return entry.code_departement
        if column == 5:
            return format_integer(entry.school_count) if known else ""
        if column == 6:
            return format_integer(entry.classes) if known else ""  # an EPCI's 300 schools: « 1 200 »
        if column == 7:
            return format_euros(entry.subsidy_centimes) if known else ""
        if column == 8:
            if entry.status != VALID:
                return ""
            text = self.decision_labels[entry.decision]
            return text + self.tr(" (version antérieure)") if entry.decision_on_older else text
        if column == 9:
            return format_euros(entry.granted_centimes) if entry.granted_centimes is not None else ""
        return ""

    def select(self, sha256: str) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.sha256 == sha256:
                self.table.selectRow(row)
                return True
        return False

    def selected_entry(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        decidable = entry is not None and entry.status == VALID
        for widget in (self.retain_button, self.reject_button, self.amount):
            widget.setEnabled(decidable)
        self.keep_signer_button.setVisible(entry is not None and entry.status in (CONFLICT, SET_ASIDE))
        if entry is None:
            self.report_view.clear()
            self.decision_label.clear()
            return
        text, _checks = self.register.report(entry.sha256)
        head = []
        if entry.status == UNCHECKED:
            head.append(self.tr("Non jugé — à renvoyer : le fichier est incomplet ou illisible (un transfert coupé, "
                                "le plus souvent) ; demandez-en une nouvelle copie à la collectivité. Son dossier "
                                "n'est pas rejeté."))
        if entry.fingerprint and entry.status not in (REJECTED, UNCHECKED):
            head.append(self.tr("Identité du signataire : confirmée.") if entry.confirmed else self.tr(
                "Identité du signataire : non confirmée (confirmez le code de vérification auprès de la "
                "collectivité)."))
        if entry.status == CONFLICT:
            head.append(self.tr(
                "Attention : des versions valides de ce dossier sont signées par des certificats différents ; "
                "aucune n'est retenue ni remplacée tant que vous n'avez pas gardé le bon signataire."))
        self.report_view.setPlainText("\n".join([*head, "", text]) if head else text)
        if entry.status == SUPERSEDED:
            self.decision_label.setText(self.tr("version remplacée par une plus récente"))
        elif entry.status == CONFLICT:
            self.decision_label.setText(self.tr("signataire différent — à confirmer"))
        elif entry.status == SET_ASIDE:
            self.decision_label.setText(self.tr("écartée : un autre signataire a été gardé"))
        elif entry.status == UNCHECKED:
            self.decision_label.setText(self.tr("à renvoyer"))
        elif decidable:
            self.decision_label.setText(self.decision_labels[entry.decision])
        else:
            self.decision_label.setText(self.tr("non instructible"))

    # --- deciding ----------------------------------------------------------------------------

    def decide(self, decision: str) -> None:
        entry = self.selected_entry()
        if entry is None or entry.status != VALID:
            return
        granted = None
        text = self.amount.text().strip()
        if decision == RETAINED and text:
            try:
                granted = parse_euros(text)
            except MoneyFormatError as error:
                self.status_message.emit(catalogue.error_text(error))
                return
        try:
            decided = self.register.decide(entry.dossier_id, decision, granted)
        except RegisterError as error:
            messages = {
                "amount_above_asked": self.tr("Le montant accordé ne peut pas dépasser la subvention demandée (%1)."),
            }
            self.status_message.emit(messages.get(error.code, self.tr("Décision impossible : %1")).replace(
                "%1", format_euros(entry.subsidy_centimes) if error.code == "amount_above_asked"
                else catalogue.register_error(error)))
            return
        self.amount.clear()
        self._generation += 1  # a read already under way predates the decision
        self._replace(decided)
        self.refresh()
        self.select(decided.sha256)
        who = decided.raison_sociale or decided.dossier_id
        if decision == RETAINED:
            self.status_message.emit(self.tr("%1 : retenu, %2 accordés.").replace("%1", who).replace(
                "%2", format_euros(decided.granted_centimes or 0)))
        else:
            self.status_message.emit(self.tr("%1 : non retenu.").replace("%1", who))

    def keep_signer(self) -> None:
        """The agent keeps the selected bundle's signer for its dossier (Register.confirm_signer)."""
        entry = self.selected_entry()
        if entry is None or entry.status not in (CONFLICT, SET_ASIDE):
            return
        try:
            kept, set_aside = self.register.confirm_signer(entry.sha256)
        except RegisterError as error:
            self.status_message.emit(self.tr("Confirmation impossible : %1").replace(
                "%1", catalogue.register_error(error)))
            return
        self._generation += 1  # a read already under way predates the confirmation
        self.refresh()
        self.status_message.emit(self.tr("%1 : signataire gardé, %2 version(s) d'autres signataires écartée(s).")
                                 .replace("%1", kept.raison_sociale or kept.dossier_id).replace("%2", str(set_aside)))

    def _replace(self, entry) -> None:
        """Show a decided entry at once, where it stands, before the register is read again."""
        for entries in (self.everything, self.entries):
            for row, old in enumerate(entries):
                if old.sha256 == entry.sha256:
                    entries[row] = entry
                    break
        for row, old in enumerate(self.entries):
            if old is entry:
                self.model.dataChanged.emit(self.model.index(row, 0),
                                            self.model.index(row, self.model.columnCount() - 1))
                break

    # --- verifying -----------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if self._dropped_folder(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        folder = self._dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.verify(folder)

    @staticmethod
    def _dropped_folder(mime) -> Path | None:
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.is_dir():
                    return path
                if path.suffix.lower() == ".zip" and path.is_file():
                    return path.parent
        return None

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier ou clé USB des paquets reçus"))
        if folder:
            self.verify(Path(folder))

    def verify(self, folder: Path) -> bool:
        if self.thread is not None:
            self.status_message.emit(self.tr("Une vérification est déjà en cours."))
            return False
        database = register_path(self.data_dir)
        workers = self.workers

        def job(progress, cancel):
            from ..reception.batch import verify_folder

            with Register(database) as register:  # this thread's own connection
                return verify_folder(register, folder, workers=workers, progress=progress, cancel=cancel)

        self.thread = JobThread(job, describe_error, self)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._verified)
        self.thread.failed.connect(self._verify_failed)
        self.thread.cancelled.connect(self._verify_failed)
        self.thread.finished.connect(self._thread_done)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._refresh_timer.start()
        self.status_message.emit(self.tr("Vérification de %1…").replace("%1", str(folder)))
        self.thread.start()
        return True

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()

    def _progressed(self, done: int, total: int, _name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _verified(self, result) -> None:
        self.refresh()
        message = self.tr("%n paquet(s) trouvé(s)", "", result.found) + " : " \
            + self.tr("%n vérifié(s)", "", result.verified) + ", " \
            + self.tr("%n déjà au registre.", "", result.skipped + result.known)
        if result.cancelled:
            message += " " + self.tr("Vérification interrompue : relancez-la pour finir.")
        self.status_message.emit(message)
        self.verification_finished.emit(result)

    def _verify_failed(self, message: str = "") -> None:
        self.refresh()
        self.status_message.emit(self.tr("La vérification s'est arrêtée : %1").replace("%1", message or "—"))
        self.verification_finished.emit(None)

    def _thread_done(self) -> None:
        self._refresh_timer.stop()
        self.progress.setVisible(False)
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.thread is not None:
            self.thread.deleteLater()
            self.thread = None

    # --- exporting ---------------------------------------------------------------------------------

    def refresh_summary(self) -> None:
        """The département figures, computed in a worker (thousands of dossiers take a moment)."""
        if self.summary_thread is not None:
            return
        database = register_path(self.data_dir)

        def job(progress, cancel):
            from ..reception.communique import press_text
            from ..reception.opendata import build

            with Register(database) as register:
                outputs = build(register)
            return outputs.departements, press_text(outputs).split("\n\n", 1)[0]

        self.summary_text.setText(self.tr("Calcul de la synthèse…"))
        self.summary_thread = JobThread(job, describe_error, self)
        self.summary_thread.succeeded.connect(self._summary_ready)
        self.summary_thread.failed.connect(self.summary_text.setText)
        self.summary_thread.finished.connect(self._summary_done)
        self.summary_thread.start()

    def _summary_ready(self, result) -> None:
        departements, text = result
        self.chart.set_departements(departements)
        self.summary_text.setText(text)
        self.summary_ready.emit()

    def _summary_done(self) -> None:
        if self.summary_thread is not None:
            self.summary_thread.deleteLater()
            self.summary_thread = None

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier où écrire les tableaux"))
        if folder:
            self.export(Path(folder))

    def export(self, folder: Path) -> bool:
        if self.thread is not None:
            self.status_message.emit(self.tr("Attendez la fin de la vérification en cours."))
            return False
        database = register_path(self.data_dir)

        def job(progress, cancel):
            from ..reception.outputs import export_outputs

            with Register(database) as register:
                return export_outputs(register, folder).paths

        self.thread = JobThread(job, describe_error, self)
        self.thread.succeeded.connect(self._exported)
        self.thread.failed.connect(lambda message: self.status_message.emit(
            self.tr("L'export a échoué : %1").replace("%1", message)))
        self.thread.finished.connect(self._thread_done)
        self.export_button.setEnabled(False)
        self.thread.finished.connect(lambda: self.export_button.setEnabled(True))
        self.thread.start()
        return True

    def _exported(self, paths) -> None:
        self.status_message.emit(self.tr("%1 fichiers écrits dans %2.").replace("%1", str(len(paths))).replace(
            "%2", str(paths[0].parent) if paths else ""))
        self.export_finished.emit(paths)

    def shutdown(self) -> None:
        self._closing = True
        for thread in (self.thread, self.summary_thread, self.reader):
            if thread is not None:
                thread.cancel()
                thread.wait(30000)
        self.register.close()
