"""The window's outbox sends to the reception point and shows its acknowledgment."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import pytest

pytest.importorskip("pytestqt")

from reception_point_support import sha256_of

from socle_desktop.gui.outbox_page import OutboxPage
from socle_desktop.outbox import save_settings
from socle_desktop.outbox.settings import OutboxSettings
from socle_desktop.store import Library


def test_the_outbox_page_shows_the_reception_points_receipt(qtbot, tmp_path, reception_point, real_bundles):
    point = reception_point()
    library = Library.open(tmp_path / "donnees")
    save_settings(library.data_dir, OutboxSettings(endpoint=point.endpoint))
    page = OutboxPage(library, None)
    qtbot.addWidget(page)
    page.show()
    try:
        assert page.add_bundle_path(real_bundles["good"])
        page.send_button.click()
        qtbot.waitUntil(lambda: not page.is_sending(), timeout=180_000)
        receipt = point.wait_receipt(sha256_of(real_bundles["good"]))
        assert f"Accusé de réception n° {receipt['numero']}" in page.status.text()
        assert "paquet accepté" in page.table.item(0, 4).text()
        page.select(page.outbox.entries()[0].id)
        assert "accusé de réception du point de réception" in page.detail.toPlainText()
    finally:
        page.shutdown(wait_ms=15_000)
        library.close()
