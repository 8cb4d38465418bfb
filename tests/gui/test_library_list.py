"""The library's list: the user's sort stays, names sort as in a French dictionary, the keyboard starts on it."""

import json

from PySide6.QtCore import Qt

from socle_desktop.resources import resource_path


def add(app, name):
    data = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    data["collectivite"]["raison_sociale"] = name
    return app.library.import_json(json.dumps(data))


def names(page):
    return [page.table.item(row, 0).text() for row in range(page.table.rowCount())]


def test_names_sort_like_a_dictionary_and_the_sort_survives_a_refresh(app, qtbot):
    for name in ("Zoé", "École de Fay", "Ecole d'Aurec", "abbaye de Chamalières", "Fay-sur-Lignon"):
        add(app, name)
    page = app.window.library_page
    page.refresh()
    page.table.horizontalHeader().sectionClicked.emit(0)  # what a click on « Collectivité » does
    page.table.sortByColumn(0, Qt.AscendingOrder)
    expected = ["abbaye de Chamalières", "Ecole d'Aurec", "École de Fay", "Fay-sur-Lignon", "Zoé"]
    assert names(page) == expected
    page.refresh()  # coming back from a dossier, after a duplicate, an import…
    assert names(page) == expected
    qtbot.mouseClick(page.duplicate_button, Qt.LeftButton)
    assert names(page)[0] == "abbaye de Chamalières" and len(names(page)) == 6


def test_etat_column_shows_the_whole_state(app):
    from socle_desktop.domain.model import Dossier

    app.library.create(Dossier())  # empty: errors, so « Brouillon (à corriger) »
    page = app.window.library_page
    page.refresh()
    item = page.table.item(0, 4)
    assert item.text() == "Brouillon (à corriger)"
    width = page.table.fontMetrics().horizontalAdvance(item.text())
    assert width < page.table.columnWidth(4) - 6, item.text()


def test_the_keyboard_starts_on_the_list_and_enter_opens_the_dossier(app, qtbot):
    dossier_id = add(app, "Commune de Clavier")
    window = app.restart()
    assert window.focusWidget() is window.library_page.table  # focused as soon as the window is active
    qtbot.keyClick(window.library_page.table, Qt.Key_Return)
    assert window.session is not None and window.session.dossier_id == dossier_id
