"""« Fichier › Importer une campagne » in the window: the outbox says where the file comes from,
the signer is confirmed by its fingerprint, then the address, the deadline and the days left show."""

from __future__ import annotations

import pytest
from campaign_support import academie_identity, campaign_data, shipped_rules
from gui_helpers import type_text

from socle_desktop.export.campaign import write_campaign
from socle_desktop.outbox import load_settings


@pytest.fixture(scope="module")
def signer():
    return academie_identity()


@pytest.fixture
def campaign_file(tmp_path, signer):
    return write_campaign(campaign_data(), shipped_rules(), signer, tmp_path / "publie")


def _outbox(app, qtbot):
    window = app.window
    qtbot.waitUntil(lambda: window.outbox_page is not None, timeout=10_000)
    window.show_outbox()
    return window.outbox_page


def _dialog(app, qtbot, path):
    dialog = app.window.import_campaign_file(path)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.campaign is not None or bool(dialog.message.text()), timeout=30_000)
    return dialog


def test_without_a_campaign_the_outbox_says_where_the_file_comes_from(app, qtbot):
    page = _outbox(app, qtbot)
    assert not page.settings_form.isRowVisible(0)  # no empty address field
    assert "académie" in page.campaign_info.text() and "Importer une campagne" in page.campaign_info.text()
    assert page.import_campaign_button.isVisible()
    page.manual_address_button.click()  # a test server's address can still be typed
    assert page.settings_form.isRowVisible(0) and page.endpoint_edit.isVisible()
    assert app.window.campaign_label.text() == ""


def test_importing_needs_the_published_fingerprint_then_configures_everything(app, qtbot, campaign_file, signer):
    page = _outbox(app, qtbot)
    dialog = _dialog(app, qtbot, campaign_file)
    assert dialog.campaign is not None and not dialog.import_button.isEnabled()
    assert signer.subject_name in dialog.summary.text()
    other = academie_identity("Autre").fingerprint_sha256
    type_text(dialog.fingerprint_edit, other)
    assert not dialog.import_button.isEnabled() and "n'est pas celle du signataire" in dialog.message.text()
    dialog.fingerprint_edit.clear()
    type_text(dialog.fingerprint_edit, ":".join(signer.fingerprint_sha256[i:i + 2].upper() for i in range(0, 64, 2)))
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert not dialog.isVisible()
    assert load_settings(app.data_dir).endpoint == "https://depot.ac-lyon.invalid/files/"
    assert page.endpoint_edit.text() == "https://depot.ac-lyon.invalid/files/" and page.settings_form.isRowVisible(0)
    assert "date limite de dépôt" in page.campaign_info.text()
    label = app.window.campaign_label.text()
    assert label.startswith("Dépôt avant le ") and "plus que 20 jours" in label
    # Still there after a restart.
    window = app.restart()
    qtbot.waitUntil(lambda: "plus que" in window.campaign_label.text(), timeout=10_000)


def test_ticking_the_comparison_also_confirms(app, qtbot, campaign_file):
    _outbox(app, qtbot)
    dialog = _dialog(app, qtbot, campaign_file)
    dialog.confirm_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert dialog.do_import()
    assert "plus que" in app.window.campaign_label.text()


def test_a_hostile_file_is_one_french_sentence_and_imports_nothing(app, qtbot, tmp_path):
    path = tmp_path / "piege.campagne.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    dialog = _dialog(app, qtbot, path)
    assert dialog.campaign is None and "refusé" in dialog.message.text()
    assert not dialog.import_button.isEnabled() and not dialog.fingerprint_edit.isEnabled()
    dialog.reject()
    assert load_settings(app.data_dir).endpoint == ""
