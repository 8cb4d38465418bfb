"""Preview and print a PDF inside the application (QtPdf), from its bytes.

Once a dossier is signed, what is shown and printed is the signed PDF's own bytes (the
`data/dossier.pdf` of the bundle), never a re-rendering; before that, an unsigned preview that
carries « APERÇU — non signé » on every page. No system PDF viewer is needed; a printing failure
(no printer, a printer that refuses the job) is said in a message, never silent.

QtPdf comes with the PySide6-Addons wheel; it is imported only when a preview is opened, so
that the window's start-up does not pay for it (about 40 ms and 4 MB of library).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QSize, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)


class PdfPreview(QDialog):
    """A window over one PDF held in memory; `data` is exactly what is shown and printed."""

    def __init__(self, data: bytes, *, title: str, signed: bool, parent=None):
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.setWindowTitle(title)
        self.data = bytes(data)
        self.signed = signed
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.data))
        self._buffer.open(QIODevice.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        layout = QVBoxLayout(self)
        self.banner = QLabel(self.tr(
            "PDF signé : ce qui s'affiche et s'imprime est exactement le fichier du paquet de dépôt.") if signed
            else self.tr("APERÇU — non signé : ce n'est pas le document qui sera signé et déposé ; "
                         "chaque page le porte."))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("padding: 6px; font-weight: bold; " + (
            "background: #e6f2e6; color: #1d5e20;" if signed else "background: #fdebd3; color: #8a4600;"))
        layout.addWidget(self.banner)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Imprimer…"))
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton(self.tr("&Fermer"))
        close.clicked.connect(self.close)
        row.addStretch()
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(820, 900)

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        from PySide6.QtPdf import QPdfDocument

        if self.document.status() == QPdfDocument.Status.Loading:
            loop = QEventLoop()
            self.document.statusChanged.connect(lambda _status: loop.quit())
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
        return self.document.status() == QPdfDocument.Status.Ready

    def page_count(self) -> int:
        self.wait_loaded()
        return self.document.pageCount()

    def print_document(self) -> bool:
        """The system's print dialog, then every page; each failure is said in a message."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo

        if not QPrinterInfo.availablePrinters():
            QMessageBox.warning(self, self.tr("Impression impossible"), self.tr(
                "Aucune imprimante n'est installée sur cet ordinateur. Installez-en une, ou copiez le PDF "
                "(dossier de destination de l'export) sur un poste qui imprime : c'est le même fichier."))
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer) -> bool:
        """Draw each page of the document onto `printer` at its resolution."""
        if not self.wait_loaded():
            QMessageBox.warning(self, self.tr("Impression impossible"), self.tr(
                "Le PDF n'a pas pu être lu pour l'impression."))
            return False
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("Impression impossible"), self.tr(
                "L'imprimante « %1 » a refusé le travail : vérifiez qu'elle est allumée et "
                "disponible, puis recommencez.").replace("%1", printer.printerName() or printer.outputFileName()))
            return False
        try:
            for index in range(self.document.pageCount()):
                if index:
                    printer.newPage()
                area = painter.viewport()
                size = self.document.pagePointSize(index)
                scale = min(area.width() / size.width(), area.height() / size.height())
                target = QSize(int(size.width() * scale), int(size.height() * scale))
                image = self.document.render(index, target)
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        return True
