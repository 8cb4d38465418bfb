"""Export et signature: a local identity, a worker thread, a progress bar, files on disk."""

import zipfile

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("socle_desktop.export")


def open_demo(app, qtbot):
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    editor = app.window.editor
    editor.show_page("export")
    return editor.pages["export"]


def export_with_new_identity(page, qtbot, out_dir):
    """Type a new local identity's passphrase twice, choose `out_dir`, sign and export; wait for the end."""
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    page.out_dir.setText(str(out_dir))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)


def test_export_with_a_new_local_identity_writes_the_signed_pdf_and_bundle(app, qtbot, tmp_path, dialogs):
    page = open_demo(app, qtbot)
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    page.out_dir.setText(str(tmp_path / "export"))
    steps = []
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    assert page.thread is not None and not page.export_button.isEnabled()
    page.thread.progressed.connect(lambda done, total, label: steps.append((done, total)))
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert dialogs.shown == []
    result = page.last_export
    assert result is not None and result.pdf_path.exists() and not result.draft
    with zipfile.ZipFile(result.bundle_path) as bundle:
        assert any(name.endswith("tagmanifest-sha256.txt.p7s") for name in bundle.namelist())
    assert result.fingerprint[:2].upper() + ":" in page.result_label.text()
    assert page.passphrase.text() == ""  # not kept after signing
    assert page.local_identity_file().exists()
    assert steps, "no progress reported"
    summary = app.library.list_dossiers()[0]
    assert summary.etat == "signe"


def test_a_wrong_passphrase_is_said_in_french_and_nothing_is_written(app, qtbot, tmp_path, dialogs):
    page = open_demo(app, qtbot)
    page.passphrase.setText("la bonne phrase")
    page.passphrase_again.setText("la bonne phrase")
    page.out_dir.setText(str(tmp_path / "premier"))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    page.passphrase.setText("une autre phrase")
    page.out_dir.setText(str(tmp_path / "second"))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    (text,) = dialogs.texts("warning")
    assert "L'opération n'a pas abouti" in text
    assert not list((tmp_path / "second").glob("*.zip"))


def test_mismatched_new_passphrases_are_refused_before_anything_runs(app, qtbot, dialogs):
    page = open_demo(app, qtbot)
    page.passphrase.setText("phrase numero un")
    page.passphrase_again.setText("phrase numero deux")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    assert page.thread is None
    assert dialogs.texts("information") == ["Les deux phrases de passe ne sont pas identiques."]


def test_cancel_stops_the_export_without_leaving_files(app, qtbot, tmp_path):
    page = open_demo(app, qtbot)
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    out = tmp_path / "annule"
    page.out_dir.setText(str(out))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    page.thread.cancel()  # before the worker's first check
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert page.last_export is None
    assert "annulé" in page.progress_label.text()
    assert not list(out.glob("*.zip")) and not list(out.glob("*.pdf"))


def pdf_text(data: bytes, tmp_path) -> list[str]:
    """The text of each page, read by poppler (an independent reader)."""
    import subprocess

    path = tmp_path / "lu.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]


def test_preview_is_shown_in_the_app_and_marked_unsigned_on_every_page(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    qtbot.mouseClick(page.preview_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert dialogs.opened_urls == []  # no system viewer needed
    preview = page.preview_window
    assert preview is not None and preview.isVisible() and not preview.signed
    assert preview.data[:5] == b"%PDF-" and preview.page_count() >= 5
    pages = pdf_text(preview.data, tmp_path)
    assert len(pages) == preview.page_count()
    assert all("APERÇU — non signé" in text for text in pages)
    assert "APERÇU — non signé" in preview.banner.text()


def test_print_without_a_printer_says_so(app, qtbot, dialogs, monkeypatch):
    from PySide6.QtPrintSupport import QPrinterInfo

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    page = open_demo(app, qtbot)
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    (text,) = dialogs.texts("warning")
    assert "Aucune imprimante n'est installée" in text


def test_what_is_printed_after_signing_is_the_bundle_pdf_byte_for_byte(app, qtbot, dialogs, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
    from PySide6.QtWidgets import QDialog

    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "export")
    with zipfile.ZipFile(page.last_export.bundle_path) as bundle:
        filed = bundle.read(next(n for n in bundle.namelist() if n.endswith("/data/dossier.pdf")))

    printed = []
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: ["imprimante de test"]))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.Accepted)

    def print_to(self, printer):
        printed.append(self.data)
        target = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a real print job, into a PDF file
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(tmp_path / "imprime.pdf"))
        return original(self, target)

    from socle_desktop.gui.pdf_preview import PdfPreview
    original = PdfPreview.print_to
    monkeypatch.setattr(PdfPreview, "print_to", print_to)
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    assert page.thread is None  # no re-rendering: the signed bytes are there
    assert printed == [filed]  # byte for byte the PDF of the bundle
    assert page.preview_window.signed and "exactement le fichier du paquet" in page.preview_window.banner.text()
    assert (tmp_path / "imprime.pdf").stat().st_size > 10_000
    assert len(pdf_text((tmp_path / "imprime.pdf").read_bytes(), tmp_path)) == page.preview_window.page_count()

    qtbot.mouseClick(page.preview_button, Qt.LeftButton)
    assert page.preview_window.data == filed == page.last_export.pdf_path.read_bytes()
    session = app.window.editor.session
    session.edit("collectivite", None, "contact.telephone", "04 71 99 99 99")  # edited after signing
    qtbot.mouseClick(page.preview_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert not page.preview_window.signed and page.preview_window.data != filed


def test_a_signed_dossier_opened_again_previews_and_prints_its_signed_pdf(app, qtbot, dialogs, tmp_path):
    """The signed PDF outlives the page: a dossier signed, closed and opened again (a new editor)
    still shows and prints the bundle's PDF, not an unsigned preview; once edited, no longer."""
    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "export")
    with zipfile.ZipFile(page.last_export.bundle_path) as bundle:
        filed = bundle.read(next(n for n in bundle.namelist() if n.endswith("/data/dossier.pdf")))
    dossier_id = app.window.session.dossier_id

    assert app.window.open_dossier(dossier_id)  # opened again: a new editor, a new page
    again = app.window.editor.pages["export"]
    assert again is not page
    app.window.editor.show_page("export")
    qtbot.waitUntil(lambda: "montrent le PDF signé" in again.document_note.text(), timeout=5_000)
    qtbot.mouseClick(again.preview_button, Qt.LeftButton)
    assert again.thread is None  # nothing rendered: the signed bytes are there
    assert again.preview_window.signed and again.preview_window.data == filed

    app.window.session.edit("collectivite", None, "contact.telephone", "04 71 99 99 99")
    assert app.window.open_dossier(dossier_id)  # the file on disk no longer describes the dossier
    edited = app.window.editor.pages["export"]
    app.window.editor.show_page("export")
    qtbot.mouseClick(edited.preview_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: edited.thread is None, timeout=120_000)
    assert not edited.preview_window.signed and edited.preview_window.data != filed


def test_the_signed_pdf_of_a_dossier_opened_again_is_found_in_the_outbox(app, qtbot, dialogs, tmp_path):
    """The export folder is gone (a USB key taken away): the outbox's copy of the bundle holds it."""
    import shutil

    assert app.window.outbox_page is not None  # the outbox opened with the library
    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "cle-usb")
    filed = page.signed_pdf
    qtbot.mouseClick(page.queue_button, Qt.LeftButton)
    shutil.rmtree(tmp_path / "cle-usb")

    assert app.window.open_dossier(app.window.session.dossier_id)
    again = app.window.editor.pages["export"]
    app.window.editor.show_page("export")
    qtbot.waitUntil(lambda: again.signed_pdf is not None, timeout=5_000)
    assert again.signed_pdf == filed


def test_a_signed_bundle_goes_to_the_outbox_in_one_click(app, qtbot, tmp_path, dialogs):
    assert app.window.outbox_page is not None  # the outbox opened with the library
    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "export")
    assert page.queue_button.isVisible()
    qtbot.mouseClick(page.queue_button, Qt.LeftButton)
    assert app.window.stack.currentWidget() is app.window.outbox_area
    assert dialogs.texts("warning") == []
    assert len(app.window.outbox_page.outbox.entries()) == 1


def test_a_dossier_with_errors_is_exported_as_a_draft_and_said_so(app, qtbot, tmp_path):
    page = open_demo(app, qtbot)
    session = app.window.editor.session
    session.edit("ligne", session.dossier.lignes[0].id, "quantite", 0)  # an error; the signer is still known
    assert page.draft_warning.isVisible() and "BROUILLON" in page.draft_warning.text()
    export_with_new_identity(page, qtbot, tmp_path / "brouillon")
    assert page.last_export is not None and page.last_export.draft
    assert "BROUILLON" in page.result_label.text()
    assert not page.queue_button.isVisible()
    assert app.library.list_dossiers()[0].etat == "brouillon"


def test_closing_the_window_while_an_export_ends_during_the_question(app, qtbot, tmp_path, dialogs,
                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = open_demo(app, qtbot)
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    page.out_dir.setText(str(tmp_path / "export"))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)

    def answer_after_the_export_ended(*args):
        qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
        return QMessageBox.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_after_the_export_ended))
    assert app.window.close()
    assert not app.window.isVisible()
    assert page.last_export is not None and page.last_export.bundle_path.exists()


def test_enter_in_the_passphrase_signs_and_a_wrong_one_is_ready_to_retype(app, qtbot, tmp_path, dialogs):
    page = open_demo(app, qtbot)
    page.out_dir.setText(str(tmp_path / "export"))
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    page.passphrase_again.setFocus()
    qtbot.keyClick(page.passphrase_again, Qt.Key_Return)
    assert page.thread is not None, "Enter did not start the export"
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert page.last_export is not None and page.open_folder_button.hasFocus()
    page.passphrase.setText("pas la bonne")
    qtbot.keyClick(page.passphrase, Qt.Key_Return)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert "L'opération n'a pas abouti" in dialogs.texts("warning")[-1]
    assert page.passphrase.hasFocus() and page.passphrase.selectedText() == "pas la bonne"


def test_a_forgotten_passphrase_sets_the_identity_aside_and_a_new_one_signs(app, qtbot, tmp_path, dialogs):
    page = open_demo(app, qtbot)
    page.out_dir.setText(str(tmp_path / "export"))
    assert not page.forgot_button.isVisible()  # nothing to forget yet
    page.passphrase.setText("une phrase de passe")
    page.passphrase_again.setText("une phrase de passe")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    first = page.last_export.fingerprint
    identity = page.local_identity_file()
    assert page.forgot_button.isVisible() and not page.passphrase_again.isVisible()

    qtbot.mouseClick(page.forgot_button, Qt.LeftButton)
    assert "mise de côté" in dialogs.texts("question")[-1]
    assert not identity.exists()
    (aside,) = identity.parent.glob("*mise-de-cote*.p12")
    assert aside.stat().st_size > 0  # the old key is kept, never deleted
    assert page.passphrase_again.isVisible()
    page.passphrase.setText("une nouvelle phrase")
    page.passphrase_again.setText("une nouvelle phrase")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert page.last_export.fingerprint != first


def test_a_typed_destination_with_a_tilde_or_a_bare_name_goes_under_home(app, qtbot, tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    monkeypatch.chdir(tmp_path)
    page = open_demo(app, qtbot)
    page.out_dir.setText("~/Documents/dossiers")
    assert page.destination() == Path(tmp_path / "maison" / "Documents" / "dossiers")
    page.out_dir.setText("exports")
    assert page.destination() == Path(tmp_path / "maison" / "exports")


def test_the_page_shows_who_signs_and_asks_before_signing_for_another_collectivite(app, qtbot, tmp_path, dialogs):
    from PySide6.QtWidgets import QMessageBox

    from socle_desktop.export.identity import identity_to_pkcs12, self_signed_identity

    page = open_demo(app, qtbot)
    assert "Signera : nouvelle identité locale pour Marie Exemple (Maire)" in page.signer_summary.text()
    other = self_signed_identity(common_name="Jean Autre", title="Président", siren="200049997",
                                 organization="Communauté de communes des Exemples")
    p12 = tmp_path / "autre.p12"
    p12.write_bytes(identity_to_pkcs12(other, "secret de la cc"))
    page.use_p12.setChecked(True)
    page.p12_path.setText(str(p12))
    page.p12_password.setText("secret de la cc")
    page.out_dir.setText(str(tmp_path / "export"))
    dialogs.answer = QMessageBox.No
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None and bool(dialogs.texts("question")), timeout=120_000)
    (question,) = dialogs.texts("question")
    assert "Jean Autre" in question and "SIREN 200 049 997" in question and "« Marie Exemple »" in question
    assert page.last_export is None and not list((tmp_path / "export").glob("*"))
    assert "Export abandonné" in page.progress_label.text()

    dialogs.answer = QMessageBox.Yes
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.last_export is not None, timeout=120_000)
    assert page.last_export.other_signer and "Signataire différent du dossier, confirmé" in page.result_label.text()
    assert "Signé par : Jean Autre" in page.result_label.text()
    assert page.result_label.text().count(page.last_export.short_code) == 1  # on its own line, once


def test_an_existing_identity_of_the_collectivite_is_picked_and_named(app, qtbot, tmp_path, dialogs):
    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "export")
    page.refresh()
    assert page.local_identity_file() is not None and page.local_identity_file().name.startswith("214399990-")
    assert page.signer_summary.text().startswith("Signera : Marie Exemple, Maire — Commune de Saint-Exemple")
    assert f"code {page.last_export.short_code}" in page.signer_summary.text()
    assert not page.passphrase_again.isVisible()


def test_a_new_identity_says_beforehand_what_its_certificate_cannot_hold(app, qtbot):
    """X.509 holds 64 characters per name: the page says so before the passphrase is typed, not
    only in an error after « Signer et exporter » (the signer's name) or never (the abbreviated
    raison sociale, that the command line notes)."""
    page = open_demo(app, qtbot)
    session = app.window.editor.session
    assert "X.509" not in page.local_status.text()
    session.edit("collectivite", None, "raison_sociale",
                 "Syndicat intercommunal à vocation multiple des écoles du Haut-Allier et de la Margeride")
    page.refresh()
    assert "la raison sociale compte 87 caractères" in page.local_status.text()
    assert "le certificat porte « Syndicat intercommunal à vocation multiple des écoles du… »" in \
        page.local_status.text()
    session.edit("collectivite", None, "representant.nom",
                 "Marie-Christine Élisabeth de La Tour d'Auvergne-Lauraguais-Montmorency")
    page.refresh()
    assert "compte 70 caractères : un certificat X.509 en admet 64 au plus" in page.local_status.text()


def test_qtpdf_is_not_loaded_at_start_up():
    """QtPdf (PySide6-Addons) is imported when a preview opens, not when the window starts."""
    import subprocess
    import sys

    code = ("import sys; import socle_desktop.gui.main_window, socle_desktop.gui.pages.export_page; "
            "print('PySide6.QtPdf' in sys.modules, 'PySide6.QtPdfWidgets' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_editing_after_signing_is_said_and_a_re_export_replaces_the_queued_bundle(app, qtbot, tmp_path, dialogs):
    from PySide6.QtWidgets import QMessageBox

    page = open_demo(app, qtbot)
    export_with_new_identity(page, qtbot, tmp_path / "export")
    assert not page.stale_warning.isVisible()
    qtbot.mouseClick(page.queue_button, Qt.LeftButton)
    outbox = app.window.outbox_page.outbox
    (first,) = outbox.entries()

    app.window.stack.setCurrentWidget(app.window.editor_area)  # back to the dossier
    app.window.editor.show_page("export")
    session = app.window.editor.session
    session.edit("collectivite", None, "contact.telephone", "04 71 99 99 99")  # edited after signing
    assert page.stale_warning.isVisible() and "Modifié après signature" in page.stale_warning.text()
    library_page = app.window.library_page
    library_page.refresh()  # the library's list says it too, from the dossier's life cycle
    shown = [library_page.table.item(row, 4).text() for row in range(library_page.table.rowCount())]
    assert shown == ["Modifié après signature"]

    page.passphrase.setText("une phrase de passe")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.thread is None, timeout=120_000)
    assert not page.stale_warning.isVisible()  # signed again: the files describe the dossier
    dialogs.answer = QMessageBox.Yes
    qtbot.mouseClick(page.queue_button, Qt.LeftButton)
    assert any("Remplacer le paquet en attente" == title for _kind, title, _text in dialogs.shown)
    (entry,) = outbox.entries()  # the older bundle left the queue; the new one waits
    assert entry.id != first.id


def test_the_copy_given_to_the_systems_viewer_is_removed_when_the_window_closes(app, qtbot, dialogs):
    """Each file given to the system's viewer left a copy of the dossier's content in the system's
    temporary folder (issue 16); an attachment opened from the Pièces page now goes to a private
    folder removed when the window closes (the preview, inside the app, writes none)."""
    from pathlib import Path

    open_demo(app, qtbot)
    app.window.editor.show_page("pieces")
    pieces = app.window.editor.pages["pieces"]
    pieces.table.setCurrentCell(0, 0)
    pieces.open_selected()
    opened = Path(dialogs.opened_urls[-1].toLocalFile())
    assert opened.read_bytes().startswith(b"%PDF-") and opened.parent.name.startswith("socle-piece-")
    app.stop()
    assert not opened.exists() and not opened.parent.exists()


def test_leftover_previews_older_than_a_day_are_removed_at_start(tmp_path):
    import os
    import time

    from socle_desktop.gui.scratch import remove_stale_folders

    old, recent, other = (tmp_path / "socle-apercu-ancien"), (tmp_path / "socle-piece-recent"), tmp_path / "autre"
    for folder in (old, recent, other):
        folder.mkdir()
        (folder / "apercu-dossier.pdf").write_bytes(b"%PDF-")
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (old, other):
        os.utime(folder, (two_days_ago, two_days_ago))
    assert remove_stale_folders(root=tmp_path) == [old]
    assert not old.exists() and recent.exists() and other.exists()
    # an export killed during its self-check left the whole bag there (issue 16's sibling)
    killed = tmp_path / "socle-export-abc123"
    (killed / "paquet" / "data").mkdir(parents=True)
    (killed / "paquet" / "data" / "dossier.json").write_text("{}", encoding="utf-8")
    os.utime(killed, (two_days_ago, two_days_ago))
    assert remove_stale_folders(root=tmp_path) == [killed] and not killed.exists()


def test_the_window_asks_for_the_passphrase_length_the_identity_requires(app, qtbot, dialogs, monkeypatch):
    """The minimum length is export/identity.py's rule: the window asks for it before signing,
    it does not keep a number of its own."""
    from socle_desktop.export import identity

    monkeypatch.setattr(identity, "MIN_PASSPHRASE_LENGTH", 12)
    page = open_demo(app, qtbot)
    page.refresh()
    assert "12 caractères" in page.local_status.text()
    page.passphrase.setText("dix signes")
    page.passphrase_again.setText("dix signes")
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    assert page.thread is None  # refused before anything starts
    assert any("12 caractères" in text for _kind, _title, text in dialogs.shown)


def test_an_attachment_put_back_by_undo_leaves_no_copy_in_the_temporary_folder(app, qtbot, monkeypatch, tmp_path):
    """Undoing the removal of an attachment wrote its bytes to a « socle-pieces- » folder kept
    for the whole session, which no start ever cleaned after a crash (issue 16's sibling)."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    open_demo(app, qtbot)
    session = app.window.editor.session
    piece = session.dossier.pieces[0]
    session.remove_piece(piece.id)
    app.window.undo_action.trigger()
    assert [p.sha256 for p in session.dossier.pieces if p.nom == piece.nom] == [piece.sha256]
    assert [p for p in temporary.rglob("*") if p.is_file()] == [], "the attachment's copy stayed behind"
    app.stop()
    assert list(temporary.iterdir()) == []
