"""The window's path for what nobody expected: logged, then said once, with what to do.

`install(data_dir)` (at start) sends the log to the data folder's rotating `journaux/erreurs.log`
(the file the command line writes too, see errorlog.py) and routes every uncaught exception (a
slot, a timer, a thread) to `show_unexpected`. Expected errors (a locked library, a refused
bundle) keep their own French message where they happen; this is for the others.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

_log_folder: list[Path | str] = []  # the data folder whose log is opened at the first need (see install)


def install(data_dir: Path | str, open_log: bool = True) -> Path | None:
    """Log to the data folder and catch every uncaught exception; returns the log's path.

    With `open_log=False` (the window's start) the exceptions are caught at once but the log file
    is set up by `open_log()` after the first paint, or by the first error if it comes earlier."""
    _log_folder[:] = [data_dir]
    sys.excepthook = _excepthook
    threading.excepthook = lambda args: _excepthook(args.exc_type, args.exc_value, args.exc_traceback)
    return open_log_file() if open_log else None


def open_log_file() -> Path | None:
    """Set up the log of the folder given to install (once; None when it cannot be written)."""
    from .. import errorlog  # (logging.handlers: after the window's first paint)

    return errorlog.setup(_log_folder[0]) if _log_folder else None


def _excepthook(kind, error, traceback) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    if error is None:
        error = kind()
    if error.__traceback__ is None:
        error = error.with_traceback(traceback)
    show_unexpected(error)


def _said(error: BaseException) -> str:
    """The error as its message: a coded one worded by the catalogue (not its code), else str()."""
    from ..catalogue.errors import error_text
    from ..domain.coded_error import CodedError

    return error_text(error) if isinstance(error, CodedError) else str(error)


def unexpected_text(error: BaseException, log: Path | None, what: str = "") -> str:
    translate = QCoreApplication.translate
    text = translate("errors", "Une erreur inattendue s'est produite%1 : %2.").replace(
        "%1", f" ({what})" if what else "").replace("%2", f"{type(error).__name__} : {_said(error)}")
    text += "\n\n" + translate("errors", "Vos dossiers sont enregistrés à chaque modification : rien de ce "
                                         "qui était enregistré n'est perdu. Si l'erreur revient, fermez puis "
                                         "rouvrez l'application.")
    if log is not None:
        text += "\n\n" + translate("errors", "Les détails sont dans le journal %1 ; joignez-le à votre "
                                             "message si vous signalez le problème.").replace("%1", str(log))
    else:
        text += "\n\n" + translate("errors", "Le journal des erreurs n'a pas pu être écrit dans le dossier "
                                             "des données.")
    return text


def show_unexpected(error: BaseException, what: str = "", parent=None) -> Path | None:
    """Log `error` and tell the user (from any thread: the dialog opens in the window's).
    Returns the log's path when it was written."""
    from .. import errorlog

    open_log_file()  # already open, but for an error before the window's first paint
    log = errorlog.log_error(error, what or "fenêtre")
    text = unexpected_text(error, log, what)
    app = QApplication.instance()
    if app is None:
        print(f"socle-desktop : {text}", file=sys.stderr)
        return log
    if QThread.currentThread() is not app.thread():
        QTimer.singleShot(0, app, lambda: _dialog(text, None))  # runs in the window's thread
    else:
        _dialog(text, parent if isinstance(parent, QObject) else None)
    return log


def unexpected_line(error: BaseException, what: str = "") -> str:
    """For a job that failed in a worker thread, where the page says the failure on one line:
    the error is logged, and the line says it was unexpected and where the log is. (A job's
    expected errors keep their own words; this is for the others.)"""
    from .. import errorlog

    open_log_file()
    log = errorlog.log_error(error, what or "fenêtre")
    translate = QCoreApplication.translate
    text = translate("errors", "erreur inattendue (%1)").replace("%1", f"{type(error).__name__} : {_said(error)}")
    if log is not None:
        text += translate("errors", " ; détails dans le journal %1").replace("%1", str(log))
    return text


def _dialog(text: str, parent) -> None:
    QMessageBox.critical(parent, QCoreApplication.translate("errors", "socle-desktop — erreur inattendue"), text)
