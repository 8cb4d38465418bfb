"""Render the application's SVG icon as PNG files at the sizes desktops look for.

    python packaging/render_icons.py OUT_DIR [--ico FILE.ico]

writes OUT_DIR/<size>x<size>/apps/fr.socle_desktop.SocleDesktop.png (the hicolor theme's layout)
for 16, 24, 32, 48, 64, 128, 256 and 512 pixels, with Qt's own SVG renderer, offscreen; with
--ico, also the Windows icon (16 to 256 pixels in one file, written by Pillow, which reportlab
already brings).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
APP_ID = "fr.socle_desktop.SocleDesktop"
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "socle-desktop.svg"


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (Qt needs one to paint)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        written.append(target)
    return written


def write_ico(pngs: list[Path], target: Path) -> None:
    from PIL import Image

    largest = Image.open(max(pngs, key=lambda p: int(p.parent.parent.name.split("x")[0])))
    largest.save(target, format="ICO", sizes=[(s, s) for s in SIZES if s <= 256])


if __name__ == "__main__":
    arguments = sys.argv[1:]
    ico = None
    if len(arguments) == 3 and arguments[1] == "--ico":
        ico = Path(arguments.pop())
        arguments.pop()
    if len(arguments) != 1:
        raise SystemExit(__doc__)
    written = render(Path(arguments[0]))
    if ico is not None:
        write_ico(written, ico)
        written.append(ico)
    for path in written:
        print(path)
