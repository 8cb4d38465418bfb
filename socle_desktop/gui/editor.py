"""The dossier editor: a side navigation and one page per part of the dossier."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from ..domain.places import page_of
from .pages.collectivite import CollectivitePage
from .pages.controles import ControlesPage
from .pages.ecoles import EcolesPage
from .pages.export_page import ExportPage
from .pages.lignes import LignesPage
from .pages.pieces import PiecesPage
from .pages.projet import ProjetPage
from .pages.synthese import SynthesePage

_COMPLETE_ROLE = int(Qt.UserRole) + 1  # whether the page's check mark is shown
# (key, navigation label): the order of the side navigation.
PAGES = (
    ("collectivite", QT_TRANSLATE_NOOP("Editor", "Collectivité")),
    ("ecoles", QT_TRANSLATE_NOOP("Editor", "Écoles")),
    ("equipement", QT_TRANSLATE_NOOP("Editor", "Équipement")),
    ("ressources", QT_TRANSLATE_NOOP("Editor", "Ressources")),
    ("accompagnement", QT_TRANSLATE_NOOP("Editor", "Accompagnement")),
    ("projet", QT_TRANSLATE_NOOP("Editor", "Projet")),
    ("pieces", QT_TRANSLATE_NOOP("Editor", "Pièces jointes")),
    ("synthese", QT_TRANSLATE_NOOP("Editor", "Synthèse")),
    ("controles", QT_TRANSLATE_NOOP("Editor", "Contrôles")),
    ("export", QT_TRANSLATE_NOOP("Editor", "Export et signature")),
)


class Editor(QWidget):
    status_message = Signal(str)

    def __init__(self, session, settings=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Parties du dossier"))
        # Room for the longest label and the check mark before it.
        self.navigation.setFixedWidth(self.navigation.fontMetrics().horizontalAdvance("M") * 14
                                      + self.navigation.fontMetrics().height() + 8)
        self.navigation.setSpacing(3)
        self.stack = QStackedWidget()
        self.pages = {
            "collectivite": CollectivitePage(session),
            "ecoles": EcolesPage(session),
            "equipement": LignesPage(session, "equipement"),
            "ressources": LignesPage(session, "ressources"),
            "accompagnement": LignesPage(session, "accompagnement"),
            "projet": ProjetPage(session),
            "pieces": PiecesPage(session),
            "synthese": SynthesePage(session),
            "controles": ControlesPage(session),
            "export": ExportPage(session, settings),
        }
        for key, label in PAGES:
            item = QListWidgetItem(QCoreApplication.translate("Editor", label))
            item.setData(Qt.UserRole, key)
            self.navigation.addItem(item)
            self.stack.addWidget(self.pages[key])
            self.pages[key].status_message.connect(self.status_message)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        # A page shown while the window is not (tests, a screenshot) gets no show event.
        self.stack.currentChanged.connect(lambda index: self.stack.widget(index).catch_up())
        self.navigation.setCurrentRow(0)
        self.pages["controles"].jump.connect(self.show_chemin)
        session.located.connect(self.show_chemin)
        session.changed.connect(self._update_findings_count)
        self._update_findings_count(session.result)
        self._keyboard_shortcuts()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)

    def _keyboard_shortcuts(self) -> None:
        """Ctrl+1 … Ctrl+0 open the ten pages; Ctrl+PgDown / Ctrl+PgUp the next and previous one."""
        for number, (key, _label) in enumerate(PAGES, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number % 10}"), self)
            shortcut.activated.connect(lambda key=key: self._go(key))
            self.navigation.item(number - 1).setToolTip(f"Ctrl+{number % 10}")
        for sequence, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(lambda step=step: self.navigation.setCurrentRow(
                (self.navigation.currentRow() + step) % len(PAGES)))

    def _go(self, key: str) -> None:
        self.show_page(key)
        page = self.pages[key]
        preferred = page.first_field() if hasattr(page, "first_field") else None
        if preferred is not None and preferred.isVisibleTo(page):
            preferred.setFocus(Qt.ShortcutFocusReason)
        else:
            focus_first_field(page)


    def current_key(self) -> str:
        return PAGES[self.navigation.currentRow()][0]

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow([k for k, _ in PAGES].index(key))

    # The pages a user fills in: each gets a check mark in the navigation once nothing is left
    # to fix or complete there (warnings and information do not hold a page back).
    CHECKED_PAGES = ("collectivite", "ecoles", "equipement", "ressources", "accompagnement", "projet", "pieces")

    def _update_findings_count(self, result) -> None:
        errors = sum(1 for c in result.constats if c.gravite == "erreur")
        open_pages = {page_of(self.session.dossier, c.chemin) for c in result.constats if c.gravite == "erreur"}
        volets = set(map(attrgetter("volet"), self.session.dossier.lignes))  # (in C: at each keystroke)
        for row, (key, label) in enumerate(PAGES):
            item = self.navigation.item(row)
            text = QCoreApplication.translate("Editor", label)
            if key == "controles" and errors:
                text = f"{text} ({errors})"
            complete = key in self.CHECKED_PAGES and key not in open_pages
            if key in ("equipement", "ressources", "accompagnement") and key not in volets:
                complete = False  # an empty volet is not « done »: no mark
            if (item.text(), item.data(_COMPLETE_ROLE)) == (text, complete):
                continue  # unchanged: each set would repaint the navigation at every keystroke
            item.setData(_COMPLETE_ROLE, complete)
            item.setText(text)
            item.setIcon(self._check_icon() if complete else self._blank_icon())
            item.setData(Qt.AccessibleTextRole,
                         self.tr("%1, complet").replace("%1", text) if complete else text)
            item.setToolTip(f"Ctrl+{(row + 1) % 10}" + ("" if not complete else " — " + self.tr("complet")))

    def page_for(self, chemin: str) -> str:
        return page_of(self.session.dossier, chemin)

    def _check_icon(self) -> QIcon:
        if not hasattr(self, "_check"):
            self._check = _mark_icon(self.navigation.fontMetrics().height(), "✓", QColor("#1e7b34"))
        return self._check

    def _blank_icon(self) -> QIcon:
        if not hasattr(self, "_blank"):
            self._blank = _mark_icon(self.navigation.fontMetrics().height(), "", QColor(0, 0, 0, 0))
        return self._blank

    def show_chemin(self, chemin: str) -> None:
        """Go to the page of `chemin` and select its field or cell."""
        key = self.page_for(chemin)
        self.show_page(key)
        self.pages[key].show_chemin(chemin)


def _mark_icon(size: int, mark: str, color: QColor) -> QIcon:
    """A small square icon holding `mark` (the same size blank for pages without one, so the
    labels stay aligned)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    if mark:
        painter = QPainter(pixmap)
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(8, size - 2))
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(pixmap.rect(), Qt.AlignCenter, mark)
        painter.end()
    return QIcon(pixmap)


def focus_first_field(page: QWidget) -> None:
    """Put the keyboard on the page's first field, wherever the focus was before."""
    widget = page.nextInFocusChain()
    while widget is not page:
        if (page.isAncestorOf(widget) and widget.isVisibleTo(page) and widget.isEnabled()
                and widget.focusPolicy() & Qt.TabFocus):
            widget.setFocus(Qt.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
