"""Envoi: the page of the outbox — the queue, a progress bar per upload, send / retry / cancel,
copy to a folder or USB key, the receipt, the endpoint and automatic sending.

Sending runs in a QThread with its own database connection (`Outbox.reopen`): the window
never freezes, and progress comes back through queued signals. Nothing goes on the network
unless an endpoint is configured and the user clicks « Envoyer », or has enabled automatic
sending; then a cheap check (OPTIONS on the endpoint) runs every minute while something waits,
and sending starts when the server answers. No modal dialog except the file choosers.

Built with `OutboxPage(library, settings)`; `settings` (the window's QSettings) is not needed:
the outbox's own settings live in `envoi.json` of the data folder, shared with the CLI.
Call `shutdown()` before the library closes (it is also called when the application quits).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from .. import catalogue, errorlog
from ..app import sending
from ..catalogue.errors import error_text
from ..catalogue.outbox_errors import stored_text
from ..domain.money import format_integer
from ..domain.text import visible
from ..outbox import (
    COPIE_SUR_SUPPORT,
    ECHEC,
    ENVOI_EN_COURS,
    ENVOYE,
    REMIS,
    Outbox,
    OutboxError,
    OutboxSettings,
    RetryPolicy,
    Sender,
    SettingsError,
    TusClient,
    endpoint_problem,
    load_settings,
    save_settings,
)
from ..outbox.superseded import superseded_entries

AUTO_CHECK_MS = 60_000
_RUNNING: set = set()  # sending threads, kept referenced until they have finished


def running_threads() -> list:
    """The sending threads still running (finished ones are dropped from the registry)."""
    for thread in list(_RUNNING):
        if not Shiboken.isValid(thread) or thread.isFinished():
            _RUNNING.discard(thread)
    return list(_RUNNING)
COLUMNS = ("Paquet", "Dossier", "État", "Progression", "Reçu / détail")


def _local_time(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except (TypeError, ValueError):
        return str(iso)


class SendThread(QThread):
    """Sends the queue (or some entries) in the background, on its own connection."""

    progressed = Signal(str, int, int)   # entry id, bytes, total
    entry_done = Signal(str)
    report_ready = Signal(str, bool, list)  # French report, everything sent, ids sent
    receipts_ready = Signal(list)        # [(entry id, outbox.receipt.Receipt)] obtained after sending
    unreachable = Signal()               # automatic sending: the server did not answer

    def __init__(self, outbox: Outbox, endpoint: str, *, automatic: bool = False,
                 entry_ids: list[str] | None = None, policy: RetryPolicy | None = None,
                 client_factory=TusClient, include_superseded: bool = False):
        super().__init__()
        self.outbox = outbox
        self.endpoint = endpoint
        self.automatic = automatic
        self.entry_ids = entry_ids
        self.include_superseded = include_superseded
        self.policy = policy or RetryPolicy(max_tries=3 if automatic else 5)
        self.client_factory = client_factory
        self._cancel = threading.Event()
        self._last_percent: dict[str, int] = {}

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            own = self.outbox.reopen()
        except OutboxError as error:
            self.report_ready.emit(error_text(error), False, [])
            return
        try:
            with self.client_factory() as client:
                if self.automatic and not client.probe(self.endpoint):
                    self.unreachable.emit()
                    return
                sender = Sender(own, self.endpoint, client=client, policy=self.policy,
                                progress=self._progress, cancel=self._cancel.is_set,
                                entry_done=self.entry_done.emit)
                report = sender.send_all(automatic=self.automatic, entry_ids=self.entry_ids,
                                         include_superseded=self.include_superseded)
                text = catalogue.send_report_text(report)
                if not report.cancelled:  # the reception point's acknowledgment, when it gives one
                    from ..outbox.receipt import collect_receipts

                    receipts = collect_receipts(own, client, self.endpoint, report.sent_ids, wait_seconds=90.0,
                                                sleep=self._cancel.wait, cancel=self._cancel.is_set)
                    text = "\n".join([text, *(catalogue.receipt_text(receipt) for _entry_id, receipt in receipts)])
                    self.receipts_ready.emit(receipts)  # recorded in the library's thread
            self.report_ready.emit(text, report.all_sent, report.sent_ids)
        except Exception as error:  # the thread's boundary: logged, then one French line in the window
            log = errorlog.log_error(error, "envoi")
            self.report_ready.emit(f"Envoi interrompu par une erreur inattendue ({type(error).__name__} : "
                                   f"{error_text(error)})" + (f" ; détails dans {log}." if log else "."), False, [])
        finally:
            own.close()

    def _progress(self, entry_id: str, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if self._last_percent.get(entry_id) != percent:  # a signal per percent, not per 64 KiB
            self._last_percent[entry_id] = percent
            self.progressed.emit(entry_id, done, total)


class OutboxPage(QWidget):
    status_message = Signal(str)
    dossiers_sent = Signal()  # the life cycle of some dossiers moved (sent, copied to a stick)
    import_campaign_requested = Signal()  # « Importer une campagne… » (the window runs it)

    def __init__(self, library, settings=None, parent=None, *, verify=None):
        super().__init__(parent)
        self.library = library
        self.window_settings = settings
        self.data_dir = Path(library.data_dir)
        self.outbox = Outbox.from_library(library, verify=verify)
        self.outbox_settings: OutboxSettings = load_settings(self.data_dir)
        self.thread: SendThread | None = None
        self.shut_down = False  # after shutdown() the library may be closed: nothing reads it
        self.auto_interval_ms = AUTO_CHECK_MS
        self._rows: dict[str, int] = {}
        self._progress: dict[str, QProgressBar] = {}
        self._build()
        self._show_settings()
        self.show_campaign()
        self.refresh()
        self.auto_timer = QTimer(self)
        self.auto_timer.timeout.connect(self.auto_check)
        self._arm_auto_timer()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        if self.outbox_settings.warning:
            self.say(error_text(self.outbox_settings.warning))

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = self.tr("Boîte d'envoi")
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAccessibleName(title)
        layout.addWidget(heading)
        intro = QLabel(self.tr(
            "Les paquets signés attendent ici une connexion. Un envoi coupé reprend là où il "
            "s'est arrêté ; un paquet n'est jamais envoyé deux fois. Sans connexion, copiez-le "
            "sur une clé USB."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._campaign_row())
        layout.addLayout(self._settings_form())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.Stretch)
        header.setMinimumSectionSize(110)  # an empty queue keeps readable columns
        self.table.setAccessibleName(self.tr("File d'envoi"))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(140)
        self.detail.setAccessibleName(self.tr("Reçu et historique du paquet choisi"))
        self.detail.setPlaceholderText(self.tr(
            "Choisissez un paquet pour voir son reçu et son historique. Pour remplir la file : "
            "« Ajouter un paquet… » (un paquet .zip exporté et signé)."))
        layout.addWidget(self.detail)

    def _campaign_row(self) -> QHBoxLayout:
        """The imported campaign (deadline, days left), or where a campaign file comes from."""
        row = QHBoxLayout()
        self.campaign_info = QLabel()
        self.campaign_info.setWordWrap(True)
        self.campaign_info.setTextFormat(Qt.PlainText)
        self.campaign_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.campaign_info.setAccessibleName(self.tr("Campagne de dépôt"))
        self.import_campaign_button = QPushButton(self.tr("Importer une &campagne…"))
        self.import_campaign_button.clicked.connect(self.import_campaign_requested)
        self.manual_address_button = QPushButton(self.tr("Adresse à la main…"))
        self.manual_address_button.setToolTip(self.tr("Pour un essai : saisir l'adresse d'un serveur de dépôt"))
        self.manual_address_button.clicked.connect(lambda: self._show_address_row(True))
        row.addWidget(self.campaign_info, 1)
        row.addWidget(self.import_campaign_button, 0, Qt.AlignTop)
        row.addWidget(self.manual_address_button, 0, Qt.AlignTop)
        return row

    def show_campaign(self) -> None:
        from ..app.campaign import current_campaign
        from .campaign import deadline_line

        campaign = current_campaign(self.data_dir)
        if campaign is not None:
            self.campaign_info.setText(deadline_line(campaign) + "\n" + self.tr(
                "Adresse de dépôt et certificat du serveur fournis par le fichier de campagne (signataire : %1).")
                .replace("%1", campaign.signer))
            self.import_campaign_button.setText(self.tr("Importer une autre &campagne…"))
        else:
            self.campaign_info.setText(self.tr("Aucune campagne importée : l'adresse de dépôt n'est pas connue.")
                                       + " " + catalogue.CAMPAIGN_WHERE_FROM)
            self.import_campaign_button.setText(self.tr("Importer une &campagne…"))
        manual = bool(self.outbox_settings.endpoint) or campaign is not None
        self.manual_address_button.setVisible(not manual)
        self._show_address_row(manual)

    def _show_address_row(self, visible: bool) -> None:
        """No campaign and no address: the page says where the file comes from, not an empty field."""
        self.settings_form.setRowVisible(0, visible)
        self.settings_form.setRowVisible(1, visible)
        if visible:
            self.manual_address_button.hide()

    def _settings_form(self) -> QFormLayout:
        form = QFormLayout()
        self.settings_form = form
        row = QHBoxLayout()
        self.endpoint_edit = QLineEdit()
        self.endpoint_edit.setPlaceholderText("https://depot.exemple.fr/files/")
        self.endpoint_edit.setAccessibleName(self.tr("Adresse du serveur de dépôt"))
        self.save_settings_button = QPushButton(self.tr("Enregistrer"))
        self.save_settings_button.clicked.connect(self.save_settings)
        row.addWidget(self.endpoint_edit, 1)
        row.addWidget(self.save_settings_button)
        form.addRow(self.tr("Serveur de dépôt :"), row)
        self.auto_check_box = QCheckBox(self.tr("Envoyer automatiquement quand la connexion revient"))
        self.auto_check_box.toggled.connect(self._auto_toggled)
        form.addRow("", self.auto_check_box)
        return form

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Ajouter un paquet…"))
        self.send_button = QPushButton(self.tr("&Envoyer maintenant"))
        self.retry_button = QPushButton(self.tr("&Réessayer"))
        self.cancel_button = QPushButton(self.tr("A&nnuler l'envoi"))
        self.copy_button = QPushButton(self.tr("&Copier vers un dossier…"))
        self.remove_button = QPushButton(self.tr("Re&tirer de la file"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.add_button.clicked.connect(self.add_bundle)
        self.send_button.clicked.connect(self.send_now)
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button.clicked.connect(self.cancel_sending)
        self.copy_button.clicked.connect(self.copy_selected)
        for button in (self.add_button, self.send_button, self.retry_button, self.cancel_button,
                       self.copy_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- the queue on screen ---------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        entries = self.outbox.entries()
        self.superseded = superseded_entries(self.outbox)
        self.table.setRowCount(len(entries))
        self._rows.clear()
        self._progress.clear()
        for row, entry in enumerate(entries):
            self._rows[entry.id] = row
            state = catalogue.outbox_state_label(entry.state)
            if entry.state == ENVOI_EN_COURS and not self.is_sending():
                state = self.tr("interrompu")  # left by a closed or killed program: resumes next time
            if entry.id in self.superseded:  # an older version of its dossier: not sent unless confirmed
                state = self.tr("remplacé (%1)").replace("%1", state)
            # The file name, the dossier id and the receipt come from a bundle or a server: shown
            # visibly (no bidi override, no control character acting on the display), bounded.
            cells = (visible(entry.filename, 120), visible(entry.dossier_id or "", 80), state, None,
                     visible(self._acknowledgment(entry) or catalogue.outbox_receipt(entry), 400))
            for column, text in enumerate(cells):
                if text is None:
                    continue
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, entry.id)
                stale = self.superseded.get(entry.id) if column == 2 else None
                item.setToolTip(catalogue.superseded_reason(stale) if stale else text)
                self.table.setItem(row, column, item)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            done = entry.state in (ENVOYE, REMIS, COPIE_SUR_SUPPORT)
            bar.setValue(1000 if done else entry.offset * 1000 // max(entry.size, 1))
            bar.setAccessibleName(self.tr("Progression de l'envoi de %1").replace("%1", entry.filename))
            self.table.setCellWidget(row, 3, bar)
            self._progress[entry.id] = bar
        if selected in self._rows:
            self.table.selectRow(self._rows[selected])
        self._update_buttons()
        self._show_detail()

    def _acknowledgment(self, entry) -> str | None:
        """The reception point's acknowledgment of this entry, worded (None: none yet)."""
        record = self.outbox.acknowledgment(entry.id)
        return catalogue.acknowledgment_text(record) if record else None

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def select(self, entry_id: str) -> None:
        if entry_id in self._rows:
            self.table.selectRow(self._rows[entry_id])

    def _selection_changed(self) -> None:
        self._update_buttons()
        self._show_detail()

    def _update_buttons(self) -> None:
        sending = self.is_sending()
        entry = self._selected_entry()
        self.send_button.setEnabled(not sending and bool(self.outbox.sendable(include_superseded=True)))
        self.retry_button.setEnabled(not sending and entry is not None and entry.state == ECHEC)
        self.cancel_button.setEnabled(sending)
        self.copy_button.setEnabled(entry is not None)
        self.remove_button.setEnabled(not sending and entry is not None and entry.state != ENVOYE)
        self.add_button.setEnabled(not self.outbox.read_only)

    def _selected_entry(self):
        entry_id = self.selected_id()
        if entry_id is None:
            return None
        try:
            return self.outbox.get(entry_id)
        except OutboxError:
            return None

    def _show_detail(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            self.detail.setPlainText("")
            return
        lines = [visible(catalogue.outbox_receipt(entry), 400), f"SHA-256 : {entry.sha256}",
                 f"Taille : {format_integer(entry.size)} octets",
                 # the id the other messages name (« un paquet plus récent … est dans la file (6453ce67) »)
                 f"Identifiant dans la file : {entry.short_id}"]
        stale = getattr(self, "superseded", {}).get(entry.id)
        if stale:  # why it is « remplacé » and what to do: said in the pane, not in a tooltip only
            reason = catalogue.superseded_reason(stale)
            lines.insert(0, visible(reason[:1].upper() + reason[1:], 400) + ".")
        lines += [f"{_local_time(event['at'])}  {catalogue.outbox_event_label(event['kind'])}  "
                  f"{visible(stored_text(event['detail']), 400)}" for event in self.outbox.events(entry.id)]
        self.detail.setPlainText("\n".join(lines))

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status_message.emit(text)

    # --- settings ----------------------------------------------------------------------------

    def _show_settings(self) -> None:
        self.endpoint_edit.setText(self.outbox_settings.endpoint)
        self.auto_check_box.blockSignals(True)
        self.auto_check_box.setChecked(self.outbox_settings.envoi_automatique)
        self.auto_check_box.blockSignals(False)

    def save_settings(self) -> bool:
        endpoint = self.endpoint_edit.text().strip()
        problem = endpoint_problem(endpoint) if endpoint else None
        if problem is not None:
            self.say(error_text(problem))
            return False
        self.outbox_settings.endpoint = endpoint
        self.outbox_settings.envoi_automatique = self.auto_check_box.isChecked()
        try:
            save_settings(self.data_dir, self.outbox_settings)
        except (SettingsError, OSError) as error:
            self.say(self.tr("Réglages non enregistrés : %1").replace("%1", error_text(error)))
            return False
        self.say(self.tr("Réglages d'envoi enregistrés."))
        self._arm_auto_timer()
        return True

    def _auto_toggled(self, _checked: bool) -> None:
        if self.save_settings() and self.outbox_settings.envoi_automatique:
            QTimer.singleShot(0, self.auto_check)  # try at once, then every minute

    def _arm_auto_timer(self) -> None:
        if self.outbox_settings.envoi_automatique and self.outbox_settings.endpoint:
            self.auto_timer.start(self.auto_interval_ms)
        else:
            self.auto_timer.stop()

    # --- actions -----------------------------------------------------------------------------

    def add_bundle(self) -> None:
        path = self._ask_bundle_path()
        if path:
            self.add_bundle_path(path)

    def add_bundle_path(self, path: str | Path) -> bool:
        """Queue a bundle (the export page may call this right after an export)."""
        try:
            result = self.outbox.add(path)
        except OutboxError as error:
            self.say(error_text(error))
            return False
        self.refresh()
        self.select(result.entry.id)
        message = (self.tr("Paquet ajouté à la file d'envoi : %1").replace("%1", result.entry.filename)
                   if result.created else "")
        self.say(" ".join([message, *map(catalogue.outbox_note, result.notes)]).strip())
        return True

    def send_now(self) -> None:
        if self.endpoint_edit.text().strip() != self.outbox_settings.endpoint and not self.save_settings():
            return  # an address typed but not valid: said in the status line
        stale = superseded_entries(self.outbox)
        waiting = [e for e in self.outbox.sendable(include_superseded=True) if e.id in stale]
        include = False
        if waiting:
            names = "\n".join(f"• {e.filename} : {catalogue.superseded_reason(stale[e.id])}" for e in waiting)
            answer = QMessageBox.question(self, self.tr("Paquets d'une version plus ancienne"), self.tr(
                "Ces paquets ne décrivent plus leur dossier tel qu'il est :\n%1\n\nLes envoyer quand même ? "
                "(Non : les autres paquets partent, ceux-ci restent dans la file.)").replace("%1", names),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            include = answer == QMessageBox.Yes
        self._start_sending(automatic=False, include_superseded=include)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.is_sending():
            self.refresh()

    def retry_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None or entry.state != ECHEC:
            return
        self.outbox.retry(entry.id)
        self.refresh()
        self._start_sending(automatic=False, entry_ids=[entry.id])

    def cancel_sending(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
            self.say(self.tr("Annulation… l'envoi reprendra là où il s'est arrêté."))

    def copy_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        stale = superseded_entries(self.outbox).get(entry.id)
        if stale is not None:  # an older version of its dossier: copied only once confirmed
            answer = QMessageBox.question(self, self.tr("Paquet d'une version plus ancienne"), self.tr(
                "%1 est une version plus ancienne de son dossier (%2).\n\nLe copier quand même ? Le dossier "
                "ne sera pas marqué « copié sur support ».").replace("%1", entry.filename).replace(
                "%2", catalogue.superseded_reason(stale)), QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        folder = self._ask_folder()
        if not folder:
            return
        try:
            handed = sending.hand_over_bundle(self.library, self.outbox, entry.id, folder,
                                              include_superseded=stale is not None)
        except OutboxError as error:
            self.say(error_text(error))
            return
        target = handed.path
        if handed.recorded is not None and handed.recorded.ok:
            self.dossiers_sent.emit()  # the library shows the dossier « copié sur support »
        self.outbox_settings.dernier_dossier_remise = str(folder)
        try:
            save_settings(self.data_dir, self.outbox_settings)
        except (SettingsError, OSError):
            pass  # only the remembered folder is lost
        self.refresh()
        self.say(self.tr("Copié dans %1 ; copie relue, empreinte identique.").replace("%1", str(target)))

    def remove_selected(self) -> None:
        """No confirmation dialog: the bundle's original file (the export) is not touched."""
        entry = self._selected_entry()
        if entry is None:
            return
        try:
            self.outbox.remove(entry.id)
        except OutboxError as error:
            self.say(error_text(error))
            return
        self.refresh()
        self.say(self.tr("%1 retiré de la file d'envoi.").replace("%1", entry.filename))

    def auto_check(self) -> None:
        """The periodic check: only when allowed, configured, idle, and something waits."""
        settings = self.outbox_settings
        if not (settings.envoi_automatique and settings.endpoint) or self.is_sending():
            return
        if not self.outbox.sendable(automatic=True):
            return
        self._start_sending(automatic=True)

    # --- the background sending ----------------------------------------------------------

    def is_sending(self) -> bool:
        return self.thread is not None

    def _start_sending(self, *, automatic: bool, entry_ids: list[str] | None = None,
                       include_superseded: bool = False) -> bool:
        if self.is_sending():
            return False
        endpoint = self.outbox_settings.endpoint
        if not endpoint:
            self.say(self.tr("Indiquez d'abord l'adresse du serveur de dépôt, puis « Enregistrer ». "
                             "Rien n'a été envoyé."))
            return False
        if not self.outbox.sendable(automatic=automatic, include_superseded=include_superseded):
            self.say(self.tr("Rien à envoyer."))
            return False
        thread = SendThread(self.outbox, endpoint, automatic=automatic, entry_ids=entry_ids,
                            include_superseded=include_superseded, **self._send_options())
        thread.progressed.connect(self._progressed)
        thread.entry_done.connect(self._entry_done)
        thread.receipts_ready.connect(self._receipts_ready)
        thread.report_ready.connect(self._report_ready)
        thread.unreachable.connect(self._unreachable)
        thread.finished.connect(self._thread_finished)
        # The thread outlives this page if the window goes first: kept alive until it ends
        # (a QThread destroyed while running aborts the process), asked to stop at once.
        running_threads()
        _RUNNING.add(thread)
        self.destroyed.connect(thread.cancel)
        self.thread = thread
        self.say(self.tr("Envoi en cours…") if not automatic else self.tr("Connexion au serveur de dépôt…"))
        thread.start()
        self._update_buttons()
        return True

    def _send_options(self) -> dict:
        """The TLS pin of an imported campaign's server; a hook for tests (a shorter backoff)."""
        from functools import partial

        from ..app.campaign import tls_for_endpoint

        tls = tls_for_endpoint(self.data_dir, self.outbox_settings.endpoint)
        return {"client_factory": partial(TusClient, tls=tls)} if tls is not None else {}

    def _progressed(self, entry_id: str, done: int, total: int) -> None:
        bar = self._progress.get(entry_id)
        if bar is not None:
            bar.setValue(done * 1000 // max(total, 1))
        row = self._rows.get(entry_id)
        if row is not None and (item := self.table.item(row, 2)) is not None:
            item.setText(self.tr("envoi en cours"))

    def _entry_done(self, _entry_id: str) -> None:
        self.refresh()

    def _unreachable(self) -> None:
        self.say(self.tr("Pas de connexion au serveur de dépôt ; nouvel essai dans une minute."))

    def _receipts_ready(self, receipts: list) -> None:
        """An accepted bundle's dossier becomes « remis » (app/sending.py), as `outbox send` does."""
        self._pending_receipts = receipts

    def _report_ready(self, text: str, _all_sent: bool, sent_ids: list) -> None:
        recorded = sending.record_sent(self.library, self.outbox, sent_ids)
        receipts, self._pending_receipts = getattr(self, "_pending_receipts", []), []
        recorded += [sending.record_receipt(self.library, self.outbox, entry_id, receipt)
                     for entry_id, receipt in receipts]
        if any(r is not None and r.ok for r in recorded):
            self.dossiers_sent.emit()
        self.say(text)

    def _thread_finished(self) -> None:
        self.thread = None
        running_threads()
        if not self.shut_down:  # the thread's end is queued: it may come after the library closed
            self.refresh()

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """Stop sending (the upload resumes next time) and close the outbox's connection."""
        self.shut_down = True
        self.auto_timer.stop()
        thread = self.thread
        if thread is not None:
            thread.cancel()
            thread.wait(wait_ms)
        if self.outbox is not None and (thread is None or thread.isFinished()):
            self.outbox.close()

    # --- dialogs (replaced in tests) -------------------------------------------------------

    def _ask_bundle_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Ajouter un paquet à la file d'envoi"), "",
                                              self.tr("Paquets signés (*.zip)"))
        return path

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Copier le paquet dans le dossier"),
                                                self.outbox_settings.dernier_dossier_remise)
