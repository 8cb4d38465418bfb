"""A bar chart painted by hand (we ship PySide6-Essentials, without QtCharts).

For each volet, two bars side by side: the State's subsidy and the reste à charge.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..domain.money import format_euros

SUBSIDY_COLOR = QColor("#1d4e89")
REMAINDER_COLOR = QColor("#f2a541")


class FinancingChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[str, int, int]] = []
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setAccessibleName(self.tr("Graphique : subvention de l'État et reste à charge par volet"))

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def set_groups(self, groups: list[tuple[str, int, int]]) -> None:
        """(volet label, subsidy centimes, reste à charge centimes) per group."""
        self.groups = groups
        self.setAccessibleDescription(" ; ".join(
            self.tr("%1 : subvention %2, reste à charge %3").replace("%1", label)
            .replace("%2", format_euros(s)).replace("%3", format_euros(r)) for label, s, r in groups))
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(12, line * 2 + 8, -12, -(line * 2 + 8))
        self._legend(painter, line)
        if not self.groups or area.height() <= 0:
            return
        largest = max([max(s, r) for _, s, r in self.groups] + [1])
        slot = area.width() / len(self.groups)
        bar_width = min(80.0, slot * 0.32)
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for position, (label, subsidy, remainder) in enumerate(self.groups):
            centre = area.left() + slot * (position + 0.5)
            for offset, value, color in ((-bar_width - 2, subsidy, SUBSIDY_COLOR),
                                         (2, remainder, REMAINDER_COLOR)):
                height = area.height() * value / largest
                bar = QRectF(centre + offset, area.bottom() - height, bar_width, height)
                painter.fillRect(bar, color)
                painter.setPen(self.palette().text().color())
                text_rect = QRectF(bar.left() - 30, bar.top() - line - 2, bar_width + 60, line)
                painter.drawText(text_rect, Qt.AlignHCenter | Qt.AlignBottom, format_euros(value))
            painter.drawText(QRectF(centre - slot / 2, area.bottom() + 4, slot, line * 2),
                             Qt.AlignHCenter | Qt.AlignTop | Qt.TextWordWrap, label)
        painter.end()

    def _legend(self, painter: QPainter, line: int) -> None:
        x = 12.0
        for color, text in ((SUBSIDY_COLOR, self.tr("Subvention de l'État")),
                            (REMAINDER_COLOR, self.tr("Reste à charge de la collectivité"))):
            painter.fillRect(QRectF(x, 6, line, line), color)
            painter.setPen(self.palette().text().color())
            width = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(QRectF(x + line + 6, 6, width + 4, line), Qt.AlignVCenter, text)
            x += line + 6 + width + 24
