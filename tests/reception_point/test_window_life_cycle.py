"""The window records what the reception point says: sent -> « envoyé », its accepted receipt ->
« remis » (app/sending.py, as `outbox send` does)."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import pytest

pytest.importorskip("pytestqt")

from socle_desktop.export.demo import demo_dossier
from socle_desktop.gui.outbox_page import OutboxPage
from socle_desktop.outbox import save_settings
from socle_desktop.outbox.settings import OutboxSettings
from socle_desktop.store import Library


def test_a_bundle_the_reception_point_accepts_leaves_its_dossier_handed_over(
        qtbot, tmp_path, reception_point, real_bundles):
    point = reception_point()
    library = Library.open(tmp_path / "donnees")
    dossier_id = library.create(demo_dossier())  # the bundle's own dossier, under its own id
    library.apply_event(dossier_id, "exporte_signe")
    save_settings(library.data_dir, OutboxSettings(endpoint=point.endpoint))
    page = OutboxPage(library, None)
    qtbot.addWidget(page)
    moved = []
    page.dossiers_sent.connect(lambda: moved.append(True))
    try:
        assert page.add_bundle_path(real_bundles["good"])
        assert page.outbox.entries()[0].dossier_id == dossier_id
        page.send_button.click()
        qtbot.waitUntil(lambda: not page.is_sending(), timeout=90_000)
        assert "Accusé de réception n°" in page.status.text()
        assert {s.id: s.etat for s in library.list_dossiers()}[dossier_id] == "remis"
        assert moved  # the library's list is refreshed
    finally:
        page.shutdown(wait_ms=15_000)
        library.close()
