"""« Vérifier un paquet » without a terminal: the Start-menu shortcut (`socle-desktop --verifier`).

The check itself is the command line's `verify`, run as a child process of this same program:
its report is the one a reviewer gets in a terminal (untrusted text already made visible), its
exit code is the verdict, and a hostile bundle can exhaust only the child, never the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

# verify's exit codes (README « En ligne de commande »).
VERDICTS = {
    0: "Paquet intègre, lié à son signataire : il peut être instruit.",
    1: "Une vérification a échoué : ce paquet ne doit pas être instruit tel quel.",
    2: "Ce fichier n'est pas un paquet lisible.",
    4: "Paquet intègre, mais pas à instruire : brouillon ou exemple fictif.",
}
REPORT_LIMIT = 200_000  # characters kept from the child's output


def self_command() -> list[str]:
    """This program, as a command: the frozen executable, or this Python running the package."""
    if getattr(sys, "frozen", False):
        executable = Path(sys.executable)
        console = executable.with_name("socle-desktop-console.exe")  # Windows: the windowed exe has no stdout
        return [str(console if console.exists() else executable)]
    return [sys.executable, "-m", "socle_desktop"]


class VerifyWindow(QDialog):
    """Choose a bundle, see verify's report and its verdict."""

    verified = Signal(int)  # verify's exit code

    def __init__(self, data_dir: Path | None = None, parent=None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.process: QProcess | None = None
        self.setWindowTitle(self.tr("Vérifier un paquet"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Choisissez un paquet de dépôt (.zip). Son intégrité, ses signatures, son schéma et ses montants "
            "sont vérifiés ; rien n'est modifié ni envoyé.")))
        self.choose_button = QPushButton(self.tr("&Choisir un paquet…"))
        self.choose_button.clicked.connect(self.choose)
        layout.addWidget(self.choose_button)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setFont(QFont("DejaVu Sans Mono"))
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Paquet à vérifier"), "",
                                                    self.tr("Paquets de dépôt (*.zip);;Tous les fichiers (*)"))
        if path:
            self.verify(Path(path))

    def verify(self, bundle: Path) -> None:
        if self.process is not None:
            return
        self.report.clear()
        self.verdict.setText(self.tr("Vérification de %1…").replace("%1", bundle.name))
        self.choose_button.setEnabled(False)
        command = self_command()
        if self.data_dir is not None:
            command += ["--data-dir", str(self.data_dir)]
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed_to_start)
        self.process.start(command[0], [*command[1:], "verify", str(bundle)])

    def _finished(self, exit_code: int, _status) -> None:
        output = bytes(self.process.readAll()).decode("utf-8", errors="replace")[:REPORT_LIMIT]
        self.report.setPlainText(output)
        self.verdict.setText(VERDICTS.get(exit_code, self.tr("La vérification s'est arrêtée (code %1).")
                                          .replace("%1", str(exit_code))))
        self._done(exit_code)

    def _failed_to_start(self, error) -> None:
        if error != QProcess.ProcessError.FailedToStart:
            return
        self.verdict.setText(self.tr("La vérification n'a pas pu être lancée."))
        self._done(-1)

    def _done(self, exit_code: int) -> None:
        self.process = None
        self.choose_button.setEnabled(True)
        self.verified.emit(exit_code)


def run_verify_window(data_dir=None) -> int:
    from .app import create_application

    app = create_application()
    window = VerifyWindow(Path(data_dir) if data_dir else None)
    window.show()
    return app.exec()
