"""A one-line label whose new text does not lay the window out again."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_DIGITS = re.compile(r"[0-9]")


class SteadyLabel(QWidget):
    """A one-line label for a text rewritten at each keystroke (a volet's totals, « Enregistré
    à 10:41:07 »), whose new text does not lay the window out again.

    A QLabel's setText asks its layout, then each layout up to the window, to recompute: with
    the editor's ten pages in a stack, that measured every word-wrapped text of every page at
    each keystroke (nine tenths of the repaint of a typed price, issue 15). Here the label
    lives in a box without a layout: the box's size changes, and the layouts are asked, only
    when the text needs another room than before (other words, more digits: the digits of a
    user interface font share one width)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._shape = None  # the last text with its digits as 0: same shape, same room
        self.setText(text)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        shape = _DIGITS.sub("0", text)
        if shape != self._shape:
            self._shape = shape
            needed = self.label.sizeHint()
            self.setMinimumWidth(needed.width())
            self.setFixedHeight(needed.height())
        self.label.resize(self.width(), self.height())

    def setAccessibleName(self, name: str) -> None:
        self.label.setAccessibleName(name)

    def sizeHint(self):
        return self.label.sizeHint()

    def resizeEvent(self, event) -> None:
        self.label.resize(event.size())
        super().resizeEvent(event)
