"""The typing path (issue 15): an edited line repaints its own row (and the rows whose findings
changed), not the whole table, and what it shows is never the previous figure."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from socle_desktop.domain.money import format_euros
from socle_desktop.gui import findings_index as fi


def open_demo(app, qtbot):
    qtbot.mouseClick(app.window.library_page.demo_button, Qt.LeftButton)
    editor = app.window.editor
    editor.show_page("equipement")
    return editor.pages["equipement"]


def watch_rows(model) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles=None: seen.append((first.row(), last.row())))
    return seen


def test_a_price_typed_repaints_its_row_with_the_new_ttc_and_totals(app, qtbot):
    page = open_demo(app, qtbot)
    model, session = page.model, app.window.session
    assert model.rowCount() > 2
    seen = watch_rows(model)
    row = 1
    model.setData(model.index(row, model.column_of("prix_unitaire_ht_centimes")), 123_456)
    ligne = model.ligne_at(row)
    assert ligne.prix_unitaire_ht_centimes == 123_456
    assert any(first <= row <= last for first, last in seen), seen  # the edited row is repainted
    assert all(last - first < model.rowCount() - 1 for first, last in seen), seen  # not the whole table
    ttc = model.data(model.index(row, model.column_of("ttc")))
    assert ttc == format_euros(session.result.lignes[ligne.id].ttc)
    assert format_euros(session.result.volets["equipement"].depense_ttc) in page.totals.text()


def test_a_finding_raised_by_typing_shows_on_its_row_at_once(app, qtbot):
    page = open_demo(app, qtbot)
    model = page.model
    seen = watch_rows(model)
    row = 0
    quantity = model.index(row, model.column_of("quantite"))
    model.setData(quantity, 0)
    assert any(first <= row <= last for first, last in seen), seen
    assert model.data(quantity, Qt.BackgroundRole) == fi.ERROR_BACKGROUND
    seen.clear()
    model.setData(quantity, 2)
    assert any(first <= row <= last for first, last in seen), seen
    assert model.data(quantity, Qt.BackgroundRole) is None


def test_moving_a_line_to_another_school_still_refreshes_the_whole_table(app, qtbot):
    page = open_demo(app, qtbot)
    model = page.model
    seen = watch_rows(model)
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    ecoles = app.window.session.dossier.ecoles
    row = 0
    other = next(e.id for e in ecoles if e.id != model.ligne_at(row).ecole)
    model.setData(model.index(row, model.column_of("ecole")), other)
    assert resets or (0, model.rowCount() - 1) in seen  # the groups may change: every row


def test_a_keystroke_leaves_the_hidden_pages_until_they_are_shown_and_they_never_show_old_figures(app, qtbot):
    """The nine other pages are not redrawn at each keystroke (issue 15); a page shown
    afterwards shows the dossier as it is, before it is painted."""
    page = open_demo(app, qtbot)
    editor, session = app.window.editor, app.window.session
    synthese, controles = editor.pages["synthese"], editor.pages["controles"]
    model = page.model
    for quantity in (3, 0, 7):  # the 0 raises an error finding, the 7 clears it
        model.setData(model.index(0, model.column_of("quantite")), quantity)
        assert synthese.isHidden() and synthese._deferred and controles._deferred  # kept, not run
    model.setData(model.index(0, model.column_of("quantite")), 0)
    editor.show_page("synthese")
    assert not synthese._deferred  # caught up on being shown
    assert format_euros(session.result.total.depense_ttc) in synthese.headline.text()
    editor.show_page("controles")
    assert not controles._deferred
    shown = [controles.tree.topLevelItem(n).text(1) for n in range(controles.tree.topLevelItemCount())]
    assert [c.message for c in session.result.constats if c.code == "QUANTITE_INVALIDE"] == \
        [text for text in shown if "doit être d'au moins 1" in text] != []


def test_the_totals_of_a_keystroke_do_not_lay_the_page_out_again(app, qtbot):
    """A new total in the footer changes its text only: the page's layout is not recomputed, nor
    those above it (with a QLabel it was, measuring the rich text again and again: nine tenths
    of the repaint of a typed price, issue 15), as long as the text needs the same room."""
    page = open_demo(app, qtbot)
    model = page.model
    column = model.column_of("prix_unitaire_ht_centimes")
    for price in (100_000, 100_010):  # the first keystrokes settle the footer's room
        model.setData(model.index(0, column), price)
        QApplication.processEvents()
    requests = []

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.LayoutRequest:
                requests.append(type(watched).__name__)
            return False

    watch = Watch()
    page.installEventFilter(watch)
    for price in (100_001, 100_002, 100_003):  # the same room: the digits of a UI font share one width
        before = page.totals.text()
        model.setData(model.index(0, column), price)
        assert page.totals.text() != before
        QApplication.processEvents()
    assert format_euros(app.window.session.result.volets["equipement"].depense_ttc) in page.totals.text()
    assert requests == []
