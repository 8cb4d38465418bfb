"""What a secretary types by accident in the tables: refused in place, said in French, never saved half."""

import pytest
from gui_helpers import column, type_in_cell, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def lignes(app, qtbot):
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    editor = app.window.editor
    ecole = app.window.session.add_ecole()
    app.window.session.add_ligne("equipement", ecole.id)
    editor.show_page("equipement")
    return editor.pages["equipement"]


@pytest.mark.parametrize("typed, centimes", [
    ("1 234,56", 123456), ("1234.56", 123456), ("12,50 €", 1250), ("1\u202f234,56\u00a0€", 123456),
    ("0", 0), ("999 999 999,99", 99999999999),
])
def test_amounts_a_person_types_are_read(app, qtbot, lignes, typed, centimes):
    type_in_cell(qtbot, lignes.view, 0, column(lignes, "prix_unitaire_ht_centimes"), typed)
    assert app.window.session.dossier.lignes[0].prix_unitaire_ht_centimes == centimes


@pytest.mark.parametrize("typed, reason", [
    ("12,345", "décimales"), ("abc", "n'est pas un montant"), ("1e5", "n'est pas un montant"),
    ("-5", "négatif"), ("12345678901234567890", "vérifiez le nombre de chiffres"),
    ("1.500", "écrivez 1 500"), ("12.500,00 €", "n'est pas un montant"),
])
def test_wrong_amounts_are_refused_in_place_and_nothing_is_stored(app, qtbot, lignes, typed, reason):
    messages = []
    lignes.status_message.connect(messages.append)
    cell = type_in_cell(qtbot, lignes.view, 0, column(lignes, "prix_unitaire_ht_centimes"), typed)
    assert cell.isVisible(), "the editor closed on a wrong amount"
    assert reason in cell.toolTip() and messages and reason in messages[-1]
    assert app.window.session.dossier.lignes[0].prix_unitaire_ht_centimes == 0
    qtbot.keyClick(cell, Qt.Key_Escape)
    assert app.window.saved_label.text().startswith("Enregistré"), "a refused amount broke the saving"
    stored = app.library.load(app.window.session.dossier_id)
    assert stored.lignes[0].prix_unitaire_ht_centimes == 0


def test_a_quantity_beyond_a_million_is_refused_with_the_reason(app, qtbot, lignes):
    messages = []
    lignes.status_message.connect(messages.append)
    type_in_cell(qtbot, lignes.view, 0, column(lignes, "quantite"), "999999999")
    assert messages and "Au plus 1\u202f000\u202f000" in messages[-1]
    assert app.window.session.dossier.lignes[0].quantite <= 1_000_000


def test_a_zero_quantity_is_kept_and_shown_as_an_error(app, qtbot, lignes):
    type_in_cell(qtbot, lignes.view, 0, column(lignes, "quantite"), "0")
    session = app.window.session
    assert session.dossier.lignes[0].quantite == 0
    assert any(c.code == "QUANTITE_INVALIDE" for c in session.result.constats)


def test_text_cell_editors_are_named_for_screen_readers(app, qtbot, lignes):
    from gui_helpers import cell_editor

    from socle_desktop.gui.pages.tables import select_cell

    select_cell(lignes.view, 0, column(lignes, "libelle"))
    lignes.view.edit(lignes.view.currentIndex())
    assert cell_editor(lignes.view).accessibleName() == "Libellé"
    type_text(cell_editor(lignes.view), "Tablettes")
    QApplication.processEvents()


def test_every_category_fits_its_column(app, qtbot, lignes):
    """Each category chosen fits its column (which is as wide as the categories in use, so the
    school and the label keep the rest of the room, issue 11)."""

    session = app.window.session
    (ligne,) = session.dossier.lignes
    metrics = lignes.view.fontMetrics()
    for code, label in session.rules.categories["equipement"].items():
        session.edit("ligne", ligne.id, "categorie", code)
        width = lignes.view.columnWidth(column(lignes, "categorie"))
        assert metrics.horizontalAdvance(label) <= width - 12, label


def test_a_long_school_name_is_cut_in_its_middle_not_at_its_end(app, qtbot, lignes):
    """Forty « École élémentaire publique … » must not all show the same start (issue 11)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    def option_of(index) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        lignes.view.initViewItemOption(option)  # as the view paints: its own elide mode first
        lignes.view.itemDelegateForIndex(index).initStyleOption(option, index)
        return option

    index = lignes.model.index(0, column(lignes, "ecole"))
    option = option_of(index)
    assert option.textElideMode == Qt.ElideMiddle
    label = option_of(lignes.model.index(0, column(lignes, "libelle")))
    assert label.textElideMode == lignes.view.textElideMode() == Qt.ElideRight  # the other columns keep Qt's way
