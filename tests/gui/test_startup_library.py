"""The window paints before its library is open (issue 15): until then it says so and nothing
can act on the library; once open, the list and every action are there. A library held by
another window still gets its French explanation, and the second window does not stay."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt

from socle_desktop.domain.model import Dossier
from socle_desktop.gui.app import make_settings
from socle_desktop.gui.main_window import MainWindow
from socle_desktop.store import Library

LIBRARY_ACTIONS = ("&Nouveau dossier", "&Importer un dossier JSON…", "Importer une c&ampagne…", "&Bibliothèque",
                   "Boîte d'&envoi", "&Réception des dossiers (services de l'État)",
                   "Ouvrir le &dossier de démonstration")


def _actions(window) -> dict[str, object]:
    found = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text():
                found[action.text()] = action
    return found


def _library_buttons(page) -> list:
    return [page.new_button, page.open_button, page.duplicate_button, page.trash_button, page.import_button,
            page.restore_button, page.purge_button, page.demo_button, page.outbox_button, page.reception_button]


def test_until_its_library_is_open_the_window_says_so_and_nothing_acts_on_it(qtbot, tmp_path, dialogs):
    folder = tmp_path / "donnees"
    with Library.open(folder) as library:
        dossier_id = library.create(Dossier())
    window = MainWindow(None, make_settings(folder))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.library_page
    assert page.loading_label.isVisible() and "Chargement" in page.loading_label.text()
    assert [button.text() for button in _library_buttons(page) if button.isEnabled()] == []
    actions = _actions(window)
    assert [text for text in LIBRARY_ACTIONS if actions[text].isEnabled()] == []
    for text in LIBRARY_ACTIONS:  # a shortcut pressed early: a disabled action does nothing
        actions[text].trigger()
    page.new_dossier()  # and the page's own slots refuse without a library
    page.open_demo()
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert window.session is None and window.outbox_page is None and dialogs.shown == []
    assert window.stack.currentWidget() is page

    library = Library.open(folder)
    try:
        window.attach_library(library)
        assert not page.loading_label.isVisible()
        assert page.table.rowCount() == 1 and page.selected_id() == dossier_id
        assert [button.text() for button in _library_buttons(page) if not button.isEnabled()] == []
        assert [text for text in LIBRARY_ACTIONS if not actions[text].isEnabled()] == []
        qtbot.waitUntil(lambda: window._outbox_tried)  # built after the paint, once the library is open
        actions["&Nouveau dossier"].trigger()
        assert window.session is not None
        assert len(library.list_dossiers()) == 2
    finally:
        window.close()
        library.close()


def test_a_library_held_by_another_window_is_explained_and_the_second_window_leaves(tmp_path):
    folder = tmp_path / "donnees"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(folder))
    with Library.open(folder):  # the first window's library
        done = subprocess.run([sys.executable, "-m", "socle_desktop", "--smoke"], capture_output=True,
                              text=True, env=env, timeout=180)
    assert done.returncode == 1, done.stderr
    assert "premier affichage" in done.stderr
    assert "dialogue : La bibliothèque des dossiers n'a pas pu être ouverte" in done.stderr
    assert "Fermez l'autre fenêtre de socle-desktop" in done.stderr


def test_the_smoke_run_ends_once_the_library_is_open(tmp_path):
    folder = tmp_path / "donnees"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SOCLE_DATA_DIR=str(folder))
    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--smoke"], capture_output=True, text=True,
                          env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (folder / "bibliotheque.sqlite").is_file()  # opened (here: created) after the first paint
