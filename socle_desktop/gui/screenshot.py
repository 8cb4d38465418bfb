"""Render every view of the window to PNG, offscreen, on a throw-away library holding the demo.

Used by `socle-desktop screenshot --out DIR` (README images) and to look at the window on a
machine without a screen. The user's own library is never touched.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..resources import resource_path
from .app import create_application, make_settings
from .editor import PAGES

FILE_NAMES = {
    "collectivite": "01-collectivite",
    "ecoles": "02-ecoles",
    "equipement": "03-equipement",
    "ressources": "04-ressources",
    "accompagnement": "05-accompagnement",
    "projet": "06-projet",
    "pieces": "07-pieces-jointes",
    "synthese": "08-synthese",
    "controles": "09-controles",
    "export": "10-export-et-signature",
}


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def take_screenshots(out: Path, size: tuple[int, int] = (1200, 800)) -> list[Path]:
    from ..store import Library
    from .main_window import MainWindow

    app = create_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="socle-captures-") as scratch:
        folder = Path(scratch)
        library = Library.open(folder)
        try:
            window = MainWindow(library, make_settings(folder))
            window.resize(*size)
            window.show()
            _settle(app)
            written.append(_grab(window, out / "00-bibliotheque-vide.png", app))
            demo_id = window.library_page.import_path(resource_path("demo", "demo-dossier.json"))
            window.library_page.refresh()
            written.append(_grab(window, out / "00-bibliotheque.png", app))
            window.open_dossier(demo_id)
            _attach_sample_piece(window, folder)
            for key, _label in PAGES:
                window.editor.show_page(key)
                written.append(_grab(window, out / f"{FILE_NAMES[key]}.png", app))
            if window.outbox_page is not None:
                window.show_outbox()
                written.append(_grab(window, out / "11-boite-d-envoi.png", app))
            window.close()
        finally:
            library.close()
    return written


def _attach_sample_piece(window, folder: Path) -> None:
    """The demo has no attachment: join a small PDF so the page shows what it looks like."""
    sample = folder / "devis-exemple.pdf"
    sample.write_bytes(b"%PDF-1.4\n% exemple\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    try:
        window.session.add_piece(sample, "devis")
    except Exception:
        pass  # the screenshot of an empty page is still useful
    window.session.undo_stack.clear()


def _grab(window, path: Path, app: QApplication) -> Path:
    _settle(app)
    window.grab().save(str(path), "PNG")
    return path
