"""Removing schools that lines refer to: asked by name, said afterwards, undone whole from any page."""

from PySide6.QtCore import QItemSelectionModel, Qt


def dossier_with_three_schools(app, qtbot):
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    session = app.window.session
    ecoles = []
    for name in ("École du Bourg", "École des Prés", "École du Lac"):
        ecole = session.add_ecole()
        session.edit("ecole", ecole.id, "nom", name)
        ecoles.append(ecole)
    for volet in ("equipement", "ressources"):
        ligne = session.add_ligne(volet, ecoles[1].id)
        session.edit("ligne", ligne.id, "prix_unitaire_ht_centimes", 50000)
    return session, ecoles


def test_removing_a_school_with_lines_names_it_and_undo_brings_all_back(app, qtbot, dialogs):
    session, _ecoles = dossier_with_three_schools(app, qtbot)
    editor = app.window.editor
    editor.show_page("ecoles")
    page = editor.pages["ecoles"]
    messages = []
    page.status_message.connect(messages.append)
    page.view.selectionModel().setCurrentIndex(page.model.index(1, 0), QItemSelectionModel.ClearAndSelect)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Delete)
    (question,) = dialogs.texts("question")
    assert "« École des Prés »" in question and "2 lignes de dépense" in question
    assert [e.nom for e in session.dossier.ecoles] == ["École du Bourg", "École du Lac"]
    assert session.dossier.lignes == []
    assert "« École des Prés »" in messages[-1] and "Ctrl+Z" in messages[-1]

    editor.show_page("synthese")
    app.window.undo_action.trigger()
    assert editor.current_key() == "ecoles", "undo showed another page than the schools"
    assert page.view.currentIndex().row() == 1
    assert [e.nom for e in session.dossier.ecoles] == ["École du Bourg", "École des Prés", "École du Lac"]
    assert {ligne.volet for ligne in session.dossier.lignes} == {"equipement", "ressources"}
    stored = app.library.load(session.dossier_id)
    assert [len(stored.ecoles), len(stored.lignes)] == [3, 2]

    app.window.redo_action.trigger()
    assert len(session.dossier.ecoles) == 2 and app.library.load(session.dossier_id).lignes == []


def test_answering_no_keeps_the_school_and_its_lines(app, qtbot, dialogs):
    from PySide6.QtWidgets import QMessageBox

    session, _ecoles = dossier_with_three_schools(app, qtbot)
    dialogs.answer = QMessageBox.No
    page = app.window.editor.pages["ecoles"]
    app.window.editor.show_page("ecoles")
    page.view.selectRow(1)
    qtbot.mouseClick(page.remove_button, Qt.LeftButton)
    assert len(session.dossier.ecoles) == 3 and len(session.dossier.lignes) == 2


def test_the_delete_key_on_a_school_without_lines_still_asks(app, qtbot, dialogs):
    from PySide6.QtWidgets import QMessageBox

    session, _ecoles = dossier_with_three_schools(app, qtbot)
    dialogs.answer = QMessageBox.No
    app.window.editor.show_page("ecoles")
    page = app.window.editor.pages["ecoles"]
    page.view.selectionModel().setCurrentIndex(page.model.index(0, 1), QItemSelectionModel.ClearAndSelect)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Delete)  # meant to clear a cell, as in a spreadsheet
    (question,) = dialogs.texts("question")
    assert "« École du Bourg »" in question
    assert len(session.dossier.ecoles) == 3


def test_deleting_lines_says_how_to_get_them_back(app, qtbot):
    session, _ecoles = dossier_with_three_schools(app, qtbot)
    app.window.editor.show_page("equipement")
    page = app.window.editor.pages["equipement"]
    messages = []
    page.status_message.connect(messages.append)
    page.view.selectRow(0)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert [ligne.volet for ligne in session.dossier.lignes] == ["ressources"]
    assert messages and "Ctrl+Z" in messages[-1]
