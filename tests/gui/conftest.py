"""GUI tests run offscreen, on a fresh data folder each, with no modal dialog able to block."""

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import
sys.path.insert(0, str(Path(__file__).parent))  # gui_helpers

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

# Received bundles for the Réception page's tests (tests/reception_bundles.py).
from reception_bundles import received, reception_identity  # noqa: F401

from socle_desktop.gui.app import install_translations, make_settings


class Dialogs:
    """Every static dialog replaced: tests set the answers, and read what was shown."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.answer = QMessageBox.Yes
        self.open_files: list[str] = []
        self.save_file = ""
        self.directory = ""
        self.opened_urls: list = []
        self.box_choice = ""  # the button to press in a QMessageBox with its own buttons

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(scope="session", autouse=True)
def french(qapp):
    install_translations(qapp, "fr")


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    recorder = Dialogs()

    def box(kind):
        def show(parent, title, text, *args, **kwargs):
            recorder.shown.append((kind, title, text))
            return recorder.answer if kind == "question" else QMessageBox.Ok
        return staticmethod(show)

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))

    def exec_box(self):
        """A QMessageBox built with its own buttons: record it, press the button whose text holds
        `recorder.box_choice` (else the Escape button), never wait for a user."""
        recorder.shown.append(("box", self.windowTitle(), self.text()))
        chosen = next((b for b in self.buttons() if recorder.box_choice
                       and recorder.box_choice in b.text().replace("&", "")), None) or self.escapeButton()
        if chosen is not None:
            chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (recorder.open_files[0] if recorder.open_files else "", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: (list(recorder.open_files), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (recorder.save_file, "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: recorder.directory))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: recorder.opened_urls.append(url)))
    return recorder


class App:
    """The real main window on a data folder; `restart()` closes it and opens it again."""

    def __init__(self, qtbot, data_dir):
        self.qtbot = qtbot
        self.data_dir = data_dir
        self.library = None
        self.window = None
        self.start()

    def start(self):
        from socle_desktop.gui.main_window import MainWindow
        from socle_desktop.store import Library

        self.library = Library.open(self.data_dir)
        self.window = MainWindow(self.library, make_settings(self.data_dir))
        self.qtbot.addWidget(self.window)
        self.window.show()
        self.qtbot.waitExposed(self.window)
        return self.window

    def stop(self):
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.library is not None:
            self.library.close()
            self.library = None

    def restart(self):
        self.stop()
        return self.start()


@pytest.fixture
def app(qtbot, tmp_path):
    running = App(qtbot, tmp_path / "donnees")
    yield running
    running.stop()
