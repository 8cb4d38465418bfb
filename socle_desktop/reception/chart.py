"""The per-département chart: schools retained among schools proposed, as horizontal bars.

Painted with Qt's QPainter, the way the window paints its own charts (gui/chart.py), so no
plotting library is added: the same painting goes to a QImage (PNG) and to a QSvgGenerator
(SVG, from QtSvg in PySide6-Essentials), both without a screen (offscreen platform).
The window shows it with the same `paint_chart`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..fileio import atomic_write_bytes
from .opendata import DepartementFigures

ROW_HEIGHT = 18
TOP, BOTTOM, LEFT_LABEL, RIGHT = 70, 40, 190, 90
WIDTH = 900
TITLE = "Écoles retenues sur écoles proposées, par département"
LEGEND = (("Écoles proposées", "#c9d6ea"), ("Écoles retenues", "#1f4e9c"))


def chart_size(count: int) -> tuple[int, int]:
    return WIDTH, TOP + BOTTOM + max(1, count) * ROW_HEIGHT


def _label(dep: DepartementFigures) -> str:
    name = dep.nom if len(dep.nom) <= 22 else dep.nom[:21] + "…"
    return f"{dep.code} {name}".strip() or "non déterminé"


def paint_chart(painter, width: int, height: int, departements: Sequence[DepartementFigures]) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont

    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    font = QFont()
    font.setPixelSize(18)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(QRectF(12, 8, width - 24, 28), Qt.AlignLeft | Qt.AlignVCenter, TITLE)
    font.setPixelSize(12)
    font.setBold(False)
    painter.setFont(font)
    x = 12
    for text, color in LEGEND:
        painter.fillRect(QRectF(x, 44, 14, 12), QColor(color))
        painter.drawText(QRectF(x + 20, 40, 160, 20), Qt.AlignLeft | Qt.AlignVCenter, text)
        x += 190
    if not departements:
        painter.drawText(QRectF(12, TOP, width - 24, ROW_HEIGHT), Qt.AlignLeft, "Aucun dossier reçu.")
        return
    largest = max(max(dep.schools_proposed, dep.schools_retained) for dep in departements) or 1
    bar_area = width - LEFT_LABEL - RIGHT
    for index, dep in enumerate(departements):
        y = TOP + index * ROW_HEIGHT
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(8, y, LEFT_LABEL - 14, ROW_HEIGHT), Qt.AlignRight | Qt.AlignVCenter, _label(dep))
        proposed = bar_area * dep.schools_proposed // largest
        retained = bar_area * dep.schools_retained // largest
        painter.fillRect(QRectF(LEFT_LABEL, y + 3, proposed, ROW_HEIGHT - 6), QColor(LEGEND[0][1]))
        painter.fillRect(QRectF(LEFT_LABEL, y + 5, retained, ROW_HEIGHT - 10), QColor(LEGEND[1][1]))
        painter.drawText(QRectF(LEFT_LABEL + max(proposed, retained) + 6, y, RIGHT + 40, ROW_HEIGHT),
                         Qt.AlignLeft | Qt.AlignVCenter, f"{dep.schools_retained} / {dep.schools_proposed}")
    painter.setPen(QColor("#888888"))
    painter.drawLine(LEFT_LABEL, TOP - 2, LEFT_LABEL, TOP + len(departements) * ROW_HEIGHT)


def _ensure_gui() -> None:
    """Fonts need an application object. A QApplication (not a mere QGuiApplication): a window
    opened later in the same process (tests, the GUI after a CLI export) needs one."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _ensure_gui.app = QApplication([])  # kept alive for the process


def chart_png(departements: Sequence[DepartementFigures]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter

    _ensure_gui()
    width, height = chart_size(len(departements))
    image = QImage(width, height, QImage.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    paint_chart(painter, width, height, departements)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def chart_svg(departements: Sequence[DepartementFigures]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    _ensure_gui()
    width, height = chart_size(len(departements))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)  # CSS pixels: the SVG opens at the size of the PNG
    generator.setTitle(TITLE)
    generator.setDescription("socle-desktop, registre de réception")
    painter = QPainter(generator)
    paint_chart(painter, width, height, departements)
    painter.end()
    buffer.close()
    return bytes(data)


def write_chart(departements: Sequence[DepartementFigures], out_dir: Path, stem: str) -> list[Path]:
    png, svg = out_dir / f"{stem}.png", out_dir / f"{stem}.svg"
    atomic_write_bytes(png, chart_png(departements))
    atomic_write_bytes(svg, chart_svg(departements))
    return [png, svg]
