"""Cell editors: combos for codes, a spin box for counts, a French money field that refuses
bad input in place (the editor stays open, red, with the reason in a tooltip and the status bar)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QToolTip

from ..domain.money import MoneyFormatError, format_euros, parse_euros

INVALID_STYLE = "QLineEdit { background: #f8d7da; }"


class ComboDelegate(QStyledItemDelegate):
    """Choose a code from (code, label) pairs given by `choices()` (called when editing starts)."""

    def __init__(self, choices: Callable[[], list[tuple[object, str]]], parent: QObject | None = None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for code, label in self.choices():
            combo.addItem(label, code)
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Horizontal)))
        return combo

    def setEditorData(self, editor, index):
        position = editor.findData(index.data(Qt.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)


class CountDelegate(QStyledItemDelegate):
    """Whole numbers (quantities, classes, pupils): 0 to 1,000,000."""

    def createEditor(self, parent, option, index):
        spin = QSpinBox(parent)
        spin.setRange(0, 1_000_000)
        spin.setAccessibleName(str(index.model().headerData(index.column(), Qt.Horizontal)))
        return spin

    def setEditorData(self, editor, index):
        editor.setValue(int(index.data(Qt.EditRole) or 0))

    def setModelData(self, editor, model, index):
        editor.interpretText()
        model.setData(index, editor.value(), Qt.EditRole)


class MoneyDelegate(QStyledItemDelegate):
    """Amounts in euros: « 1 234,56 » and « 1234.56 » are read; anything else is refused."""

    invalid = Signal(str)  # the French reason, for the status bar

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Horizontal)))
        editor.setPlaceholderText("1 234,56")
        editor.textEdited.connect(lambda _text: editor.setStyleSheet(""))
        return editor

    def setEditorData(self, editor, index):
        editor.setText(format_euros(int(index.data(Qt.EditRole) or 0), with_symbol=False))
        editor.selectAll()

    def problem(self, text: str) -> str | None:
        try:
            parse_euros(text)
        except MoneyFormatError as error:
            return str(error)
        return None

    def setModelData(self, editor, model, index):
        text = editor.text()
        problem = self.problem(text)
        if problem:  # refused: the stored amount stays as it was
            self._complain(editor, problem)
            return
        model.setData(index, parse_euros(text), Qt.EditRole)

    def eventFilter(self, editor, event):
        """Enter or Tab on a wrong amount keeps the editor open and says why."""
        if (isinstance(editor, QLineEdit) and event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Tab, Qt.Key_Backtab)):
            problem = self.problem(editor.text())
            if problem:
                self._complain(editor, problem)
                return True
        return super().eventFilter(editor, event)

    def _complain(self, editor: QLineEdit, problem: str) -> None:
        editor.setStyleSheet(INVALID_STYLE)
        editor.setToolTip(problem)
        QToolTip.showText(editor.mapToGlobal(editor.rect().bottomLeft()), problem, editor)
        self.invalid.emit(problem)


def money_text(centimes: int) -> str:
    return format_euros(centimes)
