"""A one-line label whose new text does not lay the window out again."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
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


class ElidedLabel(QLabel):
    """A one-line label that asks no width of the window: a text longer than the room it has
    ends in « … », whole in its tooltip. (A syndicat's name and its project's title in the
    dossier's header asked 1 431 pixels, and the window grew past a 1 366-pixel screen.)"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.PlainText)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(self.width(), 0))
        if shown != super().text():
            super().setText(shown)
