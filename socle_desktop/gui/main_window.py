"""The main window: the library, the editor of the open dossier, menus, undo and status bar.

It is shown before its library is open (issue 15: the store loads after the first paint): until
`attach_library`, the list says « Chargement… » and every action on the library is disabled.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import catalogue
from ..domain.text import visible
from .binding_guard import protect_none
from .library_page import LibraryPage
from .scratch import remove_own_folders
from .steady_label import ElidedLabel, SteadyLabel

DEFAULT_SIZE = (1200, 800)
_SAVED_STYLE = "color: palette(mid);"
_NOT_SAVED_STYLE = "color: #a4161a; font-weight: bold;"


class _FirstPaintWatch(QObject):
    """Tells the window of its first paint, then removes itself (holding no reference to the
    window: a cycle would keep a closed window's Python side alive)."""

    def __init__(self, window):
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            watched._painted()
        return False


class MainWindow(QMainWindow):
    _first_painted = False  # see event(): the outbox page is built after the first paint

    def __init__(self, library=None, settings=None, parent=None):
        super().__init__(parent)
        protect_none()  # also when the QApplication was made elsewhere (tests, embedding)
        self.library = None  # set by attach_library: the given one, or the one run_app opens later
        self.settings = settings
        self.session = None  # DossierSession of the open dossier
        self.editor = None  # its Editor
        self._save_error_shown = False
        self.setWindowTitle(self.tr("Dossiers « socle numérique »"))  # Qt adds « — socle-desktop »
        self.undo_group = QUndoGroup(self)
        self.stack = QStackedWidget()
        self.library_page = LibraryPage(None)
        self.library_page.open_requested.connect(self.open_dossier)
        self.library_page.status_message.connect(self.show_status)
        self.stack.addWidget(self.library_page)
        self.editor_area = None  # built with the first dossier opened (_ensure_editor_area)
        self.outbox_area = None
        self._outbox = None
        self._outbox_tried = False
        self.library_page.add_outbox_button(self.show_outbox)
        self.reception_area = None
        self._reception = None
        self.library_page.add_reception_choice(self.show_reception)
        # The outbox page is built just after the first paint, once the library is open (it loads
        # the network client, httpx and truststore): start-up stays quick (issue 15). A window
        # never painted builds it when first asked.
        self.setCentralWidget(self.stack)
        self._library_actions: list[QAction] = []  # disabled until the library is open
        self._menus()
        self.campaign_dialog = None
        self.campaign_label = QLabel()
        self.campaign_label.setTextFormat(Qt.PlainText)
        self.campaign_label.setAccessibleName(self.tr("Campagne et date limite de dépôt"))
        self.statusBar().addPermanentWidget(self.campaign_label)
        self.saved_label = SteadyLabel()  # « Enregistré à … » at each keystroke: see SteadyLabel
        self.saved_label.setAccessibleName(self.tr("État de l'enregistrement"))
        self.statusBar().addPermanentWidget(self.saved_label)
        self._restore_geometry()
        # An event filter that leaves after the first paint, rather than an event() override
        # that would take every event of the window through Python for its whole life.
        self._paint_watch = _FirstPaintWatch(self)
        if library is not None:
            self.attach_library(library)

    def attach_library(self, library) -> None:
        """The library is open: list its dossiers, allow every action on it, then (after this
        event) read the campaign and build the outbox page."""
        self.library = library
        self.library_page.attach_library(library)
        for action in self._library_actions:
            action.setEnabled(True)
        QTimer.singleShot(0, self, self.refresh_campaign)
        if self._first_painted:
            QTimer.singleShot(0, self, self._ensure_outbox)
        page = self.library_page  # the keyboard starts where the work is: the list, or the demo
        (page.table if page.table.rowCount() else page.demo_button).setFocus()
        if self.settings is not None and self.settings.value("fenetre/page") == "reception":
            self.show_reception()  # a State agent's window opens where they work

    # --- building ----------------------------------------------------------------------------

    def _ensure_editor_area(self) -> QWidget:
        """The dossier's area: its header (back to the library, its title) above its editor."""
        if self.editor_area is None:
            self.editor_area = QWidget()
            self.editor_layout = QVBoxLayout(self.editor_area)
            self.editor_layout.setContentsMargins(6, 6, 6, 0)
            self.editor_layout.addLayout(self._editor_header())
            self.stack.addWidget(self.editor_area)
        return self.editor_area

    def _editor_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Bibliothèque"))
        self.back_button.setAccessibleName(self.tr("Retour à la bibliothèque"))
        self.back_button.clicked.connect(self.show_library)
        self.dossier_title = ElidedLabel()
        font = self.dossier_title.font()
        font.setBold(True)
        self.dossier_title.setFont(font)
        header.addWidget(self.back_button)
        header.addWidget(self.dossier_title, 1)
        return header

    def _painted(self) -> None:
        """The first paint (see _FirstPaintWatch): the outbox page can be built now."""
        self._first_painted = True
        if self.library is not None:
            QTimer.singleShot(0, self, self._ensure_outbox)

    @property
    def outbox_page(self):
        return self._ensure_outbox()

    def _ensure_outbox(self):
        if not self._outbox_tried and self.library is not None:
            self._outbox_tried = True
            self._outbox = self._build_outbox_page()
        return self._outbox

    def _build_outbox_page(self):
        """The outbox helper's page, under a way back to the library (absent: no outbox)."""
        import sqlite3

        from ..outbox import OutboxError
        from ..store import LibraryError
        from .outbox_page import OutboxPage

        try:
            page = OutboxPage(self.library, self.settings)
        except (OutboxError, LibraryError, sqlite3.Error) as error:  # the dossiers stay usable: say why
            # the outbox is missing
            self.show_status(self.tr("La boîte d'envoi n'a pas pu s'ouvrir : %1").replace(
                "%1", catalogue.error_text(error)))
            return None
        page.dossiers_sent.connect(self.library_page.refresh)
        page.import_campaign_requested.connect(self.import_campaign_file)
        area = self._with_back_button(page)
        page.status_message.connect(self.show_status)
        self.outbox_area = area
        self.stack.addWidget(area)
        return page

    def _with_back_button(self, page: QWidget) -> QWidget:
        """A full-window page (outbox, reception) under a « ← Bibliothèque » button."""
        area = QWidget()
        column = QVBoxLayout(area)
        column.setContentsMargins(6, 6, 6, 0)
        back = QPushButton(self.tr("← &Bibliothèque"))
        back.setAccessibleName(self.tr("Retour à la bibliothèque"))
        back.clicked.connect(self.show_library)
        header = QHBoxLayout()
        header.addWidget(back)
        header.addStretch()
        column.addLayout(header)
        column.addWidget(page, 1)
        return area

    @property
    def reception_page(self):
        if self._reception is None:
            from .. import catalogue
            from ..reception.register import RegisterError
            from .error_dialog import show_unexpected
            from .reception_page import ReceptionPage

            try:
                page = ReceptionPage(self.library.data_dir)
            except RegisterError as error:  # a damaged register must not take the dossiers down with it
                self.error(self.tr("La réception n'a pas pu s'ouvrir"), catalogue.register_error(error),
                           self.tr("Les dossiers de la bibliothèque ne sont pas concernés."))
                return None
            except Exception as error:  # unexpected: logged, and said with what to do
                show_unexpected(error, self.tr("ouverture de la réception"), self)
                return None
            page.status_message.connect(self.show_status)
            area = self._with_back_button(page)
            self.reception_area = area
            self.stack.addWidget(area)
            self._reception = page
        return self._reception

    def show_reception(self) -> None:
        if self.library is None or self.reception_page is None:
            return
        self.undo_group.setActiveStack(None)
        self.reception_page.refresh()
        self.stack.setCurrentWidget(self.reception_area)
        self.setWindowTitle(self.tr("Réception des dossiers"))  # Qt adds « — socle-desktop »
        self._remember_page("reception")
        self.reception_page.table.setFocus()

    def _remember_page(self, page: str) -> None:
        if self.settings is not None:
            self.settings.setValue("fenetre/page", page)

    def queue_bundle(self, bundle_path) -> None:
        """Put a freshly signed bundle in the outbox, to be sent when a connection exists."""
        from ..outbox import OutboxError

        if self.outbox_page is None:
            return
        try:
            added = self.outbox_page.outbox.add(bundle_path)
        except OutboxError as error:
            self.error(self.tr("Le paquet n'a pas été mis dans la boîte d'envoi"), catalogue.error_text(error),
                       self.tr("Il reste dans le dossier d'export ; vous pourrez l'ajouter depuis la boîte d'envoi."))
            return
        self._offer_to_replace(added.entry)
        self.outbox_page.refresh()
        self.show_outbox()
        self.outbox_page.select(added.entry.id)

    def _queued_bundles(self, dossier_id: str) -> list:
        """The outbox's copies of a dossier's bundles, most recent first (the export page looks
        there for the signed PDF of a dossier opened again)."""
        outbox = self.outbox_page.outbox if self.outbox_page is not None else None
        if outbox is None:
            return []
        return [outbox.bundle_path(e) for e in reversed(outbox.entries()) if e.dossier_id == dossier_id]

    def _offer_to_replace(self, entry) -> None:
        """A re-export of a dossier whose older bundle still waits: offer to take the old one out
        of the queue (it is superseded and would not leave without a confirmation anyway)."""
        from ..outbox import ENVOI_EN_COURS, ENVOYE, REMIS, OutboxError
        from ..outbox.superseded import superseded_entries

        outbox = self.outbox_page.outbox
        stale = superseded_entries(outbox)
        older = [e for e in outbox.entries() if e.id in stale and e.dossier_id == entry.dossier_id
                 and e.id != entry.id and e.state not in (ENVOI_EN_COURS, ENVOYE, REMIS)]
        if not older:
            return
        names = "\n".join(f"• {e.filename}" for e in older)
        answer = QMessageBox.question(self, self.tr("Remplacer le paquet en attente"), self.tr(
            "La boîte d'envoi contient déjà un paquet plus ancien de ce dossier :\n%1\n\nLe retirer de la "
            "file et garder seulement le nouveau ?").replace("%1", names),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return
        for old in older:
            try:
                outbox.remove(old.id)
            except OutboxError as error:
                self.show_status(catalogue.error_text(error))
        self.show_status(self.tr("Paquet placé dans la boîte d'envoi."))

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self._action(file_menu, self.tr("&Nouveau dossier"), self.library_page.new_dossier, QKeySequence.New,
                     needs_library=True)
        self._action(file_menu, self.tr("&Importer un dossier JSON…"), self.library_page.import_file, "Ctrl+I",
                     needs_library=True)
        self._action(file_menu, self.tr("Importer une c&ampagne…"), lambda: self.import_campaign_file(),
                     needs_library=True)
        self.save_copy_action = self._action(file_menu, self.tr("Enregistrer une &copie JSON…"),
                                             self.save_copy, QKeySequence.SaveAs)
        self._action(file_menu, self.tr("Enregistrer"), lambda: self.show_status(self.tr(
            "Inutile : chaque modification est enregistrée aussitôt.")), QKeySequence.Save)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Bibliothèque"), self.show_library, "Ctrl+L", needs_library=True)
        self._action(file_menu, self.tr("Boîte d'&envoi"), self.show_outbox, "Ctrl+E", needs_library=True)
        self._action(file_menu, self.tr("&Réception des dossiers (services de l'État)"), self.show_reception,
                     "Ctrl+R", needs_library=True)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quitter"), self.close, QKeySequence.Quit)

        edit_menu = self.menuBar().addMenu(self.tr("&Édition"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("Annuler"))
        self.undo_action.setShortcuts([QKeySequence.Undo])
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Rétablir"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ApplicationShortcut)
            edit_menu.addAction(action)

        # « A&ide » (Alt+I): Alt+A belongs to the pages' « Ajouter » buttons.
        help_menu = self.menuBar().addMenu(self.tr("A&ide"))
        self._action(help_menu, self.tr("Ouvrir le &dossier de démonstration"), self.library_page.open_demo,
                     needs_library=True)
        self._action(help_menu, self.tr("&Règles de calcul appliquées"), self.show_rules)
        self._action(help_menu, self.tr("À &propos"), self.show_about)
        self.save_copy_action.setEnabled(False)

    # --- the campaign ----------------------------------------------------------------------

    def import_campaign_file(self, path=None):
        """Ask for a campaign file (or take `path`), then the non-blocking dialog that checks it
        and asks for its signer's fingerprint; returns the dialog (None when nothing was chosen)."""
        from .campaign import CampaignImportDialog

        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Importer une campagne"), "",
                self.tr("Fichier de campagne (*.campagne.zip);;Archive zip (*.zip)"))
        if not path:
            return None
        dialog = CampaignImportDialog(self.library.data_dir, path, self)
        dialog.imported.connect(self._campaign_imported)
        self.campaign_dialog = dialog
        dialog.open()
        return dialog

    def _campaign_imported(self, campaign) -> None:
        from ..outbox import load_settings

        self.refresh_campaign()
        page = self.outbox_page
        if page is not None:
            page.outbox_settings = load_settings(page.data_dir)
            page._show_settings()
            page.show_campaign()
        self.show_status(self.tr("Campagne importée : adresse de dépôt, certificat du serveur et règles "
                                 "configurés."))

    def refresh_campaign(self) -> None:
        from .. import catalogue
        from ..app.campaign import current_campaign

        campaign = current_campaign(self.library.data_dir)
        self.campaign_label.setText(self.tr("Dépôt avant le %1").replace("%1", catalogue.campaign_deadline(campaign))
                                    if campaign is not None else "")
        self.campaign_label.setToolTip("\n".join(catalogue.campaign_summary_lines(campaign))
                                       if campaign is not None else "")

    def _action(self, menu, text: str, slot, shortcut=None, needs_library: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if needs_library:
            action.setEnabled(self.library is not None)
            self._library_actions.append(action)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry") if self.settings is not None else None
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry() if self.screen() else None
            width, height = DEFAULT_SIZE
            if screen is not None:
                width, height = min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.9))
            self.resize(width, height)

    # --- navigation ----------------------------------------------------------------------------

    def show_library(self) -> None:
        self.undo_group.setActiveStack(None)  # Ctrl+Z must not change a dossier nobody sees
        self.library_page.refresh()
        if self.session is not None:
            self.library_page.select_id(self.session.dossier_id)
        self.stack.setCurrentWidget(self.library_page)
        self.setWindowTitle(self.tr("Dossiers « socle numérique »"))  # Qt adds « — socle-desktop »
        self._remember_page("bibliotheque")
        self.library_page.table.setFocus()

    def show_outbox(self) -> None:
        if self.outbox_page is not None:
            self.undo_group.setActiveStack(None)
            self.outbox_page.refresh()
            self.stack.setCurrentWidget(self.outbox_area)

    def open_dossier(self, dossier_id: str) -> bool:
        # Imported here: the library shows first, the editor's modules load with the first dossier.
        from ..domain.rules import RulesError
        from ..resources import load_rules
        from ..store import LibraryError
        from .editor import Editor
        from .session import DossierSession

        try:
            dossier = self.library.load(dossier_id)
        except LibraryError as error:
            self.error(self.tr("Le dossier n'a pas pu être ouvert"), catalogue.error_text(error),
                       self.tr("Les autres dossiers ne sont pas concernés."))
            return False
        try:
            rules = load_rules(dossier.regles)
        except RulesError as error:
            self.error(self.tr("Le dossier n'a pas pu être ouvert"), catalogue.error_text(error),
                       self.tr("Installez une version de l'application qui connaît ces règles."))
            return False
        self._close_session()
        self._ensure_editor_area()
        self.session = DossierSession(dossier, rules, self.library, dossier_id, self)
        self.session.saved.connect(self._saved)
        self.session.save_failed.connect(self._save_failed)
        self.session.changed.connect(lambda _result: self._update_title())
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.editor = Editor(self.session, self.settings)
        self.editor.status_message.connect(self.show_status)
        self.editor.pages["export"].queue_bundle.connect(self.queue_bundle)
        self.editor.pages["export"].outbox_available = True
        self.editor.pages["export"].queued_bundles = self._queued_bundles
        self.editor_layout.addWidget(self.editor, 1)
        self.stack.setCurrentWidget(self.editor_area)
        self.save_copy_action.setEnabled(True)
        self._update_title()
        self.saved_label.setText(self.tr("Enregistré"))
        self.editor.navigation.setFocus()
        return True

    def _close_session(self) -> None:
        if self.editor is not None:
            self.editor.setParent(None)
            self.editor.deleteLater()
            self.editor = None
        if self.session is not None:
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.deleteLater()
            self.session = None

    def _update_title(self) -> None:
        if self.session is None:
            return
        dossier = self.session.dossier
        # Escaped: a right-to-left override in the raison sociale must not reverse the title (the
        # field itself shows the text as typed, with its finding beneath).
        name = visible(dossier.collectivite.raison_sociale, 1000) or self.tr("Nouveau dossier")
        intitule = visible(dossier.projet.intitule, 1000)
        self.dossier_title.setText(f"{name} — {intitule}" if intitule else name)
        if self.windowTitle() != name:  # (at each keystroke: the window system is told only of a change)
            self.setWindowTitle(name)  # Qt adds the application's display name once: « … — socle-desktop »

    # --- status and errors -----------------------------------------------------------------------

    def _saved(self) -> None:
        self._save_error_shown = False
        if self.saved_label.styleSheet() != _SAVED_STYLE:  # a style set re-polishes the label: not at each keystroke
            self.saved_label.setStyleSheet(_SAVED_STYLE)
        self.saved_label.setText(self.tr("Enregistré à %1").replace("%1", dt.datetime.now().strftime("%H:%M:%S")))

    def _save_failed(self, message: str) -> None:
        self.saved_label.setStyleSheet(_NOT_SAVED_STYLE)
        self.saved_label.setText(self.tr("Non enregistré"))
        if not self._save_error_shown:  # once per failure streak, not on every keystroke
            self._save_error_shown = True
            self.error(self.tr("La dernière modification n'a pas pu être enregistrée"), message, self.tr(
                "Elle reste affichée et sera enregistrée dès que possible. Par précaution, utilisez "
                "Fichier > Enregistrer une copie JSON…"))

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def error(self, what: str, detail: str, advice: str = "") -> None:
        text = f"{what}.\n\n{detail}"
        if advice:
            text += f"\n\n{advice}"
        QMessageBox.warning(self, self.tr("socle-desktop"), text)

    # --- menu actions ------------------------------------------------------------------------------

    def save_copy(self) -> None:
        if self.session is None:
            return
        from ..catalogue.errors import describe_os_error
        from ..domain.dossier_json import dumps_dossier
        from ..fileio import atomic_write_text
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Enregistrer une copie JSON"),
                                              str(Path.home() / "dossier-socle.json"),
                                              self.tr("Dossiers socle (*.json)"))
        if not path:
            return
        try:
            atomic_write_text(Path(path), dumps_dossier(self.session.dossier,
                                                        calcul=self.session.result.to_dict()))
        except OSError as error:
            self.error(self.tr("La copie n'a pas pu être écrite"),
                       f"{visible(path)} : {describe_os_error(error)}",
                       self.tr("Choisissez un autre emplacement."))
            return
        self.show_status(self.tr("Copie enregistrée : %1").replace("%1", path))

    def show_rules(self) -> None:
        from html import escape

        from ..resources import load_rules

        rules = self.session.rules if self.session else load_rules()
        rows = "".join(
            f"<tr><td>{escape(p.label)}</td><td><b>{escape(catalogue.parameter_value(p))}</b></td>"
            f"<td>{'' if p.confirmed else self.tr('non confirmé')}</td></tr>"
            for p in rules.parameters())
        QMessageBox.information(self, self.tr("Règles de calcul"),
                                f"<p><b>{escape(rules.titre)}</b></p><table cellspacing='6'>{rows}</table>")

    def show_about(self) -> None:
        from .about import show_about
        show_about(self)

    def closeEvent(self, event) -> None:
        export = self.editor.pages["export"] if self.editor else None
        if export is not None and export.thread is not None:
            answer = QMessageBox.question(self, self.tr("Export en cours"), self.tr(
                "Un export est en cours. L'annuler et quitter ?"))
            if answer != QMessageBox.Yes:
                event.ignore()
                return
            thread = export.thread  # None when the export ended while the question was asked
            if thread is not None:
                thread.cancel()
                thread.wait(10000)
        if self._reception is not None:
            self._reception.shutdown()  # a verification in progress stops; what was filed stays
        if self._outbox is not None:
            self._outbox.shutdown()  # an upload in progress stops cleanly; it resumes next time
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
        remove_own_folders()  # the previews and opened attachments: no copy left in the temporary folder
        super().closeEvent(event)
