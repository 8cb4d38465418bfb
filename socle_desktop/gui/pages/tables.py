"""A table view set up the same way on every page: keyboard-friendly, editable, accessible."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def make_table(model, accessible_name: str) -> QTableView:
    from ..delegates import TextDelegate

    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(TextDelegate(view))
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectItems)
    view.setSelectionMode(QAbstractItemView.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                         | QAbstractItemView.AnyKeyPressed | QAbstractItemView.SelectedClicked)
    view.setTabKeyNavigation(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    return view


def select_cell(view: QTableView, row: int, column: int) -> None:
    index = view.model().index(row, column)
    if not index.isValid():
        return
    view.setFocus(Qt.OtherFocusReason)
    view.scrollTo(index)
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)


def selected_rows(view: QTableView) -> list[int]:
    return sorted({index.row() for index in view.selectionModel().selectedIndexes()}
                  | ({view.currentIndex().row()} if view.currentIndex().isValid()
                     and not view.selectionModel().selectedIndexes() else set()))


def delete_key(view: QTableView, remove) -> None:
    """The Delete key removes the selected rows (not while a cell is being edited)."""
    shortcut = QShortcut(QKeySequence.Delete, view)
    shortcut.setContext(Qt.WidgetShortcut)
    shortcut.activated.connect(remove)
