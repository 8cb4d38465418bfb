"""Start the window: `socle-desktop` with no command calls `run_app`.

`create_application` sets up what every window needs (HiDPI, French locale, Qt's own French
translations so standard buttons say « Annuler », our translations, the shipped fonts);
`run_app` shows the window, its list of dossiers « en cours de chargement », and opens the
library of the data folder just after that first paint (issue 15: the store and sqlite-utils
are not loaded before the window shows; nothing can act on the library before it is open).
With `smoke` it says « premier affichage » at the first paint and quits once the library is
open and listed (exit 1 when it could not be opened).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..catalogue.errors import describe_os_error
from ..paths import data_dir as resolve_data_dir
from ..resources import resource_path
from . import error_dialog
from .binding_guard import protect_none
from .scratch import remove_stale_folders
from .x11_check import missing_libraries_message

_translators: list[QTranslator] = []  # kept alive as long as the application



def language() -> str:
    """French unless SOCLE_LANG asks otherwise (an English .qm can then be dropped in)."""
    return os.environ.get("SOCLE_LANG", "fr")


# Qt's file dialog writes sizes and dates with the *system* locale (QLocale::system(), read from
# the environment when Qt starts), not the application's: on a machine set to English or to C,
# the French dialog showed « 2 bytes » and « 4 12 2026 ». The window is French whatever the
# system's language, so those categories are French too (LC_ALL, when set, is left alone).
SYSTEM_LOCALE_CATEGORIES = ("LC_MESSAGES", "LC_NUMERIC", "LC_TIME")


def system_locale_for(lang: str, environ=os.environ) -> dict[str, str]:
    """The locale variables to set before Qt starts so that its system locale speaks `lang`."""
    if not lang.startswith("fr") or environ.get("LC_ALL"):
        return {}
    changes = {}
    for category in SYSTEM_LOCALE_CATEGORIES:
        current = environ.get(category) or environ.get("LANG") or "C"
        if not current.lower().startswith("fr"):
            changes[category] = "fr_FR.UTF-8"
    return changes


def create_application(argv: list[str] | None = None, defer_fonts: bool = False) -> QApplication:
    """`defer_fonts`: the caller adds the shipped fonts itself (add_fonts), after the window's
    first paint, which shows no amount (issue 15)."""
    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    os.environ.update(system_locale_for(language()))
    app = QApplication(argv if argv is not None else sys.argv[:1])
    protect_none()  # PySide6 6.12.0 would otherwise abort the window after a few thousand edits
    app.setApplicationName("socle-desktop")
    app.setOrganizationName("socle-desktop")
    app.setApplicationDisplayName("socle-desktop")
    app.setDesktopFileName("fr.socle_desktop.SocleDesktop")  # packaging/linux
    icon = resource_path("icons", "socle-desktop.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_translations(app, language())
    if not defer_fonts:
        add_fonts()
    return app


def add_fonts() -> None:
    """The shipped fonts (DejaVu: every character of a French amount, U+202F included), once."""
    if getattr(add_fonts, "done", False):
        return
    add_fonts.done = True
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = resource_path("fonts", name)
        if font.exists():
            QFontDatabase.addApplicationFont(str(font))


def install_translations(app: QCoreApplication, lang: str) -> None:
    locale = QLocale(lang)
    QLocale.setDefault(locale)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [("qtbase", qt_dir), ("socle_desktop", str(resource_path("translations")))]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            _translators.append(translator)
    if locale.language() == QLocale.Language.French:
        # Asked first (installed last): the few words of Qt's dialogs qtbase_fr lacks.
        from .qt_french import QtFrenchComplements

        complements = QtFrenchComplements(app)
        app.installTranslator(complements)
        _translators.append(complements)


class _FirstPaint(QObject):
    """Notes when the window is painted for the first time."""

    def __init__(self, on_paint):
        super().__init__()
        self.on_paint = on_paint
        self.done = False

    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Paint:
            self.done = True
            QTimer.singleShot(0, self.on_paint)
        return False


def open_library(folder: Path):
    """The store's Library, or None after telling the user (in French) what to do."""
    from ..store import Library, LibraryDamagedError, LibraryError, LibraryLockedError  # after the first paint

    try:
        library = Library.open(folder)
    except LibraryError as error:
        if isinstance(error, LibraryDamagedError) and error.latest_backup is not None:
            return _offer_restore(folder, error)
        translate = QCoreApplication.translate
        if isinstance(error, LibraryLockedError):
            advice = translate("app", "Fermez l'autre fenêtre de socle-desktop, puis relancez.")
        elif isinstance(error, LibraryDamagedError):
            advice = translate("app", "Aucune sauvegarde automatique n'a été trouvée ; la commande "
                                      "« socle-desktop check » en dit plus.")
        else:
            advice = translate("app", "Vérifiez que le dossier des données est accessible en écriture : %1"
                               ).replace("%1", str(folder))
        from ..catalogue.errors import error_text

        QMessageBox.critical(None, "socle-desktop", QCoreApplication.translate("app",
            "La bibliothèque des dossiers n'a pas pu être ouverte : %1\n\n%2")
            .replace("%1", error_text(error)).replace("%2", advice))
        return None
    _show_warnings(library)
    return library


def _show_warnings(library) -> None:
    """Problems that did not stop the library from opening (a daily backup not written…)."""
    from ..catalogue.errors import error_text

    for warning in library.warnings:
        QMessageBox.warning(None, "socle-desktop", error_text(warning))


def _offer_restore(folder: Path, error):
    """A damaged library: salvage what it still holds, show what each way back would restore
    (the salvaged state, the backups, dossier by dossier) and what the proposed one would lose;
    the damaged file is kept aside."""
    from ..catalogue.errors import error_text
    from ..catalogue.store_errors import content_title, recovery_lines, recovery_losses
    from ..store import Library, LibraryError, salvage

    translate = QCoreApplication.translate
    options = salvage.plan_recovery(folder)
    chosen = salvage.default_choice(options)
    if chosen is None:
        QMessageBox.critical(None, "socle-desktop", translate("app",
            "La bibliothèque des dossiers est endommagée : %1\n\nRien n'a pu en être récupéré et aucune "
            "sauvegarde n'est lisible : n'effacez pas ce fichier.").replace("%1", error_text(error)))
        return None
    compared = "\n".join(recovery_lines(options, limit=12))
    lost = "\n".join(recovery_losses(chosen, options))
    warning = translate("app", "\n\nAttention : %1").replace("%1", lost) if lost else ""
    answer = QMessageBox.question(None, "socle-desktop", translate("app",
        "La bibliothèque des dossiers est endommagée : %1\n\nCe que chaque solution remettrait en place :\n%2"
        "\n\nRemettre en place la solution 1 (%3) ? Le fichier endommagé est gardé de côté, rien n'est "
        "effacé. (Pour une autre solution : socle-desktop check --restaurer FICHIER.)%4")
        .replace("%1", error_text(error.detail)).replace("%2", compared)
        .replace("%3", content_title(chosen)).replace("%4", warning))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        Library.restore_backup(folder, chosen.path)
        library = Library.open(folder)
    except LibraryError as second_error:
        QMessageBox.critical(None, "socle-desktop", translate("app",
            "La sauvegarde n'a pas pu être remise en place : %1").replace("%1", error_text(second_error)))
        return None
    QMessageBox.information(None, "socle-desktop", translate("app",
        "%1 a été remise en place (%n dossier(s)). Le fichier endommagé est dans le sous-dossier "
        "« mises-de-cote » du dossier des données.", "", len(chosen.dossiers))
        .replace("%1", content_title(chosen)))
    return library


def _dismiss_dialogs_in_smoke_runs(app: QApplication) -> QTimer:
    """A smoke run (a packager's check, CI) must never wait for a click: a dialog shown at start
    (a damaged library, a warning) is written to stderr once painted, then answered « non »."""

    def dismiss():
        dialog = app.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        print(f"dialogue : {' '.join(text.split())}", file=sys.stderr)
        dialog.reject()

    timer = QTimer(app)
    timer.timeout.connect(dismiss)
    timer.start(300)
    return timer


def make_settings(folder: Path) -> QSettings:
    """Window settings live beside the data (never in the system registry): one folder to back up."""
    return QSettings(str(folder / "fenetre.ini"), QSettings.IniFormat)


# A window that is never painted (started minimised, say) still opens its library.
OPEN_WITHOUT_PAINT_MS = 1000


def run_app(data_dir=None, smoke: bool = False) -> int:
    started = time.perf_counter()
    problem = missing_libraries_message()
    if problem:
        print(f"socle-desktop : {problem}", file=sys.stderr)
        return 2
    app = create_application(defer_fonts=True)  # added before the library's list shows an amount
    if smoke:
        dismisser = _dismiss_dialogs_in_smoke_runs(app)  # noqa: F841 (kept alive until the end)
    folder = resolve_data_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        QMessageBox.critical(None, "socle-desktop", QCoreApplication.translate("app",
            "Le dossier des données %1 n'a pas pu être créé : %2").replace("%1", str(folder))
            .replace("%2", describe_os_error(error)))
        return 1
    # From here, anything unexpected is logged and said in French (the log file itself is set up
    # just after the first paint, or by the first error if one comes before).
    error_dialog.install(folder, open_log=False)
    from .main_window import MainWindow

    window = MainWindow(None, make_settings(folder))  # its library comes just after the first paint
    opened: list = []  # the library, once open
    tried = False

    def open_the_library() -> None:
        nonlocal tried
        if tried:  # at the first paint, or without one after OPEN_WITHOUT_PAINT_MS: once
            return
        tried = True
        add_fonts()
        error_dialog.open_log_file()
        remove_stale_folders()  # previews left by a run that did not close (older than a day)
        from ..resources import use_imported_rules

        use_imported_rules(folder)  # the editions brought by an imported campaign file
        library = open_library(folder)  # its French dialogs, as before; the window waits behind them
        if library is None:
            window.close()
            app.exit(1)
            return
        opened.append(library)
        window.attach_library(library)
        if smoke:
            QTimer.singleShot(0, app.quit)  # the list is filled: the smoke run ends well

    def painted() -> None:
        if smoke:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"premier affichage : {elapsed:.0f} ms", file=sys.stderr, flush=True)
        QTimer.singleShot(0, open_the_library)

    watcher = _FirstPaint(painted)
    window.installEventFilter(watcher)
    QTimer.singleShot(OPEN_WITHOUT_PAINT_MS, open_the_library)
    if smoke:
        QTimer.singleShot(30000, lambda: app.exit(1))  # never hang a smoke test
    try:
        window.show()
        return app.exec()
    finally:
        for library in opened:
            library.close()
