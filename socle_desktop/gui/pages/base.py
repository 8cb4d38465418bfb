"""What every editor page shares: the session, a status-bar channel, and `show(chemin)`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.findings import ERREUR


class EditorPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._deferred: dict = {}  # slot -> its latest arguments, while the page is not shown

    def when_shown(self, slot):
        """`slot`, for a session signal, run at once when this page is the editor's current one,
        else kept (with its latest arguments) until the page is shown again: a keystroke on one
        page does not redraw the nine others (issue 15). `catch_up` runs before the page is
        painted, so it never shows what the dossier was before."""
        def run(*args):
            if self.isHidden():
                self._deferred[slot] = args
            else:
                slot(*args)
        return run

    def catch_up(self) -> None:
        deferred, self._deferred = self._deferred, {}
        for slot, args in deferred.items():
            slot(*args)

    def showEvent(self, event) -> None:
        self.catch_up()
        super().showEvent(event)

    def show_chemin(self, chemin: str) -> None:
        """Select the field or cell that `chemin` names (a finding's or an undone edit's)."""


def page_layout(page: QWidget, title: str, intro: str = "") -> QVBoxLayout:
    layout = QVBoxLayout(page)
    heading = QLabel(f"<h2>{title}</h2>")
    heading.setAccessibleName(title)
    layout.addWidget(heading)
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
    return layout


ERROR_STYLE = "color: #a4161a;"
WARNING_STYLE = "color: #8a5a00;"  # the warnings' colour of Contrôles and Écoles
QUIET_STYLE = "color: palette(mid);"


def problem_label() -> QLabel:
    """The line under a field: red when a finding concerns it, grey « À compléter » while the
    field is only still empty. It keeps its one line of room when empty, so the form does not
    jump as problems appear and clear."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setMinimumHeight(label.fontMetrics().height())
    return label


def set_problems(label: QLabel, constats, quiet=None) -> None:
    """`quiet(constat)` says whether a finding is only « à compléter » for now."""
    loud = [c for c in constats if quiet is None or not quiet(c)]
    if loud:
        label.setText("\n".join(c.message for c in loud))
        # red only for an error: a warning (a commune's name unlike its code INSEE) is not one
        label.setStyleSheet(ERROR_STYLE if any(c.gravite == ERREUR for c in loud) else WARNING_STYLE)
        label.setToolTip("")
    elif constats:
        label.setText(QCoreApplication.translate("EditorPage", "À compléter"))
        label.setStyleSheet(QUIET_STYLE)
        label.setToolTip("\n".join(c.message for c in constats))
    else:
        label.setText("")
        label.setToolTip("")


def _is_undo_or_redo(event) -> bool:
    from PySide6.QtGui import QKeySequence
    return (event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)
            or (event.key() == Qt.Key_Y and event.modifiers() == Qt.ControlModifier))


class EditField(QLineEdit):
    """A line edit that leaves Ctrl+Z / Ctrl+Y to the window: every keystroke is already an
    undoable step of the dossier, and a private undo would show text the dossier does not hold."""

    left = Signal()  # the keyboard focus went elsewhere: the user has been through this field

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.left.emit()

    def event(self, event):
        if event.type() == QEvent.ShortcutOverride and _is_undo_or_redo(event):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event):
        """Enter goes to the next field, as on the paper-like forms the secretary knows."""
        super().keyPressEvent(event)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & ~Qt.KeypadModifier:
            self.focusNextChild()


class EditText(QPlainTextEdit):
    """Multi-line text with the same undo behaviour as EditField."""

    left = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.left.emit()

    def event(self, event):
        if event.type() == QEvent.ShortcutOverride and _is_undo_or_redo(event):
            event.ignore()
            return False
        return super().event(event)


class QuietComboBox(QComboBox):
    """A combo the mouse wheel does not change while the page scrolls past it (only once clicked
    or tabbed into): scrolling the Collectivité page must not change the collectivité's type."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)

    def wheelEvent(self, event):
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area behind scrolls instead
