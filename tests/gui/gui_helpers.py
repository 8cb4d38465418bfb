"""Small moves a user makes: type in a cell, press a shortcut."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    """Type like a keyboard, accents included (QTest.keyClicks only knows ASCII)."""
    for char in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, char))


def type_in_cell(qtbot, view, row: int, column: int, text: str, *, finish=Qt.Key_Return):
    """Select a cell, type over it as a person would, and press Enter."""
    from socle_desktop.gui.pages.tables import select_cell

    select_cell(view, row, column)
    view.edit(view.currentIndex())
    editor = cell_editor(view)
    if hasattr(editor, "selectAll"):
        editor.selectAll()
    if hasattr(editor, "lineEdit") and editor.lineEdit() is not None:  # spin boxes
        editor.lineEdit().selectAll()
    type_text(editor, text)
    if finish is not None:
        qtbot.keyClick(editor, finish)
        QApplication.processEvents()  # the delegate commits through a queued call
    return editor


def cell_editor(view):
    """The editor open in `view` (a child of its viewport that has the focus, or the newest)."""
    from PySide6.QtWidgets import QWidget

    focused = QApplication.focusWidget()
    viewport = view.viewport()
    widget = focused
    while widget is not None:
        if widget.parent() is viewport:
            return widget
        widget = widget.parent()
    editors = [w for w in viewport.findChildren(QWidget) if w.parent() is viewport and w.isVisible()]
    assert editors, "no cell editor opened"
    editors[-1].setFocus()
    return editors[-1]


def cell_text(view, row: int, column: int) -> str:
    return view.model().index(row, column).data()


def column(page, field: str) -> int:
    return page.model.column_of(field)
