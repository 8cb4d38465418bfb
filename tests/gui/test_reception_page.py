"""Réception: a folder verified in a worker (the window stays responsive), filters, report, decide, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from reception_bundles import DOSSIER_A

from socle_desktop.reception.register import REJECTED, RETAINED, UNCHECKED, VALID


@pytest.fixture
def page(app):
    app.window.show_reception()
    page = app.window.reception_page
    page.workers = 1
    return page


def wait_verified(qtbot, page, timeout=120_000):
    with qtbot.waitSignal(page.verification_finished, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


def wait_listed(qtbot, page, rows, timeout=30_000):
    """The list is read from the register in a worker thread: wait until it shows `rows` rows."""
    qtbot.waitUntil(lambda: page.reader is None and not page._read_again and page.model.rowCount() == rows,
                    timeout=timeout)


def test_the_first_start_offers_the_reception_and_remembers_it(app, received):
    window = app.window
    assert window.library_page.reception_button.isVisible()
    window.library_page.reception_button.click()
    assert window.stack.currentWidget() is window.reception_area
    window = app.restart()
    assert window.stack.currentWidget() is window.reception_area  # reopens where the agent works
    window.show_library()
    window = app.restart()
    assert window.stack.currentWidget() is window.library_page


def test_a_folder_is_verified_in_the_background_then_listed(qtbot, page, received):
    with qtbot.waitSignal(page.verification_finished, timeout=120_000) as blocker:
        assert page.verify(received["folder"])
        assert page.thread is not None and page.progress.isVisible()
        assert not page.choose_button.isEnabled()
    result = blocker.args[0]
    assert (result.found, result.verified) == (5, 5)
    qtbot.waitUntil(lambda: page.thread is None)
    wait_listed(qtbot, page, 5)
    assert page.choose_button.isEnabled()
    assert "2 valides" in page.counts_label.text() and "1 rejeté," in page.counts_label.text()
    assert "1 non jugé" in page.counts_label.text()  # the cut transfer (issue 13)
    # Filter: the rejected bundle only (the forged copy).
    page.filter.setCurrentIndex(page.filter.findData(REJECTED))
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert "REJETÉ" in page.report_view.toPlainText()
    page.filter.setCurrentIndex(page.filter.findData(UNCHECKED))
    page.table.selectRow(0)
    assert "demandez-en une nouvelle copie" in page.report_view.toPlainText()
    assert not page.retain_button.isEnabled()  # a rejected bundle cannot be decided


def test_decide_with_an_amount_then_export(qtbot, page, received, tmp_path, dialogs):
    page.verify(received["folder"])
    wait_verified(qtbot, page)
    qtbot.waitUntil(lambda: page.thread is None)
    wait_listed(qtbot, page, 5)
    page.filter.setCurrentIndex(page.filter.findData(VALID))
    row = next(i for i, entry in enumerate(page.entries) if entry.dossier_id == DOSSIER_A)
    page.table.selectRow(row)
    assert "paquet intègre et cohérent" in page.report_view.toPlainText()
    page.amount.setText("99 999 999")
    page.retain_button.click()
    assert page.selected_entry().decision == ""  # refused: more than asked
    page.amount.setText("1 000,00")
    page.retain_button.click()
    entry = page.selected_entry()
    assert (entry.decision, entry.granted_centimes) == (RETAINED, 100_000)
    assert page.model.index(row, 9).data().replace("\u202f", " ").startswith("1 000,00")

    out = tmp_path / "sortie"
    dialogs.directory = str(out)
    with qtbot.waitSignal(page.export_finished, timeout=60_000) as blocker:
        page.export_button.click()
    names = {path.name for path in blocker.args[0]}
    assert "fr-en-aap-snee-collectivites.csv" in names and "synthese-departements.svg" in names
    assert (out / "fr-en-aap-snee-collectivites.xlsx").stat().st_size > 0
    with qtbot.waitSignal(page.summary_ready, timeout=60_000):
        page.tabs.setCurrentIndex(1)
    assert page.chart.departements and page.chart.departements[0].nom == "Haute-Loire"
    assert "1 projet retenu sur 2" in page.summary_text.text().replace("\xa0", " ")


def test_dropping_a_folder_starts_the_verification(qtbot, page, received):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(received["b"]))])  # a bundle: its folder is verified
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(page.verification_finished, timeout=120_000):
        page.dropEvent(event)
    wait_listed(qtbot, page, 5)


def test_the_pool_of_processes_runs_under_the_window(qtbot, page, received):
    page.workers = None  # one process per core, as in real use
    page.verify(received["folder"])
    result = wait_verified(qtbot, page)
    assert result.verified == 5


def test_the_register_is_read_off_the_window_thread(qtbot, page, received, monkeypatch):
    """Reading thousands of rows takes longer than a frame: the window thread never does it."""
    import threading

    from socle_desktop.reception.register import Register

    readers = []
    entries = Register.entries

    def spy(self, *args, **kwargs):
        readers.append(threading.current_thread() is threading.main_thread())
        return entries(self, *args, **kwargs)

    monkeypatch.setattr(Register, "entries", spy)
    page.verify(received["folder"])
    wait_verified(qtbot, page)
    qtbot.waitUntil(lambda: page.thread is None)
    page.refresh()
    assert page.reader is not None  # under way in its thread: refresh() returned without the rows
    wait_listed(qtbot, page, 5)
    page.filter.setCurrentIndex(page.filter.findData(REJECTED))  # filtered in memory, at once
    assert page.model.rowCount() == 1
    page.filter.setCurrentIndex(0)
    page.table.selectRow(0)
    page.retain_button.click()  # a decision refreshes the list too
    wait_listed(qtbot, page, 5)
    assert readers and not any(readers), readers


def test_a_decision_is_not_undone_by_a_read_begun_before_it(qtbot, page, received):
    page.verify(received["folder"])
    wait_verified(qtbot, page)
    qtbot.waitUntil(lambda: page.thread is None)
    wait_listed(qtbot, page, 5)
    page.filter.setCurrentIndex(page.filter.findData(VALID))
    page.table.selectRow(0)
    sha256 = page.selected_entry().sha256
    shown = []
    page.listed.connect(lambda: shown.append(next(e for e in page.entries if e.sha256 == sha256).decision))
    page.refresh()
    assert page.reader.wait(30_000)  # read before the decision; its rows wait in the event queue
    page.retain_button.click()
    assert page.selected_entry().decision == RETAINED  # shown at once
    wait_listed(qtbot, page, 2)
    assert shown and set(shown) == {RETAINED}, shown  # the stale rows were never shown


def test_a_version_by_another_certificate_is_shown_held_and_the_agent_keeps_a_signer(
        qtbot, page, tmp_path, reception_identity):
    """Issue 13: a forged newer version is « signataire différent — à confirmer », not current."""
    import datetime as dt

    from builders import VALID_SIRET
    from reception_bundles import SIGNED, export_to, make_dossier

    from socle_desktop.export.identity import self_signed_identity
    from socle_desktop.reception.register import CONFLICT, SET_ASIDE

    forger = self_signed_identity(common_name="Marie Test", organization="Commune test", title="Maire",
                                  now=SIGNED, siren=VALID_SIRET[:9])
    folder = tmp_path / "recus"
    export_to(folder, make_dossier(DOSSIER_A, price=500_000), reception_identity, SIGNED)
    export_to(folder / "autre", make_dossier(DOSSIER_A, price=5_000_000), forger, SIGNED + dt.timedelta(days=3))
    page.verify(folder)
    wait_verified(qtbot, page)
    qtbot.waitUntil(lambda: page.thread is None)
    wait_listed(qtbot, page, 2)
    assert [entry.status for entry in page.entries] == [CONFLICT, CONFLICT]
    assert "signataire différent — à confirmer" in page.cell_text(page.entries[0], 2)
    page.table.selectRow(0)
    assert not page.retain_button.isEnabled() and page.keep_signer_button.isVisible()
    assert "certificats différents" in page.report_view.toPlainText()
    genuine = next(row for row, entry in enumerate(page.entries) if entry.subsidy_centimes < 1_000_000)
    page.table.selectRow(genuine)
    page.keep_signer_button.click()
    qtbot.waitUntil(lambda: sorted(entry.status for entry in page.entries) == sorted([VALID, SET_ASIDE]),
                    timeout=30_000)
    kept = next(entry for entry in page.entries if entry.status == VALID)
    assert kept.subsidy_centimes < 1_000_000 and kept.confirmed


# --- errors: the register's codes worded by the one catalogue, the unexpected logged ---------------


@pytest.fixture
def logged(tmp_path, monkeypatch):
    """The window's error path installed on a data folder, as at start (gui/app.py)."""
    import sys
    import threading

    from socle_desktop import errorlog
    from socle_desktop.gui import error_dialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = error_dialog.install(tmp_path / "journal")
    yield path
    for handler in list(errorlog.LOGGER.handlers):
        errorlog.LOGGER.removeHandler(handler)
        handler.close()


def test_an_unexpected_failure_of_an_export_is_logged_and_says_where(qtbot, page, tmp_path, monkeypatch, logged):
    import socle_desktop.reception.outputs as outputs

    def broken(register, folder):
        raise KeyError("colonne_absente")

    monkeypatch.setattr(outputs, "export_outputs", broken)
    with qtbot.waitSignal(page.status_message, timeout=30_000,
                          check_params_cb=lambda text: "échoué" in text) as blocker:
        assert page.export(tmp_path / "tableaux")
    text = blocker.args[0]
    assert "erreur inattendue" in text and "KeyError" in text and str(logged) in text
    assert "colonne_absente" in logged.read_text(encoding="utf-8")


def test_a_refused_confirmation_is_worded_never_shown_as_a_code(page, monkeypatch):
    from types import SimpleNamespace

    from socle_desktop.reception.register import CONFLICT, RegisterError

    def refuse(sha256):
        raise RegisterError("not_valid", "abcdef12")

    shown = []
    page.status_message.connect(shown.append)
    monkeypatch.setattr(page, "selected_entry", lambda: SimpleNamespace(status=CONFLICT, sha256="ab" * 32))
    monkeypatch.setattr(page.register, "confirm_signer", refuse)
    page.keep_signer()
    assert shown and "not_valid" not in shown[-1]
    assert "n'est pas un paquet valide" in shown[-1]


def test_a_register_that_cannot_be_opened_is_said_in_french(app, dialogs):
    app.stop()
    (app.data_dir / "reception.sqlite").write_bytes(b"pas une base SQLite" * 100)
    window = app.start()
    window.show_reception()
    ((_kind, _title, text),) = [shown for shown in dialogs.shown if shown[0] != "information"]
    assert "n'est pas un registre de réception" in text and "not_a_register" not in text


def test_the_window_and_the_command_line_word_the_register_with_the_one_catalogue(page):
    from socle_desktop import catalogue
    from socle_desktop.reception.register import DECISIONS, STATUSES

    assert page.status_labels == {status: catalogue.reception_status(status) for status in STATUSES}
    assert all(page.decision_labels[d] == catalogue.reception_decision(d) for d in (*DECISIONS, ""))
    assert catalogue.reception_count("valide", 2) == "2 valides"
    assert catalogue.reception_count("rejete", 1) == "1 rejeté"


def test_counts_in_the_register_table_are_written_the_french_way(page):
    """An EPCI's dossier of 300 schools has over a thousand classes: « 1 200 », as the amounts
    beside them (issue 16's sibling)."""
    from types import SimpleNamespace

    entry = SimpleNamespace(dossier_id="d3a0d055-1e00-4000-8000-000000000001", school_count=300, classes=1200)
    assert page.cell_text(entry, 5) == "300" and page.cell_text(entry, 6) == "1\u202f200"
