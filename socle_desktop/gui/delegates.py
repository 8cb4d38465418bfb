"""Cell editors: combos for codes, a spin box for counts, a French money field that refuses
bad input in place (the editor stays open, red, with the reason in a tooltip and the status bar)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QToolTip

from ..catalogue.errors import error_text
from ..domain.dossier_json import MAX_AMOUNT_CENTIMES, MAX_COUNT
from ..domain.money import MoneyFormatError, format_euros, format_integer, parse_euros

INVALID_STYLE = "QLineEdit { background: #f8d7da; }"
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # « 1.500 », as French handwriting writes 1 500


class ComboDelegate(QStyledItemDelegate):
    """Choose a code from (code, label) pairs given by `choices()` (called when editing starts).
    `elide`: where a label too long for its cell is cut (Qt's default: at its end)."""

    def __init__(self, choices: Callable[[], list[tuple[object, str]]], parent: QObject | None = None, *,
                 elide: Qt.TextElideMode | None = None):
        super().__init__(parent)
        self.choices = choices
        self.elide = elide

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if self.elide is not None:
            option.textElideMode = self.elide

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


class TextDelegate(QStyledItemDelegate):
    """Plain text cells, with the column's name for screen readers."""

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(str(index.model().headerData(index.column(), Qt.Horizontal)))
        return editor


class CountSpinBox(QSpinBox):
    """A spin box that says why a keystroke was refused instead of swallowing it."""

    refused = Signal(str)

    def validate(self, text, position):
        state, *rest = super().validate(text, position)
        digits = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
        if state == QValidator.Invalid and digits.isdigit() and int(digits) > self.maximum():
            self._say(QCoreApplication.translate("delegates", "Au plus %1 : un nombre plus grand est une "
                                                 "faute de frappe.").replace("%1", format_count(self.maximum())))
        elif state == QValidator.Invalid and text.strip() and not digits.lstrip("-").isdigit():
            self._say(QCoreApplication.translate("delegates", "Un nombre entier est attendu (chiffres seulement)."))
        return (state, *rest)

    def _say(self, message: str) -> None:
        self.setToolTip(message)
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.refused.emit(message)


def format_count(value: int) -> str:
    return format_integer(value)


class CountDelegate(QStyledItemDelegate):
    """Whole numbers (quantities, classes, pupils): 0 to the parser's limit (a million)."""

    invalid = Signal(str)  # the French reason a keystroke was refused, for the status bar

    def createEditor(self, parent, option, index):
        spin = CountSpinBox(parent)
        spin.setRange(0, MAX_COUNT)
        spin.setGroupSeparatorShown(False)
        spin.setAccessibleName(str(index.model().headerData(index.column(), Qt.Horizontal)))
        spin.refused.connect(self.invalid)
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
        """Why `text` is not a unit price (a line's price is never negative nor absurd), or None."""
        try:
            centimes = parse_euros(text)
        except MoneyFormatError as error:
            if _DOTTED_THOUSANDS.match(text.strip().removesuffix("€").strip()):
                return QCoreApplication.translate("delegates", "« %1 » : si le point sépare les milliers, "
                                                  "écrivez %2 (les centimes viennent après une virgule).").replace(
                    "%1", text.strip()).replace("%2", text.strip().removesuffix("€").strip().replace(".", " "))
            return error_text(error)
        if centimes < 0:
            return QCoreApplication.translate("delegates", "Un prix unitaire ne peut pas être négatif ; "
                                              "saisissez le montant sans le signe moins.")
        if centimes > MAX_AMOUNT_CENTIMES:
            return QCoreApplication.translate("delegates", "« %1 » dépasse %2 pour une seule unité : "
                                              "vérifiez le nombre de chiffres.").replace(
                "%1", text.strip()).replace("%2", format_euros(MAX_AMOUNT_CENTIMES))
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
