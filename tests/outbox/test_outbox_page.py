"""The Envoi page, offscreen: queue, progress, send / cancel / retry, USB copy, automatic sending."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import hashlib
import json
import time

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtWidgets import QProgressBar

from socle_desktop.gui.outbox_page import OutboxPage
from socle_desktop.outbox import (
    COPIE_SUR_SUPPORT,
    ECHEC,
    EN_ATTENTE,
    ENVOYE,
    RetryPolicy,
    TusClient,
    save_settings,
)
from socle_desktop.outbox.settings import OutboxSettings
from socle_desktop.store import Library

from .conftest import fake_verify


@pytest.fixture
def library(data_dir):
    lib = Library.open(data_dir)
    yield lib
    lib.close()


@pytest.fixture
def make_page(qtbot, library):
    pages = []

    def make(endpoint: str = "", auto: bool = False) -> OutboxPage:
        if endpoint or auto:
            save_settings(library.data_dir, OutboxSettings(endpoint=endpoint, envoi_automatique=auto))
        page = OutboxPage(library, None, verify=fake_verify)
        page._send_options = lambda: {"policy": RetryPolicy(max_tries=2, base_delay=0.01)}
        qtbot.addWidget(page)
        page.show()
        pages.append(page)
        return page
    yield make
    for page in pages:
        page.shutdown(wait_ms=15_000)


def _add(page, path) -> None:
    page._ask_bundle_path = lambda: str(path)
    page.add_button.click()


def _states(page) -> list[str]:
    return [entry.state for entry in page.outbox.entries()]


def test_the_queue_is_listed_with_a_progress_bar_per_entry(make_page, bundle_factory):
    page = make_page()
    _add(page, bundle_factory())
    _add(page, bundle_factory())
    assert page.table.rowCount() == 2
    assert all(isinstance(page.table.cellWidget(row, 3), QProgressBar) for row in range(2))
    assert page.table.item(0, 2).text() == "en attente"
    assert "ajouté" in page.status.text()
    _add(page, bundle_factory(draft=True))
    assert "brouillon" in page.status.text() and page.table.rowCount() == 2


def test_send_without_an_endpoint_sends_nothing(make_page, bundle_factory):
    page = make_page()
    _add(page, bundle_factory())
    page.send_button.click()
    assert not page.is_sending()
    assert "adresse du serveur de dépôt" in page.status.text()
    page.endpoint_edit.setText("http://depot.example.fr/")
    page.save_settings_button.click()
    assert "https://" in page.status.text()
    assert not (page.data_dir / "envoi.json").exists()


def test_send_now_uploads_in_the_background_and_shows_the_receipt(qtbot, make_page, bundle_factory, tus_server):
    page = make_page()
    for size in (100_000, 600_000):
        _add(page, bundle_factory(size=size))
    page.endpoint_edit.setText(tus_server.endpoint)  # typed, not saved: « Envoyer » saves it
    page.send_button.click()
    assert json.loads((page.data_dir / "envoi.json").read_text())["endpoint"] == tus_server.endpoint
    assert page.is_sending() and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=30_000)
    assert _states(page) == [ENVOYE, ENVOYE]
    assert "2 paquets envoyés sur 2" in page.status.text()
    assert all(page.table.cellWidget(row, 3).value() == 1000 for row in range(2))
    page.table.selectRow(1)
    assert "Envoyé le" in page.detail.toPlainText() and tus_server.endpoint in page.detail.toPlainText()
    uploads = tus_server.uploads()
    assert sorted(u["sha256"] for u in uploads.values()) == sorted(e.sha256 for e in page.outbox.entries())
    assert not page.send_button.isEnabled(), "nothing left to send"


def test_cancel_then_send_again_resumes_the_same_upload(qtbot, make_page, bundle_factory, tus_server,
                                                        cutting_proxy_factory):
    slow = cutting_proxy_factory(tus_server.port, max_cuts=0, throttle=400_000)
    page = make_page(endpoint=slow.endpoint)
    page._send_options = lambda: {"client_factory": lambda: TusClient(chunk_size=256 * 1024)}
    _add(page, bundle_factory(size=2_000_000))
    entry_id = page.outbox.entries()[0].id
    page.send_button.click()
    # Cancel once the server has confirmed a first chunk (bytes merely written to the socket
    # may already sit in the kernel's buffers: a cancel cannot take those back).
    qtbot.waitUntil(lambda: page.outbox.get(entry_id).offset > 0, timeout=20_000)
    page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=20_000)
    paused = page.outbox.get(entry_id)
    assert paused.state == EN_ATTENTE and paused.upload_url
    assert 0 < next(iter(tus_server.uploads().values()))["offset"] < paused.size
    slow.throttle = None
    page.send_button.click()
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=30_000)
    assert _states(page) == [ENVOYE]
    assert len(tus_server.creations()) == 1, "the cancelled upload was resumed, not restarted"
    (upload,) = tus_server.uploads().values()
    assert upload["sha256"] == paused.sha256


def test_a_failure_is_shown_and_retry_sends_it(qtbot, make_page, bundle_factory, tus_server):
    page = make_page(endpoint="http://127.0.0.1:9/files/")
    _add(page, bundle_factory())
    page.send_button.click()
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=30_000)
    assert _states(page) == [ECHEC]
    assert "connexion impossible" in page.table.item(0, 4).text()
    page.endpoint_edit.setText(tus_server.endpoint)
    page.save_settings_button.click()
    page.table.selectRow(0)
    assert page.retry_button.isEnabled()
    page.retry_button.click()
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=30_000)
    assert _states(page) == [ENVOYE]


def test_copy_to_a_folder_marks_the_entry_copied_on_a_medium(make_page, bundle_factory, tmp_path):
    page = make_page()
    source = bundle_factory()
    _add(page, source)
    usb = tmp_path / "CLE_USB"
    usb.mkdir()
    page.table.selectRow(0)
    page._ask_folder = lambda: str(usb)
    page.copy_button.click()
    (copied,) = usb.iterdir()
    assert hashlib.sha256(copied.read_bytes()).hexdigest() == hashlib.sha256(source.read_bytes()).hexdigest()
    assert _states(page) == [COPIE_SUR_SUPPORT]
    assert "empreinte identique" in page.status.text()
    assert json.loads((page.data_dir / "envoi.json").read_text())["dernier_dossier_remise"] == str(usb)


def test_copying_an_older_version_asks_first(make_page, bundle_factory, tmp_path, monkeypatch):
    """A superseded bundle (an older version of its dossier) goes on a stick only once confirmed."""
    from PySide6.QtWidgets import QMessageBox

    from socle_desktop.gui import outbox_page
    from socle_desktop.outbox.superseded import NEWER_IN_QUEUE, Supersession

    page = make_page()
    _add(page, bundle_factory())
    (entry,) = page.outbox.entries()
    stale = {entry.id: Supersession(NEWER_IN_QUEUE, "abcd1234")}
    monkeypatch.setattr(outbox_page, "superseded_entries", lambda _outbox: stale)
    monkeypatch.setattr("socle_desktop.app.sending.superseded_entries", lambda _outbox: stale)
    asked = []
    answer = QMessageBox.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    usb = tmp_path / "CLE_USB"
    usb.mkdir()
    page.refresh()
    page.table.selectRow(0)
    # The pane says why it is « remplacé », and the id the reason and the question name: the
    # window showed neither (a tooltip on the state only), so « (abcd1234) » pointed at nothing.
    detail = page.detail.toPlainText().splitlines()
    assert detail[0] == "Remplacé : un paquet plus récent du même dossier est dans la file (abcd1234).", detail
    assert f"Identifiant dans la file : {entry.short_id}" in detail
    page._ask_folder = lambda: str(usb)
    page.copy_button.click()
    (text,) = asked
    assert "version plus ancienne" in text and "abcd1234" in text
    assert list(usb.iterdir()) == [] and _states(page) == [EN_ATTENTE]

    answer = QMessageBox.Yes
    page.table.selectRow(0)
    page.copy_button.click()
    assert len(list(usb.iterdir())) == 1 and _states(page) == [COPIE_SUR_SUPPORT]


def test_automatic_sending_notices_the_server_and_sends(qtbot, make_page, bundle_factory, tus_server):
    page = make_page(endpoint=tus_server.endpoint, auto=True)
    page.auto_interval_ms = 200
    page._arm_auto_timer()
    assert page.auto_timer.isActive()
    _add(page, bundle_factory())
    qtbot.waitUntil(lambda: _states(page) == [ENVOYE] and not page.is_sending(), timeout=30_000)
    assert tus_server.requests("OPTIONS"), "the cheap check came first"
    assert len(tus_server.creations()) == 1


def test_without_automatic_sending_nothing_goes_on_the_network(qtbot, make_page, bundle_factory, tus_server):
    page = make_page(endpoint=tus_server.endpoint, auto=False)
    page.auto_interval_ms = 100
    page._arm_auto_timer()
    _add(page, bundle_factory())
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        qtbot.wait(100)
    page.auto_check()
    assert not page.auto_timer.isActive() and not page.is_sending()
    assert tus_server.requests() == [], "no request at all"
    assert _states(page) == [EN_ATTENTE]


def test_enabling_automatic_sending_with_an_unreachable_server_keeps_waiting(qtbot, make_page, bundle_factory):
    page = make_page(endpoint="http://127.0.0.1:9/files/")
    _add(page, bundle_factory())
    page.auto_check_box.setChecked(True)  # saves, then checks at once
    qtbot.waitUntil(lambda: "nouvel essai dans une minute" in page.status.text(), timeout=15_000)
    qtbot.waitUntil(lambda: not page.is_sending(), timeout=15_000)
    assert _states(page) == [EN_ATTENTE], "an unreachable server is not a failure of the bundle"
    assert page.auto_timer.isActive()


def test_closing_the_page_while_sending_stops_cleanly(qtbot, library, bundle_factory, tus_server,
                                                      cutting_proxy_factory):
    from socle_desktop.gui import outbox_page

    slow = cutting_proxy_factory(tus_server.port, max_cuts=0, throttle=300_000)
    save_settings(library.data_dir, OutboxSettings(endpoint=slow.endpoint))
    page = OutboxPage(library, None, verify=fake_verify)
    page._send_options = lambda: {"client_factory": lambda: TusClient(chunk_size=128 * 1024)}
    page.add_bundle_path(bundle_factory(size=1_500_000))
    entry_id = page.outbox.entries()[0].id
    page.send_button.click()
    watcher = page.outbox
    qtbot.waitUntil(lambda: watcher.get(entry_id).offset > 0, timeout=20_000)
    from shiboken6 import Shiboken

    Shiboken.delete(page)  # the window goes away mid-upload (its C++ object is destroyed now)
    del page
    qtbot.waitUntil(lambda: not outbox_page.running_threads(), timeout=20_000)
    from socle_desktop.outbox import Outbox
    box = Outbox.from_library(library)
    entry = box.get(entry_id)
    box.close()
    assert entry.state == EN_ATTENTE and entry.upload_url, "stopped, to be resumed next time"
    assert 0 < entry.offset < entry.size


def test_real_bundles_through_the_page(qtbot, library, real_bundles, tus_server):
    """The export's own bundles and its own verification (no stand-in)."""
    save_settings(library.data_dir, OutboxSettings(endpoint=tus_server.endpoint))
    page = OutboxPage(library, None)
    qtbot.addWidget(page)
    try:
        assert not page.add_bundle_path(real_bundles["draft"])
        assert "brouillon" in page.status.text()
        assert not page.add_bundle_path(real_bundles["tampered"])
        assert page.add_bundle_path(real_bundles["good"])
        page.send_button.click()
        qtbot.waitUntil(lambda: not page.is_sending(), timeout=30_000)
        assert _states(page) == [ENVOYE]
        (upload,) = tus_server.uploads().values()
        assert upload["sha256"] == hashlib.sha256(real_bundles["good"].read_bytes()).hexdigest()
    finally:
        page.shutdown()


def test_remove_button_takes_the_selected_bundle_out(make_page, bundle_factory):
    page = make_page()
    _add(page, bundle_factory())
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    assert page.table.rowCount() == 0 and "retiré" in page.status.text()


def test_the_page_marks_the_library_dossier_envoye(qtbot, library, real_bundles, tus_server):
    from socle_desktop.export.demo import demo_dossier

    dossier_id = library.create(demo_dossier())
    save_settings(library.data_dir, OutboxSettings(endpoint=tus_server.endpoint))
    page = OutboxPage(library, None)
    qtbot.addWidget(page)
    try:
        assert page.add_bundle_path(real_bundles["good"])
        with qtbot.waitSignal(page.dossiers_sent, timeout=30_000):
            page.send_button.click()
        assert {s.id: s.etat for s in library.list_dossiers()}[dossier_id] == "envoye"
    finally:
        page.shutdown()


def test_a_send_ending_after_shutdown_does_not_read_the_closed_library(qtbot, make_page, library):
    """The thread's `finished` is queued to the window's thread: it may arrive after shutdown()
    and after the library closed (a quitting window, a test's teardown). It used to refresh the
    page then, and raised « bibliothèque fermée » from a slot."""
    page = make_page()
    page.shutdown()
    library.close()
    page._thread_finished()  # what the queued signal calls
    assert page.thread is None


def test_a_coded_error_reaching_the_send_threads_net_is_said_in_french(outbox, monkeypatch):
    """The thread's last net quotes the error: a coded one (a store or outbox error nobody
    expected there) in its French, not as its code."""
    from socle_desktop.gui import outbox_page
    from socle_desktop.outbox import OutboxError

    def refusing_client():
        raise OutboxError("outbox_read_only")

    monkeypatch.setattr(outbox_page.errorlog, "log_error", lambda error, what: None)
    thread = outbox_page.SendThread(outbox, "http://127.0.0.1:1/files/", client_factory=refusing_client)
    said = []
    thread.report_ready.connect(lambda text, done, ids: said.append(text))
    thread.run()
    assert said == ["Envoi interrompu par une erreur inattendue (OutboxError : la bibliothèque est ouverte en "
                    "lecture seule (la fenêtre de socle-desktop est-elle ouverte ?) : la file d'envoi ne peut pas "
                    "changer.)."]
