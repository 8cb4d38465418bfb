"""« Importer des lignes… » and « Exporter les lignes… » on the volet pages, offscreen: the file is
read in a worker, the report lists refused rows and unknown schools, nothing is written before
« Importer », the import is one undoable step saved in one transaction, the column mapping is
remembered per file layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from socle_desktop.app.line_import import CREATE, LAYOUTS_FILE, MAP
from socle_desktop.export.spreadsheet import read_table
from socle_desktop.gui.line_import import LineImportDialog

TILLEULS_ID = "3f0c1b6e-0d1a-4f43-9a6f-1a2b3c4d5e01"

# As a French Excel saves « CSV (séparateur : point-virgule) »: cp1252, decimal comma, a letterhead.
EXCEL_CSV = (
    "Devis n° 2021-0142;;;;\r\n"
    ";;;;\r\n"
    "Désignation;Qté;PU HT;TVA;UAI\r\n"
    "Vidéoprojecteur focale courte;4;1 250,00 €;20 %;0439901D\r\n"
    "Tablette;deux;300;20;0439901D\r\n"
    "Visualiseur;2;89,90;20;0439999A\r\n"
    "Câble HDMI;3;12,50;20;0439999A\r\n"
)
ODD_CSV = "Réf;Article fournisseur;Nb;Prix;Etab\nA1;Vidéoprojecteur;2;1 200,00;0439901D\nA2;Câble;3;4,50;0439901D\n"


def open_demo(app, qtbot, page="equipement"):
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    app.window.editor.show_page(page)
    return app.window.editor.pages[page]


def start_import(page, qtbot, dialogs, path) -> LineImportDialog:
    dialogs.open_files = [str(path)]
    qtbot.mouseClick(page.import_lines_button, Qt.LeftButton)
    dialog = page.import_dialog
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModal
    settle(dialog, qtbot)
    return dialog


def settle(dialog, qtbot):
    qtbot.waitUntil(lambda: dialog.thread is None, timeout=60_000)
    QApplication.processEvents()


def stored(app):
    return app.library.load(app.window.session.dossier_id)


def test_a_french_excel_csv_is_reported_then_imported_as_one_undoable_step(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    path = tmp_path / "devis.csv"
    path.write_bytes(EXCEL_CSV.encode("cp1252"))
    before = stored(app)
    steps = app.window.session.undo_stack.count()
    dialog = start_import(page, qtbot, dialogs, path)

    assert dialog.pages.currentIndex() == dialog.REPORT
    refused = [(dialog.refused_table.item(r, 0).text(), dialog.refused_table.item(r, 1).text())
               for r in range(dialog.refused_table.rowCount())]
    assert refused[0] == ("5", "quantité « deux » n'est pas un nombre")
    assert [row for row, _reason in refused] == ["5", "6", "7"]
    assert "école d'UAI 0439999A absente du dossier" in refused[1][1]
    assert dialog.schools_table.rowCount() == 1 and dialog.schools_table.item(0, 0).text() == "0439999A"
    assert "1 ligne à ajouter" in dialog.summary.text()
    assert dialog.import_button.text() == "&Importer 1 ligne valide"  # not « les 1 ligne valide »
    assert stored(app).lignes == before.lignes  # nothing written while the report is shown

    dialog.answer_school("0439999A", CREATE)
    settle(dialog, qtbot)
    assert "3 lignes à ajouter" in dialog.summary.text() and "1 école à créer" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Importer 3 lignes valides"
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)

    after = stored(app)
    added = after.lignes[len(before.lignes):]
    assert [(line.libelle, line.quantite, line.prix_unitaire_ht_centimes) for line in added] == [
        ("Vidéoprojecteur focale courte", 4, 125000), ("Visualiseur", 2, 8990), ("Câble HDMI", 3, 1250)]
    (new_school,) = [e for e in after.ecoles if e.uai == "0439999A"]
    assert added[0].ecole == TILLEULS_ID and added[1].ecole == added[2].ecole == new_school.id
    assert app.window.session.undo_stack.count() == steps + 1  # one step, however many lines
    assert "3 lignes importées" in app.window.statusBar().currentMessage()
    assert page.model.row_of(added[0].id) is not None

    app.window.undo_action.trigger()  # Ctrl+Z
    assert [line.id for line in stored(app).lignes] == [line.id for line in before.lignes]
    assert [e.id for e in stored(app).ecoles] == [e.id for e in before.ecoles]
    assert app.window.session.dossier.lignes == before.lignes
    app.window.redo_action.trigger()
    assert len(stored(app).lignes) == len(before.lignes) + 3


def test_the_report_says_when_the_lines_are_already_in_the_dossier(app, qtbot, dialogs, tmp_path):
    """The same quote imported a second time was added again without a word (the budget doubled)."""
    page = open_demo(app, qtbot, "ressources")
    path = tmp_path / "ent.csv"
    path.write_text("Libellé;Quantité;Prix unitaire HT\nENT annuel;1;1500\nAbonnement;2;30\n", encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, path)
    assert "identique" not in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    dialog = start_import(page, qtbot, dialogs, path)
    assert ("2 lignes à ajouter sont identiques à des lignes déjà dans le dossier (le même fichier importé "
            "deux fois ?)") in dialog.summary.text(), dialog.summary.text()
    assert dialog.import_button.isEnabled()  # said, not refused: two identical lines can be meant


def test_ctrl_z_is_the_undo_shortcut_of_the_import(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot, "ressources")
    path = tmp_path / "ent.csv"
    path.write_text("Libellé;Quantité;Prix unitaire HT\nENT annuel;1;1500\nAbonnement;2;30\n", encoding="utf-8")
    count = len(stored(app).lignes)
    dialog = start_import(page, qtbot, dialogs, path)
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert len(stored(app).lignes) == count + 2
    assert QKeySequence(QKeySequence.Undo) in app.window.undo_action.shortcuts()
    assert app.window.undo_action.text() == "Annuler l'import de 2 lignes"
    app.window.activateWindow()  # what the desktop does when the dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window)
    qtbot.keyClick(app.window, Qt.Key_Z, Qt.ControlModifier)
    assert len(stored(app).lignes) == count


def test_unrecognised_headers_are_mapped_by_hand_and_remembered_for_the_next_file(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    path = tmp_path / "fournisseur.csv"
    path.write_text(ODD_CSV, encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, path)
    assert dialog.pages.currentIndex() == dialog.MAPPING
    assert dialog.preview.item(1, 1).text() == "Article fournisseur"  # row 1 of the file, column B
    assert len(dialog.field_boxes) == 5

    dialog.set_field(1, "libelle")
    dialog.set_field(2, "quantite")
    qtbot.mouseClick(dialog.apply_columns_button, Qt.LeftButton)
    assert dialog.pages.currentIndex() == dialog.MAPPING
    assert "Prix unitaire HT" in dialog.mapping_message.text()  # still missing: said, not guessed
    dialog.set_field(0, "quantite")
    qtbot.mouseClick(dialog.apply_columns_button, Qt.LeftButton)
    assert "deux colonnes" in dialog.mapping_message.text()
    dialog.set_field(0, None)
    dialog.set_field(3, "prix_unitaire_ht")
    dialog.set_field(4, "uai")
    qtbot.mouseClick(dialog.apply_columns_button, Qt.LeftButton)
    settle(dialog, qtbot)
    assert dialog.pages.currentIndex() == dialog.REPORT and "2 lignes à ajouter" in dialog.summary.text()
    assert not (app.data_dir / LAYOUTS_FILE).exists()  # remembered on import, not before
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert (app.data_dir / LAYOUTS_FILE).exists()

    # The next quote of that supplier goes straight to the report, with the remembered columns.
    again = tmp_path / "fournisseur-2.csv"
    again.write_text(ODD_CSV.replace("Câble", "Rallonge"), encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, again)
    assert dialog.pages.currentIndex() == dialog.REPORT
    assert "colonnes mémorisées" in dialog.summary.text() and "2 lignes à ajouter" in dialog.summary.text()
    # … and the columns can still be changed from there.
    qtbot.mouseClick(dialog.columns_button, Qt.LeftButton)
    assert dialog.pages.currentIndex() == dialog.MAPPING
    assert [box.currentData() for box in dialog.field_boxes] == [None, "libelle", "quantite", "prix_unitaire_ht",
                                                                 "uai"]
    dialog.reject()


def test_an_unknown_school_can_be_sent_to_a_school_of_the_dossier(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;École\nVisualiseur;1;90;Tilleuls (élémentaire)\n", encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, path)
    assert not dialog.import_button.isEnabled()
    dialog.answer_school("Tilleuls (élémentaire)", MAP, TILLEULS_ID)
    settle(dialog, qtbot)
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert stored(app).lignes[-1].ecole == TILLEULS_ID
    assert len(stored(app).ecoles) == 2


def test_the_equipment_page_imports_into_the_school_it_shows(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    page.school_filter.setCurrentIndex(page.school_filter.findData(TILLEULS_ID))
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT\nVisualiseur;1;90\n", encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, path)
    assert dialog.default_school.currentData() == TILLEULS_ID
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert stored(app).lignes[-1].ecole == TILLEULS_ID


def test_cancelling_writes_nothing_and_a_bad_file_is_one_french_sentence(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    before = stored(app)
    steps = app.window.session.undo_stack.count()
    good = tmp_path / "devis.csv"
    good.write_text("Désignation;Qté;PU HT;UAI\nVisualiseur;1;90;0439901D\n", encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, good)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)
    assert not dialog.isVisible()
    bad = tmp_path / "devis.xlsx"
    bad.write_bytes(b"PK\x03\x04 pas un classeur")
    dialog = start_import(page, qtbot, dialogs, bad)
    assert dialog.pages.currentIndex() == dialog.FAILED
    assert dialog.failure.text().startswith("Ce fichier ne peut pas être importé : ")
    assert "Rien n'a été ajouté" in dialog.failure.text() and not dialog.import_button.isVisible()
    dialog.reject()
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"\xef\xbb\xbf;;\r\n")
    dialog = start_import(page, qtbot, dialogs, empty)
    assert dialog.pages.currentIndex() == dialog.FAILED and "ce fichier est vide" in dialog.failure.text()
    dialog.reject()
    assert stored(app).lignes == before.lignes and app.window.session.undo_stack.count() == steps


def test_reading_happens_in_a_worker_not_on_the_window_thread(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot)
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;UAI\n" + "Visualiseur;1;90;0439901D\n" * 2999, encoding="utf-8")
    dialogs.open_files = [str(path)]
    qtbot.mouseClick(page.import_lines_button, Qt.LeftButton)
    dialog = page.import_dialog
    assert dialog.pages.currentIndex() == dialog.READING and dialog.thread is not None  # the click returned first
    settle(dialog, qtbot)
    assert "2\u202f999 lignes à ajouter" in dialog.summary.text()  # the French count, as the amounts beside it
    dialog.reject()


def test_the_lines_are_exported_to_the_chosen_format(app, qtbot, dialogs, tmp_path):
    page = open_demo(app, qtbot, "accompagnement")
    for name in ("budget.ods", "budget.xlsx", "budget"):
        dialogs.save_file = str(tmp_path / name)
        qtbot.mouseClick(page.export_lines_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: page.export_thread is None, timeout=60_000)
        written = tmp_path / (name if "." in name else name + ".xlsx")
        rows = read_table(written)
        assert rows[0][:5] == ["Volet", "École", "UAI", "Catégorie", "Désignation"]
        assert len(rows) - 1 == sum(1 for line in stored(app).lignes if line.volet == "equipement")
        assert "Lignes exportées" in app.window.statusBar().currentMessage()
    assert dialogs.shown == []


def test_a_workbook_exported_by_the_window_comes_back_sheet_by_sheet_as_the_same_lines(app, qtbot, dialogs,
                                                                                       tmp_path):
    from socle_desktop.domain.model import VOLET_LABELS

    page = open_demo(app, qtbot, "ressources")
    original = stored(app).lignes
    for suffix in (".xlsx", ".ods"):
        workbook = tmp_path / f"budget{suffix}"
        dialogs.save_file = str(workbook)
        qtbot.mouseClick(page.export_lines_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: page.export_thread is None, timeout=60_000)
    for suffix in (".xlsx", ".ods"):
        before = len(stored(app).lignes)
        for label in VOLET_LABELS.values():
            dialog = start_import(page, qtbot, dialogs, tmp_path / f"budget{suffix}")
            assert dialog.sheet_box.isVisible()
            assert [dialog.sheet_box.itemText(i) for i in range(dialog.sheet_box.count())] == [
                *VOLET_LABELS.values(), "Financement"]
            dialog.choose_sheet(label)
            settle(dialog, qtbot)
            assert not dialog.plan.table.refused
            qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
        back = stored(app).lignes[before:]

        def same(lines):
            return [(line.volet, line.categorie, line.ecole, line.libelle, line.quantite,
                     line.prix_unitaire_ht_centimes, line.taux_tva) for line in lines]

        assert same(back) == same(original)


def test_cancelling_while_reading_or_closing_the_dossier_while_exporting_leaves_threads_to_end(
        app, qtbot, dialogs, tmp_path, monkeypatch):
    """A QThread destroyed while it runs aborts the process: the dialog's and the page's threads
    are kept until they end, whatever closes first. The export is held at a gate, so the editor
    surely goes away while it writes, however fast the machine."""
    import threading

    from socle_desktop.export import spreadsheet
    from socle_desktop.gui import line_import

    gate = threading.Event()
    real_write_table = spreadsheet.write_table

    def write_table_after_the_gate(*args, **kwargs):
        assert gate.wait(60), "the test never opened the gate"
        return real_write_table(*args, **kwargs)

    monkeypatch.setattr(spreadsheet, "write_table", write_table_after_the_gate)

    page = open_demo(app, qtbot)
    big = tmp_path / "gros.csv"
    big.write_text("Désignation;Qté;PU HT;UAI\n" + "Visualiseur;1;90;0439901D\n" * 2980, encoding="utf-8")
    dialog = start_import(page, qtbot, dialogs, big)
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)  # 2 993 lines: reading them takes a while
    before = stored(app)
    qtbot.mouseClick(page.import_lines_button, Qt.LeftButton)
    dialog = page.import_dialog
    assert dialog.thread is not None
    dialog.reject()  # while it reads
    dialogs.save_file = str(tmp_path / "budget.ods")
    qtbot.mouseClick(page.export_lines_button, Qt.LeftButton)
    assert page.export_thread is not None
    dossier_id = app.window.session.dossier_id
    app.window.show_library()
    app.window.open_dossier(dossier_id)  # the old editor, its pages and the dialog go away
    qtbot.wait(200)  # the deferred deletions happen while the export still waits at the gate
    assert line_import._keeper.threads
    gate.set()
    qtbot.waitUntil(lambda: not line_import._keeper.threads, timeout=120_000)
    assert len(read_table(tmp_path / "budget.ods")) > 2980  # the export finished its file
    assert stored(app).lignes == before.lignes  # the cancelled reading added nothing
