"""What nobody expected reaches the user as one French dialog that says what to do and where
the log is, and the traceback reaches the log of the data folder (the command line's file)."""

from __future__ import annotations

import sys
import threading

import pytest

from socle_desktop import errorlog
from socle_desktop.gui import error_dialog


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # given back after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = error_dialog.install(tmp_path)
    yield path
    for handler in list(errorlog.LOGGER.handlers):
        errorlog.LOGGER.removeHandler(handler)
        handler.close()


def raised() -> BaseException:
    try:
        [][1]
    except IndexError as error:
        return error
    raise AssertionError("unreachable")


def test_an_uncaught_exception_is_logged_and_said_with_the_log_path(installed, dialogs, tmp_path):
    assert installed == tmp_path / "journaux" / "erreurs.log"
    error = raised()
    sys.excepthook(type(error), error, error.__traceback__)
    ((kind, _title, text),) = dialogs.shown
    assert kind == "critical"
    assert "Une erreur inattendue s'est produite" in text and "IndexError" in text
    assert "fermez puis rouvrez l'application" in text
    assert str(installed) in text
    assert "Traceback" in installed.read_text(encoding="utf-8")


def test_an_unexpected_coded_error_is_said_in_french_not_as_its_code(installed, dialogs):
    """A coded error no page expected (a broken installation's référentiel) is worded by the
    catalogue in the dialog and the worker's line, never shown as its code (issue 9)."""
    from socle_desktop.domain.referentiel import ReferentielError

    error = ReferentielError("referentiel_missing", cause=ValueError("bad gzip"))
    sys.excepthook(type(error), error, None)
    ((_kind, _title, text),) = dialogs.shown
    said = "référentiel des communes introuvable ou illisible : contenu endommagé"
    assert f"ReferentielError : {said}" in text and "referentiel_missing" not in text
    assert said in error_dialog.unexpected_line(error)


def test_an_exception_in_a_thread_reaches_the_window(installed, dialogs, qtbot):
    thread = threading.Thread(target=lambda: [][1])
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=5000)
    assert dialogs.shown[0][0] == "critical" and "IndexError" in dialogs.shown[0][2]


def test_an_expected_error_keeps_its_own_message_and_is_not_logged(app, dialogs, monkeypatch, installed):
    from socle_desktop.domain.model import Dossier
    from socle_desktop.store import LibraryError

    def refuse(*_args):
        raise LibraryError("library_read_only")  # « la bibliothèque est ouverte en lecture seule (…) »

    page = app.window.library_page
    app.library.create(Dossier())
    page.refresh()
    assert page.selected_id() is not None
    monkeypatch.setattr(app.library, "duplicate", refuse)
    page.duplicate_selected()
    ((kind, _title, text),) = [shown for shown in dialogs.shown if shown[0] != "information"]
    assert kind == "warning" and "ouverte en lecture seule" in text and "library_read_only" not in text
    assert not installed.exists()


def test_an_error_before_the_windows_first_paint_is_logged_too(tmp_path, monkeypatch, dialogs):
    """The window's start catches exceptions at once but sets its log file up after the first
    paint (issue 15): an error that comes earlier sets it up itself and is logged all the same."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    for handler in list(errorlog.LOGGER.handlers):  # another test's log
        errorlog.LOGGER.removeHandler(handler)
        handler.close()
    try:
        assert error_dialog.install(tmp_path, open_log=False) is None
        assert errorlog.LOGGER.handlers == []  # nothing opened yet
        error = raised()
        sys.excepthook(type(error), error, error.__traceback__)
        log = tmp_path / "journaux" / "erreurs.log"
        ((kind, _title, text),) = dialogs.shown
        assert kind == "critical" and str(log) in text
        assert "IndexError" in log.read_text(encoding="utf-8")
        assert error_dialog.open_log_file() == log  # after the paint: the same file, once
        assert len(errorlog.LOGGER.handlers) == 1
    finally:
        for handler in list(errorlog.LOGGER.handlers):
            errorlog.LOGGER.removeHandler(handler)
            handler.close()


def _describers():
    from socle_desktop.gui import line_import, reception_page
    from socle_desktop.gui.campaign import CampaignImportDialog
    from socle_desktop.gui.pages import export_page

    return {"import de lignes": line_import.describe_error, "réception": reception_page.describe_error,
            "campagne": CampaignImportDialog._describe, "export": export_page.describe_error}


@pytest.mark.parametrize("page", ["import de lignes", "réception", "campagne", "export"])
def test_a_bug_in_a_worker_is_logged_and_never_passed_off_as_the_files_fault(installed, page):
    """A job that fails in a worker thread says so on one line: an error nobody expected is
    logged and the line says where the log is; it is never worded as « fichier illisible »."""
    error = raised()
    text = _describers()[page](error)
    assert "erreur inattendue" in text and "IndexError" in text and str(installed) in text
    assert "illisible" not in text
    assert "Traceback" in installed.read_text(encoding="utf-8")


def test_a_file_the_system_refuses_is_said_in_french_by_the_line_import(installed):
    from socle_desktop.gui import line_import

    text = line_import.describe_error(PermissionError(13, "Permission denied", "/tmp/devis.xlsx"))
    assert "Permission" not in text and "PermissionError" not in text
    assert not installed.exists()  # expected: not logged
