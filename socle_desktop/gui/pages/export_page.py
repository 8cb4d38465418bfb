"""Export et signature: choose who signs, preview, print, export the signed PDF and bundle.

Rendering, signing and writing run in a worker thread (`worker.JobThread`) with a progress bar
and a cancel button. Passwords and passphrases are never stored.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
)

from ... import catalogue
from ...catalogue.errors import describe_os_error
from ...domain.lifecycle import MODIFIE_APRES_SIGNATURE
from ...store import LibraryError
from ..error_dialog import unexpected_line
from ..worker import JobThread
from .base import EditorPage, page_layout


def describe_error(error: BaseException) -> str | None:
    """The French sentence for a failed job, or None when the user cancelled it. Anything else
    than the export's, the identity's and the library's own errors goes to the window's error
    path (the log), through the worker."""
    from ...export import ExportCancelled, ExportError

    if isinstance(error, ExportCancelled):
        return None
    if isinstance(error, (ExportError, LibraryError)):
        return catalogue.error_text(error)
    if isinstance(error, OSError):
        return f"écriture impossible ({describe_os_error(error)})" + (
            f" : {error.filename}" if error.filename else "")
    return unexpected_line(error, "export")  # the details go to the log


def _bundle_pdf(bundle_path: Path) -> bytes | None:
    """The signed PDF exactly as the bundle holds it (what is printed must be what is filed)."""
    import zipfile

    try:
        with zipfile.ZipFile(bundle_path) as archive:
            name = next(n for n in archive.namelist() if n.endswith("/data/dossier.pdf"))
            return archive.read(name)
    except (OSError, StopIteration, zipfile.BadZipFile):
        return None


def _last_bundle_key(dossier_id: str) -> str:
    return f"export/paquet-{dossier_id}"


class ExportPage(EditorPage):
    queue_bundle = Signal(object)  # Path of a signed bundle to put in the outbox

    def __init__(self, session, settings=None, parent=None):
        super().__init__(session, parent)
        self.settings = settings
        self.thread: JobThread | None = None
        self.last_export = None
        self._plan = None  # the export running or last run (app/export_job.ExportPlan)
        self.signed_pdf: bytes | None = None  # the bundle's data/dossier.pdf while the dossier is unchanged
        self.preview_window = None
        self.outbox_available = False  # set by the window when an outbox takes `queue_bundle`
        # The outbox's copies of a dossier's bundles, most recent first (set by the window).
        self.queued_bundles: Callable[[str], list[Path]] = lambda _dossier_id: []
        self._looked_for_signed_pdf = False
        layout = page_layout(self, self.tr("Export et signature"), self.tr(
            "Le PDF signé s'imprime et se classe ; le paquet signé (.zip) est à déposer. "
            "Les mots de passe ne sont jamais enregistrés."))
        self.draft_warning = QLabel()
        self.draft_warning.setWordWrap(True)
        self.draft_warning.setStyleSheet("color: #a4161a;")
        layout.addWidget(self.draft_warning)
        self.stale_warning = QLabel(self.tr(
            "Modifié après signature : le PDF signé et le paquet déjà exportés (et un paquet en attente "
            "dans la boîte d'envoi) ne décrivent plus ce dossier. Signez et exportez-le à nouveau ; "
            "l'ancien paquet ne partira pas sans confirmation."))
        self.stale_warning.setWordWrap(True)
        self.stale_warning.setStyleSheet("color: #8a4600; font-weight: bold;")
        self.stale_warning.hide()
        layout.addWidget(self.stale_warning)
        self._edited_after_export = False
        layout.addWidget(self._identity_group())
        layout.addWidget(self._document_group())
        layout.addWidget(self._export_group())
        layout.addStretch()
        self._show_rows_of_choice()  # before the first showing too: the window's minimum size counts them
        self.refresh()
        session.changed.connect(lambda _result: self._dossier_changed())

    # --- layout ---------------------------------------------------------------------------

    def _identity_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Signataire"))
        form = QFormLayout(group)
        self.signer_form = form
        self.signer_summary = QLabel()
        self.signer_summary.setWordWrap(True)
        self.signer_summary.setTextFormat(Qt.PlainText)
        self.signer_summary.setAccessibleName(self.tr("Identité qui signera"))
        form.addRow(self.signer_summary)
        self.use_local = QRadioButton(self.tr("Identité &locale (certificat créé par l'application)"))
        self.use_p12 = QRadioButton(self.tr("Certificat de la collectivité (fichier .p12 / .pfx)"))
        self.use_token = QRadioButton(self.tr("Jeton matériel ou carte à puce (PKCS#11)"))
        self.use_local.setChecked(True)
        choice = QButtonGroup(self)
        for button in (self.use_local, self.use_p12, self.use_token):
            choice.addButton(button)
            button.toggled.connect(lambda _on: self._refresh_signer_summary())
        form.addRow(self.use_local)
        self.local_choice = QComboBox()
        self.local_choice.setAccessibleName(self.tr("Identité locale"))
        self.local_choice.currentIndexChanged.connect(lambda _i: self._local_choice_changed())
        form.addRow(self.tr("&Identité :"), self.local_choice)
        self.local_status = QLabel()
        self.local_status.setWordWrap(True)
        form.addRow("", self.local_status)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.Password)
        self.passphrase.setAccessibleName(self.tr("Phrase de passe de l'identité locale"))
        form.addRow(self.tr("&Phrase de passe :"), self.passphrase)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.Password)
        self.passphrase_again.setAccessibleName(self.tr("Phrase de passe, une seconde fois"))
        self.passphrase_again_label = QLabel(self.tr("&Confirmation :"))
        self.passphrase_again_label.setBuddy(self.passphrase_again)
        form.addRow(self.passphrase_again_label, self.passphrase_again)
        self.forgot_button = QPushButton(self.tr("Phrase de passe &oubliée…"))
        self.forgot_button.clicked.connect(self.set_identity_aside)
        self.forgot_row = QHBoxLayout()
        self.forgot_row.addWidget(self.forgot_button)
        self.forgot_row.addStretch()
        form.addRow("", self.forgot_row)
        form.addRow(self.use_p12)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.p12_path = QLineEdit()
        self.p12_path.setAccessibleName(self.tr("Fichier du certificat"))
        self.p12_path.textEdited.connect(lambda _t: self.use_p12.setChecked(True))
        browse = QPushButton(self.tr("C&hoisir…"))
        browse.clicked.connect(self.choose_p12)
        row_layout.addWidget(self.p12_path)
        row_layout.addWidget(browse)
        form.addRow(self.tr("&Fichier :"), row)
        self.p12_row = row
        self.p12_password = QLineEdit()
        self.p12_password.setEchoMode(QLineEdit.Password)
        self.p12_password.setAccessibleName(self.tr("Mot de passe du certificat"))
        self.p12_password.textEdited.connect(lambda _t: self.use_p12.setChecked(True))
        form.addRow(self.tr("&Mot de passe :"), self.p12_password)
        form.addRow(self.use_token)
        self.token_module = QLineEdit(self._saved("export/pkcs11_module"))
        self.token_module.setAccessibleName(self.tr("Module PKCS#11"))
        self.token_module.setPlaceholderText(self.tr("fichier .so / .dll fourni avec le jeton"))
        self.token_module.textEdited.connect(lambda _t: self.use_token.setChecked(True))
        form.addRow(self.tr("Mod&ule :"), self.token_module)
        self.token_label = QLineEdit(self._saved("export/pkcs11_token"))
        self.token_label.setAccessibleName(self.tr("Nom du jeton"))
        self.token_label.textEdited.connect(lambda _t: self.use_token.setChecked(True))
        form.addRow(self.tr("&Jeton :"), self.token_label)
        self.token_pin = QLineEdit()
        self.token_pin.setEchoMode(QLineEdit.Password)
        self.token_pin.setAccessibleName(self.tr("Code PIN du jeton"))
        self.token_pin.textEdited.connect(lambda _t: self.use_token.setChecked(True))
        form.addRow(self.tr("Code PI&N :"), self.token_pin)
        for secret in (self.passphrase, self.passphrase_again, self.p12_password, self.token_pin):
            secret.returnPressed.connect(self.export)  # Enter after the secret signs, as in a dialog
        return group

    def _saved(self, key: str) -> str:
        return str(self.settings.value(key, "") or "") if self.settings is not None else ""

    def _document_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Document"))
        row = QHBoxLayout(group)
        self.preview_button = QPushButton(self.tr("&Aperçu du PDF"))
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.preview_button.clicked.connect(lambda: self.open_pdf("preview"))
        self.print_button.clicked.connect(lambda: self.open_pdf("print"))
        row.addWidget(self.preview_button)
        row.addWidget(self.print_button)
        self.document_note = QLabel()
        self.document_note.setWordWrap(True)
        row.addWidget(self.document_note, 1)
        return group

    def _export_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Exporter le PDF signé et le paquet"))
        form = QFormLayout(group)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.out_dir = QLineEdit(self._default_out_dir())
        self.out_dir.setAccessibleName(self.tr("Dossier de destination"))
        browse = QPushButton(self.tr("Pa&rcourir…"))
        browse.clicked.connect(self.choose_out_dir)
        row_layout.addWidget(self.out_dir)
        row_layout.addWidget(browse)
        form.addRow(self.tr("&Destination :"), row)
        buttons = QWidget()
        buttons_layout = QHBoxLayout(buttons)
        buttons_layout.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton(self.tr("&Signer et exporter"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton(self.tr("Annuler l'export"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Avancement"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        buttons_layout.addWidget(self.export_button)
        buttons_layout.addWidget(self.progress, 1)
        buttons_layout.addWidget(self.cancel_button)
        form.addRow(buttons)
        self.progress_label = QLabel()
        form.addRow(self.progress_label)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(self.result_label.textInteractionFlags())
        form.addRow(self.result_label)
        self.open_folder_button = QPushButton(self.tr("Ouvrir le &dossier de destination"))
        self.open_folder_button.clicked.connect(self.open_out_dir)
        self.open_folder_button.hide()
        self.queue_button = QPushButton(self.tr("Mettre le paquet dans la &boîte d'envoi"))
        self.queue_button.clicked.connect(
            lambda: self.last_export and self.queue_bundle.emit(self.last_export.bundle_path))
        self.queue_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.open_folder_button)
        row.addWidget(self.queue_button)
        row.addStretch()
        form.addRow(row)
        return group

    def first_field(self):
        """Where Ctrl+0 puts the keyboard: the secret of the chosen signer."""
        return self._secret_field()

    def _secret_field(self) -> QLineEdit:
        if self.use_p12.isChecked():
            return self.p12_password
        if self.use_token.isChecked():
            return self.token_pin
        return self.passphrase

    # --- state ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Hidden, nothing to do: the export part (PDF, signing) loads when the page is first shown."""
        if not self.isVisible():
            return
        result = self.session.result
        if result.has_errors:
            errors = sum(1 for c in result.constats if c.gravite == "erreur")
            self.draft_warning.setText(self.tr(
                "Le dossier comporte %n erreur(s) (voir Contrôles) : il sera exporté comme "
                "BROUILLON, filigrané, à ne pas déposer.", "", errors))
            self.draft_warning.show()
        else:
            self.draft_warning.hide()
        self._refresh_local_identity()
        stale = self.modified_after_signature()
        self.stale_warning.setVisible(stale)
        if not self._looked_for_signed_pdf:
            self._looked_for_signed_pdf = True
            if not stale:
                self.signed_pdf = self._earlier_signed_pdf()
        if self.signed_pdf is not None:
            self.document_note.setText(self.tr("« Aperçu » et « Imprimer » montrent le PDF signé, octet pour octet "
                                               "celui du paquet."))
        else:
            self.document_note.setText(self.tr("Avant la signature, l'aperçu porte « APERÇU — non signé » sur "
                                               "chaque page ; il s'affiche et s'imprime dans l'application."))
        for button in (self.export_button, self.preview_button, self.print_button):
            button.setEnabled(self.thread is None)

    def _earlier_signed_pdf(self) -> bytes | None:
        """A dossier opened again: the signed PDF of its last export (remembered here) or of a
        bundle in the outbox, when that bundle still describes the dossier as it stands."""
        import sqlite3

        from ...export.signed_copy import signed_pdf_of
        from ...outbox import OutboxError

        dossier_id = self.session.dossier_id
        if dossier_id is None:
            return None
        bundles = [Path(saved)] if (saved := self._saved(_last_bundle_key(dossier_id))) else []
        try:
            bundles += self.queued_bundles(dossier_id)
        except (OutboxError, sqlite3.Error, OSError):  # an outbox unreadable now: the remembered export alone
            pass
        return signed_pdf_of(self.session.snapshot(), bundles) if bundles else None

    def data_dir(self) -> Path | None:
        library = self.session.library
        return Path(library.data_dir) if library is not None else None

    def local_identity_file(self) -> Path | None:
        """The local identity chosen in the list (None: a new one will be created)."""
        entry = self.local_choice.currentData()
        return entry.path if entry is not None else None

    def _refresh_local_identity(self) -> None:
        """List the data folder's local identities; select the one made for this dossier's
        collectivité and representative, else « new identity » (never someone else's silently)."""
        from ...export import identity as identities

        folder = self.data_dir()
        entries = identities.list_local_identities(folder) if folder is not None else []
        collectivite = self.session.snapshot().collectivite
        match = identities.matching_local_identity(entries, collectivite)
        previous = self.local_identity_file()
        self.local_choice.blockSignals(True)
        self.local_choice.clear()
        self.local_choice.addItem(self.tr("Nouvelle identité pour %1, %2").replace(
            "%1", collectivite.representant.nom or "?").replace("%2", collectivite.raison_sociale or "?"), None)
        for entry in entries:
            self.local_choice.addItem(catalogue.export_errors.local_identity_line(entry), entry)
        keep = match.path if match is not None else (previous if previous in [e.path for e in entries] and
                                                      self._user_picked else None)
        index = next((i for i in range(1, self.local_choice.count())
                      if self.local_choice.itemData(i).path == keep), 0)
        self.local_choice.setCurrentIndex(index)
        self.local_choice.blockSignals(False)
        self._local_choice_changed(user=False)

    _user_picked = False

    def _local_choice_changed(self, user: bool = True) -> None:
        if user:
            self._user_picked = True
            self.use_local.setChecked(True)
        exists = self.local_identity_file() is not None
        self._show_rows_of_choice()
        if exists:
            self.local_status.setText(self.tr("Saisissez la phrase de passe de cette identité pour signer."))
        else:
            from ...export.identity import MIN_PASSPHRASE_LENGTH, new_identity_notes

            text = self.tr(
                "Une identité sera créée au premier export, au nom du représentant et de la collectivité "
                "(SIREN du SIRET) : choisissez une phrase de passe (au moins %1 caractères, à retenir).").replace(
                "%1", str(MIN_PASSPHRASE_LENGTH))
            for note in new_identity_notes(self.session.snapshot().collectivite):  # said before, not after
                text += "\n" + self.tr("Attention : %1.").replace("%1", catalogue.error_text(note).rstrip("."))
            self.local_status.setText(text)
        self._refresh_signer_summary()

    def _show_rows_of_choice(self) -> None:
        """Only the fields of the chosen signer are shown (the page fits a small screen)."""
        local, p12, token = self.use_local.isChecked(), self.use_p12.isChecked(), self.use_token.isChecked()
        exists = self.local_identity_file() is not None
        form = self.signer_form
        for widget in (self.local_choice, self.local_status, self.passphrase):
            form.setRowVisible(widget, local)
        form.setRowVisible(self.passphrase_again, local and not exists)
        form.setRowVisible(self.forgot_row, local and exists)
        self.forgot_button.setVisible(local and exists)
        for widget in (self.p12_row, self.p12_password):
            form.setRowVisible(widget, p12)
        for widget in (self.token_module, self.token_label, self.token_pin):
            form.setRowVisible(widget, token)

    def local_mismatches(self) -> list:
        """What does not match the dossier in the chosen local identity (known without its passphrase)."""
        entry = self.local_choice.currentData()
        if entry is None or entry.facts is None:
            return []
        from ...export.binding import binding_mismatches
        return binding_mismatches(entry.facts, self.session.snapshot().collectivite)

    def _refresh_signer_summary(self) -> None:
        if not hasattr(self, "token_pin"):
            return
        self._show_rows_of_choice()
        if self.use_local.isChecked():
            entry = self.local_choice.currentData()
            if entry is None:
                c = self.session.snapshot().collectivite
                text = self.tr("Signera : nouvelle identité locale pour %1 (%2), %3.").replace(
                    "%1", c.representant.nom or "?").replace("%2", c.representant.qualite or "?").replace(
                    "%3", c.raison_sociale or "?")
            else:
                text = self.tr("Signera : %1").replace("%1", catalogue.export_errors.local_identity_line(entry))
            mismatches = self.local_mismatches()
        elif self.use_p12.isChecked():
            text, mismatches = self.tr("Signera : le titulaire du certificat choisi (vérifié à l'ouverture)."), []
        else:
            text, mismatches = self.tr("Signera : le titulaire du certificat du jeton (vérifié à l'ouverture)."), []
        if mismatches:
            text += "\n" + self.tr("Attention, ne correspond pas au dossier : %1.").replace(
                "%1", catalogue.export_errors.signer_mismatches(mismatches))
        self.signer_summary.setText(text)
        self.signer_summary.setStyleSheet("color: #a4161a;" if mismatches else "")

    def destination(self) -> Path:
        """The folder typed, « ~ » expanded and a relative name taken from the user's home (never
        from wherever the program was started)."""
        folder = Path(self.out_dir.text().strip() or self._default_out_dir()).expanduser()
        return folder if folder.is_absolute() else Path.home() / folder

    def _default_out_dir(self) -> str:
        saved = self.settings.value("export/out_dir", "") if self.settings is not None else ""
        return str(saved or Path.home() / "Documents" / "socle-desktop")

    # --- actions --------------------------------------------------------------------------

    def choose_p12(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Certificat de la collectivité"),
                                              str(Path.home()),
                                              self.tr("Certificats PKCS#12 (*.p12 *.pfx)"))
        if path:
            self.p12_path.setText(path)
            self.use_p12.setChecked(True)

    def set_identity_aside(self) -> None:
        """A forgotten passphrase: keep the old identity aside (never deleted) and start a new one."""
        path = self.local_identity_file()
        if path is None or not path.exists():
            return
        answer = QMessageBox.question(self, self.tr("Phrase de passe oubliée"), self.tr(
            "La phrase de passe ne peut pas être retrouvée. L'identité actuelle sera mise de côté "
            "(pas effacée) : les documents déjà signés restent valables.\n\nUne nouvelle identité sera "
            "créée au prochain export, avec une nouvelle empreinte à communiquer au service de l'État "
            "qui instruit le dossier.\n\nContinuer ?"))
        if answer != QMessageBox.Yes:
            return
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}-mise-de-cote-{stamp}{path.suffix}")
        certificate = path.with_suffix(".pem")
        try:
            os.replace(path, aside)
            if certificate.exists():  # the certificate goes aside with its key
                os.replace(certificate, aside.with_suffix(".pem"))
        except OSError as error:
            QMessageBox.warning(self, self.tr("Phrase de passe oubliée"), self.tr(
                "L'identité n'a pas pu être mise de côté : %1").replace("%1", describe_os_error(error)))
            return
        self.passphrase.clear()
        self.refresh()
        self.passphrase.setFocus()
        self.status_message.emit(self.tr("Ancienne identité gardée sous %1 ; choisissez une nouvelle "
                                         "phrase de passe.").replace("%1", aside.name))

    def choose_out_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Dossier de destination"), self.out_dir.text())
        if path:
            self.out_dir.setText(path)

    def open_out_dir(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.destination())))

    def identity_loader(self):
        """A function that loads the chosen identity (in the worker), or None with a message."""
        from ...export import identity as identities
        if self.use_p12.isChecked():
            path, password = self.p12_path.text().strip(), self.p12_password.text()
            if not path:
                self._refuse(self.tr("Choisissez le fichier du certificat (.p12 ou .pfx)."))
                return None
            return lambda: identities.load_pkcs12(Path(path), password)
        if self.use_token.isChecked():
            module, label = self.token_module.text().strip(), self.token_label.text().strip()
            pin = self.token_pin.text()
            if not module or not label:
                self._refuse(self.tr("Indiquez le module PKCS#11 (fichier fourni avec le jeton) et le nom du jeton."))
                return None
            if not pin:
                self._refuse(self.tr("Saisissez le code PIN du jeton."))
                return None
            if self.settings is not None:  # the module and the label only: never the PIN
                self.settings.setValue("export/pkcs11_module", module)
                self.settings.setValue("export/pkcs11_token", label)
            return lambda: identities.open_pkcs11_identity(module, label, pin)
        passphrase = self.passphrase.text()
        identity_path = self.local_identity_file()
        if identity_path is not None:
            if not passphrase:
                self._refuse(self.tr("Saisissez la phrase de passe de l'identité locale."))
                return None
            return lambda: identities.load_local_identity(identity_path, passphrase)
        if len(passphrase) < identities.MIN_PASSPHRASE_LENGTH:
            self._refuse(self.tr("Choisissez une phrase de passe d'au moins %1 caractères.").replace(
                "%1", str(identities.MIN_PASSPHRASE_LENGTH)))
            return None
        if passphrase != self.passphrase_again.text():
            self._refuse(self.tr("Les deux phrases de passe ne sont pas identiques."))
            return None
        collectivite = self.session.snapshot().collectivite
        new_path = identities.new_local_identity_path(self.data_dir(), collectivite)
        return lambda: identities.create_local_identity(collectivite, passphrase, new_path)

    def export(self) -> None:
        self._export(other_signer=False)

    def _export(self, other_signer: bool) -> None:
        """The export job (app/export_job.py), as `socle-desktop export ID` runs it: planned here
        (the library's connection lives in this thread), signed and written in the worker,
        recorded here."""
        from ...app import export_job

        if self.thread is not None:
            return
        load_identity = self.identity_loader()
        if load_identity is None:
            return
        out_dir = self.destination()
        if self.settings is not None:
            self.settings.setValue("export/out_dir", str(out_dir))
        dossier, rules = self.session.snapshot(), self.session.rules
        # No backup yet when the chosen local identity is someone else's: the user is asked first.
        plan = export_job.plan_export(dossier, library=self.session.library, dossier_id=self.session.dossier_id,
                                      backup=other_signer or not self.local_mismatches())
        if plan.backup_problem:  # a failed copy must not block the export; the user is told
            self.window().statusBar().showMessage(self.tr(
                "Attention : la sauvegarde avant export a échoué (%1).").replace(
                    "%1", catalogue.error_text(plan.backup_problem)), 10000)
        opening = self.tr("Ouverture de l'identité de signature…")

        def job(progress, cancel):
            progress(0, 0, opening)
            return export_job.run_export(plan, out_dir=out_dir, open_identity=load_identity,
                                         other_signer=other_signer, rules=rules, progress=progress, cancel=cancel)

        self._plan = plan
        self._start(job, self._exported, self.tr("Signature et export…"))

    def _confirm_other_signer(self, pending) -> None:
        """Asked after the identity opened (a .p12 or a token names its holder only then)."""
        answer = QMessageBox.question(self, self.tr("Signataire différent du dossier"), self.tr(
            "L'identité qui signerait :\n%1\n\nne correspond pas au dossier : %2.\n\nSigner quand même ? "
            "Le PDF et le paquet indiqueront que le signataire diffère, et la vérification du paquet "
            "le signalera comme un échec.").replace(
            "%1", catalogue.export_errors.signer_line(pending.signer, pending.signer_name)).replace(
            "%2", catalogue.export_errors.signer_mismatches(pending.mismatches)),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self._export(other_signer=True)
        else:
            self.progress_label.setText(self.tr("Export abandonné : choisissez l'identité de la collectivité "
                                                "et de son représentant."))

    def _dossier_changed(self) -> None:
        """An edit after signing: the signed PDF no longer shows this dossier."""
        if self.signed_pdf is not None:
            self._edited_after_export = True
        self.signed_pdf = None
        self.refresh()

    def modified_after_signature(self) -> bool:
        """The dossier's life cycle says so (the library), or it was edited after this page signed it."""
        if self._edited_after_export:
            return True
        library, dossier_id = self.session.library, self.session.dossier_id
        if library is None or dossier_id is None:
            return False
        try:
            summary = next((s for s in library.list_dossiers() if s.id == dossier_id), None)
        except LibraryError:  # a library that cannot be read now: nothing to say here
            return False
        return summary is not None and summary.etat == MODIFIE_APRES_SIGNATURE

    def open_pdf(self, purpose: str) -> None:
        """« Aperçu » and « Imprimer »: the signed PDF's bytes once they exist, else an unsigned
        preview marked as such on every page."""
        if self.thread is not None:
            return
        if self.signed_pdf is not None:
            self._show_pdf(self.signed_pdf, purpose, signed=True)
            return
        dossier, rules, result = self.session.snapshot(), self.session.rules, self.session.result

        def job(progress, cancel):
            from ...export.pdf import render_pdf
            return render_pdf(dossier, result, rules, preview=True)

        self._start(job, lambda data: self._show_pdf(data, purpose, signed=False), self.tr("Préparation du PDF…"))

    def _show_pdf(self, data: bytes, purpose: str, *, signed: bool) -> None:
        from ..pdf_preview import PdfPreview

        self.progress_label.setText(self.tr("PDF signé affiché.") if signed else self.tr("Aperçu non signé affiché."))
        if self.preview_window is not None:
            self.preview_window.close()
        title = self.tr("PDF signé du dossier") if signed else self.tr("Aperçu du dossier (non signé)")
        self.preview_window = PdfPreview(data, title=title, signed=signed, parent=self)
        self.preview_window.show()
        if purpose == "print":
            self.preview_window.print_document()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
            self.progress_label.setText(self.tr("Annulation…"))

    # --- worker plumbing --------------------------------------------------------------------

    def _start(self, job, on_success, label: str) -> None:
        self.thread = JobThread(job, describe_error, self)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(on_success)
        self.thread.failed.connect(self._fail)
        self.thread.cancelled.connect(self._cancelled)
        self.thread.finished.connect(self._finished)
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress_label.setText(label)
        self.result_label.clear()
        self.open_folder_button.hide()
        self.queue_button.hide()
        self.cancel_button.setEnabled(True)
        for button in (self.export_button, self.preview_button, self.print_button):
            button.setEnabled(False)
        self.thread.start()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if label:
            self.progress_label.setText(catalogue.export_errors.export_step(label))

    _after_finish = None

    def _finished(self) -> None:
        self.thread.deleteLater()
        self.thread = None
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.refresh()
        follow, self._after_finish = self._after_finish, None
        if follow is not None:
            follow()

    def _exported(self, export_result) -> None:
        from ...app import export_job
        from ...export.identity import format_fingerprint

        if isinstance(export_result, export_job.NeedsConfirmation):
            self._after_finish = lambda: self._confirm_other_signer(export_result)
            return
        self.last_export = export_result
        self._edited_after_export = export_result.draft and self._edited_after_export
        self.progress.setValue(1)
        state = self.tr("BROUILLON (le dossier comporte des erreurs)") if export_result.draft else self.tr("signé")
        self.progress_label.setText(self.tr("Export terminé."))
        text = self.tr(
            "Dossier %1.\nPDF : %2\nPaquet : %3\nSigné par : %5\nCode de vérification : %6\n"
            "Empreinte SHA-256 du certificat : %4").replace("%1", state)
        text = (text.replace("%2", str(export_result.pdf_path)).replace("%3", str(export_result.bundle_path))
                .replace("%4", format_fingerprint(export_result.fingerprint))
                .replace("%5", catalogue.export_errors.signer_line(export_result.signer, export_result.signer_name,
                                                                   code=False))
                .replace("%6", export_result.short_code))
        if export_result.other_signer:
            text += "\n" + self.tr("Signataire différent du dossier, confirmé : le PDF et le paquet le disent, "
                                    "et la vérification du paquet, celle du service instructeur comprise, le "
                                    "signalera comme un échec.")
        self.result_label.setText(text)
        for secret in (self.passphrase, self.passphrase_again, self.p12_password, self.token_pin):
            secret.clear()  # signed: the secret is not kept a moment longer than needed
        self.signed_pdf = _bundle_pdf(export_result.bundle_path)
        if self.settings is not None and self.session.dossier_id is not None:  # for the dossier opened again
            self.settings.setValue(_last_bundle_key(self.session.dossier_id), str(export_result.bundle_path))
        self.open_folder_button.show()
        self.queue_button.setVisible(not export_result.draft and self.outbox_available)
        self.open_folder_button.setFocus()  # the secret fields just emptied: keep the keyboard here
        recorded = export_job.record_export(self.session.library, self._plan, export_result)
        if recorded is not None and not recorded.ok:  # the files are written: said, not fatal
            self.status_message.emit(self.tr("Export terminé ; l'état du dossier n'a pas été enregistré (%1).")
                                     .replace("%1", catalogue.record_problem(recorded.problem)))
            return
        self.status_message.emit(self.tr("Export terminé."))

    def _cancelled(self) -> None:
        self.progress_label.setText(self.tr("Export annulé : aucun fichier n'a été laissé à moitié écrit."))

    def _fail(self, message: str) -> None:
        self.progress_label.setText(self.tr("Échec."))
        QMessageBox.warning(self, self.tr("Export impossible"), self.tr(
            "L'opération n'a pas abouti : %1\n\nLe dossier lui-même n'a pas changé ; corrigez "
            "le problème indiqué puis recommencez.").replace("%1", message))
        secret = self._secret_field()
        secret.setFocus()
        secret.selectAll()  # most failures are a mistyped secret: type it again at once

    def _refuse(self, message: str) -> None:
        QMessageBox.information(self, self.tr("Signataire"), message)
