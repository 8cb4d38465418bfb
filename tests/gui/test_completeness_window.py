"""Issue 11 in the window: « à compléter » before errors, findings on their field, the check-list,
the Synthèse notice, the référentiel's auto-fill, the Équipement page, and importing twice."""

import json

from gui_helpers import column, type_in_cell, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from socle_desktop.resources import resource_path


def new_dossier(qtbot, window):
    qtbot.mouseClick(window.library_page.new_button, Qt.LeftButton)
    assert window.session is not None
    return window.editor


def open_demo(qtbot, window):
    qtbot.mouseClick(window.library_page.demo_button, Qt.LeftButton)
    assert window.session is not None
    return window.editor


def test_a_new_dossier_says_a_compléter_quietly_until_the_field_is_left(app, qtbot):
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    label = page.problems["raison_sociale"]
    height = label.height()
    assert label.text() == "À compléter" and "mid" in label.styleSheet()  # neutral, not red
    assert page.problems["contact.courriel"].text() == "À compléter"
    field = page.fields["raison_sociale"]
    field.setFocus()
    page.fields["siret"].setFocus()  # leave the field: now it is an error
    assert "raison sociale" in label.text() and "#a4161a" in label.styleSheet()
    assert page.problems["representant.nom"].text() == "À compléter"  # not reached yet
    editor.show_page("controles")  # opening Contrôles shows everything as it is
    editor.show_page("collectivite")  # (a page not shown catches up when it is: issue 15)
    assert "représentant" in page.problems["representant.nom"].text()
    assert label.height() == height  # the form did not jump


def test_the_referentiel_fills_the_commune_and_the_siren_from_the_code_insee(app, qtbot):
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    code = page.fields["code_insee"]
    code.setFocus()
    type_text(code, "43001")
    collectivite = app.window.session.dossier.collectivite
    assert collectivite.commune == "Agnat"
    assert collectivite.siret == "" and page.problems["siret"].text() == "À compléter"  # untouched: no red
    hint = page.hints["code_insee"]
    assert hint.isVisible() and "Haute-Loire (43)" in hint.text() and "académie de Clermont-Ferrand" in hint.text()
    page.fields["commune"].setFocus()
    page.fields["commune"].selectAll()
    type_text(page.fields["commune"], "Agnat (bourg)")  # still editable
    assert collectivite.commune == "Agnat (bourg)"


def test_a_siret_of_another_commune_is_shown_under_the_siret(app, qtbot):
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    page.fields["code_insee"].setFocus()
    type_text(page.fields["code_insee"], "43001")
    siret = page.fields["siret"]
    siret.setFocus()
    siret.selectAll()
    type_text(siret, "21430002200016")  # Aiguilhe's
    assert page.problems["siret"].text() == "À compléter"  # still typing: judged when the field is left
    page.fields["commune"].setFocus()
    assert "Aiguilhe" in page.problems["siret"].text() and "Agnat" in page.problems["siret"].text()


def test_an_e_mail_being_typed_is_not_an_error_until_the_field_is_left(app, qtbot):
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    courriel = page.fields["contact.courriel"]
    courriel.setFocus()
    type_text(courriel, "m")
    label = page.problems["contact.courriel"]
    assert label.text() == "À compléter" and "#a4161a" not in label.styleSheet()
    page.fields["contact.telephone"].setFocus()
    assert "« m »" in label.text() and "#a4161a" in label.styleSheet()


def test_the_checklist_and_the_marks_in_the_side_menu(app, qtbot, dialogs):
    editor = open_demo(qtbot, app.window)
    navigation = editor.navigation
    keys = [navigation.item(row).data(Qt.UserRole) for row in range(navigation.count())]
    check = editor._check_icon().cacheKey()
    marked = {key for row, key in enumerate(keys) if navigation.item(row).icon().cacheKey() == check}
    assert {"collectivite", "ecoles", "equipement", "projet", "pieces"} <= marked
    editor.show_page("projet")
    description = editor.pages["projet"].editors["description"]
    description.setFocus()
    description.selectAll()
    description.setPlainText("")
    marked = {key for row, key in enumerate(keys) if navigation.item(row).icon().cacheKey() == check}
    assert "projet" not in marked and "collectivite" in marked
    editor.show_page("controles")
    checklist = editor.pages["controles"].checklist
    rows = {checklist.topLevelItem(i).text(0) for i in range(checklist.topLevelItemCount())}
    assert "✗  Description du projet" in rows and "✓  Délibération ou engagement de la collectivité" in rows
    assert any(text.startswith("✗  Projet : 1 point à corriger") for text in rows)


def test_a_school_below_the_minimum_is_a_line_of_its_own_with_a_link_to_equipement(app, qtbot):
    editor = open_demo(qtbot, app.window)
    session = app.window.session
    second = session.dossier.ecoles[1]
    equipment = [ligne for ligne in session.dossier.lignes if ligne.ecole == second.id and ligne.volet == "equipement"]
    for ligne in equipment:
        session.edit("ligne", ligne.id, "quantite", 0)  # nothing left: below the minimum
    editor.show_page("ecoles")
    page = editor.pages["ecoles"]
    notes = page.equipment_notes
    assert notes.isVisible() and "sous le minimum" in notes.text() and "Voir son équipement" in notes.text()
    name = page.model.index(1, column(page, "nom"))
    assert name.data(Qt.BackgroundRole) is None  # the name is not coloured for it
    notes.linkActivated.emit("ecoles[1].equipement")
    assert editor.current_key() == "equipement"
    assert editor.pages["equipement"].model.ecole_filter == second.id


def test_the_synthese_says_which_unconfirmed_parameters_the_figures_rest_on(app, qtbot):
    editor = open_demo(qtbot, app.window)
    editor.show_page("synthese")
    notice = editor.pages["synthese"].notice
    assert notice.isVisible()
    assert "À vérifier auprès de la DSDEN" in notice.text() and "Seuil équipement" in notice.text()


def test_equipement_filter_follows_a_renamed_school_and_the_footer_totals_what_is_shown(app, qtbot):
    editor = open_demo(qtbot, app.window)
    session = app.window.session
    page = editor.pages["equipement"]
    editor.show_page("equipement")
    first = session.dossier.ecoles[0]
    page.school_filter.setCurrentIndex(page.school_filter.findData(first.id))
    page._filter_changed(page.school_filter.currentIndex())
    editor.show_page("ecoles")
    type_in_cell(qtbot, editor.pages["ecoles"].view, 0, column(editor.pages["ecoles"], "nom"), "École des Tilleuls")
    editor.show_page("equipement")
    assert page.school_filter.currentText() == "École des Tilleuls"
    school = session.result.ecoles[first.id].volets["equipement"]
    whole = session.result.volets["equipement"]
    from socle_desktop.domain.money import format_euros
    assert "École des Tilleuls" in page.totals.text() and format_euros(school.depense_ttc) in page.totals.text()
    assert format_euros(whole.depense_ttc) not in page.totals.text()
    copier = next(ligne for ligne in session.dossier.lignes if ligne.categorie == "direction_copieur")
    session.edit("ligne", copier.id, "categorie", "autre")  # the longest category is no longer used
    page._fit_text_columns()
    header = page.view.horizontalHeader()
    metrics = page.view.fontMetrics()
    used = {ligne.categorie for ligne in session.dossier.lignes if ligne.volet == "equipement"}
    categories = session.rules.categories["equipement"]
    widest_used = max(metrics.horizontalAdvance(categories[code]) for code in used)
    widest_any = max(metrics.horizontalAdvance(label) for label in categories.values())
    assert widest_used < widest_any  # the demo does not use the longest category
    assert header.sectionSize(column(page, "categorie")) <= widest_used + 24  # no room to spare there
    shown = {page.model.ligne_at(row).ecole for row in range(page.model.rowCount())}
    assert shown == {first.id}  # the filter is on: the columns fit the lines shown
    for ecole in session.dossier.ecoles:  # each name shown whole, on the lines its row has
        if ecole.id in shown:
            assert fits(page, ecole.nom, header.sectionSize(column(page, "ecole"))), ecole.nom


def fits(page, text: str, section: int) -> bool:
    """Whether `text` shows whole in a cell of `section` px of the page's table: on one line, or
    wrapped on the two lines of a row when the table wraps."""
    from PySide6.QtCore import QRect

    metrics = page.view.fontMetrics()
    width = section - 12  # the cell's margins
    if not page.view.wordWrap():
        return metrics.horizontalAdvance(text) <= width
    box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap, text)
    return box.width() <= width and box.height() <= page.view.rowHeight(0) - 4


def test_at_1200_px_no_school_category_or_label_of_the_equipement_page_is_cut(app, qtbot):
    """The reviewer's window: 1200 px wide, the demo; labels were cut (« Vidéoprojecteur intera… »)."""
    app.window.resize(1200, 800)
    editor = open_demo(qtbot, app.window)
    editor.show_page("equipement")
    page = editor.pages["equipement"]
    qtbot.waitUntil(lambda: page.view.viewport().width() > 0)
    QApplication.processEvents()
    page._fit_text_columns()
    header = page.view.horizontalHeader()
    session = app.window.session
    categories = session.rules.categories["equipement"]
    lignes = [ligne for ligne in session.dossier.lignes if ligne.volet == "equipement"]
    assert page.view.wordWrap()  # too narrow for one line each: rows take two
    for ligne in lignes:
        assert fits(page, ligne.libelle, header.sectionSize(column(page, "libelle"))), ligne.libelle
        assert fits(page, categories[ligne.categorie], header.sectionSize(column(page, "categorie"))), ligne.categorie
    for ecole in session.dossier.ecoles:
        assert fits(page, ecole.nom, header.sectionSize(column(page, "ecole"))), ecole.nom
    app.window.resize(1900, 800)  # room enough: one line per row again
    QApplication.processEvents()
    page._fit_text_columns()
    assert not page.view.wordWrap()
    for ligne in lignes:
        assert fits(page, ligne.libelle, header.sectionSize(column(page, "libelle"))), ligne.libelle


def test_alt_a_adds_a_line_not_the_help_menu(app, qtbot):
    editor = open_demo(qtbot, app.window)
    editor.show_page("equipement")
    count = len(app.window.session.dossier.lignes)
    editor.pages["equipement"].view.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_A, Qt.AltModifier)
    qtbot.waitUntil(lambda: len(app.window.session.dossier.lignes) == count + 1)  # a mnemonic animates its click
    titles = [action.text() for action in app.window.menuBar().actions()]
    assert "A&ide" in titles and "&Aide" not in titles


def test_the_demo_stays_in_the_help_menu(app, qtbot):
    new_dossier(qtbot, app.window)
    app.window.show_library()
    assert not app.window.library_page.welcome.isVisible()
    help_menu = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "A&ide")
    demo = next(a for a in help_menu.actions() if "démonstration" in a.text())
    demo.trigger()
    assert app.window.session.dossier.collectivite.raison_sociale.startswith("Commune de Saint-Exemple")
    app.window.show_library()
    demo.trigger()  # a second time: the same dossier opens, no duplicate
    assert len(app.library.list_dossiers()) == 2


def test_importing_a_dossier_already_there_asks_replace_keep_both_or_cancel(app, qtbot, dialogs, tmp_path):
    source = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    page = app.window.library_page
    first = page.import_path(path)
    assert first == source["id"]
    assert page.import_path(path) is None  # default: cancel
    assert dialogs.texts("box") and "même identifiant" in dialogs.texts("box")[0]
    assert len(app.library.list_dossiers()) == 1
    dialogs.box_choice = "Garder les deux"
    copy_id = page.import_path(path)
    assert copy_id != first and app.library.load(copy_id).projet.intitule.endswith("(copie)")
    source["projet"]["intitule"] = "Intitulé changé"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    dialogs.box_choice = "Remplacer"
    assert page.import_path(path) == first
    assert app.library.load(first).projet.intitule == "Intitulé changé"
    assert len(app.library.list_dossiers()) == 2


def test_a_devis_says_which_schools_it_covers_and_the_finding_uses_it(app, qtbot):
    editor = open_demo(qtbot, app.window)
    session = app.window.session
    codes = lambda: [c.code for c in session.result.constats]  # noqa: E731
    # the demo's one devis covers « Les Tilleuls » only: the other equipped school is named
    (constat,) = [c for c in session.result.constats if c.code == "DEVIS_A_VERIFIER"]
    assert "hameau de la Côte" in constat.message
    page = editor.pages["pieces"]
    editor.show_page("pieces")
    devis_row = next(row for row, p in enumerate(session.dossier.pieces) if p.type == "devis")
    assert page.table.item(devis_row, 3).text() == "École élémentaire publique Les Tilleuls"
    page.table.setCurrentCell(devis_row, 0)
    assert page.coverage.isEnabled() and page.coverage.count() == 2
    assert [page.coverage.item(row).checkState() for row in range(2)] == [Qt.Checked, Qt.Unchecked]
    page.coverage.item(1).setCheckState(Qt.Checked)  # it covers both schools, says the user
    assert "DEVIS_A_VERIFIER" not in codes()
    assert page.table.item(devis_row, 3).text() == "Toutes les écoles"
    assert page.coverage.count() == 2 and page.coverage.item(1).checkState() == Qt.Checked
    dossier_id = session.dossier_id
    assert app.library.load(dossier_id).pieces[devis_row].ecoles == tuple(e.id for e in session.dossier.ecoles)
    session.undo_stack.undo()
    assert "DEVIS_A_VERIFIER" in codes()
    assert page.coverage.item(1).checkState() == Qt.Unchecked
    session.undo_stack.redo()
    app.restart()
    app.window.open_dossier(dossier_id)
    assert "DEVIS_A_VERIFIER" not in [c.code for c in app.window.session.result.constats]
    other = next(row for row, p in enumerate(app.window.session.dossier.pieces) if p.type != "devis")
    pieces_page = app.window.editor.pages["pieces"]
    pieces_page.table.setCurrentCell(other, 0)
    assert not pieces_page.coverage.isEnabled()  # a délibération covers no school


def test_the_demo_entry_never_opens_another_dossier_that_kept_the_demo_s_id(app, qtbot, tmp_path):
    """A secretary made her dossier from the demo's file (its id kept) and imported it: « Ouvrir
    le dossier de démonstration » opened her dossier as if it were the demo."""
    source = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    demo_id, demo_siret = source["id"], source["collectivite"]["siret"]
    mine = json.loads(json.dumps(source))
    mine["collectivite"].update(raison_sociale="Commune d'Agnat", siret="21430001400013", code_insee="43001")
    path = tmp_path / "agnat.json"
    path.write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    assert app.window.library_page.import_path(path) == demo_id
    help_menu = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "A&ide")
    demo = next(a for a in help_menu.actions() if "démonstration" in a.text())
    demo.trigger()
    session = app.window.session
    assert session.dossier.collectivite.siret == demo_siret
    assert "EXEMPLE FICTIF" in session.dossier.collectivite.raison_sociale
    assert session.dossier_id != demo_id
    assert app.library.load(demo_id).collectivite.raison_sociale == "Commune d'Agnat"  # hers, untouched
    opened = session.dossier_id
    app.window.open_dossier(demo_id)  # her dossier opens as hers
    assert app.window.session.dossier.collectivite.raison_sociale == "Commune d'Agnat"
    app.window.show_library()
    demo.trigger()  # again: the same demo, no third dossier
    assert app.window.session.dossier_id == opened
    assert len(app.library.list_dossiers()) == 2


def test_a_malformed_file_is_said_wrong_without_advising_a_restart(app, qtbot, dialogs, tmp_path):
    page = app.window.library_page
    cases = {
        "tronque.json": (b'{"format": "socle-dossier", ', "JSON valide"),
        "incomplet.json": (b'{"format": "socle-dossier", "version_format": 1, "id": "x"}', "champ obligatoire"),
        "latin1.json": ("{\"nom\": \"é\"}".encode("latin-1"), "UTF-8"),
    }
    for name, (data, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        dialogs.shown.clear()
        assert page.import_path(path) is None
        (text,) = dialogs.texts("warning")
        assert name in text and reason in text, text
        assert "rouvrez" not in text and "redémarr" not in text.lower(), text
        assert "Vos dossiers n'ont pas été modifiés" in text
    assert app.library.list_dossiers() == []


def test_choosing_a_type_the_siren_contradicts_shows_the_finding_on_the_type_at_once(app, qtbot):
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    type_text(page.fields["siret"], "21430001400013")  # the commune of Agnat's SIRET
    page.fields["raison_sociale"].setFocus()
    combo = page.fields["type"]
    combo.setCurrentIndex(combo.findData("syndicat"))
    combo.activated.emit(combo.currentIndex())  # as a click on « Syndicat » does
    label = page.problems["type"]
    assert "commune d'Agnat" in label.text() and "« Type »" in label.text(), label.text()
    assert "#a4161a" in label.styleSheet()  # an error, not « à compléter »


def test_a_long_school_name_chosen_in_the_filter_does_not_widen_the_window(app, qtbot):
    """The filter sized itself to its longest name and the footer repeated the name on one line:
    a 250-character school name made the window 2 600 px wide (a reviewer's screenshot)."""
    editor = open_demo(qtbot, app.window)
    session = app.window.session
    first = session.dossier.ecoles[0]
    session.edit("ecole", first.id, "nom", ("École élémentaire " + "de la vallée du Haut-Exemple " * 9)[:250])
    app.window.show()  # a hidden window's layout never grows it
    app.window.resize(1200, 800)
    editor.show_page("equipement")
    page = editor.pages["equipement"]
    page.school_filter.setCurrentIndex(page.school_filter.findData(first.id))
    page._filter_changed(page.school_filter.currentIndex())
    for _ in range(5):  # the layouts' deferred requests, then the window's resize
        QApplication.processEvents()
    qtbot.wait(50)
    assert "École « École élémentaire" in page.totals.text()  # the footer names the school, cut if long
    assert page.minimumSizeHint().width() <= 1200
    assert app.window.width() <= 1200


def test_a_school_name_that_looks_like_markup_is_shown_as_typed_in_the_footer(app, qtbot):
    """The footer is rich text (its totals in bold): a name is text, never markup."""
    editor = open_demo(qtbot, app.window)
    session = app.window.session
    first = session.dossier.ecoles[0]
    session.edit("ecole", first.id, "nom", "<i>Jules</i> & <b>Ferry</b>")
    editor.show_page("equipement")
    page = editor.pages["equipement"]
    page.school_filter.setCurrentIndex(page.school_filter.findData(first.id))
    page._filter_changed(page.school_filter.currentIndex())
    shown = QTextDocument()
    shown.setHtml(page.totals.text())
    assert "École « <i>Jules</i> & <b>Ferry</b> » :" in shown.toPlainText()


def test_the_demo_renamed_by_the_user_is_found_again_by_its_id(app, qtbot, tmp_path):
    """« Ouvrir le dossier de démonstration » found the demo by its raison sociale once it lived
    under another id (a dossier of the user's kept the demo's): renamed, it was imported again.
    It is found by its id, whatever its name."""
    source = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    mine = json.loads(json.dumps(source))
    mine["collectivite"].update(raison_sociale="Commune d'Agnat", siret="21430001400013", code_insee="43001")
    path = tmp_path / "agnat.json"
    path.write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    assert app.window.library_page.import_path(path) == source["id"]
    help_menu = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "A&ide")
    demo = next(a for a in help_menu.actions() if "démonstration" in a.text())
    demo.trigger()
    session = app.window.session
    opened = session.dossier_id
    assert opened != source["id"]
    session.edit("collectivite", None, "raison_sociale", "Ma commune d'essai")
    app.restart()  # found again in the library, not in anything the window remembers
    help_menu = next(a.menu() for a in app.window.menuBar().actions() if a.text() == "A&ide")
    demo = next(a for a in help_menu.actions() if "démonstration" in a.text())
    demo.trigger()
    assert app.window.session.dossier_id == opened
    assert app.window.session.dossier.collectivite.raison_sociale == "Ma commune d'essai"
    assert len(app.library.list_dossiers()) == 2
    app.window.show_library()
    # under its own id too: renamed, the demo is the same dossier
    app.library.trash(source["id"])
    app.library.purge(source["id"])
    app.library.trash(opened)
    app.library.purge(opened)
    demo.trigger()
    again = app.window.session.dossier_id
    assert again == source["id"]
    app.window.session.edit("collectivite", None, "raison_sociale", "Encore un autre nom")
    app.window.show_library()
    demo.trigger()
    assert app.window.session.dossier_id == again and len(app.library.list_dossiers()) == 1


def test_a_dossier_imported_without_its_files_is_not_complete_and_attaching_one_fixes_it(app, qtbot, tmp_path):
    """Imported alone (its attachments' files not beside it), the demo said « Complet » and no
    error until the export failed on the files."""
    path = tmp_path / "demo-seule.json"
    path.write_text(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"), encoding="utf-8")
    dossier_id = app.window.library_page.import_path(path)
    app.window.open_dossier(dossier_id)
    editor, session = app.window.editor, app.window.session
    navigation = editor.navigation
    keys = [navigation.item(row).data(Qt.UserRole) for row in range(navigation.count())]
    check = editor._check_icon().cacheKey()
    marked = {key for row, key in enumerate(keys) if navigation.item(row).icon().cacheKey() == check}
    assert "pieces" not in marked and "collectivite" in marked
    editor.show_page("controles")
    page = editor.pages["controles"]
    items = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    findings = [(item.text(0), item.text(1), item.text(2)) for item in items]
    absent = [f for f in findings if "est absent ou illisible" in f[1]]
    assert len(absent) == len(session.dossier.pieces) == 2
    assert all(gravite == "Erreur" and place == "Pièces jointes" for gravite, _, place in absent)
    devis = next(p for p in session.dossier.pieces if p.type == "devis")
    assert any(f"« {devis.nom} »" in message for _, message, _ in absent)
    rows = {page.checklist.topLevelItem(i).text(0) for i in range(page.checklist.topLevelItemCount())}
    assert any(text.startswith("✗  Pièces jointes : 4 points") for text in rows), rows  # 2 files, 2 requirements
    assert app.library.list_dossiers()[0].has_errors is True  # the library's list says so too
    editor.show_page("pieces")
    pieces = editor.pages["pieces"]
    sizes = {pieces.table.item(row, 0).text(): pieces.table.item(row, 2).text() for row in range(2)}
    assert sizes == {p.nom: "fichier absent" for p in session.dossier.pieces}  # said on each row
    # the user attaches the devis's very file again: the piece gets it back, no second devis
    pieces.attach([resource_path("demo", devis.nom)])
    assert [p.id for p in session.dossier.pieces].count(devis.id) == 1 and len(session.dossier.pieces) == 2
    remaining = [c for c in session.result.constats if c.code == "PIECE_FICHIER_ABSENT"]
    assert len(remaining) == 1 and devis.nom not in remaining[0].message
    row = next(r for r in range(2) if pieces.table.item(r, 0).text() == devis.nom)
    assert pieces.table.item(row, 2).text() == "2,5\u00a0Ko"
    assert app.library.piece_bytes(devis.sha256) == resource_path("demo", devis.nom).read_bytes()
    session.undo_stack.undo()  # restoring a file is no edit to undo: the devis stays, whole
    assert any(p.id == devis.id for p in session.dossier.pieces)
    assert len([c for c in session.result.constats if c.code == "PIECE_FICHIER_ABSENT"]) == 1
    # the other way out: remove the piece whose file is missing (it raised « introuvable »)
    deliberation = next(p for p in session.dossier.pieces if p.type == "deliberation")
    pieces.table.setCurrentCell(next(r for r in range(2) if pieces.table.item(r, 0).text() == deliberation.nom), 0)
    pieces.remove_selected()
    assert [p.id for p in session.dossier.pieces] == [devis.id]
    assert "PIECE_FICHIER_ABSENT" not in [c.code for c in session.result.constats]
    assert [p.id for p in app.library.load(session.dossier_id).pieces] == [devis.id]
    session.undo_stack.undo()  # back as it was, still without its file
    assert [p.id for p in session.dossier.pieces] == [p.id for p in app.library.load(session.dossier_id).pieces]
    assert next(p for p in session.dossier.pieces if p.id == deliberation.id) == deliberation
    assert [c.code for c in session.result.constats].count("PIECE_FICHIER_ABSENT") == 1


def test_removing_a_school_a_devis_covers_unticks_it_and_undo_ticks_it_again(app, qtbot):
    """Else the devis would name a school the dossier does not hold (PIECE_ECOLE_INCONNUE), which
    no tick on the Pièces jointes page could show or clear."""
    open_demo(qtbot, app.window)
    session = app.window.session
    devis = next(p for p in session.dossier.pieces if p.type == "devis")
    (covered,) = devis.ecoles
    session.remove_ecoles([covered])
    codes = [c.code for c in session.result.constats]
    assert session.piece_by_id(devis.id).ecoles == () and "PIECE_ECOLE_INCONNUE" not in codes
    assert next(p for p in app.library.load(session.dossier_id).pieces if p.id == devis.id).ecoles == ()
    session.undo_stack.undo()
    assert session.piece_by_id(devis.id).ecoles == (covered,)
    assert session.dossier.ecole_by_id(covered) is not None
    assert next(p for p in app.library.load(session.dossier_id).pieces if p.id == devis.id).ecoles == (covered,)


def test_the_commune_name_unlike_its_code_is_a_warning_and_looks_like_one(app, qtbot):
    """COMMUNE_NOM_INCOHERENT (a warning) was shown red, like an error, under the field."""
    editor = new_dossier(qtbot, app.window)
    page = editor.pages["collectivite"]
    page.fields["code_insee"].setFocus()
    type_text(page.fields["code_insee"], "43001")  # Agnat, filled in
    commune = page.fields["commune"]
    commune.setFocus()
    commune.selectAll()
    type_text(commune, "Brioude")
    page.fields["adresse"].setFocus()  # left: judged
    label = page.problems["commune"]
    (constat,) = [c for c in app.window.session.result.constats if c.code == "COMMUNE_NOM_INCOHERENT"]
    assert constat.gravite == "avertissement" and constat.message in label.text()
    assert "#8a5a00" in label.styleSheet() and "#a4161a" not in label.styleSheet()
    siret = page.fields["siret"]
    siret.setFocus()
    type_text(siret, "123")
    page.fields["adresse"].setFocus()
    assert "#a4161a" in page.problems["siret"].styleSheet()  # an error stays red


def test_the_window_says_what_it_imported_as_the_command_does(app, qtbot, tmp_path):
    """« Dossier importé. » named nothing; `socle-desktop import` says the collectivité, the
    project, its schools, lines and attachments (issue 16's sibling)."""
    source = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    page = app.window.library_page
    said = []
    page.status_message.connect(said.append)
    page.import_path(path)
    assert said[-1].startswith("Importé : Commune de Saint-Exemple-sur-Loire (EXEMPLE FICTIF), projet « Équiper ")
    assert ": 2 écoles, 13 lignes, 2 pièces jointes." in said[-1]
    assert said[-1].endswith("2 pièces jointes à joindre avant l'export."), said[-1]  # not beside the JSON
