"""« Fichier › Importer une campagne… »: check the file, confirm its signer, configure in one step.

The file is read and checked in a worker thread (zip, bag, CMS signature: a second or so the
first time); then the dialog shows the signer and the fingerprint of its certificate, and the
user either types the fingerprint the académie published (any case, with or without « : »), or
ticks that the one shown is identical to it. Only then is the campaign imported (outbox address,
TLS pin, rules edition). Errors are one French sentence in the dialog; nothing is imported.

`CampaignBanner` is the one line the window shows once a campaign is imported: its title, the
deadline and the days left; with none, where a campaign file comes from.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from .. import catalogue
from .worker import JobThread


def deadline_line(campaign) -> str:
    return f"Campagne « {campaign.titre} » — date limite de dépôt : {catalogue.campaign_deadline(campaign)}"


class CampaignImportDialog(QDialog):
    imported = Signal(object)  # the Campaign

    def __init__(self, data_dir: Path | str, path: Path | str, parent=None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.path = Path(path)
        self.campaign = None
        self.setWindowTitle(self.tr("Importer une campagne"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Vérification du fichier %1…").replace("%1", self.path.name))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setPlaceholderText(self.tr("Empreinte SHA-256 publiée par l'académie"))
        self.fingerprint_edit.setAccessibleName(self.tr("Empreinte publiée par l'académie"))
        self.fingerprint_edit.textChanged.connect(self._update)
        layout.addWidget(self.fingerprint_edit)
        self.confirm_box = QCheckBox(self.tr(
            "J'ai comparé : l'empreinte affichée est identique à celle publiée par l'académie"))
        self.confirm_box.toggled.connect(self._update)
        layout.addWidget(self.confirm_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.PlainText)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = self.buttons.addButton(self.tr("&Importer"), QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for widget in (self.fingerprint_edit, self.confirm_box, self.import_button):
            widget.setEnabled(False)
        self.thread = JobThread(lambda _progress, _cancel: self._read(), self._describe, self)
        self.thread.succeeded.connect(self._checked)
        self.thread.failed.connect(self._refused)
        self.thread.start()

    def _read(self):
        from ..export.campaign import read_campaign

        return read_campaign(self.path)

    @staticmethod
    def _describe(error: BaseException) -> str:
        from ..export.campaign import CampaignError

        if isinstance(error, CampaignError):
            return catalogue.error_text(error)
        from .error_dialog import unexpected_line

        return unexpected_line(error, "lecture du fichier de campagne")

    def _checked(self, campaign) -> None:

        self.campaign = campaign
        lines = catalogue.campaign_summary_lines(campaign)
        self.summary.setText("\n".join([
            *lines[:-1], "",
            self.tr("Signataire du fichier : %1").replace("%1", campaign.signer),
            self.tr("Empreinte de son certificat : %1").replace("%1", _grouped(campaign.signer_fingerprint)),
            "",
            self.tr("Comparez cette empreinte avec celle que l'académie a publiée (site officiel, courrier) : "
                    "tapez-la ci-dessous, ou cochez la case si elle est identique."),
        ]))
        self.fingerprint_edit.setEnabled(True)
        self.confirm_box.setEnabled(True)
        self.fingerprint_edit.setFocus()
        self._update()

    def _refused(self, message: str) -> None:
        self.summary.setText(self.tr("Ce fichier ne peut pas être importé."))
        self.message.setText(message)

    def typed_fingerprint(self) -> str:
        from ..domain.fingerprints import normalise_fingerprint

        return normalise_fingerprint(self.fingerprint_edit.text())

    def _update(self) -> None:
        if self.campaign is None:
            return
        typed = self.fingerprint_edit.text().strip()
        if typed and not self.typed_fingerprint():
            self.message.setText(self.tr("Une empreinte compte 64 caractères hexadécimaux."))
        elif typed and self.typed_fingerprint() != self.campaign.signer_fingerprint:
            self.message.setText(self.tr("Cette empreinte n'est pas celle du signataire de ce fichier : "
                                         "ne l'importez pas, et signalez-le à l'académie."))
        else:
            self.message.setText("")
        self.import_button.setEnabled(self.confirm_box.isChecked() or
                                      self.typed_fingerprint() == self.campaign.signer_fingerprint)

    def do_import(self) -> bool:
        from ..app.campaign import import_campaign
        from ..app.errors import JobRefused
        from ..export.campaign import CampaignError

        if self.campaign is None or not self.import_button.isEnabled():
            return False
        expected = self.typed_fingerprint() or self.campaign.signer_fingerprint
        try:
            campaign = import_campaign(self.data_dir, self.path, expected)
        except CampaignError as error:
            self.message.setText(catalogue.error_text(error))
            return False
        except JobRefused as error:
            self.message.setText(catalogue.refusal(error))
            return False
        self.imported.emit(campaign)
        self.accept()
        return True

    def done(self, result: int) -> None:
        if self.thread.isRunning():
            self.thread.wait(10_000)
        super().done(result)


def _grouped(fingerprint: str) -> str:
    from ..domain.fingerprints import format_fingerprint

    return format_fingerprint(fingerprint)
